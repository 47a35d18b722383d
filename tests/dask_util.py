"""A per-article function for the Dask tests that really kills the worker process on one article.

It lives in a module of its own, not in a test file, so Dask's worker processes
import it by name (they start with the test run's ``sys.path``).
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

from graph import pipeline
from graph.clean import clean_article
from graph.model import ExtractionRecord, RawArticle


def cleaned_only(raw: RawArticle) -> ExtractionRecord:
    """The real cleaning, no models: a record a test can build in milliseconds."""
    return ExtractionRecord(clean_article(raw), (), (), (("clean", 0.001),), pipeline.EXTRACTOR_VERSION)


@dataclass(frozen=True)
class KillWorkerOn:
    """``cleaned_only``, but SIGKILLs its own worker process (as the OOM killer would) on ``doc_id``.

    ``once``: a file; the first worker to reach the article creates it and dies,
    the next try finds it and extracts.  Without it every try dies.
    """

    doc_id: str
    once: str | None = None

    def __call__(self, raw: RawArticle) -> ExtractionRecord:
        if raw.doc_id == self.doc_id and self._first_try():
            os.kill(os.getpid(), signal.SIGKILL)
        return cleaned_only(raw)

    def _first_try(self) -> bool:
        if self.once is None:
            return True
        try:
            Path(self.once).touch(exist_ok=False)
        except FileExistsError:
            return False
        return True
