"""Prints median wall times of `kg build`, each from process start to exit (imports included).

Three cases, each run ``--runs`` times (default 5) in fresh processes:

* ``bundled, no cache``: ``kg build data/reports --no-cache`` (read, extract, write everything);
* ``bundled, cached``:   the same build again into a folder whose cache holds it (the usual
  rebuild: report unchanged, so it is not re-extracted);
* ``N synth, store-only``: ``kg synth --count N`` reports built with ``--store-only --no-cache``.

Python compiles the package's modules on every run where it may not write ``.pyc`` files
(``PYTHONDONTWRITEBYTECODE`` set, as in some sandboxes): that adds about 0.15-0.3 s to each
figure, so the output says which way it ran; ``--bytecode`` runs with ``.pyc`` files kept in a
temporary folder (``PYTHONPYCACHEPREFIX``), as an installed package has them.

Usage: python bench/bench_build.py [--bytecode] [--runs 5] [--count 100] [--root DIR] [--jobs N]
(``--root`` is the project folder to run ``python -m kg`` in; default: this checkout).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for the corpus (0: default)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--bytecode", action="store_true",
                        help="let Python keep .pyc files (in a temporary folder) even if PYTHONDONTWRITEBYTECODE is set")
    args = parser.parse_args(argv)
    kg = [sys.executable, "-m", "kg"]
    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp_path = Path(tmp)
        env = dict(os.environ)
        if args.bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pyc")
            # a first build writes the .pyc files
            _run(kg + ["build", "data/reports", "--out", str(tmp_path / "pyc-build"), "--no-cache"], root, env)
        compiles = "compiled on every run" if env.get("PYTHONDONTWRITEBYTECODE") else "read from .pyc files"

        def run(cmd: list[str], cwd: Path) -> float:
            return _run(cmd, cwd, env)

        synth = tmp_path / "synth"
        subprocess.run(kg + ["synth", "--count", str(args.count), "--out", str(synth)], cwd=root, check=True,
                       stdout=subprocess.DEVNULL, env=env)
        cold, warm, corpus = [], [], []
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        for i in range(args.runs):
            out = tmp_path / f"b{i}"
            cold.append(run(kg + ["build", "data/reports", "--out", str(out), "--no-cache"], root))
            if i == 0:  # fills the cache (--no-cache neither reads nor writes it)
                run(kg + ["build", "data/reports", "--out", str(tmp_path / "warm")], root)
            warm.append(run(kg + ["build", "data/reports", "--out", str(tmp_path / "warm")], root))
            shutil.rmtree(out)
            out = tmp_path / f"c{i}"
            corpus.append(run(kg + ["build", str(synth), "--store-only", "--no-cache", "--out", str(out)] + jobs,
                              root))
            shutil.rmtree(out)
    med = statistics.median
    print(f"(modules {compiles})")
    print(f"bundled report, no cache:    median {med(cold):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in cold)})")
    print(f"bundled report, cached:      median {med(warm):.2f} s  (runs: {', '.join(f'{t:.2f}' for t in warm)})")
    print(f"{args.count} synth reports, store-only: median {med(corpus):.2f} s = "
          f"{args.count / med(corpus):.1f} reports/s  (runs: {', '.join(f'{t:.2f}' for t in corpus)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
