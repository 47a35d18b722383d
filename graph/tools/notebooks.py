"""Run the notebooks in ``notebooks/`` on a fresh kernel, render them to HTML, clear them.

The notebooks explore one export, chosen by ``find_export``: ``$KG_EXPORT`` when
set, else ``exports/seeds.json``, else ``exports/demo.json``.

Examples::

    python -m graph.tools.notebooks run                      # execute every notebook, stop on an error
    python -m graph.tools.notebooks render --out exports     # execute, then write exports/<notebook>.html
    python -m graph.tools.notebooks clear                    # strip outputs before committing
    KG_EXPORT=exports/mine.json python -m graph.tools.notebooks render
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from ..errors import InputError, KGError
from ..io.atomic import atomic_write_text

__all__ = ["EXPORT_ENV", "find_export", "notebook_paths", "execute_notebook", "render_html",
           "clear_outputs", "main"]

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
    raise InputError(f"no export to explore: neither {' nor '.join(DEFAULT_EXPORTS)} exists under {root}; "
                     f"run 'make demo' or set {EXPORT_ENV} to a .json/.ttl export")


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
    client = NotebookClient(notebook, km=manager, timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(ROOT)}})
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


def _run(args: argparse.Namespace) -> int:
    for path in args.notebooks or notebook_paths():
        notebook = execute_notebook(path, export=args.export, timeout=args.timeout)
        if args.command == "render":
            out = Path(args.out) / f"{Path(path).stem}.html"
            atomic_write_text(out, render_html(notebook))
            print(f"wrote {out}")
        else:
            print(f"ran {path}")
    return 0


def _clear(args: argparse.Namespace) -> int:
    for path in args.notebooks or notebook_paths():
        print(f"{'cleared' if clear_outputs(path) else 'already clear'}: {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graph.tools.notebooks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("run", "execute the notebooks on a fresh kernel"),
                           ("render", "execute the notebooks and write them as HTML")):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("notebooks", nargs="*", help="default: every notebook in notebooks/")
        command.add_argument("--export", help=f"export to explore (default: ${EXPORT_ENV}, seeds, demo)")
        command.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")
        command.set_defaults(func=_run)
        if name == "render":
            command.add_argument("--out", default=str(ROOT / "exports"), help="folder for the HTML")
    clear = commands.add_parser("clear", help="strip outputs so notebooks are committed clean")
    clear.add_argument("notebooks", nargs="*", help="default: every notebook in notebooks/")
    clear.set_defaults(func=_clear)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command != "clear" and not args.export:
            find_export()  # fail early, before a kernel starts, when there is nothing to explore
        return args.func(args)
    except KGError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except _notebook_errors() as error:
        print(f"error: a notebook cell failed:\n{error}", file=sys.stderr)
        return 1


def _notebook_errors() -> tuple[type[Exception], ...]:
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    return CellExecutionError, CellTimeoutError, DeadKernelError


if __name__ == "__main__":
    sys.exit(main())
