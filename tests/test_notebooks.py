"""Every notebook runs end to end on a fresh venv kernel; committed notebooks carry no outputs."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import networkx as nx
import pytest
from nbclient.exceptions import CellExecutionError

from graph.errors import InputError, NotebookError
from graph.export.nodelink import to_node_link_json
from graph.tools import notebooks
from graph.tools.cli import main

NOTEBOOKS = notebooks.notebook_paths()


def _edge(G, head, relation, tail, title="", doc="d1"):
    evidence = [
        {
            "doc": doc,
            "start": 0,
            "end": 2,
            "sentence": "句子。",
            "rule": "test",
            "confidence": 0.8,
            "by_context": False,
        }
    ]
    attrs = {"relation": relation, "evidence": evidence, "confidence": 0.8}
    if title:
        attrs.update(title=title)
    G.add_edge(head, tail, key=f"{relation}|{title}", **attrs)


def sample_graph() -> nx.MultiDiGraph:
    """Two districts, nested bodies, dated posts, shared programmes: enough for every cell."""
    G = nx.MultiDiGraph(
        name="sample",
        articles={"d1": {"date": "2019-03-01", "title": "甲"}, "d2": {"date": "2022-09-23", "title": "乙"}},
    )
    for key, name, subtype in [
        ("place:320500", "苏州市", "city"),
        ("place:320508", "姑苏区", "district"),
        ("place:320509", "吴江区", "district"),
        ("place:双塔街道", "双塔街道", "town"),
    ]:
        G.add_node(
            key, name=name, type="Place", subtype=subtype, adcode=key[6:] if key[6:].isdigit() else None
        )
        if G.nodes[key]["adcode"] is None:
            del G.nodes[key]["adcode"]
    for key in ["姑苏区委", "姑苏区委组织部", "双塔街道党工委", "吴江区委", "苏州银行"]:
        G.add_node(f"org:{key}", name=key, type="Organisation")
    for key in ["海棠先锋", "融入式党建"]:
        G.add_node(f"programme:{key}", name=key, type="Programme")
    for key in ["甲某", "乙某"]:
        G.add_node(f"person:{key}", name=key, type="Person")
    for head, tail in [
        ("place:320508", "place:320500"),
        ("place:320509", "place:320500"),
        ("place:双塔街道", "place:320508"),
        ("org:姑苏区委", "place:320508"),
        ("org:双塔街道党工委", "place:双塔街道"),
        ("org:吴江区委", "place:320509"),
    ]:
        _edge(G, head, "located_in", tail)
    _edge(G, "org:姑苏区委组织部", "sub_organisation_of", "org:姑苏区委")
    _edge(G, "org:双塔街道党工委", "partner_of", "org:苏州银行")  # partner_of: head < tail
    _edge(G, "org:吴江区委", "partner_of", "org:苏州银行")
    for head, programme in [
        ("org:姑苏区委组织部", "海棠先锋"),
        ("place:双塔街道", "海棠先锋"),
        ("place:320509", "融入式党建"),
    ]:
        _edge(G, head, "runs", f"programme:{programme}")
    _edge(G, "person:甲某", "holds_post", "org:姑苏区委", title="书记", doc="d1")
    _edge(G, "person:乙某", "holds_post", "org:吴江区委", title="书记", doc="d2")
    return G


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "sample.json"
    path.write_text(to_node_link_json(sample_graph()), encoding="utf-8")
    return path


def _outputs(notebook, kind: str) -> list:
    return [o for cell in notebook.cells for o in cell.get("outputs", []) if kind in o.get("data", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_has_no_outputs(path):
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_end_to_end_on_the_given_export(path, export):
    executed = notebooks.execute_notebook(path, export=export, timeout=60)
    streams = "".join(
        o.get("text", "")
        for c in executed.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    )
    assert not [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if path.name == "explore.ipynb":
        assert f"{export}: 13 nodes, 14 edges, 2 articles" in streams
        assert "姑苏区 (district)" in streams  # the tree of the busiest district
        assert len(_outputs(executed, "image/png")) == 3  # centrality, district drawing, timeline
        assert "苏州银行" in notebooks.render_html(executed)  # the bridging body reaches the HTML


def test_kernel_runs_this_venv_python(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.prefix)")])
    path = tmp_path / "prefix.ipynb"
    nbformat.write(notebook, str(path))
    executed = notebooks.execute_notebook(path, timeout=60)
    assert executed.cells[0].outputs[0]["text"].strip() == sys.prefix


def test_a_failing_cell_fails_the_run(tmp_path, export, capsys):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, str(path))
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        notebooks.execute_notebook(path, timeout=60)
    with pytest.raises(NotebookError, match="ZeroDivisionError"):
        list(notebooks.run_notebooks([path], export=export))
    assert main(["notebook", "run", str(path), "--export", str(export)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kg notebook: [{NotebookError.code}] a cell of {path} failed")
    assert "ZeroDivisionError" in err


def test_no_export_to_explore_fails_before_a_kernel_starts(monkeypatch, capsys):
    monkeypatch.delenv(notebooks.EXPORT_ENV, raising=False)
    monkeypatch.setattr(notebooks, "DEFAULT_EXPORTS", ("exports/no-such-export.json",))
    monkeypatch.setattr(notebooks, "execute_notebook", lambda *a, **k: pytest.fail("a kernel started"))
    assert main(["notebook", "run"]) == 1
    assert capsys.readouterr().err.startswith(f"kg notebook: [{InputError.code}] no export to explore")


def test_clear_outputs_strips_a_run(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    notebook.cells[0].outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
    ]
    notebook.cells[0].execution_count = 1
    path = tmp_path / "ran.ipynb"
    nbformat.write(notebook, str(path))
    assert notebooks.clear_outputs(path) is True
    cleared = nbformat.read(str(path), as_version=4)
    assert cleared.cells[0].outputs == [] and cleared.cells[0].execution_count is None
    assert notebooks.clear_outputs(path) is False


def test_clear_command_reports_each_notebook(tmp_path, capsys):
    path = tmp_path / "clean.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), str(path))
    assert main(["notebook", "clear", str(path)]) == 0
    assert capsys.readouterr().out == f"already clear: {path}\n"


def test_find_export_prefers_env_then_seeds_then_demo(tmp_path, monkeypatch):
    monkeypatch.delenv(notebooks.EXPORT_ENV, raising=False)
    with pytest.raises(InputError, match="make demo"):
        notebooks.find_export(tmp_path)
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "demo.json").write_text("{}")
    assert notebooks.find_export(tmp_path) == tmp_path / "exports" / "demo.json"
    (tmp_path / "exports" / "seeds.json").write_text("{}")
    assert notebooks.find_export(tmp_path) == tmp_path / "exports" / "seeds.json"
    monkeypatch.setenv(notebooks.EXPORT_ENV, "/elsewhere/mine.json")
    assert notebooks.find_export(tmp_path) == Path("/elsewhere/mine.json")


def test_render_command_writes_html_named_after_the_notebook(tmp_path, export):
    cell = nbformat.v4.new_code_cell("import os; print('export', os.path.basename(os.environ['KG_EXPORT']))")
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), str(path))
    html_dir = tmp_path / "html"
    assert main(["notebook", "render", str(path), "--export", str(export), "--out", str(html_dir)]) == 0
    html = (tmp_path / "html" / "tiny.html").read_text(encoding="utf-8")
    assert "export sample.json" in html
