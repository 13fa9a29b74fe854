"""Writing output files atomically and deterministically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from . import rdfwrite

__all__ = ["atomic_write", "serialize_graph", "serialize_dataset", "nquads"]


def atomic_write(path: Path, data: bytes | str, *, sync: bool = True) -> Path:
    """Writes ``data`` to ``path`` through a temporary file and a rename; returns ``path``.

    A crash at any moment leaves either the old file or the new one, never half of one; the
    temporary file is ``.{name}.*.tmp`` in the same folder (a rename is atomic only within one
    file system). The new file keeps the old one's permissions.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), _file_mode(path))  # mkstemp makes 0600; keep outputs readable
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
        if sync:
            _sync_folder(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _sync_folder(folder: Path) -> None:
    """Flushes a folder's entries (the rename) to disk where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _file_mode(path: Path) -> int:
    """Returns the mode for a new ``path``: the old file's, else 0666 less the process umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _name(ds: Dataset, ctx: Graph):
    """Returns the TriG name of ``ctx``: None for ``ds``'s default graph, else its identifier."""
    return None if ctx.identifier == ds.default_graph.identifier else ctx.identifier


def serialize_graph(g: Graph, fmt: str = "turtle") -> bytes:
    """Returns ``g`` serialised, UTF-8; Turtle and TriG sorted by kg's writers, so output is stable.

    Other formats, and a graph those writers cannot express (a blank node), are rdflib's.
    """
    try:
        if fmt in ("turtle", "ttl"):
            return rdfwrite.turtle(g, g.namespaces()).encode("utf-8")
        if fmt == "trig" and isinstance(g.identifier, URIRef):
            return rdfwrite.trig([(g.identifier, g)], g.namespaces()).encode("utf-8")
    except rdfwrite.Unwritable:
        pass
    return g.serialize(format=fmt, encoding="utf-8")


def serialize_dataset(ds: Dataset, fmt: str = "trig") -> bytes:
    """Returns ``ds`` serialised (TriG by default: default graph first, named graphs in IRI order), UTF-8."""
    if fmt == "trig":
        try:
            return rdfwrite.trig([(_name(ds, c), c) for c in ds.graphs()], ds.namespaces()).encode("utf-8")
        except rdfwrite.Unwritable:
            pass
    return ds.serialize(format=fmt, encoding="utf-8")


def nquads(g, graph_name: str | None = None) -> bytes:
    """Returns the triples of ``g`` (a Graph, or any iterable of triples) as sorted N-Quads lines.

    The graph named is ``graph_name``, else ``g.identifier``. Sorted lines make the bytes depend
    only on the set of triples. Terms are written as rdflib's own N-Quads writer writes them, so
    they parse back to the same terms; each distinct term is formatted once.
    """
    from rdflib.plugins.serializers.nt import _quoteLiteral
    from rdflib.term import URIRef

    name = (URIRef(graph_name) if graph_name is not None else g.identifier).n3()
    literals: dict = {}

    def n3(term) -> str:
        # kg's IRIs are made from checked keys (kg.iris.thing) and vocabularies: written as they
        # are, like rdflib does after its check; a literal is formatted by rdflib's own writer
        if type(term) is URIRef:
            return f"<{term}>"
        # keyed by identity (the memo holds the term, so its id is not reused): a Literal's own
        # hash and equality are Python code, ten times slower than an int's
        known = literals.get(id(term))
        if known is None:
            known = literals[id(term)] = (term, _quoteLiteral(term) if hasattr(term, "datatype") else term.n3())
        return known[1]

    lines = [f"{n3(s)} {n3(p)} {n3(o)} {name} .\n" for s, p, o in g]
    lines.sort()
    return "".join(lines).encode("utf-8")
