"""The Vietnamese number parser, with generated input."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.numbers import format_number, int_to_roman, parse_number, parse_ordinal, roman_to_int


@pytest.mark.parametrize("text,value", [
    ("5.840", 5840.0), ("12,8", 12.8), ("1.234.567,5", 1234567.5), ("0,78", 0.78), ("355", 355.0),
    ("35.000", 35000.0), ("2.000", 2000.0), ("7.579", 7579.0),
])
def test_examples(text, value):
    assert parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_round_trip(whole, cents):
    value = whole + cents / 100
    assert parse_number(format_number(value)) == pytest.approx(value)


@given(st.text(alphabet="abcxyz/-%", min_size=1, max_size=6))
def test_non_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(n):
    assert roman_to_int(int_to_roman(n)) == n


@pytest.mark.parametrize("text,value", [("XIX", 19), ("XXIII", 23), ("21", 21), ("Nhất", 1), ("XXV", 25)])
def test_ordinals(text, value):
    assert parse_ordinal(text) == value


def test_non_canonical_roman_refused():
    with pytest.raises(ValueError):
        roman_to_int("IIII")


def test_ordinals_in_compound_words():
    from extractors.numbers import parse_ordinal
    assert [parse_ordinal(x) for x in ("mười", "mười lăm", "Mười một", "hai mươi", "hai mươi hai", "ba mươi mốt",
                                       "hai mươi tư")] == [10, 15, 11, 20, 22, 31, 24]
