"""Read a report file (.txt or a saved .html page, any common encoding) into a :class:`Document`.

The pipeline is: bytes → text (encoding detection, :mod:`kg.decode`) → plain text (HTML pages
flattened, :mod:`kg.htmltext`) → normalised text (NFC, LF, ASCII digits, Traditional characters
read as Simplified, one for one) → structure found on that one text: header metadata, title,
body (page chrome excluded), sections, measures, sentences. Every part is a ``[start, end)``
code-point span into ``Document.text``. Input that is not a report raises :class:`InputError`
with one line that names the file and says what to do.

A report addressed to bodies (``区委、区政府：``) has ``Document.addressee``: the body's first line,
kept in the body and as a sentence (extractors find the bodies it names) but in no section. Its
closing block — a formula (特此报告。), the signing body, the date — is after the body: not a
sentence, not counted by extractors; ``Document.signatory`` spans the body's name and
``Document.signed`` is the date (ISO). A saved page's title is the text its markup names as the
title (``<h1>``, ``class="…title…"``, ``<title>`` without the site's name) when that is a line of the page.

The structure is found by :mod:`kg.layout`; the words of the genre (header keys, heading styles,
markers, chrome) are data in ``kg/rules/structure.yaml``.

>>> doc = read_text("索引号 001/2021-1\\n\\n某局2020年工作总结\\n\\n一、概况。\\n\\n一是建章立制。二是抓好落实。")
>>> doc.header.index_number, doc.title_text, doc.year
('001/2021-1', '某局2020年工作总结', 2020)
>>> [(doc.text[s.heading.start:s.heading.end], s.level) for s in doc.sections]
[('概况', 1)]
>>> [m.marker for m in doc.measures]
['一是', '二是']
>>> doc = read_text("某局工作总结\\n\\n区委、区政府：\\n一、概况。内容。\\n\\n特此报告。\\n\\n某局\\n2022年1月5日")
>>> doc.addressee.quote(doc.text), doc.signatory.quote(doc.text), doc.signed, doc.body.quote(doc.text)
('区委、区政府', '某局', '2022-01-05', '区委、区政府：\\n一、概况。内容。')
"""
from __future__ import annotations

import functools
import os
import pathlib
import re
import sys
import unicodedata
from collections.abc import Sequence

from kg.decode import decode_bytes, read_bytes
from kg.errors import InputError
from kg.htmltext import html_page, html_to_text, looks_like_html
from kg.layout import flat as _flat
from kg.layout import structure as _structure
from kg.layout import structure_rules as _rules
from kg.model import Document
from kg.settings import Settings

__all__ = ["read_document", "read_text", "decode_bytes", "iter_report_paths",
           "normalize_text", "to_simplified", "html_to_text", "unwrap_hard_wraps"]

# Full-width digits, letters, ．and ％ → ASCII, so that figures parse; other full-width
# punctuation (，。：；、（）) is kept as written.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                         *range(0xFF41, 0xFF5B), 0xFF0E, 0xFF05)}
_NEWLINES = {0x2028: "\n", 0x2029: "\n", 0x85: "\n", 0xA0: " ", 0x202F: " ", 0x2007: " ",
             # zero-width characters that web pages leave inside words
             0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None, 0xAD: None}
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A text is read as Traditional when at least this share of its Han characters has a Simplified form.
_TRADITIONAL_SHARE = 0.05


# ----------------------------------------------------------------------------- files

def iter_report_paths(inputs: Sequence[str | os.PathLike]) -> list[pathlib.Path]:
    """Return the report files named by ``inputs`` (files, or folders searched recursively), sorted.

    Folders yield ``*.txt``, ``*.htm`` and ``*.html`` files, skipping hidden files and folders
    and notes such as README.txt. A file named explicitly is kept whatever its suffix.
    """
    rules = _rules()
    found: set[pathlib.Path] = set()
    for item in inputs:
        path = pathlib.Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder — check the path")
        if path.is_file():
            found.add(path)
            continue
        if not path.is_dir():
            raise InputError(f"{path} is neither a file nor a folder — save the report to a file first")
        in_folder = [
            p for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in rules.report_suffixes
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and p.stem.lower() not in rules.skip_file_stems
        ]
        if not in_folder:
            raise InputError(f"{path}: folder holds no report files "
                             f"({', '.join(sorted(rules.report_suffixes))}) — check the folder")
        found.update(in_folder)
    return sorted(found)


# ----------------------------------------------------------------------------- text

def normalize_text(text: str) -> str:
    """Return ``text`` with LF line ends, NBSP as space, full-width digits/letters/．％ as ASCII,
    NFC, and no trailing whitespace on any line.

    >>> normalize_text("比率１２．５％\\r\\n")
    '比率12.5%\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_NEWLINES).translate(_FULLWIDTH)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


_PAGE_NUMBER = re.compile(r"^\s*(?:[—－\-–]+\s*[0-9]+\s*[—－\-–]+|第\s*[0-9]+\s*页(?:\s*共\s*[0-9]+\s*页)?)\s*$")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十0-9]+）|\([0-9一二三四五六七八九十]+\)"
                            r"|[0-9]+[.．、](?![0-9])|第[一二三四五六七八九十]+部分|【|[①-⑩]|[一二三四五六七八九十]是)")
_LINE_ENDS = "。！？!?"


def _width(line: str) -> float:
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in line)    # ASCII and Latin half, CJK and “” full


def unwrap_hard_wraps(text: str) -> str:
    """Returns ``text`` with the hard wraps of a report converted from a PDF joined: when most long
    lines run to one width without ending a sentence, a line of that width is joined to the next
    (unless the next opens a heading), and page numbers (— 3 —, 第3页) and the title repeated as a
    running header are dropped. Other text is returned unchanged.

    >>> wrapped = "\\n".join(["标题"] + ["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"] * 8 + ["完。"])
    >>> unwrap_hard_wraps(wrapped).split("\\n")[1][:24]
    '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉甲乙丙丁'
    """
    lines = text.split("\n")
    long = [line for line in lines if _width(line) >= 16]
    if len(long) < 8:
        return text
    widths = sorted(_width(line) for line in long)
    width = widths[int(len(widths) * 0.75)]
    full = [line for line in long if _width(line) >= width - 2.5]
    open_ended = [line for line in full if not line.endswith(tuple(_LINE_ENDS))]
    if len(full) < 8 or len(full) < 0.5 * len(long) or len(open_ended) < 0.6 * len(full):
        return text
    title = next((line.strip() for line in lines if line.strip()), "")
    kept, seen_title = [], False
    for line in lines:
        if _PAGE_NUMBER.match(line) or (line.strip() == title and seen_title):
            while kept and not kept[-1].strip():
                kept.pop()           # the blank lines around the page break go with it
            kept.append("\0")        # marks the break: the next blank lines are dropped too
            continue
        seen_title = seen_title or line.strip() == title
        if not line.strip() and kept and kept[-1] == "\0":
            continue
        kept.append(line)
    out: list[str] = []
    last = 0.0           # the width of the last physical line (not of the joined paragraph)
    for line in kept:
        if line == "\0":
            continue
        if out and last >= width - 2.5 and line.strip() and not _HEADING_START.match(line.strip()) \
                and out[-1] != title:
            out[-1] += line.strip()
        else:
            out.append(line)
        last = _width(line)
    return "\n".join(out)


def to_simplified(text: str) -> tuple[str, str]:
    """Returns ``(text, script)``: Traditional text converted to Simplified one character for one
    character (so lengths and offsets are kept) and ``"zh-Hant"``, or the text unchanged and ``"zh-Hans"``.

    Conversion uses zhconv's phrase tables line by line; a line whose phrase conversion would
    change its length is converted character by character instead.

    >>> to_simplified("法治政府建設年度報告")
    ('法治政府建设年度报告', 'zh-Hant')
    >>> to_simplified("法治政府建设年度报告")
    ('法治政府建设年度报告', 'zh-Hans')
    """
    han = _HAN.findall(text)
    if not han:
        return text, "zh-Hans"
    changeable = None if "zhconv" in sys.modules else _changeable()  # loaded: its table may be replaced
    if changeable is not None and sum(c in changeable for c in han) < _TRADITIONAL_SHARE * len(han):
        return text, "zh-Hans"  # too few characters that zhconv could change: no need to load it
    try:
        import zhconv
    except ImportError:  # pragma: no cover - zhconv is a dependency; without it text is read as written
        return text, "zh-Hans"
    chars = "".join(sorted(set(han)))
    simple = zhconv.convert(chars, "zh-hans")
    changed = ({c for c, s in zip(chars, simple) if c != s} if len(simple) == len(chars)
               else {c for c in chars if zhconv.convert(c, "zh-hans") != c})
    if sum(c in changed for c in han) < _TRADITIONAL_SHARE * len(han):
        return text, "zh-Hans"
    return "\n".join(_simplified_line(line) for line in text.split("\n")), "zh-Hant"


@functools.lru_cache(maxsize=1)
def _changeable() -> frozenset[str] | None:
    """Returns the characters that zhconv's zh-hans table can change, read from its data file
    (importing zhconv costs far more), or None where that set bounds nothing.

    Every entry of the table keeps the length of what it converts, so a conversion changes only
    characters that some entry changes in place: no more of those, no more changed characters.
    None if its file is not found or an entry changes length.
    """
    import importlib.util
    import json

    try:
        spec = importlib.util.find_spec("zhconv")
        folders = list(spec.submodule_search_locations or []) if spec else []
        with open(os.path.join(folders[0], "zhcdict.json"), "rb") as fh:
            table = json.loads(fh.read().decode("utf-8"))["zh2Hans"]
    except (ImportError, IndexError, OSError, ValueError, KeyError, TypeError):
        return None
    if not all(map(lambda old, new: len(old) == len(new), table, table.values())):
        return None
    chars = {old for old, new in table.items() if len(old) == 1 and old != new}
    for old, new in table.items():
        if len(old) > 1:
            chars.update(a for a, b in zip(old, new) if a != b)
    return frozenset(chars)


def _simplified_line(line: str) -> str:
    """Returns ``line`` in Simplified characters, one for one (phrase tables unless they change its length)."""
    import zhconv

    converted = zhconv.convert(line, "zh-hans")
    if len(converted) != len(line):
        converted = "".join(c2 if len(c2 := zhconv.convert(c, "zh-hans")) == 1 else c for c in line)
    return converted


# ----------------------------------------------------------------------------- entry points

def read_document(path: str | os.PathLike, settings: Settings | None = None) -> Document:
    """Return the :class:`Document` read from a report file (.txt or saved .html page)."""
    settings = settings or Settings()
    p = pathlib.Path(path)
    data = read_bytes(p, settings.max_input_bytes)
    text, encoding = decode_bytes(data, str(p))
    fmt = "html" if looks_like_html(p, text) else "txt"
    return read_text(text, str(p), source_format=fmt, encoding=encoding)


def read_text(text: str, path: str = "<string>", *, source_format: str = "txt",
              encoding: str = "utf-8") -> Document:
    """Return the :class:`Document` for report text (``source_format="html"`` flattens a page first).

    Raises :class:`InputError` for text that is empty or holds no Chinese (not a report).
    """
    page_titles: tuple[str, ...] = ()
    if source_format == "html":
        try:
            page = html_page(text)
        except InputError as e:
            raise InputError(f"{path}: {e.args[0]}") from e
        text, page_titles = page.text, page.titles
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(f"{path} holds unpaired surrogate code points — re-save it as UTF-8") from e
    text = unwrap_hard_wraps(normalize_text(text))
    if not text.strip():
        raise InputError(f"{path} has no text — give a report file with text in it")
    if not _HAN.search(text):
        raise InputError(f"{path} holds no Chinese text, so it is not a report — "
                         "give a Chinese government report (.txt or saved .html page)")
    text, script = to_simplified(text)
    titles = tuple(_flat(normalize_text(t)) for t in page_titles)
    if script == "zh-Hant":
        titles = tuple(_simplified_line(t) for t in titles)
    return _structure(text, path, source_format, encoding, script, titles)
