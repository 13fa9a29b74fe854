"""IRIs for things: ``{base}id/{type}/{key}``; ASCII only, stable across builds and reports."""
from __future__ import annotations

import hashlib

from rdflib import URIRef

from .model import MentionKind

__all__ = ["stable_key", "thing", "KIND_SEGMENT"]

#: The path segment for each entity kind.
KIND_SEGMENT = {
    MentionKind.ORGANIZATION: "organization",
    MentionKind.PLACE: "place",
    MentionKind.PERSON: "person",
    MentionKind.LAW: "law",
    MentionKind.PROGRAM: "programme",
    MentionKind.HONOUR: "honour",
    MentionKind.STATISTIC: "observation",
}


def stable_key(*parts: str, length: int = 12) -> str:
    """Returns an opaque ASCII key derived from ``parts``: the same parts give the same key.

    >>> stable_key("organization", "某区司法局")
    '9e07e1d510dc'
    """
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def thing(base: str, segment: str, key: str) -> URIRef:
    """Returns the IRI of a thing of type ``segment`` with ``key``."""
    if not key.isascii() or "/" in key or " " in key:
        raise ValueError(f"IRI key must be ASCII without '/' or spaces: {key!r}")
    return URIRef(f"{base}id/{segment}/{key}")
