"""End to end: the bundled report through read → extract → resolve → build → store → query."""
from __future__ import annotations

import csv
from pathlib import Path
import io

import pytest
from rdflib import Dataset, Graph

import kg
from kg.query import format_result, run_query


def rows(name, out):
    result = run_query(name, out)
    return [dict(zip(result.variables, r)) for r in result.rows]


def test_build_writes_the_promised_files(built):
    summary, out = built
    for name in ("graph.ttl", "graph.trig", "network.html"):
        assert (out / name).is_file() and (out / name).stat().st_size > 1000
    assert (out / "store").is_dir()
    assert summary.failures == ()
    assert len(summary.reports) == 1


def test_build_counts_per_kind(built):
    counts = dict(built[0].counts)
    assert counts["statistic"] == 51
    assert counts["award"] == 7
    assert counts["law"] == 1
    assert counts["organization"] == 15
    text = built[0].describe()
    assert "statistic" in text and "graph.ttl" in text


def test_trig_has_one_named_graph_per_report(built):
    ds = Dataset()
    ds.parse(built[1] / "graph.trig", format="trig")
    from rdflib.namespace import RDF, SDO
    report_graphs = [g.identifier for g in ds.graphs() if (None, RDF.type, SDO.Report) in g]
    assert len(report_graphs) == 1


def test_report_query(built):
    (r,) = rows("report", built[1])
    assert r["title"] == "鹿城区司法局2020年法治政府建设年度报告"
    assert r["publisher"] == "鹿城区司法局"
    assert r["year"] == "2020"
    assert r["published"] == "2021-02-23"
    assert r["identifier"] == "001008003001009/2021-31287"
    assert r["sections"] == "7"
    assert r["measures"] == "21"


def test_awards_query_lists_the_honours_named(built):
    got = {(r["recipient"], r["award"], r["level"]) for r in rows("awards", built[1])}
    assert ("鹿城区法律援助中心", "全国法律援助先进集体", "national") in got
    assert ("丰门司法所", "全省首批“枫桥式”司法所", "provincial") in got
    assert ("鹿城区司法局", "全省“枫桥式”司法所建设成绩突出集体", "provincial") in got
    # an application (申报 … 国家级民主法治示范社区) is not an award received
    assert not any("民主法治示范社区" in award for _, award, _ in got)


def test_statistics_quote_their_figures(built, bundled_report):
    doc = kg.read_document(bundled_report)
    stats = rows("statistics", built[1])
    assert len(stats) == 51
    for r in stats:
        start, end = int(r["start"]), int(r["end"])
        assert doc.text[start:end] == r["quote"]
        figure = r["value"].split(":")[0]
        assert figure in r["quote"]
    money = next(r for r in stats if r["value"] == "3013.69")
    assert (money["unit"], money["normalized"], money["normalized_unit"]) == ("万元", "30136900", "CNY")
    rate = next(r for r in stats if r["value"] == "99.93")
    assert (rate["unit"], rate["normalized_unit"]) == ("%", "PERCENT")
    approx = next(r for r in stats if r["value"] == "600")
    assert approx["qualifier"] == "more-than" and approx["normalized"] == "6000000"


def test_statistics_csv_is_w3c_csv(built):
    text = format_result(run_query("statistics", built[1]), "csv")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["observation", "value", "unit", "normalized", "normalized_unit", "qualifier",
                        "indicator", "quote", "start", "end"]
    assert len(table) == 52


def test_offices_have_parent_place_and_english_label(built):
    got = {r["label"]: r for r in rows("offices", built[1])}
    assert got["丰门司法所"]["label_en"] == "Fengmen Judicial Office"
    assert got["丰门司法所"]["parent"] == "鹿城区司法局"
    assert got["七都司法所"]["place"] == "七都街道"


def test_named_queries_have_the_contracted_variables(built):
    contract = {
        "report": "report title publisher year published identifier sections measures",
        "organizations": "org label type",
        "offices": "office label label_en parent place",
        "awards": "conferral recipient award level",
        "statistics": "observation value unit normalized normalized_unit qualifier indicator quote start end",
        "programs": "program label place",
        "places": "place label kind code wikidata",
        "people": "person name post",
        "laws": "law title",
    }
    for name, variables in contract.items():
        result = run_query(name, built[1])
        assert result.variables == tuple(variables.split()), name
        assert result.rows, f"{name} answered nothing"


def test_two_builds_are_byte_identical(tmp_path, bundled_report):
    a, b = tmp_path / "a", tmp_path / "b"
    kg.build([str(bundled_report)], a)
    kg.build([str(bundled_report)], b)
    files = sorted(p.relative_to(a) for p in a.iterdir() if p.is_file())
    assert len(files) >= 3
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_every_fact_points_to_its_quote(built, bundled_report):
    doc = kg.read_document(bundled_report)
    g = Graph()
    g.parse(built[1] / "graph.ttl", format="turtle")
    q = """
    PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT ?start ?end ?exact WHERE {
      ?sel oa:hasSelector ?p, ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }"""
    checked = 0
    for start, end, exact in g.query(q):
        assert doc.text[int(start):int(end)] == str(exact)
        checked += 1
    assert checked > 200


def test_nothing_to_build_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(kg.KGError):
        kg.build([str(tmp_path / "empty")], tmp_path / "out")


def test_addressee_signatory_and_signing_date_reach_the_graph(tmp_path):
    from rdflib import Literal, Namespace
    from rdflib.namespace import DCTERMS, RDFS, XSD

    kgo = Namespace("https://w3id.org/gov-report-kg/def/core#")
    report = Path(__file__).parent / "reports" / "yunxi-district-justice-2022-report-to-committee.txt"
    kg.build([str(report)], tmp_path / "b")
    g = Graph()
    g.parse(tmp_path / "b" / "graph.ttl", format="turtle")
    (r,) = list(g.subjects(kgo.addresseeText, None))
    assert g.value(r, kgo.addresseeText) == Literal("区委、区政府", lang="zh-Hans")
    assert len(list(g.objects(r, kgo.addressee))) == 2
    assert g.value(r, DCTERMS.dateSubmitted) == Literal("2023-01-12", datatype=XSD.date)
    signer = g.value(r, DCTERMS.creator)
    assert str(g.value(signer, RDFS.label)) == "云溪区司法局"


def test_page_written_in_a_child_process_reports_its_error(tmp_path, monkeypatch, bundled_report):
    """The page is drawn in a forked child while the parent writes the other files; an error
    there reaches the caller as the same exception, and the other outputs are written."""
    import kg.viz
    from kg.pipeline import build

    def broken(g, out, title="Knowledge graph"):
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr(kg.viz, "write_page", broken)
    with pytest.raises(OSError) as info:
        build([str(bundled_report)], tmp_path, cache=False, progress=False)
    assert info.value.errno == 28 and info.value.filename == str(tmp_path / "network.html")
    assert (tmp_path / "graph.ttl").stat().st_size > 0 and not (tmp_path / "network.html").exists()


def test_programmes_are_classified_by_how_their_names_end(built):
    rows = run_query("PREFIX kgo: <https://w3id.org/gov-report-kg/def/core#> "
                     "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                     "SELECT ?label ?kind WHERE { ?p a kgo:Programme ; rdfs:label ?label ; kgo:programmeKind ?k . "
                     "BIND(STRAFTER(STR(?k), 'programme-kind/') AS ?kind) }", built[1]).rows
    kinds = dict(rows)
    assert len(kinds) == 14  # every programme has exactly one kind
    assert kinds["“最多跑一次”改革"] == "reform" and kinds["证明事项告知承诺制试点"] == "pilot"
    assert kinds["容缺受理制"] == "system" and kinds["大调解工程"] == "project"
    assert kinds["“七五”普法"] == "campaign" and kinds["一人一档"] == "other"


def test_page_is_drawn_in_place_when_other_threads_run(tmp_path, bundled_report, monkeypatch):
    """With another thread running (a library caller's), the build does not fork: same page."""
    import os
    import threading

    from kg.pipeline import build

    def no_fork():
        raise AssertionError("forked beside another thread")

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with monkeypatch.context() as m:
            m.setattr(os, "fork", no_fork)
            build([str(bundled_report)], tmp_path / "threaded", cache=False, progress=False)
    finally:
        stop.set()
        other.join()
    build([str(bundled_report)], tmp_path / "forked", cache=False, progress=False)
    assert (tmp_path / "threaded" / "network.html").read_bytes() == (tmp_path / "forked" / "network.html").read_bytes()
