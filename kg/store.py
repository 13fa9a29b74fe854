"""The embedded SPARQL store (pyoxigraph) that a build leaves in its output folder."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

__all__ = ["STORE_DIRNAME", "write_store", "open_store", "StoreLoader", "default_copy"]

STORE_DIRNAME = "store"
_NQ_SLICE_BYTES = 128 << 20  # an N-Quads file is bulk-loaded this many bytes at a time


def write_store(trig: bytes | Path, out_dir: Path, *, digest: str | None = None, compact: bool = False) -> Path:
    """Returns the path of the store link in ``out_dir``, now pointing at a store holding ``trig``.

    ``out_dir/store`` is a symbolic link to a generation folder ``store-<sha256 of trig>``.
    The new generation is loaded under a temporary name, renamed, and the link is replaced
    with one atomic rename, so at every instant ``store`` names a complete store: a build
    killed at any moment leaves the previous one in use. The previous generation is kept
    (a reader may still have it open); older ones are removed. A ``store`` left as a plain
    folder by an older version is moved aside once, then replaced by the link.

    ``trig`` may also be the path of a ``.nq`` (N-Quads) or ``.trig`` file, loaded from disk
    (for corpora too large to hold in memory); ``digest`` is then its sha256, if known.
    ``compact`` merges the store's files after loading (``Store.optimize``): a bulk load in
    slices leaves many overlapping ones, and queries over a compacted corpus store run about
    twice as fast, for some 25 % more build time.
    """
    import hashlib

    import pyoxigraph as ox

    out_dir = Path(out_dir)
    if isinstance(trig, (bytes, bytearray)):
        digest = hashlib.sha256(trig).hexdigest()
    elif digest is None:
        with open(trig, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    name = f"{STORE_DIRNAME}-{digest[:16]}"
    if _current(out_dir) != name or not (out_dir / name).is_dir():
        tmp = _fresh_generation(out_dir)
        store = ox.Store(str(tmp))
        if isinstance(trig, (bytes, bytearray)):
            _load(store, ox.parse(trig, format=ox.RdfFormat.TRIG))
        elif Path(trig).suffix == ".nq":  # line-based: load in slices, so memory stays bounded
            with open(trig, "rb") as fh:  # (one bulk_load of 1.5 M quads peaks at ~1.2 GB)
                while chunk := fh.read(_NQ_SLICE_BYTES):
                    chunk += fh.readline()
                    _load_nquads(store, chunk)
        else:
            _load(store, ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
        if compact:
            store.optimize()
        store.flush()
        del store
        _install(tmp, out_dir, name)
    return _relink(out_dir, name)


#: The graph name at the end of an N-Quads line of kg's own writing (IRIs never hold < or >).
_GRAPH_TERM = re.compile(rb" <[^<>\n]*> \.$", re.M)


def default_copy(nquads: bytes) -> bytes:
    """Returns N-Quads lines moved to the default graph (see :func:`_load` for why the store
    holds a copy of every fact there). Every line must name its graph, as kg's writer's do.

    >>> default_copy(b'<a:s> <a:p> "x" <a:g> .\\n<a:s> <a:p> <a:o> <a:g> .\\n')
    b'<a:s> <a:p> "x" .\\n<a:s> <a:p> <a:o> .\\n'
    """
    return _GRAPH_TERM.sub(b" .", nquads)


def _load_nquads(store, chunk: bytes, default: bytes | None = None) -> None:
    """Bulk-loads N-Quads ``chunk`` into its named graphs and its copy (``default``, made here if
    not given) into the default graph."""
    import pyoxigraph as ox

    store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
    store.bulk_load(default_copy(chunk) if default is None else default, format=ox.RdfFormat.N_QUADS)


class StoreLoader:
    """Loads a new store generation while a build is still producing its quads.

    ``add(chunk)`` queues N-Quads bytes; a background thread bulk-loads them (pyoxigraph
    releases the GIL while it loads, so loading overlaps the extraction of later reports) into
    their named graphs and, as a copy, into the default graph. ``finish(digest)`` waits for the
    loads, installs the generation as ``store-<digest>`` and swaps the link, exactly as
    :func:`write_store` does; ``abort()`` removes the unfinished generation.
    """

    def __init__(self, out_dir: Path, *, queued: int = 2):
        import queue
        import threading

        import pyoxigraph as ox

        self.out_dir = Path(out_dir)
        self._tmp = _fresh_generation(self.out_dir)
        self._store = ox.Store(str(self._tmp))
        self._queue: queue.Queue = queue.Queue(maxsize=queued)  # bounds memory: a few chunks
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-store-loader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue
            chunk, default = item
            try:
                _load_nquads(self._store, chunk, default)
            except BaseException as exc:  # reported by finish(), in the building thread
                self._error = exc

    def add(self, chunk: bytes, default: bytes | None = None) -> None:
        """Queues N-Quads ``chunk``; ``default`` is its copy in the default graph if the caller has
        it already (else it is made here)."""
        if chunk:
            self._queue.put((chunk, default))

    def _join(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def finish(self, digest: str, *, compact: bool = False) -> Path:
        """Returns the store link, now pointing at the loaded generation (compacted first if
        ``compact``: see :func:`write_store`)."""
        self._join()
        if self._error is not None:
            self.abort()
            raise self._error
        if compact:
            self._store.optimize()
        self._store.flush()
        self._store = None
        name = f"{STORE_DIRNAME}-{digest[:16]}"
        if _current(self.out_dir) == name and (self.out_dir / name).is_dir():
            shutil.rmtree(self._tmp, ignore_errors=True)  # the same content is in use already
        else:
            _install(self._tmp, self.out_dir, name)
        return _relink(self.out_dir, name)

    def abort(self) -> None:
        self._join()
        self._store = None
        shutil.rmtree(self._tmp, ignore_errors=True)


def _current(out_dir: Path) -> str | None:
    link = out_dir / STORE_DIRNAME
    return os.readlink(link) if link.is_symlink() else None


def _fresh_generation(out_dir: Path) -> Path:
    """Returns a temporary folder name for a new generation, after removing those of killed builds."""
    for stale in out_dir.glob(f".{STORE_DIRNAME}-*.tmp*"):
        if stale.is_symlink():
            stale.unlink()
        else:
            shutil.rmtree(stale, ignore_errors=True)
    return out_dir / f".{STORE_DIRNAME}-new.tmp{os.getpid()}"


def _install(tmp: Path, out_dir: Path, name: str) -> None:
    final = out_dir / name
    if final.exists():  # a complete generation no link points at: replace it
        shutil.rmtree(final)
    tmp.rename(final)


def _relink(out_dir: Path, name: str) -> Path:
    """Points ``out_dir/store`` at generation ``name`` atomically; removes generations before the previous."""
    link = out_dir / STORE_DIRNAME
    previous = _current(out_dir)
    if link.is_dir() and not link.is_symlink():  # the old layout: a plain folder
        legacy = out_dir / f"{STORE_DIRNAME}-legacy"
        shutil.rmtree(legacy, ignore_errors=True)
        link.rename(legacy)
        previous = legacy.name
    new_link = out_dir / f".{STORE_DIRNAME}-link.tmp{os.getpid()}"
    new_link.unlink(missing_ok=True)
    new_link.symlink_to(name, target_is_directory=True)
    os.replace(new_link, link)
    keep = {name, previous}
    for old in out_dir.glob(f"{STORE_DIRNAME}-*"):
        if old.name not in keep and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
    return link


def _load(store, quads) -> None:
    """Loads ``quads`` into their named graphs and, once each, into the default graph.

    Each report's graph repeats the labels and types of the entities it names, so the union
    of the named graphs holds the same triple many times, and pyoxigraph's union default graph
    yields it once per graph: rows multiply with every report. The default graph is a set, so
    queries run on it see each fact once; ``GRAPH ?g`` still reaches a single report.
    """
    import pyoxigraph as ox

    batch: list = []
    for q in quads:
        batch.append(q)
        if not isinstance(q.graph_name, ox.DefaultGraph):
            batch.append(ox.Quad(q.subject, q.predicate, q.object))
        if len(batch) >= 200_000:
            store.bulk_extend(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)


def open_store(data_dir: Path):
    """Returns the store of a build folder, read-only; raises InputError if there is none."""
    import pyoxigraph as ox

    from .errors import InputError

    path = Path(data_dir) / STORE_DIRNAME
    if path.is_symlink():  # pin the generation the link names now; a new build may swap it
        path = path.resolve()
    if not path.is_dir():
        raise InputError(f"{data_dir}: no knowledge graph here; run `kg build --out {data_dir}` first",
                         code="E110")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(f"{path}: the store cannot be opened ({exc}); rebuild it with `kg build`",
                         code="E111") from None
