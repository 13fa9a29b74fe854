"""Returns links from a built graph to official codes and Wikidata, from reference data kept in data/.

Which places a report names is known from the report; which code or Wikidata entity a place has is
known only from checked reference data (``data/reference/admin-codes.yaml``, each identifier with
its source). The report's own area comes from its publisher and title; a place name is matched
only by its exact Chinese name inside that area (its townships) or on the area's line up (city,
province), never by a stem across the country. ``owl:sameAs`` to Wikidata is written only for a
place whose official code is in the reference data: the code proves identity.

Judicial offices are linked to the township they serve when the stem of the office's name equals
the stem of a township of the report's area (X司法所 / X所 ↔ X街道 / X镇 / X乡); the stems come from
the translation table's kind words (:func:`kg.labels.split_kind`), not from a list in code.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from rdflib import Graph, Literal, URIRef

from .errors import ConfigError
from .iris import thing
from .labels import english, pinyin_name, split_kind
from .model import Entity, MentionKind, OrgKind, PlaceLevel, Resolution
from .resources import load_yaml, resource_path
from .settings import Settings
from .vocab import DCTERMS, KGO, ORG, OWL, RDF, RDFS, SDO, SKOS, WD, codelist

__all__ = ["ReferencePlace", "Gazetteer", "Linking", "load_gazetteer", "report_area",
           "resolution_area", "official_key", "link_graph", "links_graph_iri",
           "reference_graph_iri", "match_place", "served_township", "sources_of",
           "TOWNSHIP_LEVELS", "WIKIDATA_DATASET"]

#: Levels below a county (one code system each: NBS township codes).
TOWNSHIP_LEVELS = (PlaceLevel.SUBDISTRICT, PlaceLevel.TOWN, PlaceLevel.TOWNSHIP)
#: Wikidata as a linked dataset (the objects' target of the linkset).
WIKIDATA_DATASET = URIRef("http://www.wikidata.org/")

_ZH, _PINYIN = "zh-Hans", "zh-Latn-pinyin"


@dataclass(frozen=True)
class ReferencePlace:
    """One place of the reference data, with its official codes and their sources."""

    name: str                        # exact Chinese name, with its kind: 某某街道
    level: PlaceLevel
    within: str | None = None        # the name of the place one level up
    gb2260: str | None = None        # GB/T 2260, county level and above
    nbs_township: str | None = None  # NBS 统计用区划代码, 9 digits
    wikidata: str | None = None      # QID
    sources: tuple[str, ...] = ()    # where the identifiers were checked

    @property
    def code(self) -> str | None:
        """Returns the official code that keys the place's IRI (GB/T 2260 or NBS), if any."""
        return self.gb2260 or self.nbs_township

    @property
    def wikidata_iri(self) -> URIRef | None:
        """Returns the Wikidata entity, only when an official code proves identity."""
        return WD[self.wikidata] if self.wikidata and self.code else None


@dataclass(frozen=True)
class Gazetteer:
    """The reference places, by name, with their hierarchy."""

    places: tuple[ReferencePlace, ...]
    sources: tuple[tuple[str, str], ...] = ()   # (key, description)

    def named(self, name: str) -> tuple[ReferencePlace, ...]:
        return tuple(p for p in self.places if p.name == name)

    def parent(self, place: ReferencePlace) -> ReferencePlace | None:
        found = self.named(place.within) if place.within else ()
        return found[0] if len(found) == 1 else None

    def ancestors(self, place: ReferencePlace) -> tuple[ReferencePlace, ...]:
        """Returns the places above ``place``, nearest first."""
        out: list[ReferencePlace] = []
        p = self.parent(place)
        while p is not None and p not in out:
            out.append(p)
            p = self.parent(p)
        return tuple(out)

    def below(self, place: ReferencePlace) -> tuple[ReferencePlace, ...]:
        """Returns every place inside ``place`` (any depth), in file order."""
        return tuple(p for p in self.places if place in self.ancestors(p))

    def scope(self, area: ReferencePlace) -> tuple[ReferencePlace, ...]:
        """Returns the places a report about ``area`` can name: the area, inside it, above it."""
        return (area,) + self.below(area) + self.ancestors(area)


def _place(row: dict, sources: dict[str, str], path: Path) -> ReferencePlace:
    try:
        level = PlaceLevel(row["level"])
        name = str(row["name"])
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"{path}: place {row!r} needs a name and a known level ({exc}); fix the entry")
    used: list[str] = []
    for field in ("gb2260_source", "nbs_township_source", "wikidata_source"):
        value = row.get(field) or ()
        for key in ([value] if isinstance(value, str) else value):
            text = sources.get(key, key)
            if text not in used:
                used.append(text)
    def text(key: str) -> str | None:
        return str(row[key]) if row.get(key) is not None else None
    return ReferencePlace(name=name, level=level, within=text("within"), gb2260=text("gb2260"),
                          nbs_township=text("nbs_township"), wikidata=text("wikidata"),
                          sources=tuple(used))


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Returns the reference places of ``data/reference/admin-codes.yaml`` (or ``path``)."""
    path = path or resource_path("data", "reference", "admin-codes.yaml")
    data = load_yaml(path) or {}
    sources = {str(k): str(v) for k, v in (data.get("sources") or {}).items()}
    places = tuple(_place(row, sources, path) for row in data.get("places") or ())
    return Gazetteer(places, tuple(sorted(sources.items())))


@lru_cache(maxsize=256)
def report_area(texts: tuple[str, ...], gazetteer: Gazetteer | None = None) -> ReferencePlace | None:
    """Returns the reference place a report is about: the lowest-level one named in ``texts``.

    ``texts`` are the report's publisher and title. Several different places at the lowest
    level named give no area (ambiguous).

    >>> report_area(("温州市司法局2020年法治政府建设年度报告",)).gb2260
    '330300'
    """
    gaz = gazetteer or load_gazetteer()
    order = list(PlaceLevel)
    found = {p for p in gaz.places if p.code and any(p.name in t for t in texts if t)}
    if not found:
        return None
    deepest = max(order.index(p.level) for p in found)
    lowest = sorted((p for p in found if order.index(p.level) == deepest), key=lambda p: p.name)
    return lowest[0] if len(lowest) == 1 else None


def match_place(name: str, area: ReferencePlace | None, gazetteer: Gazetteer | None = None
                ) -> ReferencePlace | None:
    """Returns the reference place with exactly ``name`` in the report area's scope (one, or none)."""
    if area is None:
        return None
    gaz = gazetteer or load_gazetteer()
    hits = [p for p in gaz.scope(area) if p.name == name]
    return hits[0] if len(hits) == 1 else None


def _stem(name: str) -> str:
    return split_kind(name)[0]


def served_township(office: str, area: ReferencePlace | None, gazetteer: Gazetteer | None = None
                    ) -> ReferencePlace | None:
    """Returns the township of the area whose stem equals the judicial office's stem.

    >>> served_township("南汇司法所", report_area(("温州市司法局",))).nbs_township
    '330302025'
    """
    if area is None:
        return None
    gaz = gazetteer or load_gazetteer()
    stem = _stem(office)
    if stem.startswith(area.name):  # 某区某某司法所
        stem = stem[len(area.name):]
    if not stem:
        return None
    hits = [p for p in gaz.below(area) if p.level in TOWNSHIP_LEVELS and _stem(p.name) == stem]
    return hits[0] if len(hits) == 1 else None


def resolution_area(res: Resolution) -> ReferencePlace | None:
    """Returns the reference place a resolved report is about (from its publisher and title)."""
    labels = {e.key: e.label for e in res.entities}
    texts = (labels.get(res.publisher or ""), res.document.header.publisher,
             res.document.title_text, labels.get(res.area or ""))
    return report_area(tuple(t for t in texts if t))


def official_key(e: Entity, area: ReferencePlace | None) -> str | None:
    """Returns the official code that should key a place entity's IRI, or None."""
    if e.kind is not MentionKind.PLACE:
        return None
    place = match_place(e.label, area)
    return place.code if place else None


# ---------------------------------------------------------------------- on a built graph

def links_graph_iri(settings: Settings) -> URIRef:
    """Returns the named graph that holds the links to other data sets (owl:sameAs)."""
    return thing(settings.base, "graph", "links")


def reference_graph_iri(settings: Settings) -> URIRef:
    """Returns the named graph that holds the facts from reference data (codes, hierarchy, serves)."""
    return thing(settings.base, "graph", "reference")


@dataclass(frozen=True)
class Linking:
    """What the linker adds: reference facts and links, each in its own graph."""

    reference: Graph           # codes, containedInPlace, serves, reference-only places
    links: Graph               # owl:sameAs to Wikidata
    places: tuple[tuple[str, str], ...]    # (node IRI, code), sorted
    served: tuple[tuple[str, str], ...]    # (office IRI, township IRI), added by the linker


def _zh_label(g: Graph, node) -> str | None:
    labels = sorted(str(o) for o in g.objects(node, RDFS.label)
                    if isinstance(o, Literal) and o.language == _ZH)
    return labels[0] if labels else None


def _report_texts(g: Graph, report) -> tuple[str, ...]:
    texts = [str(t) for t in g.objects(report, DCTERMS.title)]
    for p in g.objects(report, DCTERMS.publisher):
        texts.append(str(p) if isinstance(p, Literal) else (_zh_label(g, p) or ""))
    for p in g.objects(report, DCTERMS.spatial):
        texts.append(_zh_label(g, p) or "")
    return tuple(sorted(t for t in texts if t))


def link_graph(g: Graph, settings: Settings, gazetteer: Gazetteer | None = None) -> Linking:
    """Returns the reference facts and Wikidata links for the reports in ``g``."""
    gaz = gazetteer or load_gazetteer()
    nodes: dict[ReferencePlace, URIRef] = {}   # reference place → its node in the graph
    serves: dict[URIRef, ReferencePlace] = {}
    office_kind = codelist("org-kind", OrgKind.JUDICIAL_OFFICE.value)
    for report in sorted(g.subjects(RDF.type, SDO.Report)):
        area = report_area(_report_texts(g, report), gaz)
        if area is None:
            continue
        mentioned = sorted(g.subjects(KGO.mentionedIn, report))
        for node in mentioned:
            if (node, KGO.adminLevel, None) not in g:
                continue
            place = match_place(_zh_label(g, node) or "", area, gaz)
            if place is not None:
                nodes.setdefault(place, node)
        for node in mentioned:
            if (node, ORG.classification, office_kind) not in g or (node, KGO.serves, None) in g:
                continue
            township = served_township(_zh_label(g, node) or "", area, gaz)
            if township is not None:
                serves[node] = township

    # every place on the line up from a matched or served place is described too
    wanted = list(nodes) + list(serves.values())
    for p in list(wanted):
        wanted += gaz.ancestors(p)

    def iri(p: ReferencePlace) -> URIRef | None:
        if p in nodes:
            return nodes[p]
        return thing(settings.base, "place", p.code) if p.code else None

    ref = Graph(identifier=reference_graph_iri(settings))
    links = Graph(identifier=links_graph_iri(settings))
    codes = []
    for p in sorted(set(wanted), key=lambda p: (list(PlaceLevel).index(p.level), p.code or "", p.name)):
        node = iri(p)
        if node is None:
            continue
        if p.gb2260:
            ref.add((node, KGO.gb2260Code, Literal(p.gb2260)))
        if p.nbs_township:
            ref.add((node, KGO.nbsTownshipCode, Literal(p.nbs_township)))
        if p.code:
            codes.append((str(node), p.code))
        parent = gaz.parent(p)
        if parent is not None and iri(parent) is not None:
            ref.add((node, SDO.containedInPlace, iri(parent)))
        if p not in nodes:  # known only from the reference data: describe it
            ref.add((node, RDF.type, KGO.AdministrativeUnit))
            ref.add((node, RDF.type, SDO.AdministrativeArea))
            ref.add((node, KGO.adminLevel, codelist("admin-level", p.level.value)))
            ref.add((node, RDFS.label, Literal(p.name, lang=_ZH)))
            ref.add((node, SKOS.prefLabel, Literal(p.name, lang=_ZH)))
            ref.add((node, SKOS.prefLabel, Literal(pinyin_name(p.name), lang=_PINYIN)))
            ref.add((node, SKOS.prefLabel, Literal(english(p.name), lang="en")))
        if p.wikidata_iri is not None:
            links.add((node, OWL.sameAs, p.wikidata_iri))
    served = []
    for office, township in sorted(serves.items()):
        ref.add((office, KGO.serves, iri(township)))
        served.append((str(office), str(iri(township))))
    return Linking(ref, links, tuple(sorted(codes)), tuple(served))


def sources_of(gazetteer: Gazetteer | None = None) -> tuple[str, ...]:
    """Returns the descriptions of the sources the reference identifiers were checked against."""
    gaz = gazetteer or load_gazetteer()
    return tuple(text for _, text in gaz.sources)
