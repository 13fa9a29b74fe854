"""Tests for kg.numbers: written figures → Decimals, never printed with an exponent."""
from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

import kg.numbers
from kg.numbers import (apply_multiplier, format_decimal, parse_amount, parse_chinese_numeral,
                        parse_number, plain_decimal)

# (written, value) — Arabic figures as reports write them
ARABIC = [
    ("308", "308"),
    ("3013.69", "3013.69"),
    ("12,345", "12345"),
    ("1,234,567.5", "1234567.5"),
    ("1.6", "1.6"),
    ("0", "0"),
    ("100", "100"),
    ("３０８", "308"),          # full-width digits
    ("44.480", "44.48"),        # trailing zeros dropped
]

# (written, value) — Chinese numerals
CHINESE = [
    ("零", 0), ("〇", 0), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20),
    ("一百五十", 150), ("一百零五", 105), ("两千", 2000), ("三千五百", 3500),
    ("一千零五", 1005), ("二十万", 200_000), ("一万二千", 12_000), ("十万", 100_000),
    ("一亿二千万", 120_000_000), ("三万亿", 3_000_000_000_000),
]

JUNK = ["", "abc", "1.6亿", "12件", "一二", "十十", "万", "亿", "千", "1..2", "1,23", "百五"]

# (value, multiplier, expected plain string)
MULTIPLIED = [
    ("3013.69", "万", "30136900"),
    ("1.6", "亿", "160000000"),
    ("2.7", "万", "27000"),
    ("600", "万", "6000000"),
    ("5", "千", "5000"),
    ("3", "十", "30"),
    ("2", "万亿", "2000000000000"),
    ("12", "", "12"),
]

AMOUNTS = [
    ("1.6亿元", "160000000"),
    ("3013.69万元", "30136900"),
    ("600万", "6000000"),
    ("1.2亿元", "120000000"),
    ("308元", "308"),
    ("三千五百万元", "35000000"),
    ("二十万", "200000"),
    ("12,345元", "12345"),
]


@pytest.mark.parametrize("written, expected", ARABIC)
def test_parse_number_reads_arabic_figures(written, expected):
    assert parse_number(written) == Decimal(expected)
    assert str(parse_number(written)) == expected


@pytest.mark.parametrize("written, expected", CHINESE)
def test_parse_number_reads_chinese_numerals(written, expected):
    assert parse_chinese_numeral(written) == expected
    assert parse_number(written) == Decimal(expected)


@pytest.mark.parametrize("junk", JUNK)
def test_parse_number_rejects_junk(junk):
    with pytest.raises(ValueError):
        parse_number(junk)


@pytest.mark.parametrize("value, multiplier, expected", MULTIPLIED)
def test_apply_multiplier_prints_without_exponent(value, multiplier, expected):
    result = apply_multiplier(Decimal(value), multiplier)
    assert str(result) == expected
    assert "E" not in str(result)


def test_apply_multiplier_rejects_unknown_multiplier():
    with pytest.raises(ValueError, match="unknown multiplier"):
        apply_multiplier(Decimal(1), "打")


@pytest.mark.parametrize("written, expected", AMOUNTS)
def test_parse_amount_expands_multiplier_and_currency(written, expected):
    assert str(parse_amount(written)) == expected


@pytest.mark.parametrize("junk", ["元", "万元", "x亿元", ""])
def test_parse_amount_rejects_junk(junk):
    with pytest.raises(ValueError):
        parse_amount(junk)


def test_plain_decimal_keeps_fractions_and_drops_exponents():
    assert str(plain_decimal(Decimal("2.46835E+7"))) == "24683500"
    assert str(plain_decimal(Decimal("0.50"))) == "0.5"
    assert format_decimal(Decimal("1E+3")) == "1000"


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "十", "百", "千", "万", "亿"]))
def test_multiplied_integers_never_print_an_exponent(n, multiplier):
    result = apply_multiplier(Decimal(n), multiplier)
    assert "E" not in str(result)
    assert int(str(result)) == n * {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}[multiplier]


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    assert parse_chinese_numeral(_to_chinese(n)) == n


def _to_chinese(n: int) -> str:
    """The standard Chinese numeral for n < 10^8 (test oracle, written independently)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def below_10k(k: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // value % 10
            if d:
                out += ("零" if zero and out else "") + digits[d] + unit
                zero = False
            else:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return below_10k(low)
    text = below_10k(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10k(low)
    return text


def test_docstring_examples_run():
    failures, tried = doctest.testmod(kg.numbers)
    assert tried >= 10
    assert failures == 0
