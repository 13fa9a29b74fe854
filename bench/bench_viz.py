"""Prints how long the network page takes to render (Python) and to draw (headless Chromium).

Usage: python bench/bench_viz.py [NODES ...]      (default: 1000 2000)

A synthetic corpus graph: reports with sections, organizations in a unit-of tree, places in a
contained-in tree, people, laws, programmes and honours, each mentioned in a section, with facts
and source sentences in the panel data. "draw" is the page's own figure: milliseconds from the
first <script> in <head> to vis-network's first afterDrawing event (it includes parsing the
inlined vis-network and the data), read from <body data-draw-ms> via --dump-dom. Medians of 3.
"""
from __future__ import annotations

import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.viz import layout, render_page  # noqa: E402

KINDS = ["organization"] * 30 + ["place"] * 25 + ["programme"] * 20 + ["honour"] * 10 + ["law"] * 10 + \
    ["person"] * 5


def synthetic(n: int, seed: int = 1):
    """Returns a MultiDiGraph shaped like kg.viz.to_networkx output, with ``n`` nodes."""
    import networkx as nx

    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    G.graph["sentences"] = [f"第{i}句：某区某所开展某项工作，办理案件若干件。" for i in range(n)]
    reports = max(1, n // 150)
    sections = []
    for r in range(reports):
        rep = f"https://example.org/id/report/{r:04d}"
        G.add_node(rep, kind="report", label=f"报告{r}", label_en=f"Report {r}", label_pinyin=f"Bàogào {r}")
        for s in range(7):
            sec = f"https://example.org/id/section/{r:04d}-{s + 1}"
            G.add_node(sec, kind="section", label=f"第{s + 1}部分 工作情况", label_en=f"§{s + 1}",
                       label_pinyin=f"§{s + 1}", position=s + 1)
            G.add_edge(rep, sec, label="has part")
            sections.append(sec)
    by_kind: dict[str, list[str]] = {}
    while len(G) < n:
        kind = rnd.choice(KINDS)
        i = len(G)
        node = f"https://example.org/id/{kind}/{i:05d}"
        G.add_node(node, kind=kind, label=f"某某{kind[:3]}{i}所", label_en=f"{kind} {i}", label_pinyin=f"Mǒu {i}")
        sec = rnd.choice(sections)
        G.add_edge(node, sec, label="in section")
        same = by_kind.setdefault(kind, [])
        if same and kind in ("organization", "place"):
            G.add_edge(node, rnd.choice(same), label="unit of" if kind == "organization" else "in")
        if kind == "honour" and by_kind.get("organization"):
            G.add_edge(rnd.choice(by_kind["organization"]), node, label="received")
        same.append(node)
    for node in G:
        q = [rnd.randrange(n), 3, 6]
        G.nodes[node]["details"] = {"sections": [], "facts": [], "stats": [], "sources": [q], "more_sources": 0}
    return G


def chromium_draw_ms(page: Path) -> int:
    exe = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--disable-background-networking", "--proxy-server=127.0.0.1:9",
                              f"--user-data-dir={profile}", "--virtual-time-budget=20000",
                              "--window-size=1400,900", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=300).stdout
    body = re.search(r"<body([^>]*)>", out).group(1)
    if 'data-drawn="1"' not in body:
        raise SystemExit(f"{page}: the page did not draw")
    return int(re.search(r'data-draw-ms="(\d+)"', body).group(1))


def main(sizes: list[int]) -> None:
    print(f"{'nodes':>6} {'edges':>6} {'layout s':>9} {'render s':>9} {'page KB':>8} {'draw ms':>8}")
    for n in sizes:
        G = synthetic(n)
        lay, ren, draws = [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "p.html"
            for _ in range(3):
                t = time.perf_counter()
                layout(G)
                lay.append(time.perf_counter() - t)
                t = time.perf_counter()
                text = render_page(G, "bench")
                ren.append(time.perf_counter() - t)
                page.write_text(text, encoding="utf-8")
                if shutil.which("chromium"):
                    draws.append(chromium_draw_ms(page))
            size = page.stat().st_size // 1024
        draw = f"{statistics.median(draws):>8.0f}" if draws else "   (none)"
        print(f"{G.number_of_nodes():>6} {G.number_of_edges():>6} {statistics.median(lay):>9.2f} "
              f"{statistics.median(ren):>9.2f} {size:>8} {draw}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 2000])
