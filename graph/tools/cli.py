"""``kg``: the command line.  It only wires the stages together.

Each command's docstring is its ``--help``.  Library errors (``KGError``)
become a message and exit status 1 here, in ``main``, and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import ExportError, InputError, KGError, UsageError
from ..model import InputFailure

__all__ = ["main", "run", "build_parser"]


DEMO_CORPUS = Path(__file__).resolve().parents[1] / "resources" / "demo"


# ---------------------------------------------------------------- commands


def cmd_build(args: argparse.Namespace) -> int:
    """Build the knowledge graph of a corpus and export it.

    With no INPUT, builds the built-in demo corpus.  Writes OUT/NAME.ttl,
    OUT/NAME.html, OUT/NAME.json and OUT/NAME.report.json (per input: status,
    error, counts; totals; timings per stage).  Exit status 1 when any input
    failed (the others are still built); when no article could be built,
    nothing is written and the previous exports stay as they were.  The
    exports are replaced as one set, once all are written; two builds of the
    same OUT/NAME do not run at once (the second is refused).  --engine dask
    maps the articles over a Dask cluster (--scheduler ADDRESS, else a
    LocalCluster of --jobs worker processes on this machine); the exports are
    the same.

    Example:
      kg build ../shared/seeds -o exports --name seeds
      kg build ../shared/seeds --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from ..export import DEFAULT_FORMATS
    from ..io.atomic import exclusive, remove_stale

    inputs = args.inputs or [str(DEMO_CORPUS)]
    name = args.name if args.name is not None else _default_name(args.inputs)
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler goes with --engine dask")
    formats = tuple(dict.fromkeys(args.formats or DEFAULT_FORMATS))
    out = _checked_build_options(args, name, formats)
    cache_dir = Path(args.cache_dir) if args.cache_dir else out / ".kgcache"
    started = time.perf_counter()
    with exclusive(out, name), _terminate_on_sigterm():
        remove_stale(out, name)  # what a killed build of this name left
        report, written = _build_and_export(args, inputs, name, formats, out, cache_dir, started)
    _report_failures("build", [_failure_of(row) for row in report["files"] if row["status"] == "failed"])
    for row in report["files"]:
        if "note" in row:
            print(f"kg build: note: {row['path']}: {row['note']}", file=sys.stderr)
    totals = report["totals"]
    print(
        f"{totals['articles']} articles, {totals['failed']} failed; "
        f"{totals['entities']} entities, {totals['relations']} relations"
    )
    for path in written:
        print(f"wrote {path}")
    html = [p for p in written if p.suffix == ".html"]
    if html:
        print(f"open {html[0].resolve().as_uri()} in a browser")
    return 1 if totals["failed"] else 0


def _build_and_export(args, inputs, name, formats, out, cache_dir, started) -> tuple[dict, list[Path]]:
    """The build's report and the files it wrote: the last build's, when nothing changed (``reuse``)."""
    from ..corpus.build import build_corpus, build_report, save_report
    from ..corpus.reuse import build_key, remember, reuse
    from ..export import export_graph
    from ..io.atomic import replace_together

    options = {"inputs": inputs, "name": name, "formats": formats, "max_nodes": args.max_nodes}
    options["mentions"] = args.mentions
    key = None if args.no_cache else build_key(inputs, options)
    with _writing(out), replace_together(out, name) as staging:
        reused = reuse(cache_dir, key, out, staging) if key else None
        if reused is not None:
            report = {**reused.report, "timings": _reused_timings(reused.report, started)}
            names = list(reused.names)
        else:
            result = build_corpus(
                inputs,
                jobs=args.jobs,
                use_cache=not args.no_cache,
                cache_dir=cache_dir,
                progress=not args.quiet,
                engine=args.engine,
                scheduler=args.scheduler,
            )
            if not result.articles:
                _report_failures("build", result.failures)
                raise InputError(
                    f"no article could be built from {' '.join(inputs)}: nothing written, "
                    f"the exports in {out} are as they were"
                )
            G = result.graph(name)
            rdf = {"mentions": args.mentions}
            export_options = {"html": {"max_nodes": args.max_nodes}, "ttl": rdf, "nt": rdf, "jsonld": rdf}
            staged = export_graph(G, staging, name, formats, **export_options)
            report = build_report(result, G, seconds=time.perf_counter() - started)
            if key is not None and key == build_key(inputs, options):  # no input changed meanwhile
                remember(cache_dir, key, out, staged, report)
            names = [path.name for path in staged]
        names.append(save_report(report, staging / f"{name}.report.json").name)
    return report, [out / file_name for file_name in names]


def _reused_timings(report: dict, started: float) -> dict:
    """A reused build's timings: no stage ran, every article was known."""
    seconds = round(time.perf_counter() - started, 3)
    articles = report["totals"]["articles"]
    return {"seconds_total": seconds, "cached_articles": articles, "seconds_per_stage": {}}


def _failure_of(row: dict) -> InputFailure:
    return InputFailure(row["path"], row["error"], row["code"])


def _checked_build_options(args: argparse.Namespace, name: str, formats: Sequence[str]) -> Path:
    """Refuse what cannot work before anything is read or replaced; returns the output folder."""
    from ..export import EXPORTERS

    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise UsageError(f"unknown --format {unknown[0]!r}: choose from {', '.join(EXPORTERS)}")
    if args.max_nodes < 1:
        raise UsageError(f"--max-nodes takes a whole number >= 1, got {args.max_nodes}")
    if args.jobs < 0:
        raise UsageError(f"--jobs takes a whole number >= 0 (0 = one per CPU), got {args.jobs}")
    if not name or name in (".", "..") or any(sep in name for sep in ("/", "\\", os.sep)):
        raise UsageError(f"--name is a file stem, without a path separator: got {name!r}")
    if not name.isprintable():
        raise UsageError(f"--name is a file stem of printable characters: got {name!r}")
    return _writable_folder(Path(args.out))


def _writable_folder(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {out} is a file, expected an output folder")
    with _writing(out):
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kg-write-test.", dir=out)
        os.close(fd)
        os.unlink(probe)
    return out


@contextmanager
def _writing(folder: Path) -> Iterator[None]:
    """An ``OSError`` while writing into ``folder`` (full disk, no permission) as one coded line."""
    try:
        yield
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        reason = f"cannot write into {folder}: {error.strerror or error}{where}"
        raise ExportError(f"{reason}; the exports there are as they were") from None


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so workers stop and temp files go."""


@contextmanager
def _terminate_on_sigterm() -> Iterator[None]:
    def stop(signum, frame):
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def cmd_cache(args: argparse.Namespace) -> int:
    """Look after the per-article cache of kg build: info, prune or clear.

    info: entries, size, and how many are stale (written by other code
    versions, or unfinished writes).  prune: delete the stale entries and
    unreadable files; with --older-than DAYS also entries no build has used
    for DAYS days.  clear: delete every entry.  Only files the cache wrote are
    touched.

    Example:
      kg cache info -o exports
      kg cache prune --older-than 30 --cache-dir exports/.kgcache
    """
    from ..corpus.cache import cache_info, clear_cache, prune_cache

    folder = Path(args.cache_dir) if args.cache_dir else Path(args.out) / ".kgcache"
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise InputError(f"cache folder {folder} {what} (kg build -o OUT keeps its cache in OUT/.kgcache)")
    if args.older_than is not None and args.action != "prune":
        raise UsageError(f"--older-than goes with prune, not with {args.action}")
    try:
        if args.action == "info":
            print(f"{folder}: {cache_info(folder).describe()}")
            return 0
        if args.action == "prune":
            files, size = prune_cache(folder, older_than_days=args.older_than)
        else:
            files, size = clear_cache(folder)
        left = cache_info(folder).describe()
    except OSError as error:
        raise InputError(
            f"cannot {args.action} the cache folder {folder}: {error.strerror or error}"
        ) from None
    print(f"{folder}: deleted {files} files, {size / 1e6:.1f} MB; left {left}")
    return 0


def _default_name(inputs: Sequence[str]) -> str:
    from ..ingest import STDIN, printable

    if not inputs:
        return "demo"
    if inputs[0] == STDIN:
        return "stdin"
    first = Path(inputs[0])
    return printable(first.resolve().name if first.is_dir() else first.stem) or "corpus"


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract entities, relations and metadata, one JSON line per article (gold format).

    Example:
      kg extract ../shared/seeds --jsonl out.jsonl
    """
    from ..corpus.build import build_corpus
    from ..io.atomic import atomic_write_text
    from .evaluate import record_to_gold

    if args.jsonl != "-" and Path(args.jsonl).is_dir():
        raise UsageError(f"--jsonl {args.jsonl} is a folder, expected a file (or - for stdout)")
    result = build_corpus(args.inputs, jobs=1, use_cache=False, progress=False, keep_records=True)
    lines = [json.dumps(record_to_gold(r), ensure_ascii=False, sort_keys=True) for r in result.records]
    text = "".join(line + "\n" for line in lines)
    _report_failures("extract", result.failures)
    with _writing(Path(args.jsonl).parent if args.jsonl != "-" else Path("<stdout>")):
        if args.jsonl == "-":
            sys.stdout.write(text)
            sys.stdout.flush()  # a full disk is reported here, not at exit
        else:
            atomic_write_text(args.jsonl, text)
    return 1 if result.failures else 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score extraction against gold files: P/R/F1 per type, micro-averaged, meta accuracy.

    Only inputs whose file stem (or JSONL id) has a gold file are extracted;
    exit status 2 when no article has one.  Each INPUT is
    scored as a set of its own and printed apart (the seeds and an unseen set
    side by side), then all together.  --by-doc adds a row per article,
    --by-rule the precision of every relation and entity rule.  The last line
    reads: entities F1=... relations F1=... meta acc=...  Exit status 1 when an
    article failed (it is named on stderr and left out of the scores).

    Example:
      kg eval --gold ../shared/gold ../shared/seeds ../shared/corpora/dangjian --by-doc
      kg eval --gold ../shared/gold ../shared/seeds ../shared/corpora/dangjian \
          --write-calibration graph/resources/calibration/rule_precision.tsv
    """
    from ..corpus.build import build_corpus
    from .evaluate import evaluate, format_sets, gold_for, load_gold, record_to_gold

    gold = load_gold(args.gold)
    named, failed = [], 0
    for source in args.inputs:
        result = build_corpus(
            [source],
            jobs=1,
            use_cache=False,
            progress=False,
            only=lambda doc_id: gold_for(doc_id, gold) is not None,
            keep_records=True,
        )
        outcome = evaluate((record_to_gold(r, rules=True) for r in result.records), gold)
        _report_failures("eval", result.failures)
        failed += len(result.failures)
        if args.errors:
            for error in outcome.errors:
                print(json.dumps(error, ensure_ascii=False))
        named.append((_set_name(source), outcome))
    if not any(outcome.docs for _, outcome in named):
        raise UsageError(
            f"no gold file in {args.gold} matches an article of {' '.join(args.inputs)} "
            "(a gold file is matched by the article's file stem or JSONL id)"
        )
    print(format_sets(named, by_doc=args.by_doc, by_rule=args.by_rule))
    if args.write_calibration:
        from ..io.atomic import atomic_write_text
        from ..relations.confidence import table_text
        from .evaluate import calibration_counts, merge_evaluations

        sets = ", ".join(f"{name} ({len(result.docs)})" for name, result in named)
        atomic_write_text(
            args.write_calibration,
            table_text(calibration_counts(merge_evaluations([r for _, r in named])), f"kg eval over {sets}"),
        )
        print(f"wrote {args.write_calibration}")
    return 1 if failed else 0


def _set_name(source: str) -> str:
    path = Path(source)
    return (path.name if path.is_dir() else path.stem) or source


def cmd_clean(args: argparse.Namespace) -> int:
    """Print the cleaned body and metadata of one article: what the extractor will read.

    Example:
      kg clean ../shared/seeds/004_430d29aad108b5a3.txt --removed
    """
    from ..ingest import iter_articles
    from ..model import InputFailure

    status = 0
    for item in iter_articles([args.input]):
        if isinstance(item, InputFailure):
            _report_failures("clean", [item])
            status = 1
            continue
        document = _cleaned(item)
        if isinstance(document, InputFailure):
            _report_failures("clean", [document])
            status = 1
            continue
        print(json.dumps({"doc": document.doc_id, **document.meta.to_gold()}, ensure_ascii=False))
        print(document.text)
        if args.removed:
            print("\n--- removed ---")
            for removal in document.removed:
                where = f"line {removal.line}: " if removal.line >= 0 else ""
                print(f"[{removal.rule}] {where}{removal.text}")
    return status


def _cleaned(raw):
    """``clean_article(raw)``, or the failure of that article (any exception: its bug, reported)."""
    from ..clean import clean_article
    from ..pipeline import guarded

    return guarded(clean_article, raw)


def cmd_query(args: argparse.Namespace) -> int:
    """Run a SPARQL query (text, .rq file, or canned query name) over a Turtle export.

    Canned queries live in ontology/queries/.  --min-confidence X hides the
    relations under confidence X (each query's header says which relations it
    filters; the gazetteer's containment has no confidence and is never hidden).
    --store DIR runs the query on an embedded persistent store (pyoxigraph), for
    large graphs; the answers are the same.  Only read-only queries run: an
    UPDATE or a SERVICE clause is refused.  Tables print labels beside IRIs and
    cut long texts (csv and json keep them whole; json gives numbers as numbers).

    Example:
      kg query exports/seeds.ttl people-posts --format csv
      kg query exports/seeds.ttl programmes-in-place --param place=苏州市 --min-confidence 0.8
      kg query exports/seeds.ttl evidence --param head=吴江区 --limit 20
    """
    from .query import format_result, run_query

    params = dict(_split_param(p) for p in args.param)
    result = run_query(
        args.file,
        args.query,
        store_dir=args.store,
        params=params,
        min_confidence=args.min_confidence,
        limit=args.limit,
    )
    print(format_result(result, args.format, terminal=sys.stdout.isatty()))
    if result.truncated and args.format != "table":
        print(f"kg query: stopped at --limit {args.limit} rows; there are more", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve an export as a read-only SPARQL endpoint (the Oxigraph server), with a query page.

    SOURCE is a Turtle export (loaded once into a store folder: --store DIR,
    default NAME.store next to it) or a store folder.  Answers the SPARQL 1.1
    protocol at /query (updates refused); / is a query page that works offline,
    with the canned queries to pick from.  Listens on 127.0.0.1 unless --bind;
    --port 0 picks a free port.  Ctrl-C or SIGTERM stops it.

    Example:
      kg serve exports/seeds.ttl --port 7878
      curl http://127.0.0.1:7878/query --data-urlencode query@ontology/queries/people-posts.rq
    """
    from .serve import Endpoint, prepare_store

    store = prepare_store(args.source, args.store)
    # SIGTERM stops the server as Ctrl-C does: through the finally below, leaving no process.
    signal.signal(signal.SIGTERM, _interrupt)
    with Endpoint(store, bind=args.bind, port=args.port) as endpoint:
        print(f"serving {args.source} (store {store}) at {endpoint.url}", flush=True)
        print(f"SPARQL endpoint: {endpoint.url}query; Ctrl-C stops", flush=True)
        try:
            endpoint.wait()
        except KeyboardInterrupt:
            print("stopped", flush=True)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise UsageError(f"--param takes NAME=VALUE, got {text!r}")
    return name, value


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a Turtle export against the project's SHACL shapes (pyshacl).

    Exit status 1 when the graph does not conform, and when the file is empty,
    holds no triple or is not Turtle (said in one line: an empty graph would
    trivially conform).

    Example:
      kg validate exports/demo.ttl
    """
    from .validate import validate_file

    report = validate_file(args.file)
    print(report.text)
    return 0 if report.conforms else 1


def cmd_html(args: argparse.Namespace) -> int:
    """Write the interactive HTML page of an export, or of one entity's neighbourhood.

    The page's confidence slider hides relations under the chosen confidence
    (--min-confidence X sets where it starts); the gazetteer's containment
    (dashed) is never hidden by it.

    Example:
      kg html exports/seeds.ttl --focus 吴江区 --depth 2 -o exports/wujiang.html
    """
    from ..export.html import describe_matches, focus_centres, focus_subgraph, write_html
    from .loader import load_graph

    G = load_graph(args.file)
    title, centres = None, None
    if args.focus:
        centres = focus_centres(G, args.focus)
        if len(centres) > 1:  # say which ones, so a reader knows whose neighbourhood the page shows
            matches = describe_matches(G, centres)
            print(
                f"kg html: --focus {args.focus} matches {matches}; the page centres on all", file=sys.stderr
            )
        G = focus_subgraph(G, args.focus, args.depth)
        title = f"{args.focus} · {args.depth} 跳 / hops"
    default = (
        Path(args.file).with_suffix(".html")
        if not args.focus
        else Path(args.file).with_name(f"{Path(args.file).stem}.{args.focus}.html")
    )
    out = Path(args.out) if args.out else default
    written = write_html(
        G, out, max_nodes=args.max_nodes, title=title, min_confidence=args.min_confidence, centres=centres
    )
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_notebook(args: argparse.Namespace) -> int:
    """Run the notebooks in notebooks/ on a fresh kernel, render them to HTML, or clear them.

    run: execute every notebook (or the NOTEBOOKs given) top to bottom on the
    export --export names (default: $KG_EXPORT, else exports/seeds.json, else
    exports/demo.json); exit status 1 at the first failing cell.  render: the
    same, then write OUT/<notebook>.html.  clear: strip outputs and execution
    counts, so notebooks are committed clean.

    Example:
      kg notebook run
      kg notebook render --out exports
      KG_EXPORT=exports/mine.json kg notebook run
    """
    from . import notebooks

    if args.action == "clear":
        for path in args.notebooks or notebooks.notebook_paths():
            print(f"{'cleared' if notebooks.clear_outputs(path) else 'already clear'}: {path}")
        return 0
    out = args.out if args.action == "render" else None
    runs = notebooks.run_notebooks(args.notebooks, export=args.export, timeout=args.timeout, out=out)
    for path, html in runs:
        print(f"wrote {html}" if html else f"ran {path}")
    return 0


def _report_failures(command: str, failures) -> None:
    for failure in failures:
        print(
            f"kg {command}: skipped {failure.source_path}: [{failure.code}] {failure.reason}", file=sys.stderr
        )


# ---------------------------------------------------------------- parser


def _add_inputs(p: argparse.ArgumentParser, required: bool = False) -> None:
    p.add_argument(
        "inputs",
        nargs="+" if required else "*",
        metavar="INPUT",
        help="article files (.txt .html .jsonl), folders (recursive), globs, or - for stdin"
        + ("" if required else " (default: the built-in demo corpus)"),
    )


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("cn-grassroots-kg")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"kg {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable) -> argparse.ArgumentParser:
        doc = func.__doc__ or ""
        p = sub.add_parser(
            name,
            help=doc.splitlines()[0],
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=func)
        return p

    p = command("build", cmd_build)
    _add_inputs(p)
    p.add_argument("-o", "--out", default="exports", help="output folder (default: exports)")
    p.add_argument("--name", help="output file stem (default: demo, or the input folder's name)")
    p.add_argument(
        "--format",
        action="append",
        dest="formats",
        metavar="FMT",
        help="export format, repeatable: ttl html json jsonld nt graphml gexf csv (default: ttl html json)",
    )
    p.add_argument(
        "--mentions",
        action="store_true",
        help="also write every mention (kg:Mention, with offsets) into the RDF exports (default: off)",
    )
    p.add_argument(
        "--max-nodes", type=int, default=1500, help="node cap of the HTML page, >= 1 (default: 1500)"
    )
    p.add_argument("--jobs", type=int, default=0, help="worker processes, 0 = all cores (default: 0)")
    p.add_argument(
        "--engine",
        choices=["processes", "dask"],
        default="processes",
        help="where articles are extracted: a local process pool or a Dask cluster (default: processes)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="--engine dask: the cluster's scheduler (default: start a LocalCluster of --jobs workers)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="recompute every article; the cache is still refreshed (default: use the cache)",
    )
    p.add_argument("--cache-dir", default=None, help="cache folder (default: OUT/.kgcache)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (default: shown on a terminal)")

    p = command("cache", cmd_cache)
    p.add_argument("action", choices=["info", "prune", "clear"], help="what to do (info, prune or clear)")
    p.add_argument(
        "-o", "--out", default="exports", help="the output folder of kg build whose cache (default: exports)"
    )
    p.add_argument(
        "--cache-dir", default=None, help="cache folder (default: OUT/.kgcache, where kg build puts it)"
    )
    p.add_argument(
        "--older-than",
        type=float,
        metavar="DAYS",
        help="prune: also delete entries no build has used for DAYS days (default: keep them)",
    )

    p = command("extract", cmd_extract)
    _add_inputs(p, required=True)
    p.add_argument("--jsonl", required=True, help="output JSON Lines file, - for stdout (required)")

    p = command("eval", cmd_eval)
    _add_inputs(p, required=True)
    p.add_argument("--gold", required=True, help="folder of gold JSON files (required)")
    p.add_argument(
        "--errors", action="store_true", help="also list every miss and false positive (default: off)"
    )
    p.add_argument("--by-doc", action="store_true", help="also a row per article (default: off)")
    p.add_argument("--by-rule", action="store_true", help="also the precision of every rule (default: off)")
    p.add_argument(
        "--write-calibration",
        metavar="FILE",
        help="write the relation rules' precision as a calibration table, as make calibrate does "
        "(default: not written)",
    )

    p = command("clean", cmd_clean)
    p.add_argument("input", metavar="INPUT", help="one article file, or - for stdin")
    p.add_argument(
        "--removed", action="store_true", help="show what was removed and why (default: not shown)"
    )

    p = command("query", cmd_query)
    p.add_argument("file", metavar="FILE.ttl", help="a Turtle export written by kg build")
    p.add_argument("query", metavar="QUERY", help="SPARQL text, a .rq file, or a canned query name")
    p.add_argument(
        "--format", default="table", choices=["table", "csv", "json"], help="output format (default: table)"
    )
    p.add_argument("--limit", type=int, metavar="N", help="print the first N rows only (default: every row)")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="value for a query's parameter, repeatable (default: none, every value matches)",
    )
    p.add_argument(
        "--min-confidence",
        metavar="X",
        default=None,
        help="hide relations of confidence under X (0 to 1); canned queries except articles-mentioning "
        "(default: none hidden)",
    )
    p.add_argument(
        "--store",
        metavar="DIR",
        help="run on an embedded persistent store in DIR (pyoxigraph) (default: in memory, rdflib)",
    )

    p = command("serve", cmd_serve)
    p.add_argument("source", metavar="EXPORT.ttl|STORE", help="a Turtle export, or an Oxigraph store folder")
    p.add_argument(
        "--store", metavar="DIR", help="store folder for the Turtle (default: NAME.store beside it)"
    )
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878; 0 = a free one)")

    p = command("validate", cmd_validate)
    p.add_argument("file", metavar="FILE.ttl", help="a Turtle export written by kg build")

    p = command("html", cmd_html)
    p.add_argument("file", metavar="FILE", help="an export: .ttl or .json")
    p.add_argument(
        "--focus", metavar="NAME", help="entity (name or alias) at the centre (default: the whole graph)"
    )
    p.add_argument("--depth", type=int, default=2, help="hops around --focus (default: 2)")
    p.add_argument("--max-nodes", type=int, default=1500, help="node cap of the page (default: 1500)")
    p.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="X",
        help="where the page's confidence slider starts: relations under X hidden (default: 0)",
    )
    p.add_argument("-o", "--out", help="output .html (default: next to FILE)")

    p = command("notebook", cmd_notebook)
    p.add_argument("action", choices=["run", "render", "clear"], help="what to do (run, render or clear)")
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK", help="default: every notebook in notebooks/")
    p.add_argument(
        "--export",
        metavar="FILE",
        help="export to explore (default: $KG_EXPORT, exports/seeds.json or exports/demo.json)",
    )
    p.add_argument("--timeout", type=int, default=60, help="seconds per cell (default: 60)")
    p.add_argument("--out", default="exports", help="render: folder for the HTML (default: exports)")
    return parser


def run() -> None:
    """The ``kg`` command and ``python -m graph``: ``main``, then an exit that skips the teardown."""
    from .exit import exit_without_teardown

    exit_without_teardown(main())


def main(argv: Sequence[str] | None = None) -> int:
    from ..pipeline import collect_rarely

    collect_rarely()
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KGError as error:
        print(f"kg {args.command}: {error}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print(f"kg {args.command}: terminated (SIGTERM); the exports are as they were", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
