"""Statistics in a report: figures with measure words (308件, 12.5%, 2468.35万元, 1:20) as Mentions.

The mechanism is here; the measure words, qualifiers, cues and the lists that decide what is
*not* a statistic are in ``kg/rules/statistics.yaml`` (its header documents every policy).
:func:`find` only reads ``doc.text``, ``doc.body`` and ``doc.year``.

Rule names (provenance): ``statistic.count.v1`` (Unit.NUM), ``statistic.percent.v1``,
``statistic.money.v1`` (Unit.CNY) and ``statistic.ratio.v1`` (Unit.RATIO).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..errors import ConfigError
from ..model import Document, Mention, MentionKind, Qualifier, Span, StatisticDetail, Unit
from ..numbers import CHINESE_NUMERAL_CHARS, apply_multiplier, parse_number, plain_decimal
from ..resources import load_yaml, resource_path

__all__ = ["RULE_COUNT", "RULE_PERCENT", "RULE_MONEY", "RULE_RATIO", "StatisticRules",
           "load_rules", "find"]

RULE_COUNT = "statistic.count.v1"
RULE_PERCENT = "statistic.percent.v1"
RULE_MONEY = "statistic.money.v1"
RULE_RATIO = "statistic.ratio.v1"

_RULES_PATH = resource_path("kg", "rules", "statistics.yaml")
_UNIT_CLASSES = {"count": Unit.NUM, "percent": Unit.PERCENT, "percent_point": Unit.PERCENT,
                 "money": Unit.CNY}
_RULE_FOR_UNIT = {Unit.NUM: RULE_COUNT, Unit.PERCENT: RULE_PERCENT, Unit.CNY: RULE_MONEY,
                  Unit.RATIO: RULE_RATIO}
_ARABIC = r"[0-9０-９]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9０-９]+(?:\.[0-9０-９]+)?"
_YEAR_WILL = re.compile(r"([0-9]{4})年(?:[，,][\u4e00-\u9fff]{1,8})?将")   # 2023年将, 2023年，我局将
_YEAR = re.compile(r"(?<![0-9])([12][0-9]{3})年")


@dataclass(frozen=True)
class StatisticRules:
    """The compiled contents of ``kg/rules/statistics.yaml``."""

    pattern: re.Pattern[str]          # qualifier? figure 余? multiplier? 余? measure-word? post?
    ratio: re.Pattern[str]
    unit_class: dict[str, Unit]       # measure word → normalised unit
    not_units: frozenset[str]
    not_qualifier_words: tuple[str, ...]
    before: dict[str, Qualifier]
    between: dict[str, Qualifier]
    after: dict[str, Qualifier]
    money_cues: tuple[str, ...]
    count_cues: tuple[str, ...]
    future_markers: tuple[str, ...]
    header_labels: tuple[str, ...]
    quote_pairs: tuple[tuple[str, str], ...]
    clause_breaks: str
    ratio_time_before: tuple[str, ...]
    ratio_time_after: tuple[str, ...]
    max_length: int
    trailing: tuple[str, ...]
    split_after: tuple[str, ...]
    leading: tuple[str, ...]
    leading_time: re.Pattern[str]
    after_stops: tuple[str, ...]
    false_cue_words: tuple[str, ...]
    threshold_before: tuple[str, ...] = ()
    bare_unit_after: tuple[str, ...] = ()
    digit_only: frozenset[str] = frozenset()
    not_future_words: tuple[str, ...] = ()
    plan_headings: tuple[str, ...] = ()
    plan_heading_not_with: tuple[str, ...] = ()
    result_columns: frozenset[str] = frozenset()   # a table's result-column headings (完成值 …)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _by_length(words) -> tuple[str, ...]:
    return tuple(sorted((str(w) for w in words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def load_rules() -> StatisticRules:
    """Returns the statistics rules, read once from ``kg/rules/statistics.yaml``."""
    raw = load_yaml(_RULES_PATH)
    try:
        unit_class = {str(w): _UNIT_CLASSES[cls] for cls, words in raw["measure_words"].items()
                      for w in words}
        quals = {pos: {str(k): Qualifier[v] for k, v in raw["qualifiers"][pos].items()}
                 for pos in ("before", "between", "after")}
        ind = raw["indicator"]
        not_units = frozenset(str(w) for w in raw["not_measure_words"])
        multipliers = [str(w) for w in raw["multipliers"]]
        between = _alternation(quals["between"])
        pattern = re.compile(
            rf"(?P<pre>{_alternation(quals['before'])})?"
            rf"(?P<figure>(?<![0-9０-９A-Za-z.．:：])(?:{_ARABIC})|[{CHINESE_NUMERAL_CHARS}]+)"
            rf"(?P<between1>{between})?(?P<mult>{_alternation(multipliers)})?(?P<between2>{between})?"
            rf"(?P<unit>{_alternation(set(unit_class) | not_units)})?"
            rf"(?P<post>{_alternation(quals['after'])})?")
        ratio = re.compile(r"(?<![0-9.])(?P<first>[0-9]+)\s?(?P<sep>[:：])\s?(?P<second>[0-9]+)(?![0-9.])")
        return StatisticRules(
            pattern=pattern, ratio=ratio, unit_class=unit_class, not_units=not_units,
            not_qualifier_words=_by_length(raw["not_qualifier_words"]),
            before=quals["before"], between=quals["between"], after=quals["after"],
            money_cues=_by_length(raw["money_cues"]), count_cues=_by_length(raw["count_cues"]),
            future_markers=_by_length(raw["future_markers"]),
            header_labels=_by_length(raw["header_labels"]),
            quote_pairs=tuple((p[0], p[1]) for p in raw["quote_pairs"]),
            clause_breaks=str(raw["clause_breaks"]),
            ratio_time_before=_by_length(raw["ratio_time_before"]),
            ratio_time_after=_by_length(raw["ratio_time_after"]),
            max_length=int(ind["max_length"]), trailing=_by_length(ind["trailing"]),
            split_after=_by_length(ind["split_after"]), leading=_by_length(ind["leading"]),
            leading_time=re.compile(ind["leading_time_pattern"]),
            after_stops=_by_length(ind["after_stops"]),
            false_cue_words=_by_length(ind["false_cue_words"]),
            threshold_before=_by_length(raw.get("threshold_before", [])),
            bare_unit_after=_by_length(raw.get("bare_unit_after", [])),
            digit_only=frozenset(str(w) for w in raw.get("digit_only_measure_words", [])),
            not_future_words=_by_length(raw.get("not_future_words", [])),
            plan_headings=_by_length(raw.get("plan_headings", [])),
            plan_heading_not_with=_by_length(raw.get("plan_heading_not_with", [])),
            result_columns=frozenset(str(w) for w in raw.get("table_result_columns", [])))
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise ConfigError(f"{_RULES_PATH}: malformed statistics rules ({exc!r}); "
                          "compare it with the layout documented in its header") from None


# ------------------------------------------------------------------------- context

@dataclass(frozen=True)
class _Candidate:
    span: Span
    figure: Span
    value_text: str
    value: Decimal
    unit_text: str
    normalized: Decimal
    unit: Unit
    qualifier: Qualifier | None
    ratio: tuple[Decimal, Decimal] | None = None
    prefer_after: bool = True


def _is_break(text: str, i: int, breaks: str) -> bool:
    ch = text[i]
    if ch not in breaks:
        return False
    if ch in ":：" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False  # 1:20 is a ratio
    return True


_CLAUSE_CLOSERS = frozenset("，,。；;！!？?）)")


def _after_counted_item(text: str, start: int, floor: int) -> bool:
    """Returns True when a counted item and 、 come right before ``start`` (十二个行政村、两个社区)."""
    return re.search(f"[0-9{CHINESE_NUMERAL_CHARS}]+[个名家件次项处所座支批户场期人][\u4e00-\u9fff]{{0,6}}、$",
                     text[max(floor, start - 14):start]) is not None


def _clause_start(text: str, pos: int, floor: int, breaks: str) -> int:
    i = pos - 1
    while i >= floor and not _is_break(text, i, breaks):
        i -= 1
    return i + 1


def _clause_end(text: str, pos: int, ceiling: int, breaks: str) -> int:
    i = pos
    while i < ceiling and not _is_break(text, i, breaks):
        i += 1
    return i


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _sentence_start(text: str, pos: int, floor: int) -> int:
    i = pos - 1
    while i >= floor and text[i] not in "。！？!?；;\n":
        i -= 1
    return i + 1


def _inside_quotes(text: str, pos: int, rules: StatisticRules) -> bool:
    line = _line_start(text, pos)
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
    for opening, closing in rules.quote_pairs:
        i = text.rfind(opening, line, pos)
        if i != -1 and text.find(closing, i + 1, pos) == -1 and text.find(closing, pos, line_end) != -1:
            return True
    return False


_CELL_SPLIT = re.compile(r"\s*[|｜]\s*")
_ROW_LABEL = re.compile(r"^(?P<label>[^（(|｜]+?)[（(](?P<unit>[^）)]+)[）)]$")
_YEAR_CELL = re.compile(r"^(?P<year>(?:19|20)[0-9]{2})年?度?$")
_NUMBER_CELL = re.compile(r"^[0-9][0-9,]*(?:\.[0-9]+)?$")
_TARGET = -1      # a table column of targets (目标值): no figures


def _table_cells(doc: Document, rules: StatisticRules, ref_year: int | None) -> list[tuple[_Candidate, str, int]]:
    """Returns the figures of a table flattened into text: a header line of years (项目 | 2021年 |
    2022年) or of target and result columns (指标 | 目标值 | 完成值), and rows "indicator（measure
    word） | figure | figure" (cells split by | or, as a saved page's table reads, by spaces). Each figure of a year or result column is a candidate with the row's
    indicator and its column's year (the report's year for a result column)."""
    text, out = doc.text, []
    years: list[int | None] | None = None
    pos = doc.body.start
    for line in text[doc.body.start:doc.body.end].split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue      # a saved page's table has blank lines between its rows
        piped = "|" in line or "｜" in line
        cells = _CELL_SPLIT.split(line.strip()) if piped else line.split()   # a page's cells: spaces
        if len(cells) < 2:
            years = None
            continue
        header = [_YEAR_CELL.match(c) for c in cells[1:]]
        if all(header):
            years = [int(h["year"]) for h in header]
            continue
        if any(c in rules.result_columns for c in cells[1:]) and not _NUMBER_CELL.match(cells[-1]):
            # 指标 | 目标值 | 完成值: only the result columns are figures (of the report's year); a
            # target column gives none
            years = [ref_year if c in rules.result_columns else _TARGET for c in cells[1:]]
            continue
        row = _ROW_LABEL.match(cells[0])
        if years is None or row is None or len(cells) - 1 != len(years):
            continue
        unit_text = row["unit"].strip()
        mult = next((m for m in ("万亿", "亿", "万", "千") if unit_text.startswith(m)
                     and unit_text[len(m):] in rules.unit_class), "")
        measure = unit_text[len(mult):]
        if measure not in rules.unit_class:
            continue
        cursor = start + len(line) - len(line.lstrip()) + len(cells[0])
        for cell, year in zip(cells[1:], years):
            at = text.find(cell, cursor, pos - 1)
            cursor = at + len(cell)
            if at < 0 or year == _TARGET or not _NUMBER_CELL.match(cell):
                continue     # a target column (a table says by its columns what is a result: a table in
                #              an annex after the plans holds results all the same)
            value = parse_number(cell)
            cls = rules.unit_class[measure]
            normalized = value if cls is Unit.PERCENT else apply_multiplier(value, mult)
            span = Span(at, at + len(cell))
            out.append((_Candidate(span=span, figure=span, value_text=cell, value=value, unit_text=unit_text,
                                   normalized=normalized, unit=cls, qualifier=None),
                        row["label"].strip(), year))
    return out


def _reference_year(doc: Document) -> int | None:
    if doc.year is not None:
        return doc.year
    # years of targets (2021年将…) do not say which year the report covers
    counts = Counter(int(m[1]) for m in _YEAR.finditer(doc.text, doc.body.start, doc.body.end)
                     if doc.text[m.end():m.end() + 1] != "将")
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _in_plan_section(doc: Document, start: int, rules: StatisticRules) -> bool:
    """True when a section holding ``start`` is headed as a plan (三、某年工作打算)."""
    for s in doc.sections:
        if s.span.start <= start < s.span.end:
            heading = s.heading.quote(doc.text)
            if any(w in heading for w in rules.plan_headings) \
                    and not any(w in heading for w in rules.plan_heading_not_with):
                return True
    return False


def _is_future(doc: Document, start: int, ref_year: int | None, rules: StatisticRules) -> bool:
    before = doc.text[_sentence_start(doc.text, start, doc.body.start):start]
    for word in rules.not_future_words:
        before = before.replace(word, "\0" * len(word))
    if _in_plan_section(doc, start, rules):
        return True
    if any(marker in before for marker in rules.future_markers):
        return True
    if any(ref_year is None or int(y) > ref_year for y in _YEAR_WILL.findall(before)):
        return True
    # a paragraph opening 2023年，我局将… is a plan to its end (its clauses after ；)
    opening = _YEAR_WILL.match(doc.text, _line_start(doc.text, start), start)
    return opening is not None and ref_year is not None and int(opening[1]) > ref_year


def _skipped(doc: Document, start: int, figure_start: int, ref_year: int | None,
             rules: StatisticRules) -> bool:
    """True when the figure is an ordinal, a name, page chrome, header, or a target."""
    text = doc.text
    if figure_start > 0 and text[figure_start - 1] == "第":
        return True
    line = text[_line_start(text, start):start].lstrip()
    if line.startswith(rules.header_labels):
        return True
    return _inside_quotes(text, figure_start, rules) or _is_future(doc, start, ref_year, rules)


# ---------------------------------------------------------------------- candidates

def _measure_candidate(doc: Document, m: re.Match[str], rules: StatisticRules) -> _Candidate | None:
    text = doc.text
    figure, mult, unit = m["figure"], m["mult"] or "", m["unit"] or ""
    fig_start, fig_end = m.start("figure"), m.end("figure")
    if figure[0] in CHINESE_NUMERAL_CHARS and not mult:
        for tail in ("万亿", "亿", "万"):  # 二十万人: the trailing 万 is the multiplier
            if figure.endswith(tail) and len(figure) > len(tail):
                figure, mult, fig_end = figure[:-len(tail)], tail, fig_end - len(tail)
                break
    if unit in rules.not_units:
        return None
    post = m["post"] or ""
    if post in ("以上", "以下") and text[m.end():m.end() + 1] == "的":
        return None  # 5人以上的群体: a threshold
    if not unit and not mult:
        return None  # a figure without a measure word: a year, a name, a code
    if unit in rules.digit_only and figure[0] in CHINESE_NUMERAL_CHARS:
        return None  # 十分重要: an adverb, not ten points
    if text[max(0, fig_start - 4):fig_start].endswith(rules.threshold_before):
        return None  # 不少于5名: a requirement, not a result
    bare = figure in ("百", "千") and text[max(0, fig_start - 1):fig_start] in rules.bare_unit_after
    try:
        value = parse_number("一" + figure if bare else figure)  # 近百件: a bare 百 is one hundred
    except ValueError:
        return None
    chinese = figure[0] in CHINESE_NUMERAL_CHARS
    start = m.start("pre") if m["pre"] else fig_start
    if chinese and not mult and value < 10:
        before = text[max(doc.body.start, start - 4):start]
        if not (before.endswith(rules.count_cues) or text[m.end():m.end() + 1] in _CLAUSE_CLOSERS
                or _after_counted_item(text, start, doc.body.start)):
            return None  # 三项制度, 一人一档: a phrase, not a count (but 研究…七次。 and
            #              下辖十二个村、两个社区 are counts)
    pre = m["pre"] or ""
    if pre and any(text.startswith(w, i) for w in rules.not_qualifier_words
                   for i in range(max(0, start - len(w) + 1), start)):
        pre = ""  # 最近3个 / 合约3件: the character belongs to the word before
    qualifier = (rules.before.get(pre) or rules.between.get(m["between1"] or "")
                 or rules.between.get(m["between2"] or "") or rules.after.get(post))
    if not pre:
        start = fig_start
    end = m.end()
    if unit:
        cls = rules.unit_class[unit]
    else:  # a bare multiplier: money when the clause speaks of money
        clause = text[_clause_start(text, fig_start, doc.body.start, rules.clause_breaks):fig_start]
        cls = Unit.CNY if any(cue in clause for cue in rules.money_cues) else Unit.NUM
    normalized = value if cls is Unit.PERCENT else apply_multiplier(value, mult)
    return _Candidate(span=Span(start, end), figure=Span(fig_start, fig_end), value_text=figure,
                      value=value, unit_text=mult + unit, normalized=plain_decimal(normalized),
                      unit=cls, qualifier=qualifier, prefer_after=cls is not Unit.PERCENT)


def _ratio_candidate(doc: Document, m: re.Match[str], rules: StatisticRules) -> _Candidate | None:
    text = doc.text
    before = text[max(0, m.start() - 4):m.start()]
    after = text[m.end():m.end() + 2]
    if any(w in before for w in rules.ratio_time_before) or after.startswith(rules.ratio_time_after):
        return None
    if any(len(t) > 1 and t.startswith("0") for t in (m["first"], m["second"])):
        return None  # 9:05, 16:00 — a clock time
    first, second = parse_number(m["first"]), parse_number(m["second"])
    if first == 0:
        return None
    derived = plain_decimal(second / first)
    return _Candidate(span=Span(m.start(), m.end()), figure=Span(m.start(), m.end()),
                      value_text=m.group(0), value=derived, unit_text=m["sep"],
                      normalized=derived, unit=Unit.RATIO, qualifier=None,
                      ratio=(first, second))


# ----------------------------------------------------------------------- indicator

def _mask(phrase: str, rules: StatisticRules) -> str:
    """Returns ``phrase`` with every false cue word (公共, 有效 …) blanked, same length."""
    for word in rules.false_cue_words:
        phrase = phrase.replace(word, "\0" * len(word))
    return phrase


def _trim(phrase: str, rules: StatisticRules) -> str:
    """Returns the phrase before a figure reduced to what was counted (policy: YAML header)."""
    phrase = phrase.strip(" 、\u3000")
    changed = True
    while changed and phrase:
        changed, masked = False, _mask(phrase, rules)
        for word in rules.trailing:
            if masked.endswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[:-len(word)], True
                break
    masked = _mask(phrase, rules)
    cut = max((masked.rfind(w) + len(w) for w in rules.split_after if w in masked), default=0)
    if cut < len(phrase):
        phrase = phrase[cut:]
    if "的" in phrase[:-1]:
        phrase = phrase[phrase.rindex("的") + 1:]
    changed = True
    while changed and phrase:
        changed, masked = False, _mask(phrase, rules)
        time = rules.leading_time.match(phrase)
        if time and time.end() > 0:
            phrase, changed = phrase[time.end():], True
            continue
        for word in rules.leading:
            if masked.startswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[len(word):], True
                break
    phrase = phrase.strip(" 、\u3000")
    return phrase[-rules.max_length:]


def _noun_after(text: str, start: int, end: int, rules: StatisticRules) -> str:
    """Returns the noun right after a measure word, up to a stop word, figure or break."""
    stop = end
    for i in range(start, end):
        ch = text[i]
        if ch.isdigit() or ch in "“”《》（）()" or text.startswith(rules.after_stops, i):
            stop = i
            break
    return text[start:stop].strip()[:rules.max_length]


def _indicator(doc: Document, cand: _Candidate, previous: tuple[_Candidate, str] | None,
               rules: StatisticRules) -> str:
    text, breaks = doc.text, rules.clause_breaks
    clause_start = _clause_start(text, cand.span.start, doc.body.start, breaks)
    floor = clause_start
    if previous is not None and previous[0].span.end > clause_start:
        floor = previous[0].span.end
    gap = text[floor:cand.span.start]
    clause_end = _clause_end(text, cand.span.end, doc.body.end, breaks)
    after = _noun_after(text, cand.span.end, clause_end, rules) if cand.unit is not Unit.PERCENT else ""
    if cand.prefer_after and after:
        return after
    before = _trim(gap, rules)
    if before:
        return before
    if previous is not None and not gap.strip():
        return previous[1]  # 听庭184场次217人次: the second figure shares the first one's indicator
    return after


# ---------------------------------------------------------------------------- find

def find(doc: Document) -> list[Mention]:
    """Returns every statistic in ``doc.body`` as a STATISTIC Mention, sorted by span."""
    rules = load_rules()
    text, body = doc.text, doc.body
    ref_year = _reference_year(doc)
    candidates: list[_Candidate] = []
    for m in rules.ratio.finditer(text, body.start, body.end):
        cand = _ratio_candidate(doc, m, rules)
        if cand and not _skipped(doc, cand.span.start, cand.span.start, ref_year, rules):
            candidates.append(cand)
    taken = [c.span for c in candidates]
    for m in rules.pattern.finditer(text, body.start, body.end):
        cand = _measure_candidate(doc, m, rules)
        if cand is None or any(s.start < cand.span.end and cand.span.start < s.end for s in taken):
            continue
        if _skipped(doc, cand.span.start, cand.figure.start, ref_year, rules):
            continue
        candidates.append(cand)
    table = _table_cells(doc, rules, ref_year)
    candidates += [c for c, _, _ in table if not any(s.start < c.span.end and c.span.start < s.end for s in taken)]
    cells = {c.span: (label, year) for c, label, year in table}
    candidates.sort(key=lambda c: (c.span.start, c.span.end))
    mentions: list[Mention] = []
    previous: tuple[_Candidate, str] | None = None
    for cand in candidates:
        label, period = cells.get(cand.span, (None, None))
        indicator = label or _indicator(doc, cand, previous, rules)
        previous = (cand, indicator)
        detail = StatisticDetail(value_text=cand.value_text, value=cand.value,
                                 unit_text=cand.unit_text, normalized=cand.normalized,
                                 normalized_unit=cand.unit, qualifier=cand.qualifier,
                                 indicator=indicator, ratio=cand.ratio, period=period)
        mentions.append(Mention(kind=MentionKind.STATISTIC, span=cand.span,
                                text=cand.span.quote(text), rule=_RULE_FOR_UNIT[cand.unit],
                                detail=detail))
    return mentions
