"""Finds person mentions: a 2–3 character name next to a post title (王建国部长, 副区长张三).

The name is checked against the surname list in ``kg/rules/entities.yaml``; characters that
belong to organization words (部, 局, 委 …) never occur in a name, so 党支部书记 is no person.
"""
from __future__ import annotations

from functools import lru_cache

from ..model import Document, Mention, MentionKind, PersonDetail, Span
from ._common import CLAUSE_MARKS, alternation, default_stops, is_cjk, regions, rules

__all__ = ["find", "RULE_VERSION", "RULE_NAME_TITLE", "RULE_TITLE_NAME", "RULE_REPEAT"]

RULE_VERSION = "v1"
RULE_NAME_TITLE = "person.name-title.v1"
RULE_TITLE_NAME = "person.title-name.v1"
RULE_REPEAT = "person.repeat.v1"


@lru_cache(maxsize=1)
def _tables():
    raw = rules().raw
    return (alternation(raw["post_titles"]), frozenset(raw["surnames"]), frozenset(raw["not_in_names"]),
            frozenset(raw["post_titles"]))


def _is_name(name: str) -> bool:
    _, surnames, banned, _ = _tables()
    if not 2 <= len(name) <= 4 or not all(is_cjk(c) for c in name) or any(c in banned for c in name):
        return False
    if name in rules().raw.get("not_names", ()):
        return False
    return name[0] in surnames or (len(name) >= 3 and name[:2] in surnames)


def _boundary_before(text: str, pos: int, floor: int) -> bool:
    return (pos <= floor or text[pos - 1] in CLAUSE_MARKS or not is_cjk(text[pos - 1])
            or default_stops().ending_at(text, pos) is not None)


def _boundary_after(text: str, pos: int, ceiling: int) -> bool:
    if pos >= ceiling or text[pos] in CLAUSE_MARKS or not is_cjk(text[pos]):
        return True
    words = default_stops().words + tuple(rules().raw["name_followers"])
    return any(text.startswith(w, pos) for w in words)


def find(doc: Document) -> list[Mention]:
    """Returns the person mentions in ``doc``'s title and body, sorted by span."""
    titles = _tables()[0]
    text = doc.text
    found: dict[Span, Mention] = {}
    for region in regions(doc):
        for m in titles.finditer(text, region.start, region.end):
            post = m.group()
            hit = None
            for length in (3, 2):          # name before the title
                start = m.start() - length
                if start >= region.start and _is_name(text[start:m.start()]) \
                        and _boundary_before(text, start, region.start):
                    hit = Mention(MentionKind.PERSON, Span(start, m.start()), text[start:m.start()],
                                  RULE_NAME_TITLE, PersonDetail(text[start:m.start()], post))
                    break
            if hit is None:
                for length in (2, 3):      # name after the title (区委常委、副区长张三)
                    end = m.end() + length
                    if end <= region.end and _is_name(text[m.end():end]) \
                            and _boundary_after(text, end, region.end):
                        hit = Mention(MentionKind.PERSON, Span(m.end(), end), text[m.end():end],
                                      RULE_TITLE_NAME, PersonDetail(text[m.end():end], post))
                        break
            if hit is not None:
                found.setdefault(hit.span, hit)
    found.update(_repeats(doc, found))
    return sorted(found.values(), key=lambda x: (x.span.start, x.span.end))


def _repeats(doc: Document, found: dict[Span, Mention]) -> dict[Span, Mention]:
    """Returns the later mentions of a name first seen next to a post (支队长王某某 … 王某某获评…),
    each with that post, when the name stands between boundaries."""
    text, out = doc.text, {}
    first = {}
    for m in sorted(found.values(), key=lambda x: x.span.start):
        first.setdefault(m.detail.name, m)
    for region in regions(doc):
        for name, m in sorted(first.items()):
            pos = text.find(name, m.span.end)
            while 0 <= pos < region.end:
                span = Span(pos, pos + len(name))
                if pos >= region.start and span not in found and not any(
                        f.span.start < span.end and span.start < f.span.end for f in found.values()) \
                        and _boundary_before(text, pos, region.start) and _boundary_after(text, span.end, region.end):
                    out[span] = Mention(MentionKind.PERSON, span, name, RULE_REPEAT, PersonDetail(name, m.detail.post))
                pos = text.find(name, pos + 1)
    return out
