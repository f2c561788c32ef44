"""Vietnamese numbers: "5.840" = 5840, "12,8" = 12.8, "1.234.567,5" = 1234567.5, roman and
word ordinals (XIX → 19, "Nhất" → 1)."""
from __future__ import annotations

import re

# A number as Vietnamese text writes it: dot-grouped thousands and a comma decimal, or a
# plain integer/decimal. A dot followed by exactly three digits groups thousands.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?:\.\d{1,2}(?!\d))?"
NUMBER_RE = re.compile(rf"(?<![\d.,])(?:{NUMBER})(?![\d])")


def parse_number(text: str) -> float:
    """Parse one Vietnamese-formatted number. Raises ValueError if ``text`` is not one."""
    s = text.strip()
    if not re.fullmatch(NUMBER, s):
        raise ValueError(f"not a Vietnamese number: {text!r}")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        s = s.replace(",", ".")
    return float(s)


def format_number(value: float, decimals: int = 2) -> str:
    """Inverse of :func:`parse_number` (Vietnamese grouping), for tests and display."""
    neg = value < 0
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + frac if frac else "")
    return ("-" if neg else "") + out


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN_RE = r"[IVXLCDM]+"
_WORDS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10,
}
_UNITS = {"mốt": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "lăm": 5, "năm": 5, "sáu": 6, "bảy": 7,
          "tám": 8, "chín": 9}
# "lần thứ mười lăm" = 15, "lần thứ hai mươi hai" = 22, "ba mươi mốt" = 31
_COMPOUND = (r"(?:[Mm]ười|(?:[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín) mươi)"
             r"(?: (?:mốt|một|hai|ba|tư|bốn|lăm|năm|sáu|bảy|tám|chín)(?![^\W\d_]))?")
COUNT_WORDS = rf"(?i:{_COMPOUND}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
ORDINAL = rf"{ROMAN_RE}|\d{{1,3}}|{_COMPOUND}|[Nn]hất|[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín|[Mm]ười"


def roman_to_int(text: str) -> int:
    if not text or not re.fullmatch(ROMAN_RE, text):
        raise ValueError(f"not a roman numeral: {text!r}")
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN[ch]
        nxt = _ROMAN[text[i + 1]] if i + 1 < len(text) else 0
        total += -v if v < nxt else v
    if total <= 0 or int_to_roman(total) != text:
        raise ValueError(f"not a canonical roman numeral: {text!r}")
    return total


def int_to_roman(n: int) -> str:
    out = []
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def parse_ordinal(text: str) -> int:
    """XIX → 19, "21" → 21, "Nhất" → 1, "hai mươi hai" → 22, "mười lăm" → 15."""
    s = text.strip()
    if s.isdigit():
        return int(s)
    low = s.lower()
    if low in _WORDS:
        return _WORDS[low]
    words = low.split()
    if len(words) >= 2 and (words[0] == "mười" or words[1] == "mươi"):
        tens = 10 if words[0] == "mười" else _UNITS[words[0]] * 10
        rest = words[1:] if words[0] == "mười" else words[2:]
        return tens + (_UNITS[rest[0]] if rest else 0)
    return roman_to_int(s)
