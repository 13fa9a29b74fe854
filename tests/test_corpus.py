"""Corpus scale: many synthetic reports in one store, comparable indicators, a per-report cache."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg import cache
from kg.cli import main
from kg.pipeline import build
from kg.query import run_query
from kg.store import open_store
from kg.synth import synthetic_report, write_corpus

COUNT = 10  # reports 0-4 are one district in five years, 5-9 another


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    write_corpus(folder, COUNT, seed=7)
    return folder


@pytest.fixture(scope="module")
def corpus_build(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-build")
    summary = build([str(corpus)], out, store_only=True, jobs=2, progress=False)
    return summary, out


def test_synthetic_reports_are_deterministic_and_varied():
    a, b = synthetic_report(3, seed=1), synthetic_report(3, seed=1)
    assert a == b
    assert synthetic_report(3, seed=2).text != a.text
    assert a.bureau == a.district + "司法局" and a.bureau in a.text
    assert f"调解成功率为{a.mediation_rate:.2f}%" in a.text
    districts = {synthetic_report(i).district for i in range(0, 500, 5)}
    assert len(districts) == 100
    assert {synthetic_report(i).year for i in range(5)} == {2019, 2020, 2021, 2022, 2023}


def test_synth_command_writes_the_reports(tmp_path, capsys):
    assert main(["synth", "--count", "3", "--out", str(tmp_path), "--seed", "5"]) == 0
    files = sorted(tmp_path.glob("*.txt"))
    assert [f.read_text(encoding="utf-8") for f in files] == [synthetic_report(i, 5).text for i in range(3)]
    assert "wrote 3 synthetic report(s)" in capsys.readouterr().out


def test_store_only_build_holds_every_report(corpus_build):
    summary, out = corpus_build
    assert len(summary.reports) == COUNT and summary.failures == ()
    assert sorted(p.name for p in summary.files) == ["graph.nq", "store"]
    counts = dict(summary.counts)  # the synthetic reports hold every kind a reader looks for
    assert all(counts[k] >= COUNT // 2 for k in ("organization", "place", "law", "person", "program", "award"))
    import pyoxigraph as ox

    store = open_store(out)
    named = [q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)]
    assert len(named) == summary.triples
    # the default graph is the de-duplicated union of the named graphs
    default = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == {(q.subject, q.predicate, q.object) for q in named}
    assert len(default) < len(named)  # labels repeated across reports are stored once there
    graphs = {str(g) for g in store.named_graphs()}
    assert sum("/id/graph/" in g for g in graphs) >= COUNT


def test_indicator_by_area_year_gives_every_district_and_year(corpus_build):
    result = run_query("indicator_by_area_year", corpus_build[1])
    rows = [dict(zip(result.variables, r)) for r in result.rows]
    expected = {(r.district, str(r.year), r.mediation_rate) for r in map(lambda i: synthetic_report(i, 7), range(COUNT))}
    got = {(r["area_label"], r["year"], Decimal(r["value"])) for r in rows}
    assert got == expected
    assert {r["indicator"] for r in rows} == {"调解成功率"} and {r["unit"] for r in rows} == {"PERCENT"}
    # one node per district across its five reports: the area IRI is keyed by name, not by report
    areas = {}
    for r in rows:
        areas.setdefault(r["area_label"], set()).add(r["area"])
    assert len(areas) == 2 and all(len(iris) == 1 for iris in areas.values())


def test_the_same_bureau_in_two_reports_is_one_node(corpus_build):
    bureau = synthetic_report(0, 7).bureau
    q = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX kgo: <https://w3id.org/gov-report-kg/def/core#>
    SELECT DISTINCT ?org ?report WHERE {{ ?org rdfs:label "{bureau}"@zh-Hans ; kgo:mentionedIn ?report }}"""
    rows = run_query(q, corpus_build[1]).rows
    assert len({org for org, _ in rows}) == 1
    assert len({report for _, report in rows}) == 5


def test_rebuild_reextracts_only_the_changed_report(corpus, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for p in sorted(corpus.glob("*.txt"))[:4]:
        (folder / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    first = build([str(folder)], out, store_only=True, jobs=2, progress=False)
    assert first.cached == 0 and len(list((out / cache.CACHE_DIRNAME).glob("*.nq"))) == 4
    again = build([str(folder)], out, store_only=True, jobs=2, progress=False)
    assert again.cached == 4
    assert (out / "graph.nq").read_bytes() == _quads(out)
    changed = sorted(folder.glob("*.txt"))[1]
    text = changed.read_text(encoding="utf-8")
    rate = synthetic_report(1, 7).mediation_rate
    changed.write_text(text.replace(f"调解成功率为{rate:.2f}%", "调解成功率为12.34%"), encoding="utf-8")
    third = build([str(folder)], out, store_only=True, jobs=2, progress=False)
    assert third.cached == 3
    values = {r[4] for r in run_query("indicator_by_area_year", out).rows}
    assert "12.34" in values and f"{rate:.2f}".rstrip("0") not in values
    assert len(list((out / cache.CACHE_DIRNAME).glob("*.nq"))) == 4  # the stale entry is pruned


def _quads(out):
    return (out / "graph.nq").read_bytes()


def test_cache_key_depends_on_bytes_base_and_version(monkeypatch):
    import kg

    k = cache.cache_key(b"report", "https://example.org/")
    assert k == cache.cache_key(b"report", "https://example.org/")
    assert k != cache.cache_key(b"report!", "https://example.org/")
    assert k != cache.cache_key(b"report", "https://example.com/")
    monkeypatch.setattr(kg, "__version__", "99.0")
    cache.fingerprint.cache_clear()
    try:
        assert cache.cache_key(b"report", "https://example.org/") != k
    finally:
        monkeypatch.undo()
        cache.fingerprint.cache_clear()


def test_store_only_and_full_builds_hold_the_same_report_quads(corpus, tmp_path):
    one = sorted(corpus.glob("*.txt"))[:2]
    full = build([str(p) for p in one], tmp_path / "full", page=False, progress=False, cache=False)
    lean = build([str(p) for p in one], tmp_path / "lean", store_only=True, progress=False, cache=False)
    assert full.reports == lean.reports

    import pyoxigraph as ox

    def report_quads(out):
        store = open_store(out)
        quads = {str(q) for q in store.quads_for_pattern(None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph)
                and not q.graph_name.value.endswith(("/void", "/links", "/reference"))}
        assert len(quads) > 2000
        return quads

    assert report_quads(tmp_path / "full") == report_quads(tmp_path / "lean")


def test_progress_bar_only_when_asked_or_on_a_terminal(corpus, tmp_path, capsys):
    paths = [str(p) for p in sorted(corpus.glob("*.txt"))[:2]]
    build(paths, tmp_path / "quiet", store_only=True, jobs=1)
    assert capsys.readouterr().err == ""   # pytest's stderr is not a terminal
    build(paths, tmp_path / "loud", store_only=True, jobs=1, progress=True)
    err = capsys.readouterr().err
    assert "2/2 reports" in err and err.rstrip().endswith("loading the store and compacting it …")


def test_cache_fingerprint_covers_rules_reference_data_and_the_extractors_code():
    names = [name for name, _ in cache.fingerprint_files()]
    assert "kg/rules/entities.yaml" in names and "kg/rules/statistics.yaml" in names
    assert "kg/rules/synth.yaml" not in names          # the generator's data: no build reads it
    assert {"kg/resolve.py", "kg/builder.py", "kg/extract/organizations.py", "kg/extract/statistics.py"} <= set(names)
    assert any(name.startswith("data/reference/") for name in names)
    assert names == [name for name, _ in cache.fingerprint_files()]     # the same files, in the same order
