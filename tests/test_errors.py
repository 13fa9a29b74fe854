"""Bad input through the command line: one line naming the file, a documented exit code, no
traceback, and the outputs of the previous build left as they were."""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import threading
import tracemalloc

import pytest

from kg import cli
from kg.errors import EXIT_PARTIAL, EXIT_USAGE, InputError
from kg.reader import read_document
from kg.settings import Settings

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
MB = 1024 * 1024


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    """A finished build of the bundled report: (out dir, {file name: bytes}, store link target)."""
    out = tmp_path_factory.mktemp("previous") / "out"
    assert cli.main(["build", str(REPORT), "--out", str(out)]) == 0
    snapshot = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.is_symlink()}
    return out, snapshot, os.readlink(out / "store")


def assert_untouched(previous_build) -> None:
    out, snapshot, target = previous_build
    now = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.is_symlink()}
    assert now == snapshot
    assert os.readlink(out / "store") == target


def run(argv, capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, *names: str, code: str = "[E1") -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"kg: error: {code}"), err
    for name in names:
        assert name in lines[0], (name, err)


# ------------------------------------------------------------------ one bad input, alone

def _empty(tmp):
    (tmp / "empty-report.txt").write_bytes(b"")
    return tmp / "empty-report.txt", "is empty"


def _binary(tmp):
    (tmp / "scan.txt").write_bytes(PNG)
    return tmp / "scan.txt", "binary"


def _english(tmp):
    (tmp / "minutes.txt").write_text("Minutes of the meeting.\n\nNothing to report.\n" * 20, encoding="utf-8")
    return tmp / "minutes.txt", "no Chinese text"


def _huge(tmp):
    path = tmp / "huge-report.txt"
    with open(path, "wb") as f:  # sparse: 200 MB on paper, no blocks on disk
        f.truncate(200 * MB)
    return path, "over the"


def _no_reports(tmp):
    (tmp / "folder").mkdir()
    (tmp / "folder" / "table.csv").write_text("a,b\n", encoding="utf-8")
    (tmp / "folder" / "README.txt").write_text("说明", encoding="utf-8")
    return tmp / "folder", "no report files"


def _missing(tmp):
    return tmp / "no-such-report.txt", "no such file"


@pytest.mark.parametrize("make", [_empty, _binary, _english, _huge, _no_reports, _missing],
                         ids=["empty", "binary", "no-chinese", "200MB", "folder-without-reports", "missing"])
def test_bad_input_gives_one_line_exit_2_and_keeps_outputs(make, tmp_path, capsys, previous_build):
    path, says = make(tmp_path)
    out = previous_build[0]
    code, stdout, err = run(["build", str(path), "--out", str(out)], capsys)
    assert code == EXIT_USAGE
    assert_one_line_error(err, path.name, says)
    assert_untouched(previous_build)


def test_unreadable_file_gives_one_line_exit_2(tmp_path, capsys, monkeypatch, previous_build):
    path = tmp_path / "locked.txt"
    path.write_bytes(REPORT.read_bytes())
    real_open = pathlib.Path.open

    def deny(self, *args, **kwargs):  # chmod 000 does not stop root: simulate the refusal
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", deny)
    code, _, err = run(["build", str(path), "--out", str(previous_build[0])], capsys)
    assert code == EXIT_USAGE
    assert_one_line_error(err, "locked.txt", "permission denied")
    assert_untouched(previous_build)


def test_200_megabytes_are_refused_before_reading(tmp_path):
    path, _ = _huge(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as e:
            read_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"is {200 * MB} bytes, over the {Settings().max_input_bytes}-byte limit" in str(e.value)
    assert peak < 1 * MB


def test_endless_stream_is_read_with_bounded_memory(tmp_path):
    """A pipe has no size to check: reading stops at the limit, whatever the writer sends."""
    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)
    chunk = ("一、法治政府建设情况。全年办理案件123件。\n" * 4000).encode("utf-8")

    def write_200mb():
        try:
            with open(fifo, "wb") as f:
                for _ in range(200 * MB // len(chunk)):
                    f.write(chunk)
        except BrokenPipeError:
            pass  # the reader stopped, as it should

    writer = threading.Thread(target=write_200mb, daemon=True)
    writer.start()
    limit = 4 * MB
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as e:
            read_document(fifo, Settings(max_input_bytes=limit))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert f"stream.txt is over the {limit}-byte limit" in str(e.value)
    assert peak < 3 * limit


def test_device_is_refused_as_not_a_file(capsys, tmp_path):
    code, _, err = run(["build", "/dev/null", "--out", str(tmp_path / "out")], capsys)
    assert code == EXIT_USAGE
    assert_one_line_error(err, "/dev/null", "neither a file nor a folder")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ a corpus with bad reports

def test_corpus_build_skips_bad_reports_and_exits_3(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / "a-good.txt")
    (corpus / "b-empty.txt").write_bytes(b"")
    (corpus / "c-scan.html").write_bytes(PNG)
    (corpus / "d-minutes.txt").write_text("Minutes of the meeting.\n" * 10, encoding="utf-8")
    text = REPORT.read_text(encoding="utf-8")
    (corpus / "e-buggy.txt").write_text(text.replace("。", "；", 1), encoding="utf-8")

    import kg.pipeline

    real = kg.pipeline.process_document

    def buggy(doc):  # a bug that shows on one report only must not sink the corpus
        if doc.path.endswith("e-buggy.txt"):
            raise ZeroDivisionError("division by zero")
        return real(doc)

    monkeypatch.setattr(kg.pipeline, "process_document", buggy)
    out = tmp_path / "out"
    code, stdout, err = run(["build", str(corpus), "--out", str(out)], capsys)
    assert code == EXIT_PARTIAL
    assert "Traceback" not in stdout + err
    assert stdout.startswith("built 1 report(s) into")
    failed = [line.strip() for line in stdout.splitlines() if line.strip().startswith("FAILED")]
    assert [line.split()[1] for line in failed] == [
        f"{corpus / name}:" for name in ("b-empty.txt", "c-scan.html", "d-minutes.txt", "e-buggy.txt")]
    assert "is empty" in failed[0] and "binary" in failed[1] and "no Chinese text" in failed[2]
    assert "[E999] internal error (ZeroDivisionError: division by zero); please report it" in failed[3]
    assert stdout.rstrip().endswith("4 report(s) failed and were skipped; "
                                    "fix or remove them and build again (exit status 3)")
    from rdflib import Graph

    assert len(Graph().parse(out / "graph.ttl", format="turtle")) > 1000
    code, rows, _ = run(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Report> }",
                         "--data", str(out), "--format", "csv"], capsys)
    assert (code, rows.split()) == (0, ["n", "1"])


def test_corpus_where_every_report_fails_is_one_error(tmp_path, capsys, previous_build):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"")
    (corpus / "b.txt").write_bytes(PNG)
    code, _, err = run(["build", str(corpus), "--out", str(previous_build[0])], capsys)
    assert code == EXIT_USAGE
    assert_one_line_error(err, "nothing was built, 2 of 2 report(s) failed", "a.txt is empty", code="[E101]")
    assert_untouched(previous_build)


# ------------------------------------------------------------------ malformed configuration

@pytest.fixture()
def package_copy(tmp_path):
    """A copy of the kg package whose rule files a test may break; run with PYTHONPATH=root."""
    root = tmp_path / "pkg"
    shutil.copytree(ROOT / "kg", root / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def break_yaml(path: pathlib.Path, key: str) -> int:
    """Makes the line starting with ``key`` invalid YAML; returns its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(key))
    lines[number] = lines[number] + ": oops: [not valid"
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize("rules_file, key", [("structure.yaml", "title_max_chars"),
                                             ("entities.yaml", next(
                                                 line.split(":")[0] for line in
                                                 (ROOT / "kg" / "rules" / "entities.yaml")
                                                 .read_text(encoding="utf-8").splitlines()
                                                 if line[:1].isalpha()))])
def test_broken_rules_file_names_file_and_line(package_copy, rules_file, key, tmp_path, previous_build):
    broken = package_copy / "kg" / "rules" / rules_file
    line = break_yaml(broken, key)
    env = {**os.environ, "PYTHONPATH": str(package_copy)}
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(REPORT), "--out", str(previous_build[0])],
                          cwd=package_copy, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == EXIT_USAGE, proc.stderr
    assert_one_line_error(proc.stderr, f"{broken}:{line}:", "fix the YAML syntax there", code="[E300]")
    assert proc.stdout == ""
    assert_untouched(previous_build)
