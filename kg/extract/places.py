"""Finds place mentions: administrative names (X省 … X村), provinces by short name, named sites.

For example 在城北街道试点 → 城北街道 (subdistrict); 西湖区司法局 → 西湖区 (district).

Abbreviations that mean the report's own area (全省, 全市, 全区, 省级) are not places of their
own and give no mention. A place prefix inside an organization name is a place mention too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Mention, MentionKind, PlaceDetail, PlaceLevel, Span
from ._common import alternation, counted_level_list, default_stops, inside_brackets, is_cjk, regions, rules, walk_left

__all__ = ["find", "RULE_VERSION", "RULE_SUFFIX", "RULE_PROVINCE", "RULE_SITE_LIST", "RULE_MEDIA_STEM", "RULE_LISTED", "RULE_RIVER",
           "province_full_name"]

RULE_VERSION = "v1"
RULE_SUFFIX = "place.suffix.v1"
RULE_PROVINCE = "place.province.v1"
RULE_SITE_LIST = "place.site-list.v1"
RULE_MEDIA_STEM = "place.media-stem.v1"
RULE_LISTED = "place.listed.v1"
RULE_RIVER = "place.river.v1"


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
        found += _media_stems(doc.text, region)
        found += _rivers(doc.text, region)
    unique = {(m.span, m.text): m for m in found}
    return sorted(unique.values(), key=lambda m: (m.span.start, m.span.end, m.text))


def _suffixed(text: str, region: Span) -> list[Mention]:
    raw = rules().raw
    suffixes, pattern, single, _, _, _ = _patterns()
    lengths = raw["place_stem_lengths"]
    out = []
    for m in pattern.finditer(text, region.start, region.end):
        level = PlaceLevel(suffixes[m.group()])
        if inside_brackets(text, m.start(), region.start) or _inside_quotes(text, m.start(), region.start):
            continue
        if text.startswith(tuple(raw.get("place_not_followed_by_words", {}).get(m.group(), ())), m.end()):
            continue   # 村规民约, 村（社区）: a term or a class, not a village
        if text[m.end():m.end() + 1] in raw["place_not_followed_by"] and len(m.group()) == 1 \
                and not text.startswith(tuple(raw.get("place_followed_by_words", ())), m.end()):
            continue
        if text[m.end() - 2:m.end()] in raw.get("place_compounds", ()) and len(m.group()) == 1:
            continue
        limit = raw["site_stem_max"] if level is PlaceLevel.SITE else max(lengths) + 1
        # a site's name may hold a place (西岭村法治文化公园); 州 ends city names (杭州市)
        stop_chars = "" if level is PlaceLevel.SITE else single.replace("州", "")
        start = walk_left(text, m.start(), limit, region.start, extra_stop_chars=stop_chars)
        if level is PlaceLevel.SITE:
            start = _site_start(text, start, m.start())
        else:
            start = _after_inner_place(text, start, m.start())
            start = _after_body_name(text, start, m.start(), min(lengths))
        if m.start() - start in (2, 3) and text[start] in raw.get("org_verb_chars_before_level", ()) \
                and level is not PlaceLevel.SITE:
            if m.start() - start == 2:
                continue   # 报某州: a verb and one character, no place
            start += 1     # 报某某市司法局备案: 报 is the verb, the place has two characters
        stem = text[start:m.start()]
        if not stem and m.group() in raw.get("zone_words", ()):
            out.append(Mention(MentionKind.PLACE, Span(m.start(), m.end()), m.group(), RULE_SUFFIX,
                               PlaceDetail(level, abbreviated=True)))    # 开发区 alone: the zone reporting
            continue
        listed = counted_level_list(text, m.start(), region.start) \
            if len(m.group()) == 1 and text[m.end():m.end() + 1] not in raw["level_chars"] else []
        if listed:     # 甲、乙、丙三市: one place per name
            out += [Mention(MentionKind.PLACE, sp, sp.quote(text), RULE_LISTED, PlaceDetail(level, suffix=m.group()))
                    for sp in listed]
            continue
        if "“" in stem or "”" in stem or not all(is_cjk(c) for c in stem):
            continue
        if level is PlaceLevel.SITE:
            if len(stem) < min(lengths) or stem.startswith(tuple(raw.get("not_site_stem_starts", ()))) \
                    or stem.endswith(tuple(raw.get("not_site_stem_endings", ()))):
                continue
            if not re.sub("|".join(raw.get("site_generic_heads", ())) or "^$", "", stem):
                continue   # 新建法治文化公园12个: generic words only, a class of sites
            if text[m.end():m.end() + 1].isdigit() or text[m.end():m.end() + 1] in raw["numerals"]:
                continue   # 法治文化广场11个: a class of sites, counted
        elif len(stem) not in lengths:
            continue
        if len(m.group()) == 1 and stem and stem[-1] in raw["place_not_after"]:
            continue
        if stem in raw["not_place_stems"] or stem[0] in "全各本该每":
            continue
        if level is not PlaceLevel.SITE and stem.startswith(tuple(raw.get("province_slogan_prefixes", ()))):
            continue   # 法治某州, 平安某市: a slogan
        out.append(Mention(MentionKind.PLACE, Span(start, m.end()), text[start:m.end()], RULE_SUFFIX,
                           PlaceDetail(level)))
    return out


def _media_stems(text: str, region: Span) -> list[Mention]:
    """温州广播电视台 → 温州 (a city, resolved as 温州市): a 2-character stem before a media suffix."""
    raw = rules().raw
    provinces = _patterns()[3]
    out = []
    for m in alternation(raw.get("media_place_suffixes", ())).finditer(text, region.start, region.end):
        start = m.start() - 2
        stem = text[start:m.start()]
        if start < region.start or not all(is_cjk(c) for c in stem) or stem in provinces \
                or stem in raw.get("not_media_place_stems", ()) or stem in raw["not_place_stems"]:
            continue
        if start > region.start and is_cjk(text[start - 1]) and walk_left(text, m.start(), 3, region.start) != start:
            continue   # the outlet's name is longer than a city's: no guess
        out.append(Mention(MentionKind.PLACE, Span(start, m.start()), stem, RULE_MEDIA_STEM,
                           PlaceDetail(PlaceLevel.CITY, abbreviated=False)))
    return out


def _inside_quotes(text: str, pos: int, floor: int) -> bool:
    """Returns True when ``pos`` lies inside a “…” quote of one clause (a slogan or a name:
    “某某进社区、进村组”), where a place suffix is part of the quoted words."""
    opening = text.rfind("“", floor, pos)
    if opening < 0 or "”" in text[opening:pos]:
        return False
    closing = text.find("”", pos)
    return closing >= 0 and not any(c in "。；;\n" for c in text[opening:closing])


def _after_inner_place(text: str, start: int, end: int) -> int:
    """Returns where a place's own name starts after a longer place word inside its stem
    (某某街道某某社区 → 某某社区)."""
    suffixes = _patterns()[0]
    for word, level in suffixes.items():
        i = text.rfind(word, max(0, start - len(word) + 1), end)    # also one cut by the length limit
        if len(word) > 1 and level != PlaceLevel.SITE.value and i >= 0:
            start = max(start, i + len(word))
    return start


def _after_body_name(text: str, start: int, end: int, shortest: int) -> int:
    """Returns where a place name starts after a body's name run into it (国家税务总局某某市 → 某某市):
    after the last body-ending character, when a stem of a place's length is left."""
    ends = rules().raw.get("place_after_body_ends", "")
    cut = max((i + 1 for i in range(start, end) if text[i] in ends), default=start)
    return cut if end - cut >= shortest else start


def _site_start(text: str, start: int, end: int) -> int:
    """Returns where a site's name starts: after a place name inside it, unless what follows the
    place is a generic head (法治文化公园 needs its 西岭村; 茶韵小镇 does not need its 南山社区)."""
    raw = rules().raw
    pattern = _patterns()[1]
    if start > 0 and text[start] in raw["level_chars"] and is_cjk(text[start - 1]) \
            and text[start - 1] not in raw["stop_words"]["particles"] and default_stops().ending_at(text, start) is None:
        start += 1     # 甲乙市丙丁湖…公园 cut at its length limit: the 市 ends a place name, no site's
    for w in rules().raw.get("site_stop_words", ()):      # 某站负责某水库: the verb ends the name
        i = text.rfind(w, start, end)
        if i >= 0:
            start = max(start, i + len(w))
    cut, kept = start, False
    for m in pattern.finditer(text, start, end):
        if m.end() - start >= 3 and raw["place_suffixes"][m.group()] != PlaceLevel.SITE.value:
            cut = m.end()
            kept = raw["place_suffixes"][m.group()] in raw.get("site_keeps_place_levels", ())
    if start < cut < end and not kept and not text.startswith(tuple(raw.get("site_generic_heads", ())), cut):
        return cut
    return start


def _rivers(text: str, region: Span) -> list[Mention]:
    """Rivers and river segments (sites): a name ending 江 / 河 / 溪 known to be a river by what follows it
    (a segment 某河某某段, 全流域, a 县级河长), the segment itself, the rivers listed with a known one by 、
    (为甲江、乙河、丙河…), and the later mentions of a known river."""
    raw = rules().raw.get("rivers")
    if not raw:
        return []
    ends, confirmed = tuple(raw["endings"]), tuple(raw["confirmed_by"])

    def bounded(start: int) -> bool:
        return start <= region.start or not is_cjk(text[start - 1]) or text[start - 1] in "、在为对将与和及至" \
            or default_stops().ending_at(text, start) is not None

    def river_ending(end: int) -> Span | None:      # the river whose last character is text[end - 1]
        two = end - 3
        if two >= region.start and all(is_cjk(c) for c in text[two:end]) and bounded(two) \
                and text[two] not in "在为对将与和及至从向到":
            return Span(two, end)            # 甲乙河 (a two-character name)
        one = end - 2
        return Span(one, end) if one >= region.start and all(is_cjk(c) for c in text[one:end]) else None

    rivers: list[Span] = []
    segments: list[Span] = []
    for e in range(region.start + 1, region.end):
        if text[e] not in ends or text[e + 1:e + 2] in rules().raw["level_chars"] \
                or inside_brackets(text, e, region.start):
            continue     # 某溪乡: a township; 《…长江流域…》: inside a title
        segment = re.match("[\u4e00-\u9fff]{2}段", text[e + 1:e + 4])
        if not segment and not text.startswith(confirmed, e + 1):
            continue
        river = river_ending(e + 1)
        if river is not None:
            rivers.append(river)
            if segment:
                segments.append(Span(river.start, e + 4))
    grown = True
    while grown:     # every mention of a known river, then the rivers listed with one (为甲江、乙河、丙河)
        grown = False
        for name in sorted({r.quote(text) for r in rivers}):
            for hit in re.finditer(re.escape(name), text[region.start:region.end]):
                span = Span(region.start + hit.start(), region.start + hit.end())
                if bounded(span.start) and span not in rivers:
                    rivers.append(span)
        for r in list(rivers):
            if text[r.end:r.end + 1] == "、":
                nxt = next((river_ending(r.end + 1 + n + 1) for n in (2, 1) if text[r.end + 1 + n:r.end + 2 + n]
                            in ends), None)
                if nxt is not None and nxt.start == r.end + 1 and nxt not in rivers:
                    rivers.append(nxt)
                    grown = True
    return [Mention(MentionKind.PLACE, sp, sp.quote(text), RULE_RIVER, PlaceDetail(PlaceLevel.SITE))
            for sp in sorted(set(rivers) | set(segments), key=lambda sp: (sp.start, sp.end))]


def _provinces(text: str, region: Span) -> list[Mention]:
    _, _, _, provinces, pattern, _ = _patterns()
    out = []
    for m in pattern.finditer(text, region.start, region.end):
        full = provinces[m.group()]
        if text.startswith(full, m.start()) or inside_brackets(text, m.start(), region.start):
            continue   # the full name is found by its suffix
        if text.endswith(tuple(rules().raw.get("province_slogan_prefixes", ())), region.start, m.start()):
            continue   # 建设法治某省: a slogan, no place named
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
