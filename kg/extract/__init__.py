"""Extractors: each ``find(doc) -> list[Mention]``; they only find, never merge.

Registration is explicit: :data:`EXTRACTORS` is the pipeline's list, in order.
"""
from __future__ import annotations

from ..model import Document, Mention
from . import honours, laws, organizations, people, places, programs, statistics

__all__ = ["EXTRACTORS", "extract_all"]

EXTRACTORS = (
    organizations.find,
    places.find,
    people.find,
    laws.find,
    programs.find,
    honours.find,
    statistics.find,
)


def extract_all(doc: Document) -> list[Mention]:
    """Returns every mention all extractors find in ``doc``, in document order."""
    found: list[Mention] = []
    for find in EXTRACTORS:
        found.extend(find(doc))
    return sorted(found, key=lambda m: (m.span.start, m.span.end, m.kind.value, m.rule))
