"""The command line: every command documented, helpful, and failing in one clear line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import make_parser

REPO = Path(__file__).resolve().parent.parent


def kg(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def commands():
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_the_contracted_commands_exist():
    assert {"build", "query", "viz"} <= set(commands())


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_and_is_in_the_readme(command):
    r = kg(command, "--help")
    assert r.returncode == 0, r.stderr
    assert "usage: kg " + command in r.stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"kg {command}" in readme, f"`kg {command}` is not documented in README.md"


def one_line_error(r, code):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert lines[0].startswith("kg: error: [E")
    return lines[0]


def test_missing_input_is_one_line_error(tmp_path):
    line = one_line_error(kg("build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")), 2)
    assert "nope.txt" in line


def test_query_without_a_build_says_to_build_first(tmp_path):
    line = one_line_error(kg("query", "awards", "--data", str(tmp_path)), 2)
    assert "kg build" in line


def test_unknown_query_name_lists_the_named_ones(built):
    line = one_line_error(kg("query", "no-such-query", "--data", str(built[1])), 2)
    assert "awards" in line and "statistics" in line


def test_bad_sparql_gives_line_and_column(built):
    line = one_line_error(kg("query", "SELECT ?x WHERE { ?x ?y }", "--data", str(built[1])), 2)
    assert "line 1" in line and "column" in line


def test_build_prints_counts_and_query_answers(tmp_path, bundled_report):
    out = tmp_path / "b"
    r = kg("build", str(bundled_report), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "statistic" in r.stdout and "51" in r.stdout
    assert str(out / "graph.ttl") in r.stdout
    q = kg("query", "awards", "--data", str(out))
    assert q.returncode == 0
    assert "全国法律援助先进集体" in q.stdout
    csv_out = kg("query", "statistics", "--data", str(out), "--format", "csv")
    assert csv_out.stdout.startswith("observation,value,unit,normalized")
    assert "3013.69,万元,30136900,CNY" in csv_out.stdout


def test_query_reads_stdin_and_rq_files(built, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/ns/org#Post> }", encoding="utf-8")
    r = kg("query", str(rq), "--data", str(built[1]), "--format", "tsv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1].startswith("2")
    r2 = subprocess.run([sys.executable, "-m", "kg", "query", "-", "--data", str(built[1]), "--format", "csv"],
                        input=rq.read_text(encoding="utf-8"), capture_output=True, text=True, cwd=REPO)
    assert r2.stdout.splitlines() == ["n", "2"]


def test_viz_writes_the_page(built, tmp_path):
    out = tmp_path / "page.html"
    r = kg("viz", "--data", str(built[1]), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
