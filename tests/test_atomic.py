"""Outputs are replaced atomically: a failed or killed build leaves the previous outputs valid."""
from __future__ import annotations

import os
import pathlib
import signal
import stat
import subprocess
import sys
import time

import pytest

from kg.outputs import atomic_write
from kg.store import open_store, write_store

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"

TRIG_A = b"<http://example.org/g> { <http://example.org/s> <http://example.org/p> \"a\" . }\n"
TRIG_B = TRIG_A.replace(b'"a"', b'"b"')
TRIG_C = TRIG_A.replace(b'"a"', b'"c"')
VALUE = "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def values(store) -> list[str]:
    return [row["o"].value for row in store.query(VALUE)]


# ------------------------------------------------------------------ atomic_write

def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    atomic_write(path, "old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write(path, "new" * 1000)
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_written_files_are_readable_and_keep_their_mode(tmp_path):
    path = atomic_write(tmp_path / "a.ttl", b"x")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600
    path.chmod(0o640)
    atomic_write(path, b"y")
    assert (stat.S_IMODE(path.stat().st_mode), path.read_bytes()) == (0o640, b"y")


# ------------------------------------------------------------------ write_store

def test_store_is_a_link_swapped_to_each_new_generation(tmp_path):
    link = write_store(TRIG_A, tmp_path)
    assert link.is_symlink() and os.readlink(link).startswith("store-")
    first = os.readlink(link)
    reader = open_store(tmp_path)  # a reader that opened the old generation keeps it
    assert values(reader) == ["a"]
    write_store(TRIG_B, tmp_path)
    second = os.readlink(link)
    assert second != first and values(open_store(tmp_path)) == ["b"]
    assert values(reader) == ["a"]
    write_store(TRIG_B, tmp_path)  # same content: same generation, nothing rebuilt
    assert os.readlink(link) == second
    write_store(TRIG_C, tmp_path)
    third = os.readlink(link)
    # the previous generation is kept for readers that still have it open; older ones go
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["store", second, third])
    assert values(open_store(tmp_path)) == ["c"]


def test_old_plain_store_folder_and_stale_temporaries_are_replaced(tmp_path):
    import pyoxigraph as ox

    plain = ox.Store(str(tmp_path / "store"))
    plain.bulk_load(TRIG_A, format=ox.RdfFormat.TRIG)
    plain.flush()
    del plain
    (tmp_path / ".store-0123456789abcdef.tmp999").mkdir()  # left by a killed build
    (tmp_path / ".store-link.tmp999").symlink_to("nowhere")
    write_store(TRIG_B, tmp_path)
    assert values(open_store(tmp_path)) == ["b"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert (tmp_path / "store-legacy").is_dir()


def test_interrupted_store_load_keeps_the_old_store(tmp_path, monkeypatch):
    write_store(TRIG_A, tmp_path)
    import pyoxigraph as ox

    class Exploding:
        def __init__(self, path):
            pathlib.Path(path).mkdir()

        def bulk_load(self, *args, **kwargs):
            raise MemoryError("killed halfway")

        bulk_extend = bulk_load

    monkeypatch.setattr(ox, "Store", Exploding)
    with pytest.raises(MemoryError):
        write_store(TRIG_B, tmp_path)
    monkeypatch.undo()
    assert values(open_store(tmp_path)) == ["a"]


# ------------------------------------------------------------------ SIGKILL during a real build

COPIES = 6
COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def kg(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, **kwargs)


def answers(out: pathlib.Path) -> tuple[str, str]:
    counted = kg("query", COUNT, "--data", str(out), "--format", "csv")
    awards = kg("query", "awards", "--data", str(out), "--format", "csv")
    assert counted.returncode == 0 and awards.returncode == 0, counted.stderr + awards.stderr
    return counted.stdout, awards.stdout


def parse_outputs(out: pathlib.Path) -> tuple[int, int]:
    from rdflib import Dataset, Graph

    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return len(Graph().parse(out / "graph.ttl", format="turtle")), sum(len(g) for g in ds.graphs())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> pathlib.Path:
    """COPIES reports: the bundled one with one character of its body changed in each."""
    folder = tmp_path_factory.mktemp("corpus")
    text = REPORT.read_text(encoding="utf-8")
    start = text.index("一、")
    for i in range(COPIES):
        at = start + 200 + 37 * i
        (folder / f"report-{i:02d}.txt").write_text(text[:at] + "某" + text[at + 1:], encoding="utf-8")
    return folder


def _reading(out, old_inode):
    """The new build has read and cached some reports, and replaced no output yet."""
    cached = out / "cache"
    return cached.is_dir() and len(list(cached.glob("*.nq"))) >= 2  # the first build's entry and a new one


def _graph_replaced(out, old_inode):
    try:
        return (out / "graph.ttl").stat().st_ino != old_inode
    except FileNotFoundError:
        return False


def _store_loading(out, old_inode):
    return any(name.startswith(".store-") and ".tmp" in name for name in os.listdir(out))


def _orphans(out, wait: float = 5.0) -> list[int]:
    """Returns the pids of processes still building into ``out`` (after waiting up to ``wait`` s)."""
    deadline = time.monotonic() + wait
    while True:
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/cmdline", "rb") as f:
                        cmd = f.read().split(b"\0")
                except OSError:
                    continue
                if str(out).encode() in cmd and b"build" in cmd:
                    pids.append(int(entry))
        if not pids or time.monotonic() > deadline:
            return pids
        time.sleep(0.05)


@pytest.mark.parametrize("moment", ["while reading", "after graph.ttl was replaced", "while loading the store"])
def test_build_killed_halfway_leaves_previous_outputs_valid(moment, corpus, tmp_path):
    out = tmp_path / "out"
    done = kg("build", str(REPORT), "--out", str(out))
    assert done.returncode == 0, done.stderr
    old_answers = answers(out)
    old_ttl, old_trig = (out / "graph.ttl").read_bytes(), (out / "graph.trig").read_bytes()
    old_link = os.readlink(out / "store")
    old_inode = (out / "graph.ttl").stat().st_ino
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    condition = {"while reading": _reading, "after graph.ttl was replaced": _graph_replaced,
                 "while loading the store": _store_loading}[moment]
    try:
        deadline = time.monotonic() + 600
        while not condition(out, old_inode):
            assert proc.poll() is None, f"the build ended before the moment '{moment}'"
            assert time.monotonic() < deadline, "the build took too long"
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _orphans(out) == [], "worker processes outlived the killed build"

    ttl_triples, trig_triples = parse_outputs(out)  # both files parse, whichever generation they are
    assert os.readlink(out / "store") == old_link
    assert answers(out) == old_answers  # the store is the old one, complete
    if moment == "while reading":
        assert (out / "graph.ttl").read_bytes() == old_ttl and (out / "graph.trig").read_bytes() == old_trig
    else:  # the new graph.ttl is whole: every copy's report is in it
        from rdflib import Graph

        assert ttl_triples > 2 * len(Graph().parse(data=old_ttl, format="turtle"))
