"""The network page: projection, layout, escaping, offline-ness and byte-identical output."""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg.builder import build_graph
from kg.model import (Conferral, Entity, HonourLevel, Mention, MentionKind, Observation, OrgKind,
                      PlaceLevel, PostHolding, Resolution, Span, StatisticDetail, Unit)
from kg.reader import read_document
from kg.settings import Settings
from kg.viz import layout, page_data, render_page, to_networkx, write_page

REPORT = Path(__file__).resolve().parents[1] / "data" / "reports" / \
    "lucheng-justice-bureau-2020-law-based-government-report.txt"
ATTACK = '<script>window.__pwned=1</script><img src=x onerror="document.body.dataset.pwned=1">'


def _mention(text: str, doc_text: str, kind: MentionKind, rule: str, after: int = 0, **kw) -> Mention:
    start = doc_text.index(text, after)
    return Mention(kind, Span(start, start + len(text)), text, rule, **kw)


def sample_resolution(attack: bool = False) -> Resolution:
    """Returns a hand-resolved slice of the bundled report (real spans), built by kg.builder."""
    doc = read_document(REPORT, Settings())
    t = doc.text
    M = MentionKind
    bureau = Entity("bureau", M.ORGANIZATION, "鹿城区司法局",
                    (_mention("鹿城区司法局", t, M.ORGANIZATION, "org.suffix.v1", after=40),),
                    org_kind=OrgKind.GOVERNMENT_BODY, place="lucheng")
    district = Entity("lucheng", M.PLACE, "鹿城区", (_mention("鹿城区", t, M.PLACE, "place.suffix.v1", after=40),),
                      place_level=PlaceLevel.DISTRICT)
    town = Entity("qidu", M.PLACE, "七都街道" if "七都街道" in t else "七都",
                  (_mention("七都", t, M.PLACE, "place.suffix.v1"),), place_level=PlaceLevel.SUBDISTRICT,
                  place="lucheng")
    office = Entity("fengmen", M.ORGANIZATION, "丰门司法所", (_mention("丰门司法所", t, M.ORGANIZATION, "org.suffix.v1"),),
                    org_kind=OrgKind.JUDICIAL_OFFICE, parent="bureau")
    person = Entity("hu", M.PERSON, "胡剑谨", (_mention("胡剑谨", t, M.PERSON, "person.post.v1"),))
    entities = [bureau, district, town, office, person]
    if attack:
        entities.append(Entity("attack", M.ORGANIZATION, ATTACK + "司法所",
                               (_mention("司法所", t, M.ORGANIZATION, "org.suffix.v1"),),
                               org_kind=OrgKind.JUDICIAL_OFFICE, parent="bureau"))
    stat_text = "19429"
    stat = _mention(stat_text, t, M.STATISTIC, "statistic.count.v1")
    detail = StatisticDetail(stat_text, Decimal(stat_text), "件", Decimal(stat_text), Unit.NUM, None, "调解案件")
    honour = _mention("丰门司法所", t, M.HONOUR, "honour.verb.v1")
    post = _mention("胡剑谨", t, M.PERSON, "person.post.v1")
    return Resolution(
        document=doc, entities=tuple(entities),
        observations=(Observation("obs1", stat, detail, "lucheng", 2020),),
        conferrals=(Conferral("conf1", honour, "fengmen", "省级示范司法所", HonourLevel.PROVINCIAL, None, 2020),),
        applications=(), posts=(PostHolding("post1", "hu", "调解员", "fengmen", post),),
        publisher="bureau", area="lucheng")


def sample_graph(attack: bool = False):
    return build_graph(sample_resolution(attack), Settings())


@pytest.fixture(scope="module")
def G():
    return to_networkx(sample_graph())


def _by_label(G, label):
    return next(n for n, a in G.nodes(data=True) if a["label"] == label)


def test_projection_has_things_sections_and_no_statistic_nodes(G):
    kinds = sorted(a["kind"] for _, a in G.nodes(data=True))
    assert kinds.count("section") == 7
    assert kinds.count("report") == 1
    assert kinds.count("organization") == 2 and kinds.count("place") == 2 and kinds.count("person") == 1
    assert kinds.count("honour") == 1
    assert not any("/observation/" in n for n in G)   # statistics are panel rows, not nodes


def test_edges_are_labelled_by_relation(G):
    office, bureau = _by_label(G, "丰门司法所"), _by_label(G, "鹿城区司法局")
    # the office is named in the introduction, before the first numbered section
    assert sorted(d["label"] for _, v, d in G.out_edges(office, data=True)) == ["received", "unit of"]
    assert [d["label"] for _, v, d in G.out_edges(office, data=True) if v == bureau] == ["unit of"]
    person = _by_label(G, "胡剑谨")
    assert [G.nodes[v]["label"] for _, v, d in G.out_edges(person, data=True) if d["label"] == "in section"] == \
        ["精准普法彰显特色,依法治理水平显著提升"]
    assert [(v, d["post"]) for _, v, d in G.out_edges(person, data=True) if d["label"] == "holds post in"] == \
        [(office, "调解员")]


def test_panel_shows_the_source_sentence_of_a_fact(G):
    office = _by_label(G, "丰门司法所")
    fact = next(f for f in G.nodes[office]["details"]["facts"] if f["rel"] == "received")
    sentence, start, end = fact["q"]
    text = G.graph["sentences"][sentence]
    assert text[start:end] == "丰门司法所"
    assert len(text) > len("丰门司法所") and text.endswith(("。", "；", ";", "！"))


def test_statistics_are_listed_in_their_section_and_place(G):
    district = _by_label(G, "鹿城区")
    rows = G.nodes[district]["details"]["stats"]
    assert [(r["indicator"], r["written"], r["value"], r["unit"], r["period"]) for r in rows] == \
        [("调解案件", "19429件", "19429", "NUM", "2020")]
    holders = sorted(G.nodes[n]["kind"] for n in G if G.nodes[n]["details"]["stats"])
    assert holders == ["place", "section"]
    sentence, start, end = rows[0]["q"]
    assert G.graph["sentences"][sentence][start:end] == "19429"


def test_section_filter_knows_where_things_and_facts_are(G):
    def headings(label):
        return [G.nodes[s]["label"][:4] for s in G.nodes[_by_label(G, label)]["details"]["sections"]]

    assert headings("胡剑谨") == ["精准普法"]     # its mention and its post are in section 7
    assert headings("丰门司法所") == ["精准普法"]  # not mentioned in a section, but its post fact is
    assert headings("鹿城区") == ["创新执法"]      # the statistic about it is in section 2


def test_layout_is_stable_and_spreads_nodes(G):
    a, b = layout(G), layout(G)
    assert a == b
    assert len(set(a.values())) == len(G)   # no two nodes on the same pixel
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in a.values())


def test_two_renders_are_byte_identical():
    one = render_page(to_networkx(sample_graph()), "鹿城")
    two = render_page(to_networkx(sample_graph()), "鹿城")
    assert one == two


def test_page_loads_nothing_from_the_network():
    page = render_page(to_networkx(sample_graph()), "t")
    refs = re.findall(r"""(?:\bsrc|\bhref|\baction|\bposter|\bdata)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    refs += re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    refs += re.findall(r"@import", page, re.I)
    assert refs == []
    assert "<link" not in page.lower()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "https://w3id.org/" in page      # data IRIs are there, as text inside the JSON only


def test_report_text_cannot_become_markup():
    title = "</title><script>alert(1)</script>"
    page = render_page(to_networkx(sample_graph(attack=True)), title)
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "</title><script>alert" not in page
    assert page.count("<script") == 5   # the timer, vis, the data block, the app … and nothing more
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
                      .group(1))
    assert any(n["zh"] == ATTACK + "司法所" for n in data["nodes"])
    assert data["title"] == title


def test_write_page_writes_utf8(tmp_path):
    out = write_page(sample_graph(), tmp_path / "p.html", "鹿城区")
    text = out.read_bytes().decode("utf-8")
    assert "<title>鹿城区</title>" in text
    assert page_data(to_networkx(sample_graph()))["kinds"][0]["kind"] == "report"


def test_unknown_kind_is_refused():
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node("x", kind="statistic", label="x", label_en="x", label_pinyin="x")
    with pytest.raises(ValueError, match="no known kind"):
        render_page(G)


# ---------------------------------------------------------------- kg stats / kg export

@pytest.fixture(scope="module")
def bundled_build(tmp_path_factory):
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    build([str(REPORT)], out, page=False)
    return out


def test_stats_of_the_sample_rank_things_not_structure(G):
    from kg.analytics import graph_stats

    s = graph_stats(G)
    assert s.kinds == (("honour", 1), ("organization", 2), ("person", 1), ("place", 2), ("report", 1),
                       ("section", 7))
    # three things have three neighbours each (ties go by IRI); the bureau lies between most pairs
    assert [(r.label, r.score) for r in s.by_degree[:4]] == [
        ("鹿城区司法局", 0.2308), ("丰门司法所", 0.2308), ("鹿城区", 0.2308), ("胡剑谨", 0.1538)]
    assert [r.label for r in s.by_betweenness[:3]] == ["鹿城区司法局", "丰门司法所", "鹿城区"]
    assert {r.kind for r in s.by_degree} <= {"organization", "place", "person", "honour"}
    assert s.components == (14,)
    assert s.components_without_structure == (6,)   # bureau–office–person–honour–district–town


def test_kg_stats_on_the_bundled_build(bundled_build, capsys):
    from kg.cli import main

    assert main(["stats", "--data", str(bundled_build)]) == 0
    text = capsys.readouterr().out
    top = text.split("by degree centrality:")[1].splitlines()[1:4]
    assert any(line.endswith("鹿城区司法局") for line in top)
    assert re.search(r"^  organization\s+\d+$", text, re.M)
    assert "connected components: " in text


def test_kg_export_writes_gephi_files_with_kinds_and_labels(bundled_build, tmp_path):
    import networkx as nx

    from kg.cli import main

    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"g.{fmt}"
        assert main(["export", "--format", fmt, "--data", str(bundled_build), "--out", str(out)]) == 0
        first = out.read_bytes()
        assert main(["export", "--format", fmt, "--data", str(bundled_build), "--out", str(out)]) == 0
        assert out.read_bytes() == first
        H = read(out)
        bureau = next(n for n, a in H.nodes(data=True) if a.get("label_zh") == "鹿城区司法局")
        assert H.nodes[bureau]["kind"] == "organization"
        assert H.nodes[bureau]["label_en"] and H.nodes[bureau]["label_pinyin"]


def test_kg_stats_without_a_build_says_what_to_do(tmp_path, capsys):
    from kg.cli import main

    assert main(["stats", "--data", str(tmp_path)]) == 2
    assert "run `kg build --out" in capsys.readouterr().err
