"""Shared fixtures: the bundled report and one build of it per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"


@pytest.fixture(scope="session")
def bundled_report() -> Path:
    return BUNDLED


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Returns (summary, out_dir) of one `kg build` of the bundled report."""
    import kg

    out = tmp_path_factory.mktemp("build")
    summary = kg.build([str(BUNDLED)], out)
    return summary, out
