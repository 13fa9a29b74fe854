"""The main job: reports in, knowledge graph and network page out."""
from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from rdflib import Dataset, Graph, Literal, URIRef

from .builder import bind_prefixes, graph_iri, report_triples
from .errors import ConfigError, KGError
from .model import Document, Resolution
from .outputs import atomic_write, nquads, serialize_graph
from .reader import iter_report_paths, read_document
from .settings import Settings
from .store import write_store

__all__ = ["process_document", "build", "build_reports", "BuildSummary", "ReportFailure", "ReportResult",
           "DEFAULT_INPUT"]

DEFAULT_INPUT = "data/reports"


@dataclass(frozen=True)
class ReportFailure:
    path: str
    message: str


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote and what is in it."""

    out_dir: Path
    files: tuple[Path, ...]
    reports: tuple[str, ...]
    failures: tuple[ReportFailure, ...]
    counts: tuple[tuple[str, int], ...]   # (kind, number), sorted by kind
    triples: int                          # distinct triples; with store_only, quads
    cached: int = 0                       # reports taken from the cache, not re-extracted

    def describe(self) -> str:
        lines = [f"built {len(self.reports)} report(s) into {self.out_dir}/ ({self.triples} triples)"]
        if self.cached:
            lines.append(f"  {self.cached} report(s) unchanged, taken from the cache")
        lines += [f"  {kind:<16}{n:>6}" for kind, n in self.counts]
        lines += [f"  wrote {p}" for p in self.files]
        lines += [f"  FAILED {f.path}: {f.message}" for f in self.failures]
        if self.failures:
            lines.append(f"{len(self.failures)} report(s) failed and were skipped; "
                         "fix or remove them and build again (exit status 3)")
        return "\n".join(lines)


def process_document(doc: Document) -> Resolution:
    """Returns the resolved entities and facts of one read document."""
    from .extract import extract_all  # here: a build whose reports are all cached never needs them
    from .resolve import resolve

    return resolve(doc, extract_all(doc))


def _count(res: Resolution, counter: Counter) -> None:
    for e in res.entities:
        counter[e.kind.value] += 1
    counter["award"] += len(res.conferrals)
    counter["application"] += len(res.applications)
    counter["statistic"] += len(res.observations)
    counter["post"] += len(res.posts)


@dataclass(frozen=True)
class ReportResult:
    """What one report gives a build: its quads (and linking quads), counts, or why it failed."""

    path: str
    sha256: str = ""
    counts: tuple[tuple[str, int], ...] = ()
    nquads: bytes = b""        # the report's named graph, sorted N-Quads lines
    linking: bytes = b""       # the report's own reference facts and links (for store_only builds)
    failure: str | None = None
    fatal: bool = False        # the rules are broken: every report would fail the same way
    cached: bool = False
    triples: tuple | None = None  # the report's triples, kept only when built in this process (saves a parse)


def _link_quads(triples, settings: Settings) -> bytes:
    """Returns the reference facts and links of one report, as N-Quads.

    The linker reads only types, labels, titles, publishers, levels, kinds and mentions: it is
    given those triples alone, which is much cheaper than a Graph of the whole report.
    """
    from .linking import link_graph
    from .vocab import DCTERMS, KGO, ORG, RDF, RDFS, SDO

    wanted = {RDFS.label, DCTERMS.title, DCTERMS.publisher, DCTERMS.spatial, KGO.mentionedIn,
              KGO.adminLevel, KGO.serves, ORG.classification}
    types, reports = {RDF.type}, {SDO.Report}  # set lookups: == on a URIRef is Python code
    linking = link_graph(_TripleIndex(t for t in triples if t[1] in wanted or
                                      (t[1] in types and t[2] in reports)), settings)
    return b"".join(nquads(extra) for extra in (linking.reference, linking.links))


class _TripleIndex:
    """A set of triples with the lookups the linker makes (``subjects(p, o)``, ``objects(s, p)``,
    ``(s, p, o or None) in``), answered like an rdflib Graph's but without its cost per triple."""

    def __init__(self, triples):
        self._by_sp: dict = {}
        self._by_po: dict = {}
        for s, p, o in set(triples):
            self._by_sp.setdefault((s, p), []).append(o)
            self._by_po.setdefault((p, o), []).append(s)

    def subjects(self, predicate, obj):
        return iter(self._by_po.get((predicate, obj), ()))

    def objects(self, subject, predicate):
        return iter(self._by_sp.get((subject, predicate), ()))

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        objects = self._by_sp.get((s, p), ())
        return bool(objects) if o is None else o in objects


def _process_path(path: str, settings: Settings, keep_graph: bool = False) -> ReportResult:
    """Returns one report read, extracted, resolved and built (never raises for a bad report)."""
    try:
        doc = read_document(path, settings)
        res = process_document(doc)
        identifier, triples = report_triples(res, settings)
        counter: Counter = Counter()
        _count(res, counter)
        return ReportResult(path, doc.sha256, tuple(sorted(counter.items())),
                            nquads(triples, identifier), _link_quads(triples, settings),
                            triples=tuple(triples) if keep_graph else None)
    except ConfigError as exc:
        return ReportResult(path, failure=str(exc), fatal=True)
    except KGError as exc:
        return ReportResult(path, failure=str(exc))
    except Exception as exc:  # a bug on this report: skip it, build the rest, say so
        return ReportResult(path, failure=f"[E999] internal error ({type(exc).__name__}: "
                                          f"{' '.join(str(exc).split())}); please report it")


def _work_batch(jobs: list[tuple[str, Settings]]) -> list[ReportResult]:
    return [_process_path(*job) for job in jobs]


def _bounded_map(pool, jobs: list, *, batch: int, window: int) -> Iterator[ReportResult]:
    """Yields the results of ``jobs`` in order, run in ``pool`` ``batch`` at a time, with at most
    ``window`` batches submitted and not yet consumed. (``Executor.map`` submits everything at
    once, so when the consumer — the store loader — is slower than the workers, finished
    results pile up in memory: 2.6 GB at 10,000 reports.)"""
    from collections import deque

    batches = (jobs[i:i + batch] for i in range(0, len(jobs), batch))
    pending: deque = deque()
    for b in batches:
        pending.append(pool.submit(_work_batch, b))
        if len(pending) >= window:
            break
    while pending:
        results = pending.popleft().result()
        nxt = next(batches, None)
        if nxt is not None:
            pending.append(pool.submit(_work_batch, nxt))
        yield from results


class _Progress:
    """A one-line progress bar on stderr, drawn only on a terminal (quiet when piped)."""

    def __init__(self, total: int, enabled: bool | None):
        self.total = total
        self.on = (sys.stderr.isatty() if enabled is None else enabled) and total > 1
        self.done = 0
        self.start = self.last = time.monotonic()

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.on and (now - self.last >= 0.1 or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            width = 30
            filled = width * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                             f"reports, {rate:.0f}/s ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _cache_keys(paths: Sequence[Path], settings: Settings) -> dict[Path, str | None]:
    """Returns each report's cache key (None for a file that cannot be read or is too large)."""
    from .cache import cache_key

    keys: dict[Path, str | None] = {}
    for path in paths:
        try:
            keys[path] = (cache_key(path.read_bytes(), settings.base)
                          if path.stat().st_size <= settings.max_input_bytes else None)
        except OSError:
            keys[path] = None
    return keys


def build_reports(paths: Sequence[Path], settings: Settings, *, cache_dir: Path | None = None,
                  jobs: int | None = None, progress: bool | None = None,
                  keep_graphs: bool = False, keys: dict[Path, str | None] | None = None
                  ) -> Iterator[ReportResult]:
    """Yields one :class:`ReportResult` per path, in the order of ``paths``.

    A report whose bytes, rules and tool version are unchanged is taken from ``cache_dir``;
    the others are read, extracted, resolved and built in ``jobs`` worker processes (default:
    one per core), and their results are written to the cache. Results stream in input order,
    so memory holds a few reports, not the corpus. ``keys`` are the reports' cache keys if the
    caller has them already (:func:`_cache_keys`).
    """
    from . import cache

    if cache_dir is not None and keys is None:
        keys = _cache_keys(paths, settings)
    items: list[tuple[str, str | None, ReportResult | None]] = []
    for path in paths:
        key = hit = None
        if cache_dir is not None:
            key = keys.get(path)
            entry = cache.read_entry(cache_dir, key) if key else None
            if entry is not None:
                body, _, linking = entry.nquads.partition(b"# linking\n")
                hit = ReportResult(str(path), entry.sha256, entry.counts, body, linking, cached=True)
        items.append((str(path), key, hit))
    misses = [(p, settings) for p, _, hit in items if hit is None]
    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = _Progress(len(items), progress)
    pool = None
    if jobs > 1 and len(misses) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(misses)), mp_context=context,
                                   initializer=_die_with_parent)
        built = _bounded_map(pool, misses, batch=max(1, min(16, len(misses) // (jobs * 8) or 1)),
                             window=jobs * 4)
    else:
        built = (_process_path(p, s, keep_graphs) for p, s in misses)
    try:
        for path, key, hit in items:
            result = hit if hit is not None else next(built)
            if hit is None and key and result.failure is None and cache_dir is not None:
                cache.write_entry(cache_dir, key, cache.CachedReport(
                    result.sha256, result.counts, result.nquads + b"# linking\n" + result.linking))
            bar.step()
            yield result
    finally:
        bar.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _die_with_parent() -> None:
    """Worker initializer: on Linux a worker is killed when the build process dies, even by SIGKILL
    (a killed build must not leave workers waiting for work forever)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)    # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:       # the build died before the call above
        os._exit(1)


def build(inputs: Sequence[str | os.PathLike] = (DEFAULT_INPUT,), out_dir: str | os.PathLike = "build",
          settings: Settings | None = None, *, page: bool = True, store_only: bool = False,
          jobs: int | None = None, progress: bool | None = None, cache: bool = True,
          compact: bool = True) -> BuildSummary:
    """Builds the knowledge graph of the reports in ``inputs`` into ``out_dir``; returns a summary.

    Writes ``graph.ttl`` (all reports in one graph), ``graph.trig`` (one named graph per
    report), ``store/`` (the embedded SPARQL store ``kg query`` uses), the publishing files
    and ``network.html`` (unless ``page`` is false). With ``store_only`` (for corpora of
    thousands of reports) it writes only ``graph.nq`` (sorted N-Quads, one named graph per
    report, then the reference facts and links) and the store, streaming: memory holds a few
    reports at a time. Reports are built in ``jobs`` processes; unchanged reports come from
    ``out_dir/cache`` (``cache=False`` ignores it). ``progress`` draws a bar on stderr
    (default: only on a terminal). A ``store_only`` build compacts the store after loading it
    (queries run about twice as fast); ``compact=False`` skips that for a faster build.
    A report that cannot be read (or that trips a bug) is listed in ``failures``; the others are
    built. A malformed rules file (:class:`ConfigError`) stops the build. Every file is written
    under a temporary name and renamed, and the store is swapped by a link, so a build that
    fails or is killed leaves the previous outputs valid.
    """
    from .cache import CACHE_DIRNAME, has_entry, prune

    settings = settings or Settings.from_env()
    out = Path(out_dir)
    paths = iter_report_paths(inputs)
    cache_dir = out / CACHE_DIRNAME if cache else None
    memo = None
    if cache_dir is not None:  # pinyin of earlier builds: a rebuild need not load pypinyin
        from .labels import load_pinyin_memo, pinyin_memo_name

        memo = cache_dir / pinyin_memo_name()
        known = load_pinyin_memo(memo)
    keys = _cache_keys(paths, settings) if cache_dir is not None else {}  # each file read once here
    results = build_reports(paths, settings, cache_dir=cache_dir, jobs=jobs, progress=progress,
                            keep_graphs=not store_only, keys=keys)
    if store_only:
        cached = cache_dir is not None and cache_dir.is_dir() and all(
            key and has_entry(cache_dir, key) for key in keys.values())
        summary = _write_store_only(results, paths, out, settings, compact=compact, stream=not cached,
                                    status=sys.stderr.isatty() if progress is None else progress)
    else:
        summary = _write_all(results, paths, out, settings, page)
    if cache_dir is not None and cache_dir.is_dir():  # drop entries of reports no longer built
        prune(cache_dir, {key for key in keys.values() if key})
    if memo is not None:
        from .labels import save_pinyin_memo

        try:
            save_pinyin_memo(memo, known)
            for stale in memo.parent.glob("pinyin-*.json"):  # memos of another pypinyin or readings
                if stale.name != memo.name:
                    stale.unlink(missing_ok=True)
        except OSError:  # the memo only saves time: a read-only cache is not an error
            pass
    return summary


def _accept(results: Iterator[ReportResult], paths: Sequence[Path]):
    """Yields the results to build from, skipping duplicates; collects failures; raises if none."""
    seen: set[str] = set()
    failures: list[ReportFailure] = []
    reports: list[str] = []
    counter: Counter = Counter()
    state = {"failures": failures, "reports": reports, "counter": counter, "cached": 0}

    def accepted():
        for r in results:
            if r.fatal:  # keep the error's own code: "[E301] message"
                code, _, message = (r.failure or "").partition("] ")
                raise ConfigError(message, code=code.lstrip("[") or None)
            if r.failure is not None:
                failures.append(ReportFailure(r.path, r.failure))
                continue
            if r.sha256 in seen:  # the same text twice: one report
                continue
            seen.add(r.sha256)
            counter.update(dict(r.counts))
            reports.append(r.path)
            state["cached"] += r.cached
            yield r
        if not reports:
            first = failures[0].message if failures else "no reports found"
            raise KGError(f"nothing was built, {len(failures)} of {len(paths)} report(s) failed; first: {first}",
                          code="E101")
    return accepted(), state


def _clean_temporaries(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):  # temporary files of a build that was killed
        if stale.is_file() and not stale.is_symlink():
            stale.unlink(missing_ok=True)


#: One line of kg's own N-Quads (see kg.outputs.nquads): IRIs without escapes, and literals
#: whose only escapes are the four that writer makes. Anything else (a blank node, an escaped
#: IRI) is left to rdflib's parser.
_IRI = r'<([^:<>\s"\\]+:[^<>\s"\\]*)>'
_NQUAD = re.compile(rf'{_IRI} {_IRI} (?:{_IRI}|"((?:[^"\\]|\\[\\n"r])*)"'
                    rf'(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^{_IRI})?) {_IRI} \.')
_ESCAPE = re.compile(r'\\([\\n"r])')
_UNESCAPE = {"\\": "\\", "n": "\n", '"': '"', "r": "\r"}


def _parse_quads(data: str, name: URIRef) -> list | None:
    """Returns the triples of graph ``name`` in N-Quads ``data`` as rdflib terms, exactly as rdflib's
    parser would make them; None if a line is not of the plain form this reads (then ask rdflib)."""
    terms: dict = {}

    def iri(text: str) -> URIRef:
        term = terms.get(text)
        if term is None:
            term = terms[text] = URIRef(text)
        return term

    triples = []
    graph = str(name)
    for line in data.splitlines():
        if not line.strip():
            continue
        m = _NQUAD.fullmatch(line)
        if m is None or m.group(7) != graph:
            return None
        s, p, o, lexical, lang, datatype, _ = m.groups()
        if o is not None:
            obj = iri(o)
        else:
            if "\\" in lexical:
                lexical = _ESCAPE.sub(lambda e: _UNESCAPE[e.group(1)], lexical)
            obj = Literal(lexical, lang or None, iri(datatype) if datatype else None)
        triples.append((iri(s), iri(p), obj))
    return triples


def _report_triples(r: ReportResult, settings: Settings) -> tuple[URIRef, list | tuple]:
    """Returns (graph name, triples) of one report's result: kept, else read from its N-Quads."""
    name = graph_iri(settings, r.sha256)
    if r.triples is not None:
        return name, r.triples
    data = r.nquads.decode("utf-8")
    triples = _parse_quads(data, name)
    if triples is None:
        ds = Dataset()
        ds.parse(data=data, format="nquads")
        triples = list(ds.graph(name))
    return name, triples


class _TripleSet(set):
    """One graph of a build: a set of triples with its name."""

    def __init__(self, identifier) -> None:
        super().__init__()
        self.identifier = identifier


class _NamedGraphs:
    """The graphs of a build, as :func:`kg.publish.trig_bytes` and ``describe_dataset`` read a
    Dataset (``graph(name)``, ``graphs()``, ``default_graph``); filling an rdflib Dataset costs
    ~30 µs a triple, a set almost nothing."""

    def __init__(self) -> None:
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        self.default_graph = _TripleSet(DATASET_DEFAULT_GRAPH_ID)
        self._named: dict = {}

    def graph(self, name) -> _TripleSet:
        graph = self._named.get(name)
        if graph is None:
            graph = self._named[name] = _TripleSet(name)
        return graph

    def graphs(self):
        yield self.default_graph
        yield from self._named.values()


def _write_page(merged: Graph, path: Path) -> None:
    from .viz import write_page

    write_page(merged, path)


def _in_child(work, *args):
    """Runs ``work(*args)`` in a forked child process, on the machine's other core, while the
    caller goes on; returns a function that waits for the child and raises what ``work``
    raised there. Where there is no fork, one core, or another thread, ``work`` runs here and now."""
    import pickle

    import threading

    # a fork copies only the calling thread: with other threads running (a library caller's),
    # a lock one of them holds would stay held in the child, so then work here instead
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        work(*args)
        return lambda: None
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        status = 0
        try:
            os.close(read)
            work(*args)
        except BaseException as exc:
            status = 1
            try:
                os.write(write, pickle.dumps(exc))
            except Exception:
                os.write(write, pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}")))
        finally:
            os._exit(status)
    os.close(write)

    def wait(check: bool = True) -> None:
        with os.fdopen(read, "rb") as fh:
            report = fh.read()
        _, status = os.waitpid(pid, 0)
        if not check:
            return
        if report:
            raise pickle.loads(report)
        if status != 0:
            raise KGError(f"writing in a child process failed (status {status}); build again", code="E999")
    return wait


def _write_all(results, paths, out: Path, settings: Settings, page: bool) -> BuildSummary:
    accepted, state = _accept(results, paths)
    ds = _NamedGraphs()
    merged = Graph()
    bind_prefixes(merged, settings)
    for r in accepted:
        name, triples = _report_triples(r, settings)
        ds.graph(name).update(triples)
        for t in triples:
            merged.add(t)
    from .linking import link_graph
    from .publish import describe_dataset, trig_bytes, write_publications

    linking = link_graph(merged, settings)  # codes, hierarchy, serves; sameAs in its own graph
    for extra in (linking.reference, linking.links):
        if len(extra):
            ds.graph(extra.identifier).update(extra)
            for t in extra:
                merged.add(t)
    # VoID / DCAT, its own graph in the TriG; merged is the union of ds's graphs so far
    description = describe_dataset(ds, settings, linking, data=merged)
    ds.graph(description.identifier).update(description)
    _clean_temporaries(out)
    wait_page = _in_child(_write_page, merged, out / "network.html") if page else None
    try:
        trig = trig_bytes(ds, settings)  # named graphs in IRI order: byte-identical builds
        files = [atomic_write(out / "graph.ttl", serialize_graph(merged, "turtle")),
                 atomic_write(out / "graph.trig", trig)]
        files += write_publications(out, merged, description, settings)
        write_store(trig, out)
        files.append(out / "store")
    except BaseException:
        if wait_page is not None:
            wait_page(check=False)  # reap the child; the error here is the one to report
        raise
    if wait_page is not None:
        wait_page()
        files.append(out / "network.html")
    return BuildSummary(out, tuple(files), tuple(state["reports"]), tuple(state["failures"]),
                        tuple(sorted(state["counter"].items())), len(merged), state["cached"])


_STREAM_CHUNK = 32 << 20  # N-Quads bytes handed to the store loader at a time


def _write_store_only(results, paths, out: Path, settings: Settings, *, stream: bool = True,
                      compact: bool = True, status: bool = False) -> BuildSummary:
    """Streams the reports' quads into graph.nq and, as they come, into a new store generation.

    The store is loaded in a background thread while later reports are still being
    extracted (``stream``); a rebuild whose reports all come from the cache writes graph.nq
    first and reloads the store only if its content changed.
    """
    import hashlib
    import tempfile

    from .store import StoreLoader

    accepted, state = _accept(results, paths)
    _clean_temporaries(out)
    target = out / "graph.nq"
    fd, tmp = tempfile.mkstemp(prefix=".graph.nq.", suffix=".tmp", dir=out)
    digest = hashlib.sha256()
    quads = 0
    linking: set[bytes] = set()
    loader = StoreLoader(out) if stream else None
    pending: list[bytes] = []
    copies: list[bytes] = []   # pending's lines in the default graph
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            for r in accepted:
                fh.write(r.nquads)
                digest.update(r.nquads)
                quads += r.nquads.count(b"\n")
                linking.update(line for line in r.linking.splitlines(keepends=True) if line.strip())
                if loader is not None:
                    # the report's lines all end with its graph's name: one replace drops it
                    suffix = f" <{graph_iri(settings, r.sha256)}> .\n".encode()
                    pending.append(r.nquads)
                    copies.append(r.nquads.replace(suffix, b" .\n"))
                    size += len(r.nquads)
                    if size >= _STREAM_CHUNK:
                        loader.add(b"".join(pending), b"".join(copies))
                        pending, copies, size = [], [], 0
            tail = b"".join(sorted(linking))
            fh.write(tail)
            digest.update(tail)
            quads += len(linking)
        if loader is not None:
            loader.add(b"".join(pending), b"".join(copies))
            loader.add(tail)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        if loader is not None:
            loader.abort()
        raise
    if status:  # the last loads and the compaction take a while on a large corpus: say so
        sys.stderr.write("loading the store" + (" and compacting it" if compact else "") + " …\n")
        sys.stderr.flush()
    if loader is not None:
        loader.finish(digest.hexdigest(), compact=compact)
    else:
        write_store(target, out, digest=digest.hexdigest(), compact=compact)
    return BuildSummary(out, (target, out / "store"), tuple(state["reports"]), tuple(state["failures"]),
                        tuple(sorted(state["counter"].items())), quads, state["cached"])
