"""A saved web page → its visible text, with the stdlib HTML parser.

Script, style, head and navigation are dropped; block elements become paragraph breaks,
``<br>``/``<tr>`` line breaks, table cells spaces. Which elements are which is data in
``kg/rules/structure.yaml`` (``html_drop``, ``html_blocks``, ``html_lines``, ``html_cells``).
"""
from __future__ import annotations

import functools
import pathlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from kg.errors import ConfigError, InputError
from kg.resources import load_yaml, resource_path

__all__ = ["html_to_text", "looks_like_html"]


@dataclass(frozen=True)
class _HtmlRules:
    drop: frozenset
    blocks: frozenset
    lines: frozenset
    cells: frozenset


@functools.lru_cache(maxsize=1)
def _html_rules() -> _HtmlRules:
    """Returns the HTML element lists of ``kg/rules/structure.yaml``, loaded once."""
    path = resource_path("kg", "rules", "structure.yaml")
    raw = load_yaml(path)
    try:
        return _HtmlRules(*(frozenset(raw[k]) for k in ("html_drop", "html_blocks", "html_lines", "html_cells")))
    except (KeyError, TypeError) as e:
        raise ConfigError(f"{path}: missing or malformed {e} — restore the html_* lists from the repository") from None


class _PageText(HTMLParser):
    """Collects the visible text of a page: dropped elements skipped, blocks as line breaks."""

    def __init__(self, rules: _HtmlRules):
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0

    def _break(self, tag: str) -> None:
        if tag in self.rules.blocks:
            self.parts.append("\n\n")
        elif tag in self.rules.lines:
            self.parts.append("\n")
        elif tag in self.rules.cells:
            self.parts.append(" ")

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.skipping.clear()      # a head left open ends where the body starts
        if tag in self.rules.drop:
            self.skipping.append(tag)
        elif not self.skipping:
            self._break(tag)
            self.pre += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag not in self.rules.drop:
            self._break(tag)

    def handle_endtag(self, tag):
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        elif not self.skipping:
            self._break(tag)
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data if self.pre else re.sub(r"[ \t\n\r\f]+", " ", data))


def html_to_text(page: str) -> str:
    """Returns the visible text of an HTML page: script/style/head/nav dropped, one block per
    paragraph (blank line between), table cells joined by spaces, entities unescaped.

    >>> html_to_text("<html><head><title>t</title></head><body><p>一、总体&nbsp;情况</p><p>二</p></body></html>")
    '一、总体\\xa0情况\\n\\n二'
    """
    parser = _PageText(_html_rules())
    try:
        parser.feed(page)
        parser.close()
    except Exception as e:  # the stdlib parser is lenient; anything it raises means a broken page
        raise InputError(f"page could not be parsed as HTML ({type(e).__name__}) — save it as text") from e
    lines = (re.sub(" {2,}", " ", line.strip(" \t\n\r\f\xa0"))
             for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def looks_like_html(path: pathlib.Path, text: str) -> bool:
    """Returns True for .htm/.html files and for text that starts like an HTML page.

    >>> looks_like_html(pathlib.Path("saved.txt"), "\\ufeff <!DOCTYPE html><html>")
    True
    """
    if path.suffix.lower() in (".htm", ".html"):
        return True
    head = text.lstrip("\ufeff \t\r\n")[:64].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta"))
