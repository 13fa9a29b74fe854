"""Read a report file (.txt or a saved .html page, any common encoding) into a :class:`Document`.

The pipeline is: bytes → text (encoding detection) → plain text (HTML pages flattened with
the stdlib parser) → normalised text (NFC, LF, ASCII digits) → structure found on that one
text: header metadata, title, body (page chrome excluded), sections, measures, sentences.
Every part is a ``[start, end)`` code-point span into ``Document.text``.

The words of the genre (header keys, heading styles, markers, chrome) are data in
``kg/rules/structure.yaml``; this module holds the mechanism.

>>> doc = read_text("索引号 001/2021-1\\n\\n某局2020年工作总结\\n\\n一、概况。\\n\\n一是建章立制。二是抓好落实。")
>>> doc.header.index_number, doc.title_text, doc.year
('001/2021-1', '某局2020年工作总结', 2020)
>>> [(doc.text[s.heading.start:s.heading.end], s.level) for s in doc.sections]
[('概况', 1)]
>>> [m.marker for m in doc.measures]
['一是', '二是']
"""
from __future__ import annotations

import bisect
import codecs
import datetime as _dt
import functools
import hashlib
import os
import pathlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

import yaml

from kg.errors import ConfigError, InputError
from kg.model import Document, Header, Measure, Section, Sentence, Span
from kg.settings import Settings

__all__ = ["read_document", "read_text", "decode_bytes", "iter_report_paths",
           "normalize_text", "html_to_text"]

_RULES_PATH = pathlib.Path(__file__).with_name("rules") / "structure.yaml"

# Full-width digits, letters, ．and ％ → ASCII, so that figures parse; other full-width
# punctuation (，。：；、（）) is kept as written.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                         *range(0xFF41, 0xFF5B), 0xFF0E, 0xFF05)}
_NEWLINES = {0x2028: "\n", 0x2029: "\n", 0x85: "\n", 0xA0: " ", 0x202F: " "}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "euc_cn", "cp936"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{2,20})""", re.I)
# Control characters (but tab, LF, FF, CR), replacement and private-use characters: signs of binary data.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*[-/年.]\s*([0-9]{1,2})\s*[-/月.]\s*([0-9]{1,2})")
_TITLE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*年)")


# ----------------------------------------------------------------------------- rules

@dataclass(frozen=True)
class _HeadingStyle:
    """One heading numbering style (一、 / （一） / 1. / （1）) and its level."""

    name: str
    level: int
    regex: re.Pattern


@dataclass(frozen=True)
class _Rules:
    """The compiled structure rules of ``kg/rules/structure.yaml``."""

    header_key: re.Pattern            # a header key with its separator
    key_field: dict                   # key → field name (None for keys that fill no field)
    field_keys: dict                  # field → keys in order of preference
    title_cues: tuple[str, ...]
    title_max_chars: int
    numerals: dict
    headings: tuple[_HeadingStyle, ...]
    marker: re.Pattern
    measure_boundaries: str
    sentence_end: re.Pattern
    sentence_punctuation: str
    paragraph_min_chars: int
    chrome_items: frozenset
    chrome_prefixes: tuple[str, ...]
    chrome_contains: tuple[str, ...]
    chrome_contains_max_chars: int
    html_drop: frozenset
    html_blocks: frozenset
    html_lines: frozenset
    html_cells: frozenset
    report_suffixes: frozenset
    skip_file_stems: frozenset


@functools.lru_cache(maxsize=1)
def _rules() -> _Rules:
    """Return the structure rules, loaded once from ``kg/rules/structure.yaml``."""
    try:
        raw = yaml.safe_load(_RULES_PATH.read_text(encoding="utf-8"))
        field_keys = {f: tuple(ks) for f, ks in raw["header_fields"].items()}
        key_field = {k: f for f, ks in field_keys.items() for k in ks}
        key_field.update({k: None for k in raw["header_other_keys"] if k not in key_field})
        keys = sorted(key_field, key=lambda k: (-len(k), k))
        numerals = {str(k): int(v) for k, v in raw["numerals"].items()}
        cn = "[" + "".join(sorted(numerals)) + "]{1,4}"
        fill = {"cn": cn, "d": "[0-9]{1,2}"}
        headings = tuple(
            _HeadingStyle(h["name"], int(h["level"]),
                          re.compile(h["pattern"].replace("{cn}", fill["cn"]).replace("{d}", fill["d"])))
            for h in raw["heading_styles"])
        marker = "|".join(f"(?:{p.replace('{cn}', '(?P<v%d>%s)' % (i, cn))})"
                          for i, p in enumerate(raw["measure_markers"]))
        closers = re.escape(raw["sentence_closers"])
        return _Rules(
            header_key=re.compile(r"(?:(?<=\s)|^)(?P<key>" + "|".join(map(re.escape, keys))
                                  + r")(?P<sep>\s*[：:]\s*|\s+)"),
            key_field=key_field, field_keys=field_keys,
            title_cues=tuple(raw["title_cues"]), title_max_chars=int(raw["title_max_chars"]),
            numerals=numerals, headings=headings, marker=re.compile(marker),
            measure_boundaries=raw["measure_boundaries"],
            sentence_end=re.compile(f"[{re.escape(raw['sentence_ends'])}][{closers}]*"),
            sentence_punctuation=raw["sentence_punctuation"],
            paragraph_min_chars=int(raw["paragraph_min_chars"]),
            chrome_items=frozenset(raw["chrome_items"]),
            chrome_prefixes=tuple(raw["chrome_prefixes"]),
            chrome_contains=tuple(raw["chrome_contains"]),
            chrome_contains_max_chars=int(raw["chrome_contains_max_chars"]),
            html_drop=frozenset(raw["html_drop"]), html_blocks=frozenset(raw["html_blocks"]),
            html_lines=frozenset(raw["html_lines"]), html_cells=frozenset(raw["html_cells"]),
            report_suffixes=frozenset(s.lower() for s in raw["report_suffixes"]),
            skip_file_stems=frozenset(s.lower() for s in raw["skip_file_stems"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as e:
        raise ConfigError(f"{_RULES_PATH} is malformed ({type(e).__name__}: {e}) — "
                          "restore it from the repository") from e


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


def _read_bytes(path: pathlib.Path, limit: int) -> bytes:
    """Return the bytes of ``path``, refusing what cannot be a report file."""
    try:
        if not path.exists():
            raise InputError(f"{path}: no such file — check the path")
        if path.is_dir():
            raise InputError(f"{path} is a folder, not a report file — name a .txt or .html file")
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path} is {size} bytes, over the {limit}-byte limit — "
                             "split the file or raise max_input_bytes")
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except PermissionError as e:
        raise InputError(f"{path} cannot be read (permission denied) — check its permissions") from e
    except OSError as e:
        raise InputError(f"{path} cannot be read ({e.strerror or e}) — check the file") from e
    if len(data) > limit:
        raise InputError(f"{path} is over the {limit}-byte limit — split the file or raise max_input_bytes")
    return data


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a report file, refusing binary data.

    BOMs (UTF-8/16/32) first, then strict UTF-8, then a charset an HTML page declares, then
    charset-normalizer; the GB family is decoded as GBK, or GB18030 where GBK fails.
    """
    if not data:
        raise InputError(f"{path} is empty — give a report file with text in it")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _text_or_refuse(data.decode(enc), path), codecs.lookup(enc).name
            except UnicodeDecodeError as e:
                raise InputError(f"{path} starts with a {enc} byte-order mark but is not valid {enc} "
                                 "— re-save it as UTF-8") from e
    binary = InputError(f"{path} looks like a binary file, not text — give a .txt or .html report")
    if b"\x00" in data:
        raise binary
    try:
        return _text_or_refuse(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        found = _decode_as(data, declared.group(1).decode("ascii").lower())
        if found:
            return _text_or_refuse(found[0], path), found[1]
    from charset_normalizer import from_bytes  # optional heavy import, only for legacy encodings

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        raise binary
    found = _decode_as(data, best.encoding)
    if not found:
        raise binary
    return _text_or_refuse(found[0], path), found[1]


def _decode_as(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Return ``(text, codec name)`` decoding strictly with ``encoding`` (GB family: gbk, gb18030)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    for candidate in (("gbk", "gb18030") if name in _GB_FAMILY else (name,)):
        try:
            return data.decode(candidate).removeprefix("\ufeff"), candidate
        except UnicodeDecodeError:
            continue
    return None


def _text_or_refuse(text: str, path: str) -> str:
    """Return ``text`` unless it is mostly control or unassigned characters (binary data)."""
    bad = len(_NOT_TEXT.findall(text))
    if bad > 0.05 * len(text) or "\x00" in text:
        raise InputError(f"{path} looks like a binary file, not text — give a .txt or .html report")
    return text


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


class _PageText(HTMLParser):
    """Collects the visible text of a page: dropped elements skipped, blocks as line breaks."""

    def __init__(self, rules: _Rules):
        super().__init__(convert_charrefs=True)
        self.rules = rules
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0

    def _break(self, tag: str) -> None:
        if tag in self.rules.html_blocks:
            self.parts.append("\n\n")
        elif tag in self.rules.html_lines:
            self.parts.append("\n")
        elif tag in self.rules.html_cells:
            self.parts.append(" ")

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.skipping.clear()      # a head left open ends where the body starts
        if tag in self.rules.html_drop:
            self.skipping.append(tag)
        elif not self.skipping:
            self._break(tag)
            self.pre += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag not in self.rules.html_drop:
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
    """Return the visible text of an HTML page: script/style/head/nav dropped, one block per
    paragraph (blank line between), table cells joined by spaces, entities unescaped.

    >>> html_to_text("<html><head><title>t</title></head><body><p>一、总体&nbsp;情况</p><p>二</p></body></html>")
    '一、总体\\xa0情况\\n\\n二'
    """
    parser = _PageText(_rules())
    try:
        parser.feed(page)
        parser.close()
    except Exception as e:  # the stdlib parser is lenient; anything it raises means a broken page
        raise InputError(f"page could not be parsed as HTML ({type(e).__name__}) — save it as text") from e
    lines = (re.sub(" {2,}", " ", line.strip(" \t\n\r\f\xa0"))
             for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _looks_like_html(path: pathlib.Path, text: str) -> bool:
    """Return True for .htm/.html files and text that starts like an HTML page."""
    if path.suffix.lower() in (".htm", ".html"):
        return True
    head = text.lstrip("\ufeff \t\r\n")[:64].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta"))


# ----------------------------------------------------------------------------- entry points

def read_document(path: str | os.PathLike, settings: Settings | None = None) -> Document:
    """Return the :class:`Document` read from a report file (.txt or saved .html page)."""
    settings = settings or Settings()
    p = pathlib.Path(path)
    data = _read_bytes(p, settings.max_input_bytes)
    text, encoding = decode_bytes(data, str(p))
    fmt = "html" if _looks_like_html(p, text) else "txt"
    return read_text(text, str(p), source_format=fmt, encoding=encoding)


def read_text(text: str, path: str = "<string>", *, source_format: str = "txt",
              encoding: str = "utf-8") -> Document:
    """Return the :class:`Document` for report text (``source_format="html"`` flattens a page first)."""
    if source_format == "html":
        try:
            text = html_to_text(text)
        except InputError as e:
            raise InputError(f"{path}: {e.args[0]}") from e
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(f"{path} holds unpaired surrogate code points — re-save it as UTF-8") from e
    text = normalize_text(text)
    if not text.strip():
        raise InputError(f"{path} has no text — give a report file with text in it")
    return _structure(text, path, source_format, encoding)


# ----------------------------------------------------------------------------- structure

def _line_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every line (without its LF)."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` narrowed to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_chrome(line: str, rules: _Rules) -> bool:
    """Return True for a line of page chrome (print/close links, breadcrumbs, site footer)."""
    s = line.strip()
    if not s:
        return False
    if len(s) >= 2 and s in rules.chrome_items:
        return True
    if s.startswith(rules.chrome_prefixes):
        return True
    if len(s) <= rules.chrome_contains_max_chars and any(c in s for c in rules.chrome_contains):
        return True
    items = re.findall(r"[【\[]([^【】\[\]]{1,12})[】\]]", s)
    rest = re.sub(r"[【\[][^【】\[\]]{1,12}[】\]]", "", s).strip()
    return bool(items) and not rest and all(
        any(w in item.replace(" ", "") for w in rules.chrome_items if len(w) >= 2)
        or item.strip() in rules.chrome_items for item in items)


def _header_fields(line: str, rules: _Rules) -> list[tuple[str | None, str, str]]:
    """Return ``(field, key, value)`` triples of a header line, or [] if the line is not one."""
    matches = list(rules.header_key.finditer(line))
    if not matches or line[:matches[0].start()].strip():
        return []
    pairs = []
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = line[m.end():nxt.start() if nxt else len(line)].strip()
        pairs.append((rules.key_field[m.group("key")], m.group("key"), value))
    return pairs


def _iso_date(value: str) -> str | None:
    """Return ``yyyy-mm-dd`` for the first date in ``value`` (2021-02-23, 2021年2月23日, 2021/2/23)."""
    m = _DATE.search(value)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _numeral_value(numeral: str, rules: _Rules) -> int:
    """Return the value of a Chinese or ASCII numeral (十一 → 11, 二十 → 20, 3 → 3)."""
    if numeral.isascii():
        return int(numeral)
    total = current = 0
    for ch in numeral:
        v = rules.numerals[ch]
        if v in (10, 100):
            total += (current or 1) * v
            current = 0
        else:
            current = current * 10 + v
    return total + current


def _heading_at(line: str, rules: _Rules):
    """Return ``(style, match)`` if ``line`` (left-stripped) starts with a heading number."""
    for style in rules.headings:
        m = style.regex.match(line)
        if m:
            return style, m
    return None


@dataclass(frozen=True)
class _Front:
    """What precedes the body: header metadata, the title, and where the body may start."""

    header: Header
    title: Span | None
    body_from: int


def _front_matter(text: str, lines: list[tuple[int, int]], rules: _Rules) -> _Front:
    """Return header, title and where the body may start, from the lines before the first paragraph."""
    header_lines, other = [], []
    values: dict[str, dict[str, str]] = {}
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        stripped = line.strip()
        if not stripped or _is_chrome(line, rules):
            continue
        pairs = _header_fields(line.lstrip(), rules)
        if pairs:
            header_lines.append(i)
            for f, k, v in pairs:
                if f and v:
                    values.setdefault(f, {}).setdefault(k, v)
            continue
        if _heading_at(stripped, rules) or (
                len(stripped) >= rules.paragraph_min_chars and any(c in stripped for c in "。！？")):
            break
        other.append(i)

    def pick(field: str) -> str | None:
        found = values.get(field, {})
        return next((found[k] for k in rules.field_keys.get(field, ()) if k in found), None)

    created = pick("created")
    header = Header(
        index_number=pick("index_number"), category=pick("category"), publisher=pick("publisher"),
        created=_iso_date(created) if created else None, disclosure=pick("disclosure"),
        span=Span(*_strip(text, lines[header_lines[0]][0], lines[header_lines[-1]][1]))
        if header_lines else None)

    # Title: after the header first (in order), then before it (nearest first).
    first_h = header_lines[0] if header_lines else len(lines)
    last_h = header_lines[-1] if header_lines else -1
    order = [i for i in other if i > last_h] + [i for i in reversed(other) if i < first_h]

    def is_cued(i):
        return any(c in text[slice(*lines[i])] for c in rules.title_cues)

    def is_short(i):
        s = text[slice(*lines[i])].strip()
        return (len(s) <= rules.title_max_chars and not any(c in s for c in rules.sentence_punctuation)
                and not s.endswith(("：", ":")))

    title_i = next((i for i in order if is_cued(i) and len(text[slice(*lines[i])].strip())
                    <= 2 * rules.title_max_chars), None)
    if title_i is None:
        title_i = next((i for i in order if is_short(i)), None)
    title = Span(*_strip(text, *lines[title_i])) if title_i is not None else None
    after = max([title_i if title_i is not None else -1, last_h])
    body_from = lines[after][1] if after >= 0 else 0
    return _Front(header, title, body_from)


def _body(text: str, lines: list[tuple[int, int]], body_from: int, rules: _Rules) -> Span:
    """Return the body: from the first content line at/after ``body_from`` to the first chrome line."""
    start = end = None
    for s, e in lines:
        if s < body_from:
            continue
        line = text[s:e]
        if start is None:
            if line.strip() and not _is_chrome(line, rules):
                start = s
            continue
        if _is_chrome(line, rules):
            end = s
            break
    if start is None:
        return Span(len(text), len(text))
    return Span(*_strip(text, start, len(text) if end is None else end))


def _sections(text: str, lines: list[tuple[int, int]], body: Span, rules: _Rules) -> tuple[Section, ...]:
    """Return the numbered sections inside ``body``, in document order."""
    found = []
    for s, e in lines:
        if s < body.start or s >= body.end:
            continue
        e = min(e, body.end)
        stripped_at = _strip(text, s, e)[0]
        hit = _heading_at(text[stripped_at:e], rules)
        if hit:
            found.append((stripped_at, e, *hit))
    # （1） sits one level below 1. when a report uses both styles.
    uses_digit_dot = any(style.name == "digit-dot" for *_, style, _m in found)
    level_of = {h.name: h.level + (h.name == "digit-paren" and uses_digit_dot) for h in rules.headings}
    last: dict[str, int] = {}
    accepted = []
    for start, line_end, style, m in found:
        level = level_of[style.name]
        value = _numeral_value(m.group("value"), rules)
        if value not in (1, last.get(style.name, 0) + 1):
            continue
        last[style.name] = value
        for name in [n for n, lv in level_of.items() if lv > level]:
            last.pop(name, None)
        head_start = start + m.end()
        stop = rules.sentence_end.search(text, head_start, line_end)
        head = _strip(text, head_start, stop.start() if stop else line_end)
        number = m.group("value") if style.level == 1 else m.group("number")
        accepted.append((start, level, number, Span(*head)))
    # Each section ends where the next one of the same or a higher level starts (a stack, from the end).
    ends: list[int] = [body.end] * len(accepted)
    stack: list[tuple[int, int]] = []
    for i in range(len(accepted) - 1, -1, -1):
        start, level = accepted[i][0], accepted[i][1]
        while stack and stack[-1][1] > level:
            stack.pop()
        if stack:
            ends[i] = stack[-1][0]
        stack.append((start, level))
    return tuple(Section(position=i + 1, number=number, heading=head,
                         span=Span(*_strip(text, start, ends[i])), level=level)
                 for i, (start, level, number, head) in enumerate(accepted))


def _innermost(sections: tuple[Section, ...], starts: list[int], offset: int) -> Section | None:
    """Return the innermost section containing ``offset`` (sections nest: the latest started one)."""
    i = bisect.bisect_right(starts, offset) - 1
    while i >= 0:
        if offset < sections[i].span.end:
            return sections[i]
        i -= 1
    return None


def _measures(text: str, body: Span, sections: tuple[Section, ...], rules: _Rules) -> tuple[Measure, ...]:
    """Return the 一是/二是 … measures inside sections, each up to the next marker or section."""
    hits: dict[int, list[tuple[int, str]]] = {}
    last: dict[int, int] = {}
    starts = [s.span.start for s in sections]
    for m in rules.marker.finditer(text, body.start, body.end):
        before = m.start()
        while before > body.start and text[before - 1] in " \t\u3000":
            before -= 1
        if before > body.start and text[before - 1] != "\n" and text[before - 1] not in rules.measure_boundaries:
            continue
        section = _innermost(sections, starts, m.start())
        if section is None:
            continue
        numeral = next(v for k, v in m.groupdict().items() if v)
        value = _numeral_value(numeral, rules)
        if value not in (1, last.get(section.position, 0) + 1):
            continue
        last[section.position] = value
        hits.setdefault(section.position, []).append((m.start(), m.group(0)))
    measures = []
    by_position = {s.position: s for s in sections}
    for position in sorted(hits):
        section = by_position[position]
        marks = hits[position]
        for j, (start, marker) in enumerate(marks):
            ends = [section.span.end]
            following = bisect.bisect_right(starts, start)
            if following < len(starts):
                ends.append(starts[following])
            if j + 1 < len(marks):
                ends.append(marks[j + 1][0])
            measures.append(Measure(position=j + 1, section=position, marker=marker,
                                    span=Span(*_strip(text, start, min(ends)))))
    return tuple(sorted(measures, key=lambda x: x.span.start))


def _sentences(text: str, lines: list[tuple[int, int]], body: Span, rules: _Rules) -> tuple[Sentence, ...]:
    """Return the sentences of the body: split at 。！？； and line ends, terminators kept."""
    spans = []
    for s, e in lines:
        s, e = max(s, body.start), min(e, body.end)
        if s >= e:
            continue
        cursor = s
        for m in rules.sentence_end.finditer(text, s, e):
            spans.append(_strip(text, cursor, m.end()))
            cursor = m.end()
        spans.append(_strip(text, cursor, e))
    return tuple(Sentence(position=i + 1, span=Span(a, b))
                 for i, (a, b) in enumerate(sp for sp in spans if sp[0] < sp[1]))


def _year(text: str, title: Span | None, body: Span, created: str | None) -> int | None:
    """Return the year the report covers: in the title, else the first 20xx年 of the body, else created − 1."""
    if title:
        m = _TITLE_YEAR.search(text, title.start, title.end)
        if m:
            return int(m.group(1))
    m = re.compile(r"(?<![0-9])(20[0-9]{2})(?=\s*年)").search(text, body.start, body.end)
    if m:
        return int(m.group(1))
    return int(created[:4]) - 1 if created else None


def _structure(text: str, path: str, source_format: str, encoding: str) -> Document:
    """Return the Document for normalised ``text``: header, title, body, sections, measures, sentences."""
    rules = _rules()
    lines = _line_spans(text)
    front = _front_matter(text, lines, rules)
    body = _body(text, lines, front.body_from, rules)
    sections = _sections(text, lines, body, rules)
    return Document(
        path=path, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        header=front.header, title=front.title, body=body, sections=sections,
        measures=_measures(text, body, sections, rules),
        sentences=_sentences(text, lines, body, rules),
        year=_year(text, front.title, body, front.header.created),
        source_format=source_format, encoding=encoding)
