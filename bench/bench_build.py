"""Prints median wall times of `kg build`, each from process start to exit (imports included).

Three cases, each run ``--runs`` times (default 5) in fresh processes:

* ``bundled, no cache``: ``kg build data/reports --no-cache`` (read, extract, write everything);
* ``bundled, cached``:   the same build again into a folder whose cache holds it (the usual
  rebuild: report unchanged, so it is not re-extracted);
* ``N synth, store-only``: ``kg synth --count N`` reports built with ``--store-only --no-cache``.

Usage: python bench/bench_build.py [--runs 5] [--count 100] [--root DIR] [--jobs N]
(``--root`` is the project folder to run ``python -m kg`` in; default: this checkout).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]


def _run(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for the corpus (0: default)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    kg = [sys.executable, "-m", "kg"]
    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp_path = Path(tmp)
        synth = tmp_path / "synth"
        subprocess.run(kg + ["synth", "--count", str(args.count), "--out", str(synth)], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
        cold, warm, corpus = [], [], []
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        for i in range(args.runs):
            out = tmp_path / f"b{i}"
            cold.append(_run(kg + ["build", "data/reports", "--out", str(out), "--no-cache"], root))
            if i == 0:  # fills the cache (--no-cache neither reads nor writes it)
                _run(kg + ["build", "data/reports", "--out", str(tmp_path / "warm")], root)
            warm.append(_run(kg + ["build", "data/reports", "--out", str(tmp_path / "warm")], root))
            shutil.rmtree(out)
            out = tmp_path / f"c{i}"
            corpus.append(_run(kg + ["build", str(synth), "--store-only", "--no-cache", "--out", str(out)] + jobs,
                               root))
            shutil.rmtree(out)
    med = statistics.median
    print(f"bundled report, no cache:    median {med(cold):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in cold)})")
    print(f"bundled report, cached:      median {med(warm):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in warm)})")
    print(f"{args.count} synth reports, store-only: median {med(corpus):.2f} s = "
          f"{args.count / med(corpus):.1f} reports/s  (runs: {', '.join(f'{t:.2f}' for t in corpus)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
