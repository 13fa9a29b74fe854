"""Finds place mentions: administrative names (X省 … X村), provinces by short name, named sites.

For example 在城北街道试点 → 城北街道 (subdistrict); 西湖区司法局 → 西湖区 (district).

Abbreviations that mean the report's own area (全省, 全市, 全区, 省级) are not places of their
own and give no mention. A place prefix inside an organization name is a place mention too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Mention, MentionKind, PlaceDetail, PlaceLevel, Span
from ._common import alternation, inside_brackets, is_cjk, regions, rules, walk_left

__all__ = ["find", "RULE_VERSION", "RULE_SUFFIX", "RULE_PROVINCE", "RULE_SITE_LIST", "province_full_name"]

RULE_VERSION = "v1"
RULE_SUFFIX = "place.suffix.v1"
RULE_PROVINCE = "place.province.v1"
RULE_SITE_LIST = "place.site-list.v1"


@lru_cache(maxsize=1)
def _patterns():
    raw = rules().raw
    suffixes = dict(raw["place_suffixes"])
    single = "".join(s for s in suffixes if len(s) == 1)
    provinces = {short: full for short, full in raw["provinces"]}
    numerals = re.escape(raw["numerals"])
    site_list = re.compile(
        r"((?:[\u4e00-\u9fff“”]{2,12}、)+[\u4e00-\u9fff“”]{2,12})等[" + numerals + r"]+[个处座家]("
        + "|".join(re.escape(n) for n in raw["site_nouns"]) + ")")
    return suffixes, alternation(suffixes), single, provinces, alternation(provinces), site_list


def province_full_name(short: str) -> str | None:
    """Returns the full name of a provincial-level unit from its short name (浙江 → 浙江省)."""
    return _patterns()[3].get(short)


def find(doc: Document) -> list[Mention]:
    """Returns the place mentions in ``doc``'s title and body, sorted by span."""
    found: list[Mention] = []
    for region in regions(doc):
        found += _suffixed(doc.text, region)
        found += _provinces(doc.text, region)
        found += _site_lists(doc.text, region)
    unique = {(m.span, m.text): m for m in found}
    return sorted(unique.values(), key=lambda m: (m.span.start, m.span.end, m.text))


def _suffixed(text: str, region: Span) -> list[Mention]:
    raw = rules().raw
    suffixes, pattern, single, _, _, _ = _patterns()
    lengths = raw["place_stem_lengths"]
    out = []
    for m in pattern.finditer(text, region.start, region.end):
        level = PlaceLevel(suffixes[m.group()])
        if inside_brackets(text, m.start(), region.start):
            continue
        if text[m.end():m.end() + 1] in raw["place_not_followed_by"] and len(m.group()) == 1:
            continue
        limit = raw["site_stem_max"] if level is PlaceLevel.SITE else max(lengths) + 1
        start = walk_left(text, m.start(), limit, region.start, extra_stop_chars=single)
        stem = text[start:m.start()]
        if "“" in stem or "”" in stem or not all(is_cjk(c) for c in stem):
            continue
        if level is PlaceLevel.SITE:
            if len(stem) < min(lengths):
                continue
        elif len(stem) not in lengths:
            continue
        if len(m.group()) == 1 and stem and stem[-1] in raw["place_not_after"]:
            continue
        if stem in raw["not_place_stems"] or stem[0] in "全各本该每":
            continue
        out.append(Mention(MentionKind.PLACE, Span(start, m.end()), text[start:m.end()], RULE_SUFFIX,
                           PlaceDetail(level)))
    return out


def _provinces(text: str, region: Span) -> list[Mention]:
    _, _, _, provinces, pattern, _ = _patterns()
    out = []
    for m in pattern.finditer(text, region.start, region.end):
        full = provinces[m.group()]
        if text.startswith(full, m.start()) or inside_brackets(text, m.start(), region.start):
            continue   # the full name is found by its suffix
        out.append(Mention(MentionKind.PLACE, Span(m.start(), m.end()), m.group(), RULE_PROVINCE,
                           PlaceDetail(PlaceLevel.PROVINCE)))
    return out


def _site_lists(text: str, region: Span) -> list[Mention]:
    """A、B等3个工地 → sites A and B."""
    site_list = _patterns()[5]
    out = []
    for m in site_list.finditer(text, region.start, region.end):
        pos = m.start(1)
        for item in m.group(1).split("、"):
            end = pos + len(item)
            start = walk_left(text, end, len(item), pos)
            if end - start >= 2:
                out.append(Mention(MentionKind.PLACE, Span(start, end), text[start:end], RULE_SITE_LIST,
                                   PlaceDetail(PlaceLevel.SITE)))
            pos = end + 1
    return out
