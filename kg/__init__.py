"""kg: turn Chinese government work reports into linked open data.

The library is the product; the ``kg`` command is a thin skin over these functions::

    import kg
    summary = kg.build(["data/reports"], "build")      # read, extract, resolve, write
    result = kg.query("statistics", "build")           # a named query, .rq file or SPARQL
    kg.viz("build", "build/network.html")               # the network page
    doc = kg.read_document("data/reports/report.txt")  # one report's structure
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["build", "query", "viz", "read_document", "process_document", "KGError", "__version__"]


def build(inputs=("data/reports",), out_dir="build", settings=None):
    """Builds the graph of ``inputs`` into ``out_dir``; returns a :class:`kg.pipeline.BuildSummary`."""
    from .pipeline import build as _build

    return _build(inputs, out_dir, settings)


def query(query, data_dir="build"):
    """Returns a :class:`kg.query.QueryResult` (variables, rows) of a SELECT query on a build."""
    from .query import run_query

    return run_query(query, data_dir)


def viz(data_dir="build", out=None):
    """Writes the network page of a build; returns its path."""
    from pathlib import Path

    from rdflib import Graph

    from .viz import write_page

    g = Graph()
    g.parse(Path(data_dir) / "graph.ttl", format="turtle")
    return write_page(g, out or Path(data_dir) / "network.html")


def read_document(path, settings=None):
    """Returns the :class:`kg.model.Document` of one report file."""
    from .reader import read_document as _read

    return _read(path, settings)


def process_document(doc):
    """Returns the :class:`kg.model.Resolution` (entities and facts) of a read document."""
    from .pipeline import process_document as _process

    return _process(doc)


def __getattr__(name):
    if name == "KGError":
        from .errors import KGError

        return KGError
    raise AttributeError(name)
