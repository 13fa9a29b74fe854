"""Pinyin and English labels for Chinese names, from a translation table kept as data."""
from __future__ import annotations

from functools import lru_cache

from .resources import load_yaml, resource_path

__all__ = ["pinyin", "pinyin_name", "english", "split_kind"]

# place-level suffixes that may prefix a longer name (鹿城区 + 法律援助中心)
_PLACE_SUFFIXES = ("自治区", "省", "市", "区", "县", "街道", "镇", "乡")


@lru_cache(maxsize=1)
def _translations() -> dict[str, str]:
    data = load_yaml(resource_path("kg", "rules", "translation.yaml"))
    return dict(data["suffixes"])


@lru_cache(maxsize=1)
def _pinyin_ready() -> bool:
    import pypinyin

    data = load_yaml(resource_path("data", "reference", "pinyin-readings.yaml")) or {}
    phrases = {k: [[s] for s in v] for k, v in (data.get("phrases") or {}).items()}
    pypinyin.load_phrases_dict(phrases)
    return True


def pinyin(text: str, *, tones: bool = True) -> str:
    """Returns the pinyin of ``text`` as one capitalised word ("Qīdū"; "Qidu" without tones).

    >>> pinyin("七都")
    'Qīdū'
    >>> pinyin("七都", tones=False)
    'Qidu'
    """
    import pypinyin

    _pinyin_ready()
    style = pypinyin.Style.TONE if tones else pypinyin.Style.NORMAL
    syllables = [s[0] for s in pypinyin.pinyin(text, style=style, errors="default")]
    word = "".join(syllables)
    return word[:1].upper() + word[1:]


def split_kind(name: str) -> tuple[str, str | None]:
    """Returns (proper part, kind suffix) by the longest suffix in the translation table."""
    table = _translations()
    for i in range(len(name)):
        if name[i:] in table:
            return name[:i], name[i:]
    return name, None


def _segments(name: str) -> list[tuple[str, str | None]]:
    """Returns [(proper part, kind suffix)] for a name: place prefixes first, then the rest."""
    segments: list[tuple[str, str | None]] = []
    rest = name
    while True:
        cut = None
        for j in range(2, len(rest) - 1):
            if rest[:j].endswith(_PLACE_SUFFIXES):
                head, kind = split_kind(rest[:j])
                if kind in _PLACE_SUFFIXES and len(head) >= 2 and split_kind(rest[j:])[1]:
                    cut = j
                    break
        if cut is None:
            break
        segments.append(split_kind(rest[:cut]))
        rest = rest[cut:]
    segments.append(split_kind(rest))
    return segments


def pinyin_name(name: str) -> str:
    """Returns the pinyin of a name, proper part and kind as separate words.

    >>> pinyin_name("七都街道")
    'Qīdū Jiēdào'
    """
    words = []
    for head, kind in _segments(name):
        words += [pinyin(part) for part in (head, kind) if part]
    return " ".join(words)


def english(name: str) -> str:
    """Returns an English label: pinyin of the proper part plus the translated kind.

    >>> english("某某司法所")
    'Moumou Judicial Office'
    """
    table = _translations()
    words = []
    for head, kind in _segments(name):
        if kind:
            words.append(f"{pinyin(head, tones=False)} {table[kind]}" if head else table[kind])
        else:
            words.append(pinyin(head, tones=False))
    return " ".join(words)
