"""The main job: reports in, knowledge graph and network page out."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from rdflib import Dataset, Graph

from .builder import bind_prefixes, build_graph
from .errors import ConfigError, KGError
from .extract import extract_all
from .model import Document, Resolution
from .outputs import atomic_write, serialize_dataset, serialize_graph
from .reader import iter_report_paths, read_document
from .resolve import resolve
from .settings import Settings
from .store import write_store

__all__ = ["process_document", "build", "BuildSummary", "ReportFailure", "DEFAULT_INPUT"]

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
    triples: int

    def describe(self) -> str:
        lines = [f"built {len(self.reports)} report(s) into {self.out_dir}/ ({self.triples} triples)"]
        lines += [f"  {kind:<16}{n:>6}" for kind, n in self.counts]
        lines += [f"  wrote {p}" for p in self.files]
        lines += [f"  FAILED {f.path}: {f.message}" for f in self.failures]
        if self.failures:
            lines.append(f"{len(self.failures)} report(s) failed and were skipped; "
                         "fix or remove them and build again (exit status 3)")
        return "\n".join(lines)


def process_document(doc: Document) -> Resolution:
    """Returns the resolved entities and facts of one read document."""
    return resolve(doc, extract_all(doc))


def _count(res: Resolution, counter: Counter) -> None:
    for e in res.entities:
        counter[e.kind.value] += 1
    counter["award"] += len(res.conferrals)
    counter["application"] += len(res.applications)
    counter["statistic"] += len(res.observations)
    counter["post"] += len(res.posts)


def build(inputs: Sequence[str | os.PathLike] = (DEFAULT_INPUT,), out_dir: str | os.PathLike = "build",
          settings: Settings | None = None, *, page: bool = True) -> BuildSummary:
    """Builds the knowledge graph of the reports in ``inputs`` into ``out_dir``; returns a summary.

    Writes ``graph.ttl`` (all reports in one graph), ``graph.trig`` (one named graph per
    report), ``store/`` (the embedded SPARQL store ``kg query`` uses) and ``network.html``.
    A report that cannot be read (or that trips a bug) is listed in ``failures``; the others are
    built. A malformed rules file (:class:`ConfigError`) stops the build. Every file is written
    under a temporary name and renamed, and the store is swapped by a link, so a build that
    fails or is killed leaves the previous outputs valid.
    """
    settings = settings or Settings.from_env()
    out = Path(out_dir)
    paths = iter_report_paths(inputs)
    ds = Dataset()
    bind_prefixes(ds, settings)
    merged = Graph()
    bind_prefixes(merged, settings)
    counter: Counter = Counter()
    reports, failures = [], []
    seen: set[str] = set()
    for path in paths:
        try:
            doc = read_document(path, settings)
            if doc.sha256 in seen:  # the same text twice: one report
                continue
            seen.add(doc.sha256)
            res = process_document(doc)
            g = build_graph(res, settings)
        except ConfigError:  # the rules are broken: every report would fail the same way
            raise
        except KGError as exc:
            failures.append(ReportFailure(str(path), str(exc)))
            continue
        except Exception as exc:  # a bug on this report: skip it, build the rest, say so
            failures.append(ReportFailure(str(path), f"[E999] internal error ({type(exc).__name__}: "
                                                     f"{' '.join(str(exc).split())}); please report it"))
            continue
        named = ds.graph(g.identifier)
        for t in g:
            named.add(t)
            merged.add(t)
        _count(res, counter)
        reports.append(str(path))
    if not reports:
        first = failures[0].message if failures else "no reports found"
        raise KGError(f"nothing was built, {len(failures)} of {len(paths)} report(s) failed; first: {first}",
                      code="E101")
    from .linking import link_graph
    from .publish import describe_dataset, trig_bytes, write_publications

    linking = link_graph(merged, settings)  # codes, hierarchy, serves; sameAs in its own graph
    for extra in (linking.reference, linking.links):
        if len(extra):
            named = ds.graph(extra.identifier)
            for t in extra:
                named.add(t)
                merged.add(t)
    description = describe_dataset(ds, settings, linking)  # VoID / DCAT, its own graph in the TriG
    described = ds.graph(description.identifier)
    for t in description:
        described.add(t)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):  # temporary files of a build that was killed
        if stale.is_file() and not stale.is_symlink():
            stale.unlink(missing_ok=True)
    trig = trig_bytes(ds, settings)  # named graphs in IRI order: byte-identical builds
    files = [atomic_write(out / "graph.ttl", serialize_graph(merged, "turtle")),
             atomic_write(out / "graph.trig", trig)]
    files += write_publications(out, merged, description, settings)
    write_store(trig, out)
    files.append(out / "store")
    if page:
        from .viz import write_page
        files.append(write_page(merged, out / "network.html"))
    return BuildSummary(out, tuple(files), tuple(reports), tuple(failures),
                        tuple(sorted(counter.items())), len(merged))
