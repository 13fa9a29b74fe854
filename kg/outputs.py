"""Writing output files atomically and deterministically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

__all__ = ["atomic_write", "serialize_graph", "serialize_dataset"]


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Writes ``data`` to ``path`` through a temporary file and a rename; returns ``path``.

    A crash at any moment leaves either the old file or the new one, never half of one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def serialize_graph(g: Graph, fmt: str = "turtle") -> bytes:
    """Returns ``g`` serialised; rdflib sorts subjects and predicates, so output is stable."""
    return g.serialize(format=fmt, encoding="utf-8")


def serialize_dataset(ds: Dataset, fmt: str = "trig") -> bytes:
    return ds.serialize(format=fmt, encoding="utf-8")
