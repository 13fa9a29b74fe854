"""A saved web page → its visible text (and the page's title candidates), with the stdlib HTML parser.

Script, style, head and navigation are dropped; block elements become paragraph breaks,
``<br>``/``<tr>`` line breaks, table cells spaces. Which elements are which is data in
``kg/rules/structure.yaml`` (``html_drop``, ``html_blocks``, ``html_lines``, ``html_cells``).
The texts a page marks as its title — title meta tags, ``<h1>``–``<h3>``, elements whose class or
id names a title, and the ``<title>`` element — are kept apart as :attr:`Page.titles`, so that the
reader can tell the report's title from the site's top bar (``html_title_*`` in the same file).
"""
from __future__ import annotations

import functools
import pathlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from kg.errors import ConfigError, InputError
from kg.resources import load_yaml, resource_path

__all__ = ["Page", "html_page", "html_to_text", "looks_like_html"]

_SPACES = re.compile(r"[ \t\n\r\f\xa0\u3000]+")


@dataclass(frozen=True)
class _HtmlRules:
    drop: frozenset
    blocks: frozenset
    lines: frozenset
    cells: frozenset
    title_tags: tuple[str, ...]       # heading elements that may hold the title, best first
    title_words: tuple[str, ...]      # class/id words that mark a title element
    title_meta: tuple[str, ...]       # <meta name=…> holding the title, best first
    title_separators: tuple[str, ...]  # between the report's title and the site name in <title>
    void: frozenset                   # elements without an end tag


@dataclass(frozen=True)
class Page:
    """A flattened page: its visible text and the texts the page marks as its title, best first."""

    text: str
    titles: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def _html_rules() -> _HtmlRules:
    """Returns the HTML element lists of ``kg/rules/structure.yaml``, loaded once."""
    path = resource_path("kg", "rules", "structure.yaml")
    raw = load_yaml(path)
    try:
        return _HtmlRules(
            *(frozenset(raw[k]) for k in ("html_drop", "html_blocks", "html_lines", "html_cells")),
            title_tags=tuple(raw["html_title_tags"]),
            title_words=tuple(w.lower() for w in raw["html_title_words"]),
            title_meta=tuple(w.lower() for w in raw["html_title_meta"]),
            title_separators=tuple(raw["html_title_separators"]),
            void=frozenset(raw["html_void"]))
    except (KeyError, TypeError, AttributeError) as e:
        raise ConfigError(f"{path}: missing or malformed {e} — restore the html_* lists from the repository") from None


def _flat(text: str) -> str:
    """Returns ``text`` with every run of whitespace as one space, stripped."""
    return _SPACES.sub(" ", text).strip()


class _PageText(HTMLParser):
    """Collects the visible text of a page: dropped elements skipped, blocks as line breaks;
    and, apart, the text of the elements that mark a title."""

    def __init__(self, rules: _HtmlRules):
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0
        # open title captures: [tag, rank, depth of that tag inside, collected parts]
        self.captures: list[list] = []
        self.found: list[tuple[int, int, str]] = []   # (rank, order, text)
        self.page_title: list[str] = []

    def _break(self, tag: str) -> None:
        if tag in self.rules.blocks:
            self.parts.append("\n\n")
        elif tag in self.rules.lines:
            self.parts.append("\n")
        elif tag in self.rules.cells:
            self.parts.append(" ")

    def _rank(self, tag: str, attrs) -> int | None:
        """Returns how good a title holder the element is (lower is better), or None."""
        if tag in self.rules.title_tags:
            return 1 + self.rules.title_tags.index(tag)
        if tag in self.rules.void:
            return None
        marks = " ".join((v or "") for k, v in attrs if k in ("class", "id")).lower()
        if marks and any(w in marks for w in self.rules.title_words):
            return 1
        return None

    def _add(self, rank: int, text: str) -> None:
        text = _flat(text)
        if text:
            self.found.append((rank, len(self.found), text))

    def _meta(self, attrs) -> None:
        d = {k: (v or "") for k, v in attrs}
        if (d.get("name") or d.get("property") or "").lower() in self.rules.title_meta:
            self._add(0, d.get("content", ""))

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.skipping.clear()      # a head left open ends where the body starts
        if tag == "meta":
            self._meta(attrs)
        if tag in self.rules.drop:
            self.skipping.append(tag)
            return
        if self.skipping:
            return
        for c in self.captures:
            c[2] += c[0] == tag
        rank = self._rank(tag, attrs)
        if rank is not None:
            self.captures.append([tag, rank, 1, []])
        self._break(tag)
        self.pre += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        if tag == "meta":
            self._meta(attrs)
        elif not self.skipping and tag not in self.rules.drop:
            self._break(tag)

    def handle_endtag(self, tag):
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        elif not self.skipping:
            self._break(tag)
            if tag == "pre" and self.pre:
                self.pre -= 1
            for c in list(self.captures):
                if c[0] == tag:
                    c[2] -= 1
                    if c[2] == 0:
                        self.captures.remove(c)
                        self._add(c[1], "".join(c[3]))

    def handle_data(self, data):
        if self.skipping:
            if self.skipping[-1] == "title":
                self.page_title.append(data)
            return
        self.parts.append(data if self.pre else re.sub(r"[ \t\n\r\f]+", " ", data))
        for c in self.captures:
            c[3].append(data)

    def titles(self) -> tuple[str, ...]:
        """Returns the title candidates, best first, each once: meta, headings and title elements,
        then the ``<title>`` element's parts (the report's title before the site's name)."""
        found = [t for _, _, t in sorted(self.found)]
        whole = _flat("".join(self.page_title))
        if whole:
            pieces = [whole]
            for sep in self.rules.title_separators:
                pieces = [p for piece in pieces for p in piece.split(sep)]
            found += [p.strip() for p in pieces if p.strip()] + [whole]
        return tuple(dict.fromkeys(found))


def _parse(page: str) -> _PageText:
    parser = _PageText(_html_rules())
    try:
        parser.feed(page)
        parser.close()
    except Exception as e:  # the stdlib parser is lenient; anything it raises means a broken page
        raise InputError(f"page could not be parsed as HTML ({type(e).__name__}) — save it as text") from e
    return parser


def html_page(page: str) -> Page:
    """Returns the :class:`Page` of an HTML page: its visible text (as :func:`html_to_text`) and its
    title candidates, best first.

    >>> p = html_page("<title>某局2021年工作总结_某市政府网</title><div class='top'>首页</div>"
    ...               "<h1 class='art-title'>某局2021年工作总结</h1><p>正文。</p>")
    >>> p.text
    '首页\\n\\n某局2021年工作总结\\n\\n正文。'
    >>> p.titles
    ('某局2021年工作总结', '某市政府网', '某局2021年工作总结_某市政府网')
    """
    parser = _parse(page)
    lines = (re.sub(" {2,}", " ", line.strip(" \t\n\r\f\xa0"))
             for line in "".join(parser.parts).split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return Page(text=text, titles=parser.titles())


def html_to_text(page: str) -> str:
    """Returns the visible text of an HTML page: script/style/head/nav dropped, one block per
    paragraph (blank line between), table cells joined by spaces, entities unescaped.

    >>> html_to_text("<html><head><title>t</title></head><body><p>一、总体&nbsp;情况</p><p>二</p></body></html>")
    '一、总体\\xa0情况\\n\\n二'
    """
    return html_page(page).text


def looks_like_html(path: pathlib.Path, text: str) -> bool:
    """Returns True for .htm/.html files and for text that starts like an HTML page.

    >>> looks_like_html(pathlib.Path("saved.txt"), "\\ufeff <!DOCTYPE html><html>")
    True
    """
    if path.suffix.lower() in (".htm", ".html"):
        return True
    head = text.lstrip("\ufeff \t\r\n")[:64].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta"))
