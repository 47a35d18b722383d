"""holds_post: a person and the posts written before (or after) the name.

``江苏省委常委、苏州市委书记周乃翔`` is a title chain: posts separated by 、, each made
of a body and a title.  A post with no body of its own keeps the body of the post before
it (``党总支书记、总经理``: the 总经理 of the company the 党总支 belongs to).  A body
written as an anaphor (``该镇党委``, ``集团党委``, ``公司``) is completed from the place or
company named last before the sentence; such evidence is marked ``by_context``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge.lexicon import alternation, pairs, party_titles, title_endings, words
from ..model import Entity, EntityType, RelationType, Sentence
from .anaphora import names_no_body, referent
from .found import Found
from .text import CLAUSE_END, COMMA, is_cjk_word, strip_quotes
from .view import ArticleView, Span

__all__ = ["find_posts", "is_title", "split_party_organ"]

_CHAIN_BREAK = CLAUSE_END | COMMA | frozenset(":：(（)）")
_MAX_TITLE = 12
_NATIONAL_TITLE_REACH = 6  # characters after a name a national title (总书记) may take
_BODY_TYPES = (EntityType.ORGANISATION, EntityType.PLACE)


@dataclass(frozen=True)
class _Post:
    body: Entity
    title: str
    rule: str
    by_context: bool = False


def is_title(text: str) -> bool:
    """True when ``text`` reads as a post title (``行业发展科科长``, ``首席战略官``).

    >>> is_title("行业发展科科长"), is_title("记者")
    (True, False)
    """
    return is_cjk_word(text) and len(text) <= _MAX_TITLE and any(text.endswith(w) for w in title_endings())


def split_party_organ(title: str) -> tuple[str, str]:
    """``党委书记`` -> (``党委``, ``书记``); a title without a party organ -> ("", title)."""
    for organ in words("party_organs"):
        if title.startswith(organ) and len(title) > len(organ):
            return organ, title[len(organ) :]
    return "", title


@lru_cache(maxsize=1)
def _after_name() -> re.Pattern:
    """A post given after the name: ``,现任…`` / ``担任…`` (post_verbs.txt) / ``(…)``."""
    return re.compile(rf"[,，]?(?:{alternation('post_verbs')})|[(（]")


def find_posts(view: ArticleView) -> Iterator[Found]:
    for sentence in view.sentences:
        persons = view.spans_in(sentence.start, sentence.end, (EntityType.PERSON,))
        for person in persons:
            yield from _chain_posts(view, sentence, person)
            yield from _posts_after_name(view, sentence, person)
            yield from _national_posts(view, sentence, person)


# --- title chains before a name ----------------------------------------------------
def _chain_found(
    view: ArticleView, sentence: Sentence, person: Span, start: int, end: int, rule: str
) -> Iterator[Found]:
    """A post per title segment of ``[start, end)``; a segment naming no body takes the previous one's."""
    previous: _Post | None = None
    for seg_start, seg_end in _segments(view.text, start, end):
        post = _segment_post(view, seg_start, seg_end, previous)
        if post is None:
            continue
        previous = post
        found_rule = post.rule.replace("title_chain", rule)
        body, title = post.body.key, post.title
        yield Found(person.key, RelationType.HOLDS_POST, body, sentence, found_rule, post.by_context, title)


def _chain_posts(view: ArticleView, sentence: Sentence, person: Span) -> Iterator[Found]:
    start = _chain_start(view, sentence, person)
    yield from _chain_found(view, sentence, person, start, person.start, "title_chain")


def _chain_start(view: ArticleView, sentence: Sentence, person: Span) -> int:
    i = person.start
    earlier = view.last_before(person.start, lambda s: s.type is EntityType.PERSON)
    floor = max(sentence.start, earlier.end if earlier else sentence.start)
    while i > floor and view.text[i - 1] not in _CHAIN_BREAK:
        i -= 1
    return i


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, i = [], start
    for j in range(start, end + 1):
        if j == end or text[j] == "、":
            if j > i:
                out.append((i, j))
            i = j + 1
    return out


def _segment_post(view: ArticleView, start: int, end: int, previous: _Post | None) -> _Post | None:
    spans = [s for s in view.spans_in(start, end) if not names_no_body(s.entity)]
    bodies = [s for s in spans if s.type in _BODY_TYPES]
    if bodies:
        return _named_post(view, bodies[-1], view.text[bodies[-1].end : end])
    text = strip_quotes(view.text[start:end])
    if spans:
        return None
    anaphoric = _anaphor_post(view, start, text)
    if anaphoric is not None or previous is None or not is_title(text):
        return anaphoric
    return _inherited_post(view, previous, text)


def _named_post(view: ArticleView, body: Span, title: str) -> _Post | None:
    if not is_title(title):
        return None
    if body.type is EntityType.ORGANISATION:
        return _with_organ(view, body.entity, title, "holds_post:title_chain", by_context=False)
    organ, rest = split_party_organ(title)
    unit = _unit_named(view, body.entity, organ) if organ else None
    if unit is None or not is_title(rest):
        return None
    return _Post(unit, rest, "holds_post:title_chain", False)


def _with_organ(view: ArticleView, body: Entity, title: str, rule: str, *, by_context: bool) -> _Post:
    """``X党委书记``: the 书记 of ``X党委`` when the article names it, else the 党委书记 of X."""
    organ, rest = split_party_organ(title)
    unit = _unit_named(view, body, organ) if organ else None
    if unit is not None and is_title(rest):
        return _Post(unit, rest, rule, by_context)
    return _Post(body, title, rule, by_context)


def _unit_named(view: ArticleView, body: Entity, organ: str) -> Entity | None:
    for form in (body.name, *body.aliases):
        unit = view.entity_named(form + organ, (EntityType.ORGANISATION,))
        if unit is not None:
            return unit
    return None


def _anaphor_post(view: ArticleView, start: int, text: str) -> _Post | None:
    for word, _ in pairs("anaphors"):
        title = text[len(word) :]
        if not (text.startswith(word) and is_title(title)):
            continue
        body = referent(view, start, word)
        if body is None:
            return None
        post = _with_organ(view, body, title, f"holds_post:anaphor({word})", by_context=True)
        # A place holds no post: 该镇党委书记 needs the article to name that 党委.
        return post if post.body.type is EntityType.ORGANISATION else None
    return None


def _inherited_post(view: ArticleView, previous: _Post, title: str) -> _Post:
    """A bare title keeps the body before it; a non-party title leaves a party organ for its body."""
    body = previous.body
    if not any(w in title for w in party_titles()):
        body = _organ_owner(view, body) or body
    return _Post(body, title, "holds_post:chain_inherit", previous.by_context)


def _organ_owner(view: ArticleView, unit: Entity) -> Entity | None:
    for form in (unit.name, *unit.aliases):
        for organ in words("party_organs"):
            if form.endswith(organ) and len(form) > len(organ):
                owner = view.entity_named(form[: -len(organ)], (EntityType.ORGANISATION,))
                if owner is not None:
                    return owner
    return None


# --- posts after a name: 张三,现任杭州市委书记 / 张三(杭州市委书记) -------------------------------
def _posts_after_name(view: ArticleView, sentence: Sentence, person: Span) -> Iterator[Found]:
    opener = _after_name().match(view.text, person.end, sentence.end)
    if opener is None:
        return
    end = opener.end()
    while end < sentence.end and view.text[end] not in _CHAIN_BREAK:
        end += 1
    yield from _chain_found(view, sentence, person, opener.end(), end, "title_after_name")


# --- titles after a name: 习近平总书记 ------------------------------------------------
def _national_posts(view: ArticleView, sentence: Sentence, person: Span) -> Iterator[Found]:
    after = view.text[person.end : person.end + _NATIONAL_TITLE_REACH]
    for title, forms in pairs("national_posts"):
        if not after.startswith(title):
            continue
        body = next((e for f in forms if (e := view.entity_named(f, (EntityType.ORGANISATION,)))), None)
        if body is None:
            continue
        named = any(s.key == body.key for s in view.spans_in(sentence.start, sentence.end))
        yield Found(
            person.key,
            RelationType.HOLDS_POST,
            body.key,
            sentence,
            "holds_post:title_after_name",
            not named,
            title,
        )
        return
