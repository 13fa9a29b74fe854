"""Tests for kg.reader: real values from the bundled report and small genre fixtures."""
from __future__ import annotations

import codecs
import html
import pathlib
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from kg.errors import InputError
from kg.htmltext import html_page
from kg.reader import (decode_bytes, html_to_text, iter_report_paths, normalize_text, read_document, read_text,
                       unwrap_hard_wraps)
from kg.settings import Settings

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "lucheng-justice-bureau-2020-law-based-government-report.txt"
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "reader"
NUMBERED_TXT = FIXTURES / "numbered-subsections.txt"
NUMBERED_HTML = FIXTURES / "numbered-subsections.html"
WRITTEN = pathlib.Path(__file__).resolve().parent / "reports"
BEITANG = WRITTEN / "beitang-district-government-2021-web-page.html"
YUNXI = WRITTEN / "yunxi-district-justice-2022-report-to-committee.txt"

LEVEL1_HEADINGS = [
    "严格依法依规决策,深化法治鹿城建设",
    "创新执法监督机制,规范执法司法流程",
    "强化律师法律服务,护航“两区”创建",
    "增强矛盾化解实效,打造司法前沿阵地",
    "着眼长效监管机制,完善特殊人群管理",
    "优化公共法律服务,推进民生领域改革",
    "精准普法彰显特色,依法治理水平显著提升",
]
# Counted by hand in the bundled report: 一是/二是/三是 in each of the seven parts (section 6's
# 二是 follows an ASCII comma: "…7539人次,二是成立…").
MEASURES_PER_SECTION = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}


@pytest.fixture(scope="module")
def doc():
    return read_document(REPORT)


def quoted(d, span):
    return d.text[span.start:span.end]


def assert_spans_quote(d):
    """Every span of ``d`` is a valid range; parts nest inside the body."""
    n = len(d.text)
    spans = [d.body] + [s.heading for s in d.sections] + [s.span for s in d.sections]
    spans += [m.span for m in d.measures] + [s.span for s in d.sentences]
    spans += [x for x in (d.title, d.header.span) if x]
    for sp in spans:
        assert 0 <= sp.start <= sp.end <= n
    for part in [s.span for s in d.sections] + [m.span for m in d.measures] + [s.span for s in d.sentences]:
        assert d.body.contains(part)
        text = quoted(d, part)
        assert text and text == text.strip()
    if d.addressee:  # the body's first line, in no section
        assert d.body.contains(d.addressee) and quoted(d, d.addressee) == quoted(d, d.addressee).strip()
        assert d.section_at(d.addressee.start) is None
    if d.signatory:  # after the body
        assert d.signatory.start >= d.body.end and quoted(d, d.signatory) == quoted(d, d.signatory).strip()


def structure(d):
    """The document's content as text: body, title, header values, sections, measures, sentences."""
    return {
        "body": quoted(d, d.body),
        "title": d.title_text,
        "year": d.year,
        "header": (d.header.index_number, d.header.category, d.header.publisher, d.header.created,
                   d.header.disclosure),
        "sections": [(s.position, s.level, s.number, quoted(d, s.heading), quoted(d, s.span)) for s in d.sections],
        "measures": [(m.section, m.position, m.marker, quoted(d, m.span)) for m in d.measures],
        "sentences": [quoted(d, s.span) for s in d.sentences],
    }


# ------------------------------------------------------------------ the bundled report

def test_header_fields_of_bundled_report(doc):
    h = doc.header
    assert h.index_number == "001008003001009/2021-31287"
    assert h.category == "计划总结"
    assert h.publisher == "区司法局"
    assert h.created == "2021-02-23"
    assert h.disclosure == "主动公开"
    assert quoted(doc, h.span) == ("索引号 001008003001009/2021-31287\n组配分类 计划总结 发布机构 区司法局\n"
                                   "生成日期 2021-02-23 公开方式 主动公开")


def test_title_year_format_and_hash(doc):
    assert doc.title_text == "鹿城区司法局2020年法治政府建设年度报告"
    assert doc.year == 2020
    assert (doc.source_format, doc.encoding) == ("txt", "utf-8")
    assert doc.sha256 == __import__("hashlib").sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.text == REPORT.read_text(encoding="utf-8")  # already NFC, LF, no trailing spaces


def test_body_runs_from_after_title_to_before_chrome(doc):
    body = quoted(doc, doc.body)
    assert body.startswith("2020年,鹿城区司法局坚持以习近平新时代中国特色社会主义思想为指导")
    assert body.endswith("切实把好“关键少数”的法治考察关。")
    chrome = doc.text.index("【返回顶部】")
    assert chrome >= doc.body.end
    assert all("返回顶部" not in quoted(doc, s.span) for s in doc.sentences)
    assert doc.sentence_at(chrome) is None and doc.section_at(chrome) is None


def test_seven_level_one_sections_with_headings(doc):
    assert [quoted(doc, s.heading) for s in doc.sections] == LEVEL1_HEADINGS
    assert [s.number for s in doc.sections] == list("一二三四五六七")
    assert {s.level for s in doc.sections} == {1}
    assert [s.position for s in doc.sections] == list(range(1, 8))
    assert quoted(doc, doc.sections[0].span).startswith("一、严格依法依规决策")
    assert quoted(doc, doc.sections[0].span).endswith("实现了行政诉讼案件发案量和败诉率双下降。")
    assert doc.sections[-1].span.end == doc.body.end


def test_measures_per_section_counted_by_hand(doc):
    counts = {}
    for m in doc.measures:
        counts[m.section] = counts.get(m.section, 0) + 1
    assert counts == MEASURES_PER_SECTION
    assert [m.marker for m in doc.measures] == ["一是", "二是", "三是"] * 7
    assert [m.position for m in doc.measures] == [1, 2, 3] * 7
    for m in doc.measures:
        assert doc.section_at(m.span.start).position == m.section
        assert quoted(doc, m.span).startswith(m.marker)


def test_measure_after_ascii_comma_counts(doc):
    sixth = [m for m in doc.measures if m.section == 6]
    assert quoted(doc, sixth[0].span).endswith("共接待来电来访7539人次,")
    assert quoted(doc, sixth[1].span).startswith("二是成立退役军人法律援助工作站。")
    assert quoted(doc, sixth[2].span).endswith("协同率为100%。")


def test_sentences_split_at_terminators_and_headings_are_sentences(doc):
    texts = [quoted(doc, s.span) for s in doc.sentences]
    assert len(texts) == 68
    assert texts[2] == "鹿城区法律援助中心荣获全国法律援助先进集体。"
    assert "一、严格依法依规决策,深化法治鹿城建设。" in texts
    assert texts[-1] == "对55名新任区管领导干部进行任前法律知识考试,以考选人、以学促廉,切实把好“关键少数”的法治考察关。"
    assert [s.position for s in doc.sentences] == list(range(1, 69))


def test_every_span_quotes_the_text(doc):
    assert_spans_quote(doc)


# ------------------------------------------------------------------ encodings and HTML

@pytest.mark.parametrize("encoding, expected_name", [
    ("gbk", "gbk"), ("gb18030", "gbk"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"),
    ("utf-16-be-bom", "utf-16"),
])
def test_other_encodings_give_the_same_document(doc, tmp_path, encoding, expected_name):
    text = REPORT.read_text(encoding="utf-8")
    if encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(data)
    other = read_document(path)
    assert other.encoding == expected_name
    assert other.text == doc.text and other.sha256 == doc.sha256
    assert structure(other) == structure(doc)


def test_gb18030_only_characters_fall_back_to_gb18030():
    text, name = decode_bytes("报告：€ 法治政府建设年度报告".encode("gb18030") * 3, "x.txt")
    assert (text, name) == ("报告：€ 法治政府建设年度报告" * 3, "gb18030")


def test_crlf_and_fullwidth_digits_are_normalised(doc):
    raw = REPORT.read_text(encoding="utf-8").replace("\n", "\r\n").replace("44.48%", "４４．４８％")
    other = read_text(raw, "crlf.txt")
    assert other.text == doc.text
    assert normalize_text("Ａｂ１２\u00a0，。") == "Ab12 ，。"
    assert unicodedata.is_normalized("NFC", normalize_text("e\u0301 Ｅ\u0301"))


def gov_page(report_text: str) -> str:
    """Wrap a plain report in a saved government page: breadcrumb, header table, scripts, footer."""
    header, title, *rest = [b for b in report_text.split("\n\n") if b.strip()]
    rest = [b for b in rest if "返回顶部" not in b]
    rows = "".join(f"<tr><td>{html.escape(k)}：</td><td>{html.escape(v)}</td></tr>\n"
                   for line in header.splitlines() for k, v in zip(line.split()[::2], line.split()[1::2]))
    paras = "\n".join("<p>" + html.escape(p.strip()).replace("“", "&ldquo;").replace("”", "&#8221;")
                      + "</p>" for p in rest)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title.strip())}</title>
<script>var a = "一、不是章节。一是不是措施";</script><style>p {{ margin: 0 }}</style></head>
<body>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 部门文件</div>
<table>{rows}</table>
<h2>{html.escape(title.strip())}</h2>
<div id="zoom">
{paras}
</div>
<div>【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</div>
<div class="foot"><p>主办单位：某区人民政府办公室</p><p>版权所有 &copy; 某区人民政府 浙ICP备12345678号</p></div>
<script>document.write("统计");</script>
</body></html>"""


def test_saved_government_page_gives_the_same_content(doc, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(gov_page(REPORT.read_text(encoding="utf-8")), encoding="utf-8")
    other = read_document(page)
    assert other.source_format == "html"
    assert structure(other) == structure(doc)
    assert "统计" not in other.text and "不是章节" not in other.text and "&ldquo;" not in other.text
    assert other.text.index("打印本页") >= other.body.end
    assert other.text.index("当前位置") < other.header.span.start
    assert_spans_quote(other)


def test_gbk_page_without_html_suffix_is_detected(doc, tmp_path):
    page = tmp_path / "saved.txt"
    page.write_bytes(gov_page(REPORT.read_text(encoding="utf-8")).replace("utf-8", "gbk").encode("gbk"))
    other = read_document(page)
    assert (other.source_format, other.encoding) == ("html", "gbk")
    assert structure(other) == structure(doc)


def test_html_to_text_drops_script_style_head_nav():
    page = ("<html><head><title>标题</title><style>x{}</style></head><body><nav>导航</nav>"
            "<script>if (a < b) { x(); }</script><p>第一段&amp;内容</p><div>第二<b>段</b></div>"
            "<table><tr><td>索引号：</td><td>1</td></tr></table></body></html>")
    assert html_to_text(page) == "第一段&内容\n\n第二段\n\n索引号： 1"


# ------------------------------------------------------------------ other numbering styles

@pytest.fixture(scope="module")
def numbered():
    return read_document(NUMBERED_TXT)


def test_report_numbered_with_paren_and_digit_styles(numbered):
    d = numbered
    assert d.title_text == "某县司法局关于2021年度法治政府建设工作情况的报告"
    assert d.year == 2021
    assert (d.header.index_number, d.header.category, d.header.publisher, d.header.created,
            d.header.disclosure) == ("11330000/2022-00123", "综合政务", "某县司法局", "2022-01-15", "主动公开")
    assert quoted(d, d.body).startswith("区委、区政府：\n")
    assert quoted(d, d.sentences[0].span) == "区委、区政府："
    assert [(s.level, s.number, quoted(d, s.heading)) for s in d.sections] == [
        (2, "（一）", "加强组织领导"), (3, "1.", "完善工作机制"), (3, "2.", "压实主体责任"),
        (2, "（二）", "推进依法行政"), (3, "1、", "规范行政执法"), (4, "（1）", "严格执法程序"),
        (4, "（2）", "公开执法信息"), (3, "2、", "化解行政争议"), (2, "（三）", "存在问题和下步打算"),
    ]
    assert quoted(d, d.sections[0].span).endswith("考核结果作为评优依据。")
    assert quoted(d, d.sections[4].span).endswith("执法结果按时公示。")
    assert [(m.section, m.position, quoted(d, m.span)) for m in d.measures] == [
        (2, 1, "一是成立领导小组；"), (2, 2, "二是制定年度计划。"),
        (5, 1, "一是抽查案卷86卷，"), (5, 2, "二是组织培训3期。"),
    ]
    assert "全年开展执法检查12次，一是抽查案卷86卷，二是组织培训3期。" in [quoted(d, s.span) for s in d.sentences]
    # the signature is not body: the body ends with the last paragraph
    assert quoted(d, d.body).endswith("下一步，我们将继续加强队伍建设。")
    assert (quoted(d, d.addressee), quoted(d, d.signatory), d.signed) == ("区委、区政府", "某县司法局", "2022-01-15")
    assert_spans_quote(d)


def test_numbered_page_matches_numbered_text(numbered):
    page = read_document(NUMBERED_HTML)
    assert page.source_format == "html"
    assert structure(page) == structure(numbered)
    assert "主办单位" in page.text[page.body.end:]


def test_report_with_only_paren_numbering_has_sections():
    d = read_text("某局2021年工作总结\n\n（一）抓学习。一是读原文。二是谈体会。\n\n（二）抓落实。成效明显。\n\n（四）不连续的编号。")
    assert [(s.level, quoted(d, s.heading)) for s in d.sections] == [(2, "抓学习"), (2, "抓落实")]
    assert [(m.section, m.marker) for m in d.measures] == [(1, "一是"), (1, "二是")]
    only_digits = read_text("工作总结\n\n1.第一项。内容\n2.第二项。内容")
    assert [(s.level, s.number, quoted(only_digits, s.heading)) for s in only_digits.sections] == [
        (3, "1.", "第一项"), (3, "2.", "第二项")]


def test_marker_inside_a_word_is_not_a_measure():
    d = read_text("总结\n\n一、概况。\n\n坚持统一是原则。唯一是目标，一是抓好。")
    assert [quoted(d, m.span) for m in d.measures] == ["一是抓好。"]


@pytest.mark.parametrize("line, created", [
    ("发布日期：2021年2月3日", "2021-02-03"), ("成文日期: 2021/2/23", "2021-02-23"),
    ("生成日期 2021-12-01", "2021-12-01"), ("发布日期：2021年2月30日", None),
])
def test_created_date_forms(line, created):
    d = read_text(f"{line}\n\n某局工作总结\n\n内容。")
    assert d.header.created == created
    assert d.title_text == "某局工作总结"


def test_year_falls_back_to_created_minus_one():
    d = read_text("发布日期：2022-03-01 来源：某局\n\n年度工作总结\n\n一、概况。今年成效明显。")
    assert (d.header.publisher, d.year) == ("某局", 2021)


# ------------------------------------------------------------------ refusing bad input

def assert_one_line_naming(err: InputError, name: str):
    message = str(err)
    assert "\n" not in message and name in message and message.startswith("[E100]")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty-report.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as e:
        read_document(path)
    assert_one_line_naming(e.value, "empty-report.txt")
    assert "empty" in str(e.value)


def test_whitespace_only_file_is_refused(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\u3000\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_document(path)
    assert_one_line_naming(e.value, "blank.txt")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    bytes(range(1, 256)) * 8,
])
def test_binary_file_is_refused(tmp_path, data):
    path = tmp_path / "picture.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_document(path)
    assert_one_line_naming(e.value, "picture.txt")
    assert "binary" in str(e.value)


def test_missing_path_and_folder_are_refused(tmp_path):
    with pytest.raises(InputError) as e:
        read_document(tmp_path / "no-such-report.txt")
    assert_one_line_naming(e.value, "no-such-report.txt")
    with pytest.raises(InputError) as e:
        read_document(tmp_path)
    assert_one_line_naming(e.value, tmp_path.name)


def test_too_large_file_is_refused(tmp_path):
    path = tmp_path / "big-report.txt"
    path.write_bytes(REPORT.read_bytes())
    with pytest.raises(InputError) as e:
        read_document(path, Settings(max_input_bytes=1000))
    assert_one_line_naming(e.value, "big-report.txt")
    assert "1000" in str(e.value)
    assert read_document(path, Settings(max_input_bytes=len(REPORT.read_bytes()))).year == 2020


def test_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("报告", encoding="utf-8")

    def deny(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(pathlib.Path, "open", deny)
    with pytest.raises(InputError) as e:
        read_document(path)
    assert_one_line_naming(e.value, "locked.txt")
    assert "permission" in str(e.value)


def test_bad_bom_is_refused():
    with pytest.raises(InputError) as e:
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfa", "bom.txt")
    assert_one_line_naming(e.value, "bom.txt")


# ------------------------------------------------------------------ folders

def test_iter_report_paths_walks_folders_sorted(tmp_path):
    for rel in ["b.txt", "a/z.html", "a/y.HTM", ".hidden.txt", ".git/x.txt", "README.txt", "c.pdf", "notes.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    extra = tmp_path / "c.pdf"
    assert iter_report_paths([tmp_path, extra]) == sorted(
        [tmp_path / "a" / "y.HTM", tmp_path / "a" / "z.html", tmp_path / "b.txt", extra])
    assert iter_report_paths([REPORT, REPORT]) == [REPORT]


def test_iter_report_paths_refuses_missing_and_empty(tmp_path):
    with pytest.raises(InputError) as e:
        iter_report_paths([tmp_path / "nowhere"])
    assert_one_line_naming(e.value, "nowhere")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.csv").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as e:
        iter_report_paths([tmp_path / "empty"])
    assert_one_line_naming(e.value, "empty")


# ------------------------------------------------------------------ property

REPORTISH = st.text(alphabet=st.sampled_from(list(
    "一二三四五六七八九十是、。，,；：:！？（）()1234567890.【】返回顶部打印本页索引号发布机构生成日期报告总结情况"
    "区委政府局特此年月日〇-"
    "\n\n\n \u3000\u00a0\r\tＡ１．％\u0301é")), max_size=300)


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), REPORTISH))
def test_read_text_never_raises_but_input_error_and_spans_are_valid(text):
    try:
        d = read_text(text)
    except InputError as e:
        assert "\n" not in str(e)
        return
    assert unicodedata.is_normalized("NFC", d.text)
    assert_spans_quote(d)
    positions = [s.position for s in d.sentences]
    assert positions == list(range(1, len(positions) + 1))
    for m in d.measures:
        section = next(s for s in d.sections if s.position == m.section)
        assert section.span.contains(m.span)


# ------------------------------------------------------------------ same facts from every form of a report

def facts(path_or_doc):
    """The facts the pipeline finds: entities (kind, label) and statistics (indicator, value, unit)."""
    from kg.pipeline import process_document

    d = path_or_doc if hasattr(path_or_doc, "text") else read_document(path_or_doc)
    res = process_document(d)
    for m in [m for e in res.entities for m in e.mentions] + [o.mention for o in res.observations]:
        assert d.text[m.span.start:m.span.end] == m.text
    return {
        "entities": sorted((e.kind.value, e.label) for e in res.entities),
        "statistics": sorted((o.detail.indicator, str(o.detail.normalized), o.detail.normalized_unit.value,
                              o.mention.text) for o in res.observations),
        "conferrals": sorted((c.honour, c.level.value) for c in res.conferrals),
    }


@pytest.fixture(scope="module")
def report_facts(doc):
    found = facts(doc)
    assert len(found["entities"]) >= 30 and len(found["statistics"]) >= 30
    assert ("organization", "鹿城区法律援助中心") in found["entities"]
    return found


def test_html_page_gives_the_same_facts_as_the_text(report_facts, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(gov_page(REPORT.read_text(encoding="utf-8")), encoding="utf-8")
    assert facts(page) == report_facts


def test_traditional_chinese_in_big5_is_read_as_simplified_with_the_same_facts(doc, report_facts, tmp_path):
    zhconv = pytest.importorskip("zhconv", reason="zhconv is a dependency of kg; install the package")
    traditional = zhconv.convert(REPORT.read_text(encoding="utf-8"), "zh-hant").replace("爲", "為")  # Big5's form
    assert "鹿城區司法局" in traditional and len(traditional) == len(doc.text)
    path = tmp_path / "traditional.txt"
    path.write_bytes(traditional.encode("big5hkscs"))  # Big5 lacks 着 羣 衆; the HK extension has them
    other = read_document(path)
    assert (other.encoding, other.script, doc.script) == ("big5hkscs", "zh-Hant", "zh-Hans")
    assert other.text == doc.text  # converted one character for one character
    assert facts(other) == report_facts


def test_taiwan_phrasing_keeps_offsets_when_phrases_change_length():
    zhconv = pytest.importorskip("zhconv", reason="zhconv is a dependency of kg; install the package")
    text = zhconv.convert(REPORT.read_text(encoding="utf-8"), "zh-tw")  # phrase variants: 資訊 for 信息 …
    d = read_text(text, "tw.txt")
    assert d.script == "zh-Hant"
    assert len(d.text) == len(normalize_text(text))
    assert d.title_text == "鹿城区司法局2020年法治政府建设年度报告"
    assert_spans_quote(d)


def test_fullwidth_digits_nbsp_and_zero_width_give_the_same_facts(doc, report_facts):
    text = REPORT.read_text(encoding="utf-8")
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isdigit() else c for c in text)
    wide = wide.replace("%", "％").replace(" ", "\u00a0").replace("司法所", "司\u200b法所")
    assert wide != text
    other = read_text(wide, "wide.txt")
    assert other.text == doc.text
    assert facts(other) == report_facts


def test_utf16_without_bom_is_detected_from_the_bytes(doc, tmp_path):
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"report.{codec}.txt"
        path.write_bytes(REPORT.read_text(encoding="utf-8").encode(codec))
        other = read_document(path)
        assert (other.encoding, other.text) == (codec, doc.text)


def test_text_without_chinese_is_not_a_report(tmp_path):
    path = tmp_path / "english.txt"
    path.write_text("Annual report on law-based government.\n\n1. Overview. 2020: 12 cases.\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_document(path)
    assert_one_line_naming(e.value, "english.txt")
    assert "no Chinese text" in str(e.value)


# ------------------------------------------------------------------ title of a saved page

def test_page_title_is_the_reports_not_the_sites_top_bar():
    d = read_document(BEITANG)
    assert d.title_text == "北塘区人民政府2021年度法治政府建设工作情况报告"
    assert d.text.index("首页 | 无障碍 | English") < d.header.span.start
    assert quoted(d, d.body).startswith("2021年，北塘区人民政府坚持以习近平新时代中国特色社会主义思想为指导")
    assert (d.header.publisher, d.header.created, d.year) == ("北塘区人民政府", "2022-03-15", 2021)
    assert_spans_quote(d)


def test_page_title_candidates_come_from_headings_then_the_title_element():
    titles = html_page(BEITANG.read_text(encoding="utf-8")).titles
    assert titles[:3] == ("北塘区人民政府2021年度法治政府建设工作情况报告", "政务公开", "溪山市北塘区人民政府门户网站")
    assert html_page(NUMBERED_HTML.read_text(encoding="utf-8")).titles == (
        "某县司法局关于2021年度法治政府建设工作情况的报告", "某县人民政府",
        "某县司法局关于2021年度法治政府建设工作情况的报告_某县人民政府")


def test_flattened_page_read_as_text_finds_the_title_between_header_lines():
    # 发布时间/来源 printed under the title is a header line: the title sits between header lines
    d = read_text(html_to_text(BEITANG.read_text(encoding="utf-8")), "flat.txt")
    assert d.title_text == "北塘区人民政府2021年度法治政府建设工作情况报告"


PAGE = """<html><head><title>{title}</title></head><body>
<div class="top">首页 | 无障碍</div>{head}
<p>　　2021年，我局扎实推进法治政府建设，全年办理行政复议案件15件。现将有关情况报告如下。</p>
<p>一、主要工作</p><p>一是完善制度。二是加强培训。</p></body></html>"""


@pytest.mark.parametrize("title, head, expected", [
    # the heading wins over a cued line above it (the column's name)
    ("某局2021年法治政府建设情况报告_某市政府网",
     "<div class='column'>所属专题：年度报告</div><h1>某局2021年法治政府建设情况报告</h1>",
     "某局2021年法治政府建设情况报告"),
    # a logo in <h1> has no cue: the cued class="art-title" element wins over the column's name
    ("某市政府网", "<h1>某市人民政府门户网站</h1><div class='column'>工作报告</div>"
     "<div class='art-title'>某局2021年工作总结</div>", "某局2021年工作总结"),
    # no heading: the <title> element without the site name, found as a line of the page
    ("某局2021年工作总结 - 某市人民政府", "<p><strong>某局2021年工作总结</strong></p>", "某局2021年工作总结"),
    # the title inside a longer line: the title's own span
    ("某局2021年工作总结|某市人民政府", "<p>某局2021年工作总结 发布人：办公室</p>", "某局2021年工作总结"),
])
def test_page_title_from_html_structure(title, head, expected):
    page = PAGE.format(title=title, head=head)
    d = read_text(page, "page.html", source_format="html")
    assert d.title_text == expected
    if "column" in head:  # the flattened text alone takes the column's name: the structure decides
        assert read_text(html_to_text(page), "flat.txt").title_text != expected
    assert d.year == 2021 and [m.marker for m in d.measures] == ["一是", "二是"]
    assert_spans_quote(d)


def test_traditional_page_title_is_matched_after_conversion():
    page = PAGE.format(title="某局2021年法治政府建設情況報告_某市政府網",
                       head="<div class='column'>所屬專題：年度報告</div><h1>某局2021年法治政府建設情況報告</h1>")
    zhconv = pytest.importorskip("zhconv", reason="zhconv is a dependency of kg; install the package")
    d = read_text(zhconv.convert(page, "zh-hant"), "hant.html", source_format="html")
    assert (d.script, d.title_text) == ("zh-Hant", "某局2021年法治政府建设情况报告")


# ------------------------------------------------------------------ addressee

def test_report_to_committee_has_addressee_and_signature():
    d = read_document(YUNXI)
    assert d.title_text == "云溪区司法局关于2022年度法治政府建设情况的报告"
    assert quoted(d, d.addressee) == "区委、区政府"
    assert quoted(d, d.sentences[0].span) == "区委、区政府："          # kept as a sentence of the body
    assert d.sections[0].span.start > d.addressee.end
    assert (quoted(d, d.signatory), d.signed) == ("云溪区司法局", "2023-01-12")
    assert quoted(d, d.body).endswith("每个村（社区）培养法律明白人不少于3名。")
    assert d.text.index("特此报告。") >= d.body.end
    sentences = [quoted(d, s.span) for s in d.sentences]
    assert "特此报告。" not in sentences and not any("2023年1月12日" in s for s in sentences)
    assert quoted(d, d.sections[-1].span).endswith("每个村（社区）培养法律明白人不少于3名。")
    assert_spans_quote(d)


@pytest.mark.parametrize("line, addressee", [
    ("区委、区政府：", "区委、区政府"), ("市人民政府：", "市人民政府"), ("省司法厅:", "省司法厅"),
    ("区委依法治区办：", "区委依法治区办"), ("市委 、市政府：", "市委 、市政府"),
    ("现将有关情况报告如下：", None), ("主要做法：", None), ("各位领导：", None), ("区委、区政府", None),
    ("2021年，区司法局：", None),
])
def test_addressee_is_a_list_of_bodies_with_a_colon(line, addressee):
    for d in (read_text(f"某局2021年工作总结\n\n{line}\n　　2021年，我局扎实推进法治建设。\n\n一、概况。内容。"),
              read_text(f"<h1>某局2021年工作总结</h1><p>{line}</p><p>2021年，我局扎实推进法治建设。</p>"
                        "<p>一、概况。内容。</p>", "a.html", source_format="html")):
        assert (quoted(d, d.addressee) if d.addressee else None) == addressee
        assert d.title_text == "某局2021年工作总结"
        assert_spans_quote(d)


def test_addressee_only_on_the_first_line_of_the_body():
    d = read_text("某局2021年工作总结\n\n2021年，我局扎实推进法治建设。\n\n区委、区政府：\n一、概况。内容。")
    assert d.addressee is None


# ------------------------------------------------------------------ signature

@pytest.mark.parametrize("tail, signatory, signed, body_ends", [
    ("特此报告。\n\n某区司法局\n2023年1月12日", "某区司法局", "2023-01-12", "不少于3名。"),
    ("某县司法局 2022年1月15日", "某县司法局", "2022-01-15", "不少于3名。"),
    ("某区人民政府\n二〇二三年一月十二日", "某区人民政府", "2023-01-12", "不少于3名。"),
    ("中共某区委员会\n某区人民政府\n2023年2月1日", "中共某区委员会\n某区人民政府", "2023-02-01", "不少于3名。"),
    ("2023-01-12", None, "2023-01-12", "不少于3名。"),
    ("特此报告。", None, None, "不少于3名。"),
    ("以上报告，请审阅。\n\n某区司法局", "某区司法局", None, "不少于3名。"),
    # not a signature: a name with neither date nor formula, a date that does not exist
    ("某区司法局", None, None, "某区司法局"),
    ("某区司法局\n2023年2月30日", None, None, "2023年2月30日"),
])
def test_signature_block_is_read_and_left_out_of_the_body(tail, signatory, signed, body_ends):
    text = f"某区司法局2022年工作总结\n\n一、工作打算\n\n培养法律明白人不少于3名。\n\n{tail}"
    html_tail = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in tail.split("\n\n"))
    page = ("<h1>某区司法局2022年工作总结</h1><p>一、工作打算</p><p>培养法律明白人不少于3名。</p>"
            f"{html_tail}<div>【打印本页】【关闭窗口】</div>")
    for d in (read_text(text), read_text(page, "s.html", source_format="html")):
        assert (quoted(d, d.signatory) if d.signatory else None, d.signed) == (signatory, signed)
        assert quoted(d, d.body).endswith(body_ends)
        assert quoted(d, d.sections[-1].span).endswith(body_ends)
        assert_spans_quote(d)


def test_page_signature_sits_between_body_and_chrome():
    d = read_document(BEITANG)
    assert (quoted(d, d.signatory), d.signed) == ("北塘区人民政府", "2022-03-15")
    assert quoted(d, d.body).endswith("推动全区行政诉讼败诉率控制在5%以内。")
    assert d.signatory.end < d.text.index("【打印本页】")


def test_bundled_report_has_neither_addressee_nor_signature(doc):
    assert (doc.addressee, doc.signatory, doc.signed) == (None, None, None)


def test_year_falls_back_to_the_signature_date():
    d = read_text("年度工作总结\n\n一、概况。成效明显。\n\n某局\n2022年1月5日")
    assert (d.signed, d.year) == ("2022-01-05", 2021)


# ---------------------------------------------------------------- text converted from a PDF (round 10)

WRAPPED = "\n".join([
    "某市住房和城乡建设局2022年度法治政府建设情况报告", "",
    "市委全面依法治市委员会办公室：",
    "2022年，某市住房和城乡建设局在市委、市政府的坚强领导和",
    "市委全面依法治市委员会办公室的指导下，深入学习贯彻习近平",
    "法治思想，全面落实法治政府建设实施纲要，依法行政水平持续",
    "提高。现将有关情况报告如下：",
    "一、坚持党的领导，压实法治建设责任",
    "（一）落实第一责任人职责。局党组书记、局长王某认真履行推",
    "进法治建设第一责任人职责，全年主持召开局党组会议专题研究",
    "法治工作6次，调整充实局法治政府建设工作领导小组，制定年度",
    "任务清单28项。市住房公积金管理中心全年归集住房公积金",
    "38.6亿元，发放个人住房贷款4,217笔、金额15.9亿元，全年受理",
    "投诉112件，办结率达到100%，群众满意率98.5%，较上年提高",
    "", "— 1 —", "", "某市住房和城乡建设局2022年度法治政府建设情况报告", "",
    "1.2个百分点。组织执法人员培训5期，培训干部职工640人次，调解员3",
    "名全程参与。", "二、严格规范公正文明执法",
    "全年办理行政处罚案件73件，罚没款412万元，拆除违法建筑45处。",
])


def test_hard_wrapped_text_is_joined_and_page_chrome_dropped():
    text = unwrap_hard_wraps(WRAPPED)
    lines = text.split("\n")
    assert lines[:4] == ["某市住房和城乡建设局2022年度法治政府建设情况报告", "", "市委全面依法治市委员会办公室：",
                         "2022年，某市住房和城乡建设局在市委、市政府的坚强领导和市委全面依法治市委员会办公室的指导下，"
                         "深入学习贯彻习近平法治思想，全面落实法治政府建设实施纲要，依法行政水平持续提高。现将有关情况报告如下："]
    assert lines[4] == "一、坚持党的领导，压实法治建设责任"
    assert "住房公积金38.6亿元" in text and "较上年提高1.2个百分点" in text and "调解员3名全程参与" in text
    assert "— 1 —" not in text and text.count("情况报告") == 1 + text.count("现将有关情况报告")
    assert lines[-2:] == ["二、严格规范公正文明执法", "全年办理行政处罚案件73件，罚没款412万元，拆除违法建筑45处。"]


def test_text_that_is_not_hard_wrapped_is_left_as_it_is():
    report = (ROOT / "data" / "reports").glob("*.txt")
    for path in report:
        text = normalize_text(path.read_text(encoding="utf-8"))
        assert unwrap_hard_wraps(text) == text
    for path in (ROOT / "tests" / "reports").glob("*.txt"):
        text = normalize_text(path.read_text(encoding="utf-8"))
        if "pdf-wrapped" not in path.name:
            assert unwrap_hard_wraps(text) == text, path
