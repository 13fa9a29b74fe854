"""A read-only SPARQL 1.1 Protocol endpoint over a build, with an offline query page (`kg serve`).

Routes: ``/sparql`` (GET ``?query=``, POST form-encoded, POST ``application/sparql-query``),
``/`` (the query page), ``/network.html`` (the build's network page). Updates, SERVICE and LOAD
are refused with 403; queries run in killable worker processes with a timeout; results are cut
at a row limit and the ``X-KG-Truncated`` header says so.
"""
from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_OK, KGError, QueryError

__all__ = ["ServeSettings", "RefusedQuery", "refusal", "sparql_tokens", "negotiate",
           "make_server", "serve", "register"]

_PROTOCOL_ERROR = "E220"


class RefusedQuery(QueryError):
    """A request the read-only endpoint will not run (update, SERVICE, LOAD)."""

    code = "E221"


@dataclass(frozen=True)
class ServeSettings:
    data_dir: Path = Path("build")
    host: str = "127.0.0.1"
    port: int = 8000            # 0 picks a free port
    timeout: float = 10.0       # seconds per query
    max_rows: int = 10_000      # rows (or triples) returned at most
    workers: int = 4            # query processes


# --- refusing what a read-only endpoint must not run -------------------------------------------

_TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>[\w.-]*:(?:[\w.:%-]|\\.)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

#: Keywords that only SPARQL Update has (LOAD among them).
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
                           "ADD", "WITH"})


def sparql_tokens(text: str) -> list[tuple[str, str]]:
    """Returns the (kind, text) tokens of SPARQL text: strings, comments and IRIs are single tokens.

    >>> [t for t in sparql_tokens('SELECT * { ?s <urn:SERVICE> "LOAD" } # SERVICE') if t[0] != "ws"]
    [('word', 'SELECT'), ('other', '*'), ('other', '{'), ('var', '?s'), ('iri', '<urn:SERVICE>'), ('string', '"LOAD"'), ('other', '}'), ('comment', '# SERVICE')]
    """
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)]


def refusal(text: str) -> str | None:
    """Returns why a read-only endpoint refuses SPARQL ``text`` (update, SERVICE, LOAD), or None.

    Keywords are found among tokens, so a word inside a string, a comment, an IRI or a
    prefixed name does not count.

    >>> refusal('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    'SERVICE is refused: this endpoint sends no request to other servers'
    >>> refusal('SELECT * WHERE { ?s <http://example.org/service> "SERVICE" }') is None
    True
    """
    words = {t.upper() for kind, t in sparql_tokens(text) if kind == "word"}
    if "SERVICE" in words:
        return "SERVICE is refused: this endpoint sends no request to other servers"
    if "LOAD" in words:
        return "LOAD is refused: this endpoint is read-only and fetches nothing"
    update = sorted(words & _UPDATE_WORDS)
    if update:
        return f"updates are refused ({update[0]}): this endpoint is read-only"
    return None


# --- content negotiation ------------------------------------------------------------------------

_SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/plain": "tsv", "text/xml": "xml",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "n-triples", "text/plain": "n-triples",
    "application/ld+json": "json-ld", "application/json": "json-ld",
}
_SHORT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
                "ttl": "turtle", "n-triples": "n-triples", "nt": "n-triples", "json-ld": "json-ld",
                "jsonld": "json-ld"}


def negotiate(accept: str | None, graph: bool, override: str | None = None) -> str | None:
    """Returns the result format for an Accept header (None when nothing acceptable is offered).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", graph=False)
    'xml'
    >>> negotiate("text/html,*/*;q=0.8", graph=True)
    'turtle'
    """
    table = _GRAPH_TYPES if graph else _SOLUTION_TYPES
    default = "turtle" if graph else "json"
    if override:
        fmt = _SHORT_NAMES.get(override.lower()) or table.get(override.lower())
        if fmt in set(table.values()):
            return fmt
    if not accept or not accept.strip():
        return default
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mtype, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if mtype and q > 0:
            ranges.append((-q, i, mtype))
    for _q, _i, mtype in sorted(ranges):
        if mtype in table:
            return table[mtype]
        if mtype in ("*/*", "application/*", "text/*"):
            if mtype == "*/*":
                return default
            for name, fmt in table.items():
                if name.startswith(mtype[:-1]):
                    return fmt
    return None


# --- the HTTP server ----------------------------------------------------------------------------

def _page(data_dir: Path) -> bytes:
    """Returns the query page with the named queries inlined (it loads nothing from the network)."""
    from .query import named_queries
    from .resources import PACKAGE_DIR

    template = (PACKAGE_DIR / "web" / "query.html").read_text(encoding="utf-8")
    examples = [{"name": q.name, "question_zh": q.question_zh, "question_en": q.question_en,
                 "text": q.text} for q in named_queries().values()]
    payload = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    has_network = (data_dir / "network.html").is_file()
    return (template.replace("__NAMED_QUERIES__", payload)
            .replace("__NETWORK_LINK__", "true" if has_network else "false")
            .encode("utf-8"))


def make_server(settings: ServeSettings):
    """Returns a ThreadingHTTPServer bound to ``settings.host:port`` serving the build read-only.

    Its ``pool`` attribute holds the query workers; call ``server.server_close()`` and
    ``server.pool.close()`` when done (``serve`` does).
    """
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    from .query import QueryTimeout, WorkerPool, format_result, media_type, ResultKind
    from .store import open_store

    data_dir = Path(settings.data_dir)
    open_store(data_dir)  # a missing or broken build fails here, with its one-line message
    pool = WorkerPool(data_dir, settings.workers)
    page = _page(data_dir)

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - quiet unless asked
            if getattr(self.server, "verbose", False):
                super().log_message(format, *args)

        def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("X-Content-Type-Options", "nosniff")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, message: str, headers: dict | None = None) -> None:
            self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

        def do_HEAD(self):  # noqa: N802
            self.do_GET()

        def do_GET(self):  # noqa: N802
            url = urlsplit(self.path)
            if url.path in ("/", "/index.html"):
                self._send(200, page, "text/html; charset=utf-8",
                           {"Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
                            "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:"})
                return
            if url.path == "/network.html":
                path = data_dir / "network.html"
                if not path.is_file():
                    self._error(404, f"[E222] no network page in {data_dir}; run `kg build` or `kg viz`")
                    return
                self._send(200, path.read_bytes(), "text/html; charset=utf-8")
                return
            if url.path != "/sparql":
                self._error(404, "[E222] not found; the endpoint is /sparql and the query page is /")
                return
            params = parse_qs(url.query, keep_blank_values=True)
            self._sparql(params, None)

        def do_POST(self):  # noqa: N802
            url = urlsplit(self.path)
            if url.path != "/sparql":
                self._error(404, "[E222] not found; the endpoint is /sparql")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1_000_000:
                self._error(413, "[E223] the request is too large; send a query under 1 MB")
                return
            body = self.rfile.read(length) if length else b""
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = parse_qs(url.query, keep_blank_values=True)
            if ctype == "application/sparql-update":
                self._error(403, f"[{RefusedQuery.code}] updates are refused: this endpoint is read-only")
                return
            if ctype == "application/x-www-form-urlencoded":
                for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
                self._sparql(params, None)
                return
            if ctype == "application/sparql-query":
                self._sparql(params, body.decode("utf-8", "replace"))
                return
            self._error(415, f"[{_PROTOCOL_ERROR}] unsupported Content-Type {ctype or '(none)'}; send "
                        "application/sparql-query or application/x-www-form-urlencoded")

        def _refuse_method(self):
            self._error(405, "[E224] this endpoint is read-only; use GET or POST /sparql",
                        {"Allow": "GET, HEAD, POST"})

        do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

        def _sparql(self, params: dict, text: str | None) -> None:
            if "update" in params:
                self._error(403, f"[{RefusedQuery.code}] updates are refused: this endpoint is read-only")
                return
            if text is None:
                queries = params.get("query") or []
                if len(queries) != 1 or not queries[0].strip():
                    self._error(400, f"[{_PROTOCOL_ERROR}] give exactly one query: /sparql?query=SELECT…")
                    return
                text = queries[0]
            if params.get("default-graph-uri") or params.get("named-graph-uri"):
                self._error(400, f"[{_PROTOCOL_ERROR}] default-graph-uri and named-graph-uri are not "
                            "supported; use GRAPH in the query")
                return
            why = refusal(text)
            if why:
                self._error(403, f"[{RefusedQuery.code}] {why}")
                return
            try:
                result = pool.run(text, timeout=settings.timeout, limit=settings.max_rows)
            except QueryTimeout as exc:
                self._error(503, str(exc))
                return
            except KGError as exc:
                self._error(400, str(exc))
                return
            graph = result.kind is ResultKind.GRAPH
            override = (params.get("format") or params.get("output") or [None])[0]
            fmt = negotiate(self.headers.get("Accept"), graph, override)
            if fmt is None:
                offered = sorted(set(_GRAPH_TYPES if graph else _SOLUTION_TYPES))
                self._error(406, f"[{_PROTOCOL_ERROR}] no acceptable format; Accept one of "
                            f"{', '.join(offered)}")
                return
            headers = {"Vary": "Accept"}
            if result.truncated:
                headers["X-KG-Truncated"] = f"true; limit={settings.max_rows}"
            self._send(200, format_result(result, fmt).encode("utf-8"), media_type(fmt), headers)

    server = ThreadingHTTPServer((settings.host, settings.port), Handler)
    server.daemon_threads = True
    server.pool = pool
    return server


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _stop(signum, frame):
    raise KeyboardInterrupt


def serve(settings: ServeSettings) -> None:
    """Serves the build until interrupted; prints the address first."""
    import sys

    import signal
    import threading

    server = make_server(settings)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)  # `kill PID` stops as cleanly as Ctrl-C
    host, port = server.server_address[:2]
    print(f"kg: SPARQL endpoint http://{host}:{port}/sparql — query page http://{host}:{port}/ "
          "(Ctrl-C stops)", flush=True)
    if not _is_loopback(settings.host):
        print(f"kg: warning: listening on {settings.host}, reachable from other machines", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()


def _cmd_serve(args) -> int:
    serve(ServeSettings(data_dir=Path(args.data), host=args.host, port=args.port,
                        timeout=args.timeout, max_rows=args.max_rows, workers=args.workers))
    return EXIT_OK


def register(subparsers) -> None:
    """Adds the ``serve`` command."""
    from .settings import Settings

    p = subparsers.add_parser("serve", help="serve a build as a read-only SPARQL endpoint with a query page")
    p.add_argument("--data", default="build", metavar="DIR", help="the build folder (default: build)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, metavar="N", help="port (default: 8000; 0 picks a free one)")
    p.add_argument("--timeout", type=float, default=Settings().query_timeout, metavar="S",
                   help="seconds a query may run (default: %(default)s)")
    p.add_argument("--max-rows", type=int, default=10_000, metavar="N",
                   help="rows or triples returned at most (default: %(default)s)")
    p.add_argument("--workers", type=int, default=4, metavar="N",
                   help="queries run at once, each in its own process (default: %(default)s)")
    p.set_defaults(func=_cmd_serve)
