"""Competency questions: the named queries a researcher asks, answered on the bundled report."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.query import named_queries, run_query

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"
ORIGINAL = {"awards", "laws", "offices", "organizations", "people", "places", "programs", "report",
            "statistics"}
NEW = ["applications", "approximate_figures", "honours_per_level", "indicator_by_area_year", "laws_per_section", "money",
       "percentages", "pilots", "programme_kinds", "rules", "section_statistics", "sections", "sentence_facts",
       "unit_honours", "units_and_places"]


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("competency-build")
    build([str(REPORT)], out, page=False)
    return out


def _rows(build_dir, name, *columns):
    result = run_query(name, build_dir)
    idx = [result.variables.index(c) for c in columns]
    return [tuple(row[i] for i in idx) for row in result.rows]


def test_at_least_ten_new_queries_with_headers_are_shipped():
    queries = named_queries()
    assert ORIGINAL <= set(queries)
    assert sorted(set(queries) - ORIGINAL) == NEW
    for name in NEW:
        q = queries[name]
        head = q.text.splitlines()[:3]
        assert head[0] == f"# title: {name}"
        assert head[1].startswith("# question-zh: ") and q.question_zh
        assert head[2].startswith("# question-en: ") and q.question_en.endswith("?")


def test_kg_query_list_shows_every_new_query(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in NEW:
        assert name in out
        assert named_queries()[name].question_en in out


def test_unit_honours_are_the_provincial_honours_of_the_bureaus_judicial_offices(build_dir):
    rows = _rows(build_dir, "unit_honours", "unit_label", "honour", "bureau")
    assert ("丰门司法所", "全省首批“枫桥式”司法所", "鹿城区司法局") in rows
    assert ("五马司法所", "“枫桥式”司法所", "鹿城区司法局") in rows
    assert {r[2] for r in rows} == {"鹿城区司法局"}
    assert "鹿城区法律援助中心" not in {r[0] for r in rows}  # a national honour, not provincial


def test_pilots_name_the_four_dimension_model_in_yangyi(build_dir):
    rows = _rows(build_dir, "pilots", "label", "place_label", "place_level")
    assert ("基层法治“四维”治理新模式", "仰义街道", "subdistrict") in rows


def test_section_statistics_of_section_two_in_document_order(build_dir):
    rows = _rows(build_dir, "section_statistics", "section_number", "value", "measure_word", "normalized")
    assert {r[0] for r in rows} == {"二"}
    assert [r[1] for r in rows][:4] == ["10", "14", "212", "300"]
    assert ("二", "19429", "件", "19429") in rows


def test_units_and_places_list_the_bureaus_judicial_offices(build_dir):
    rows = _rows(build_dir, "units_and_places", "unit_label", "kind", "bureau", "place_label")
    units = {r[0] for r in rows}
    assert {"丰门司法所", "五马司法所", "七都司法所", "广化司法所", "藤桥司法所"} <= units
    assert {r[2] for r in rows} == {"鹿城区司法局"}
    places = {r[0]: r[3] for r in rows}
    assert places["丰门司法所"] == "丰门街道" and places["藤桥司法所"] == "藤桥镇"


def test_sentence_facts_of_sentence_four_hold_both_conferrals(build_dir):
    rows = _rows(build_dir, "sentence_facts", "sentence_text", "type", "label", "quote")
    assert {r[0] for r in rows} == {"鹿城区司法局荣获全省“枫桥式”司法所建设成绩突出集体,丰门司法所荣获全省首批“枫桥式”司法所称号。"}
    types = [r[1] for r in rows]
    assert types.count("HonourConferral") == 2
    assert ("丰门司法所" in {r[2] for r in rows}) and ("鹿城区司法局" in {r[2] for r in rows})


def test_honours_per_level_count_received_and_applied(build_dir):
    rows = {r[0]: (int(r[1]), int(r[2])) for r in _rows(build_dir, "honours_per_level", "level", "received", "applied")}
    assert rows["national"][0] == 1          # 全国法律援助先进集体
    assert rows["provincial"][0] >= 4
    assert sum(a for _, a in rows.values()) == 3


def test_money_is_converted_to_yuan(build_dir):
    rows = _rows(build_dir, "money", "value", "measure_word", "yuan", "qualifier")
    assert ("3013.69", "万元", "30136900", "") in [(a, b, c, d or "") for a, b, c, d in rows]
    assert ("600", "万", "6000000", "more-than") in rows
    assert ("1.6", "亿元", "160000000", None) in rows or ("1.6", "亿元", "160000000", "") in rows


def test_percentages(build_dir):
    rows = _rows(build_dir, "percentages", "value", "indicator")
    assert ("44.48", "纠错率") in rows and ("99.93", "调解成功率") in rows


def test_approximate_figures_carry_their_qualifier(build_dir):
    rows = _rows(build_dir, "approximate_figures", "value", "measure_word", "qualifier")
    assert ("600", "万", "more-than") in rows
    assert all(r[2] for r in rows)


def test_sections_with_measure_and_statistic_counts(build_dir):
    rows = _rows(build_dir, "sections", "position", "number", "heading", "measures", "statistics")
    assert [r[1] for r in rows] == ["一", "二", "三", "四", "五", "六", "七"]
    assert rows[0][2] == "严格依法依规决策,深化法治鹿城建设"
    assert all(int(r[3]) == 3 for r in rows)
    assert int(rows[1][4]) == 7  # section 二: 10, 14, 212, 300, 216, 84, 19429


def test_applications_are_not_conferrals(build_dir):
    rows = _rows(build_dir, "applications", "applicant", "honour", "level")
    assert ("丁桥社区", "国家级民主法治示范社区", "national") in rows
    assert len(rows) == 3
    awarded = {r[0] for r in _rows(build_dir, "awards", "award")}
    assert not awarded & {r[1] for r in rows}


def test_laws_per_section(build_dir):
    rows = _rows(build_dir, "laws_per_section", "position", "title", "mentions")
    assert ("5", "中华人民共和国社区矫正法", "1") in rows


def test_rules_count_the_selections_of_every_extraction_rule(build_dir):
    rows = {r[0]: int(r[1]) for r in _rows(build_dir, "rules", "rule", "selections")}
    assert rows["report.section.v1"] == 7
    assert rows["report.measure.v1"] == 21
    assert all(name.rsplit(".", 1)[-1].startswith("v") for name in rows)


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("competency-two")
    build([str(REPORT), str(REPO / "tests" / "reports" / "yunxi-district-justice-2022-report-to-committee.txt")], out, page=False)
    return out


def test_offsets_are_compared_within_one_report_only(two_reports, build_dir):
    """Every report has a sentence 4 and sections: a fact belongs to the sentence or section of
    its own report, never to one of another report whose offsets happen to enclose it."""
    rows = _rows(two_reports, "sentence_facts", "sentence_text", "quote")
    assert rows and all(quote in sentence for sentence, quote in rows)
    laws = _rows(two_reports, "laws_per_section", "heading", "title", "mentions")
    alone = _rows(build_dir, "laws_per_section", "heading", "title", "mentions")  # the bundled report alone
    headings = {r[0] for r in alone}
    assert alone and {r for r in laws if r[0] in headings} == set(alone)  # no law of the other report


def test_programme_kinds_count_each_kind_per_report(build_dir):
    rows = {r[0]: int(r[1]) for r in _rows(build_dir, "programme_kinds", "kind", "programmes")}
    assert rows == {"other": 5, "system": 3, "campaign": 2, "model": 1, "pilot": 1, "project": 1, "reform": 1}
