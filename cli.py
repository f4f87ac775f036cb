"""clausegraph command line: a thin front that turns arguments into calls of ingest/ and graph/."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from clausegraph.errors import ClauseGraphError
from clausegraph.resources import package_dir

VERBS = ("ingest | remove | query | queries | validate | shacl | export | stats | track | stances | network | serve "
         "| app")


def _bounded(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from low (to high), refused with argparse's usage line otherwise."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}" if high is not None
                                             else f"{value} is less than {low}")
        return value

    return parse


PORT = _bounded(1, 65535)


def _store(args: argparse.Namespace, read_only: bool = False):
    from clausegraph.graph.store import HAS_DOCUMENTS, open_store
    from clausegraph.graph.store.remote import endpoint_from_env, open_remote

    if endpoint_from_env(getattr(args, "endpoint", None)):
        return open_remote(args.endpoint, args.update_endpoint, read_only=read_only)
    store = open_store(args.store, read_only=read_only)
    # a cheap question of an embedded store (a remote one would pay a listing of its graphs on every verb)
    if read_only and not store.query(HAS_DOCUMENTS).rows[0][0]:
        print("clausegraph: note: the store holds no documents; ingest some first (`clausegraph ingest corpus/`)",
              file=sys.stderr)
    return store



def _reporter(verb: str) -> Callable[[int, int, str], None]:
    """Progress of long work on stderr: one line rewritten in place on a terminal; else a line per tenth of each
    stage (a log stays short)."""
    tty = sys.stderr.isatty()
    shown: dict[str, int] = {}

    def report(done: int, total: int, what: str) -> None:
        if tty:
            end = "\n" if done == total else ""
            print(f"\r{verb}: {done}/{total} {what}".ljust(70), end=end, file=sys.stderr, flush=True)
            return
        tenth = done * 10 // max(total, 1)
        if done == total or tenth > shown.get(what, 0):
            shown[what] = tenth
            print(f"{verb}: {done}/{total} {what}", file=sys.stderr, flush=True)

    return report


def cmd_ingest(args: argparse.Namespace) -> int:
    from clausegraph.ingest import BuiltDocument, build_document
    from clausegraph.ingest.record import describe, undated
    from clausegraph.pipeline import load_paths

    store = _store(args)
    many = len(args.paths) > 1 or any(Path(p).is_dir() for p in args.paths)
    found: dict[str, list[str]] = {}  # file name -> its record line and warning, shown unless the file failed

    def build(path: Path) -> BuiltDocument:
        built = build_document(path)
        warning = undated(built.document)
        found[path.name] = [f"ingest: {describe(built.document)}"] + (
            [f"clausegraph: warning: {warning}"] if warning else [])
        return built

    def progress(done: int, total: int, name: str) -> None:
        if many and sys.stderr.isatty():
            print(f"\r[{done}/{total}] {name[:60]:<60}", end="", file=sys.stderr, flush=True)
        elif many and (done == total or done % 50 == 0):
            print(f"[{done}/{total}] {name}", file=sys.stderr)

    summary = load_paths(store, args.paths, build=build, progress=progress, force=args.force)
    if many and sys.stderr.isatty():
        print(file=sys.stderr)
    failed = {name for name, _ in summary.failed}
    for line in (line for name, lines in found.items() if name not in failed for line in lines):
        print(line, file=sys.stderr)  # the document record as read, so a wrong title or date shows
    for _name, error in summary.failed:
        print(f"clausegraph: error: {error}", file=sys.stderr)
    print(f"ingest: {summary.line()}")
    advice = store.after_bulk_load(len(summary.added) + len(summary.replaced))
    if advice:
        print(f"clausegraph: note: {advice}", file=sys.stderr)
    if args.validate and (summary.added or summary.replaced):
        from clausegraph.graph.validation.validate import validate

        report = validate(store, documents=summary.added + summary.replaced, progress=_reporter("validate"))
        print(report.text())
        if not report.conforms:
            return 1
    return 1 if summary.failed else 0


def cmd_remove(args: argparse.Namespace) -> int:
    from clausegraph.pipeline import remove_documents

    removed = remove_documents(_store(args), args.names)
    for name in removed:
        print(f"removed {name}", file=sys.stderr)
    print(f"remove: {len(removed)} removed")
    return 0


def _titles(store) -> dict[str, str]:
    """File name -> "Title (year)" of every document with a title, as listings show documents."""
    from clausegraph.graph.query.named import run_named
    from clausegraph.graph.store.terms import plain

    out = {}
    for row in run_named(store, "documents").rows:
        file, title, adopted = plain(row[0]), plain(row[1]), plain(row[4])
        if title:
            out[file] = f"{title} ({adopted[:4]})" if adopted[:4].isdigit() else title
    return out


def _paging(args: argparse.Namespace) -> tuple[int | None, int]:
    return getattr(args, "limit", None), getattr(args, "offset", 0) or 0


def _listing(args: argparse.Namespace, columns: list[str], rows, titled=None, width: int = 60) -> int:
    """Rows of a listing verb written as its --format asks, --offset and --limit applied (a table shows each
    document by its title and year, the file name in a column of its own)."""
    from itertools import islice

    from clausegraph import render

    limit, offset = _paging(args)
    rows = islice(rows, offset, None if limit is None else offset + limit)
    if args.format == "table":
        if titled:
            columns, rows = render.with_titles(columns, rows, titled)
        sys.stdout.write(render.table(columns, rows, width) + "\n")
    else:
        render.write_rows(columns, rows, args.format, sys.stdout)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from clausegraph import render
    from clausegraph.graph.query.named import load_query, parse_params, run, run_page, stream
    from clausegraph.graph.query.resolve import resolve_param

    query = load_query(args.query)
    store = _store(args, read_only=True)
    params = parse_params(args.param or [])
    # an entity by any of its names ("PRC", "north korea"), as `stances` takes it; a document by file name, path
    # or stem; a stance or type in any case: a value the store does not know is an error, not an empty answer
    for name, value in params.items():
        spec = query.params.get(name)
        if spec is not None:
            params[name] = resolve_param(store, name, value, spec.kind)
    limit, offset = _paging(args)
    if args.format == "table":
        result = run(store, query, params) if limit is None and not offset else \
            run_page(store, query, params, limit, offset, count=False)[0]
        columns, rows = render.with_titles(result.columns, result.rows, _titles(store))
        text = render.table(columns, rows, args.width)
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
        return 0
    # csv, json, ndjson: rows written as the engine yields them, none held
    columns, rows = stream(store, query, params, limit, offset)
    if not args.output:
        render.write_rows(columns, rows, args.format, sys.stdout)
        return 0
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        n = render.write_rows(columns, rows, args.format, out)
    print(f"query: wrote {n} row{'s' if n != 1 else ''} to {args.output}", file=sys.stderr)
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    from clausegraph.graph.query.named import list_queries

    for q in list_queries():
        params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params.values())
        print(f"{q.name:<18} {q.description}" + (f"  [params: {params}]" if params else ""))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from clausegraph.graph.validation.validate import validate

    report = validate(_store(args, read_only=True), documents=args.document, engine=args.engine,
                      progress=_reporter("validate"))
    print(report.text() if args.format == "text" else report.standard(args.format))
    return 1 if report.fails(args.fail_on) else 0


def cmd_shacl(args: argparse.Namespace) -> int:
    from clausegraph.graph.validation.shacl import check
    from clausegraph.graph.validation.shacl_report import read_graph

    data = read_graph(args.data)
    outcome = check(data, read_graph(args.shapes) if args.shapes else None, engine=args.engine,
                    allow_warnings=args.allow_warnings)
    print(outcome.text() if args.format == "text" else outcome.serialize(args.format))
    return 0 if outcome.conforms else 1


def cmd_export(args: argparse.Namespace) -> int:
    data = _store(args, read_only=True).dump(args.format)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"export: wrote {len(data)} bytes to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from clausegraph import render
    from clausegraph.graph.query.named import run_named

    store = _store(args, read_only=True)
    for name, title in (("counts", "Graph"), ("entity-types", "Entities by type"), ("stance-counts", "Stances")):
        result = run_named(store, name)
        print(f"== {title}")
        print(render.table(result.columns, result.rows))
    return 0


def cmd_track(args: argparse.Namespace) -> int:
    from clausegraph import render
    from clausegraph.graph.query.tracking import tracking

    store = _store(args, read_only=True)
    result = tracking(store, _reporter("track"))
    if args.format == "table" and getattr(args, "limit", None) is None and not args.offset:
        sys.stdout.write(render.tracking(result, _titles(store)))
        return 0
    return _listing(args, render.TRACK_COLUMNS, render.tracking_rows(result), _titles(store))


def cmd_asks_taken_up(args: argparse.Namespace) -> int:
    from clausegraph import render
    from clausegraph.graph.query.named import run_named

    params = {"document": args.document} if args.document else {}
    result = run_named(_store(args, read_only=True), "asks-taken-up", **params)
    print(render.table(result.columns, result.rows, args.width))
    return 0


def cmd_stances(args: argparse.Namespace) -> int:
    from clausegraph import render
    from clausegraph.errors import QueryError
    from clausegraph.graph.query.stances import stance_over_time

    store = _store(args, read_only=True)
    actors = stance_over_time(store, args.entity)
    if args.entity and not actors:
        raise QueryError(f"no stances about {args.entity} (stances are tracked for states, organisations "
                         "and non-state actors)")
    titles = _titles(store)
    if args.entity and args.format == "table" and getattr(args, "limit", None) is None and not args.offset:
        for actor in actors:
            sys.stdout.write(render.actor(actor, titles))
        return 0
    if args.entity:
        return _listing(args, render.ACTOR_COLUMNS, render.stance_act_rows(actors), titles, width=70)
    rows = list(render.stance_summary_rows(actors))
    _listing(args, render.SUMMARY_COLUMNS, rows, titles, width=50)
    if args.format == "table":
        print(f"({len(actors)} actor{'s' if len(actors) != 1 else ''}, {len(rows)} rows in all)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from clausegraph.graph.store import store_path
    from clausegraph.graph.store.serve import serve

    def warn(message: str) -> None:
        print(f"clausegraph: warning: {message}", file=sys.stderr)

    return serve(store_path(args.store), args.bind, args.port, args.timeout, say=lambda m: print(m, flush=True),
                 warn=warn)


def cmd_network(args: argparse.Namespace) -> int:
    from clausegraph import render
    from clausegraph.graph.analytics import network
    from clausegraph.graph.analytics import projections as pj
    from clausegraph.graph.query.resolve import resolve_document

    store = _store(args, read_only=True)
    named = (args.document or []) + getattr(args, "document_after_action", [])  # before and after the action
    documents = [resolve_document(store, d) for d in named] if named else None
    g = pj.projection(store, args.projection, documents)
    if args.export:
        fmt, target = args.export
        if fmt not in network.EXPORT_FORMATS:
            raise ClauseGraphError(f"unknown export format {fmt!r}; choose {', '.join(network.EXPORT_FORMATS)}")
        for path in network.export(g, fmt, target):
            print(f"network: wrote {path}", file=sys.stderr)
    action = getattr(args, "action", None)
    if action == "centrality":
        render.centrality(g, sys.stdout, args.top)
    elif action == "communities":
        render.communities(g, sys.stdout, args.method)
    elif action == "path":
        render.path(pj.explain(store, g, args.source, args.target), sys.stdout, args.clauses)
    elif action == "ego":
        render.ego(g, pj.node_for(store, network.simple(g), args.entity), sys.stdout, args.depth)
    elif not args.export:
        render.network_summary(g, sys.stdout)
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.store:
        env["CLAUSEGRAPH_STORE"] = str(args.store)
    if args.endpoint:
        env["CLAUSEGRAPH_ENDPOINT"] = args.endpoint
    if args.update_endpoint:
        env["CLAUSEGRAPH_UPDATE_ENDPOINT"] = args.update_endpoint
    app = package_dir() / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", args.bind,
           "--server.port", str(args.port), "--browser.gatherUsageStats", "false"]
    import signal
    import time

    child = subprocess.Popen(cmd, env=env)
    grace = 15.0  # seconds the server has to stop after SIGTERM or SIGINT before it is killed
    asked: list[float] = []  # when a stop was asked for

    def forward(signum: int, _frame: object) -> None:
        """SIGTERM or SIGINT to this process stops the server too (SIGTERM: a server started in the background
        may ignore SIGINT); it is waited for below."""
        asked.append(time.monotonic())
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        while child.poll() is None:
            if asked and time.monotonic() - asked[0] > grace:
                child.kill()
            try:
                child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if child.poll() is None:
            child.kill()
        child.wait()
    return 128 - child.returncode if child.returncode < 0 else child.returncode


def _network_options(p: argparse.ArgumentParser, top_level: bool = False) -> None:
    """--projection, --document and --export, accepted before or after the network action."""
    unset = argparse.SUPPRESS  # an action's parser must not reset what was given before the action
    p.add_argument("--projection", metavar="NAME", default="co-mention" if top_level else unset,
                   help="co-mention (default: entities in the same clause), commitment (entities in the same "
                        "operative point), commitment-entity (point -> entity), stance (the Assembly -> entity)")
    p.add_argument("--document", metavar="NAME", action="append", default=None if top_level else unset,
                   dest="document" if top_level else "document_after_action",
                   help="only this document (file name, stem or graph IRI; repeatable)")
    p.add_argument("--export", nargs=2, metavar=("graphml|gexf|csv", "FILE"), default=None if top_level else unset,
                   help="write the network: GraphML, GEXF, or CSV (FILE is a folder for nodes.csv and edges.csv)")


def _paging_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=_bounded(0), metavar="N", help="at most N rows")
    p.add_argument("--offset", type=_bounded(0), default=0, metavar="M", help="skip the first M rows (default 0)")


def _listing_options(p: argparse.ArgumentParser) -> None:
    """--format table|csv|json and --limit/--offset of a listing verb."""
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table (default), or one row per line of the listing as csv or json")
    _paging_options(p)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="clausegraph", description="A knowledge graph of parliamentary resolutions.")
    ap.add_argument("--store", metavar="DIR", help="store folder (default $CLAUSEGRAPH_STORE or ./.clausegraph/store)")
    ap.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint to use instead of the store folder "
                    "(default $CLAUSEGRAPH_ENDPOINT; credentials from $CLAUSEGRAPH_ENDPOINT_USER/_PASSWORD)")
    ap.add_argument("--update-endpoint", metavar="URL",
                    help="its SPARQL Update endpoint (default $CLAUSEGRAPH_UPDATE_ENDPOINT, else --endpoint)")
    sub = ap.add_subparsers(dest="verb", metavar="VERB", help=VERBS)
    sub.required = True
    p = sub.add_parser("ingest", help="ingest files or folders of .txt, .md, .html or .pdf resolutions")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, and folders searched for them")
    p.add_argument("--validate", action="store_true",
                   help="then check the documents added or replaced (shapes and rules)")
    p.add_argument("--force", action="store_true",
                   help="rebuild and rewrite every file, even one the store holds unchanged")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("remove", help="remove documents from the store (file name, path, stem or graph IRI)")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.set_defaults(func=cmd_remove)
    p = sub.add_parser("query", help="run a named query, a .rq file or SPARQL text")
    p.add_argument("query", metavar="NAME|FILE.rq|SPARQL")
    p.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a parameter (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json", "ndjson"], default="table",
                   help="output (default table); csv, json and ndjson are written row by row as the engine "
                        "yields them, in memory that does not grow with the rows")
    p.add_argument("--width", type=_bounded(0), default=60, metavar="N",
                   help="cut table cells to N characters (default 60; 0: never cut; csv and json are never cut)")
    _paging_options(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write the rows to FILE instead of the screen")
    p.set_defaults(func=cmd_query)
    p = sub.add_parser("queries", help="list the named queries and their parameters")
    p.set_defaults(func=cmd_queries)
    p = sub.add_parser("validate", help="check the graph against the SHACL shapes and the consistency rules")
    p.add_argument("--document", action="append", metavar="NAME",
                   help="check only this document (file name, stem or graph IRI; repeatable)")
    p.add_argument("--engine", choices=["auto", "compiled", "sparql", "pyshacl"], default="auto",
                   help="how the core shapes are checked: compiled to SPARQL (sparql: its former name), or by "
                        "pySHACL (the reference); auto compiles them when every shape can be compiled (default)")
    p.add_argument("--format", choices=["text", "turtle", "json-ld"], default="text",
                   help="text: the readable report (default); turtle, json-ld: the standard sh:ValidationReport")
    p.add_argument("--fail-on", choices=["violation", "warning", "info"], default="violation",
                   help="exit 1 when a result is at least this severe (default violation: warnings and infos "
                        "exit 0, though SHACL says such a graph does not conform)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("shacl", help="validate any RDF file against any SHACL shapes file (a standard report)")
    p.add_argument("data", metavar="DATA", help="the data graph (Turtle, N-Triples, RDF/XML, JSON-LD, TriG ...)")
    p.add_argument("--shapes", metavar="SHAPES", help="the shapes graph (default: the data file's own shapes)")
    p.add_argument("--engine", choices=["auto", "compiled", "pyshacl"], default="auto",
                   help="compiled to SPARQL, pySHACL, or auto: compiled when it can answer as SHACL does (default)")
    p.add_argument("--format", choices=["text", "turtle", "json-ld"], default="text",
                   help="text: one line per result (default); turtle, json-ld: the standard sh:ValidationReport")
    p.add_argument("--allow-warnings", action="store_true",
                   help="conform when every result is a warning or an info (SHACL: any result fails)")
    p.set_defaults(func=cmd_shacl)
    p = sub.add_parser("export", help="write the graph as RDF")
    p.add_argument("--format", choices=["turtle", "trig", "nquads", "jsonld"], default="trig")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("stats", help="counts of documents, clauses, entities and stances")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("track", help="recurring asks across documents: repeated, strengthened, weakened, new, dropped")
    _listing_options(p)
    p.set_defaults(func=cmd_track)
    p = sub.add_parser("asks-taken-up", help="the Assembly's asks that later decisions (summits) took up, and why")
    p.add_argument("--document", metavar="NAME", help="only the asks of this document (its source file name)")
    p.add_argument("--width", type=_bounded(0), default=60, metavar="N", help="cut cells to N characters (0: never)")
    p.set_defaults(func=cmd_asks_taken_up)
    p = sub.add_parser("stances", aliases=["stance-over-time"],
                       help="stances about an actor per document in date order (all actors without ENTITY)")
    p.add_argument("entity", nargs="?", metavar="ENTITY", help="an entity name (China) or IRI")
    _listing_options(p)
    p.set_defaults(func=cmd_stances)
    p = sub.add_parser("serve", help="serve the store as a read-only SPARQL 1.1 endpoint (Oxigraph server)")
    p.add_argument("--port", type=PORT, default=7878, help="port to listen on (default 7878)")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default loopback only)")
    p.add_argument("--timeout", type=_bounded(1), default=60, metavar="SECONDS",
                   help="stop a query after this long (default 60)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("network", help="network analytics: centrality, communities, path A B, ego ENTITY; exports")
    _network_options(p, top_level=True)
    p.set_defaults(func=cmd_network)
    acts = p.add_subparsers(dest="action", metavar="ACTION", help="centrality | communities | path | ego")
    q = acts.add_parser("centrality", help="the most central entities by degree and betweenness")
    q.add_argument("--top", type=_bounded(1), default=10, metavar="N", help="how many (default 10)")
    _network_options(q)
    q = acts.add_parser("communities", help="communities of the network (modularity)")
    q.add_argument("--method", choices=["greedy", "louvain"], default="greedy")
    _network_options(q)
    q = acts.add_parser("path", help="the shortest path between two entities, each hop with its clauses")
    q.add_argument("source", metavar="A")
    q.add_argument("target", metavar="B")
    q.add_argument("--clauses", type=_bounded(0), default=3, metavar="N", help="clauses shown per hop (0: all)")
    _network_options(q)
    q = acts.add_parser("ego", help="the neighbours of an entity with the clauses that link them")
    q.add_argument("entity", metavar="ENTITY")
    q.add_argument("--depth", type=_bounded(1), default=1, help="hops from the entity (default 1)")
    _network_options(q)
    p = sub.add_parser("app", help="start the Streamlit explorer over the store")
    p.add_argument("--port", type=PORT, default=8501, help="port to listen on (default 8501)")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default loopback only)")
    p.set_defaults(func=cmd_app)
    _global_options_after_the_verb(sub, acts)
    return ap


GLOBAL_OPTIONS = (("--store", "DIR"), ("--endpoint", "URL"), ("--update-endpoint", "URL"))


def _global_options_after_the_verb(*groups: argparse._SubParsersAction) -> None:
    """--store, --endpoint and --update-endpoint are also taken after the verb (and after a network action),
    where a user naturally adds them: `clausegraph stats --store X` is `clausegraph --store X stats`."""
    done: set[int] = set()
    for group in groups:
        for verb in group.choices.values():
            if id(verb) in done:  # an alias names the same parser
                continue
            done.add(id(verb))
            for flag, metavar in GLOBAL_OPTIONS:
                verb.add_argument(flag, metavar=metavar, default=argparse.SUPPRESS,
                                  help=f"as {flag} before the verb")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0
    except ClauseGraphError as exc:
        print(f"clausegraph: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"clausegraph: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("clausegraph: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
