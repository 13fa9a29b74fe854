"""Pinyin and English labels for Chinese names, from a translation table kept as data."""
from __future__ import annotations

from functools import lru_cache

from .resources import load_yaml, resource_path

__all__ = ["pinyin", "pinyin_name", "english", "split_kind", "pinyin_memo_name", "load_pinyin_memo",
           "save_pinyin_memo"]

#: Quotation marks in names, written as ASCII in romanised labels.
_QUOTES = {"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "《": '"', "》": '"', '"': '"'}


#: Letters that start a syllable needing an apostrophe inside a word (GB/T 16159).
_APOSTROPHE_BEFORE = frozenset("aāáǎàoōóǒòeēéěè")


@lru_cache(maxsize=1)
def _table() -> dict:
    data = load_yaml(resource_path("kg", "rules", "translation.yaml")) or {}
    return {"suffixes": dict(data.get("suffixes") or {}),
            "place_kinds": dict(data.get("place_kinds") or {}),
            "words": dict(data.get("words") or {})}


def _translations() -> dict[str, str]:
    return _table()["suffixes"]


@lru_cache(maxsize=1)
def _pinyin_ready() -> _PhraseFile | None:
    """Returns pypinyin's phrase table read on demand, or None when pypinyin holds all of it.

    pypinyin parses its whole phrase table (about 47,000 phrases) and indexes every prefix on
    import, most of the cost of a first build. Imported with ``PYPINYIN_NO_PHRASES``, it starts
    with no phrases; :meth:`_PhraseFile.teach` then gives it, before each text, exactly the
    phrases and phrase prefixes that its segmenter will ask about in that text, so its readings
    are those it gives with the whole table. Our readings are loaded over either.
    """
    import os
    import sys

    table = None if "pypinyin" in sys.modules else _PhraseFile.open()
    if table is not None:
        saved = os.environ.get("PYPINYIN_NO_PHRASES")
        os.environ["PYPINYIN_NO_PHRASES"] = "1"
        try:
            import pypinyin.constants
        finally:
            if saved is None:
                del os.environ["PYPINYIN_NO_PHRASES"]
            else:
                os.environ["PYPINYIN_NO_PHRASES"] = saved
        if pypinyin.constants.PHRASES_DICT:  # the variable was not honoured: the whole table is there
            table = None
    import pypinyin

    data = load_yaml(resource_path("data", "reference", "pinyin-readings.yaml")) or {}
    phrases = {k: [[s] for s in v] for k, v in (data.get("phrases") or {}).items()}
    pypinyin.load_phrases_dict(phrases)
    return table


class _PhraseFile:
    """pypinyin's ``phrases_dict.json`` searched in place: one ``"phrase": [`` line per phrase,
    phrases in sorted order, so that UTF-8 byte order (code point order) bisects it."""

    _KEY_END = b'": [\n'
    #: Look-ups after which loading the whole table is cheaper than going on (a large corpus).
    budget = 5000

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.whole = False
        self._lookups = 0
        self._taught: set[str] = set()   # pieces already known to begin a phrase
        self._absent: set[str] = set()   # pieces known to begin none

    @classmethod
    def open(cls) -> _PhraseFile | None:
        """Returns the installed pypinyin's phrase table, or None if it is missing or not laid
        out as expected (sorted, one phrase a line)."""
        import importlib.util
        import os

        spec = importlib.util.find_spec("pypinyin")
        folders = list(spec.submodule_search_locations or []) if spec else []
        if not folders:
            return None
        try:
            with open(os.path.join(folders[0], "phrases_dict.json"), "rb") as fh:
                table = cls(fh.read())
        except OSError:
            return None
        return table if table._looks_sorted() else None

    def _looks_sorted(self) -> bool:
        probes = [self._key_after(len(self.data) * i // 64)[0] for i in range(64)]
        keys = [k for k in probes if k is not None]
        return (self.data.startswith(b'{\n"') and len(set(keys)) > 32
                and all(a <= b for a, b in zip(keys, keys[1:])))

    def _key_after(self, pos: int) -> tuple[bytes | None, int]:
        """Returns (phrase, offset of its ``": [``) of the first phrase line ending at or after ``pos``."""
        end = self.data.find(self._KEY_END, pos)
        if end < 0:
            return None, len(self.data)
        return self.data[self.data.rfind(b'\n"', 0, end) + 2:end], end

    def _ceiling(self, word: bytes) -> tuple[bytes | None, int]:
        """Returns (phrase, offset) of the smallest phrase >= ``word`` (None past the last)."""
        lo, hi = 0, len(self.data)
        while lo < hi:
            mid = (lo + hi) // 2
            key, end = self._key_after(mid)
            if key is None or key >= word:
                hi = mid
            else:
                lo = end + 1
        return self._key_after(lo)

    def _readings(self, end: int) -> list[list[str]]:
        import json

        stop = self.data.find(self._KEY_END, end + 1)
        stop = self.data.rfind(b'\n"', 0, stop) if stop >= 0 else self.data.rfind(b"\n}")
        return json.loads(self.data[end + 3:stop].rstrip(b",\n").decode("utf-8"))

    def teach(self, text: str) -> None:
        """Gives pypinyin the phrases of this table that occur in ``text`` and marks as phrase
        prefixes the pieces of ``text`` that begin a phrase: all its segmenter looks up there."""
        if self.whole:
            return
        try:  # pypinyin's internals: a release that moves them gets the whole table instead
            import pypinyin
            from pypinyin.constants import PHRASES_DICT, RE_HANS
            from pypinyin.seg import mmseg
            from pypinyin.seg.simpleseg import simple_seg

            train = mmseg.seg.train
        except (ImportError, AttributeError):
            self._load_whole()
            return
        if self._lookups > self.budget:
            self._load_whole()
            return
        prefixes: list[str] = []
        found: dict[str, list[list[str]]] = {}
        for run in simple_seg(text):
            if not RE_HANS.match(run):
                continue
            for i in range(len(run)):
                for j in range(i + 1, len(run) + 1):
                    word = run[i:j]
                    if word in self._taught:
                        continue
                    if word in self._absent:
                        break
                    encoded = word.encode("utf-8")
                    self._lookups += 1
                    key, end = self._ceiling(encoded)
                    if key is None or not key.startswith(encoded):
                        self._absent.add(word)
                        break  # no phrase begins with it, nor with any longer piece from i
                    self._taught.add(word)
                    prefixes.append(word)
                    if key == encoded and word not in PHRASES_DICT:
                        found[word] = self._readings(end)
        if prefixes:
            train(prefixes)
        if found:
            pypinyin.load_phrases_dict(found)

    def _load_whole(self) -> None:
        """Gives pypinyin all the phrases of this table that it does not hold (ours stay)."""
        import json

        import pypinyin
        from pypinyin.constants import PHRASES_DICT

        every = json.loads(self.data.decode("utf-8"))
        pypinyin.load_phrases_dict({k: v for k, v in every.items() if k not in PHRASES_DICT})
        self.whole = True


def pinyin(text: str, *, tones: bool = True) -> str:
    """Returns the pinyin of ``text`` as one capitalised word ("Chéngdū"; "Chengdu" without tones).

    >>> pinyin("成都")
    'Chéngdū'
    >>> pinyin("成都", tones=False)
    'Chengdu'
    >>> pinyin("西安", tones=False), pinyin("律", tones=False)
    ("Xi'an", 'Lü')
    """
    key = f"{int(tones)}{text}"
    word = _MEMO.get(key)
    if word is not None:
        return word
    table = _pinyin_ready()   # before importing pypinyin: it decides how pypinyin is loaded
    if table is not None:
        table.teach(text)
    import pypinyin

    style = pypinyin.Style.TONE if tones else pypinyin.Style.NORMAL
    syllables = [s[0] for s in pypinyin.pinyin(text, style=style, errors="default", v_to_u=True)]
    word = ""
    for syllable in syllables:  # Xī'ān: an apostrophe before a syllable that starts with a vowel
        word += "'" + syllable if word and syllable[:1] in _APOSTROPHE_BEFORE else syllable
    word = _MEMO[key] = word[:1].upper() + word[1:]
    return word


#: pinyin() results of this process ("1成都" → "Chéngdū"; "0" without tones), so that a rebuild
#: can skip loading pypinyin's dictionaries (most of a cached build's time) when it knows every name.
_MEMO: dict[str, str] = {}


@lru_cache(maxsize=1)
def pinyin_memo_name() -> str:
    """Returns the file name of the pinyin memo for this pypinyin and these readings.

    The name holds a hash of pypinyin's ``__init__.py`` (its version) and of the readings file,
    so another pypinyin or edited readings start a new memo instead of serving stale pinyin.
    """
    import hashlib
    import importlib.util

    h = hashlib.sha256()
    spec = importlib.util.find_spec("pypinyin")
    for path in ((spec.origin if spec else None), resource_path("data", "reference", "pinyin-readings.yaml")):
        try:
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
        except (OSError, TypeError):
            h.update(b"-")
    return f"pinyin-{h.hexdigest()[:16]}.json"


def load_pinyin_memo(path) -> int:
    """Adds the pinyin memo saved at ``path`` (if any, and readable) to this process's; returns its size.

    Give that size to :func:`save_pinyin_memo`, which writes the memo back only if it grew.
    """
    import json

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict):
        return 0
    for key, value in data.items():
        if isinstance(key, str) and isinstance(value, str) and key[:1] in ("0", "1"):
            _MEMO.setdefault(key, value)
    return len(data)


def save_pinyin_memo(path, known: int = 0) -> bool:
    """Writes this process's pinyin memo to ``path`` (atomically) if it has more than ``known``
    entries (the size :func:`load_pinyin_memo` returned); returns whether it wrote."""
    import json

    from .outputs import atomic_write

    if len(_MEMO) <= known:
        return False
    atomic_write(path, json.dumps(_MEMO, ensure_ascii=False, sort_keys=True, indent=0) + "\n", sync=False)
    return True


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
            if rest[:j].endswith(tuple(_table()["place_kinds"])):
                head, kind = split_kind(rest[:j])
                if kind in _table()["place_kinds"] and len(head) >= 2 and split_kind(rest[j:])[1]:
                    cut = j
                    break
        if cut is None:
            break
        segments.append(split_kind(rest[:cut]))
        rest = rest[cut:]
    segments.append(split_kind(rest))
    return segments


def _pieces(text: str) -> list[tuple[str, str | None]]:
    """Returns [(piece, English or None)]: generic words of the table, quotes, and the rest."""
    words = _table()["words"]
    longest = max(map(len, words), default=0)
    out: list[tuple[str, str | None]] = []
    run = ""
    i = 0
    while i < len(text):
        hit = next((text[i:i + n] for n in range(min(longest, len(text) - i), 1, -1)
                    if text[i:i + n] in words), None)
        if hit or text[i] in _QUOTES:
            if run:
                out.append((run, None))
                run = ""
            piece = hit or text[i]
            out.append((piece, words[hit] if hit else _QUOTES[text[i]]))
            i += len(piece)
        else:
            run += text[i]
            i += 1
    if run:
        out.append((run, None))
    return out


def _join(parts: list[str]) -> str:
    """Returns the words joined by spaces, with quotes hugging the words they enclose."""
    text, inside = "", False
    for part in parts:
        if part in ('"', "'"):
            text += part if inside else (" " if text else "") + part
            inside = not inside
        else:
            hug = not text or (inside and text.endswith(('"', "'")))
            text += ("" if hug else " ") + part
    return text


def _romanise(text: str, *, translate: bool) -> list[str]:
    """Returns the words of a part of a name: pinyin, or English for the table's generic words."""
    out = []
    for piece, english_word in _pieces(text):
        if piece in _QUOTES:
            out.append(english_word)
        elif english_word is not None and translate:
            out.append(english_word)
        else:
            out.append(pinyin(piece, tones=not translate))
    return out


def pinyin_name(name: str) -> str:
    """Returns the pinyin of a name: proper part, generic words and kind as separate words.

    >>> pinyin_name("成都市")
    'Chéngdū Shì'
    >>> pinyin_name("某某区法律援助中心")
    'Mǒumǒu Qū Fǎlǜyuánzhù Zhōngxīn'
    """
    words: list[str] = []
    for head, kind in _segments(name):
        for part in (head, kind):
            if part:
                words += _romanise(part, translate=False)
    return _join(words)


def english(name: str) -> str:
    """Returns an English label: the proper part in pinyin, generic words and the kind translated.

    >>> english("某某司法所")
    'Moumou Judicial Office'
    >>> english("某某省司法厅")
    'Moumou Provincial Department of Justice'
    >>> english("区法律援助中心")
    'District Legal Aid Center'
    """
    table = _table()
    segments = _segments(name)
    words: list[str] = []
    for i, (head, kind) in enumerate(segments):
        # a place kind before another kind is an adjective (省司法厅), before a place a noun
        adjective = i + 1 < len(segments) and segments[i + 1][1] not in table["place_kinds"]
        if head in table["place_kinds"] and kind:  # 区司法局: the report's own district
            words.append(table["place_kinds"][head])
        elif head:
            words += _romanise(head, translate=True)
        if kind:
            place_form = table["place_kinds"].get(kind)
            words.append(place_form if place_form and adjective else table["suffixes"][kind])
    return _join(words)
