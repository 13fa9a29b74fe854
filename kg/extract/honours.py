"""Finds honour mentions: who received (or applied for) which title, at which level, from whom.

Patterns (vocabulary in ``kg/rules/entities.yaml``: ``honour_verbs``, ``acceptance``):

* ``honour.verb.v1``        X荣获Y / X被评为Y / X被<conferrer>评为Y                received
* ``honour.acceptance.v1``  X通过<conferrer>Y(命名)验收                            received
* ``honour.application.v1`` 申报X为Y / X…申报Y / 争创 / 力争                       not received
* ``honour.commendation.v1`` X…获<bodies>通报表扬 (the bodies confer, the commendation is the title)

The recipient is the organization, programme or place mention nearest before the verb in the
sentence; names coordinated with it by 、 (北山、南塘所) each get their own honour mention.
The mention's span is the honour title (称号 trimmed).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, HonourDetail, HonourLevel, Mention, MentionKind, OrgDetail, OrgKind, Span
from . import organizations, people, places, programs
from ._common import alternation, regions, rules, sentence_start

__all__ = ["find", "RULE_VERSION", "RULE_VERB", "RULE_ACCEPTANCE", "RULE_APPLICATION", "RULE_COMMENDATION",
           "honour_level"]

RULE_VERSION = "v1"
RULE_VERB = "honour.verb.v1"
RULE_ACCEPTANCE = "honour.acceptance.v1"
RULE_APPLICATION = "honour.application.v1"
RULE_COMMENDATION = "honour.commendation.v1"

_OBJECT_END = "，,。；;！!？?\n"


@lru_cache(maxsize=1)
def _tables():
    raw = rules().raw
    verbs = raw["honour_verbs"]
    acceptance = raw["acceptance"]
    levels = [(w, HonourLevel(level)) for level, ws in raw["honour_levels"].items() for w in ws]
    levels.sort(key=lambda p: (-len(p[0]), p[0]))
    return (alternation(verbs["received"] + verbs["applied"] + [acceptance["verb"]]),
            frozenset(verbs["applied"]), acceptance, levels,
            re.compile(raw["counted_object_pattern"]), alternation(raw["abbreviated_bodies"]))


def honour_level(*texts: str | None) -> HonourLevel:
    """Returns the level named first in the honour (then the conferrer): 全国 → national …

    >>> honour_level("全国法律援助先进集体").value
    'national'
    >>> honour_level("“枫桥式”司法所", "省厅").value
    'provincial'
    >>> honour_level("“枫桥式”税务分局", "国家税务总局某省税务局").value
    'provincial'
    """
    levels = _tables()[3]
    for n, text in enumerate(texts):
        if not text:
            continue
        best = None
        for word, level in levels:
            # the title: the level named first; a conferrer: the level of the body itself, named
            # last (国家税务总局某省税务局 is a provincial body)
            i = text.find(word) if n == 0 else text.rfind(word)
            if i >= 0 and (best is None or (i < best[0] if n == 0 else i > best[0])):
                best = (i, level)
        if best:
            return best[1]
    return HonourLevel.OTHER


def _looks_like_honour(title: str) -> bool:
    raw = rules().raw
    return ("“" in title or any(title.endswith(e) for e in raw["honour_endings"])
            or honour_level(title) is not HonourLevel.OTHER)


def find(doc: Document) -> list[Mention]:
    """Returns the honour mentions in ``doc``'s title and body, sorted by span then recipient."""
    text = doc.text
    verbs, applied, acceptance, _, counted, bodies = _tables()
    candidates = [m for m in organizations.find(doc) + programs.find(doc) + places.find(doc) + people.find(doc)]
    found: list[Mention] = []
    taken: list[Span] = []        # honour titles already found: not recipients
    for region in regions(doc):
        for v in verbs.finditer(text, region.start, region.end):
            verb = v.group()
            if any(t.start <= v.start() < t.end for t in taken):
                continue   # a verb inside a title found before (申报…创建项目)
            end = v.end()
            while end < region.end and text[end] not in _OBJECT_END:
                end += 1
            cut = min((i for i in (text.find(w, v.end(), end) for w in _object_ends()) if i >= 0), default=-1)
            purpose = cut >= 0 and text[max(region.start, v.start() - 1):v.start()] == "以"
            if cut >= 0:
                end = cut     # 以创建…示范县为抓手: the aim ends before 为抓手, and names no applicant
            if re.search(f"[0-9{re.escape(rules().raw['numerals'])}]+[卷件个项名家份篇]$",
                         text[max(region.start, v.start() - 6):v.start()].rstrip("被")):
                continue      # 3卷被评为优秀案卷: counted items, not a named recipient
            conferrer = None
            rule = RULE_APPLICATION if verb in applied else RULE_VERB
            recipient_zone = None
            if verb == acceptance["verb"]:
                close = text.find(acceptance["end"], v.end(), end)
                if close < 0:
                    continue
                rule = RULE_ACCEPTANCE
                start, end = v.end(), close
                for w in acceptance["trim"]:
                    if text[start:end].endswith(w):
                        end -= len(w)
                body = bodies.match(text, start)
                if body:
                    conferrer, start = Span(body.start(), body.end()), body.end()
                else:     # 通过某省公安厅“…”验收: a body named in full confers
                    named = [c.span for c in candidates if c.kind is MentionKind.ORGANIZATION
                             and c.span.start == start and c.span.end < end]
                    if named:
                        conferrer = max(named, key=lambda sp: sp.end)
                        start = conferrer.end
            else:
                start = v.end()
                obj = text[start:end]
                if verb in applied and "为" in obj[1:]:
                    cut = start + obj.index("为", 1)
                    recipient_zone = Span(start, cut)
                    start = cut + 1
                before = text[max(region.start, v.start() - rules().raw.get("honour_conferrer_window", 14)):v.start()]
                before = before[max(before.rfind(c) for c in "，,。；;：:\n") + 1:]   # this clause only
                if "被" in before and not verb.startswith("被"):
                    by = v.start() - len(before) + before.rindex("被") + 1
                    if v.start() - by >= 2:
                        conferrer = Span(by, v.start())
                trailing = next((w for w in rules().raw["honour_trailing"]
                                 if text[start:end].endswith(w) and end - len(w) > start + 1), None)
                if trailing:
                    end -= len(trailing)
                elif verb in rules().raw.get("honour_verbs_need_trailing", ()):
                    continue   # 获批…: 获 names an honour only before 表彰 / 称号
                if verb in rules().raw.get("honour_verbs_need_trailing", ()) and bodies.match(text, start):
                    continue   # 获市委市政府表彰: a commendation (below)
            scope = next((w for w in rules().raw.get("honour_scope_applicants", ()) if text.startswith(w, start)
                          and text.startswith(tuple(rules().raw.get("honour_title_trim_leading", ())), start + len(w))),
                         None) if verb in applied else None
            if scope:       # 力争全区创成…: the report's own area aims at it
                start += len(scope)
                purpose = True
            if verb in applied and recipient_zone is None:
                # 力争某县创成…: the applicant named inside the aim, before 创成
                for w in rules().raw.get("honour_title_trim_leading", ()):
                    named = [c.span for c in candidates if c.span.start == start and c.span.end < end
                             and text.startswith(w, c.span.end)]
                    if named:
                        recipient_zone = max(named, key=lambda sp: sp.end)
                        start = recipient_zone.end + len(w)
                        break
            elif verb not in applied and conferrer is None and rule == RULE_VERB:
                # 入选某部“…”: the body named before the quoted title confers it
                named = [c.span for c in candidates if c.kind is MentionKind.ORGANIZATION and c.span.start == start
                         and text[c.span.end:c.span.end + 1] == "“"]
                if named:
                    conferrer = max(named, key=lambda sp: sp.end)
                    start = conferrer.end
            lead = start
            for w in rules().raw.get("honour_title_trim_leading", ()):
                if verb in applied and text.startswith(w, start) and end - start > len(w) + 1:
                    start += len(w)     # 全力争创…: the 创 left over by 力争
                    break
            if start > lead:
                taken.append(Span(lead, start))   # 力争创建…: 创建 is no second aim
            quoted = text[start:start + 1] == "“" and text[end - 1:end] == "”" and "“" not in text[start + 1:end - 1]
            if quoted:
                start, end = start + 1, end - 1     # 授予“…先进集体”称号: the whole title quoted
            title = text[start:end]
            if len(title) < 2 or counted.search(title) or any(w in title for w in _not_in_titles()) or (
                    rule != RULE_ACCEPTANCE and not quoted and not _looks_like_honour(title)):
                continue
            span = Span(start, end)
            before_verb = conferrer.start - 1 if conferrer and conferrer.end == v.start() else v.start()
            body_title = title.rstrip("”").endswith(tuple(rules().raw["org_suffixes"]))   # …水利站: a body's title
            recipients = _recipients(text, candidates, taken, before_verb, recipient_zone,
                                     sentence_start(text, v.start(), region.start), aim=verb in applied or body_title)
            if verb in applied and purpose:
                recipients = []     # 以创建…为抓手: the report's area aims at it
            if verb in applied and title.endswith(tuple(rules().raw.get("honour_place_endings", ()))):
                # 力争创成…示范乡镇: a place's title; a unit named before (镇司法所申报…，) is not
                # its applicant, a government may be (区政府力争创建…示范区)
                recipients = [r for r in recipients if _may_hold_place_title(r, candidates)]
            taken.append(span)
            level = honour_level(title, conferrer.quote(text) if conferrer else None)
            national = rules().raw.get("standalone_bodies", {})
            if level is HonourLevel.OTHER and ((conferrer and conferrer.quote(text) in national)
                                               or title.startswith(tuple(national))):
                level = HonourLevel.NATIONAL     # 被公安部评为…, 申报水利部…工程: a national body's title
            for r in recipients or [None]:
                found.append(Mention(MentionKind.HONOUR, span, title, rule,
                                     HonourDetail(r, span, level, conferrer, verb not in applied)))
        found += _commendations(text, region, candidates, taken)
    return sorted(found, key=lambda m: (m.span.start, m.span.end, m.detail.recipient or Span(0, 0)))


@lru_cache(maxsize=1)
def _commendation_pattern() -> re.Pattern | None:
    raw = rules().raw
    spec = raw.get("commendation")
    if not spec:
        return None
    words = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=lambda w: (-len(w), w)))  # noqa: E731
    bodies = list(raw["abbreviated_bodies"]) + list(raw.get("standalone_bodies", {}))
    return re.compile(f"(?:{words(spec['verbs'])})((?:{words(bodies)})+)({words(spec['titles'])})")


def _commendations(text: str, region: Span, candidates: list[Mention], taken: list[Span]) -> list[Mention]:
    """X…获市委市政府通报表扬: the commendation (通报表扬) conferred by the bodies named."""
    pattern = _commendation_pattern()
    out: list[Mention] = []
    if pattern is None:
        return out
    for m in pattern.finditer(text, region.start, region.end):
        first = _tables()[5].match(text, m.start(1))   # the first body named confers (市委 in 市委市政府)
        if first is None:
            first = alternation(rules().raw.get("standalone_bodies", {})).match(text, m.start(1))
        span, conferrer = Span(m.start(2), m.end(2)), Span(m.start(1), first.end() if first else m.end(1))
        if any(t.start <= span.start < t.end for t in taken):
            continue
        recipients = _recipients(text, candidates, taken, m.start(), None,
                                 sentence_start(text, m.start(), region.start))
        taken.append(span)
        level = honour_level(span.quote(text), conferrer.quote(text))
        for r in recipients or [None]:
            out.append(Mention(MentionKind.HONOUR, span, span.quote(text), RULE_COMMENDATION,
                               HonourDetail(r, span, level, conferrer, True)))
    out += _passive_commendations(text, region, candidates, taken)
    return out


def _passive_commendations(text: str, region: Span, candidates: list[Mention], taken: list[Span]) -> list[Mention]:
    """X…被<body>通报表扬: the body named in full (an organization mention) confers the commendation."""
    spec = rules().raw.get("commendation") or {}
    out: list[Mention] = []
    if not spec:
        return out
    bodies = {m.span.end: m.span for m in candidates if m.kind is MentionKind.ORGANIZATION}
    for m in alternation(spec["titles"]).finditer(text, region.start, region.end):
        body = bodies.get(m.start())
        if body is None or body.start <= region.start or text[body.start - 1] != "被":
            continue
        span = Span(m.start(), m.end())
        if any(t.start <= span.start < t.end for t in taken):
            continue
        recipients = _recipients(text, candidates, taken, body.start - 1, None,
                                 sentence_start(text, body.start, region.start))
        taken.append(span)
        level = honour_level(span.quote(text), body.quote(text))
        for r in recipients or [None]:
            out.append(Mention(MentionKind.HONOUR, span, span.quote(text), RULE_COMMENDATION,
                               HonourDetail(r, span, level, body, True)))
    return out


def _recipients(text: str, candidates: list[Mention], taken: list[Span], verb_at: int,
                zone: Span | None, floor: int, aim: bool = False) -> list[Span]:
    """Returns the recipient spans: the mention nearest before the verb (or inside ``zone`` for
    申报X为Y), plus the names coordinated with it by 、."""
    if zone is not None:
        inside = [m for m in candidates if zone.contains(m.span)]
        inside.sort(key=lambda m: (m.kind is not MentionKind.ORGANIZATION, m.span.start, -m.span.end))
        return [inside[0].span] if inside else []
    before = [m for m in candidates if floor <= m.span.start and m.span.end <= verb_at
              and not any(t.contains(m.span) for t in taken)
              and not (aim and m.kind is MentionKind.PROGRAM)]     # an aim is a body's or a place's
    if not before:
        earlier = _anaphora(text, candidates, floor, verb_at)
        return [earlier] if earlier else []
    # nearest first; on the same span a body before a place (甲、乙两个区司法局: 甲 names both)
    before.sort(key=lambda m: (m.span.end, m.span.end - m.span.start, m.kind is MentionKind.ORGANIZATION))
    nearest = before[-1]
    if nearest.kind is MentionKind.PROGRAM:    # 某市“某某”改革入选…: the place or body that runs it
        runner = [m for m in before if m.span.end == nearest.span.start and m.kind is not MentionKind.PROGRAM]
        nearest = runner[-1] if runner else nearest
    chosen = [nearest.span]
    for m in reversed(before[:-1]):
        if m.kind is nearest.kind and m.span.end == chosen[0].start - 1 and text[m.span.end] == "、":
            chosen.insert(0, m.span)
    return chosen


@lru_cache(maxsize=1)
def _not_in_titles() -> tuple[str, ...]:
    return tuple(rules().raw.get("honour_title_not_containing", ()))


def _anaphora(text: str, candidates: list[Mention], floor: int, verb_at: int) -> Span | None:
    """该中心 / 该大队 opening the sentence: the nearest earlier organization whose name ends so
    (within the anaphora window), or None."""
    raw = rules().raw
    suffixes = set(raw["org_suffixes"]) | {k for k, v in raw["place_suffixes"].items() if v == "site"}
    hit = re.search("该(" + "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
                    + ")", text[floor:verb_at])
    if hit is None:      # 该站 / 该院: the last characters of a body's suffix, right before the verb
        hit = re.search("该([\u4e00-\u9fff]{1,2})$", text[floor:verb_at].rstrip("被"))
    if hit is None:
        return None
    at = floor + hit.start()
    window = raw.get("anaphora_window", 300)
    earlier = [m.span for m in candidates if m.kind in (MentionKind.ORGANIZATION, MentionKind.PLACE)
               and m.span.end <= at and at - m.span.end <= window and m.text.endswith(hit.group(1))]
    return max(earlier, key=lambda sp: (sp.end, -sp.start)) if earlier else None


def _may_hold_place_title(recipient: Span, candidates: list[Mention]) -> bool:
    """Returns False for a unit (a 司法所, a centre …) as the holder of a place's title."""
    kinds = {m.detail.kind for m in candidates if m.span == recipient and m.kind is MentionKind.ORGANIZATION
             and isinstance(m.detail, OrgDetail)}
    return not kinds or bool(kinds & {OrgKind.GOVERNMENT_BODY, OrgKind.PARTY_BODY})


@lru_cache(maxsize=1)
def _object_ends() -> tuple[str, ...]:
    return tuple(rules().raw.get("honour_object_ends", ()))

