"""Returns Turtle, TriG and compact JSON-LD text of rdflib triples, sorted, without rdflib's serialisers.

rdflib's writers spend most of their time splitting IRIs into prefixed names again and again and
ordering subjects by how often they are referenced. These writers format each distinct term once,
sort subjects, predicates (``rdf:type`` first) and objects by their text, and group with ``;`` and
``,``, so the same set of triples always gives the same bytes. They are strict where the grammar
is subtle: a prefixed name is written only when its local part is plain ASCII
(``[A-Za-z0-9_]``, ``-`` and inner ``.``), otherwise the full ``<IRI>``; literals are escaped;
numbers are written bare only when the bare form parses back to the same lexical form and type.
Blank nodes are not supported (the project mints an IRI for every node): they raise ValueError.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef
from .vocab import RDF, XSD

__all__ = ["turtle", "trig", "jsonld_nodes", "json_text", "Unwritable"]


class Unwritable(ValueError):
    """A term or context these writers cannot express faithfully (a blank node, a bad tag)."""


_RDF_TYPE = str(RDF.type)
_TYPE = URIRef(_RDF_TYPE)
_PREFIX = re.compile(r"[A-Za-z](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_LANG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*\Z")
# bare forms of the Turtle grammar that parse back to exactly this lexical form and datatype
_BARE = {str(XSD.integer): re.compile(r"[+-]?[0-9]+\Z"),
         str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+\Z"),
         str(XSD.boolean): re.compile(r"(?:true|false)\Z")}

_STRING_SPECIAL = re.compile(r'[\x00-\x1f"\\\x7f]')
_STRING_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_STRING_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r",
                        ord("\t"): "\\t", ord("\b"): "\\b", ord("\f"): "\\f"})
_IRI_SPECIAL = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_IRI_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x21), 0x7F, *map(ord, '<>"{}|^`\\'))}


def _iriref(iri: str) -> str:
    """Returns ``<iri>``, characters not allowed in an IRIREF written as ``\\uXXXX``."""
    if _IRI_SPECIAL.search(iri):
        iri = iri.translate(_IRI_ESCAPES)
    return f"<{iri}>"


def _quoted(text: str) -> str:
    """Returns ``text`` as a one-line Turtle string, quotes, backslashes and controls escaped."""
    if _STRING_SPECIAL.search(text):
        text = text.translate(_STRING_ESCAPES)
    return f'"{text}"'


class _Terms:
    """Formats terms as Turtle text, each distinct term once, and records the prefixes it used."""

    def __init__(self, prefixes: Mapping[str, str] | Iterable[tuple[str, str]]):
        pairs = prefixes.items() if isinstance(prefixes, Mapping) else prefixes
        self.namespaces: dict[str, str] = {}
        for prefix, ns in sorted((str(p), str(n)) for p, n in pairs):
            if _PREFIX.match(prefix):
                self.namespaces.setdefault(ns, prefix)  # one namespace, two prefixes: the first
        self.used: set[str] = set()
        self.memo: dict = {}

    def iri(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.namespaces.get(iri[:cut]) if cut else None
        if prefix is not None and _LOCAL.match(iri, cut):
            self.used.add(prefix)
            return f"{prefix}:{iri[cut:]}"
        return _iriref(iri)

    def literal(self, lit: Literal) -> str:
        lex = str(lit)
        if lit.language:
            if not _LANG.match(lit.language):
                raise Unwritable(f"language tag {lit.language!r} is not well formed")
            return f"{_quoted(lex)}@{lit.language}"
        if lit.datatype is None:
            return _quoted(lex)
        datatype = str(lit.datatype)
        bare = _BARE.get(datatype)
        if bare is not None and bare.match(lex):
            return lex
        return f"{_quoted(lex)}^^{self.iri(datatype)}"

    def __call__(self, term) -> str:
        text = self.memo.get(term)
        if text is None:
            if isinstance(term, URIRef):
                text = self.iri(str(term))
            elif isinstance(term, Literal):
                text = self.literal(term)
            else:
                raise Unwritable(f"cannot write {term!r}: only IRIs and literals are supported")
            self.memo[term] = text
        return text

    def header(self) -> str:
        return "".join(f"@prefix {p}: {_iriref(ns)} .\n"
                       for p, ns in sorted((p, ns) for ns, p in self.namespaces.items() if p in self.used))


def _object_key(term) -> tuple:
    if isinstance(term, Literal):
        return (1, str(term), term.language or "", str(term.datatype or ""))
    return (0, str(term), "", "")


def _group(triples) -> dict:
    """Returns {subject: {predicate: set of objects}}."""
    by_subject: dict = {}
    for s, p, o in triples:
        props = by_subject.get(s)
        if props is None:
            props = by_subject[s] = {}
        objects = props.get(p)
        if objects is None:
            props[p] = {o}
        else:
            objects.add(o)
    return by_subject


def _subject_key(term) -> str:
    if not isinstance(term, URIRef):
        raise Unwritable(f"cannot write subject {term!r}: only IRIs are supported")
    return str(term)


def _predicates(props: dict) -> list:
    """Returns the predicates of one subject: rdf:type first, then in IRI order."""
    ordered = sorted(props, key=str)
    if _TYPE in props:
        ordered.remove(_TYPE)
        ordered.insert(0, _TYPE)
    return ordered


def _body(triples, terms: _Terms, indent: str) -> list[str]:
    """Returns the subject blocks of ``triples``, each ending in `` .``, indented by ``indent``."""
    blocks = []
    more_objects = f",\n{indent}        "
    more_predicates = f" ;\n{indent}    "
    verbs: dict = {}  # predicate → its text: "a" for rdf:type
    by_subject = _group(triples)
    for s in sorted(by_subject, key=_subject_key):
        props = by_subject[s]
        lines = []
        for p in _predicates(props):
            verb = verbs.get(p)
            if verb is None:
                if not isinstance(p, URIRef):
                    raise Unwritable(f"cannot write predicate {p!r}: only IRIs are supported")
                verb = verbs[p] = "a" if p == _TYPE else terms(p)
            objects = props[p]
            if len(objects) == 1:
                for o in objects:
                    lines.append(f"{verb} {terms(o)}")
            else:
                lines.append(f"{verb} " + more_objects.join(terms(o) for o in sorted(objects, key=_object_key)))
        blocks.append(f"{indent}{terms(s)} {more_predicates.join(lines)} .")
    return blocks


def turtle(triples: Iterable, prefixes) -> str:
    """Returns ``triples`` as Turtle: used prefixes sorted, then one block per subject in IRI order.

    ``prefixes`` is a mapping (or pairs) prefix → namespace, such as ``dict(graph.namespaces())``;
    only those used are declared. Raises :class:`Unwritable` (a ValueError) on a blank node.
    """
    terms = _Terms(prefixes)
    blocks = _body(triples, terms, "")
    if not blocks:
        return ""
    return terms.header() + "\n" + "\n\n".join(blocks) + "\n"


def trig(graphs: Iterable, prefixes) -> str:
    """Returns ``graphs`` as TriG: the default graph first, then named graphs in IRI order.

    ``graphs`` yields (graph IRI, or None for the default graph, triples); a name given twice is
    one graph, and empty graphs are left out. Each graph's body is written as :func:`turtle`
    writes it, indented inside ``{ }``.
    """
    merged: dict = {}
    for name, triples in graphs:
        if name is not None and not isinstance(name, URIRef):
            raise Unwritable(f"cannot write graph name {name!r}: only IRIs are supported")
        merged.setdefault(name, []).extend(triples)
    terms = _Terms(prefixes)
    parts = []
    for name in sorted(merged, key=lambda n: (n is not None, str(n or ""))):
        blocks = _body(merged[name], terms, "    ")
        if blocks:
            label = "" if name is None else terms.iri(str(name)) + " "
            parts.append(f"{label}{{\n" + "\n\n".join(blocks) + "\n}")
    if not parts:
        return ""
    return terms.header() + "\n" + "\n\n".join(parts) + "\n"


# ------------------------------------------------------------------------ JSON-LD

class _Compactor:
    """Writes IRIs and values against a JSON-LD context so that expansion gives them back exactly."""

    def __init__(self, context: Mapping):
        self.context = context
        self.namespaces: dict[str, str] = {}
        aliases: dict[str, list[str]] = {}
        for key, value in sorted(context.items()):
            if not isinstance(value, str):
                continue
            if value.startswith("@"):
                aliases.setdefault(value, []).append(key)
            elif value.endswith(("/", "#")) and ":" not in key and not key.startswith("@"):
                self.namespaces.setdefault(value, key)  # a prefix: expands "key:local"
        self.id_key = aliases.get("@id", ["@id"])[0]
        self.type_key = aliases.get("@type", ["@type"])[0]
        self.terms: dict[str, tuple[str, str, str | None]] = {}  # IRI → (key, kind, datatype)
        for key, value in sorted(context.items(), key=lambda kv: (len(kv[0]), kv[0])):
            if not isinstance(value, dict) or not isinstance(value.get("@id"), str):
                continue
            rest = {k: v for k, v in value.items() if k != "@id"}
            if not rest:
                kind, datatype = "plain", None
            elif rest == {"@container": "@language"}:
                kind, datatype = "language", None
            elif rest == {"@type": "@id"}:
                kind, datatype = "iri", None
            elif set(rest) == {"@type"} and isinstance(rest["@type"], str) and \
                    not rest["@type"].startswith("@"):
                kind, datatype = "typed", self.expand(rest["@type"])
            else:
                continue  # a definition these writers do not use (reverse, list, default language …)
            self.terms.setdefault(self.expand(value["@id"]), (key, kind, datatype))
        self.memo: dict[str, str] = {}

    def expand(self, text: str) -> str:
        prefix, colon, local = text.partition(":")
        ns = self.context.get(prefix) if colon and not local.startswith("//") else None
        return ns + local if isinstance(ns, str) and ns in self.namespaces else text

    def iri(self, iri: str) -> str:
        """Returns ``iri`` as a compact IRI where that is safe, else in full (checked safe)."""
        text = self.memo.get(iri)
        if text is not None:
            return text
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.namespaces.get(iri[:cut]) if cut else None
        text = f"{prefix}:{iri[cut:]}" if prefix is not None and cut < len(iri) else iri
        if text in self.context and self.expand_term(text) != iri:
            text = iri
        if text == iri:
            # a full IRI is read as itself unless its scheme looks like a prefix or a blank node
            scheme, colon, rest = iri.partition(":")
            if not colon or scheme == "_" or (scheme in self.context and not rest.startswith("//")) \
                    or (iri in self.context and self.expand_term(iri) != iri):
                raise Unwritable(f"IRI {iri!r} would be read as another IRI under the JSON-LD context")
        self.memo[iri] = text
        return text

    def expand_term(self, key: str) -> str | None:
        value = self.context.get(key)
        if isinstance(value, dict):
            value = value.get("@id")
        return self.expand(value) if isinstance(value, str) else None

    def value(self, term) -> object:
        """Returns the expanded-form JSON value of ``term`` (no coercion from a term definition)."""
        if isinstance(term, URIRef):
            return {"@id": self.iri(str(term))}
        if not isinstance(term, Literal):
            raise Unwritable(f"cannot write {term!r}: only IRIs and literals are supported")
        if term.language:
            return {"@language": term.language, "@value": str(term)}
        if term.datatype is not None:
            return {"@type": self.iri(str(term.datatype)), "@value": str(term)}
        return str(term)


def _json_key(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _one_or_list(values: list) -> object:
    if len(values) == 1:
        return values[0]
    strings = all(isinstance(v, str) for v in values)
    return sorted(values, key=_encode_string if strings else _json_key)


def jsonld_nodes(triples: Iterable, context: Mapping) -> list[dict]:
    """Returns the node objects of compact JSON-LD for ``triples`` under ``context``, sorted by id.

    ``context`` is the value of ``"@context"``: prefixes, ``@id``/``@type`` aliases and term
    definitions with ``"@type": "@id"``, a datatype or ``"@container": "@language"``. A value
    that fits its property's term is written in the term's short form; one that does not is
    written in expanded form under the property's compact or full IRI, so a JSON-LD processor
    reads back exactly ``triples``. Keys are sorted, several values sorted by their JSON text.
    """
    cx = _Compactor(context)
    nodes = []
    for s, props in _group(triples).items():
        node: dict[str, object] = {cx.id_key: cx.iri(_subject_key(s))}
        for p, objects in props.items():
            if not isinstance(p, URIRef):
                raise Unwritable(f"cannot write predicate {p!r}: only IRIs are supported")
            p_iri = str(p)
            overflow = []
            if p_iri == _RDF_TYPE:
                types = [cx.iri(str(o)) for o in objects if isinstance(o, URIRef)]
                overflow = [o for o in objects if not isinstance(o, URIRef)]
                if types:
                    node[cx.type_key] = _one_or_list(types)
            else:
                key, kind, datatype = cx.terms.get(p_iri, (None, None, None))
                if kind == "language":
                    by_lang: dict[str, list[str]] = {}
                    for o in objects:
                        if isinstance(o, Literal) and o.language:
                            by_lang.setdefault(o.language, []).append(str(o))
                        else:
                            overflow.append(o)
                    if by_lang:
                        node[key] = {lang: _one_or_list(v) for lang, v in sorted(by_lang.items())}
                elif kind is not None:
                    values = []
                    for o in objects:
                        if kind == "iri" and isinstance(o, URIRef):
                            values.append(cx.iri(str(o)))
                        elif kind == "typed" and isinstance(o, Literal) and not o.language and \
                                o.datatype is not None and str(o.datatype) == datatype:
                            values.append(str(o))
                        elif kind == "plain":
                            values.append(cx.value(o))
                        else:
                            overflow.append(o)
                    if values:
                        node[key] = _one_or_list(values)
                else:
                    overflow = list(objects)
            if overflow:
                key = cx.iri(p_iri)
                if key in node:  # two keys for one property: keep the term's, merge in expanded form
                    raise Unwritable(f"property {p_iri} needs two keys under this context")
                node[key] = _one_or_list([cx.value(o) for o in overflow])
        nodes.append({k: node[k] for k in sorted(node)})
    nodes.sort(key=lambda n: n[cx.id_key])
    return nodes


def json_text(value) -> str:
    """Returns ``json.dumps(value, ensure_ascii=False, indent=1)``, written faster for deep documents.

    The standard library encodes with its slow pure-Python path whenever ``indent`` is set;
    this walks the value once and lets the C string encoder do the strings.
    """
    parts: list[str] = []
    _json_into(value, "\n", parts.append)
    return "".join(parts)


def _json_into(value, newline: str, write) -> None:
    if isinstance(value, str):
        write(_encode_string(value))
    elif isinstance(value, dict):
        if not value:
            write("{}")
            return
        inner = newline + " "
        first = True
        for key, item in value.items():
            write(("{" if first else ",") + inner + _encode_string(str(key)) + ": ")
            first = False
            _json_into(item, inner, write)
        write(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            write("[]")
            return
        inner = newline + " "
        first = True
        for item in value:
            write(("[" if first else ",") + inner)
            first = False
            _json_into(item, inner, write)
        write(newline + "]")
    else:
        write(json.dumps(value, ensure_ascii=False))


_encode_string = json.encoder.encode_basestring  # the C encoder where available; ensure_ascii=False
