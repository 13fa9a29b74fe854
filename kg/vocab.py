"""Namespaces, with closed term lists, so a typo in a term fails at import time."""
from __future__ import annotations

from functools import lru_cache

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SKOS, VOID, XSD
from rdflib.namespace import DefinedNamespace as _DefinedNamespace

from .settings import ONTOLOGY_NS

__all__ = ["KGO", "CV", "OA", "ELI", "SDMXD", "SDMXM", "SDMXA", "UNIT", "WD", "CODELIST_BASE",
           "codelist", "PREFIXES", "DCAT", "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "QB", "RDF",
           "RDFS", "SDO", "SKOS", "VOID", "XSD"]


class KGO(_DefinedNamespace):
    """The project ontology: only what the public vocabularies lack (see ontology/kg.ttl)."""

    _NS = Namespace(ONTOLOGY_NS)
    _fail = True

    # classes
    Section: URIRef
    Measure: URIRef
    Sentence: URIRef
    ReportText: URIRef
    AdministrativeUnit: URIRef
    Site: URIRef
    Programme: URIRef
    HonourConferral: URIRef
    HonourApplication: URIRef
    Honour: URIRef
    Indicator: URIRef
    ExtractionRule: URIRef
    # properties
    reportYear: URIRef
    addressee: URIRef
    addresseeText: URIRef
    sectionNumber: URIRef
    inSection: URIRef
    recipient: URIRef
    applicant: URIRef
    honour: URIRef
    honourLevel: URIRef
    conferredBy: URIRef
    adminLevel: URIRef
    gb2260Code: URIRef
    nbsTownshipCode: URIRef
    serves: URIRef
    orgKind: URIRef
    indicator: URIRef
    valueAsWritten: URIRef
    measureWord: URIRef
    qualifier: URIRef
    ratioAntecedent: URIRef
    ratioConsequent: URIRef
    extractedBy: URIRef
    mentionedIn: URIRef
    postLabel: URIRef
    sha256: URIRef
    programmeKind: URIRef


CV = Namespace("http://data.europa.eu/m8g/")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SDMXD = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMXM = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMXA = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
WD = Namespace("http://www.wikidata.org/entity/")

#: Code lists of the ontology: ``{CODELIST_BASE}{scheme}/{code}``.
CODELIST_BASE = ONTOLOGY_NS.rsplit("/", 2)[0] + "/def/"


@lru_cache(maxsize=1024)
def codelist(scheme: str, code: str | None = None) -> URIRef:
    """Returns the IRI of a code list (scheme) or of one of its concepts."""
    return URIRef(f"{CODELIST_BASE}{scheme}" + (f"/{code}" if code else ""))


PREFIXES = {
    "kgo": KGO._NS, "cv": CV, "oa": OA, "eli": ELI, "sdmx-dimension": SDMXD,
    "sdmx-measure": SDMXM, "sdmx-attribute": SDMXA, "unit": UNIT, "wd": WD,
    "org": ORG, "foaf": FOAF, "prov": PROV, "skos": SKOS, "dct": DCTERMS, "dcat": DCAT,
    "void": VOID, "qb": QB, "schema": SDO, "owl": OWL, "rdfs": RDFS, "xsd": XSD,
}


class _Terms:
    """A namespace whose terms are each made once.

    rdflib makes a new URIRef on every ``RDF.type`` (about 5 µs, and the builder asks for
    hundreds of thousands of terms in a corpus). This wrapper keeps the first one: later
    lookups are a plain attribute read, and sets and dicts of terms then match by identity
    before they compare strings. Unknown names fail as the wrapped namespace fails.

    >>> RDFS.label is RDFS.label, RDFS.label == URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    (True, True)
    """

    def __init__(self, namespace) -> None:
        self.__dict__["_ns"] = namespace

    def __getattr__(self, name: str):
        if name.startswith("_") and not name.endswith("__"):  # no term is private (tools probe _mock_name …)
            raise AttributeError(name)
        term = getattr(self._ns, name)
        if not name.startswith("_"):
            self.__dict__[name] = term
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._ns[name]

    def __str__(self) -> str:
        return str(self._ns)

    def __repr__(self) -> str:
        return f"_Terms({self._ns!r})"


# the names importers use are the cached forms; PREFIXES above keeps the namespaces themselves
(KGO, CV, OA, ELI, SDMXD, SDMXM, SDMXA, UNIT, WD, DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO,
 SKOS, VOID, XSD) = (_Terms(ns) for ns in (KGO, CV, OA, ELI, SDMXD, SDMXM, SDMXA, UNIT, WD, DCAT, DCTERMS, FOAF,
                                             ORG, OWL, PROV, QB, RDF, RDFS, SDO, SKOS, VOID, XSD))

