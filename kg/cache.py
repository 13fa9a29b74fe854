"""Returns cached per-report results of a build: each report's quads, keyed by its bytes and the rules.

A rebuild re-extracts only the reports whose text changed. The cache lives in the output folder
(``OUT/cache/<key>.nq``); ``key`` is the sha256 of the report file's bytes, of the tool's
fingerprint (kg's version, every rules and reference file the build reads, and kg's code) and of the base
IRI, so a new version, an edited rules file or another ``--base`` misses the cache instead of
serving stale graphs. An entry is an N-Quads file whose first line is a ``#`` comment holding
what the summary needs (the text's sha256 and the counts per kind); entries are written
atomically, so a killed build leaves whole entries or none.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["CACHE_DIRNAME", "CachedReport", "fingerprint", "fingerprint_files", "cache_key", "has_entry", "read_entry", "write_entry",
           "prune"]

CACHE_DIRNAME = "cache"
_HEADER = "# kg-report "
#: Files whose content changes what a report's quads are: the rules, the reference data, and kg's
#: own code (a checkout between two releases carries the same version string).
_FINGERPRINT_GLOBS = (("kg", "rules", "*.yaml"), ("data", "reference", "*.yaml"))
_CODE_GLOBS = ("*.py", "extract/*.py")
_NOT_RULES = {"synth.yaml"}  # the synthetic-report generator's data: the build never reads it


@dataclass(frozen=True)
class CachedReport:
    """One report's cached result: its text's sha256, counts per kind, and its quads."""

    sha256: str
    counts: tuple[tuple[str, int], ...]
    nquads: bytes


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Returns a sha256 of kg's version, of every rules and reference file a build reads and of kg's
    code (:func:`fingerprint_files`)."""
    from . import __version__

    h = hashlib.sha256(f"kg {__version__}\n".encode())
    for name, path in fingerprint_files():
        h.update(f"{name}\n".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def fingerprint_files() -> list[tuple[str, Path]]:
    """Returns (name, path) of every file the fingerprint covers: rules, reference data, kg's code."""
    from .resources import resource_path

    files = []
    for parts in _FINGERPRINT_GLOBS:
        folder = resource_path(*parts[:-1])
        files += [("/".join(parts[:-1]) + "/" + p.name, p) for p in sorted(folder.glob(parts[-1]))
                  if p.name not in _NOT_RULES]
    package = Path(__file__).parent
    for pattern in _CODE_GLOBS:
        files += [("kg/" + p.relative_to(package).as_posix(), p) for p in sorted(package.glob(pattern))]
    return files


def cache_key(raw: bytes, base: str) -> str:
    """Returns the cache key of a report file's bytes under the current fingerprint and base IRI."""
    h = hashlib.sha256(fingerprint().encode())
    h.update(base.encode("utf-8") + b"\0")
    h.update(hashlib.sha256(raw).digest())
    return h.hexdigest()


def _entry_path(folder: Path, key: str) -> Path:
    return Path(folder) / f"{key}.nq"


def has_entry(folder: Path, key: str) -> bool:
    """Returns True if the cache holds an entry for ``key``."""
    return _entry_path(folder, key).is_file()


def read_entry(folder: Path, key: str) -> CachedReport | None:
    """Returns the cached result for ``key``, or None if there is none (or it is unreadable)."""
    try:
        data = _entry_path(folder, key).read_bytes()
    except OSError:
        return None
    first, _, body = data.partition(b"\n")
    if not first.startswith(_HEADER.encode()):
        return None
    try:
        meta = json.loads(first[len(_HEADER):])
        return CachedReport(meta["sha256"], tuple((k, int(n)) for k, n in meta["counts"]), body)
    except (ValueError, KeyError, TypeError):
        return None


def write_entry(folder: Path, key: str, entry: CachedReport) -> Path:
    """Writes one cache entry atomically; returns its path."""
    from .outputs import atomic_write

    meta = json.dumps({"sha256": entry.sha256, "counts": [list(c) for c in entry.counts]},
                      ensure_ascii=True, sort_keys=True)
    return atomic_write(_entry_path(folder, key), _HEADER.encode() + meta.encode() + b"\n" + entry.nquads,
                        sync=False)


def prune(folder: Path, keep: set[str]) -> int:
    """Removes the entries of ``folder`` whose key is not in ``keep``; returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.endswith(".nq") and entry.name[:-3] not in keep:
            Path(entry.path).unlink(missing_ok=True)
            removed += 1
    return removed
