"""Shared helpers for the entity extractors: the rules file, scan regions, boundaries.

Everything here is mechanism; the vocabulary lives in ``kg/rules/entities.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Document, Span
from ..resources import load_yaml, resource_path

__all__ = ["EntityRules", "rules", "regions", "is_cjk", "alternation", "StopFinder",
           "clause_start", "clause_end", "sentence_start", "sentence_end", "inside_brackets",
           "walk_left", "walk_stem", "counted_level_list", "CLAUSE_MARKS", "SENTENCE_MARKS"]

# both widths: reports are written with full-width marks (，；：) or ASCII ones (,;:)
SENTENCE_MARKS = "。！？；!?;\n"
CLAUSE_MARKS = SENTENCE_MARKS + "，,、：:"
_OPEN_QUOTE, _CLOSE_QUOTE = "“", "”"


@dataclass(frozen=True)
class EntityRules:
    """The parsed ``entities.yaml``: returned by :func:`rules`."""

    raw: dict
    stop_words: tuple[str, ...]          # verbs + particles + abbreviated bodies, longest first


@lru_cache(maxsize=1)
def rules() -> EntityRules:
    """Returns the entity rules, loaded once from ``kg/rules/entities.yaml``."""
    raw = load_yaml(resource_path("kg", "rules", "entities.yaml"))
    stops = list(raw["stop_words"]["verbs"]) + list(raw["stop_words"]["particles"])
    # 区委 / 区政府 are no stops: they begin names (县委全面依法治县委员会, 县政府法律顾问团)
    stops += [b for b, spec in raw["abbreviated_bodies"].items() if not spec.get("expand")]
    return EntityRules(raw=raw, stop_words=tuple(sorted(set(stops), key=lambda w: (-len(w), w))))


def regions(doc: Document) -> list[Span]:
    """Returns the spans extractors scan: the title and the body (never the header or page chrome)."""
    spans = []
    if doc.title is not None and not doc.body.contains(doc.title):
        spans.append(doc.title)
    spans.append(doc.body)
    return sorted(spans)


def is_cjk(ch: str) -> bool:
    """Returns True for a CJK unified ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def alternation(words) -> re.Pattern:
    """Returns a regex matching any of ``words``, longest first (so 广播电视台 beats 电视台)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ordered))


class StopFinder:
    """Answers whether a stop word ends at a given offset."""

    def __init__(self, words) -> None:
        self.words = tuple(sorted(set(words), key=lambda w: (-len(w), w)))
        self._by_length = _by_length(self.words)

    def ending_at(self, text: str, pos: int, floor: int = 0) -> str | None:
        """Returns the longest stop word ending at ``pos`` (``text[pos-len(w):pos] == w``) and
        starting at or after ``floor``, or None."""
        return _longest_ending_at(self._by_length, text, pos, floor)


def _by_length(words) -> tuple[tuple[int, frozenset[str]], ...]:
    """Returns the words grouped by length, longest first: one slice and one set lookup per
    length finds the longest word ending at an offset (instead of one comparison per word)."""
    lengths = sorted({len(w) for w in words if w}, reverse=True)
    return tuple((n, frozenset(w for w in words if len(w) == n)) for n in lengths)


def _longest_ending_at(groups, text: str, pos: int, floor: int = 0) -> str | None:
    for n, words in groups:
        if pos - n >= floor:
            piece = text[pos - n:pos]
            if piece in words:
                return piece
    return None


@lru_cache(maxsize=1)
def default_stops() -> StopFinder:
    return StopFinder(rules().stop_words)


@lru_cache(maxsize=1)
def _name_words():
    return _by_length(set(rules().raw["stop_words"].get("name_words", [])))


@lru_cache(maxsize=1)
def _measures() -> frozenset[str]:
    return frozenset(rules().raw["stop_words"]["measure_words"])


def _counted(before: str, measure: str) -> bool:
    """A measure word after an Arabic digit always counts; after a Chinese numeral only when it
    is not a time word (三年行动计划 is one name)."""
    return before.isdigit() or (before in rules().raw["numerals"] and measure not in "年月日")


def walk_left(text: str, end: int, limit: int, floor: int = 0,
              stops: StopFinder | None = None, extra_stop_chars: str = "", measures: bool = True) -> int:
    """Returns the start of the name ending at ``end``: walks left over CJK characters (and whole
    “…” quotes) and stops at punctuation, digits, a stop word, or after ``limit`` characters."""
    stops = stops or default_stops()
    pos = end
    while pos > floor and end - pos < limit:
        word = _longest_ending_at(_name_words(), text, pos, floor)
        if word is not None and end - pos + len(word) <= limit:
            pos -= len(word)     # 公共法律服务中心: 服务 is part of the name here
            continue
        stop = stops.ending_at(text, pos)
        if stop:
            # 落实行政…: 实行 ends here, but 落实 ends one character earlier: the name keeps 行
            earlier = stops.ending_at(text, pos - len(stop) + 1)
            if len(stop) >= 2 and earlier and len(earlier) >= 2 and pos < end:
                pos = pos - len(stop) + 1
            break
        ch = text[pos - 1]
        if ch == _CLOSE_QUOTE:
            opening = text.rfind(_OPEN_QUOTE, floor, pos - 1)
            if opening < 0 or any(c in CLAUSE_MARKS and c != "、" for c in text[opening:pos]):
                break
            pos = opening
            continue
        if not is_cjk(ch) or ch in extra_stop_chars:
            break
        # a measure or time word after a numeral ends the name: 3个工地, 2021年政法… → 政法…
        if measures and ch in _measures() and pos >= 2 and _counted(text[pos - 2], ch):
            break
        pos -= 1
    return pos


def walk_stem(text: str, end: int, limit: int, floor: int = 0) -> int:
    """Returns where the name ending at ``end`` (a suffix's start) begins, like :func:`walk_left`;
    a stem ending in a domain word of the stop list keeps it when a name stands before the word
    (某某平安建设领导小组, “甲、乙”服务机制: 建设 and 服务 are no verbs there)."""
    start = walk_left(text, end, limit, floor)
    if start < end:
        return start
    word = next((w for w in rules().raw.get("stem_end_words", ()) if text.endswith(w, floor, end)), None)
    if word is None:
        return start
    before = walk_left(text, end - len(word), limit - len(word), floor)
    return before if before < end - len(word) else start


def counted_level_list(text: str, level_at: int, floor: int = 0) -> list[Span]:
    """甲、乙、丙三市 / 甲、乙等3个区: returns the names listed before a count and the level character
    at ``level_at`` (each takes that character), or [] when no such list ends there. Names are 2-3
    characters; the first one is read as 2 when no boundary tells its start."""
    numerals = rules().raw["numerals"]
    pos = level_at
    if pos > floor and text[pos - 1] == "个":
        pos -= 1
    count = pos
    while pos > floor and text[pos - 1] in numerals:
        pos -= 1
    if pos == count:
        return []
    if pos > floor and text[pos - 1] == "等":
        pos -= 1
    spans: list[Span] = []
    end = pos
    while True:
        item = None
        for length in (2, 3):
            start = end - length
            if start <= floor or not all(is_cjk(c) and c not in numerals for c in text[start:end]):
                break
            if text[start - 1] == "、" or text[start - 1] in CLAUSE_MARKS or not is_cjk(text[start - 1]) \
                    or default_stops().ending_at(text, start) is not None:
                item = Span(start, end)
                break
        if item is None:
            if spans and end - 2 > floor and all(is_cjk(c) and c not in numerals for c in text[end - 2:end]):
                item = Span(end - 2, end)     # the first name, after an unlisted verb (赴甲、乙三市)
            else:
                break
        spans.insert(0, item)
        if item.start - 1 <= floor or text[item.start - 1] != "、":
            break
        end = item.start - 1
    if len(spans) < 2 or any(text[sp.end - 1] == text[level_at] for sp in spans):
        return []      # 甲村、乙村等十个村: the names carry the level already
    return spans


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Returns the offset just after the clause mark before ``pos``."""
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_MARKS:
        i -= 1
    return i


def clause_end(text: str, pos: int, ceiling: int | None = None) -> int:
    """Returns the offset of the clause mark at or after ``pos``."""
    ceiling = len(text) if ceiling is None else ceiling
    i = pos
    while i < ceiling and text[i] not in CLAUSE_MARKS:
        i += 1
    return i


def sentence_start(text: str, pos: int, floor: int = 0) -> int:
    """Returns the offset just after the sentence mark before ``pos``."""
    i = pos
    while i > floor and text[i - 1] not in SENTENCE_MARKS:
        i -= 1
    return i


def sentence_end(text: str, pos: int, ceiling: int | None = None) -> int:
    """Returns the offset of the sentence mark at or after ``pos``."""
    ceiling = len(text) if ceiling is None else ceiling
    i = pos
    while i < ceiling and text[i] not in SENTENCE_MARKS:
        i += 1
    return i


def inside_brackets(text: str, pos: int, floor: int = 0) -> bool:
    """Returns True when ``pos`` lies inside a 《…》 title."""
    opening = text.rfind("《", floor, pos)
    if opening < 0:
        return False
    closing = text.rfind("》", opening, pos)
    return closing < 0
