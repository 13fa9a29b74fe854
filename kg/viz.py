"""The network page: a networkx projection of the RDF, drawn with vis-network, offline."""
from __future__ import annotations

import html
import json
from pathlib import Path

from rdflib import Graph, URIRef

from .outputs import atomic_write
from .resources import resource_path
from .vocab import (DCTERMS, ELI, FOAF, KGO, ORG, RDF, RDFS, SDO, SKOS)

__all__ = ["to_networkx", "render_page", "write_page", "KIND_STYLE"]

#: kind → (colour, vis shape, English name of the kind)
KIND_STYLE = {
    "report": ("#444444", "box", "report"),
    "organization": ("#1f77b4", "dot", "organization"),
    "place": ("#2ca02c", "triangle", "place"),
    "person": ("#d62728", "star", "person"),
    "law": ("#9467bd", "square", "law"),
    "programme": ("#ff7f0e", "diamond", "programme"),
    "honour": ("#e6b800", "hexagon", "honour"),
}

_CLASS_KIND = [
    (SDO.Report, "report"), (ORG.Organization, "organization"), (ORG.OrganizationalUnit, "organization"),
    (ORG.FormalOrganization, "organization"), (ORG.OrganizationalCollaboration, "organization"),
    (KGO.AdministrativeUnit, "place"), (KGO.Site, "place"), (FOAF.Person, "person"),
    (ELI.LegalResource, "law"), (KGO.Programme, "programme"), (KGO.Honour, "honour"),
]

_EDGES = [  # (predicate, label shown on the edge)
    (ORG.unitOf, "unit of"), (ORG.subOrganizationOf, "part of"), (KGO.serves, "serves"),
    (SDO.containedInPlace, "in"), (DCTERMS.spatial, "where"), (DCTERMS.publisher, "published by"),
]


def _label(g: Graph, node, lang: str) -> str | None:
    for o in g.objects(node, SKOS.prefLabel):
        if getattr(o, "language", None) == lang:
            return str(o)
    return None


def to_networkx(g: Graph):
    """Returns a networkx MultiDiGraph of the things in ``g`` and the relations between them."""
    import networkx as nx

    G = nx.MultiDiGraph()
    for cls, kind in _CLASS_KIND:
        for node in sorted(set(g.subjects(RDF.type, cls))):
            if str(node) in G:
                continue
            zh = _label(g, node, "zh-Hans") or str(g.value(node, RDFS.label) or g.value(node, DCTERMS.title) or node)
            G.add_node(str(node), kind=kind, label=zh, label_en=_label(g, node, "en") or zh,
                       label_pinyin=_label(g, node, "zh-Latn-pinyin") or zh)
    for pred, text in _EDGES:
        for s, o in sorted(g.subject_objects(pred)):
            if str(s) in G and str(o) in G:
                G.add_edge(str(s), str(o), label=text)
    for conferral in sorted(set(g.subjects(RDF.type, KGO.HonourConferral))):
        r, h = g.value(conferral, KGO.recipient), g.value(conferral, KGO.honour)
        if r is not None and h is not None and str(r) in G and str(h) in G:
            G.add_edge(str(r), str(h), label="received")
    for post in sorted(set(g.subjects(RDF.type, ORG.Post))):
        p, o = g.value(post, ORG.heldBy), g.value(post, ORG.postIn)
        if p is not None and o is not None and str(p) in G and str(o) in G:
            G.add_edge(str(p), str(o), label=str(g.value(post, RDFS.label) or "post"))
    return G


def render_page(G, title: str = "Knowledge graph") -> str:
    """Returns a self-contained HTML page (no network access) drawing ``G``."""
    nodes = []
    for n, a in sorted(G.nodes(data=True)):
        colour, shape, kind_en = KIND_STYLE[a["kind"]]
        nodes.append({"id": n, "label": a["label"], "label_zh": a["label"], "label_en": a["label_en"],
                      "label_pinyin": a["label_pinyin"], "kind": a["kind"], "color": colour,
                      "shape": shape, "title": f"{a['label']}\n{a['label_en']}\n{kind_en}\n{n}"})
    edges = [{"from": u, "to": v, "label": d.get("label", ""), "arrows": "to"}
             for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("label", "")))]
    data = json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = resource_path("viz", "template.html").read_text(encoding="utf-8")
    vis_js = _vis_js()
    return (template.replace("{{TITLE}}", html.escape(title))
            .replace("/*{{VIS_JS}}*/", vis_js.replace("</script", "<\\/script"))
            .replace("/*{{DATA}}*/null", data))


def _vis_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


def write_page(g: Graph, out: str | Path, title: str = "Knowledge graph") -> Path:
    """Writes the network page of ``g`` to ``out`` (UTF-8); returns its path."""
    return atomic_write(Path(out), render_page(to_networkx(g), title))
