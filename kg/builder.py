"""Returns the RDF of one resolved report: the only module that writes triples.

Every fact points to the characters it came from (``prov:wasDerivedFrom`` → an
``oa:ResourceSelection`` with a position and a quote selector). No blank nodes are used, so
that serialisations are byte-identical from one build to the next.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from .iris import KIND_SEGMENT, stable_key, thing
from .labels import english, pinyin_name
from .model import Entity, MentionKind, OrgKind, PlaceLevel, Resolution, Span, Unit
from .settings import Settings
from .vocab import (CV, DCTERMS, ELI, FOAF, KGO, OA, ORG, PREFIXES, PROV, QB, RDF, RDFS, SDMXA,
                    SDMXD, SDMXM, SDO, SKOS, UNIT, XSD, codelist)

__all__ = ["build_graph", "report_triples", "report_iri", "graph_iri", "bind_prefixes", "DSD"]

ZH = "zh-Hans"
PINYIN = "zh-Latn-pinyin"
#: The data structure definition all statistics follow (defined in ontology/kg.ttl).
DSD = codelist("dsd", "statistics")
_YEAR = "http://reference.data.gov.uk/id/year/{}"
_HONOUR_SCHEME = codelist("honour")
_INDICATOR_SCHEME = codelist("indicator")

_UNIT_IRI = {Unit.NUM: UNIT.NUM, Unit.PERCENT: UNIT.PERCENT, Unit.CNY: UNIT.CCY_CNY}

_ORG_TYPES = {
    OrgKind.GOVERNMENT_BODY: (CV.PublicOrganisation, SDO.GovernmentOrganization, ORG.Organization),
    OrgKind.COURT: (CV.PublicOrganisation, SDO.GovernmentOrganization, ORG.Organization),
    OrgKind.JUDICIAL_OFFICE: (ORG.OrganizationalUnit,),
    OrgKind.MEDIATION_ROOM: (ORG.OrganizationalUnit,),
    OrgKind.COMMITTEE: (ORG.OrganizationalUnit,),
    OrgKind.PARTY_BODY: (ORG.OrganizationalUnit,),
    OrgKind.CENTRE: (ORG.FormalOrganization,),
    OrgKind.WORKSTATION: (ORG.OrganizationalCollaboration,),
    OrgKind.SERVICE_TEAM: (ORG.OrganizationalCollaboration,),
    OrgKind.MEDIA: (ORG.FormalOrganization, SDO.Organization),
    OrgKind.ENTERPRISE: (ORG.FormalOrganization, SDO.Organization),
    OrgKind.OTHER: (ORG.Organization,),
}


def report_iri(settings: Settings, sha256: str) -> URIRef:
    return thing(settings.base, "report", sha256[:16])


def graph_iri(settings: Settings, sha256: str) -> URIRef:
    """Returns the IRI of the named graph that holds one report's facts."""
    return thing(settings.base, "graph", sha256[:16])


def bind_prefixes(g: Graph, settings: Settings) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    g.bind("id", f"{settings.base}id/", override=True, replace=True)


@lru_cache(maxsize=65536)
def _offset(n: int) -> Literal:
    """Returns the literal of a character offset (made once: a Literal costs ~20 µs to make)."""
    return Literal(n, datatype=XSD.nonNegativeInteger)


@lru_cache(maxsize=4096)
def _int(n: int) -> Literal:
    """Returns the xsd:integer literal of a position."""
    return Literal(n)


@lru_cache(maxsize=4096)
def _plain(text: str) -> Literal:
    """Returns a plain literal of a string that recurs (rule names, formats)."""
    return Literal(text)


def _num(value: Decimal) -> Literal:
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


class _Writer:
    """Holds the graph and the report context while one report's triples are written."""

    def __init__(self, res: Resolution, settings: Settings):
        self.res = res
        self.doc = res.document
        self.s = settings
        self.base = settings.base
        self.sha = self.doc.sha256
        self.identifier = graph_iri(settings, self.sha)
        self.triples: set[tuple] = set()  # a plain set: rdflib's Graph.add costs ~50 µs a triple
        self.report = report_iri(settings, self.sha)
        self.text = thing(self.base, "text", self.sha)
        self.entity_iri = {e.key: self.iri_of(e) for e in res.entities}

    def add(self, s, p, o) -> None:
        self.triples.add((s, p, o))

    def iri_of(self, e: Entity) -> URIRef:
        """Returns an entity's IRI: a place with an official code is keyed by the code."""
        if e.kind is MentionKind.PLACE:
            from .linking import official_key, resolution_area

            if not hasattr(self, "_area"):  # the report's own area, looked up once
                self._area = resolution_area(self.res)
            code = official_key(e, self._area)
            if code:
                return thing(self.base, KIND_SEGMENT[e.kind], code)
        return thing(self.base, KIND_SEGMENT[e.kind], e.key)

    def labels(self, node: URIRef, label: str, *, translate: bool = True) -> None:
        zh = Literal(label, lang=ZH)
        self.add(node, RDFS.label, zh)
        self.add(node, SKOS.prefLabel, zh)
        if translate:
            self.add(node, SKOS.prefLabel, Literal(pinyin_name(label), lang=PINYIN))
            self.add(node, SKOS.prefLabel, Literal(english(label), lang="en"))

    def selection(self, span: Span, rule: str) -> URIRef:
        """Returns the selection node for a span of the report text (created once)."""
        sel = thing(self.base, "selection", f"{self.sha[:16]}-{span.start}-{span.end}")
        pos = URIRef(f"{sel}-position")
        quote = URIRef(f"{sel}-quote")
        self.add(sel, RDF.type, OA.ResourceSelection)
        self.add(sel, OA.hasSource, self.text)
        self.add(sel, OA.hasSelector, pos)
        self.add(sel, OA.hasSelector, quote)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, _offset(span.start))
        self.add(pos, OA.end, _offset(span.end))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(span.quote(self.doc.text)))
        self.add(sel, KGO.extractedBy, _plain(rule))
        return sel

    def derived(self, node: URIRef, span: Span, rule: str) -> None:
        self.add(node, PROV.wasDerivedFrom, self.selection(span, rule))
        section = self.doc.section_at(span.start)
        if section is not None:
            self.add(node, KGO.inSection, self.section_iri(section.position))

    def section_iri(self, position: int) -> URIRef:
        return thing(self.base, "section", f"{self.sha[:16]}-{position}")

    # ------------------------------------------------------------------ the report

    def write_report(self) -> None:
        d, r = self.doc, self.report
        self.add(r, RDF.type, SDO.Report)
        self.add(r, KGO.sha256, Literal(self.sha))
        self.add(r, DCTERMS.source, self.text)
        self.add(self.text, RDF.type, KGO.ReportText)
        self.add(self.text, KGO.sha256, Literal(self.sha))
        self.add(self.text, DCTERMS.format, Literal("text/plain"))
        if d.title:
            self.add(r, DCTERMS.title, Literal(d.title_text, lang=ZH))
            self.derived(r, d.title, "report.title.v1")
        h = d.header
        if h.index_number:
            self.add(r, DCTERMS.identifier, Literal(h.index_number))
        if h.created:
            self.add(r, DCTERMS.created, Literal(h.created, datatype=XSD.date))
        if h.category:
            self.add(r, DCTERMS.type, Literal(h.category, lang=ZH))
        if h.disclosure:
            self.add(r, DCTERMS.accessRights, Literal(h.disclosure, lang=ZH))
        if d.year:
            self.add(r, KGO.reportYear, Literal(str(d.year), datatype=XSD.gYear))
        if self.res.publisher:
            self.add(r, DCTERMS.publisher, self.entity_iri[self.res.publisher])
        elif h.publisher:
            self.add(r, DCTERMS.publisher, Literal(h.publisher, lang=ZH))
        if self.res.area:
            self.add(r, DCTERMS.spatial, self.entity_iri[self.res.area])
        self.write_addressing()
        for sec in d.sections:
            node = self.section_iri(sec.position)
            self.add(node, RDF.type, KGO.Section)
            parent = self._parent_section(sec)
            self.add(parent or r, DCTERMS.hasPart, node)
            self.add(node, SDO.position, _int(sec.position))
            self.add(node, KGO.sectionNumber, Literal(sec.number))
            self.add(node, RDFS.label, Literal(sec.heading.quote(d.text), lang=ZH))
            self.add(node, PROV.wasDerivedFrom, self.selection(sec.span, "report.section.v1"))
        for m in d.measures:
            node = thing(self.base, "measure", f"{self.sha[:16]}-{m.section}-{m.position}")
            self.add(node, RDF.type, KGO.Measure)
            self.add(self.section_iri(m.section), DCTERMS.hasPart, node)
            self.add(node, SDO.position, _int(m.position))
            self.add(node, RDFS.label, Literal(m.marker, lang=ZH))
            self.add(node, PROV.wasDerivedFrom, self.selection(m.span, "report.measure.v1"))
        for s in d.sentences:
            node = thing(self.base, "sentence", f"{self.sha[:16]}-{s.position}")
            self.add(node, RDF.type, KGO.Sentence)
            self.add(r, DCTERMS.hasPart, node)
            self.add(node, SDO.position, _int(s.position))
            self.add(node, PROV.wasDerivedFrom, self.selection(s.span, "report.sentence.v1"))

    def write_addressing(self) -> None:
        """The bodies a report is addressed to, who signed it and when."""
        d, r = self.doc, self.report
        orgs = [e for e in self.res.entities if e.kind is MentionKind.ORGANIZATION]
        if d.addressee is not None:
            for e in orgs:
                if any(d.addressee.contains(m.span) for m in e.mentions):
                    self.add(r, KGO.addressee, self.entity_iri[e.key])
            self.add(r, KGO.addresseeText, Literal(d.addressee.quote(d.text), lang=ZH))
        if d.signatory is not None:
            signer = d.signatory.quote(d.text)
            match = next((e for e in orgs if signer in (e.label, *e.aliases)), None)
            if match is not None:
                self.add(r, DCTERMS.creator, self.entity_iri[match.key])
            else:
                self.add(r, DCTERMS.creator, Literal(signer, lang=ZH))
        if d.signed:
            self.add(r, DCTERMS.dateSubmitted, Literal(d.signed, datatype=XSD.date))

    def _parent_section(self, sec) -> URIRef | None:
        parents = [p for p in self.doc.sections
                   if p.level < sec.level and p.span.contains(sec.span) and p is not sec]
        return self.section_iri(max(parents, key=lambda p: p.level).position) if parents else None

    # ------------------------------------------------------------------ entities

    def write_entity(self, e: Entity) -> None:
        node = self.entity_iri[e.key]
        self.labels(node, e.label, translate=e.kind is not MentionKind.LAW)
        self.add(node, KGO.mentionedIn, self.report)
        for m in e.mentions:
            self.derived(node, m.span, m.rule)
        if e.kind is MentionKind.ORGANIZATION:
            kind = e.org_kind or OrgKind.OTHER
            for t in _ORG_TYPES[kind]:
                self.add(node, RDF.type, t)
            self.add(node, ORG.classification, codelist("org-kind", kind.value))
            if e.parent and e.parent in self.entity_iri:
                parent = self.entity_iri[e.parent]
                if ORG.OrganizationalUnit in _ORG_TYPES[kind]:
                    self.add(node, ORG.unitOf, parent)
                    self.add(parent, ORG.hasUnit, node)
                else:
                    self.add(node, ORG.subOrganizationOf, parent)
                    self.add(parent, ORG.hasSubOrganization, node)
            if e.place and e.place in self.entity_iri:
                self.add(node, KGO.serves, self.entity_iri[e.place])
        elif e.kind is MentionKind.PLACE:
            level = e.place_level or PlaceLevel.SITE
            if level is PlaceLevel.SITE:
                self.add(node, RDF.type, KGO.Site)
                self.add(node, RDF.type, SDO.Place)
            else:
                self.add(node, RDF.type, KGO.AdministrativeUnit)
                self.add(node, RDF.type, SDO.AdministrativeArea)
            self.add(node, KGO.adminLevel, codelist("admin-level", level.value))
            if e.place and e.place in self.entity_iri:
                self.add(node, SDO.containedInPlace, self.entity_iri[e.place])
        elif e.kind is MentionKind.PERSON:
            self.add(node, RDF.type, FOAF.Person)
            self.add(node, FOAF.name, Literal(e.label, lang=ZH))
        elif e.kind is MentionKind.LAW:
            self.add(node, RDF.type, ELI.LegalResource)
            self.add(node, ELI.title, Literal(e.label, lang=ZH))
        elif e.kind is MentionKind.PROGRAM:
            from .extract.programs import programme_kind

            self.add(node, RDF.type, KGO.Programme)
            self.add(node, RDF.type, PROV.Activity)
            self.add(node, KGO.programmeKind, codelist("programme-kind", programme_kind(e.label)))
            if e.place and e.place in self.entity_iri:
                self.add(node, DCTERMS.spatial, self.entity_iri[e.place])

    # ------------------------------------------------------------------ facts

    def honour_concept(self, label: str) -> URIRef:
        node = thing(self.base, "honour", stable_key("honour", label))
        self.add(node, RDF.type, KGO.Honour)
        self.add(node, RDF.type, SKOS.Concept)
        zh = Literal(label, lang=ZH)
        self.add(node, SKOS.prefLabel, zh)
        self.add(node, RDFS.label, zh)
        self.add(node, SKOS.inScheme, _HONOUR_SCHEME)
        return node

    def write_facts(self) -> None:
        res = self.res
        for c in res.conferrals:
            node = thing(self.base, "conferral", c.key)
            self.add(node, RDF.type, KGO.HonourConferral)
            recipient = self.entity_iri[c.recipient]
            self.add(node, KGO.recipient, recipient)
            self.add(node, KGO.honour, self.honour_concept(c.honour))
            self.add(node, KGO.honourLevel, codelist("honour-level", c.level.value))
            if c.conferrer and c.conferrer in self.entity_iri:
                self.add(node, KGO.conferredBy, self.entity_iri[c.conferrer])
            if c.year:
                self.add(node, DCTERMS.date, Literal(str(c.year), datatype=XSD.gYear))
            self.add(recipient, SDO.award, Literal(c.honour, lang=ZH))
            self.derived(node, c.mention.span, c.mention.rule)
        for a in res.applications:
            node = thing(self.base, "application", a.key)
            self.add(node, RDF.type, KGO.HonourApplication)
            if a.applicant and a.applicant in self.entity_iri:
                self.add(node, KGO.applicant, self.entity_iri[a.applicant])
            self.add(node, KGO.honour, self.honour_concept(a.honour))
            self.add(node, KGO.honourLevel, codelist("honour-level", a.level.value))
            self.derived(node, a.mention.span, a.mention.rule)
        for p in res.posts:
            node = thing(self.base, "post", p.key)
            self.add(node, RDF.type, ORG.Post)
            self.add(node, RDFS.label, Literal(p.post, lang=ZH))
            self.add(node, KGO.postLabel, Literal(p.post, lang=ZH))
            person = self.entity_iri[p.person]
            self.add(node, ORG.heldBy, person)
            self.add(person, ORG.holds, node)
            if p.organization and p.organization in self.entity_iri:
                self.add(node, ORG.postIn, self.entity_iri[p.organization])
            self.derived(node, p.mention.span, p.mention.rule)
        if res.observations:
            dataset = thing(self.base, "dataset", f"statistics-{self.sha[:16]}")
            self.add(dataset, RDF.type, QB.DataSet)
            self.add(dataset, QB.structure, DSD)
            self.add(dataset, DCTERMS.source, self.report)
            self.add(dataset, RDFS.label, Literal(f"Statistics of report {self.sha[:16]}", lang="en"))
        for o in res.observations:
            d = o.detail
            node = thing(self.base, "observation", o.key)
            self.add(node, RDF.type, QB.Observation)
            self.add(node, QB.dataSet, dataset)
            indicator = thing(self.base, "indicator", stable_key("indicator", d.indicator))
            self.add(indicator, RDF.type, KGO.Indicator)
            self.add(indicator, RDF.type, SKOS.Concept)
            self.add(indicator, SKOS.prefLabel, Literal(d.indicator, lang=ZH))
            self.add(indicator, SKOS.inScheme, _INDICATOR_SCHEME)
            self.add(node, KGO.indicator, indicator)
            self.add(node, SDMXM.obsValue, _num(d.normalized))
            if d.normalized_unit in _UNIT_IRI:
                self.add(node, SDMXA.unitMeasure, _UNIT_IRI[d.normalized_unit])
            if d.ratio:
                self.add(node, KGO.ratioAntecedent, _num(d.ratio[0]))
                self.add(node, KGO.ratioConsequent, _num(d.ratio[1]))
            self.add(node, KGO.valueAsWritten, Literal(d.value_text))
            self.add(node, KGO.measureWord, Literal(d.unit_text, lang=ZH))
            if d.qualifier:
                self.add(node, KGO.qualifier, codelist("qualifier", d.qualifier.value))
            if o.area and o.area in self.entity_iri:
                self.add(node, SDMXD.refArea, self.entity_iri[o.area])
            if o.period:
                self.add(node, SDMXD.refPeriod, URIRef(_YEAR.format(o.period)))
            self.derived(node, o.mention.span, o.mention.rule)


def report_triples(res: Resolution, settings: Settings) -> tuple[URIRef, set[tuple]]:
    """Returns one report's named-graph IRI and its triples (rdflib terms), without a Graph."""
    w = _Writer(res, settings)
    w.write_report()
    for e in res.entities:
        w.write_entity(e)
    w.write_facts()
    return w.identifier, w.triples


def build_graph(res: Resolution, settings: Settings) -> Graph:
    """Returns one report's graph (its identifier is the report's named-graph IRI)."""
    identifier, triples = report_triples(res, settings)
    g = Graph(identifier=identifier)
    bind_prefixes(g, settings)
    for t in triples:
        g.add(t)
    return g

