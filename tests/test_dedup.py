"""The duplicate key: whitespace, punctuation and symbols gone, width folded, lower case."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.corpus.dedup import dedup_key


def _by_definition(text: str) -> str:
    """The key as its docstring defines it, one regular expression at a time."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    dropped = "".join(c for c in folded if unicodedata.category(c).startswith(("P", "S")))
    return "".join(c for c in folded if c not in dropped).lower()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_the_key_is_its_definition_on_any_text(text):
    assert dedup_key(text) == _by_definition(text)


def test_copies_that_differ_in_spacing_width_and_punctuation_share_a_key():
    assert dedup_key("苏州， 吴江区\u3000ＡＢＣ！") == dedup_key("苏州吴江区abc") == "苏州吴江区abc"
    assert dedup_key("苏州吴江区") != dedup_key("苏州吴中区")
