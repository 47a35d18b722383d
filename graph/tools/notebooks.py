"""Run the notebooks in ``notebooks/`` on a fresh kernel, render them to HTML, clear them.

The notebooks explore one export, chosen by ``find_export``: ``$KG_EXPORT`` when
set, else ``exports/seeds.json``, else ``exports/demo.json``.

The command line is ``kg notebook`` (``graph.tools.cli``)::

    kg notebook run                      # execute every notebook, stop on an error
    kg notebook render --out exports     # execute, then write exports/<notebook>.html
    kg notebook clear                    # strip outputs before committing
    KG_EXPORT=exports/mine.json kg notebook render
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import InputError, NotebookError
from ..io.atomic import atomic_write_text

__all__ = [
    "EXPORT_ENV",
    "find_export",
    "notebook_paths",
    "execute_notebook",
    "render_html",
    "clear_outputs",
    "run_notebooks",
]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
EXPORT_ENV = "KG_EXPORT"
DEFAULT_EXPORTS = ("exports/seeds.json", "exports/demo.json")
KERNEL_NAME = "python3"


def find_export(root: Path | str = ROOT) -> Path:
    """The export to explore: ``$KG_EXPORT``, else the seeds' build, else the demo build."""
    if os.environ.get(EXPORT_ENV):
        return Path(os.environ[EXPORT_ENV])
    for relative in DEFAULT_EXPORTS:
        if (Path(root) / relative).is_file():
            return Path(root) / relative
    raise InputError(
        f"no export to explore: neither {' nor '.join(DEFAULT_EXPORTS)} exists under {root}; "
        f"run 'make demo' or set {EXPORT_ENV} to a .json/.ttl export"
    )


def notebook_paths(folder: Path | str = NOTEBOOK_DIR) -> list[Path]:
    """Every ``.ipynb`` in ``folder`` (checkpoints excluded), sorted."""
    paths = sorted(p for p in Path(folder).glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise InputError(f"no .ipynb notebooks in {folder}")
    return paths


def _kernel_env(export: Path | str | None) -> dict[str, str]:
    # The kernel imports the package from this checkout even when it is not installed.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    export = export or env.get(EXPORT_ENV)
    if export:
        # Absolute, because the kernel runs in the repository root, not the caller's folder.
        env[EXPORT_ENV] = str(Path(export).resolve())
    return env


def execute_notebook(path: Path | str, *, export: Path | str | None = None, timeout: int = 60):
    """Run a notebook top to bottom on a new ``python3`` kernel and return it with outputs.

    The kernel starts in the repository root with the same Python as this process;
    ``export`` sets ``$KG_EXPORT`` for it.  A failing cell raises ``nbclient``'s
    ``CellExecutionError``.
    """
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    notebook = nbformat.read(str(path), as_version=4)
    # A kernelspec whose argv starts with "python" runs sys.executable: the venv's Python.
    manager = KernelManager(kernel_name=KERNEL_NAME)
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=timeout,
        record_timing=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute(env=_kernel_env(export))
    return notebook


def render_html(notebook) -> str:
    """HTML of an executed notebook (nbconvert's lab template)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(notebook)
    return body


def clear_outputs(path: Path | str) -> bool:
    """Strip outputs, execution counts and run metadata in place; True when the file changed."""
    import nbformat

    text = Path(path).read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    cleared = nbformat.writes(notebook) + "\n"
    if cleared != text:
        atomic_write_text(path, cleared)
    return cleared != text


def run_notebooks(
    paths: Sequence[Path | str] = (),
    *,
    export: Path | str | None = None,
    timeout: int = 60,
    out: Path | str | None = None,
) -> Iterator[tuple[Path, Path | None]]:
    """Execute ``paths`` (default: every notebook) one by one, yielding each with its HTML copy.

    With ``out`` each executed notebook is also written as ``out/<notebook>.html``
    (else its copy is None).  Raises ``InputError`` when there is no export to
    explore, before a kernel starts, and ``NotebookError`` when a cell fails,
    times out or kills its kernel.
    """
    if not export:
        find_export()
    for path in paths or notebook_paths():
        try:
            notebook = execute_notebook(path, export=export, timeout=timeout)
        except _notebook_errors() as error:
            raise NotebookError(f"a cell of {path} failed:\n{error}") from error
        html = None
        if out is not None:
            html = atomic_write_text(Path(out) / f"{Path(path).stem}.html", render_html(notebook))
        yield Path(path), html


def _notebook_errors() -> tuple[type[Exception], ...]:
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    return CellExecutionError, CellTimeoutError, DeadKernelError
