"""Where the package finds its bundled files (ontology, queries, rules, reference data, viz)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .errors import ConfigError

__all__ = ["resource_path", "load_yaml", "PACKAGE_DIR", "REPO_DIR"]

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
# libyaml's loader builds the same values ten times faster; its errors carry the same line and column
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def resource_path(*parts: str) -> Path:
    """Returns the path of a bundled file: inside the package (``kg/_bundled``) or the source tree."""
    for root in (PACKAGE_DIR / "_bundled", REPO_DIR):
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return REPO_DIR.joinpath(*parts)


@lru_cache(maxsize=None)
def load_yaml(path: Path) -> object:
    """Returns the parsed YAML at ``path``; a syntax error names the file and line."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found; reinstall the package or restore the file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{where}: {problem}; fix the YAML syntax there") from None
