"""The network page: a networkx projection of the RDF, drawn with vis-network, offline.

The page is one HTML file: vis-network (from pyvis's package files) and the data are inlined,
a Content-Security-Policy forbids every network load, and every string that comes from a report
is built into the page with ``textContent`` (the data travel as JSON with ``<``, ``>`` and ``&``
escaped), never as HTML. Positions are computed here (a seeded Fruchterman-Reingold layout per
connected component, rounded to whole pixels), so the same graph always gives the same bytes.
"""
from __future__ import annotations

import bisect
import html
import json
import re
from collections import defaultdict
from pathlib import Path

from rdflib import Graph, URIRef

from .outputs import atomic_write
from .resources import resource_path
from .vocab import (DCTERMS, ELI, FOAF, KGO, OA, ORG, PROV, QB, RDF, RDFS, SDMXA, SDMXD, SDMXM, SDO,
                    SKOS)

__all__ = ["to_networkx", "page_data", "render_page", "write_page", "layout", "KIND_STYLE", "RELATIONS"]

#: kind → (colour, vis shape, English name, Chinese name)
KIND_STYLE = {
    "report": ("#444444", "box", "report", "报告"),
    "section": ("#8c8c8c", "box", "report section", "报告章节"),
    "organization": ("#1f77b4", "dot", "organization", "机构"),
    "place": ("#2ca02c", "triangle", "place", "地点"),
    "person": ("#d62728", "star", "person", "人物"),
    "law": ("#9467bd", "square", "law", "法律法规"),
    "programme": ("#ff7f0e", "diamond", "programme", "项目"),
    "honour": ("#e6b800", "hexagon", "honour", "荣誉"),
}

_CLASS_KIND = [
    (SDO.Report, "report"), (KGO.Section, "section"), (ORG.Organization, "organization"),
    (ORG.OrganizationalUnit, "organization"), (ORG.FormalOrganization, "organization"),
    (ORG.OrganizationalCollaboration, "organization"), (KGO.AdministrativeUnit, "place"),
    (KGO.Site, "place"), (FOAF.Person, "person"), (ELI.LegalResource, "law"),
    (KGO.Programme, "programme"), (KGO.Honour, "honour"),
]


#: relation name → (English, Chinese) text shown on edges and in the panel
RELATIONS = {
    "unit of": ("unit of", "下属于"), "part of": ("part of", "隶属于"), "serves": ("serves", "服务"),
    "in": ("in", "位于"), "where": ("where", "地点"), "published by": ("published by", "发布机构"),
    "has part": ("has part", "包含"), "in section": ("in section", "见于"),
    "received": ("received", "获得"), "applied for": ("applied for", "申报"),
    "holds post in": ("holds post in", "任职于"), "conferred by": ("conferred by", "授予机构"),
}

_EDGES = [  # (predicate, relation) between two drawn things
    (ORG.unitOf, "unit of"), (ORG.subOrganizationOf, "part of"), (KGO.serves, "serves"),
    (SDO.containedInPlace, "in"), (DCTERMS.spatial, "where"), (DCTERMS.publisher, "published by"),
]

_MAX_SOURCES = 12   # source sentences listed per node in the panel
_LABEL_CHARS = 18   # longer labels are shortened on the canvas (the panel shows them whole)


def _label(g: Graph, node, lang: str) -> str | None:
    for o in sorted(g.objects(node, SKOS.prefLabel)):
        if getattr(o, "language", None) == lang:
            return str(o)
    return None


class _Sources:
    """Finds the sentence around a selection and numbers the sentences the page shows."""

    def __init__(self, g: Graph):
        self.g = g
        by_text: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for sentence in g.subjects(RDF.type, KGO.Sentence):
            for sel in g.objects(sentence, PROV.wasDerivedFrom):
                found = self._selection(sel)
                if found:
                    by_text[found[0]].append(found[1:])
        self.sentences = {k: sorted(v) for k, v in by_text.items()}
        self.starts = {k: [s[0] for s in v] for k, v in self.sentences.items()}
        self.table: list[str] = []
        self.index: dict[str, int] = {}

    def _selection(self, sel) -> tuple[str, int, int, str] | None:
        """Returns (source, start, end, exact) of a selection, or None if it lacks one."""
        g = self.g
        start = end = exact = None
        for sl in g.objects(sel, OA.hasSelector):
            if g.value(sl, OA.start) is not None:
                start, end = int(g.value(sl, OA.start)), int(g.value(sl, OA.end))
            if g.value(sl, OA.exact) is not None:
                exact = str(g.value(sl, OA.exact))
        if start is None or exact is None:
            return None
        return str(g.value(sel, OA.hasSource) or ""), start, end, exact

    def _number(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.table)
            self.table.append(text)
        return self.index[text]

    def quotes(self, node) -> list[tuple[str, int, int, int]]:
        """Returns the (source, position, start, end) selections of ``node``, sorted."""
        found = [self._selection(sel) for sel in self.g.objects(node, PROV.wasDerivedFrom)]
        return sorted((f[0], f[1], f[2], f[3]) for f in found if f)

    def ref(self, source: str, start: int, end: int, exact: str) -> list:
        """Returns [sentence number, start, end] of ``exact`` inside its sentence (JSON-ready)."""
        sentences = self.sentences.get(source, [])
        i = bisect.bisect_right(self.starts.get(source, []), start) - 1
        if 0 <= i and sentences[i][1] >= end:
            s_start, _, s_text = sentences[i]
            return [self._number(s_text), start - s_start, end - s_start]
        return [self._number(exact), 0, len(exact)]


class _NodeView:
    """The part of networkx's node view the page uses: ``nodes[n]``, ``nodes(data=True)``, ``in``."""

    def __init__(self, table: dict):
        self._table = table

    def __getitem__(self, node):
        return self._table[node]

    def __call__(self, data: bool = False):
        return iter(self._table.items()) if data else iter(self._table)

    def __iter__(self):
        return iter(self._table)

    def __contains__(self, node) -> bool:
        return node in self._table

    def __len__(self) -> int:
        return len(self._table)


class _Net:
    """A directed multigraph with the part of networkx's MultiDiGraph API the page uses.

    :func:`write_page` draws from this instead of networkx, whose import alone takes longer
    than the rest of the page; :func:`to_networkx` still returns a real networkx graph.
    """

    def __init__(self):
        self._nodes: dict = {}
        self._edges: list = []
        self.graph: dict = {}
        self.nodes = _NodeView(self._nodes)

    def __iter__(self):
        return iter(self._nodes)

    def __contains__(self, node) -> bool:
        return node in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def add_node(self, node, **attrs) -> None:
        self._nodes.setdefault(node, {}).update(attrs)

    def add_edge(self, u, v, **attrs) -> None:
        self._nodes.setdefault(u, {})
        self._nodes.setdefault(v, {})
        self._edges.append((u, v, dict(attrs)))

    def edges(self, data: bool = False):
        return iter(list(self._edges)) if data else iter([(u, v) for u, v, _ in self._edges])


def to_networkx(g: Graph, *, details: bool = True):
    """Returns a networkx MultiDiGraph of the things in ``g`` and the relations between them.

    Nodes carry ``kind``, ``label`` (Chinese), ``label_en`` and ``label_pinyin``; edges carry
    ``label`` (a key of ``RELATIONS``). Report sections are nodes (``kind="section"``) joined to
    the things mentioned in them, so that the page can filter by section. Statistics are not
    nodes: with ``details`` each node also gets a ``details`` dict (sections, facts with their
    source sentences, statistics) for the page's side panel, and the graph gets ``sentences``.
    """
    import networkx as nx

    return _project(g, nx.MultiDiGraph(), details)


def _project(g: Graph, G, details: bool):
    """Returns ``G`` (an empty networkx MultiDiGraph or :class:`_Net`) filled as :func:`to_networkx` says."""
    src = _Sources(g) if details else None
    for cls, kind in _CLASS_KIND:
        for node in sorted(set(g.subjects(RDF.type, cls))):
            if str(node) in G:
                continue
            zh = (_label(g, node, "zh-Hans") or g.value(node, RDFS.label) or g.value(node, DCTERMS.title)
                  or g.value(node, ELI.title) or node)
            zh = str(zh)
            en = _label(g, node, "en")
            py = _label(g, node, "zh-Latn-pinyin")
            extra = {}
            if kind == "section":
                pos = g.value(node, SDO.position)
                en = py = f"§{pos} {zh}" if pos is not None else zh
                extra["position"] = int(pos) if pos is not None else 0
            G.add_node(str(node), kind=kind, label=zh, label_en=en or zh, label_pinyin=py or zh, **extra)
    for pred, rel in _EDGES:
        for s, o in sorted(g.subject_objects(pred)):
            if str(s) in G and str(o) in G:
                G.add_edge(str(s), str(o), label=rel)
    for s, o in sorted(g.subject_objects(DCTERMS.hasPart)):
        if str(s) in G and str(o) in G:
            G.add_edge(str(s), str(o), label="has part")
    for conferral in sorted(set(g.subjects(RDF.type, KGO.HonourConferral))):
        r, h = g.value(conferral, KGO.recipient), g.value(conferral, KGO.honour)
        if r is not None and h is not None and str(r) in G and str(h) in G:
            G.add_edge(str(r), str(h), label="received")
    for application in sorted(set(g.subjects(RDF.type, KGO.HonourApplication))):
        a, h = g.value(application, KGO.applicant), g.value(application, KGO.honour)
        if a is not None and h is not None and str(a) in G and str(h) in G:
            G.add_edge(str(a), str(h), label="applied for")
    for post in sorted(set(g.subjects(RDF.type, ORG.Post))):
        p, o = g.value(post, ORG.heldBy), g.value(post, ORG.postIn)
        if p is not None and o is not None and str(p) in G and str(o) in G:
            G.add_edge(str(p), str(o), label="holds post in", post=str(g.value(post, RDFS.label) or ""))
    # things → the (deepest) sections they are mentioned in
    for s, sec in sorted(set(g.subject_objects(KGO.inSection))):
        if str(s) in G and str(sec) in G and G.nodes[str(s)]["kind"] not in ("report", "section"):
            G.add_edge(str(s), str(sec), label="in section")
    if details:
        _add_details(g, G, src)
    return G


def _add_details(g: Graph, G, src: _Sources) -> None:
    """Adds each node's side-panel ``details`` and the graph's sentence table to ``G``."""
    parent: dict[str, str] = {}
    for s, o in sorted(g.subject_objects(DCTERMS.hasPart)):
        if str(o) in G and G.nodes[str(o)]["kind"] == "section" and str(s) in G:
            if G.nodes[str(s)]["kind"] == "section":
                parent[str(o)] = str(s)

    def with_ancestors(section: str) -> set[str]:
        out = set()
        while section and section not in out:
            out.add(section)
            section = parent.get(section)
        return out

    info = {n: {"sections": set(), "facts": [], "stats": [], "sources": []} for n in G}
    for n, a in G.nodes(data=True):
        if a["kind"] == "section":
            info[n]["sections"] |= with_ancestors(n)

    def place_in_sections(target: str, node) -> None:
        for sec in g.objects(node, KGO.inSection):
            if str(sec) in G:
                info[target]["sections"] |= with_ancestors(str(sec))

    def quote_of(node) -> list | None:
        q = src.quotes(node)
        return src.ref(*q[0]) if q else None

    for n in sorted(G):
        if G.nodes[n]["kind"] == "section":
            continue
        node = URIRef(n)
        place_in_sections(n, node)
        refs = []
        for q in src.quotes(node):
            r = src.ref(*q)
            if r not in refs:
                refs.append(r)
        info[n]["sources"] = refs[:_MAX_SOURCES]
        info[n]["more_sources"] = max(0, len(refs) - _MAX_SOURCES)

    def fact(target: str, rel: str, other: str | None, text: str, node) -> None:
        info[target]["facts"].append({"rel": rel, "other": other, "text": text, "q": quote_of(node)})
        place_in_sections(target, node)

    def code(node) -> str:
        return str(node).rsplit("/", 1)[-1] if node is not None else ""

    for c in sorted(set(g.subjects(RDF.type, KGO.HonourConferral))):
        r, h = g.value(c, KGO.recipient), g.value(c, KGO.honour)
        by, year = g.value(c, KGO.conferredBy), g.value(c, DCTERMS.date)
        extra = " ".join(x for x in (code(g.value(c, KGO.honourLevel)), str(year or "")) if x)
        if r is not None and str(r) in G:
            fact(str(r), "received", str(h) if h is not None and str(h) in G else None, extra, c)
        if h is not None and str(h) in G:
            fact(str(h), "received", str(r) if r is not None and str(r) in G else None, extra, c)
        if by is not None and str(by) in G and h is not None:
            fact(str(h), "conferred by", str(by), extra, c)
    for a in sorted(set(g.subjects(RDF.type, KGO.HonourApplication))):
        who, h = g.value(a, KGO.applicant), g.value(a, KGO.honour)
        extra = code(g.value(a, KGO.honourLevel))
        for target, other in ((who, h), (h, who)):
            if target is not None and str(target) in G:
                fact(str(target), "applied for", str(other) if other is not None and str(other) in G else None,
                     extra, a)
    for p in sorted(set(g.subjects(RDF.type, ORG.Post))):
        person, org = g.value(p, ORG.heldBy), g.value(p, ORG.postIn)
        title = str(g.value(p, RDFS.label) or "")
        for target, other in ((person, org), (org, person)):
            if target is not None and str(target) in G:
                fact(str(target), "holds post in", str(other) if other is not None and str(other) in G else None,
                     title, p)
    reports = sorted(n for n, a in G.nodes(data=True) if a["kind"] == "report")
    for o in sorted(set(g.subjects(RDF.type, QB.Observation))):
        indicator = g.value(o, KGO.indicator)
        unit = g.value(o, SDMXA.unitMeasure)
        qualifier = g.value(o, KGO.qualifier)
        area = g.value(o, SDMXD.refArea)
        period = g.value(o, SDMXD.refPeriod)
        stat = {
            "indicator": (_label(g, indicator, "zh-Hans") or "") if indicator is not None else "",
            "written": f"{g.value(o, KGO.valueAsWritten) or ''}{g.value(o, KGO.measureWord) or ''}",
            "value": str(g.value(o, SDMXM.obsValue) or ""),
            "unit": code(unit) if unit is not None else "",
            "qualifier": code(qualifier) if qualifier is not None else "",
            "period": code(period) if period is not None else "",
            "area": str(area) if area is not None and str(area) in G else None,
            "q": quote_of(o),
        }
        targets = [str(s) for s in g.objects(o, KGO.inSection) if str(s) in G]
        if stat["area"]:
            targets.append(stat["area"])
        if not targets:
            targets = reports[:1]
        for t in sorted(set(targets)):
            info[t]["stats"].append(stat)
            if G.nodes[t]["kind"] != "section":
                place_in_sections(t, o)
    for n in G:
        d = info[n]
        d["sections"] = sorted(d["sections"])
        d["facts"].sort(key=lambda f: (f["rel"], f["other"] or "", f["text"], f["q"] or []))
        d["stats"].sort(key=lambda s: (s["q"] or [], s["indicator"], s["written"]))
        G.nodes[n]["details"] = d
    G.graph["sentences"] = list(src.table)


def layout(G, seed: int = 7, iterations: int = 60) -> dict[str, tuple[int, int]]:
    """Returns whole-pixel positions of the nodes of ``G``: the same graph gives the same positions.

    Each connected component is laid out apart (Fruchterman-Reingold from seeded start
    positions, numpy), scaled to its size, then components are packed in rows, largest first.
    """
    links: dict = {n: set() for n in G}   # the undirected simple graph: no loops, no repeats
    for u, v in G.edges():
        if u != v:
            links[u].add(v)
            links[v].add(u)
    seen: set = set()
    comps = []
    for start in sorted(links):
        if start in seen:
            continue
        seen.add(start)
        comp, todo = [], [start]
        while todo:
            n = todo.pop()
            comp.append(n)
            for m in links[n]:
                if m not in seen:
                    seen.add(m)
                    todo.append(m)
        comps.append(sorted(comp))
    comps.sort(key=lambda c: (-len(c), c[0]))
    spacing = 90.0
    placed: list[tuple[list[str], list[tuple[float, float]], float]] = []
    for nodes in comps:
        if len(nodes) == 1:
            placed.append((nodes, [(0.0, 0.0)], spacing / 2))
            continue
        index = {n: i for i, n in enumerate(nodes)}
        # each edge once, as (lower, higher) index: nodes are sorted, so that is (u, v) with u < v
        edges = sorted({(index[u], index[v]) for u in nodes for v in links[u] if index[u] < index[v]})
        coords = _fruchterman_reingold(len(nodes), edges, seed, iterations)
        radius = spacing * (len(nodes) ** 0.5)
        placed.append((nodes, [(x * radius, y * radius) for x, y in coords], radius + spacing / 2))
    total = sum((2 * r) ** 2 for _, _, r in placed)
    row_width = max(max((2 * r for _, _, r in placed), default=0.0), total ** 0.5 * 1.2)
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for nodes, coords, r in placed:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (cx, cy) in zip(nodes, coords):
            pos[n] = (int(round(x + r + cx)), int(round(y + r + cy)))
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return pos


def _fruchterman_reingold(n: int, edges: list[tuple[int, int]], seed: int, iterations: int):
    """Returns positions in [-1, 1]² of a connected graph of ``n`` nodes (dense numpy, seeded).

    Repulsion is computed between all pairs (n² per step), attraction along the edge list only.
    """
    import numpy as np

    rng = np.random.RandomState(seed)
    pos = rng.rand(n, 2).astype(np.float32)   # float32 halves the memory traffic of the n² arrays
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    if n > 500:  # fewer, larger steps for big components keep a 2,000-node corpus around a second
        iterations = max(25, iterations * 500 // n)
    u = np.array([e[0] for e in edges], dtype=np.intp)
    v = np.array([e[1] for e in edges], dtype=np.intp)
    k = np.float32(1.0 / np.sqrt(n))
    t = np.float32(0.1)
    dt = t / (iterations + 1)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        d2 = dx * dx + dy * dy
        np.maximum(d2, 1e-4, out=d2)
        rep = (k * k) / d2
        fx = (dx * rep).sum(axis=1)
        fy = (dy * rep).sum(axis=1)
        ex, ey = x[u] - x[v], y[u] - y[v]
        pull = np.sqrt(ex * ex + ey * ey) / k
        np.add.at(fx, u, -ex * pull)
        np.add.at(fy, u, -ey * pull)
        np.add.at(fx, v, ex * pull)
        np.add.at(fy, v, ey * pull)
        length = np.sqrt(fx * fx + fy * fy)
        length = np.where(length < 0.01, 0.1, length)
        x += fx * t / length
        y += fy * t / length
        t -= dt
    x -= x.mean()
    y -= y.mean()
    scale = max(float(np.abs(x).max()), float(np.abs(y).max())) or 1.0
    return [(float(a) / scale, float(b) / scale) for a, b in zip(x, y)]


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[:_LABEL_CHARS - 1] + "…"


def page_data(G, title: str = "Knowledge graph") -> dict:
    """Returns the JSON-ready data the page draws: nodes by number, edges, kinds, sentences."""
    names = sorted(G)
    number = {n: i for i, n in enumerate(names)}
    pos = layout(G)
    nodes = []
    for n in names:
        a = G.nodes[n]
        d = a.get("details") or {}
        nodes.append({
            "id": number[n], "iri": n, "kind": a["kind"], "zh": a["label"], "en": a["label_en"],
            "py": a["label_pinyin"], "x": pos[n][0], "y": pos[n][1],
            "sec": [number[s] for s in d.get("sections", []) if s in number],
            "facts": [{**f, "other": number.get(f["other"])} for f in d.get("facts", [])],
            "stats": [{**s, "area": number.get(s["area"])} for s in d.get("stats", [])],
            "src": d.get("sources", []), "more": d.get("more_sources", 0),
        })
        if a["kind"] == "section":  # ordered in the section menu by report, then position
            nodes[-1].update(pos=a.get("position", 0), root=n.rsplit("-", 1)[0])
    edges = sorted({(number[u], number[v], d.get("label", ""), d.get("post", ""))
                    for u, v, d in G.edges(data=True)})
    counts = defaultdict(int)
    for n in names:
        counts[G.nodes[n]["kind"]] += 1
    kinds = [{"kind": k, "color": c, "shape": s, "en": en, "zh": zh, "count": counts[k]}
             for k, (c, s, en, zh) in KIND_STYLE.items() if counts[k]]
    return {
        "title": title, "kinds": kinds, "nodes": nodes,
        "edges": [{"from": u, "to": v, "rel": r, "post": p} for u, v, r, p in edges],
        "relations": {k: {"en": en, "zh": zh} for k, (en, zh) in RELATIONS.items()},
        "sentences": G.graph.get("sentences", []),
        "statistics": sum(len(x["stats"]) for x in nodes if x["kind"] == "section") or
        sum(len(x["stats"]) for x in nodes if x["kind"] == "report"),
        "short": _LABEL_CHARS,
    }


def _script_json(value) -> str:
    """Returns ``value`` as JSON that cannot end its <script> element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_page(G, title: str = "Knowledge graph") -> str:
    """Returns a self-contained HTML page (no network access) drawing ``G``."""
    for n, a in G.nodes(data=True):
        if a.get("kind") not in KIND_STYLE:
            raise ValueError(f"node {n!r} has no known kind: {a.get('kind')!r}")
    template = resource_path("viz", "template.html").read_text(encoding="utf-8")
    parts = {
        "{{TITLE}}": html.escape(title, quote=True),
        "/*{{VIS_JS}}*/": _vis_js().replace("</script", "<\\/script").replace("<!--", "<\\!--"),
        "{{DATA}}": _script_json(page_data(G, title)),
    }
    # one pass, so that nothing inserted (a title, the data) is read again as a placeholder
    return re.sub("|".join(re.escape(k) for k in parts), lambda m: parts[m.group(0)], template)


def _vis_js() -> str:
    import importlib.util

    # the package's files only: importing pyvis would pull in IPython and jinja (~0.3 s)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'pyvis'", name="pyvis")
    path = Path(spec.origin).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


def write_page(g: Graph, out: str | Path, title: str = "Knowledge graph") -> Path:
    """Writes the network page of ``g`` to ``out`` (UTF-8); returns its path."""
    return atomic_write(Path(out), render_page(_project(g, _Net(), True), title))
