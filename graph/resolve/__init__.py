"""Article-level entities: mentions grouped by what they name, with canonical names and keys.

* Places lose parent-place prefixes (苏州市吴江区 -> 吴江区) and are linked to the
  gazetteer, ambiguous short names settled by the article's other places; every
  form of one division is one entity keyed ``place:<adcode>``.  The name is the
  fullest form the article uses (吴江区 when it says so, else 吴江).
* Organisations lose parent-place prefixes before another place (苏州市姑苏区沧浪街道党工委
  -> 沧浪街道党工委) and quotation marks; a short company name (亨通) joins the full one
  (亨通集团) that starts with it.
* Programmes lose quotation marks and 《》; forms built on one quoted name
  (“融入式党建”, “融入式党建”品牌) are one programme named by its most used form.
* Persons: LAC's cut-short names (崔根 beside 崔根良) join the full name; the
  article's authors and editors are persons too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from ..entities.pieces import CORE, PLACE_NAME, PLACE_SUFFIX, split_word
from ..knowledge import gazetteer, lexicon
from ..model import (
    Document,
    Entity,
    EntityType,
    Mention,
    Sentence,
    entity_key,
    key_adcode,
    key_kind,
    key_name,
    place_key,
)

__all__ = ["resolve_document", "strip_parent_places", "canonical_form", "link_places"]

_MARKS = re.compile(r"[“”《》「」\"]|^‘|’$")
_PAREN_TAIL = re.compile(r"[(（][^()（）]*[)）]$")
_QUOTE_CORE = re.compile(r"“([^“”]+)”|「([^「」]+)」")


def strip_parent_places(name: str, kind: str = "LOC") -> str:
    """Drop leading places that are parents of a place that follows.

    >>> strip_parent_places("苏州市姑苏区沧浪街道党工委", "ORG"), strip_parent_places("苏州市委", "ORG")
    ('沧浪街道党工委', '苏州市委')
    >>> strip_parent_places("城南街道家天下社区")
    '家天下社区'
    """
    while True:
        segments = split_word(name, kind)
        first = _first_unit(segments)
        if first is None or first >= len(segments) or _first_unit(segments[first:]) is None:
            return name
        if segments[first].sub == "short" and kind == "ORG":
            return name  # 吴江东方国资: a short place name inside a company name is its own
        name = name[segments[first].start :]


def _first_unit(segments: list) -> int | None:
    """Number of segments of the leading place (吴江区; 横泾 街道), or None when none leads."""
    if not segments:
        return None
    if segments[0].kind == PLACE_NAME:
        return (
            2
            if len(segments) > 1
            and segments[1].kind == PLACE_SUFFIX
            and segments[1].sub not in ("zone", "landmark")
            else 1
        )
    if (
        len(segments) >= 2
        and segments[0].kind == CORE
        and segments[0].end - segments[0].start >= 2
        and segments[1].kind == PLACE_SUFFIX
        and segments[1].sub in ("town", "community", "village")
    ):
        return 2
    return None


def canonical_form(mention: Mention) -> str:
    """The name a mention gives, without marks and parent places."""
    return _canonical_form(mention.text, mention.type, mention.rule == "org.shared_suffix")


@lru_cache(maxsize=65536)
def _canonical_form(text: str, kind: EntityType, shared_suffix: bool) -> str:
    # Cached: asked several times for each mention (grouping, place links, names), and
    # stripping parent places cuts the name up each time.
    if shared_suffix:  # 市、区科技局 -> 市科技局
        return text[0] + text[3:]
    text = _MARKS.sub("", text)
    if kind is EntityType.PLACE:
        return strip_parent_places(text, "LOC")
    if kind is EntityType.ORGANISATION:
        return strip_parent_places(text, "ORG")
    return text.strip()


def _keys(groups: dict[str, list[Mention]], kind: EntityType) -> list[str]:
    """The keys of ``groups`` naming entities of ``kind``, sorted."""
    return sorted(k for k in groups if key_kind(k) is kind)


def _group_key(mention: Mention) -> str:
    if mention.type is EntityType.PROGRAMME:
        core = _QUOTE_CORE.search(mention.text)
        if core and mention.text.startswith(("“", "「")):
            return entity_key(EntityType.PROGRAMME, next(g for g in core.groups() if g))
    return entity_key(mention.type, canonical_form(mention))


def _gazetteer_form(form: str) -> str:
    """苏州城 names the city 苏州."""
    if form.endswith("城") and len(form) >= 3 and gazetteer.candidates(form[:-1])[0]:
        return form[:-1]
    return form


def link_places(forms: Iterable[str], weak: frozenset[str] = frozenset()) -> dict[str, gazetteer.Place]:
    """Gazetteer places of an article's place names, ambiguous ones settled by the others.

    The context is what the article names unambiguously by official name, or by the
    short name of a province or city; a county-level short name that is far from all
    of it (惠民 in an article about Suzhou) is left unlinked.
    """
    forms = sorted(set(forms))
    context = frozenset(
        found[0].adcode
        for f in forms
        if f not in weak
        if len(found := _unique_context(_gazetteer_form(f))) == 1
    )
    linked = {}
    for form in forms:
        found, official = gazetteer.candidates(_gazetteer_form(form))
        if not found:
            continue
        place = gazetteer.lookup_place(_gazetteer_form(form), context)
        far = context and gazetteer.context_rank(place, context) == 2
        # A short name only seen inside a programme's name (“玉林邻里汇” in Chengdu) names
        # the programme, not a city in another province.
        if not official and far and (place.level == "district" or form in weak):
            continue
        linked[form] = place
    return linked


def _unique_context(form: str) -> tuple:
    found, official = gazetteer.candidates(form)
    if len(found) == 1 and (official or found[0].level != "district"):
        return found
    return ()


def _unlinked_short_name(mention: Mention, place_links: dict, weak: frozenset[str]) -> bool:
    """惠民, 江南: a county's short name far from the article's places is a common word here
    (a lake or river keeps its name: 太湖)."""
    if mention.type is not EntityType.PLACE:
        return False
    form = canonical_form(mention)
    if mention.rule != "place.gazetteer" and form not in weak:
        return False
    found, official = gazetteer.candidates(form)
    return (
        bool(found)
        and not official
        and form not in place_links
        and not form.endswith(lexicon.place_endings("natural"))
    )


def _only_inside_programmes(mentions: Sequence[Mention]) -> frozenset[str]:
    """Place forms every mention of which lies inside a programme mention."""
    programmes = [(m.start, m.end) for m in mentions if m.type is EntityType.PROGRAMME]
    inside: dict[str, bool] = {}
    for m in mentions:
        if m.type is EntityType.PLACE:
            nested = any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in programmes)
            inside[canonical_form(m)] = inside.get(canonical_form(m), True) and nested
    return frozenset(form for form, nested in inside.items() if nested)


def resolve_document(
    doc: Document, mentions: Sequence[Mention], sentences: Sequence[Sentence] = ()
) -> tuple[Entity, ...]:
    """Article-level entities of ``doc``, sorted by key."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    weak = _only_inside_programmes(mentions)
    place_links = link_places((canonical_form(m) for m in mentions if m.type is EntityType.PLACE), weak)
    for mention in mentions:
        if _unlinked_short_name(mention, place_links, weak):
            continue
        key = _group_key(mention)
        if mention.type is EntityType.PLACE and canonical_form(mention) in place_links:
            key = place_key(place_links[canonical_form(mention)].adcode)
        groups[key].append(mention)
    _merge_short_names(groups)
    _merge_town_short_forms(groups)
    _merge_spaced_names(groups)
    _merge_place_prefixed(doc, groups)
    _merge_level_bodies(groups)
    _merge_national_forms(groups)
    entities = [_entity(doc, key, group, place_links) for key, group in groups.items()]
    entities += _meta_persons(doc, {e.name for e in entities if e.type is EntityType.PERSON})
    entities += _meta_source(doc, {e.name for e in entities if e.type is EntityType.ORGANISATION})
    return tuple(sorted(entities, key=lambda e: e.key))


def _merge_national_forms(groups: dict[str, list[Mention]]) -> None:
    """中华人民共和国 -> 中国; 外交部 -> 中国外交部, 中央政治局 -> 中共中央政治局: one thing
    written with and without the country's name."""
    for key in _keys(groups, EntityType.PLACE):
        short = lexicon.country_forms().get(key_name(key))
        target = entity_key(EntityType.PLACE, short) if short is not None else None
        if target in groups and key in groups:
            groups[target].extend(groups.pop(key))
    for key in _keys(groups, EntityType.ORGANISATION):
        name = key_name(key)
        fuller = [
            k
            for p in lexicon.national_prefixes()
            if (k := entity_key(EntityType.ORGANISATION, p + name)) in groups
        ]
        if len(fuller) == 1 and key in groups and len(name) >= 2:
            groups[fuller[0]].extend(groups.pop(key))


_LEVEL_OF_CHAR = {"省": "province", "市": "city", "区": "district", "县": "district"}


def _merge_level_bodies(groups: dict[str, list[Mention]]) -> None:
    """市委 -> 苏州市委, 区发改委 -> 吴江区发改委: a body named by a bare level word is the body
    of that level's place when the article writes the full name (and only one fits)."""
    places = [
        p for k in groups if (code := key_adcode(k)) if (p := gazetteer.place_by_adcode(code)) is not None
    ]
    for key in _keys(groups, EntityType.ORGANISATION):
        name = key_name(key)
        level = _LEVEL_OF_CHAR.get(name[:1])
        if level is None or len(name) < 2:
            continue
        targets = {
            entity_key(EntityType.ORGANISATION, p.name[:-1] + name)
            for p in places
            if p.level == level and p.name.endswith(name[0])
        } & set(groups)
        if len(targets) == 1 and key in groups:
            groups[targets.pop()].extend(groups.pop(key))


def _merge_short_names(groups: dict[str, list[Mention]]) -> None:
    """亨通 -> 亨通集团, 崔根 -> 崔根良: a short name joins the one longer name built on it."""
    for kind, target_kind in (
        (EntityType.ORGANISATION, lexicon.company_suffixes("merge")),
        (EntityType.PERSON, None),
    ):
        names = _keys(groups, kind)
        bases_of = _possible_bases(names, target_kind)
        for key in names:
            short = key_name(key)
            longer = [k for k in bases_of(key) if k != key and _builds_on(key_name(k), short, target_kind)]
            if len(longer) >= 1 and key in groups:
                target = min(longer, key=lambda k: (len(k), k))
                if target in groups:
                    groups[target].extend(groups.pop(key))


def _possible_bases(names: list[str], endings: tuple[str, ...] | None) -> Callable[[str], list[str]]:
    """For a key, the only keys among ``names`` that ``_builds_on`` can accept for it.

    Testing these instead of every pair keeps an article with many names from costing n^2.
    """
    if endings is None:  # persons: the short name and one more character
        by_stem: dict[str, list[str]] = defaultdict(list)
        for name in names:
            by_stem[name[:-1]].append(name)
        return lambda key: by_stem.get(key, [])
    with_ending = [name for name in names if name.endswith(endings)]
    return lambda key: with_ending


_MIN_TAIL = 3


def _place_forms(groups: dict[str, list[Mention]]) -> set[str]:
    return {
        form
        for k, g in groups.items()
        if key_kind(k) is EntityType.PLACE
        for m in g
        for form in (canonical_form(m), m.text)
    }


def _merge_place_prefixed(doc: Document, groups: dict[str, list[Mention]]) -> None:
    """光福漫山岛 -> 漫山岛 (and 光福 is a place); 苏州湾大厦聚邻窗红党建联盟 -> 聚邻窗红党建联盟.

    A name that is another name of the article with a place before it is that name.
    """
    for kind in (EntityType.PLACE, EntityType.ORGANISATION):
        names = sorted((k for k in _keys(groups, kind) if key_adcode(k) is None), key=lambda k: (len(k), k))
        for key in reversed(names):
            name = key_name(key)
            tail = next(
                (
                    k
                    for k in names
                    if k != key
                    and k in groups
                    and len(key_name(k)) >= _MIN_TAIL
                    and name.endswith(key_name(k))
                ),
                None,
            )
            if tail is None or key not in groups:
                continue
            head = name[: len(name) - len(key_name(tail))]
            if kind is EntityType.ORGANISATION and head not in _place_forms(groups):
                continue
            groups[tail].extend(mentions := groups.pop(key))
            if kind is EntityType.PLACE and len(head) >= 2:
                _add_prefix_place(groups, mentions, head)


def _add_prefix_place(groups: dict[str, list[Mention]], mentions: list[Mention], head: str) -> None:
    """The place a longer place name starts with (光福 in 光福漫山岛) is a place of the article."""
    if head in _place_forms(groups):
        return
    if gazetteer.longest_name_at(head, 0) is not None or head in lexicon.place_verbs():
        return  # 吴中环: a known place and one more character; 北依: a verb
    first = mentions[0]
    groups[entity_key(EntityType.PLACE, head)].append(
        Mention(
            first.start, first.start + len(head), head, EntityType.PLACE, None, "place.prefix", first.sentence
        )
    )


def _merge_spaced_names(groups: dict[str, list[Mention]]) -> None:
    """科技赋能 智造未来 -> 科技赋能智造未来行动支部: a listed name and the full name of the same body."""
    for key in [k for k in _keys(groups, EntityType.ORGANISATION) if " " in k]:
        bare = key.replace(" ", "")
        target = next(
            (
                bare + suffix
                for suffix in lexicon.party_bodies()
                if bare + suffix in groups and bare + suffix != key
            ),
            None,
        )
        if target is not None and key in groups:
            groups[target].extend(groups.pop(key))


def _merge_town_short_forms(groups: dict[str, list[Mention]]) -> None:
    """黎里 -> 黎里镇, 横泾 -> 横泾街道: a town named without its suffix."""
    for key in [k for k in _keys(groups, EntityType.PLACE) if key_adcode(k) is None]:
        target = next((key + e for e in lexicon.town_words() if key + e in groups), None)
        if target is not None and key in groups:
            groups[target].extend(groups.pop(key))


def _builds_on(longer: str, short: str, endings) -> bool:
    if endings is None:  # persons: one character cut off the end
        return len(longer) == len(short) + 1 and longer.startswith(short) and len(short) >= 2
    if not longer.endswith(endings) or len(short) < 2:
        return False
    core = _org_core(longer)
    return core.startswith(short) and core != short


@lru_cache(maxsize=4096)
def _org_core(name: str) -> str:
    """The name without its leading places (亨通集团 of 苏州亨通集团), what a short name builds on."""
    bare = strip_parent_places(name, "ORG")
    segments = split_word(bare, "ORG")
    return (
        bare[segments[1].start :]
        if segments and segments[0].kind == PLACE_NAME and len(segments) > 1
        else bare
    )


def _entity(doc: Document, key: str, group: list[Mention], place_links) -> Entity:
    forms = Counter(canonical_form(m) for m in group)
    kind = group[0].type
    place = None
    if key_adcode(key) is not None:
        place = place_links[next(f for f in forms if f in place_links)]
    if kind is EntityType.PROGRAMME and key_kind(key) is EntityType.PROGRAMME:
        forms[key.split(":", 1)[1]] += 0  # the quoted core is a form even when always followed by a head
    name = _choose_name(forms, kind, place, key)
    aliases = {m.text for m in group} | set(forms)
    if place is not None and place.name != name:
        aliases.add(place.name)
    if kind is EntityType.PROGRAMME and _PAREN_TAIL.search(name):
        aliases.add(_PAREN_TAIL.sub("", name))
    if kind in (EntityType.PROGRAMME, EntityType.ORGANISATION):
        key = entity_key(kind, name)
    subtype = place.level if place else _subtype(group, kind, name)
    return Entity(
        key=key,
        name=name,
        type=kind,
        subtype=subtype,
        aliases=tuple(sorted(aliases - {name})),
        mentions=tuple((doc.doc_id, m) for m in sorted(group, key=lambda m: (m.start, m.end))),
        adcode=place.adcode if place else None,
        parent_adcode=place.parent_adcode if place else None,
    )


_NUMBERS_ONLY = re.compile(r"^[0-9０-９+＋.·]+$")


def _subtype(group: list[Mention], kind: EntityType, name: str) -> str | None:
    """The most common subtype of the mentions; for a place without one, what its name ends with."""
    counted = Counter(m.subtype for m in group if m.subtype).most_common(1)
    if counted:
        return counted[0][0]
    if kind is EntityType.PLACE:
        suffix = next((s for s in lexicon.place_suffixes() if name.endswith(s)), None)
        if suffix:
            return lexicon.place_suffixes()[suffix]
        return "landmark" if name.endswith(lexicon.place_endings("natural")) else None
    return None


def _choose_name(forms: Counter, kind: EntityType, place, key: str = "") -> str:
    if (
        kind is EntityType.PLACE
        and key_name(key) in forms
        and key_name(key) in set(lexicon.country_forms().values())
    ):
        return key_name(key)  # 中国, not 中华人民共和国: a country by its short name
    if place is not None:
        if place.name in forms:
            return place.name
        return max(forms, key=lambda f: (len(f), forms[f], f))
    if kind is EntityType.PROGRAMME:
        core = key.split(":", 1)[1] if ":" in key else ""
        if core in forms and not _NUMBERS_ONLY.match(core):
            return core  # “融入式党建”品牌 and “融入式党建”创新工程 are 融入式党建
        return max(forms, key=lambda f: (f != core, forms[f], len(f), f))
    return max(forms, key=lambda f: (len(f), forms[f], f))


def _meta_source(doc: Document, known: set[str]) -> list[Entity]:
    """The publisher named after 来源 is an organisation (a newspaper, a site)."""
    source = (doc.meta.source or "").strip()
    if len(source) < 2 or source in known or not re.fullmatch(r"[\u4e00-\u9fff]{2,20}", source):
        return []
    return [
        Entity(
            key=entity_key(EntityType.ORGANISATION, source),
            name=source,
            type=EntityType.ORGANISATION,
            subtype="media",
        )
    ]


def _meta_persons(doc: Document, known: set[str]) -> list[Entity]:
    names = sorted(set(doc.meta.authors) | set(doc.meta.editors))
    return [
        Entity(key=entity_key(EntityType.PERSON, n), name=n, type=EntityType.PERSON)
        for n in names
        if n and n not in known
    ]
