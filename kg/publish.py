"""Returns the publishing files of a build: VoID/DCAT description, JSON-LD context and CSV exports.

Everything here is derived from the built graphs, deterministically: no wall-clock time (dates
come from the reports' own ``dct:created``), sorted rows, sorted JSON keys. CSV files are UTF-8
with a byte-order mark and CRLF line ends, so that Excel (as used in China) opens the Chinese text
correctly by double-click.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import BNode

from . import __version__, rdfwrite
from .iris import thing
from .linking import WIKIDATA_DATASET, Linking, links_graph_iri, reference_graph_iri, sources_of
from .outputs import atomic_write, serialize_dataset
from .settings import Settings
from .vocab import (DCAT, DCTERMS, FOAF, KGO, OA, ORG, OWL, PREFIXES, PROV, QB, RDF, RDFS, SDMXA, SDMXD,
                    SDMXM, SDO, SKOS, VOID, XSD)

__all__ = ["dataset_iri", "void_graph_iri", "describe_dataset", "jsonld_context", "to_jsonld",
           "statistics_table", "organizations_table", "csv_bytes", "write_publications",
           "trig_bytes", "DATA_LICENSE", "CSV_ENCODING"]

#: The licence of the published data (the code is Apache-2.0; the data is CC BY 4.0).
DATA_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
#: What Excel users in China expect: UTF-8 with a BOM (without it Excel guesses GBK).
CSV_ENCODING = "utf-8-sig"

_ZH = "zh-Hans"
_VOID_CLASS = URIRef("http://rdfs.org/ns/void#class")  # a Python keyword: not in rdflib's VOID


def dataset_iri(settings: Settings) -> URIRef:
    """Returns the IRI of the dataset the build publishes."""
    return thing(settings.base, "dataset", "kg")


def void_graph_iri(settings: Settings) -> URIRef:
    """Returns the named graph that holds the dataset description."""
    return thing(settings.base, "graph", "void")


# ------------------------------------------------------------------------ VoID and DCAT

def _union(ds: Dataset, skip: URIRef) -> Graph:
    g = Graph()
    for ctx in ds.graphs():
        if ctx.identifier != skip:
            for t in ctx:
                g.add(t)
    return g


def describe_dataset(ds: Dataset, settings: Settings, linking: Linking | None = None,
                     data: Graph | None = None) -> Graph:
    """Returns the VoID / DCAT description of the graphs in ``ds`` (its own named graph).

    Counts are of distinct triples over all named graphs but the description itself. Dates are
    the reports' own: ``dct:issued`` is the earliest ``dct:created``, ``dct:modified`` the latest.
    ``data``, if given, is that union already made (saves copying every triple once more).
    """
    base = settings.base
    me = dataset_iri(settings)
    g = Graph(identifier=void_graph_iri(settings))
    if data is None:
        data = _union(ds, g.identifier)
    add = g.add

    add((me, RDF.type, VOID.Dataset))
    add((me, RDF.type, DCAT.Dataset))
    add((me, DCTERMS.title, Literal("Knowledge graph of law-based government reports", lang="en")))
    add((me, DCTERMS.title, Literal("法治政府建设年度报告知识图谱", lang=_ZH)))
    add((me, DCTERMS.description, Literal(
        "Organizations, places, statistics, honours, laws and programmes named in Chinese government "
        "annual reports, each fact with the characters it was read from.", lang="en")))
    add((me, DCTERMS.license, DATA_LICENSE))
    add((me, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh")))
    add((me, VOID.uriSpace, Literal(f"{base}id/")))
    add((me, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    add((me, VOID.feature, URIRef("http://www.w3.org/ns/formats/TriG")))
    add((me, VOID.feature, URIRef("http://www.w3.org/ns/formats/JSON-LD")))
    for prefix, ns in sorted(PREFIXES.items()):
        if prefix in ("kgo", "org", "cv", "qb", "oa", "prov", "skos", "schema", "eli", "dct"):
            add((me, VOID.vocabulary, URIRef(str(ns))))

    # the tool that made it, with its version
    tool = thing(base, "software", f"kg-{__version__}")
    activity = thing(base, "activity", f"build-kg-{__version__}")
    add((tool, RDF.type, PROV.SoftwareAgent))
    add((tool, RDF.type, SDO.SoftwareApplication))
    add((tool, RDFS.label, Literal(f"kg {__version__}")))
    add((tool, SDO.softwareVersion, Literal(__version__)))
    add((activity, RDF.type, PROV.Activity))
    add((activity, PROV.wasAssociatedWith, tool))
    add((me, DCTERMS.creator, tool))
    add((me, PROV.wasGeneratedBy, activity))

    # sources: the reports (and the reference data the links were checked against)
    created = []
    for report in sorted(data.subjects(RDF.type, SDO.Report)):
        add((me, DCTERMS.source, report))
        add((activity, PROV.used, report))
        created += [str(d) for d in data.objects(report, DCTERMS.created)]
    if created:
        add((me, DCTERMS.issued, Literal(min(created), datatype=XSD.date)))
        add((me, DCTERMS.modified, Literal(max(created), datatype=XSD.date)))
    for text in sources_of():
        add((me, DCTERMS.source, Literal(text)))

    # sizes
    add((me, VOID.triples, Literal(len(data))))
    entities = {s for s in data.subjects() if isinstance(s, URIRef) and str(s).startswith(f"{base}id/")}
    add((me, VOID.entities, Literal(len(entities))))
    add((me, VOID.distinctSubjects, Literal(len(set(data.subjects())))))
    add((me, VOID.properties, Literal(len(set(data.predicates())))))
    classes = Counter(o for s, o in data.subject_objects(RDF.type) if isinstance(o, URIRef))
    for cls in sorted(classes):
        part = URIRef(f"{me}/class/{_slug(cls)}")
        add((me, VOID.classPartition, part))
        add((part, _VOID_CLASS, cls))
        add((part, VOID.entities, Literal(classes[cls])))
    properties = Counter(data.predicates())
    for prop in sorted(properties):
        part = URIRef(f"{me}/property/{_slug(prop)}")
        add((me, VOID.propertyPartition, part))
        add((part, VOID.property, prop))
        add((part, VOID.triples, Literal(properties[prop])))

    # named graphs: the reports, the reference facts (the links are the linkset below)
    links = links_graph_iri(settings)
    for ctx in sorted(ds.graphs(), key=lambda c: str(c.identifier)):
        if ctx.identifier in (g.identifier, links) or not len(ctx) or isinstance(ctx.identifier, BNode):
            continue
        add((me, VOID.subset, ctx.identifier))
        add((ctx.identifier, RDF.type, VOID.Dataset))
        add((ctx.identifier, VOID.triples, Literal(len(ctx))))
    reference = reference_graph_iri(settings)
    for text in sources_of():
        add((reference, DCTERMS.source, Literal(text)))

    # the linkset: owl:sameAs to Wikidata, in its own named graph
    n_links = len(linking.links) if linking is not None else 0
    if n_links:
        add((me, VOID.subset, links))
        add((links, RDF.type, VOID.Linkset))
        add((links, VOID.subjectsTarget, me))
        add((links, VOID.objectsTarget, WIKIDATA_DATASET))
        add((links, VOID.linkPredicate, OWL.sameAs))
        add((links, VOID.triples, Literal(n_links)))
        add((links, DCTERMS.description, Literal(
            "owl:sameAs only where an official code (GB/T 2260 or NBS) proves identity", lang="en")))
        add((WIKIDATA_DATASET, RDF.type, VOID.Dataset))
        add((WIKIDATA_DATASET, DCTERMS.title, Literal("Wikidata", lang="en")))
        add((WIKIDATA_DATASET, VOID.uriSpace, Literal("http://www.wikidata.org/entity/")))
        add((WIKIDATA_DATASET, FOAF.homepage, URIRef("https://www.wikidata.org/")))

    # distributions: the files the build writes
    for name, media, title in _DISTRIBUTIONS:
        dist = URIRef(f"{me}/distribution/{name.replace('.', '-')}")
        add((me, DCAT.distribution, dist))
        add((dist, RDF.type, DCAT.Distribution))
        add((dist, DCTERMS.title, Literal(title, lang="en")))
        add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        add((dist, DCTERMS.identifier, Literal(name)))
        add((dist, DCTERMS.license, DATA_LICENSE))
        if name.endswith(".ttl") or name.endswith(".trig"):
            add((me, VOID.dataDump, dist))
    return g


_DISTRIBUTIONS = (
    ("graph.ttl", "text/turtle", "All reports in one graph (Turtle)"),
    ("graph.trig", "application/trig", "One named graph per report, plus reference, links and this description (TriG)"),
    ("graph.jsonld", "application/ld+json", "All reports in one graph (JSON-LD, with context.jsonld)"),
    ("void.ttl", "text/turtle", "This description (VoID and DCAT)"),
    ("statistics.csv", "text/csv", "Statistics (UTF-8 with BOM)"),
    ("organizations.csv", "text/csv", "Organizations (UTF-8 with BOM)"),
)


def _slug(iri: URIRef) -> str:
    """Returns a short ASCII key for a vocabulary term: ``org-OrganizationalUnit``."""
    text = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(ns)):
            return f"{prefix}-{text[len(str(ns)):]}"
    return "".join(c if c.isalnum() else "-" for c in text.split("//", 1)[-1])


# ------------------------------------------------------------------------ JSON-LD

def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def jsonld_context(g: Graph, settings: Settings) -> dict:
    """Returns a JSON-LD context for ``g``: prefixes and a short key per property ("label", "unitOf").

    A property whose values are all language-tagged gets a language map
    (``"label": {"zh-Hans": …}``); one whose values are all IRIs gets ``"@type": "@id"``; one whose
    values are all of one datatype gets that datatype. Two properties with the same local name
    keep their prefixed names (``dct:title``, ``eli:title``).
    """
    ctx: dict[str, object] = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    ctx["id"] = "@id"
    ctx["type"] = "@type"
    ctx["data"] = f"{settings.base}id/"
    by_local: dict[str, list[str]] = {}
    for p in sorted({str(p) for p in g.predicates()} - {str(RDF.type)}):
        by_local.setdefault(_local(p), []).append(p)
    for local, iris in sorted(by_local.items()):
        for p in iris:
            key = local if len(iris) == 1 and local not in ctx else _curie(p)
            if key == p:
                continue
            objects = list(g.objects(None, URIRef(p)))
            term: dict[str, str] = {"@id": p}
            if objects and all(isinstance(o, Literal) and o.language for o in objects):
                term["@container"] = "@language"
            elif objects and all(isinstance(o, URIRef) for o in objects):
                term["@type"] = "@id"
            else:
                types = {o.datatype for o in objects if isinstance(o, Literal)}
                if len(types) == 1 and None not in types and all(isinstance(o, Literal) for o in objects):
                    term["@type"] = str(types.pop())
            ctx[key] = term
    return {"@context": ctx}


def _sorted_json(value):
    if isinstance(value, dict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def to_jsonld(g: Graph, context: dict) -> bytes:
    """Returns ``g`` as compact JSON-LD with ``context`` inlined, nodes and keys sorted.

    Written directly from the triples (:func:`kg.rdfwrite.jsonld_nodes`); a graph that cannot be
    written so (a blank node) goes through rdflib's JSON-LD serialiser instead.
    """
    try:
        nodes = rdfwrite.jsonld_nodes(g, context["@context"])
    except rdfwrite.Unwritable:
        nodes = _rdflib_jsonld_nodes(g, context)
    out = {"@context": context["@context"], "@graph": nodes}
    return (rdfwrite.json_text(out) + "\n").encode("utf-8")


def _rdflib_jsonld_nodes(g: Graph, context: dict) -> list:
    """Returns the node objects of rdflib's compact JSON-LD of ``g``, sorted by id."""
    doc = json.loads(g.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    body = {k: v for k, v in doc.items() if k != "@context"}
    nodes = body.pop("@graph", None)
    if nodes is None:
        nodes = [body] if body else []
    return sorted((_sorted_json(n) for n in nodes), key=lambda n: str(n.get("id", n.get("@id", ""))))


# ------------------------------------------------------------------------ CSV

_STATISTICS_HEADER = ("report", "section", "indicator", "value_as_written", "measure_word", "value",
                      "unit", "qualifier", "area", "area_code", "year", "quote", "start", "end",
                      "observation")
_ORGANIZATIONS_HEADER = ("organization", "label_zh", "label_pinyin", "label_en", "kind", "parent",
                         "serves", "serves_code", "report")


def _cell(value) -> str:
    return "" if value is None else str(value)


def _after(term, marker: str) -> str:
    """Returns SPARQL ``STRAFTER(STR(term), marker)``: the text after the first ``marker``, else ""."""
    return str(term).partition(marker)[2]


def _values(g: Graph, node, *predicates) -> list:
    """Returns the objects of ``node`` by any of ``predicates`` (a SPARQL ``p1|p2`` path)."""
    return [o for p in predicates for o in g.objects(node, p)]


def _path(g: Graph, node, first, second) -> list:
    """Returns the objects of the SPARQL path ``first/second`` from ``node``."""
    return [o for mid in g.objects(node, first) for o in g.objects(mid, second)]


def _optional(values: list) -> list:
    """Returns the bindings of a SPARQL OPTIONAL: the values found, or one unbound (None)."""
    return values or [None]


def _codes(g: Graph, place) -> list:
    return _optional(_values(g, place, KGO.gb2260Code, KGO.nbsTownshipCode))


def statistics_table(g: Graph) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Returns (header, rows) of every statistic, in report and text order.

    One row per observation with its report, value as written, value and quoted span, and per
    combination of its optional facts (indicator, measure word, unit, qualifier, area and its
    code, year, section), as a SPARQL query with OPTIONAL groups would give; rows are distinct.
    """
    rows: set[tuple[str, ...]] = set()
    for obs in set(g.subjects(RDF.type, QB.Observation)):
        reports = [r for ds in g.objects(obs, QB.dataSet) for r in g.objects(ds, DCTERMS.source)]
        values = list(g.objects(obs, SDMXM.obsValue))
        written = list(g.objects(obs, KGO.valueAsWritten))
        spans = []  # (start, end, quote) of the selections the observation was read from
        for sel in g.objects(obs, PROV.wasDerivedFrom):
            selectors = list(g.objects(sel, OA.hasSelector))
            quotes = [q for sq in selectors for q in g.objects(sq, OA.exact)]
            spans += [(start, end, quote) for pos in selectors for start in g.objects(pos, OA.start)
                      for end in g.objects(pos, OA.end) for quote in quotes]
        if not (reports and values and written and spans):
            continue
        indicators = _optional(_path(g, obs, KGO.indicator, SKOS.prefLabel))
        words = _optional(list(g.objects(obs, KGO.measureWord)))
        units = _optional([_after(u, "/unit/") for u in g.objects(obs, SDMXA.unitMeasure)])
        qualifiers = _optional([_after(q, "/qualifier/") for q in g.objects(obs, KGO.qualifier)])
        areas = _optional([(area, code) for a in g.objects(obs, SDMXD.refArea)
                           for area in g.objects(a, RDFS.label) for code in _codes(g, a)])
        periods = _optional([_after(p, "/year/") for p in g.objects(obs, SDMXD.refPeriod)])
        sections = _optional(_path(g, obs, KGO.inSection, RDFS.label))
        for report in reports:
            for value in values:
                for w in written:
                    for start, end, quote in spans:
                        for indicator in indicators:
                            for word in words:
                                for unit in units:
                                    for qualifier in qualifiers:
                                        for area in areas:
                                            area, code = area or (None, None)
                                            for period in periods:
                                                for section in sections:
                                                    rows.add(tuple(_cell(v) for v in (
                                                        report, section, indicator, w, word, value, unit,
                                                        qualifier, area, code, period, quote, start, end,
                                                        obs)))
    return _STATISTICS_HEADER, sorted(rows, key=lambda r: (r[0], int(r[12] or 0), int(r[13] or 0), r))


def _labelled(g: Graph, nodes) -> list:
    """Returns (node, label) for every rdfs:label of ``nodes``."""
    return [(n, label) for n in nodes for label in g.objects(n, RDFS.label)]


def _in_language(values, tag: str) -> list:
    return [v for v in values if isinstance(v, Literal) and (v.language or "") == tag]


def organizations_table(g: Graph) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Returns (header, rows) of every organization, by Chinese label.

    One row per classified, labelled and mentioned organization and per combination of its
    pinyin and English names, parents and the places it serves (with their codes), as a SPARQL
    query with OPTIONAL groups would give; rows are distinct.
    """
    rows: set[tuple[str, ...]] = set()
    for org in set(g.subjects(ORG.classification)):
        kinds = [_after(k, "/org-kind/") for k in g.objects(org, ORG.classification)]
        labels = list(g.objects(org, RDFS.label))
        reports = list(g.objects(org, KGO.mentionedIn))
        if not (labels and reports):
            continue
        names = list(g.objects(org, SKOS.prefLabel))
        pinyins = _optional(_in_language(names, "zh-Latn-pinyin"))
        englishes = _optional(_in_language(names, "en"))
        parents = _optional([label for _, label in _labelled(
            g, _values(g, org, ORG.unitOf, ORG.subOrganizationOf))])
        served = _optional([(label, code) for s, label in _labelled(g, g.objects(org, KGO.serves))
                            for code in _codes(g, s)])
        for kind in kinds:
            for label in labels:
                for report in reports:
                    for py in pinyins:
                        for en in englishes:
                            for parent in parents:
                                for serve in served:
                                    serves, code = serve or (None, None)
                                    rows.add(tuple(_cell(v) for v in (
                                        org, label, py, en, kind, parent, serves, code, report)))
    return _ORGANIZATIONS_HEADER, sorted(rows, key=lambda r: (r[1], r))


def csv_bytes(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    """Returns a CSV file as Excel in China expects it: UTF-8 with BOM, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(CSV_ENCODING)


def write_publications(out: Path, merged: Graph, description: Graph, settings: Settings) -> list[Path]:
    """Writes void.ttl, context.jsonld, graph.jsonld, statistics.csv, organizations.csv; returns them."""
    from .builder import bind_prefixes
    from .outputs import serialize_graph

    out = Path(out)
    void = Graph()
    bind_prefixes(void, settings)
    for t in description:
        void.add(t)
    context = jsonld_context(merged, settings)
    return [
        atomic_write(out / "void.ttl", serialize_graph(void, "turtle")),
        atomic_write(out / "context.jsonld",
                     json.dumps(context, ensure_ascii=False, indent=1, sort_keys=True) + "\n"),
        atomic_write(out / "graph.jsonld", to_jsonld(merged, context)),
        atomic_write(out / "statistics.csv", csv_bytes(*statistics_table(merged))),
        atomic_write(out / "organizations.csv", csv_bytes(*organizations_table(merged))),
    ]


def trig_bytes(ds: Dataset, settings: Settings) -> bytes:
    """Returns ``ds`` as TriG: the default graph first, then named graphs in IRI order, all sorted.

    Prefixes are the project's (:func:`kg.builder.bind_prefixes`), declared where used.
    """
    from .builder import bind_prefixes

    names = Graph()
    bind_prefixes(names, settings)
    default = ds.default_graph.identifier
    graphs = [(None if c.identifier == default else c.identifier, c) for c in ds.graphs()]
    try:
        return rdfwrite.trig(graphs, names.namespaces()).encode("utf-8")
    except rdfwrite.Unwritable:
        one = Dataset()
        bind_prefixes(one, settings)
        for c in ds.graphs():
            target = one.default_graph if c.identifier == default else one.graph(c.identifier)
            for t in c:
                target.add(t)
        return serialize_dataset(one)
