"""Settings passed explicitly through the pipeline (no global state)."""
from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Settings", "DEFAULT_BASE", "ONTOLOGY_NS"]

#: Default base for data IRIs: ``{base}id/{type}/{key}``. Override with --base or KG_BASE_IRI.
DEFAULT_BASE = "https://w3id.org/gov-report-kg/"
#: The project ontology's namespace is fixed: the vocabulary does not move with the data.
ONTOLOGY_NS = "https://w3id.org/gov-report-kg/def/core#"


@dataclass(frozen=True)
class Settings:
    base: str = DEFAULT_BASE
    max_input_bytes: int = 20 * 1024 * 1024   # a report larger than this is refused
    query_timeout: float = 10.0

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        base = overrides.pop("base", None) or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE
        if not base.endswith(("/", "#")):
            base += "/"
        return cls(base=base, **{k: v for k, v in overrides.items() if v is not None})
