"""The per-article cache: exact JSON round trip of records, keys, misses on bad files."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import pipeline
from graph.corpus import cache as cache_module
from graph.corpus.cache import ArticleCache, article_key, code_fingerprint
from graph.corpus.record_json import record_from_json, record_to_json
from graph.model import (
    Document,
    DocumentMeta,
    Entity,
    EntityType,
    Evidence,
    ExtractionRecord,
    Mention,
    RawArticle,
    Relation,
    RelationType,
    Removal,
)


def _record(doc_id: str = "a1", text: str = "吴江区委书记李明在莫舍社区调研。") -> ExtractionRecord:
    mention = Mention(6, 8, "李明", EntityType.PERSON, None, "lac", 0)
    place = Mention(0, 3, "吴江区", EntityType.PLACE, "district", "gazetteer", 0)
    meta = DocumentMeta(title="标题", date="2024-05-01", authors=("王五",), extra=(("k", "v"),))
    document = Document(
        doc_id,
        f"in/{doc_id}.txt",
        text,
        meta,
        original_text="吳江區",
        removed=(Removal("广告", "spam", 3),),
        content_hash="h" + doc_id,
    )
    person = Entity("person:李明", "李明", EntityType.PERSON, mentions=((doc_id, mention),))
    wujiang = Entity(
        "place:320509",
        "吴江区",
        EntityType.PLACE,
        "district",
        ("吴江",),
        ((doc_id, place),),
        "320509",
        "320500",
    )
    evidence = Evidence(doc_id, 0, 15, text, "post-rule", 0.875, by_context=True)
    post = Relation("person:李明", RelationType.HOLDS_POST, "org:吴江区委", "书记", "2024-05-01", (evidence,))
    return ExtractionRecord(
        document, (person, wujiang), (post,), (("clean", 0.25), ("segment", 1.0)), "0.1.0"
    )


def _raw(text: str = "正文。", **changes) -> RawArticle:
    fields = {"doc_id": "a1", "source_path": "in/a1.txt", "text": text, "format": "txt"}
    fields.update(changes)
    return RawArticle(**fields)


def test_hand_built_record_round_trips_exactly_through_json_text():
    record = _record()
    text = json.dumps(record_to_json(record), ensure_ascii=False)
    back = record_from_json(json.loads(text))
    assert back == record
    assert back.entities[0].type is EntityType.PERSON
    assert isinstance(back.entities[1].mentions[0], tuple)


_text = st.text(max_size=12)
_optional = st.none() | _text
_mention = st.builds(
    Mention,
    st.integers(0, 500),
    st.integers(0, 500),
    _text,
    st.sampled_from(EntityType),
    _optional,
    _text,
    st.integers(-1, 50),
)
_evidence = st.builds(
    Evidence, _text, st.integers(0, 500), st.integers(0, 500), _text, _text, st.floats(0, 1), st.booleans()
)
_entity = st.builds(
    Entity,
    _text,
    _text,
    st.sampled_from(EntityType),
    _optional,
    st.lists(_text, max_size=3).map(tuple),
    st.lists(st.tuples(_text, _mention), max_size=3).map(tuple),
    _optional,
    _optional,
)
_relation = st.builds(
    Relation,
    _text,
    st.sampled_from(RelationType),
    _text,
    _optional,
    _optional,
    st.lists(_evidence, max_size=2).map(tuple),
)
_meta = st.builds(
    DocumentMeta,
    _optional,
    _optional,
    _optional,
    st.lists(_text, max_size=2).map(tuple),
    st.lists(_text, max_size=2).map(tuple),
    _optional,
    st.lists(st.tuples(_text, _text), max_size=2).map(tuple),
)
_document = st.builds(
    Document,
    _text,
    _text,
    _text,
    _meta,
    _optional,
    st.lists(st.builds(Removal, _text, _text, st.integers(-1, 99)), max_size=2).map(tuple),
    _text,
    st.lists(_text, max_size=2).map(tuple),
)
_records = st.builds(
    ExtractionRecord,
    _document,
    st.lists(_entity, max_size=3).map(tuple),
    st.lists(_relation, max_size=3).map(tuple),
    st.lists(st.tuples(_text, st.floats(0, 1e6)), max_size=3).map(tuple),
    _text,
)


@settings(max_examples=60, deadline=None)
@given(_records)
def test_any_record_round_trips_exactly(record):
    assert record_from_json(json.loads(json.dumps(record_to_json(record)))) == record


@pytest.mark.parametrize(
    "bad",
    [
        {"document": "not an object"},
        {**record_to_json(_record()), "surprise": 1},
        {**record_to_json(_record()), "entities": [{"key": "k"}]},
    ],
)
def test_data_of_the_wrong_shape_is_refused(bad):
    with pytest.raises((TypeError, ValueError, KeyError)):
        record_from_json(bad)


def test_cache_returns_what_was_put_and_misses_unknown_keys(tmp_path):
    cache = ArticleCache(tmp_path)
    key = article_key(_raw())
    assert cache.get(key) is None
    path = cache.put(key, _record())
    assert path.parent.name == key[:2] and path.is_file()
    assert cache.get(key) == _record()


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not gzip at all"),
        lambda p: p.write_bytes(gzip.compress(b"{not json")),
        lambda p: p.write_bytes(gzip.compress(b'{"format": "1", "key": "x", "record": {}}')),
        lambda p: p.write_bytes(p.read_bytes()[:20]),
        lambda p: p.write_bytes(b""),
    ],
)
def test_corrupt_cache_file_is_a_miss_not_a_crash(tmp_path, damage):
    cache = ArticleCache(tmp_path)
    key = article_key(_raw())
    damage(cache.put(key, _record()))
    assert cache.get(key) is None


def test_key_changes_with_text_format_id_meta_and_extractor_version(monkeypatch):
    base = article_key(_raw())
    assert article_key(_raw()) == base
    variants = [
        _raw("正文!"),
        _raw(format="html"),
        _raw(doc_id="a2"),
        _raw(source_path="x/a1.txt"),
        _raw(meta=DocumentMeta(title="新标题")),
    ]
    keys = {article_key(v) for v in variants}
    assert base not in keys and len(keys) == len(variants)
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "999")
    assert article_key(_raw()) != base


def test_fingerprint_covers_lexicons_but_not_exporters(tmp_path, monkeypatch):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "html.py").write_text("x = 1\n")
    (tmp_path / "resources" / "lexicon").mkdir(parents=True)
    lexicon = tmp_path / "resources" / "lexicon" / "titles.txt"
    lexicon.write_text("书记\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "PACKAGE_DIR", tmp_path)

    def fingerprint() -> str:
        code_fingerprint.cache_clear()
        return code_fingerprint()

    try:
        first = fingerprint()
        (tmp_path / "export" / "html.py").write_text("x = 2\n")
        assert fingerprint() == first
        lexicon.write_text("书记\n主任\n", encoding="utf-8")
        assert fingerprint() != first
    finally:
        code_fingerprint.cache_clear()


# What process_article loads and opens, from a fresh interpreter: the demo articles and one in
# traditional characters (so the converter loads too).  Prints {"modules": {name: file}, "opened": [path]}.
_EXTRACT_AND_REPORT = r"""
import json, os, sys
from pathlib import Path
from graph.model import RawArticle
articles = [RawArticle(p.stem, str(p), p.read_text(encoding="utf-8"))
            for p in sorted(Path(sys.argv[1]).iterdir())]
articles.append(RawArticle("trad", "trad.txt", "蘇州市吳江區召開會議。區委書記張三在莫舍社區調研。"))
opened = set()

def record(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        opened.add(os.fsdecode(args[0]))

sys.addaudithook(record)
from graph.pipeline import process_article
for raw in articles:
    process_article(raw)
modules = {name: getattr(module, "__file__", None) for name, module in list(sys.modules.items())
           if name == "graph" or name.startswith("graph.")}
print(json.dumps({"modules": modules, "opened": sorted(opened)}))
"""


@pytest.fixture(scope="module")
def extraction_footprint(repo_dir):
    demo = repo_dir / "graph" / "resources" / "demo"
    out = subprocess.run(
        [sys.executable, "-c", _EXTRACT_AND_REPORT, str(demo)],
        capture_output=True,
        text=True,
        cwd=repo_dir,
        check=True,
    )
    return json.loads(out.stdout)


def _fingerprinted() -> set[Path]:
    return {p.resolve() for p in cache_module._extraction_files(cache_module.PACKAGE_DIR)}


def test_every_module_the_extraction_loads_is_fingerprinted(extraction_footprint):
    modules = extraction_footprint["modules"]
    assert "graph.segment" in modules and "graph.relations" in modules  # the extraction did run
    fingerprinted = _fingerprinted()
    escaped = sorted(
        name for name, file in modules.items() if file and Path(file).resolve() not in fingerprinted
    )
    assert not escaped, f"graph modules the extraction loads but the cache fingerprint misses: {escaped}"


def test_every_resource_the_extraction_reads_is_fingerprinted(extraction_footprint):
    package = cache_module.PACKAGE_DIR.resolve()
    read = {Path(f).resolve() for f in extraction_footprint["opened"]}
    ours = {p for p in read if p.is_relative_to(package) and "__pycache__" not in p.parts}
    assert any(p.suffix == ".txt" for p in ours)  # the word lists were read
    assert not sorted(ours - _fingerprinted()), "files the extraction reads but the fingerprint misses"


def test_data_files_of_other_packages_the_extraction_reads_are_versioned(extraction_footprint):
    # Models and dictionaries inside installed packages: the fingerprint holds those packages' versions.
    owners = metadata.packages_distributions()
    versioned = {name.lower() for name in cache_module._MODEL_DISTRIBUTIONS}
    unversioned = set()
    for name in extraction_footprint["opened"]:
        path = Path(name)
        if "site-packages" not in path.parts or path.suffix in (".py", ".pyc", ".so", ".pth"):
            continue
        top = path.parts[path.parts.index("site-packages") + 1]
        distributions = {d.lower() for d in owners.get(top, owners.get(top.split(".")[0], [top]))}
        if not distributions & versioned:
            unversioned.add(f"{top}: {name}")
    assert not unversioned, f"read by the extraction, its version not in the fingerprint: {unversioned}"


def test_fingerprint_is_of_folders_not_a_list_of_files(tmp_path):
    for relative in (
        "relations/new_rule.py",
        "entities/sub/deeper.py",
        "resources/new_table/x.tsv",
        "export/html.py",
        "tools/cli.py",
        "resources/demo/a.txt",
        "resources/html/page.html",
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x\n")
    (tmp_path / "relations" / "__pycache__").mkdir()
    (tmp_path / "relations" / "__pycache__" / "new_rule.cpython-311.pyc").write_bytes(b"\0")
    found = {p.relative_to(tmp_path).as_posix() for p in cache_module._extraction_files(tmp_path)}
    assert found == {"relations/new_rule.py", "entities/sub/deeper.py", "resources/new_table/x.tsv"}


# ---------------------------------------------------------------- looking after the folder


def _stocked_folder(tmp_path):
    """A cache folder with one good current entry, one unreadable current entry, an entry of an
    older generation, one of the format-1 layout, an unfinished write, and a file not ours."""
    cache = ArticleCache(tmp_path)
    good = cache.put(article_key(_raw()), _record())
    bad = cache.put(article_key(_raw("别的")), _record())
    bad.write_bytes(b"\x1f\x8b garbage")
    key = "ab" + "0" * 62
    older = tmp_path / "g0123456789abcdef" / "ab" / f"{key}.json.gz"
    legacy = tmp_path / "ab" / f"{key}.json.gz"
    partial = good.parent / f".{key}.json.gz.x1y2.tmp"
    for path in (older, legacy, partial):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(good.read_bytes())
    mine = tmp_path / "notes.txt"
    mine.write_text("not a cache file")
    return good, bad, (older, legacy, partial), mine


def test_entries_live_in_a_folder_per_code_generation(tmp_path, monkeypatch):
    path = ArticleCache(tmp_path).put(article_key(_raw()), _record())
    assert path.relative_to(tmp_path).parts[0] == cache_module.cache_generation()
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "999")
    assert ArticleCache(tmp_path).generation != path.relative_to(tmp_path).parts[0]


def test_info_counts_entries_and_the_stale_ones(tmp_path):
    good, bad, stale, mine = _stocked_folder(tmp_path)
    info = cache_module.cache_info(tmp_path)
    assert (info.entries, info.stale) == (5, 3)
    assert info.bytes == sum(p.stat().st_size for p in (good, bad, *stale))
    assert cache_module.cache_info(tmp_path / "absent") == cache_module.CacheStats()


def test_prune_keeps_only_readable_current_entries_and_files_not_ours(tmp_path):
    good, bad, stale, mine = _stocked_folder(tmp_path)
    files, _ = cache_module.prune_cache(tmp_path)
    assert files == 4
    assert good.is_file() and mine.is_file() and not bad.exists()
    assert not any(p.exists() for p in stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([good.parts[-3], "notes.txt"])
    assert ArticleCache(tmp_path).get(article_key(_raw())) == _record()


def test_prune_older_than_drops_entries_no_build_used_since(tmp_path):
    import os
    import time

    good, *_ = _stocked_folder(tmp_path)
    cache_module.prune_cache(tmp_path, older_than_days=1)
    assert good.is_file()
    week_ago = time.time() - 7 * 86400
    os.utime(good, (week_ago, week_ago))
    assert ArticleCache(tmp_path).get(article_key(_raw())) is not None  # a hit counts as a use
    cache_module.prune_cache(tmp_path, older_than_days=1)
    assert good.is_file()
    os.utime(good, (week_ago, week_ago))
    cache_module.prune_cache(tmp_path, older_than_days=1)
    assert not good.exists()


def test_clear_deletes_every_entry_and_nothing_else(tmp_path):
    good, bad, stale, mine = _stocked_folder(tmp_path)
    assert cache_module.clear_cache(tmp_path)[0] == 5
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_kg_cache_command_reports_and_prunes(tmp_path, capsys):
    from graph.tools.cli import main

    _stocked_folder(tmp_path)
    assert main(["cache", "info", "--cache-dir", str(tmp_path)]) == 0
    assert "5 entries" in capsys.readouterr().out
    assert main(["cache", "prune", "--cache-dir", str(tmp_path)]) == 0
    assert "deleted 4 files" in capsys.readouterr().out
    assert main(["cache", "clear", "--older-than", "3", "--cache-dir", str(tmp_path)]) == 2  # usage
    assert main(["cache", "clear", "--cache-dir", str(tmp_path)]) == 0
    assert "left 0 entries" in capsys.readouterr().out
