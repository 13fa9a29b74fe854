"""Returns HTML documentation of the ontology and its code lists, made with pyLODE (``kg docs``).

pyLODE 3.3.4's OntPub merges the metadata of every ``owl:Ontology`` and ``skos:ConceptScheme`` in
its input into one header, so the ontology proper (classes, properties, the data structure
definition) goes to ``index.html`` through OntPub, and each closed code list to its own page through
VocPub (``org-kind.html``, ``honour-level.html`` …). The schemes whose concepts are minted by each
build (indicators, honours) have no concepts in the ontology and are listed on the index only.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from .errors import EXIT_OK, ConfigError

__all__ = ["split_ontology", "write_docs", "register"]


def split_ontology(ontology) -> tuple[object, dict[str, object]]:
    """Returns (the ontology without its code lists, {scheme slug: graph of that code list}).

    A code list is a ``skos:ConceptScheme`` with at least one concept ``skos:inScheme`` it.
    """
    from rdflib import RDF, Graph
    from rdflib.namespace import SKOS

    def new_graph() -> Graph:
        g = Graph()
        for prefix, ns in ontology.namespaces():
            g.bind(prefix, ns, override=True, replace=True)
        return g

    code_lists: dict[str, Graph] = {}
    taken = set()
    for scheme in sorted(ontology.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = sorted(ontology.subjects(SKOS.inScheme, scheme))
        if not concepts:
            continue
        g = new_graph()
        for node in [scheme, *concepts]:
            for t in ontology.triples((node, None, None)):
                g.add(t)
            taken.add(node)
        code_lists[str(scheme).rstrip("/").rsplit("/", 1)[-1]] = g
    core = new_graph()
    for t in ontology:
        if t[0] not in taken:
            core.add(t)
    return core, code_lists


def write_docs(out_dir: str | Path = "docs/ontology", ontology=None) -> tuple[Path, ...]:
    """Writes ``index.html`` (the ontology) and one page per code list into ``out_dir``; returns the paths.

    Needs pyLODE 3.3.4 (``pip install 'gov-report-kg[docs]'``).
    """
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub, VocPub
    except ImportError as exc:
        raise ConfigError(f"pyLODE is not installed ({exc}); run `pip install 'gov-report-kg[docs]'` "
                          "(pylode==3.3.4)", code="E310") from None
    finally:  # pyLODE calls logging.basicConfig(level=DEBUG) at import: undo that side effect
        for h in root.handlers[len(handlers):]:
            root.removeHandler(h)
        root.setLevel(level)
    from .outputs import atomic_write
    from .validate import load_ontology

    ontology = load_ontology() if ontology is None else ontology
    core, code_lists = split_ontology(ontology)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [atomic_write(out / "index.html", _stable(OntPub(ontology=core, sort_subjects=True).make_html()))]
    for slug, g in sorted(code_lists.items()):
        html = VocPub(ontology=g, sort_subjects=True).make_html()
        written.append(atomic_write(out / f"{slug}.html", _stable(html)))
    return tuple(written)


_JSONLD = re.compile(r'(<script[^>]*type="application/ld\+json"[^>]*>)(.*?)(</script>)', re.S)


def _stable(html: str) -> bytes:
    """Returns the page as UTF-8 with its embedded JSON-LD sorted, so that builds are byte-identical."""
    def sort_block(m: re.Match) -> str:
        try:
            data = json.loads(m.group(2))
        except ValueError:
            return m.group(0)
        if isinstance(data, list):
            data = sorted(data, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
        return m.group(1) + json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + m.group(3)

    return _JSONLD.sub(sort_block, html).encode("utf-8")


def _handler(args) -> int:
    for path in write_docs(args.out):
        print(f"wrote {path}")
    return EXIT_OK


def register(subparsers) -> None:
    """Adds ``kg docs [--out DIR]``: HTML documentation of the ontology and its code lists."""
    p = subparsers.add_parser("docs", help="write HTML documentation of the ontology (pyLODE)",
                              description="Write DIR/index.html for the ontology and one page per code list.")
    p.add_argument("--out", default="docs/ontology", metavar="DIR",
                   help="output folder (default: docs/ontology)")
    p.set_defaults(func=_handler)
