"""runs and part_of: who carries out a programme, and which programme a programme belongs to.

A programme is run by the subject of the clause that launches it (``吴江提出实施“融入式
党建”创新工程``), by the place or body written right before it (``吴中区“东吴先锋”创新服务
特派员``), or, when no sentence names a runner, by the article's main place (most programmes
of an article about 吴江区 are 吴江区's), marked ``by_context``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..entities.quoted import scheme_components
from ..entities.quotes import find_quotes
from ..knowledge.lexicon import alternation, pairs, title_endings, words
from ..model import Entity, EntityType, RelationType, Sentence
from .anaphora import generic_parts, referent
from .found import Found
from .syntax import clause_start, group_after, subject_group, verb_between
from .text import strip_quotes
from .view import ArticleView, Span

__all__ = ["find_actions", "find_runs", "find_parts"]

PROGRAMME = EntityType.PROGRAMME
_ANAPHOR_REACH = 6  # characters a comma clause may open with before its anaphor (为了…,社区还…)
_ACTORS = (EntityType.ORGANISATION, EntityType.PLACE)
# “三联”工作法: / “四联”(…) / …包括: a short head noun, then the list opens
_LIST_OPENER = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:[:：(（]|包括|即)$")


def find_actions(view: ArticleView) -> Iterator[Found]:
    yield from find_runs(view)
    yield from find_parts(view)


# --- runs ------------------------------------------------------------------------------
def find_runs(view: ArticleView) -> Iterator[Found]:
    subject = view.subject
    for programme in view.entities:
        if programme.type is not PROGRAMME:
            continue
        explicit: list[Found] = []
        for span in view.spans_of(programme.key):
            found = _runners(view, span)
            explicit += found
            sentence = view.sentence_at(span.start)
            if not found and subject is not None and sentence is not None:
                # no runner named where the programme is written: the article's own place or body
                # (a mention elsewhere may name another: 在回龙村“打平伙”食堂 / 推行“打平伙”食堂)
                yield Found(
                    subject.key, RelationType.RUNS, programme.key, sentence, "runs:article_subject", True
                )
        yield from explicit
        yield from _nested_runs(view, explicit)


def _runners(view: ArticleView, span: Span) -> list[Found]:
    sentence = view.sentence_at(span.start)
    if sentence is None:
        return []
    found = _possessor(view, sentence, span)
    return found or _clause_subject(view, sentence, span)


def _possessor(view: ArticleView, sentence: Sentence, span: Span) -> list[Found]:
    """``吴中区“东吴先锋”``, ``在吴江“263”专项行动中``: a place or body written just before.

    The programme must be set off (quoted, or after 的): in ``吴中环太湖科创圈先锋聚能行动``
    the place is part of the programme's name, not its runner.
    """
    before = view.spans_in(sentence.start, span.start)
    if not before or before[-1].type not in _ACTORS:
        return []
    gap = view.text[before[-1].end : span.start]
    if strip_quotes(gap) not in ("", "的") or not (gap or span.text[:1] in "“《"):
        return []
    return [Found(before[-1].key, RelationType.RUNS, span.key, sentence, "runs:possessor")]


def _clause_subject(view: ArticleView, sentence: Sentence, span: Span) -> list[Found]:
    """The subject of the clause that launches the programme.

    Chinese chains comma clauses under one subject (``X以…为依托,…,面向Y开展“甲”``), so the
    subject is the actor opening the nearest comma clause before the programme that has one,
    back to the sentence's start: a clause opened by a person (``…运营总监孙静,主动认领“甲”``)
    names no body.
    """
    start = clause_start(view, span.start, sentence.start)
    led = _led_by(view, sentence, start, span)
    if led:
        return led
    for opening in reversed(_comma_clauses(view.text, start, span.start)):
        opener = _opener(view, opening, span.start)
        if opener is None:
            continue
        if opener[0].type is EntityType.PERSON or not _launched(view, opener[-1].end, span.start):
            return []
        return [f for m in opener if (f := _subject_runs(view, sentence, m, span)) is not None]
    if _launched(view, start, span.start):
        runner, word = _anaphoric_subject(view, start, span.start)
        if runner is not None:
            return [
                Found(
                    runner.key, RelationType.RUNS, span.key, sentence, f"runs:anaphoric_subject({word})", True
                )
            ]
    return _located_at(view, sentence, start, span)


_LED_BY = re.compile(r"由(?P<body>[^,，。;；由]{2,30}?)(?:牵头|负责|主办|承办|组织|发起|统筹)")


def _led_by(view: ArticleView, sentence: Sentence, start: int, span: Span) -> list[Found]:
    """由街区党组织牵头走访 / 由X牵头,开展“甲”: the body after 由 and before 牵头 runs it."""
    found = []
    for match in _LED_BY.finditer(view.text, start, span.start):
        bodies = view.spans_in(match.start("body"), match.end("body"), _ACTORS)
        if bodies and bodies[0].start == match.start("body"):
            found = [
                Found(b.key, RelationType.RUNS, span.key, sentence, "runs:led_by")
                for b in group_after(view, bodies, 0)
            ]
    return found


def _opener(view: ArticleView, opening: int, end: int) -> list[Span] | None:
    """The actor group (or the person) a comma clause opens with, or None.

    The group must stand at the clause's start, maybe after an adverb (同时, 还): one after a
    verb is its object (带领黎里、金泽…六镇).
    """
    group = subject_group(view, opening, end, (*_ACTORS, EntityType.PERSON))
    if not group:
        return None
    lead = strip_quotes(view.text[opening : group[0].start]).strip(" ")
    if lead and lead not in words("clause_adverbs"):
        return None
    person = next(
        (
            s
            for s in view.spans_in(group[-1].end, end, (EntityType.PERSON,))
            if _titled(view, s) or not _launched(view, group[-1].end, s.start)
        ),
        None,
    )
    if group[0].type is EntityType.PERSON or person is not None:
        return [person or group[0]]  # X单位的运营总监孙静: the person acts, not the body
    return group


def _titled(view: ArticleView, person: Span) -> bool:
    """运营总监孙静: a person named after a title is who acts (the title's words are no verbs)."""
    before = view.text[max(0, person.start - 6) : person.start]
    return any(before.endswith(t) for t in title_endings())


def _located_at(view: ArticleView, sentence: Sentence, start: int, span: Span) -> list[Found]:
    """``在九井镇回龙村,…开办“打平伙”食堂``: with no subject, the place the clause opens in runs it."""
    match = re.match(rf"(?:{alternation('clause_adverbs')})?在", view.text[start : span.start])
    if match is None:
        return []  # (居住在X: 在 after a verb places a person, not the programme)
    places = view.spans_in(start + match.end(), span.start, (EntityType.PLACE,))
    if not places or places[0].start != start + match.end():
        return []
    inner = places[0]
    for nxt in places[1:]:  # 在城南街道家天下社区: the innermost of places written together
        if nxt.start != inner.end:
            break
        inner = nxt
    return [Found(inner.key, RelationType.RUNS, span.key, sentence, "runs:located_at")]


def _subject_runs(view: ArticleView, sentence: Sentence, subject: Span, span: Span) -> Found | None:
    """The subject runs the programme; a generic subject (社区党委) through what it points to."""
    parts = generic_parts(subject.entity.name)
    if parts is None:
        return Found(subject.key, RelationType.RUNS, span.key, sentence, "runs:clause_subject")
    head, organ = parts
    runner = referent(view, subject.start, head) if head else None
    if runner is None:
        return None
    unit = view.entity_named(runner.name + organ, (EntityType.ORGANISATION,)) if organ else None
    return Found(
        (unit or runner).key, RelationType.RUNS, span.key, sentence, f"runs:anaphoric_subject({head})", True
    )


def _launched(view: ArticleView, start: int, end: int) -> bool:
    """A launch verb stands in ``text[start:end]`` (or the programme is what the subject works
    through: 以“X”品牌为依托), and no verb of joining (加入X建设的Y)."""
    if verb_between(view, start, end, "join_verbs") is not None:
        return False
    return verb_between(view, start, end, "launch_verbs") is not None or _framed(view, end)


_FRAME = re.compile(r"[^,，。;；]{0,8}?为(?:依托|抓手|载体|牵引|平台|引领|主线|统领|核心)")


def _framed(view: ArticleView, offset: int) -> bool:
    """以“康养助老先锋”党建品牌为依托: the subject works through the programme written at ``offset``."""
    before = view.text[max(0, offset - 3) : offset]
    span = next((s for s in view.spans if s.start == offset), None)
    return span is not None and "以" in before and _FRAME.match(view.text, span.end) is not None


def _anaphoric_subject(view: ArticleView, start: int, end: int) -> tuple[Entity | None, str]:
    """``为了…,社区还专门打造…``: a comma clause opens with a word pointing back to a place or body."""
    for opening in reversed(_comma_clauses(view.text, start, end)):
        for word, _ in pairs("anaphors"):
            if strip_quotes(view.text[opening : opening + _ANAPHOR_REACH]).startswith(word):
                return referent(view, opening, word), word
    return None, ""


def _comma_clauses(text: str, start: int, end: int) -> list[int]:
    return [start] + [i + 1 for i in range(start, end) if text[i] in ",，"]


def _nested_runs(view: ArticleView, explicit: list[Found]) -> Iterator[Found]:
    """Who runs ``《关于建立…“书记项目”的通知》`` also runs the 书记项目 named inside it."""
    for found in explicit:
        programme = view.by_key[found.tail]
        for inner in _programmes_inside(view, programme, found.sentence):
            yield Found(found.head, RelationType.RUNS, inner.key, found.sentence, "runs:named_inside")


def _programmes_inside(view: ArticleView, programme: Entity, sentence: Sentence) -> list[Entity]:
    """Programmes named inside a written form of ``programme``, longest names first, not nested."""
    inside: list[Entity] = []
    for span in view.spans_in(sentence.start, sentence.end):
        if span.key != programme.key:
            continue
        i = 1
        while i < len(span.text):
            match = view.form_at(span.text, i, programme.key)
            if match is not None and match[1].type is PROGRAMME:
                inside.append(match[1])
                i += len(match[0])
            else:
                i += 1
    return sorted(set(inside), key=lambda e: e.key)


# --- part_of -----------------------------------------------------------------------------
def find_parts(view: ArticleView) -> Iterator[Found]:
    yield from _scheme_parts(view)
    yield from _name_prefix_parts(view)
    yield from _qualified_parts(view)
    yield from _enumerated_parts(view)
    yield from _built_within_parts(view)


def _scheme_parts(view: ArticleView) -> Iterator[Found]:
    """The named parts of a numbered scheme, listed as many as its name announces
    (推出“小板凳”…、“小铃铛”…的“四小工作法”): each is part of the scheme."""
    for components in scheme_components(view.text, tuple(find_quotes(view.text))):
        scheme = _span_within(view, components.scheme.inner_start, components.scheme.inner_end)
        sentence = view.sentence_at(components.scheme.start)
        if scheme is None or scheme.type is not PROGRAMME or sentence is None:
            continue
        for start, end in components.parts:
            part = _span_within(view, start, end)
            if part is not None and part.type is PROGRAMME and part.key != scheme.key:
                yield Found(part.key, RelationType.PART_OF, scheme.key, sentence, "part_of:scheme_component")


def _span_within(view: ArticleView, start: int, end: int) -> Span | None:
    """The entity span covering ``text[start:end]`` (a quote's inner text, maybe with its marks)."""
    for span in view.spans_in(max(0, start - 1), min(len(view.text), end + 12)):
        if span.start <= start and end <= span.end:
            return span
    return None


def _name_prefix_parts(view: ArticleView) -> Iterator[Found]:
    """``融入式党建“书记项目”``, ``“东吴先锋”创新服务特派员``: named after the larger programme."""
    for entity in view.entities:
        if entity.type is not PROGRAMME:
            continue
        for span in view.spans_of(entity.key):
            pieces, rest = view.decompose(span.text, own_key=entity.key)
            if pieces and rest and pieces[0].type is PROGRAMME:
                sentence = view.sentence_at(span.start)
                if sentence is not None:
                    yield Found(
                        entity.key, RelationType.PART_OF, pieces[0].key, sentence, "part_of:name_prefix"
                    )


def _qualified_parts(view: ArticleView) -> Iterator[Found]:
    """``融入式党建“书记项目”`` written as two mentions: the quoted one is part of the one before."""
    for sentence in view.sentences:
        spans = view.spans_in(sentence.start, sentence.end)
        for a, b in zip(spans, spans[1:]):
            gap = view.text[a.end : b.start]
            quoted = "“" in gap or b.text.startswith("“")
            # “暖村日”“暖村沙龙”: two quoted names side by side are a list, not a qualified name
            listed = (a.text + gap).rstrip("“").endswith("”")
            if (
                a.type is b.type is PROGRAMME
                and quoted
                and not listed
                and strip_quotes(gap) == ""
                and a.key != b.key
            ):
                yield Found(b.key, RelationType.PART_OF, a.key, sentence, "part_of:qualified_name")


def _enumerated_parts(view: ArticleView) -> Iterator[Found]:
    """``“四联”:联动攻坚、联席会办…``: a list of programmes right after a programme."""
    for sentence in view.sentences:
        spans = view.spans_in(sentence.start, sentence.end)
        for i, head in enumerate(spans):
            if head.type is not PROGRAMME:
                continue
            for part in _listed_after(view, spans, i):
                yield Found(part.key, RelationType.PART_OF, head.key, sentence, "part_of:enumeration")


def _listed_after(view: ArticleView, spans: list[Span], i: int) -> list[Span]:
    opener = strip_quotes(view.text[spans[i].end : spans[i + 1].start]) if i + 1 < len(spans) else ""
    if not _LIST_OPENER.match(opener):
        return []
    parts = []
    for j in range(i + 1, len(spans)):
        gap = strip_quotes(view.text[spans[j - 1].end : spans[j].start])
        if spans[j].type is not PROGRAMME or (j > i + 1 and gap not in ("、", ",", "，")):
            break
        parts.append(spans[j])
    return parts if len(parts) >= 2 else []


def _built_within_parts(view: ArticleView) -> Iterator[Found]:
    """``启动“A”工程,由…组建“B”``: B is built as part of the programme launched before it."""
    launch = re.compile(rf"(?:{alternation('launch_verbs')})$")
    build = re.compile(rf"(?:{alternation('set_up_verbs', 'within')})$")
    for sentence in view.sentences:
        programmes = view.spans_in(sentence.start, sentence.end, (PROGRAMME,))
        for a, b in zip(programmes, programmes[1:]):
            before_a = strip_quotes(view.text[max(sentence.start, a.start - 4) : a.start])
            before_b = strip_quotes(view.text[max(a.end, b.start - 4) : b.start])
            between = view.text[a.end : b.start]
            if launch.search(before_a) and build.search(before_b) and ("," in between or "，" in between):
                yield Found(b.key, RelationType.PART_OF, a.key, sentence, "part_of:built_within")
