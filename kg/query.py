"""Named SPARQL queries and running them on a build's store, with W3C result formats.

A query runs either in this process (no timeout) or in a child process that holds the store
read-only and is killed when the query outlives its timeout: pyoxigraph cannot interrupt a
query, and a thread that stops waiting would leave the work running.
"""
from __future__ import annotations

import json
import queue
import re
import threading
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .errors import QueryError
from .resources import resource_path
from .store import open_store

__all__ = ["NamedQuery", "named_queries", "resolve_query", "run_query", "QueryResult",
           "ResultKind", "QueryTimeout", "FORMATS", "SOLUTION_FORMATS", "GRAPH_FORMATS",
           "format_result", "media_type", "execute", "QueryWorker", "WorkerPool",
           "syntax_message", "query_prefixes"]

#: Formats of SELECT / ASK results (W3C SPARQL results formats, plus a terminal table).
SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: Formats of CONSTRUCT / DESCRIBE results (RDF serialisations, plus a terminal table).
GRAPH_FORMATS = ("table", "turtle", "json-ld", "n-triples")
FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS[1:]

_MEDIA_TYPES = {
    "table": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle; charset=utf-8",
    "json-ld": "application/ld+json",
    "n-triples": "application/n-triples",
}


class QueryTimeout(QueryError):
    """A query that ran longer than its timeout and was stopped."""

    code = "E207"


class ResultKind(str, Enum):
    SELECT = "select"     # solutions: variables and rows
    ASK = "ask"           # a boolean
    GRAPH = "graph"       # CONSTRUCT / DESCRIBE: triples


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question_zh: str
    question_en: str
    text: str
    path: Path


def _parse_header(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        fields[key.strip()] = value.strip()
    return NamedQuery(name=path.stem, question_zh=fields.get("question-zh", ""),
                      question_en=fields.get("question-en", ""), text=text, path=path)


def named_queries() -> dict[str, NamedQuery]:
    """Returns the shipped named queries by name, sorted."""
    folder = resource_path("kg", "queries")
    return {p.stem: _parse_header(p) for p in sorted(folder.glob("*.rq"))}


_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def resolve_query(query: str) -> str:
    """Returns SPARQL text for a query name, a ``.rq`` file path, or SPARQL text itself."""
    queries = named_queries()
    if query in queries:
        return queries[query].text
    if query.endswith((".rq", ".sparql")) or ("\n" not in query and len(query) < 4096
                                                and Path(query).suffix and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"{query}: no such query file; give a query name "
                             f"({', '.join(queries)}), a .rq file or SPARQL text", code="E201")
        return path.read_text(encoding="utf-8")
    if _QUERY_FORM.search(query):
        return query
    raise QueryError(f"unknown query {query!r}; named queries are: {', '.join(queries)} "
                     "(or give a .rq file or SPARQL text)", code="E202")


@dataclass(frozen=True)
class QueryResult:
    """A query result as plain values (variables in query order, rows of strings or None).

    SELECT fills ``variables``, ``rows`` and ``raw`` (the W3C SPARQL JSON results document);
    ASK fills ``boolean`` and ``raw``; CONSTRUCT / DESCRIBE fill ``triples`` (N-Triples, one
    triple a line, sorted) and ``rows`` as (subject, predicate, object) in N-Triples syntax.
    ``truncated`` says the rows or triples were cut at a limit.
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    raw: dict  # the W3C SPARQL JSON results document
    kind: ResultKind = ResultKind.SELECT
    boolean: bool | None = None
    triples: bytes = b""
    truncated: bool = False
    prefixes: tuple[tuple[str, str], ...] = ()


_SYNTAX_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def syntax_message(exc: BaseException) -> str:
    """Returns pyoxigraph's SPARQL syntax error as ``line L, column C: problem``.

    >>> syntax_message(SyntaxError("error at 1:8: expected one of Prefix, Var"))
    'line 1, column 8: expected one of Prefix, Var'
    """
    text = str(exc)
    m = _SYNTAX_AT.search(text)
    if not m:
        return text
    return f"line {m.group(1)}, column {m.group(2)}: {m.group(3).strip()}"


_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE | re.MULTILINE)


def query_prefixes(text: str) -> tuple[tuple[str, str], ...]:
    """Returns the PREFIX declarations of a query as sorted (prefix, IRI) pairs."""
    return tuple(sorted({(m.group(1) or "", m.group(2)) for m in _PREFIX_DECL.finditer(text)}))


def _term_json(term) -> dict:
    """Returns a pyoxigraph term as a W3C SPARQL JSON results binding."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise QueryError(f"unsupported term {term!r} in a result; report it", code="E208")


def execute(store, text: str, limit: int | None = None) -> QueryResult:
    """Returns the result of SPARQL ``text`` on an open pyoxigraph store, cut at ``limit`` rows.

    The default graph is the union of the named graphs, so the named queries need no GRAPH.
    """
    import pyoxigraph as ox

    try:
        result = store.query(text)  # the default graph is the de-duplicated union (kg.store)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {syntax_message(exc)}; fix the query there",
                         code="E203") from None
    except OSError as exc:
        raise QueryError(f"the query failed ({exc}); check the query", code="E209") from None
    prefixes = query_prefixes(text)
    try:
        if isinstance(result, ox.QueryBoolean):
            value = bool(result)
            return QueryResult((), (), {"head": {}, "boolean": value}, ResultKind.ASK,
                               boolean=value, prefixes=prefixes)
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            bindings, truncated = [], False
            for i, solution in enumerate(result):
                if limit is not None and i >= limit:
                    truncated = True
                    break
                bindings.append({v: _term_json(solution[v]) for v in variables
                                 if solution[v] is not None})
            raw = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
            rows = tuple(tuple((b.get(v) or {}).get("value") for v in variables) for b in bindings)
            return QueryResult(variables, rows, raw, ResultKind.SELECT, truncated=truncated,
                               prefixes=prefixes)
        triples, truncated = [], False
        for i, triple in enumerate(result):
            if limit is not None and i >= limit:
                truncated = True
                break
            triples.append(triple)
    except OSError as exc:  # evaluation errors (e.g. a failed SERVICE call) surface while iterating
        raise QueryError(f"the query failed ({exc}); check the query", code="E209") from None
    lines = sorted({ox.serialize([t], format=ox.RdfFormat.N_TRIPLES).decode("utf-8").rstrip("\n")
                    for t in triples})
    rows = tuple(tuple(str(x) for x in (t.subject, t.predicate, t.object))
                 for t in sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))))
    nt = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return QueryResult(("subject", "predicate", "object"), rows, {}, ResultKind.GRAPH,
                       triples=nt, truncated=truncated, prefixes=prefixes)


def run_query(query: str, data_dir: str | Path = "build", *, timeout: float | None = None,
              limit: int | None = None) -> QueryResult:
    """Returns the result of a query (name, .rq file or text) over a build folder.

    With ``timeout`` (seconds) the query runs in a child process that is killed when the time
    is up (raises :class:`QueryTimeout`); without, it runs here.
    """
    text = resolve_query(query)
    store = open_store(Path(data_dir))  # also checks the folder before a child is started
    if timeout is None:
        return execute(store, text, limit)
    del store
    worker = QueryWorker(data_dir)
    try:
        return worker.run(text, timeout=timeout, limit=limit)
    finally:
        worker.close()


# --- a killable worker process --------------------------------------------------------------

def _worker_main(data_dir: str, conn) -> None:
    """Serves queries from ``conn`` on the read-only store of ``data_dir`` until the pipe closes."""
    from .errors import KGError

    store = None
    while True:
        try:
            text, limit = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None:
                store = open_store(Path(data_dir))
            conn.send(("ok", execute(store, text, limit)))
        except KGError as exc:
            conn.send(("error", (type(exc).__name__, exc.code, str(exc.args[0]) if exc.args else "")))
        except Exception as exc:  # a bug: report it to the parent as one line
            conn.send(("error", ("QueryError", "E999", f"internal error ({type(exc).__name__}: {exc})")))


class QueryWorker:
    """A child process holding a build's store read-only; killed when a query runs too long."""

    def __init__(self, data_dir: str | Path):
        self.data_dir = str(data_dir)
        self._proc = None
        self._conn = None

    def _start(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # fork is unsafe beside RocksDB's threads
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(self.data_dir, child), daemon=True,
                           name="kg-query-worker")
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    @property
    def pid(self) -> int | None:
        """Returns the worker's process id, or None when no process runs."""
        return self._proc.pid if self._proc is not None and self._proc.is_alive() else None

    def run(self, text: str, *, timeout: float, limit: int | None = None) -> QueryResult:
        """Returns the result of SPARQL ``text``; kills the worker and raises QueryTimeout after ``timeout`` s."""
        if self._proc is None or not self._proc.is_alive():
            self.close()
            self._start()
        self._conn.send((text, limit))
        if not self._conn.poll(timeout):
            self.close()
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped; "
                               "narrow it (LIMIT, more specific patterns) or raise --timeout")
        try:
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            self.close()
            raise QueryError("the query worker stopped unexpectedly; try again", code="E210") from None
        if status == "ok":
            return payload
        _name, code, message = payload
        raise QueryError(message, code=code)

    def close(self) -> None:
        """Stops the worker process (kills it if busy)."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(5)


class WorkerPool:
    """Up to ``size`` query workers shared by threads; a timed-out worker is replaced."""

    def __init__(self, data_dir: str | Path, size: int = 4):
        self.data_dir = data_dir
        self._idle: queue.LifoQueue[QueryWorker] = queue.LifoQueue()
        for _ in range(size):
            self._idle.put(QueryWorker(data_dir))
        self._all = list(self._idle.queue)
        self._lock = threading.Lock()

    def run(self, text: str, *, timeout: float, limit: int | None = None) -> QueryResult:
        """Returns the result of ``text`` on a free worker; waiting for one counts in ``timeout``."""
        import time

        start = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"all query workers stayed busy for {timeout:g} s; try again later") from None
        try:
            left = max(0.001, timeout - (time.monotonic() - start))
            return worker.run(text, timeout=left, limit=limit)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stops every worker."""
        for worker in self._all:
            worker.close()


# --- formats -----------------------------------------------------------------------------------

def media_type(fmt: str) -> str:
    """Returns the media type of a result format name."""
    return _MEDIA_TYPES[fmt]


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


def _table(header: list[str], cells: list[list[str]], note: str = "") -> str:
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''}{note})")
    return "\n".join(lines) + "\n"


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Returns the result as text: an aligned table, a W3C results format, or an RDF syntax.

    SELECT and ASK take table, csv, tsv, json, xml; CONSTRUCT and DESCRIBE take table,
    turtle, json-ld, n-triples.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", code="E205")
    note = ", truncated" if result.truncated else ""
    if result.kind is ResultKind.GRAPH:
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"format {fmt} is for SELECT / ASK results; for CONSTRUCT / DESCRIBE "
                             f"use one of {', '.join(GRAPH_FORMATS)}", code="E205")
        if fmt == "table":
            return _table(list(result.variables), [list(r) for r in result.rows], note)
        return _rdf(result, fmt)
    if fmt not in SOLUTION_FORMATS:
        raise QueryError(f"format {fmt} is for CONSTRUCT / DESCRIBE results; for SELECT / ASK "
                         f"use one of {', '.join(SOLUTION_FORMATS)}", code="E205")
    if fmt == "json":
        return json.dumps(result.raw, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv", "xml"):
        return _w3c(result, fmt)
    if result.kind is ResultKind.ASK:
        return f"{'true' if result.boolean else 'false'}\n"
    cells = [[v or "" for v in row] for row in result.rows]
    return _table(list(result.variables), cells, note)


def _w3c(result: QueryResult, fmt: str) -> str:
    """Re-serialises the JSON results in another W3C results format via pyoxigraph."""
    import pyoxigraph as ox

    if result.kind is ResultKind.ASK and fmt in ("csv", "tsv"):
        return f"{'true' if result.boolean else 'false'}\n"  # the W3C CSV/TSV note defines no boolean form
    parsed = ox.parse_query_results(json.dumps(result.raw).encode("utf-8"),
                                    format=ox.QueryResultsFormat.JSON)
    target = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
              "xml": ox.QueryResultsFormat.XML}[fmt]
    return parsed.serialize(format=target).decode("utf-8")


def _rdf(result: QueryResult, fmt: str) -> str:
    """Returns the triples of a CONSTRUCT / DESCRIBE result in an RDF syntax."""
    import pyoxigraph as ox

    if fmt == "n-triples":
        return result.triples.decode("utf-8")
    triples = list(ox.parse(result.triples, format=ox.RdfFormat.N_TRIPLES))
    target = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD}[fmt]
    prefixes = dict(result.prefixes) if fmt == "turtle" else None
    return ox.serialize(triples, format=target, prefixes=prefixes).decode("utf-8")
