"""The query page of `kg serve` in a real browser: it runs a named query and shows the rows."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile

import pytest

from conftest import running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test.sh installs it)")


@pytest.fixture(scope="module")
def served(built):
    with running_server(built[1], timeout=10.0, max_rows=1000, workers=1) as url:
        yield url


def dom_of(url: str) -> str:
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        run = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=8000", "--dump-dom", url],
            capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_a_shared_link_runs_the_awards_query_and_shows_its_rows(served):
    dom = dom_of(f"{served}/#run=awards")
    status = re.search(r'<span id="status"[^>]*>(.*?)</span>', dom, re.S).group(1)
    assert re.match(r"7 行 rows", status), status
    table = re.search(r'<div id="results">(.*?)</div>', dom, re.S).group(1)
    assert "<th>recipient</th>" in table
    assert "全国法律援助先进集体" in table and "鹿城区法律援助中心" in table
    assert table.count("<tr>") == 8  # header + seven conferrals
