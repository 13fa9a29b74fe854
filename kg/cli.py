"""The command line: a thin skin over the library (no logic lives here)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_OK, EXIT_PARTIAL, KGError

__all__ = ["main", "make_parser", "COMMAND_MODULES", "CORE_COMMANDS"]

#: Modules that add subcommands: each has ``register(subparsers)``. Registration is explicit.
COMMAND_MODULES: tuple[str, ...] = (
    "kg.serve",
    "kg.push",
    "kg.validate",
    "kg.docs",
    "kg.analytics",
    "kg.eval",
    "kg.synth",
)


def _cmd_build(args) -> int:
    from .pipeline import build
    from .settings import Settings

    summary = build(args.inputs or ["data/reports"], args.out, Settings.from_env(base=args.base),
                    page=not args.no_page, store_only=args.store_only, jobs=args.jobs,
                    cache=not args.no_cache, compact=not args.no_compact)
    print(summary.describe())
    return EXIT_PARTIAL if summary.failures else EXIT_OK


def _cmd_query(args) -> int:
    from .query import format_result, named_queries, run_query

    if args.list:
        for q in named_queries().values():
            print(f"{q.name:<24}{q.question_en}\n{'':<24}{q.question_zh}")
        return EXIT_OK
    if not args.query:
        raise KGError("give a query: a name (see `kg query --list`), a .rq file, SPARQL text or -",
                      code="E206")
    query = sys.stdin.read() if args.query == "-" else args.query
    result = run_query(query, args.data, timeout=args.timeout, limit=args.limit)
    sys.stdout.write(format_result(result, args.format))
    return EXIT_OK


def _cmd_viz(args) -> int:
    from rdflib import Graph

    from .errors import InputError
    from .viz import write_page

    src = Path(args.data) / "graph.ttl"
    if not src.is_file():
        raise InputError(f"{args.data}: no graph.ttl here; run `kg build --out {args.data}` first",
                         code="E110")
    g = Graph()
    g.parse(src, format="turtle")
    out = write_page(g, args.out or Path(args.data) / "network.html", args.title)
    print(f"wrote {out}")
    return EXIT_OK


#: The commands defined in this module: ``kg build …`` needs none of COMMAND_MODULES.
CORE_COMMANDS: tuple[str, ...] = ("build", "query", "viz")


def make_parser(*, command_modules: bool = True) -> argparse.ArgumentParser:
    """Returns the parser of every command (without COMMAND_MODULES' with ``command_modules=False``)."""
    p = argparse.ArgumentParser(prog="kg", description="Turn Chinese government work reports into a knowledge graph.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the knowledge graph and the network page from reports")
    b.add_argument("inputs", nargs="*", metavar="INPUT", help="report files or folders (default: data/reports)")
    b.add_argument("--out", default="build", metavar="DIR", help="output folder (default: build)")
    b.add_argument("--base", default=None, metavar="IRI", help="base IRI of the data (default: $KG_BASE_IRI or the project's)")
    b.add_argument("--no-page", action="store_true", help="do not write network.html")
    b.add_argument("--store-only", action="store_true",
                   help="write only graph.nq and the store, streaming (for thousands of reports)")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: one per core)")
    b.add_argument("--no-cache", action="store_true",
                   help="re-extract every report instead of reusing DIR/cache")
    b.add_argument("--no-compact", action="store_true",
                   help="with --store-only: do not compact the store after loading it "
                        "(a faster build, slower queries)")
    b.set_defaults(func=_cmd_build)

    q = sub.add_parser("query", help="run a named query, a .rq file or SPARQL text on a build")
    q.add_argument("query", nargs="?", metavar="QUERY", help="a query name, a .rq file, SPARQL text, or - for stdin")
    q.add_argument("--data", default="build", metavar="DIR", help="the build folder (default: build)")
    q.add_argument("--format", default="table",
                   choices=("table", "csv", "tsv", "json", "xml", "turtle", "json-ld", "n-triples"),
                   help="table, csv, tsv, json or xml for SELECT / ASK; table, turtle, json-ld or "
                        "n-triples for CONSTRUCT / DESCRIBE (default: table)")
    q.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="stop the query after S seconds (it runs in a separate process)")
    q.add_argument("--limit", type=int, default=None, metavar="N", help="return at most N rows or triples")
    q.add_argument("--list", action="store_true", help="list the named queries with their questions")
    q.set_defaults(func=_cmd_query)

    v = sub.add_parser("viz", help="write the network page of a build")
    v.add_argument("--data", default="build", metavar="DIR", help="the build folder (default: build)")
    v.add_argument("--out", default=None, metavar="FILE", help="the page to write (default: DIR/network.html)")
    v.add_argument("--title", default="Knowledge graph", help="the page title (default: Knowledge graph)")
    v.set_defaults(func=_cmd_viz)

    if not command_modules:
        return p
    import importlib

    for module in COMMAND_MODULES:  # each defines register(subparsers); heavy imports stay inside handlers
        importlib.import_module(module).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        # a core command needs no other command's module (importing them all costs a build time)
        parser = make_parser(command_modules=not argv or argv[0] not in CORE_COMMANDS)
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_OK
        return args.func(args)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, never a traceback
        print(f"kg: error: [E999] internal error ({type(exc).__name__}: {exc}); please report it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
