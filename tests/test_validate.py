"""`kg validate`: the bundled report's graph conforms; injected errors give one clear line each."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import QB, RDFS, SH, XSD

from kg.cli import main
from kg.validate import load_shapes, validate_build, validate_graph
from kg.vocab import KGO, OA, SDMXM, codelist

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("validate-build")
    build([str(REPORT)], out, page=False)
    return out


@pytest.fixture(scope="module")
def graph(build_dir) -> Graph:
    return Graph().parse(build_dir / "graph.ttl")


def _first(g: Graph, cls) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def test_bundled_report_graph_conforms(build_dir, capsys):
    report = validate_build(build_dir)
    assert report.violations == ()
    assert report.conforms and report.triples > 1000
    assert main(["validate", "--data", str(build_dir)]) == 0
    assert capsys.readouterr().out.startswith("conforms: ")


def test_every_class_in_the_data_has_a_node_shape(graph):
    shapes = load_shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    # classes a node shape reaches through one of its targets' other types or by subclassing
    secondary = {URIRef("https://schema.org/AdministrativeArea"), URIRef("https://schema.org/Place"),
                 URIRef("https://schema.org/GovernmentOrganization"), URIRef("https://schema.org/Organization"),
                 URIRef("http://www.w3.org/ns/prov#Activity"), URIRef("http://www.w3.org/2004/02/skos/core#Concept")}
    used = set(graph.objects(None, RDF.type))
    assert used - targeted - secondary == set()


def _drop_obs_value(g):
    node = _first(g, QB.Observation)
    g.remove((node, SDMXM.obsValue, None))
    return node


def _level_outside_code_list(g):
    node = _first(g, KGO.HonourConferral)
    g.set((node, KGO.honourLevel, codelist("honour-level", "galactic")))
    return node


def _label_without_language(g):
    node = _first(g, KGO.Section)
    heading = g.value(node, RDFS.label)
    g.set((node, RDFS.label, Literal(str(heading))))
    return node


def _end_before_start(g):
    node = _first(g, OA.TextPositionSelector)
    g.set((node, OA.end, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.set((node, OA.start, Literal(5, datatype=XSD.nonNegativeInteger)))
    return node


def _org_kind_unknown(g):
    node = sorted(g.subjects(URIRef("http://www.w3.org/ns/org#classification"), None))[0]
    g.set((node, URIRef("http://www.w3.org/ns/org#classification"), codelist("org-kind", "guild")))
    return node


def _measure_word_in_english(g):
    node = _first(g, QB.Observation)
    g.set((node, KGO.measureWord, Literal("cases", lang="en")))
    return node


# (name, injector, pieces each violation line must hold)
INJECTED = [
    ("observation without obsValue", _drop_obs_value,
     ["(qb:Observation)", "sdmx-measure:obsValue", "breaks minCount 1", "found 0 value(s)"]),
    ("conferral level outside the code list", _level_outside_code_list,
     ["(kgo:HonourConferral)", "kgo:honourLevel", "sh:in", "def:honour-level/national",
      "found def:honour-level/galactic, not in the list"]),
    ("label without a language tag", _label_without_language,
     ["(kgo:Section)", '"严格依法依规决策,深化法治鹿城建设"', "rdfs:label", "languageIn (zh-Hans)",
      "(no language tag, no datatype)"]),
    ("selector ending before it starts", _end_before_start,
     ["(oa:TextPositionSelector)", "oa:start", "lessThanOrEquals oa:end"]),
    ("organisation kind outside the code list", _org_kind_unknown,
     ["org:classification", "def:org-kind/guild, not in the list"]),
    ("measure word tagged en", _measure_word_in_english,
     ["kgo:measureWord", "languageIn (zh-Hans)", '"cases"@en']),
]


@pytest.mark.parametrize("name, inject, pieces", INJECTED, ids=[c[0] for c in INJECTED])
def test_injected_error_is_reported_on_one_actionable_line(graph, name, inject, pieces):
    g = Graph()
    for t in graph:
        g.add(t)
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns)
    node = inject(g)
    report = validate_graph(g)
    assert not report.conforms
    lines = [v.describe() for v in report.violations if v.focus == str(node)]
    assert lines, report.describe()
    assert any(all(p in line for p in pieces) for line in lines), "\n".join(lines)
    assert all("\n" not in line for line in lines)
    # nothing else breaks: the injection is the only fault in the graph
    assert {v.focus for v in report.violations} == {str(node)}


def test_observation_violation_names_the_text_it_came_from(graph):
    g = Graph()
    for t in graph:
        g.add(t)
    node = _drop_obs_value(g)
    (violation,) = validate_graph(g).violations
    quote = g.value(g.value(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")), OA.hasSelector)
    quotes = {str(g.value(s, OA.exact)) for s in g.objects(
        g.value(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")), OA.hasSelector)} - {"None"}
    assert quote is not None and violation.label in quotes
    assert violation.label == "19件"  # the first statistic of the report


def test_cli_exit_codes_for_violations_missing_and_unparsable_builds(graph, tmp_path, capsys):
    g = Graph()
    for t in graph:
        g.add(t)
    _drop_obs_value(g)
    bad = tmp_path / "bad"
    bad.mkdir()
    g.serialize(bad / "graph.ttl", format="turtle")
    assert main(["validate", "--data", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("1 violation(s) in ")
    assert "sdmx-measure:obsValue" in out[0]

    assert main(["validate", "--data", str(tmp_path / "nothing")]) == 2
    assert "[E120]" in capsys.readouterr().err

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "graph.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["validate", "--data", str(broken)]) == 2
    assert "[E121]" in capsys.readouterr().err
