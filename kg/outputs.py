"""Writing output files atomically and deterministically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

__all__ = ["atomic_write", "serialize_graph", "serialize_dataset"]


def atomic_write(path: Path, data: bytes | str) -> Path:
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
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
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


def serialize_graph(g: Graph, fmt: str = "turtle") -> bytes:
    """Returns ``g`` serialised; rdflib sorts subjects and predicates, so output is stable."""
    return g.serialize(format=fmt, encoding="utf-8")


def serialize_dataset(ds: Dataset, fmt: str = "trig") -> bytes:
    """Returns ``ds`` serialised (TriG by default), UTF-8."""
    return ds.serialize(format=fmt, encoding="utf-8")
