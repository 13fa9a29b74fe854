"""Finds programme mentions: named reforms, systems, pilots, models, campaigns.

Four rules (vocabulary in ``kg/rules/entities.yaml``):

* ``program.suffix.v1`` — a name ending with a programme suffix, left boundary as for
  organizations: 推进“最多跑一次”改革 → “最多跑一次”改革; weak suffixes (模式, 机制 …) need a
  quoted part: 基层法治“四维”治理新模式. A counted name keeps its count: 三项制度.
* ``program.list.v1`` — the items of "X、Y等制度/措施": quoted items, or short plain ones.
* ``program.quoted.v1`` — a quote closing the clause right after a programme verb:
  开展民营企业“法治体检”, → 法治体检.
* ``program.brand.v1`` — “X”<place>品牌 → X.

``ProgramDetail.place`` is the place where it was piloted: 在X街道试点开展的… → X街道.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Mention, MentionKind, ProgramDetail, Span
from ._common import alternation, inside_brackets, regions, rules, walk_left, walk_stem

__all__ = ["find", "programme_kind", "RULE_VERSION", "RULE_SUFFIX", "RULE_LIST", "RULE_QUOTED", "RULE_BRAND"]

RULE_VERSION = "v1"
RULE_SUFFIX = "program.suffix.v1"
RULE_LIST = "program.list.v1"
RULE_QUOTED = "program.quoted.v1"
RULE_BRAND = "program.brand.v1"

_NAME_LIMIT = 24
_LIST_BOUNDS = "，,。；;！!？?：:\n"
_CJK = r"\u4e00-\u9fff"


@lru_cache(maxsize=1)
def _patterns():
    raw = rules().raw
    suffixes = raw["program_suffixes"]
    numerals = re.escape(raw["numerals"])
    words = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=lambda w: (-len(w), w)))  # noqa: E731
    place_suffixes = words(k for k, v in raw["place_suffixes"].items() if v != "site")
    return dict(
        suffix=alternation(suffixes["strong"] + suffixes["weak"]),
        weak=frozenset(suffixes["weak"]),
        all=frozenset(suffixes["strong"] + suffixes["weak"]),
        counted=re.compile(f"[{numerals}]+项$"),
        listed=re.compile(f"等([{_CJK}]{{0,4}}?)({words(raw['program_list_nouns'])})"),
        quoted=re.compile(f"(?:{words(raw['program_verbs'])})[{_CJK}]{{0,6}}“([^”“]{{2,20}})”"
                          f"(?=[，,。；;]|[0-9{numerals}]+(?:{words(raw.get('program_session_words', ()))}))"),
        brand=re.compile(f"“([^”“]{{2,20}})”[{_CJK}]{{0,{raw['program_brand_descriptor_min'] - 1}}}"
                         f"{re.escape(raw['program_brand_noun'])}"),
        pilot=re.compile(f"在([{_CJK}]{{2,8}}?(?:{place_suffixes}))(?:{words(raw['pilot_markers'])})"
                         f"(?:{words(raw['pilot_verbs'])})?的?$"),
    )


@lru_cache(maxsize=1)
def _kind_endings() -> tuple[tuple[str, str], ...]:
    kinds = rules().raw.get("programme_kinds") or {}
    pairs = {(ending, kind) for kind, endings in kinds.items() for ending in endings}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def programme_kind(label: str) -> str:
    """Returns the kind of a programme (a code of the ``programme-kind`` list) from how its name
    ends, the longest listed ending winning; "other" when none does.

    >>> programme_kind("“最多跑一次”改革"), programme_kind("证明事项告知承诺制试点"), programme_kind("一人一档")
    ('reform', 'pilot', 'other')
    """
    name = label.rstrip("”\"")
    for ending, kind in _kind_endings():
        if name.endswith(ending):
            return kind
    return "other"


def find(doc: Document) -> list[Mention]:
    """Returns the programme mentions in ``doc``'s title and body, sorted by span."""
    text = doc.text
    found: list[Mention] = []
    for region in regions(doc):
        found += _suffixed(text, region)
        found += _listed(text, region)
        found += _quoted(text, region)
    # a span inside a longer programme is part of it, not a programme of its own
    found.sort(key=lambda m: (m.span.start, -m.span.end, m.rule))
    kept: list[Mention] = []
    for m in found:
        if any(k.span.contains(m.span) for k in kept):
            continue
        kept.append(m)
    return sorted((_with_place(text, m) for m in kept), key=lambda m: (m.span.start, m.span.end))


def _with_place(text: str, m: Mention) -> Mention:
    head_start = max(0, m.span.start - 24)
    before = text[head_start:m.span.start]
    for mark in _LIST_BOUNDS:
        before = before.rsplit(mark, 1)[-1]
    pilot = _patterns()["pilot"].search(before)
    if pilot is None:
        return m
    offset = m.span.start - len(before)
    place = Span(offset + pilot.start(1), offset + pilot.end(1))
    return Mention(m.kind, m.span, m.text, m.rule, ProgramDetail(place=place))


def _suffixed(text: str, region: Span) -> list[Mention]:
    raw = rules().raw
    pats = _patterns()
    out = []
    for m in pats["suffix"].finditer(text, region.start, region.end):
        if inside_brackets(text, m.start(), region.start):
            continue
        blocked = next((w for w in raw["program_not_followed_by"] if text.startswith(w, m.end())), None)
        if blocked and not (blocked in raw.get("program_verbs_after_named", ()) and m.group() not in pats["weak"]
                            and "”" in text[max(region.start, m.start() - _NAME_LIMIT):m.start()]):
            continue   # 制度化, 试点开展 …; but “八五”普法规划实施: a named programme, then a verb
        if m.group() in raw["pilot_markers"] and text.startswith("“", m.end()):
            continue   # 试点“某某”: the verb, the quoted name is the programme
        start = walk_stem(text, m.start(), _NAME_LIMIT, region.start)
        if start > region.start and text[start - 1] in "和与" and not _ends_with_suffix(text, start - 1) \
                and text[start - 2:start - 1] != "”":   # “甲”和“乙”试点: two names
            # 法律顾问和公职律师制度, 甲与乙“…”改革试点: one name over 和 / 与 (not 甲制度和乙制度: two names)
            before = walk_left(text, start - 1, _NAME_LIMIT, region.start)
            if 2 <= start - 1 - before <= 6:
                start = before
        if start > region.start and text[start - 1] == "等":
            continue   # “甲”“乙”等某某专项整治: the class of the listed names
        stem = text[start:m.start()]
        if stem.endswith(tuple(raw.get("program_stem_not_ending", ()))):
            continue   # 以“某某”方式出让: the manner of an act, not a programme's name
        if not stem and m.group() not in pats["weak"]:
            counted = pats["counted"].search(text, max(region.start, m.start() - 4), m.start())
            if counted:
                out.append(_mention(text, Span(counted.start(), m.end()), RULE_SUFFIX))
            continue
        generic = tuple(raw.get("program_generic_stems", ()))
        if "“" not in stem and stem.startswith(generic):
            continue   # 区级部门内部控制制度 (checked before the level character is dropped); but a
            #            quoted name is one (“村级便民代办”制度)
        scope = next((w for w in raw.get("program_scope_prefixes", ()) if stem.startswith(w)), None)
        if scope and len(stem) > len(scope) + 1:
            start += len(scope)      # 承担全市某某试点: the scope is no part of the name
            stem = stem[len(scope):]
        # a lone level character before the name means "the district's" (制定区…计划)
        if len(stem) > 3 and stem[0] in raw["level_chars"] and stem[1] not in raw["level_chars"]:
            start += 1
            stem = stem[1:]
        head = stem[:stem.index("“")] if "“" in stem else ""
        if "“" in stem and (head.endswith(tuple(raw.get("program_modifier_endings", ())))
                            or (start > region.start and text[start - 1] == "、")
                            or (2 <= len(head) <= 6 and head.endswith(_place_endings())) or len(head) == 1):
            # 应急管理领域“放管服”改革, 自治、法治、德治“三治融合”试点, 某市“某某”改革: a domain (or the
            # last of a list of domains, or the place that runs it) is no part of the name
            start += stem.index("“")
            stem = text[start:m.start()]
        plain = stem.replace("“", "").replace("”", "")
        if m.group() == "长制" and len(plain) >= 2 and plain[-2] in raw["level_chars"]:
            start, stem, plain = m.start() - 1, stem[-1:], plain[-1:]    # 某省河长制: the place is no part
        if m.group() == "长制" and len(plain) == 1:
            plain += m.group()      # 河长制, 林长制: a one-character head is the name
        if len(plain) < 2 or ("“" not in stem and plain.startswith(generic)):
            continue   # 部分试点: a class of programmes
        if "“" not in stem and any(stem.endswith(w) for w in raw["program_generic_endings"]):
            continue   # 民生领域改革: a domain (but “非现场执法”监管模式 is a name)
        if plain in pats["all"]:
            continue   # 改革试点: a programme word before another, no name
        if m.group() in pats["weak"] and "“" not in stem:
            continue
        if m.group() in raw.get("program_outcome_suffixes", ()) \
                and text.endswith(tuple(raw.get("program_outcome_verbs", ())), region.start, start):
            continue   # 实现规划“一张图”管理: an outcome reached, not a programme run
        if m.group() in raw.get("program_counted_suffixes", ()) and text[m.end():m.end() + 1] in raw["numerals"]:
            continue   # 完成“某某”项目436个: items counted, not one programme
        if m.group() == raw["program_brand_noun"] and _short_brand_descriptor(stem):
            continue   # “X”<place>品牌: the brand rule names X
        if any(stem.endswith(k) for k in raw["place_suffixes"]) or (
                "“" not in stem and stem.endswith(tuple(raw["org_suffixes"]))):
            continue   # 某镇试点, 某局试点: a place or a body piloting (not “某某式”所创建活动)
        out.append(_mention(text, Span(start, m.end()), RULE_SUFFIX))
    return out


@lru_cache(maxsize=1)
def _place_endings() -> tuple[str, ...]:
    return tuple(k for k, v in rules().raw["place_suffixes"].items() if v not in ("site", "province"))


def _short_brand_descriptor(stem: str) -> bool:
    """Returns True when the words between a brand's quoted name and 品牌 are a short descriptor
    (a place: “X”南岭品牌 names X), False for a longer one or a domain word (“X”普法品牌)."""
    raw = rules().raw
    descriptor = stem[stem.rfind("”") + 1:]
    return len(descriptor) < raw["program_brand_descriptor_min"] \
        and descriptor not in raw.get("program_brand_domains", ())


def _ends_with_suffix(text: str, pos: int) -> bool:
    pats = _patterns()
    return any(text.endswith(s, 0, pos) for s in rules().raw["program_suffixes"]["strong"]) \
        or any(text.endswith(s, 0, pos) for s in pats["weak"])


def _named(item: str) -> bool:
    """A programme's name has words: “3·15” (a date) is none."""
    return sum(1 for c in item if "\u4e00" <= c <= "\u9fff") >= 2


def _listed(text: str, region: Span) -> list[Mention]:
    out = []
    for m in _patterns()["listed"].finditer(text, region.start, region.end):
        begin = m.start()
        while begin > region.start and text[begin - 1] not in _LIST_BOUNDS:
            begin -= 1
        segment = text[begin:m.start()]
        quotes = list(re.finditer(r"“([^”“]{2,20})”", segment))
        pos = begin
        for item in re.split(r"[、 ]", segment):
            item_span = Span(pos, pos + len(item))
            pos += len(item) + 1
            inner = [q for q in quotes if item_span.start <= begin + q.start() < item_span.end]
            if inner:
                for q in inner:
                    if _named(q.group(1)):
                        out.append(_mention(text, Span(begin + q.start(1), begin + q.end(1)), RULE_LIST))
            elif item and quotes or len(segment.split("、")) > 1:
                start = walk_left(text, item_span.end, len(item), item_span.start, measures=False)
                if 2 <= item_span.end - start <= 8:
                    out.append(_mention(text, Span(start, item_span.end), RULE_LIST))
    return out


def _quoted(text: str, region: Span) -> list[Mention]:
    out = []
    pats = _patterns()
    for pattern, rule in ((pats["quoted"], RULE_QUOTED), (pats["brand"], RULE_BRAND)):
        for m in pattern.finditer(text, region.start, region.end):
            if not _named(m.group(1)):
                continue
            if rule == RULE_BRAND and not _short_brand_descriptor(text[m.start():m.end() - 2]):
                continue   # “X”普法品牌: a domain word, the whole is the name (the suffix rule)
            out.append(_mention(text, Span(m.start(1), m.end(1)), rule))
    return out


def _mention(text: str, span: Span, rule: str) -> Mention:
    return Mention(MentionKind.PROGRAM, span, span.quote(text), rule, ProgramDetail())
