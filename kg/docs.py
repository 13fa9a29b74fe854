"""Returns HTML documentation of the ontology and its code lists (``kg docs``).

``index.html`` is made by pyLODE 3.3.4's OntPub from the ontology without its code lists: OntPub
merges the metadata of every ``owl:Ontology`` and ``skos:ConceptScheme`` into one header, and neither
OntPub nor VocPub (3.3.4) lists SKOS concepts. So ``code-lists.html`` (every scheme with its codes,
Chinese and English labels and definitions) is written here, as a plain self-contained page.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from .errors import EXIT_OK, ConfigError

__all__ = ["split_ontology", "code_list_page", "write_docs", "register"]


def split_ontology(ontology) -> tuple[object, dict[str, object]]:
    """Returns (the ontology without its code lists, {scheme slug: graph of that code list}).

    A code list is a ``skos:ConceptScheme`` with the concepts ``skos:inScheme`` it (none for the
    schemes whose concepts each build mints).
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
    """Writes ``index.html`` (the ontology) and ``code-lists.html`` into ``out_dir``; returns the paths.

    Needs pyLODE 3.3.4 (``pip install 'gov-report-kg[docs]'``).
    """
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
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
    written = [atomic_write(out / "index.html", _stable(OntPub(ontology=core, sort_subjects=True).make_html())),
               atomic_write(out / "code-lists.html", code_list_page(ontology).encode("utf-8"))]
    return tuple(written)


def _text(g, node, prop, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(node, prop) if getattr(o, "language", None) == lang)
    return values[0] if values else ""


def code_list_page(ontology) -> str:
    """Returns an HTML page listing every concept scheme of the ontology with its codes."""
    from html import escape

    from rdflib import RDF
    from rdflib.namespace import RDFS, SKOS

    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>Code lists of the gov-report-kg ontology</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
             "</style></head><body>", "<h1>Code lists 代码表</h1>",
             '<p>Back to the <a href="index.html">ontology</a>.</p>']
    for scheme in sorted(ontology.subjects(RDF.type, SKOS.ConceptScheme)):
        slug = str(scheme).rstrip("/").rsplit("/", 1)[-1]
        parts.append(f'<h2 id="{escape(slug)}">{escape(_text(ontology, scheme, SKOS.prefLabel, "en"))} '
                     f'{escape(_text(ontology, scheme, SKOS.prefLabel, "zh-Hans"))}</h2>')
        parts.append(f"<p><code>{escape(str(scheme))}</code></p>")
        parts.append(f"<p>{escape(_text(ontology, scheme, RDFS.comment, 'en'))}</p>")
        concepts = sorted(ontology.subjects(SKOS.inScheme, scheme))
        if not concepts:
            parts.append("<p><em>Its concepts are minted by each build and live in the data.</em></p>")
            continue
        parts.append("<table><tr><th>code</th><th>中文</th><th>English</th><th>definition</th></tr>")
        for c in concepts:
            parts.append(f'<tr><td><code title="{escape(str(c))}">{escape(str(ontology.value(c, SKOS.notation)))}'
                         f"</code></td><td>{escape(_text(ontology, c, SKOS.prefLabel, 'zh-Hans'))}</td>"
                         f"<td>{escape(_text(ontology, c, SKOS.prefLabel, 'en'))}</td>"
                         f"<td>{escape(_text(ontology, c, SKOS.definition, 'en'))}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


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
                              description="Write DIR/index.html (the ontology, by pyLODE) and DIR/code-lists.html.")
    p.add_argument("--out", default="docs/ontology", metavar="DIR",
                   help="output folder (default: docs/ontology)")
    p.set_defaults(func=_handler)
