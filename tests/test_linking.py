"""Linking places to official codes and Wikidata, and judicial offices to the townships they serve."""
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from kg.linking import (load_gazetteer, match_place, report_area, served_township)
from kg.vocab import KGO, SDO

BASE = "https://w3id.org/gov-report-kg/"
LUCHENG = report_area(("鹿城区司法局2020年法治政府建设年度报告",))

# (name in the report, code system property, code) — the checked identifiers of the reference file
CODED_PLACES = [
    ("仰义街道", KGO.nbsTownshipCode, "330302028"),
    ("鹿城区", KGO.gb2260Code, "330302"),
    ("浙江省", KGO.gb2260Code, "330000"),
]
# (office, the township it serves)
SERVED = [
    ("丰门司法所", "丰门街道"),
    ("七都司法所", "七都街道"),
    ("五马司法所", "五马街道"),
    ("广化司法所", "广化街道"),
    ("藤桥司法所", "藤桥镇"),
]


def test_reference_file_keeps_a_source_for_every_identifier():
    gaz = load_gazetteer()
    coded = [p for p in gaz.places if p.code or p.wikidata]
    assert len(coded) == 18
    assert all(p.sources for p in coded)


def test_report_area_comes_from_the_title_and_is_the_lowest_level_named():
    assert LUCHENG.name == "鹿城区" and LUCHENG.gb2260 == "330302"
    assert report_area(("浙江省温州市鹿城区司法局",)).name == "鹿城区"
    assert report_area(("温州市司法局",)).gb2260 == "330300"
    assert report_area(("区司法局",)) is None     # the abbreviated publisher alone proves nothing


def test_places_match_by_exact_name_within_the_report_area_only():
    assert match_place("七都街道", LUCHENG).nbs_township == "330302023"
    assert match_place("温州市", LUCHENG).gb2260 == "330300"     # up the line
    assert match_place("七都", LUCHENG) is None                   # never by a stem
    assert match_place("七都街道", None) is None                  # no area, no match
    other_area = report_area(("浙江省司法厅",))
    assert other_area.name == "浙江省"
    assert match_place("鹿城区", other_area).gb2260 == "330302"


@pytest.mark.parametrize("office, township", SERVED + [("七都所", "七都街道"), ("鹿城区丰门司法所", "丰门街道")])
def test_judicial_office_serves_the_township_with_its_stem(office, township):
    assert served_township(office, LUCHENG).name == township


@pytest.mark.parametrize("office", ["司法所", "丁桥司法所", "鹿城区司法局"])
def test_office_without_a_township_of_that_stem_serves_none(office):
    assert served_township(office, LUCHENG) is None


def test_wikidata_only_where_an_official_code_proves_identity():
    gaz = load_gazetteer()
    country = gaz.named("中华人民共和国")[0]
    assert country.wikidata == "Q148" and country.wikidata_iri is None
    assert str(gaz.named("鹿城区")[0].wikidata_iri) == "http://www.wikidata.org/entity/Q702254"


# ------------------------------------------------------------------ on the bundled report's build

@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("linking-build")
    build(["data/reports"], out, page=False)
    return out


@pytest.fixture(scope="module")
def merged(build_dir):
    g = Graph()
    g.parse(build_dir / "graph.ttl", format="turtle")
    return g


def _node(g, label):
    nodes = sorted(g.subjects(RDFS.label, Literal(label, lang="zh-Hans")))
    assert len(nodes) == 1, (label, nodes)
    return nodes[0]


@pytest.mark.parametrize("label, prop, code", CODED_PLACES)
def test_place_iri_is_keyed_by_its_official_code(merged, label, prop, code):
    node = _node(merged, label)
    assert node == URIRef(f"{BASE}id/place/{code}")
    assert list(merged.objects(node, prop)) == [Literal(code)]


def test_township_code_and_county_code_never_mix(merged):
    assert not list(merged.subjects(KGO.gb2260Code, Literal("330302028")))
    assert not list(merged.objects(_node(merged, "仰义街道"), KGO.gb2260Code))


@pytest.mark.parametrize("office, township", SERVED)
def test_built_offices_serve_their_townships(merged, office, township):
    assert list(merged.objects(_node(merged, office), KGO.serves)) == [_node(merged, township)]


def test_hierarchy_goes_township_district_city_province(merged):
    chain = [_node(merged, "仰义街道")]
    while True:
        up = list(merged.objects(chain[-1], SDO.containedInPlace))
        if not up:
            break
        assert len(up) == 1
        chain.append(up[0])
    assert [str(merged.value(n, RDFS.label)) for n in chain] == ["仰义街道", "鹿城区", "温州市", "浙江省"]


def test_same_as_is_in_the_links_graph_and_only_to_checked_entities(build_dir):
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(build_dir / "graph.trig", format="trig")
    links = ds.graph(URIRef(f"{BASE}id/graph/links"))
    pairs = sorted((str(s).rsplit("/", 1)[1], str(o)) for s, _, o in links.triples((None, OWL.sameAs, None)))
    assert pairs == [("330000", "http://www.wikidata.org/entity/Q16967"),
                     ("330300", "http://www.wikidata.org/entity/Q42635"),
                     ("330302", "http://www.wikidata.org/entity/Q702254")]
    outside = [t for c in ds.graphs() if c.identifier != links.identifier
               for t in c.triples((None, OWL.sameAs, None))]
    assert outside == []


def test_no_iri_has_a_chinese_character(merged):
    iris = {str(t) for triple in merged for t in triple if isinstance(t, URIRef)}
    assert iris and not [i for i in iris if re.search(r"[\u2e80-\u9fff]", i)]


def test_place_iris_are_the_same_in_another_report_of_the_area(tmp_path):
    from kg.pipeline import build

    report = tmp_path / "other.txt"
    report.write_text("鹿城区司法局2021年法治政府建设年度报告\n\n一、推进依法行政。\n\n"
                      "仰义街道司法所开展调解工作，调处纠纷12起。\n", encoding="utf-8")
    build([report], tmp_path / "out", page=False)
    g = Graph()
    g.parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert (URIRef(f"{BASE}id/place/330302028"), KGO.nbsTownshipCode, Literal("330302028")) in g
