"""Finds organization mentions: names ending with a body suffix (司法局, 中心, 调解室 …).

The hard part is the left boundary: the name runs left from its suffix until punctuation,
a digit, a verb or particle (``kg/rules/entities.yaml``: ``stop_words``). Coordinated names
that share one suffix are split, one mention per stem::

    提升北山所、南塘所        → 北山所, 南塘所         (org.abbreviated.v1)
    北山、南塘所已…           → 北山, 南塘所           (both stand for <stem>司法所)

A bare suffix (司法所 alone, 14个司法所) is a generic word and gives no mention; nor does a
name after a distributive (各街镇建立法治建设领导小组).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Mention, MentionKind, OrgDetail, OrgKind, Span
from ._common import (CLAUSE_MARKS, alternation, clause_start, default_stops, inside_brackets,
                      is_cjk, regions, rules, sentence_end, sentence_start, walk_left, walk_stem,
                      counted_level_list)

__all__ = ["find", "RULE_VERSION", "RULE_SUFFIX", "RULE_ABBREVIATED", "RULE_BODY", "RULE_MEDIA",
           "RULE_SUBUNIT"]

RULE_VERSION = "v1"
RULE_SUFFIX = "org.suffix.v1"
RULE_ABBREVIATED = "org.abbreviated.v1"
RULE_BODY = "org.abbreviated-body.v1"
RULE_MEDIA = "org.media.v1"
RULE_SUBUNIT = "org.subunit.v1"
RULE_LISTED_TOWN = "org.listed-town.v1"

_NAME_LIMIT = 16


@lru_cache(maxsize=1)
def _patterns():
    raw = rules().raw
    suffixes = dict(raw["org_suffixes"])
    for s in raw["level_suffixes"]:
        suffixes.setdefault(s, "government-body")
    return (suffixes, alternation(suffixes), alternation(raw["media_suffixes"]),
            alternation(raw["abbreviated_bodies"]), alternation(raw.get("standalone_bodies", {})))


def find(doc: Document) -> list[Mention]:
    """Returns the organization mentions in ``doc``'s title and body, sorted by span."""
    found: list[Mention] = []
    for region in regions(doc):
        found += _suffixed(doc.text, region)
        found += _media(doc.text, region)
        found += _bodies(doc.text, region)
        found += _standalone(doc.text, region)
        family = _office_family(doc.text)
        if family:
            found += _abbreviated_offices(doc.text, region, found, family)
        found += _subunits(doc.text, region, found)
        found += _own_words(doc.text, region)
        found += _bare_repeats(doc.text, region, found)
        found += _numbered_schools(doc.text, region)
    unique = {(m.span, m.text): m for m in found}
    # a name that is the beginning of a longer name is part of it (X委员会 in X委员会办公室)
    # and so is an abbreviated body after the start of a longer name (市委 in 某某市委依法治市办)
    kept = [m for m in unique.values() if not any(
        o.rule == RULE_SUFFIX and o.span.contains(m.span) and o.span != m.span
        and (o.span.start == m.span.start or m.rule == RULE_BODY)
        for o in unique.values())]
    return sorted(kept, key=lambda m: (m.span.start, m.span.end, m.text))


@lru_cache(maxsize=1)
def _post_titles() -> tuple[str, ...]:
    return tuple(sorted(rules().raw["post_titles"], key=lambda w: (-len(w), w)))


def _counted_after(text: str, pos: int) -> bool:
    """Returns True when a numeral and a measure word (not a time word) follow ``pos``."""
    raw = rules().raw
    if text[pos:pos + 1] == "”":
        pos += 1       # “某某调解室”2个: the count follows the closing quote
    i = pos
    while i < len(text) and (text[i].isdigit() or text[i] in raw["numerals"]):
        i += 1
    if text[pos:i] in ("1", "一"):
        return False   # 区公共法律服务中心1个: one body, counted once
    return i > pos and i < len(text) and text[i] in raw["stop_words"]["measure_words"] and text[i] not in "年月日"


def _standalone(text: str, region: Span) -> list[Mention]:
    """National bodies whose whole name is a suffix-like word (司法部, 全国总工会)."""
    bodies = rules().raw.get("standalone_bodies", {})
    out = []
    for m in _patterns()[4].finditer(text, region.start, region.end):
        if m.start() > region.start and is_cjk(text[m.start() - 1]) and not _left_ok(text, m.start(), region.start):
            continue   # 某省司法部门 / 区司法部…: part of another word
        out.append(Mention(MentionKind.ORGANIZATION, Span(m.start(), m.end()), m.group(), RULE_SUFFIX,
                           OrgDetail(OrgKind(bodies[m.group()]), m.group())))
    return out


def _left_ok(text: str, pos: int, floor: int) -> bool:
    """Returns True when a name may start at ``pos`` (after a mark, a stop word or a verb)."""
    return pos <= floor or text[pos - 1] in CLAUSE_MARKS or not is_cjk(text[pos - 1]) \
        or default_stops().ending_at(text, pos) is not None


def _distributive(text: str, start: int, floor: int) -> bool:
    """Returns True when the name at ``start`` is one per unit of a class (各街镇建立…, 在112个行政村
    设立…工作站)."""
    raw = rules().raw
    head = text[clause_start(text, start, floor):start]
    verbs = "|".join(raw.get("distributive_counted", {}).get("verbs", ()))
    if any(w in head for w in raw["distributive"] if w != "各") or (
            verbs and re.search(f"各[^，。；]{{0,10}}?(?:{verbs})", head)):
        return True     # 各街镇建立…: each sets one up (not 各设区市政府负责人全部向…办公室)
    spec = raw.get("distributive_counted", {})
    verbs, nouns = spec.get("verbs", ()), spec.get("units", ())
    if not verbs or not head.endswith(tuple(verbs)):
        return False
    counted = re.search(f"[{re.escape(raw['numerals'])}]+个([\u4e00-\u9fff（）()]{{1,12}}?)(?:{'|'.join(verbs)})$", head)
    return counted is not None and any(n in counted.group(1) for n in nouns)


def _coordinated(text: str, start: int, floor: int) -> list[Span]:
    """Returns the stems before ``start`` joined to it by 、 (each 2-3 characters), nearest last."""
    items: list[Span] = []
    pos = start
    while pos - 1 > floor and text[pos - 1] == "、":
        end = pos - 1
        begin = None
        for length in (2, 3):
            cand = end - length
            if cand < floor or not all(is_cjk(c) for c in text[cand:end]):
                break
            if _left_ok(text, cand, floor):
                begin = cand
                break
        if begin is None:
            break
        items.append(Span(begin, end))
        pos = begin
    return list(reversed(items))


def _suffixed(text: str, region: Span) -> list[Mention]:
    raw = rules().raw
    suffixes, pattern = _patterns()[:2]
    out: list[Mention] = []
    for m in pattern.finditer(text, region.start, region.end):
        suffix = m.group()
        if inside_brackets(text, m.start(), region.start):
            continue
        if text.startswith(tuple(raw.get("org_suffix_not_followed_by", {}).get(suffix, ())), m.end()):
            continue   # 就业局势: 局 starts another word
        if m.start() > region.start and text[m.start() - 1] in raw.get("org_suffix_not_after", {}).get(suffix, ()):
            continue   # 某某分厅: a web page's hall
        if len(suffix) == 1 and any(len(t) > 1 and text.startswith(t, m.start()) for t in _post_titles()):
            continue   # 市公安局局长: 局 begins the post 局长
        if suffixes[suffix] == "party-body" and text.startswith(_post_titles(), m.end()):
            continue   # 社区党委书记: part of a post
        if text.startswith(tuple(raw.get("org_not_followed_by_words", ())), m.end()):
            continue   # 区政协委员, 区人大代表: a member's title
        start = _after_other_bodies(text, walk_stem(text, m.start(), _NAME_LIMIT, region.start), m.start(), suffix)
        stem = text[start:m.start()]
        cut = next((i for i in range(len(stem) - 1, 0, -1) if stem[i] in raw["level_chars"]
                    and stem[i - 1] in raw.get("org_verb_chars_before_level", ()) and i >= 2), None)
        if cut is not None:
            start, stem = start + cut, stem[cut:]   # 审查后报区司法局: the verb, then a lone level character
        if len(stem) >= 4 and stem[0] in raw.get("org_verb_chars_before_level", ()) and stem[3] in raw["level_chars"]:
            start, stem = start + 1, stem[1:]   # 报某某市司法局: the verb before a two-character place
        if len(stem) == 2 and stem[1] in raw["level_chars"] and stem[0] not in raw["level_chars"] \
                and (stem[0] in raw.get("org_verb_chars_before_level", ()) or (stem[1] in "省市" and stem[0] not in "全各本该每")) \
                and (suffix in raw.get("org_level_prefixable_short", ())
                     or len(suffix) >= raw["org_level_prefixable_min_suffix"]):
            start, stem = start + 1, stem[1:]   # 报省司法厅, 报市司法局: a one-character stem is a verb
        plain = stem.replace("“", "").replace("”", "")
        level_prefixed = (len(plain) == 1 and plain in raw["level_chars"]
                          and (len(suffix) >= raw["org_level_prefixable_min_suffix"]
                               or suffix in raw.get("org_level_prefixable_short", ())))
        at = next((i for i in range(1, len(stem)) if stem[i] in raw["level_chars"]
                   and stem[i - 1] in raw["numerals"]), None)
        if at is None and stem and stem[0] in raw["level_chars"] and len(stem) > 1 and start > region.start \
                and stem[1] not in raw["level_chars"] and text[start - 1] in raw["numerals"] + "个":
            at = 0     # 甲、乙、丙三个区住建局: the level character opens the stem
        listed = counted_level_list(text, start + at, region.start) if at is not None else []
        if listed:    # 甲、乙、丙三市生态环境局: one body per name
            out += [Mention(MentionKind.ORGANIZATION, s, s.quote(text), RULE_ABBREVIATED,
                            OrgDetail(OrgKind(suffixes[suffix]), stem[at:] + suffix, abbreviated=True))
                    for s in listed]
            continue
        town_class = next((w for w in raw.get("org_listed_class_words", ()) if plain.startswith(w)), None)
        town_list = _counted_list(text, start, region.start) if town_class else []
        if town_list:     # 甲、乙等9个乡镇某某中心: one body per town named
            out += [Mention(MentionKind.ORGANIZATION, s, s.quote(text), RULE_LISTED_TOWN,
                            OrgDetail(OrgKind(suffixes[suffix]), plain[len(town_class):] + suffix, abbreviated=True))
                    for s in town_list]
            continue
        if not plain and suffix in raw.get("org_listed_suffixes", ()):
            generic = tuple(raw.get("org_generic_stems", ())) + tuple(raw.get("not_place_stems", ()))
            out += [Mention(MentionKind.ORGANIZATION, s, s.quote(text), RULE_ABBREVIATED,
                            OrgDetail(OrgKind(suffixes[suffix]), suffix, abbreviated=True))
                    for s in _counted_list(text, m.start(), region.start)
                    if not s.quote(text).startswith(generic)]   # 甲、乙等4个派出所: one per name
            continue
        if len(plain) < raw["min_stem"] and not level_prefixed:
            continue
        if plain.startswith(tuple(raw.get("org_generic_stems", ()))):
            continue   # 乡镇司法所: a class of units
        if _counted_after(text, m.end()):
            continue   # 公共法律服务工作室127个: a class of units, counted
        if any(stem.endswith(w) for w in raw["org_generic_stem_endings"]):
            continue
        if suffix in raw["level_suffixes"] and not any(c in stem for c in raw["level_chars"]) \
                and not stem.startswith(tuple(raw.get("zone_words", ()))) \
                and not stem.startswith(tuple(raw.get("standalone_bodies", {}))):   # 某部某某局
            continue
        if _distributive(text, start, region.start):
            continue
        kind = OrgKind(suffixes[suffix])
        end = m.end()
        if _honour_title(text, start, end, region.start):
            continue   # 被评为“某某派出所”: an honour's title, not a body
        if start > region.start and text[start - 1] == "“" and text[end:end + 1] == "”" \
                and text.startswith(tuple(raw.get("org_quoted_not_followed_by", ())), end + 1):
            continue   # “清廉某某所”创建活动: a campaign's name, not a body
        if "“" in stem and text.startswith(tuple(raw.get("org_quoted_not_followed_by", ())), end):
            continue   # “枫桥式”某某所创建活动: likewise
        if start > region.start and text[start - 1] in "（(" and text[end:end + 1] in "）)" \
                and text.endswith(tuple(suffixes), region.start, start - 1):
            continue   # 某某中心（某某中心）: a second name of the body just named
        if _counted_before_bracket(text, start, region.start):
            continue   # 全区9个镇（街道）便民服务中心: a class of units, counted
        if level_prefixed:
            listed = _counted_list(text, start, region.start)
            if listed:    # 甲、乙、丙三个区司法局: one body per name, none for 区司法局 itself
                out += [Mention(MentionKind.ORGANIZATION, s, s.quote(text), RULE_ABBREVIATED,
                                OrgDetail(kind, plain + suffix, abbreviated=True)) for s in listed]
                continue
        if re.search(f"[{re.escape(raw['numerals'])}]+[个家所处]$", text[max(region.start, start - 6):start]):
            continue   # 3个街道公共法律服务工作站: a counted class of units
        if start > region.start and text[start - 1] == "“" and text[end:end + 1] == "”":
            # 某区“某某调解室”: a quoted name after the place it belongs to keeps both
            before = walk_left(text, start - 1, _NAME_LIMIT, region.start)
            if before < start - 1 and text[before:start - 1].endswith(tuple(raw["place_suffixes"])):
                start, end = before, end + 1
                stem = text[start:m.start()]
        out.append(Mention(MentionKind.ORGANIZATION, Span(start, end), text[start:end],
                           RULE_SUFFIX, OrgDetail(kind, suffix, abbreviated=level_prefixed)))
        for shared in _place_coordinated(text, start, end, region.start):
            # 甲街道、乙街道某某工作站: 甲街道某某工作站 too (each place of the list)
            rest = text[start:end][_place_prefix(text[start:end]):]
            out.append(Mention(MentionKind.ORGANIZATION, shared, shared.quote(text), RULE_ABBREVIATED,
                               OrgDetail(kind, rest, abbreviated=True)))
        if 2 <= len(stem) <= 3 and stem[0] not in raw["level_chars"]:
            # 甲、乙所: stems sharing the suffix (not 某某局、区财政局: 区财政 is no stem of a list)
            for item in _coordinated(text, start, region.start):
                out.append(Mention(MentionKind.ORGANIZATION, item, item.quote(text), RULE_ABBREVIATED,
                                   OrgDetail(kind, suffix, abbreviated=True)))
    return out


_COORDINATED_PLACE_SUFFIXES = ("街道", "社区", "镇", "乡", "村", "区", "县")


def _place_prefix(name: str) -> int | None:
    """Returns the length of the place opening ``name`` (某某街道某某工作站 → 4), or None."""
    for suffix in _COORDINATED_PLACE_SUFFIXES:
        i = name.find(suffix)
        if 2 <= i <= 4 and len(name) > i + len(suffix) + 1:
            return i + len(suffix)
    return None


def _previous_place(text: str, at: int, floor: int) -> Span | None:
    """甲区、乙区…: returns the span of the place that ends right before the 、 at ``at - 1``, or None."""
    if at - 1 <= floor or text[at - 1] != "、":
        return None
    for suffix in _COORDINATED_PLACE_SUFFIXES:
        if text.endswith(suffix, floor, at - 1):
            for n in (2, 3, 4):       # the shortest name with a boundary before it
                begin = at - 1 - len(suffix) - n
                if begin >= floor and all(is_cjk(c) for c in text[begin:at - 1]) and _left_ok(text, begin, floor):
                    return Span(begin, at - 1)
    return None


def _place_coordinated(text: str, start: int, end: int, floor: int) -> list[Span]:
    """甲街道、乙街道某某工作站, 甲区、乙区、丙县某某大队: returns the spans of the places listed before the
    name at ``start`` (which opens with a place) and joined to it by 、, nearest first."""
    if _place_prefix(text[start:end]) is None:
        return []
    out: list[Span] = []
    place = _previous_place(text, start, floor)
    while place is not None:
        out.append(place)
        place = _previous_place(text, place.start, floor)
    return out


def _counted_before_bracket(text: str, start: int, floor: int) -> bool:
    """Returns True when a counted class of places in brackets ends right before ``start``
    (9个镇（街道）便民服务中心)."""
    if start <= floor or text[start - 1] not in "）)":
        return False
    numerals = re.escape(rules().raw["numerals"])
    return re.search(f"[{numerals}]+个[\u4e00-\u9fff]{{1,4}}[（(][\u4e00-\u9fff、]{{1,6}}[）)]$",
                     text[max(floor, start - 16):start]) is not None


def _after_other_bodies(text: str, start: int, end: int, suffix: str) -> int:
    """Returns where a name really starts inside ``text[start:end]``: after 市委 in 市委市政府, and
    after the parent's name before a unit with a name of its own (某区司法局某某司法所 → 某某司法所)."""
    raw = rules().raw
    stem = text[start:end]
    for body, spec in raw["abbreviated_bodies"].items():
        i = stem.rfind(body)
        if spec.get("expand") and i >= 0 and stem[i + len(body):i + len(body) + 1] in raw["level_chars"]:
            start, stem = start + i + len(body), stem[i + len(body):]
    own = raw.get("own_name_units", {})
    if suffix in own.get("suffixes", ()):
        cut = max((i + 1 for i, c in enumerate(stem) if c in own.get("parent_ends", ())), default=0)
        if len(stem) - cut >= raw["min_stem"]:
            start += cut
    return start


@lru_cache(maxsize=1)
def _honour_verbs() -> tuple[str, ...]:
    verbs = rules().raw["honour_verbs"]
    return tuple(sorted(set(verbs["received"]) | set(verbs["applied"]), key=lambda w: (-len(w), w)))


def _honour_title(text: str, start: int, end: int, floor: int) -> bool:
    """Returns True when ``text[start:end]`` is quoted whole right after an honour verb."""
    return (start - 1 > floor and text[start - 1] == "“" and text[end:end + 1] == "”"
            and text.endswith(_honour_verbs(), floor, start - 1))


def _counted_list(text: str, start: int, floor: int) -> list[Span]:
    """甲、乙、丙三个区司法局, 甲、乙等4个派出所: returns the names listed before the count that
    precedes ``start`` (a lone level character or the suffix), or [] when no such list is there."""
    raw = rules().raw
    count = re.search(f"等?[{re.escape(raw['numerals'])}]+个$", text[max(floor, start - 7):start])
    if count is None:
        return []
    end = start - len(count.group())
    begin = end
    while begin > floor and is_cjk(text[begin - 1]) and end - begin < 4:
        begin -= 1
    if not 2 <= end - begin <= 3 or begin <= floor or text[begin - 1] != "、":
        return []
    return [*_coordinated(text, begin, floor), Span(begin, end)]


def _media(text: str, region: Span) -> list[Mention]:
    raw = rules().raw
    pattern = _patterns()[2]
    out: list[Mention] = []
    for m in pattern.finditer(text, region.start, region.end):
        after = text[m.end():m.end() + 1]
        if after and is_cjk(after) and after != "等":
            continue
        sentence = text[sentence_start(text, m.start(), region.start):sentence_end(text, m.end(), region.end)]
        if not any(w in sentence for w in raw["media_context"]):
            continue
        start = walk_left(text, m.start(), _NAME_LIMIT, region.start)
        if m.start() - start < raw["min_stem"]:
            continue
        out.append(Mention(MentionKind.ORGANIZATION, Span(start, m.end()), text[start:m.end()],
                           RULE_MEDIA, OrgDetail(OrgKind.MEDIA, m.group())))
    return out


def _bodies(text: str, region: Span) -> list[Mention]:
    bodies = rules().raw["abbreviated_bodies"]
    pattern = _patterns()[3]
    out = []
    for m in pattern.finditer(text, region.start, region.end):
        if m.start() > region.start and text[m.start() - 1] in "全各本该":
            continue
        if text.endswith(tuple(rules().raw.get("abbreviated_body_not_after", ())), region.start, m.start()):
            continue   # 各设区市政府: a class of bodies
        if bodies[m.group()].get("expand") and text.startswith("员", m.end()):
            continue   # 依法治省委员会: 省委 is inside the committee's name
        if bodies[m.group()].get("expand") and text.startswith(_post_titles(), m.end()):
            continue   # 区委常委、县委副书记: part of a post, not the body itself
        out.append(Mention(MentionKind.ORGANIZATION, Span(m.start(), m.end()), m.group(), RULE_BODY,
                           OrgDetail(OrgKind.GOVERNMENT_BODY, bodies[m.group()]["suffix"], abbreviated=True)))
    return out


def _own_words(text: str, region: Span) -> list[Mention]:
    """我局, 局机关 …: the publisher named by itself (the resolver gives it the publisher's label)."""
    out = []
    words = rules().raw.get("own_body_words", ())
    if not words:
        return out
    for m in alternation(words).finditer(text, region.start, region.end):
        if m.end() < len(text) and text[m.end()] in "党":
            continue   # 局机关党委: another body
        if text.startswith(_post_titles(), m.start()):
            continue   # 总队长: a post
        out.append(Mention(MentionKind.ORGANIZATION, Span(m.start(), m.end()), m.group(), RULE_BODY,
                           OrgDetail(OrgKind.GOVERNMENT_BODY, m.group()[-1], abbreviated=True)))
    return out


def _numbered_schools(text: str, region: Span) -> list[Mention]:
    """区一中: the report's own district's 第一中学 (the resolver expands it)."""
    spec = rules().raw.get("numbered_school")
    if not spec:
        return []
    out = []
    for m in re.finditer(spec["pattern"], text[region.start:region.end]):
        start = region.start + m.start()
        if _left_ok(text, start, region.start):
            out.append(Mention(MentionKind.ORGANIZATION, Span(start, region.start + m.end()), m.group(),
                               RULE_ABBREVIATED, OrgDetail(OrgKind.OTHER, spec["full"], abbreviated=True)))
    return out


def _bare_repeats(text: str, region: Span, taken: list[Mention]) -> list[Mention]:
    """行政审批局 after 开发区行政审批局 (or 区行政审批局): a body named once after a level word and
    then without it; 局 alone needs the level word, so the bare repeats are found here."""
    raw = rules().raw
    words = tuple(sorted(set(raw["level_chars"]) | set(raw.get("zone_words", ())), key=len, reverse=True))
    bare = set()
    for m in taken:
        if m.kind is MentionKind.ORGANIZATION and m.rule == RULE_SUFFIX and m.text.endswith(tuple(raw["level_suffixes"])):
            word = next((w for w in words if m.text.startswith(w)), None)
            if word and len(m.text) - len(word) >= 4:
                bare.add(m.text[len(word):])
    covered = [m.span for m in taken]
    out = []
    for name in sorted(bare):
        for hit in re.finditer(re.escape(name), text[region.start:region.end]):
            start, end = region.start + hit.start(), region.start + hit.end()
            if any(sp.start <= start < sp.end or sp.start < end <= sp.end for sp in covered):
                continue
            if not _left_ok(text, start, region.start):
                continue
            out.append(Mention(MentionKind.ORGANIZATION, Span(start, end), name, RULE_SUFFIX,
                               OrgDetail(OrgKind.GOVERNMENT_BODY, name[-1])))
            covered.append(Span(start, end))
    return out


def _subunits(text: str, region: Span, taken: list[Mention]) -> list[Mention]:
    """县司法局某某科, 局某某股: a short stem and a sub-unit suffix right after a body's name (or
    after a lone 局 / 厅 opening a clause, the report's own body)."""
    raw = rules().raw
    ends = "".join(raw.get("subunit_body_ends", ()))
    own = "".join(raw.get("own_body_prefixes", ()))
    suffixes = "".join(raw.get("subunit_suffixes", ()))
    if not suffixes or not ends:
        return []
    bodies = {m.span.end: m for m in taken if m.kind is MentionKind.ORGANIZATION}
    out = []
    # 局政策法规科, 厅行政复议一处: a 2-4 character stem, an optional ordinal, the suffix
    for m in re.finditer(f"[{ends}]([\u4e00-\u9fff]{{2,4}}?[一二三四五六七八九十]?)[{suffixes}]", text[region.start:region.end]):
        start, end = region.start + m.start(), region.start + m.end()
        after = text[end:end + 1]
        if after and is_cjk(after) and default_stops().ending_at(text + "", end + 1) is None \
                and not text.startswith(default_stops().words, end) \
                and not text.startswith(("被", "获", "荣", "入", "通", text[end - 1] + "长") + _post_titles(), end):
            continue   # 科学, 股份: the suffix character starts another word
        stem = m.group(1)
        if any(default_stops().ending_at(text, start + 1 + i) for i in range(1, len(stem) + 1)):
            continue
        body = bodies.get(start + 1)
        own_word = next((w for w in rules().raw.get("own_body_prefixes", ()) if text.endswith(w, 0, start + 1)
                         and _left_ok(text, start + 1 - len(w), region.start)), None)
        if body is not None:
            begin = body.span.start
        elif own_word:
            begin = start + 1 - len(own_word)     # 局某某科, 支队某某处: the report's own body's
        else:
            continue
        out.append(Mention(MentionKind.ORGANIZATION, Span(begin, end), text[begin:end], RULE_SUBUNIT,
                           OrgDetail(OrgKind.OTHER, text[end - 1], abbreviated=body is None)))
    return out


def _office_family(text: str) -> str | None:
    """Returns the full suffix a bare 所 stands for in ``text``: the first office family the
    document speaks of (司法所, else 税务所 …), or None."""
    rule = rules().raw["abbreviated_office"]
    return next((full for full in rule.get("families", {rule["full"]: rule["kind"]}) if full in text), None)


def _abbreviated_offices(text: str, region: Span, taken: list[Mention], family: str) -> list[Mention]:
    """<stem>所 standing for <stem><family> (司法所, 税务所), and the stems coordinated with it."""
    rule = rules().raw["abbreviated_office"]
    suffix = rule["suffix"]
    kind = OrgKind(rule.get("families", {}).get(family, rule["kind"]))
    covered = [m.span for m in taken]
    out: list[Mention] = []
    pos = text.find(suffix, region.start, region.end)
    while pos >= 0:
        nxt = text[pos + 1:pos + 2]
        ok = (nxt not in rule["not_before"] and pos > region.start
              and text[pos - 1] not in rule["not_after"]
              and not any(s.start <= pos < s.end for s in covered))
        if ok:
            for length in rule["stem_lengths"]:
                start = pos - length
                if start < region.start or not all(is_cjk(c) for c in text[start:pos]):
                    break
                inner = [default_stops().ending_at(text, i) for i in range(start + 1, pos + 1)]
                if any(w and len(w) > 1 for w in inner) or inner[-1]:
                    break
                if _left_ok(text, start, region.start):
                    out.append(Mention(MentionKind.ORGANIZATION, Span(start, pos + 1), text[start:pos + 1],
                                       RULE_ABBREVIATED, OrgDetail(kind, family, abbreviated=True)))
                    for item in _coordinated(text, start, region.start):
                        out.append(Mention(MentionKind.ORGANIZATION, item, item.quote(text),
                                           RULE_ABBREVIATED, OrgDetail(kind, family, abbreviated=True)))
                    break
        pos = text.find(suffix, pos + 1, region.end)
    return out
