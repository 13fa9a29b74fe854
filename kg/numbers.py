"""Pure helpers that turn written figures (308, 2468.35, 12,345, 一百五十, 1.6亿元) into Decimals.

No rules, no I/O: the measure words and their classes live in ``kg/rules/statistics.yaml`` and
are applied by :mod:`kg.extract.statistics`. Every result goes through :func:`plain_decimal`, so
``str()`` of a result never shows an exponent (``24683500``, not ``2.46835E+7``).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "CHINESE_DIGITS", "CHINESE_UNITS", "MULTIPLIERS", "CHINESE_NUMERAL_CHARS",
    "parse_number", "parse_chinese_numeral", "apply_multiplier", "parse_amount",
    "plain_decimal", "format_decimal",
]

#: Chinese digits, including the financial-free everyday forms 两 and 〇.
CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                  "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: Units inside one four-digit section.
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Multipliers written after a figure (1.6亿, 2.7万); 万亿 is 10^12.
MULTIPLIERS = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10_000),
               "亿": Decimal(100_000_000), "万亿": Decimal(1_000_000_000_000)}
#: Every character that can appear in a Chinese numeral.
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(CHINESE_UNITS) + "万亿"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_AMOUNT = re.compile(r"(?P<figure>.+?)(?P<multiplier>万亿|亿|万|千|百|十)?(?P<currency>元)?")


def plain_decimal(value: Decimal) -> Decimal:
    """Returns ``value`` without trailing zeros and without a positive exponent.

    ``Decimal.normalize()`` alone turns 24683500.00 into ``2.46835E+7``; integers are therefore
    re-quantised to exponent 0 so that ``str()`` prints every digit.

    >>> plain_decimal(Decimal("24683500.00"))
    Decimal('24683500')
    >>> plain_decimal(Decimal("12.340"))
    Decimal('12.34')
    >>> plain_decimal(Decimal("100"))
    Decimal('100')
    """
    value = value.normalize()
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    return value


def format_decimal(value: Decimal) -> str:
    """Returns the decimal as plain digits, never in scientific notation.

    >>> format_decimal(Decimal("1.6") * 100_000_000)
    '160000000'
    """
    return format(plain_decimal(value), "f")


def parse_chinese_numeral(text: str) -> int:
    """Returns the integer a Chinese numeral stands for: 一百五十 → 150, 两千 → 2000.

    >>> parse_chinese_numeral("十二"), parse_chinese_numeral("三千五百"), parse_chinese_numeral("二十万")
    (12, 3500, 200000)
    >>> parse_chinese_numeral("一亿二千万"), parse_chinese_numeral("一千零五"), parse_chinese_numeral("零")
    (120000000, 1005, 0)
    >>> parse_chinese_numeral("一二")
    Traceback (most recent call last):
    ...
    ValueError: not a Chinese numeral: '一二'
    """
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0          # completed 亿 / 万 groups
    section = 0        # the current group below 万
    digit: int | None = None
    last_unit = 10_000  # units inside a section must descend: 千 > 百 > 十
    previous = ""
    for ch in text:
        if ch in CHINESE_DIGITS:
            if digit is not None and previous not in "零〇":
                raise ValueError(f"not a Chinese numeral: {text!r}")
            digit = CHINESE_DIGITS[ch]
        elif ch in CHINESE_UNITS:
            unit = CHINESE_UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            if digit is None:
                if ch != "十" or previous in CHINESE_UNITS:
                    raise ValueError(f"not a Chinese numeral: {text!r}")
                digit = 1  # 十二: a leading 十 means 一十
            section += digit * unit
            digit, last_unit = None, unit
        elif ch == "万":
            if section == 0 and digit is None and previous != "亿":
                raise ValueError(f"not a Chinese numeral: {text!r}")
            total += (section + (digit or 0)) * 10_000
            section, digit, last_unit = 0, None, 10_000
        else:  # 亿
            if total == 0 and section == 0 and digit is None:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            total = (total + section + (digit or 0)) * 100_000_000
            section, digit, last_unit = 0, None, 10_000
        previous = ch
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal:
    """Returns the value of a figure written in Arabic or Chinese numerals, without multiplier.

    Thousands separators and full-width digits are accepted; ``1.6亿`` is not a number here
    (see :func:`apply_multiplier` and :func:`parse_amount`).

    >>> parse_number("308"), parse_number("2468.35"), parse_number("12,345"), parse_number("1.6")
    (Decimal('308'), Decimal('2468.35'), Decimal('12345'), Decimal('1.6'))
    >>> parse_number("一百五十"), parse_number("两千"), parse_number("零")
    (Decimal('150'), Decimal('2000'), Decimal('0'))
    >>> parse_number("1.6亿")
    Traceback (most recent call last):
    ...
    ValueError: not a number: '1.6亿'
    """
    stripped = text.strip().translate(_FULLWIDTH)
    if _ARABIC.fullmatch(stripped):
        try:
            return plain_decimal(Decimal(stripped.replace(",", "")))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
            raise ValueError(f"not a number: {text!r}") from None
    if stripped and all(ch in CHINESE_NUMERAL_CHARS for ch in stripped):
        return Decimal(parse_chinese_numeral(stripped))
    raise ValueError(f"not a number: {text!r}")


def apply_multiplier(value: Decimal, multiplier: str) -> Decimal:
    """Returns ``value`` scaled by a written multiplier (十 百 千 万 亿 万亿); "" leaves it as is.

    >>> apply_multiplier(Decimal("2468.35"), "万")
    Decimal('24683500')
    >>> apply_multiplier(Decimal("2"), "万亿")
    Decimal('2000000000000')
    >>> apply_multiplier(Decimal("5"), "打")
    Traceback (most recent call last):
    ...
    ValueError: unknown multiplier: '打'
    """
    if not multiplier:
        return plain_decimal(value)
    try:
        factor = MULTIPLIERS[multiplier]
    except KeyError:
        raise ValueError(f"unknown multiplier: {multiplier!r}") from None
    return plain_decimal(value * factor)


def parse_amount(text: str) -> Decimal:
    """Returns the full value of a figure with an optional multiplier and 元: 1.6亿元 → 160000000.

    >>> parse_amount("1.6亿元")
    Decimal('160000000')
    >>> parse_amount("2468.35万元"), parse_amount("600万"), parse_amount("三千五百万元")
    (Decimal('24683500'), Decimal('6000000'), Decimal('35000000'))
    >>> parse_amount("元")
    Traceback (most recent call last):
    ...
    ValueError: not an amount: '元'
    """
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    figure, multiplier = match["figure"], match["multiplier"] or ""
    try:
        value = parse_number(figure)
    except ValueError:
        # 三千五百万: the multiplier belongs to the Chinese numeral itself
        try:
            value, multiplier = parse_number(figure + multiplier), ""
        except ValueError:
            raise ValueError(f"not an amount: {text!r}") from None
    return apply_multiplier(value, multiplier)
