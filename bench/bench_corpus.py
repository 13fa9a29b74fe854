"""Prints corpus-scale figures: building N synthetic reports into a queryable store.

For each size (default 100, 1,000 and 10,000 reports of ``kg synth``):

* build: ``kg build DIR --store-only --no-cache --no-compact`` in a child process (both cores, no
  cache), wall time, reports per second, quads, peak memory (ru_maxrss of the build and its workers);
* floor: the time pyoxigraph itself needs to bulk-load the produced ``graph.nq`` into a fresh
  store (``Store.bulk_load``), and the ratio build / floor; also the floor of what the store holds
  (``graph.nq`` and its copy in the default graph);
* compaction: ``Store.optimize`` of the built store (what a default build adds);
* queries: the median latency (of --runs runs) of every named query over the compacted store, via
  ``kg.query.QueryWorker`` (one worker process, as ``kg serve`` uses), killed after --cap seconds.

    python bench/bench_corpus.py [--sizes 100 1000 10000] [--runs 5] [--cap 30] [--budget 600]

A size whose build is estimated (from the previous size, linearly) to take longer than
--budget seconds is not run; its figures are printed as an extrapolation, labelled so.
Figures depend on the machine and on what else runs on it: report medians of several runs.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _run(cmd: list[str]) -> tuple[float, float]:
    """Runs ``cmd`` in a fresh child; returns (wall seconds, peak MB of that child and its children)."""
    script = ("import resource, subprocess, sys, time\n"
              "t = time.perf_counter(); rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
              "w = time.perf_counter() - t\n"
              "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n")
    out = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.split()
    if out[2] not in ("0", "3"):
        raise SystemExit(f"command failed ({out[2]}): {' '.join(cmd)}")
    return float(out[0]), int(out[1]) / 1024


def _floor(files: list[Path], work: Path) -> tuple[float, float]:
    """Returns (seconds, peak MB) of pyoxigraph bulk-loading ``files`` (N-Quads) into a fresh store."""
    code = ("import sys, time, pyoxigraph as ox\n"
            "s = ox.Store(sys.argv[1]); t = time.perf_counter()\n"
            "for f in sys.argv[2:]: s.bulk_load(path=f, format=ox.RdfFormat.N_QUADS)\n"
            "s.flush(); print(time.perf_counter() - t)\n")
    store = work / "floor-store"
    script = ("import resource, subprocess, sys\n"
              "out = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True).stdout\n"
              "print(out.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", script, sys.executable, "-c", code, str(store),
                          *map(str, files)], capture_output=True, text=True, check=True).stdout.split()
    import shutil
    shutil.rmtree(store, ignore_errors=True)
    return float(out[0]), int(out[1]) / 1024


def _default_copy_file(nq: Path, work: Path) -> Path:
    """Writes the default-graph copy of ``nq`` (what the build's store also holds); returns it."""
    from kg.store import default_copy

    target = work / "default-copy.nq"
    with open(nq, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(64 << 20):
            dst.write(default_copy(chunk + src.readline()))
    return target


def _compact(out: Path) -> float:
    code = ("import os, sys, time, pyoxigraph as ox\n"
            "s = ox.Store(os.path.realpath(sys.argv[1])); t = time.perf_counter()\n"
            "s.optimize(); s.flush(); print(time.perf_counter() - t)\n")
    return float(subprocess.run([sys.executable, "-c", code, str(out / "store")], capture_output=True,
                                text=True, check=True).stdout)


def _query_medians(out: Path, runs: int, cap: float) -> dict[str, float | None]:
    from kg.errors import KGError
    from kg.query import QueryWorker, named_queries

    medians: dict[str, float | None] = {}
    worker = QueryWorker(out)
    try:
        for name, q in sorted(named_queries().items()):
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                try:
                    worker.run(q.text, timeout=cap)
                except KGError:  # timed out (the worker is restarted) or failed
                    times = []
                    worker.close()
                    worker = QueryWorker(out)
                    break
                times.append(time.perf_counter() - t)
            medians[name] = statistics.median(times) if times else None
    finally:
        worker.close()
    return medians


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--runs", type=int, default=5, help="runs per named query (median)")
    ap.add_argument("--cap", type=float, default=30.0, help="seconds before a query is killed")
    ap.add_argument("--budget", type=float, default=600.0, help="skip a size estimated to build longer")
    ap.add_argument("--jobs", type=int, default=None, help="build worker processes (default: cores)")
    args = ap.parse_args()

    from kg.synth import write_corpus

    print(f"cores: {os.cpu_count()}; python {sys.version.split()[0]}")
    previous: tuple[int, float, float, int] | None = None   # (size, build s, floor s, quads)
    with tempfile.TemporaryDirectory(prefix="kg-bench-corpus-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            if previous and previous[1] * size / previous[0] > args.budget:
                n0, b0, f0, q0 = previous
                k = size / n0
                print(f"\n== {size} reports: EXTRAPOLATED linearly from {n0} (not run; "
                      f"estimated build {b0 * k:.0f} s > budget {args.budget:.0f} s)")
                print(f"  build        ~{b0 * k:.0f} s  (~{n0 / b0:.1f} reports/s)")
                print(f"  quads        ~{q0 * k:.0f}")
                print(f"  floor        ~{f0 * k:.0f} s bulk load; ratio ~{b0 / f0:.2f}")
                continue
            reports = work / f"reports-{size}"
            write_corpus(reports, size, seed=0)
            out = work / f"out-{size}"
            cmd = [sys.executable, "-m", "kg", "build", str(reports), "--out", str(out), "--store-only",
                   "--no-cache", "--no-compact"] + (["--jobs", str(args.jobs)] if args.jobs else [])
            wall, peak = _run(cmd)
            nq = out / "graph.nq"
            quads = sum(1 for _ in open(nq, "rb"))
            floor, floor_peak = _floor([nq], work)
            copy = _default_copy_file(nq, work)
            floor2, _ = _floor([nq, copy], work)
            copy.unlink()
            compact = _compact(out)
            print(f"\n== {size} reports")
            print(f"  build        {wall:.1f} s  ({size / wall:.1f} reports/s), queryable store, not compacted")
            print(f"  quads        {quads}  ({nq.stat().st_size / 1e6:.0f} MB of N-Quads)")
            print(f"  peak memory  {peak:.0f} MB (build and its workers, largest process)")
            print(f"  floor        {floor:.1f} s  (pyoxigraph bulk_load of graph.nq, peak {floor_peak:.0f} MB)")
            print(f"  ratio        {wall / floor:.2f} (build / floor)")
            print(f"  floor, store {floor2:.1f} s  (bulk_load of graph.nq and its default-graph copy: "
                  f"what the store holds); ratio {wall / floor2:.2f}")
            print(f"  compaction   {compact:.1f} s  (Store.optimize, part of a default build: "
                  f"build + compaction = {wall + compact:.1f} s)")
            medians = _query_medians(out, args.runs, args.cap)
            done = [v for v in medians.values() if v is not None]
            print(f"  queries      (compacted store) median of medians {statistics.median(done) * 1000:.0f} ms; "
                  f"{sum(v is None for v in medians.values())} over {args.cap:.0f} s")
            for name, v in medians.items():
                print(f"    {name:<24}{'> cap' if v is None else f'{v * 1000:8.1f} ms'}", flush=True)
            previous = (size, wall, floor, quads)
            import shutil
            shutil.rmtree(reports, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
