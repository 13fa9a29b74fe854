"""The embedded SPARQL store (pyoxigraph) that a build leaves in its output folder."""
from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["STORE_DIRNAME", "write_store", "open_store"]

STORE_DIRNAME = "store"


def write_store(trig: bytes, out_dir: Path) -> Path:
    """Returns the path of a fresh persistent store holding the TriG ``trig``.

    The store is built beside the old one and swapped in, so a failed build leaves the
    previous store usable.
    """
    import pyoxigraph as ox

    final = out_dir / STORE_DIRNAME
    tmp = out_dir / f".{STORE_DIRNAME}.tmp"
    old = out_dir / f".{STORE_DIRNAME}.old"
    for stale in (tmp, old):
        shutil.rmtree(stale, ignore_errors=True)
    store = ox.Store(str(tmp))
    store.bulk_load(trig, format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def open_store(data_dir: Path):
    """Returns the store of a build folder, read-only; raises InputError if there is none."""
    import pyoxigraph as ox

    from .errors import InputError

    path = Path(data_dir) / STORE_DIRNAME
    if not path.is_dir():
        raise InputError(f"{data_dir}: no knowledge graph here; run `kg build --out {data_dir}` first",
                         code="E110")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(f"{path}: the store cannot be opened ({exc}); rebuild it with `kg build`",
                         code="E111") from None
