"""Bytes of a report file → text: bounded reading, encoding detection, refusing binary data.

Detection looks at the bytes, never at the file name: byte-order marks (UTF-8/16/32) first,
then UTF-16 without a mark (its NUL bytes fall all on odd or all on even offsets), then strict
UTF-8, then the charset an HTML page declares, then charset-normalizer; the GB family is
decoded as GBK, or GB18030 where GBK fails.

>>> decode_bytes("法治政府建设年度报告".encode("gb18030"), "r.txt")
('法治政府建设年度报告', 'gbk')
>>> decode_bytes("一、概况\\n2020年".encode("utf-16-le"), "r.txt")
('一、概况\\n2020年', 'utf-16-le')
"""
from __future__ import annotations

import codecs
import pathlib
import re

from kg.errors import InputError

__all__ = ["read_bytes", "decode_bytes"]

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "euc_cn", "cp936"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{2,20})""", re.I)
# Control characters (but tab, LF, FF, CR), replacement and private-use characters: signs of binary data.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
# What a report's text is made of: CJK ideographs and punctuation, full-width forms, printable ASCII.
_TEXTLIKE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2000-\u206f\t\n\r\x20-\x7e\xa0-\xff]")


def _binary(path: str) -> InputError:
    return InputError(f"{path} looks like a binary file, not text — give a .txt or .html report")


def read_bytes(path: pathlib.Path, limit: int) -> bytes:
    """Returns the bytes of ``path`` (at most ``limit``), refusing what cannot be a report file.

    The size is checked before reading, and reading stops after ``limit + 1`` bytes, so a huge
    file or an endless stream (a device, a pipe) costs bounded memory.
    """
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
    """Returns ``(text, encoding)`` for the bytes of a report file; raises InputError for binary data."""
    if not data:
        raise InputError(f"{path} is empty — give a report file with text in it")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _text_or_refuse(data.decode(enc), path), codecs.lookup(enc).name
            except UnicodeDecodeError as e:
                raise InputError(f"{path} starts with a {enc} byte-order mark but is not valid {enc} "
                                 "— re-save it as UTF-8") from e
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is None:
            raise _binary(path)
        return _text_or_refuse(found[0], path), found[1]
    try:
        return _text_or_refuse(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        found = _decode_as(data, declared.group(1).decode("ascii").lower())
        if found:
            return _text_or_refuse(found[0], path), found[1]
    from charset_normalizer import from_bytes  # heavy import, only for legacy encodings

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        raise _binary(path)
    found = _decode_as(data, best.encoding)
    if not found:
        raise _binary(path)
    return _text_or_refuse(found[0], path), found[1]


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Returns ``(text, codec)`` when ``data`` reads as UTF-16 without a byte-order mark, else None.

    Both byte orders are tried; the one whose characters are nearly all text-like (CJK,
    CJK punctuation, printable ASCII) wins. Binary data reads as neither.
    """
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = len(_TEXTLIKE.findall(text)) / len(text)
        if share >= 0.95 and (best is None or share > best[0]):
            best = (share, text, codec)
    return (best[1], best[2]) if best else None


def _decode_as(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Returns ``(text, codec name)`` decoding strictly with ``encoding`` (GB family: gbk, gb18030)."""
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
    """Returns ``text`` unless it is mostly control, replacement or private-use characters."""
    bad = len(_NOT_TEXT.findall(text))
    if bad > 0.05 * len(text) or "\x00" in text:
        raise _binary(path)
    return text
