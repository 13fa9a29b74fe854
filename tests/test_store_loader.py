"""The store of a corpus build is loaded while the reports are still being extracted."""
from __future__ import annotations

import os

import pyoxigraph as ox
import pytest

from kg.pipeline import build
from kg.store import StoreLoader, default_copy, open_store, write_store
from kg.synth import write_corpus

NQ = (b'<http://example.org/s> <http://example.org/p> "a" <http://example.org/g1> .\n'
      b'<http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g2> .\n'
      b'<http://example.org/s> <http://example.org/p> "a b <x> ." <http://example.org/g2> .\n')


def _quads(store) -> list[str]:
    return sorted(str(q) for q in store)


def test_default_copy_moves_every_line_to_the_default_graph():
    assert default_copy(NQ) == (b'<http://example.org/s> <http://example.org/p> "a" .\n'
                                b'<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n'
                                b'<http://example.org/s> <http://example.org/p> "a b <x> ." .\n')


def test_streamed_store_equals_the_store_loaded_from_the_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "graph.nq").write_bytes(NQ)
    loader = StoreLoader(tmp_path / "a")
    for line in NQ.splitlines(keepends=True):  # one chunk per line: many loads into one store
        loader.add(line)
    link = loader.finish("0" * 64)
    assert os.readlink(link) == "store-" + "0" * 16
    write_store(tmp_path / "b" / "graph.nq", tmp_path / "b")
    streamed, loaded = open_store(tmp_path / "a"), open_store(tmp_path / "b")
    assert _quads(streamed) == _quads(loaded)
    assert len(streamed) == 6  # three in their graphs, their three copies in the default graph
    assert len(list(streamed.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 3


def test_a_chunk_that_fails_to_load_leaves_the_previous_store(tmp_path):
    write_store(b'<http://example.org/g> { <http://example.org/s> <http://example.org/p> "old" . }\n', tmp_path)
    before = os.readlink(tmp_path / "store")
    loader = StoreLoader(tmp_path)
    loader.add(NQ)
    loader.add(b"this is not N-Quads\n")
    with pytest.raises(SyntaxError):
        loader.finish("1" * 64)
    assert os.readlink(tmp_path / "store") == before
    assert [q.object.value for q in open_store(tmp_path)
            .quads_for_pattern(None, None, None, ox.NamedNode("http://example.org/g"))] == ["old"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(f".tmp{os.getpid()}")]


def test_corpus_build_streams_and_a_cached_rebuild_keeps_the_generation(tmp_path):
    write_corpus(tmp_path / "reports", 6, seed=3)
    out = tmp_path / "out"
    build([str(tmp_path / "reports")], out, store_only=True, jobs=2, progress=False)
    first = os.readlink(out / "store")
    n = len(open_store(out))
    assert n > 2 * 6 * 500  # every report's quads, and their copies in the default graph
    again = build([str(tmp_path / "reports")], out, store_only=True, jobs=2, progress=False)
    assert again.cached == 6
    assert os.readlink(out / "store") == first and len(open_store(out)) == n
    fresh = tmp_path / "fresh"
    build([str(tmp_path / "reports")], fresh, store_only=True, jobs=1, progress=False, cache=False,
          compact=False)  # neither streaming nor compaction changes what the store holds
    assert _quads(open_store(fresh)) == _quads(open_store(out))
