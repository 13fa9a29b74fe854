"""The network page in a real browser: headless Chromium, from file://, with the network off."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_viz import ATTACK, sample_graph  # noqa: E402

from kg.viz import to_networkx, write_page  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test.sh installs it)")


def chromium(url: str, *args: str, budget_ms: int = 5000) -> str:
    """Returns the DOM headless Chromium holds after running ``url`` (or "" with ``--screenshot``)."""
    if not any(a.startswith("--screenshot") for a in args):
        args = (*args, "--dump-dom")
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",  # any network load fails
               f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
               "--window-size=1400,900", "--hide-scrollbars", *args, url]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def body_data(dom: str) -> dict[str, str]:
    """Returns the data-* attributes the page sets on <body> (its markers)."""
    tag = re.search(r"<body([^>]*)>", dom).group(1)
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag))


def panel_text(dom: str) -> str:
    return re.search(r'<section id="panel">(.*?)</section>', dom, re.S).group(1)


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("build")
    build(["data/reports"] if Path("data/reports").is_dir() else
          [str(Path(__file__).resolve().parents[1] / "data" / "reports")], out)
    return out / "network.html"


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> Path:
    return write_page(sample_graph(attack=True), tmp_path_factory.mktemp("page") / "p.html", "测试 <b>title</b>")


def _page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', text, re.S).group(1))


def test_bundled_report_draws_offline_fast_and_search_finds_an_office(bundled_page):
    dom = chromium(bundled_page.as_uri() + "#search=" + quote("丰门"))
    marks = body_data(dom)
    data = _page_data(bundled_page)
    assert marks["drawn"] == "1"
    assert int(marks["nodes"]) == len(data["nodes"]) >= 30
    assert int(marks["shown"]) == len(data["nodes"])
    assert int(marks["draw-ms"]) < 2000
    results = re.search(r'<ol id="results"[^>]*>(.*?)</ol>', dom, re.S).group(1)
    assert "丰门司法所" in results
    assert int(marks["search-hits"]) == results.count("<li>") >= 2


def test_search_by_pinyin_without_tones_and_by_english(bundled_page):
    pinyin = body_data(chromium(bundled_page.as_uri() + "#search=fengmen"))
    english = chromium(bundled_page.as_uri() + "#search=" + quote("Judicial Office"))
    assert int(pinyin["search-hits"]) >= 2
    assert int(body_data(english)["search-hits"]) >= 3
    assert "司法所" in re.search(r'<ol id="results"[^>]*>(.*?)</ol>', english, re.S).group(1)


def test_injected_markup_shows_as_text_and_never_runs(sample_page):
    dom = chromium(sample_page.as_uri() + "#search=" + quote("__pwned"))
    marks = body_data(dom)
    assert marks["drawn"] == "1" and marks["search-hits"] == "1"
    assert "pwned" not in marks
    assert "<img" not in dom                 # no element was made from the label
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=" in panel_text(dom)
    assert "<h1 id=\"title\">测试 &lt;b&gt;title&lt;/b&gt;</h1>" in dom


def test_focus_shows_the_neighbourhood_and_labels_switch_language(sample_page):
    G = to_networkx(sample_graph(attack=True))
    office = next(n for n, a in G.nodes(data=True) if a["label"] == "丰门司法所")
    near = {office} | set(G.successors(office)) | set(G.predecessors(office))
    dom = chromium(sample_page.as_uri() + f"#hops=1&lang=en&node={quote(office, safe='')}")
    marks = body_data(dom)
    assert int(marks["shown"]) == len(near) == 4   # itself, its bureau, its honour, its mediator
    assert "<h2>Fengmen Judicial Office</h2>" in panel_text(dom)
    assert "<mark>丰门司法所</mark>荣获" in panel_text(dom)   # the source sentence, with the span marked


def test_screenshot_of_the_bundled_report(bundled_page, tmp_path):
    shot = Path(os.environ.get("KG_SCREENSHOT_DIR", tmp_path)) / "network.png"
    chromium(bundled_page.as_uri() + "#search=" + quote("丰门司法所"), f"--screenshot={shot}")
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1400, 900)
    assert len(png) > 40_000   # a drawn graph, not a blank page
