"""Returns the structure of a normalised report text: header metadata, title, addressee, body
(page chrome excluded), sections, measures, sentences and the closing signature, each a
``[start, end)`` span into the text (see :func:`structure`).

:mod:`kg.reader` turns a file into that text (encodings, HTML pages, normalisation, Traditional
characters) and calls :func:`structure`. The words of the genre (header keys, heading styles,
markers, chrome) are data in ``kg/rules/structure.yaml``; this module holds the mechanism.

>>> doc = structure("某局2020年工作总结\\n\\n一、概况。\\n\\n一是建章立制。二是抓好落实。", "<string>", "txt", "utf-8", "zh-Hans")
>>> doc.title_text, [m.marker for m in doc.measures]
('某局2020年工作总结', ['一是', '二是'])
"""
from __future__ import annotations

import bisect
import datetime as _dt
import functools
import hashlib
import re
from dataclasses import dataclass

from kg.errors import ConfigError
from kg.model import Document, Header, Measure, Section, Sentence, Span
from kg.resources import load_yaml, resource_path

__all__ = ["structure", "structure_rules", "flat"]

_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*[-/年.]\s*([0-9]{1,2})\s*[-/月.]\s*([0-9]{1,2})")
_TITLE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*年)")
# A signature's date line: 2023年1月12日, 2023-01-12, 2023.1.12, or 二〇二三年一月十二日.
_DATE_LINE = re.compile(r"(?:19|20)[0-9]{2}\s*[-/年.]\s*[0-9]{1,2}\s*[-/月.]\s*[0-9]{1,2}\s*日?")
_CN_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*日")
_WHITESPACE = re.compile(r"\s+")


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
    report_suffixes: frozenset
    skip_file_stems: frozenset
    body_suffixes: tuple[str, ...]
    body_separators: re.Pattern
    addressee_max_chars: int
    closing_formulas: tuple[str, ...]
    closing_max_chars: int
    signatory_max_chars: int
    signatory_max_lines: int


@functools.lru_cache(maxsize=1)
def structure_rules() -> _Rules:
    """Return the structure rules, loaded once from ``kg/rules/structure.yaml``."""
    path = resource_path("kg", "rules", "structure.yaml")
    raw = load_yaml(path)  # a YAML syntax error names the file and line
    try:
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
            report_suffixes=frozenset(s.lower() for s in raw["report_suffixes"]),
            skip_file_stems=frozenset(s.lower() for s in raw["skip_file_stems"]),
            body_suffixes=tuple(sorted(raw["body_suffixes"], key=lambda w: (-len(w), w))),
            body_separators=re.compile(f"[{re.escape(raw['body_separators'])}]+"),
            addressee_max_chars=int(raw["addressee_max_chars"]),
            closing_formulas=tuple(raw["closing_formulas"]),
            closing_max_chars=int(raw["closing_max_chars"]),
            signatory_max_chars=int(raw["signatory_max_chars"]),
            signatory_max_lines=int(raw["signatory_max_lines"]),
        )
    except (KeyError, TypeError, AttributeError, ValueError, re.error) as e:
        raise ConfigError(f"{path} is malformed ({type(e).__name__}: {e}) — "
                          "restore it from the repository") from None


# ----------------------------------------------------------------------------- structure

def _line_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every line (without its LF)."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def flat(text: str) -> str:
    """Returns ``text`` with every run of whitespace as one space, stripped."""
    return _WHITESPACE.sub(" ", text).strip()


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
    if m:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _CN_DATE.search(value)
        if not m:
            return None
        rules = structure_rules()
        year = "".join(str(rules.numerals.get(c, 0)) for c in m.group(1))
        parts = (int(year), _numeral_value(m.group(2), rules), _numeral_value(m.group(3), rules))
    try:
        return _dt.date(*parts).isoformat()
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


def _front_matter(text: str, lines: list[tuple[int, int]], rules: _Rules,
                  page_titles: tuple[str, ...] = ()) -> _Front:
    """Return header, title and where the body may start, from the lines before the first paragraph.

    ``page_titles`` are the texts a saved page marks as its title (best first, normalised like
    ``text``); a cued one that is a front-matter line wins over the lines' own cues.
    """
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

    # Title: after the header first (in order), then between header lines (a page may print
    # 发布时间/来源 under its title), then before the header (nearest first).
    first_h = header_lines[0] if header_lines else len(lines)
    last_h = header_lines[-1] if header_lines else -1
    order = ([i for i in other if i > last_h] + [i for i in other if first_h < i < last_h]
             + [i for i in reversed(other) if i < first_h])

    def is_cued(line: str) -> bool:
        return any(c in line for c in rules.title_cues)

    def is_short(i):
        s = text[slice(*lines[i])].strip()
        return (len(s) <= rules.title_max_chars and not any(c in s for c in rules.sentence_punctuation)
                and not s.endswith(("：", ":")) and "|" not in s and "｜" not in s)   # not a table's row

    def page_title(cued: bool) -> tuple[int, Span] | None:
        """The first page title (cued or not) that is a front line, or, if cued, inside one."""
        wanted = [t for t in page_titles if t and is_cued(t) == cued and len(t) <= 2 * rules.title_max_chars]
        flattened = {i: flat(text[slice(*lines[i])]) for i in order}
        for t in wanted:
            i = next((i for i in order if flattened[i] == t), None)
            if i is not None:
                return i, Span(*_strip(text, *lines[i]))
        for t in wanted if cued else ():
            for i in order:
                at = text.find(t, *lines[i])
                if at >= 0:
                    return i, Span(at, at + len(t))
        return None

    found = page_title(cued=True)
    if found is None:
        title_i = next((i for i in order if is_cued(text[slice(*lines[i])]) and len(text[slice(*lines[i])].strip())
                        <= 2 * rules.title_max_chars), None)
        found = (title_i, Span(*_strip(text, *lines[title_i]))) if title_i is not None else None
    if found is None:
        found = page_title(cued=False)
    if found is None:
        title_i = next((i for i in order if is_short(i)), None)
        found = (title_i, Span(*_strip(text, *lines[title_i]))) if title_i is not None else None
    title_i, title = found if found else (None, None)
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


def _line_index(lines: list[tuple[int, int]], offset: int) -> int:
    """Return the index of the line holding ``offset``."""
    return bisect.bisect_right([s for s, _ in lines], offset) - 1


def _names_bodies(name: str, rules: _Rules) -> bool:
    """Return True when ``name`` is one or more bodies (区委、区政府 / 某区司法局), nothing else."""
    name = name.strip()
    if not name or len(name) > rules.addressee_max_chars or _heading_at(name, rules):
        return False
    if any(c in name for c in rules.sentence_punctuation + "：:") or any(c.isdigit() for c in name):
        return False
    parts = rules.body_separators.split(name)
    return all(len(p) >= 2 and p.endswith(rules.body_suffixes) for p in parts)


def _addressee(text: str, lines: list[tuple[int, int]], body: Span, rules: _Rules) -> Span | None:
    """Return the bodies a report is addressed to: the body's first line when it is
    ``区委、区政府：`` (names, then ：or :), without the colon."""
    if body.start >= body.end:
        return None
    s, e = lines[_line_index(lines, body.start)]
    s, e = _strip(text, max(s, body.start), min(e, body.end))
    if e - s < 2 or text[e - 1] not in "：:":
        return None
    s, e = _strip(text, s, e - 1)
    return Span(s, e) if _names_bodies(text[s:e], rules) else None


@dataclass(frozen=True)
class _Closing:
    """The closing block at the end of the body: 特此报告。 / the signing body / the date."""

    signatory: Span | None
    signed: str | None
    starts: int              # where the block starts: the body ends before it


def _closing(text: str, lines: list[tuple[int, int]], body: Span, rules: _Rules) -> _Closing:
    """Return the signing body, the date (ISO) and where the closing block starts, read upwards
    from the end of the body; a body without one is left whole."""
    first = _line_index(lines, body.start) if body.start < body.end else len(lines)
    todo = [i for i in range(first, _line_index(lines, max(body.end - 1, 0)) + 1)
            if _strip(text, max(lines[i][0], body.start), min(lines[i][1], body.end))[0]
            < min(lines[i][1], body.end)]
    spans = {i: _strip(text, max(lines[i][0], body.start), min(lines[i][1], body.end)) for i in todo}
    signed, signatory, starts = None, None, body.end
    # the date, alone on its line or after the signing body
    if todo:
        s, e = spans[todo[-1]]
        line = text[s:e]
        m = _DATE_LINE.search(line) or _CN_DATE.search(line)
        if m and m.end() == len(line) and (m.start() == 0 or (line[m.start() - 1].isspace()
                                                              and _names_bodies(line[:m.start()], rules))):
            signed = _iso_date(m.group(0))
            if signed:
                starts = s
                todo.pop()
                if m.start():
                    signatory = Span(*_strip(text, s, s + m.start()))
    # the signing body: lines of names, kept only above a date or below a closing formula
    held = []
    while signatory is None and todo and len(held) < rules.signatory_max_lines \
            and _names_bodies(text[slice(*spans[todo[-1]])], rules):
        held.append(todo.pop())
    formula = None
    if todo:
        line = text[slice(*spans[todo[-1]])]
        if len(line) <= rules.closing_max_chars and line.startswith(rules.closing_formulas):
            formula = todo.pop()
    if held and (signed or formula is not None):
        signatory = Span(spans[held[-1]][0], spans[held[0]][1])
        starts = spans[held[-1]][0]
    if formula is not None:
        starts = spans[formula][0]
    return _Closing(signatory=signatory, signed=signed, starts=starts)


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


def _year(text: str, title: Span | None, body: Span, dated: str | None) -> int | None:
    """Return the year the report covers: in the title, else the first 20xx年 of the body, else the
    year of ``dated`` (the header's date, else the signature's) − 1."""
    if title:
        m = _TITLE_YEAR.search(text, title.start, title.end)
        if m:
            return int(m.group(1))
    m = re.compile(r"(?<![0-9])(20[0-9]{2})(?=\s*年)").search(text, body.start, body.end)
    if m:
        return int(m.group(1))
    return int(dated[:4]) - 1 if dated else None


def structure(text: str, path: str, source_format: str, encoding: str, script: str,
               page_titles: tuple[str, ...] = ()) -> Document:
    """Return the Document for normalised ``text``: header, title, addressee, body, sections,
    measures, sentences, signature."""
    rules = structure_rules()
    lines = _line_spans(text)
    front = _front_matter(text, lines, rules, page_titles)
    body = _body(text, lines, front.body_from, rules)
    closing = _closing(text, lines, body, rules)
    body = Span(*_strip(text, body.start, closing.starts)) if closing.starts < body.end else body
    sections = _sections(text, lines, body, rules)
    return Document(
        path=path, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        header=front.header, title=front.title, body=body, sections=sections,
        measures=_measures(text, body, sections, rules),
        sentences=_sentences(text, lines, body, rules),
        year=_year(text, front.title, body, front.header.created or closing.signed),
        source_format=source_format, encoding=encoding, script=script,
        addressee=_addressee(text, lines, body, rules),
        signatory=closing.signatory, signed=closing.signed)
