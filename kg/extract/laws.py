"""Finds law mentions: 《…》 titles that end like a legal instrument (法, 条例, 决定 …).

The span covers the title inside the outer brackets; nested titles (《关于〈…〉的决定》 or
《关于《…》的决定》) stay inside the outer one. A 《…》 that is not a legal instrument (a newspaper,
a book) gives no mention.
"""
from __future__ import annotations

from ..model import Document, Mention, MentionKind, Span
from ._common import regions, rules

__all__ = ["find", "RULE_VERSION", "RULE_TITLE"]

RULE_VERSION = "v1"
RULE_TITLE = "law.title.v1"


def _titles(text: str, start: int, end: int):
    """Yields the spans inside outermost 《…》 pairs between ``start`` and ``end``."""
    depth, opened = 0, 0
    for i in range(start, end):
        ch = text[i]
        if ch == "《":
            if depth == 0:
                opened = i + 1
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                yield Span(opened, i)
        elif ch in "\n" and depth:
            depth = 0      # an unclosed title does not run past its line


def find(doc: Document) -> list[Mention]:
    """Returns the law mentions in ``doc``'s title and body, sorted by span."""
    endings = tuple(rules().raw["law_endings"])
    found = []
    for region in regions(doc):
        for span in _titles(doc.text, region.start, region.end):
            title = span.quote(doc.text)
            core = title.removesuffix("(草案)").removesuffix("（草案）")
            if core.endswith(("）", ")")):   # 纲要（2021—2025年）: a trailing note in brackets
                core = core[:max(core.rfind("（"), core.rfind("("))]
            if len(core) >= 2 and core.endswith(endings):
                found.append(Mention(MentionKind.LAW, span, title, RULE_TITLE))
    return sorted(found, key=lambda m: (m.span.start, m.span.end))
