"""Returns SHACL validation results of a build, one actionable line per violation (``kg validate``).

The shapes (``ontology/shapes.ttl``) run with pyshacl over the build's ``graph.ttl`` joined with the
ontology (``ontology/kg.ttl``), so that code lists and the data structure definition that the data
points to are present and checked too. Each violation names the node (with its label or the text it
came from), the property and rule it breaks, and what was found there.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import EXIT_FAILED, EXIT_OK, InputError
from .resources import resource_path

__all__ = ["Violation", "ValidationReport", "load_ontology", "load_shapes", "validate_graph",
           "validate_build", "register"]

_SH = "http://www.w3.org/ns/shacl#"
_LABEL_WIDTH = 40


@dataclass(frozen=True)
class Violation:
    """One broken rule: the node, its label, its types, the property path, the rule, what was found."""

    focus: str                 # the node's IRI (or "a blank node")
    label: str | None          # its label, or the quote it was derived from
    types: tuple[str, ...]     # its rdf:types, prefixed, sorted
    path: str | None           # the property path, prefixed
    rule: str                  # the SHACL constraint, e.g. "minCount 1"
    found: str                 # what the data holds there
    severity: str = "Violation"

    def describe(self) -> str:
        """Returns the violation as one line a person can act on."""
        label = f' "{self.label}"' if self.label else ""
        types = f" ({', '.join(self.types)})" if self.types else ""
        path = f" {self.path}:" if self.path else ""
        node = f"<{self.focus}>" if "://" in self.focus else self.focus
        return f"{node}{label}{types}:{path} breaks {self.rule}; found {self.found}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph: conforms, and the violations sorted."""

    conforms: bool
    violations: tuple[Violation, ...]
    triples: int

    def describe(self) -> str:
        """Returns the report as text: one line per violation, then a summary line."""
        lines = [v.describe() for v in self.violations]
        if self.conforms:
            lines.append(f"conforms: {self.triples} triples satisfy every shape")
        else:
            lines.append(f"{len(self.violations)} violation(s) in {self.triples} triples")
        return "\n".join(lines)


def _parse(path: Path, what: str):
    from rdflib import Graph

    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        first = " ".join(str(exc).split())[:200]
        raise InputError(f"{path}: cannot parse {what} as Turtle ({first}); "
                         f"rebuild it with `kg build` or fix the file", code="E121") from None
    return g


def load_ontology():
    """Returns the project ontology (``ontology/kg.ttl``) as an rdflib Graph."""
    return _parse(resource_path("ontology", "kg.ttl"), "the ontology")


def load_shapes():
    """Returns the SHACL shapes (``ontology/shapes.ttl``) as an rdflib Graph."""
    return _parse(resource_path("ontology", "shapes.ttl"), "the shapes")


class _Describer:
    """Turns pyshacl result nodes into :class:`Violation` values, reading the data for context."""

    def __init__(self, data, shapes, results):
        from .vocab import CODELIST_BASE

        self.data, self.shapes, self.results = data, shapes, results
        # the shapes' prefixes win over whatever prefixes (ns1 …) the data file happens to bind
        known = {str(ns): prefix for prefix, ns in list(data.namespaces()) + list(shapes.namespaces())
                 if prefix and str(ns)}
        known[CODELIST_BASE] = "def"
        # longest namespace first, so that id:organization/… wins over a shorter base
        self.prefixes = sorted(known.items(), key=lambda kv: (-len(kv[0]), kv[1]))

    def short(self, term) -> str:
        from rdflib import BNode, Literal, URIRef

        if isinstance(term, URIRef):
            for ns, prefix in self.prefixes:
                if term.startswith(ns) and len(term) > len(ns):
                    return f"{prefix}:{term[len(ns):]}"
            return f"<{term}>"
        if isinstance(term, Literal):
            text = str(term)
            text = text if len(text) <= _LABEL_WIDTH else text[:_LABEL_WIDTH - 1] + "…"
            if term.language:
                return f'"{text}"@{term.language}'
            if term.datatype:
                return f'"{text}"^^{self.short(term.datatype)}'
            return f'"{text}" (no language tag, no datatype)'
        if isinstance(term, BNode):
            return "a blank node"
        return str(term)

    def path(self, path) -> str | None:
        from rdflib import BNode, URIRef

        if path is None:
            return None
        if isinstance(path, URIRef):
            return self.short(path)
        if isinstance(path, BNode):
            inverse = self.shapes.value(path, _sh("inversePath"))
            if inverse is not None:
                return f"^{self.short(inverse)}"
        return str(path)

    def label(self, node) -> str | None:
        from rdflib.namespace import FOAF, PROV, RDFS, SKOS

        from .vocab import OA

        candidates = []
        for p in (RDFS.label, SKOS.prefLabel, FOAF.name):
            candidates += sorted(self.data.objects(node, p), key=lambda o: (o.language != "zh-Hans", str(o)))
        if not candidates:  # a fact without a name: the text it came from
            sources = sorted(self.data.objects(node, PROV.wasDerivedFrom)) or [node]
            for sel in sources:
                for selector in sorted(self.data.objects(sel, OA.hasSelector)):
                    candidates += sorted(self.data.objects(selector, OA.exact))
            candidates += sorted(self.data.objects(node, OA.exact))
        if not candidates:
            return None
        text = " ".join(str(candidates[0]).split())
        return text if len(text) <= _LABEL_WIDTH else text[:_LABEL_WIDTH - 1] + "…"

    def values(self, node, path) -> list:
        from rdflib import URIRef

        if isinstance(path, URIRef):
            return sorted(self.data.objects(node, path))
        inverse = self.shapes.value(path, _sh("inversePath")) if path is not None else None
        if inverse is not None:
            return sorted(self.data.subjects(inverse, node))
        return []

    def rule_and_found(self, component: str, shape, node, path, value, message: str) -> tuple[str, str]:
        sv = (lambda p: self.shapes.value(shape, _sh(p))) if shape is not None else (lambda p: None)
        vals = self.values(node, path)
        shown = ", ".join(self.short(v) for v in vals[:3]) + (" …" if len(vals) > 3 else "")
        val = self.short(value) if value is not None else None
        if component == "MinCountConstraintComponent":
            return (f"minCount {sv('minCount')} (at least {sv('minCount')} value(s) required)",
                    f"{len(vals)} value(s)" + (f": {shown}" if vals else ""))
        if component == "MaxCountConstraintComponent":
            return f"maxCount {sv('maxCount')} (at most {sv('maxCount')} value(s))", f"{len(vals)}: {shown}"
        if component == "DatatypeConstraintComponent":
            return f"datatype {self.short(sv('datatype'))}", f"{val}"
        if component == "LanguageInConstraintComponent":
            allowed = " ".join(str(x) for x in self._list(sv("languageIn")))
            return f"languageIn ({allowed})", f"{val}"
        if component == "InConstraintComponent":
            allowed = [self.short(x) for x in self._list(sv("in"))]
            more = f", … ({len(allowed)} codes)" if len(allowed) > 4 else ""
            return f"sh:in, the closed code list ({', '.join(allowed[:4])}{more})", f"{val}, not in the list"
        if component == "ClassConstraintComponent":
            return f"class {self.short(sv('class'))}", f"{val} without that type"
        if component == "HasValueConstraintComponent":
            return f"hasValue {self.short(sv('hasValue'))}", shown or "no value"
        if component == "PatternConstraintComponent":
            return f"pattern {sv('pattern')}", f"{val}"
        if component == "MinLengthConstraintComponent":
            return f"minLength {sv('minLength')}", f"{val}"
        if component == "UniqueLangConstraintComponent":
            return "uniqueLang (one value per language tag)", shown
        if component == "NodeKindConstraintComponent":
            return f"nodeKind {self.short(sv('nodeKind'))}", f"{val}"
        if component == "MinInclusiveConstraintComponent":
            return f"minInclusive {sv('minInclusive')}", f"{val}"
        if component == "LessThanOrEqualsConstraintComponent":
            other = sv("lessThanOrEquals")
            return (f"lessThanOrEquals {self.short(other)}",
                    f"{val} > {', '.join(self.short(o) for o in self.values(node, other))}")
        if component in ("QualifiedMinCountConstraintComponent", "QualifiedMaxCountConstraintComponent"):
            q = self.shapes.value(shape, _sh("qualifiedValueShape"))
            cls = self.shapes.value(q, _sh("class")) if q is not None else None
            bound = sv("qualifiedMinCount") if "Min" in component else sv("qualifiedMaxCount")
            kind = "at least" if "Min" in component else "at most"
            return f"{kind} {bound} value(s) of class {self.short(cls)}", shown or "no value"
        if component == "OrConstraintComponent" and path is None:
            return f"sh:or: {message}", "none of them"
        if component in ("OrConstraintComponent", "NodeConstraintComponent"):
            return "the value must be of an allowed class", f"{val} " + message
        if component == "NotConstraintComponent":
            return "sh:not (the node must not also match the excluded shape)", message
        return component.replace("ConstraintComponent", ""), val or message

    def _list(self, head) -> list:
        from rdflib.collection import Collection

        return list(Collection(self.shapes, head)) if head is not None else []

    def violations(self) -> tuple[Violation, ...]:
        from rdflib import RDF, URIRef

        r = self.results
        out = []
        for res in r.subjects(RDF.type, URIRef(_SH + "ValidationResult")):
            node = r.value(res, _sh("focusNode"))
            path = r.value(res, _sh("resultPath"))
            value = r.value(res, _sh("value"))
            shape = r.value(res, _sh("sourceShape"))
            component = str(r.value(res, _sh("sourceConstraintComponent")) or "").rsplit("#", 1)[-1]
            severity = str(r.value(res, _sh("resultSeverity")) or "").rsplit("#", 1)[-1]
            message = " ".join(str(r.value(res, _sh("resultMessage")) or "").split())
            rule, found = self.rule_and_found(component, shape, node, path, value, message)
            types = tuple(sorted(self.short(t) for t in self.data.objects(node, RDF.type)))
            focus = str(node) if isinstance(node, URIRef) else self.short(node)
            out.append(Violation(focus, self.label(node), types, self.path(path),
                                 rule, found, severity))
        return tuple(sorted(set(out), key=lambda v: (v.focus, v.path or "", v.rule, v.found)))


def _sh(local: str):
    from rdflib import URIRef

    return URIRef(_SH + local)


def validate_graph(data, *, ontology=None, shapes=None) -> ValidationReport:
    """Returns the SHACL validation report of ``data`` joined with the ontology.

    ``ontology`` and ``shapes`` default to the bundled ``ontology/kg.ttl`` and ``shapes.ttl``.
    """
    import pyshacl
    from rdflib import Graph

    ontology = load_ontology() if ontology is None else ontology
    shapes = load_shapes() if shapes is None else shapes
    joined = Graph()
    for prefix, ns in data.namespaces():
        joined.bind(prefix, ns, override=True, replace=True)
    for t in data:
        joined.add(t)
    for t in ontology:
        joined.add(t)
    conforms, results, _ = pyshacl.validate(joined, shacl_graph=shapes, inference="none",
                                            abort_on_first=False, allow_warnings=False,
                                            meta_shacl=False, advanced=False)
    violations = _Describer(joined, shapes, results).violations()
    return ValidationReport(bool(conforms), violations, len(data))


def validate_build(data_dir: str | Path = "build") -> ValidationReport:
    """Returns the validation report of a build folder's ``graph.ttl``.

    Raises :class:`~kg.errors.InputError` when the folder has no graph or it does not parse.
    """
    path = Path(data_dir) / "graph.ttl"
    if not path.is_file():
        raise InputError(f"{data_dir}: no graph.ttl here; run `kg build --out {data_dir}` first",
                         code="E120")
    return validate_graph(_parse(path, "the graph"))


def _handler(args) -> int:
    report = validate_build(args.data)
    print(report.describe())
    return EXIT_OK if report.conforms else EXIT_FAILED


def register(subparsers) -> None:
    """Adds ``kg validate [--data DIR]`` (exit 0 conforms, 1 violations, 2 missing or bad build)."""
    p = subparsers.add_parser("validate", help="check a build's graph against the SHACL shapes of the ontology",
                              description="Check DIR/graph.ttl against ontology/shapes.ttl; one line per "
                                          "violation. Exit 0 conforms, 1 violations, 2 missing or unparsable build.")
    p.add_argument("--data", default="build", metavar="DIR", help="the build folder (default: build)")
    p.set_defaults(func=_handler)
