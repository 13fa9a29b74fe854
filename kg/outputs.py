"""Writing output files atomically and deterministically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

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


def _memo_pnames(base: type) -> type:
    """Returns a subclass of rdflib's Turtle or TriG serialiser that computes each prefixed name once.

    rdflib asks for the prefixed name of every IRI several times per triple (when it counts
    references, orders subjects and writes), and each time splits the IRI anew; this is most of
    its time. A name found is kept (rdflib's own namespace manager caches the same split per IRI);
    "no name" (an IRI written in full) is kept only while no prefix has been bound since, since a
    prefix bound later could give that IRI a name. So the output is the same as rdflib's.
    """

    class Memo(base):
        def reset(self) -> None:
            super().reset()
            self._kg_pnames: dict = {}
            self._kg_unnamed: dict = {}

        def _kg_bindings(self) -> int | None:
            """Returns how many prefixes the store binds, or None if that cannot be read cheaply."""
            table = getattr(self.store.store, "_Memory__namespace", None)
            return len(table) if isinstance(table, dict) else None

        def get_pname(self, uri, gen_prefix: bool = True):
            key = (uri, gen_prefix)
            name = self._kg_pnames.get(key)
            if name is not None:
                return name
            bindings = self._kg_bindings()
            if bindings is not None and self._kg_unnamed.get(key) == bindings:
                return None
            name = super().get_pname(uri, gen_prefix)
            if name is not None:
                self._kg_pnames[key] = name
            elif bindings is not None:
                after = self._kg_bindings()
                if after == bindings:
                    self._kg_unnamed[key] = after
            return name

    Memo.__name__ = Memo.__qualname__ = f"Memo{base.__name__}"
    return Memo


_FORMATS = {"turtle": "kg-turtle", "ttl": "kg-turtle", "trig": "kg-trig"}


def _format(fmt: str) -> str:
    """Returns the name of kg's faster serialiser for ``fmt`` (registering it once), else ``fmt``."""
    name = _FORMATS.get(fmt)
    if name is None:
        return fmt
    if name not in _registered:
        from rdflib import plugin
        from rdflib.plugins.serializers.trig import TrigSerializer
        from rdflib.plugins.serializers.turtle import TurtleSerializer
        from rdflib.serializer import Serializer

        cls = _memo_pnames(TrigSerializer if name == "kg-trig" else TurtleSerializer)
        globals()[cls.__name__] = cls
        plugin.register(name, Serializer, __name__, cls.__name__)
        _registered.add(name)
    return name


_registered: set[str] = set()


def serialize_graph(g: Graph, fmt: str = "turtle") -> bytes:
    """Returns ``g`` serialised; rdflib sorts subjects and predicates, so output is stable."""
    return g.serialize(format=_format(fmt), encoding="utf-8")


def serialize_dataset(ds: Dataset, fmt: str = "trig") -> bytes:
    """Returns ``ds`` serialised (TriG by default), UTF-8."""
    return ds.serialize(format=_format(fmt), encoding="utf-8")


def nquads(g, graph_name: str | None = None) -> bytes:
    """Returns the triples of ``g`` (a Graph, or any iterable of triples) as sorted N-Quads lines.

    The graph named is ``graph_name``, else ``g.identifier``. Sorted lines make the bytes depend
    only on the set of triples. Terms are written as rdflib's own N-Quads writer writes them, so
    they parse back to the same terms; each distinct term is formatted once.
    """
    from rdflib.plugins.serializers.nt import _quoteLiteral
    from rdflib.term import Literal, URIRef

    name = (URIRef(graph_name) if graph_name is not None else g.identifier).n3()
    memo: dict = {}

    def n3(term) -> str:
        text = memo.get(term)
        if text is None:
            text = memo[term] = _quoteLiteral(term) if isinstance(term, Literal) else term.n3()
        return text

    lines = [f"{n3(s)} {n3(p)} {n3(o)} {name} .\n" for s, p, o in g]
    lines.sort()
    return "".join(lines).encode("utf-8")
