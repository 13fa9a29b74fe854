"""Property-based tests: reader → extractors → resolver over arbitrary and mutated text.

No exception but InputError escapes, and every span quotes ``Document.text`` exactly.
"""
from __future__ import annotations

import pathlib

import pytest
from hypothesis import HealthCheck, example, given, settings as hsettings, strategies as st

from kg.errors import InputError
from kg.extract import extract_all
from kg.model import HonourDetail, ProgramDetail, Span
from kg.reader import read_text
from kg.resolve import resolve

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPORT_TEXT = (ROOT / "data" / "reports"
               / "lucheng-justice-bureau-2020-law-based-government-report.txt").read_text(encoding="utf-8")

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters the rules react to: suffixes, measure words, markers, award verbs, digits, brackets.
GENRE_ALPHABET = list(
    "一二三四五六七八九十百千万亿是、。，,；：:！？（）()《》“”\"【】0123456789.%％余约近不足以上"
    "司法所局中心室站队委员会政府区县市省镇乡街道社区村获评荣获授予被评为申报争创力争先进集体示范单位"
    "件人次名元万亿个家起场期项部长主任同志开展办理调解法律援助条例办法规定试点工作点\n \u3000\u00a0")


def check_mentions(doc, mentions) -> None:
    """Every mention and detail span is a valid range of ``doc.text`` and quotes it."""
    n = len(doc.text)
    for m in mentions:
        assert 0 <= m.span.start <= m.span.end <= n, m
        assert doc.text[m.span.start:m.span.end] == m.text, m
        assert m.text, m
        d = m.detail
        spans: list[Span | None] = []
        if isinstance(d, HonourDetail):
            spans = [d.recipient, d.honour, d.conferrer]
        elif isinstance(d, ProgramDetail):
            spans = [d.place]
        for sp in spans:
            if sp is not None:
                assert 0 <= sp.start <= sp.end <= n, (m, sp)


def run_pipeline(text: str) -> None:
    """Reads, extracts and resolves ``text``; checks spans; InputError is the only allowed refusal."""
    try:
        doc = read_text(text, "prop.txt")
    except InputError as e:
        assert "\n" not in str(e) and str(e).startswith("[E1")
        return
    mentions = extract_all(doc)
    check_mentions(doc, mentions)
    res = resolve(doc, mentions)
    assert res.document is doc
    for e in res.entities:
        assert e.key.isascii() and e.label
        check_mentions(doc, e.mentions)
    check_mentions(doc, [o.mention for o in res.observations])
    check_mentions(doc, [c.mention for c in res.conferrals])
    check_mentions(doc, [a.mention for a in res.applications])
    check_mentions(doc, [p.mention for p in res.posts])
    keys = [o.key for o in res.observations] + [c.key for c in res.conferrals]
    assert len(keys) == len(set(keys))


@hsettings(max_examples=150, **SETTINGS)
@given(st.text(max_size=300))
@example("")
@example("\x00\ufffd")
@example("司法所")
@example("获评")
@example("1.6亿元")
@example("《》")
@example("１２３件，：")
def test_pipeline_survives_arbitrary_unicode(text):
    run_pipeline(text)


@hsettings(max_examples=200, **SETTINGS)
@given(st.text(alphabet=st.sampled_from(GENRE_ALPHABET), max_size=400))
@example("某区司法所获评全国先进集体。")
@example("共办理案件１２３件，同比增长５％。")
@example("（一）是")
@example("获评")
def test_pipeline_survives_genre_like_text(text):
    run_pipeline(text)


@st.composite
def mutated_report(draw):
    """The bundled report with random deletions and insertions (from the genre alphabet or any)."""
    text = REPORT_TEXT
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            piece = draw(st.one_of(st.text(alphabet=st.sampled_from(GENRE_ALPHABET), min_size=1, max_size=12),
                                   st.text(min_size=1, max_size=6)))
            text = text[:at] + piece + text[at:]
    return text


@hsettings(max_examples=40, **SETTINGS)
@given(mutated_report())
def test_pipeline_survives_mutated_report(text):
    run_pipeline(text)


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_report_still_reads(cut):
    """A report cut off mid-way (a partial download) is read, and its spans still quote the text."""
    text = REPORT_TEXT[:int(len(REPORT_TEXT) * cut)]
    doc = read_text(text, "cut.txt")
    mentions = extract_all(doc)
    check_mentions(doc, mentions)
    assert mentions, "the first tenth of the report already names organizations"
    resolve(doc, mentions)
