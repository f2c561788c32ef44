"""Text utilities shared by the extractors: NFC, tone placement, abbreviations, sentences.

Matching keys are built with :func:`key`: NFC, case-folded, tone marks moved to the
modern position (hoà → hòa, uỷ → ủy) and abbreviations expanded (UBND → ủy ban nhân dân).
Output text is never rewritten: every fact keeps the text as written.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
# Every upper-case letter Vietnamese text uses (Latin + Vietnamese precomposed), for regex classes.
UPPER = "".join(chr(i) for i in range(0x41, 0x1F00) if chr(i).isupper() and chr(i).isalpha())
CAP = rf"[{UPPER}]"

_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old style puts the tone on the second vowel of open "oa", "oe", "uy" syllables; new style on the first.
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def modern_tones(text: str) -> str:
    """Move tone marks to the modern position: hoà → hòa, uỷ → ủy, khoẻ → khỏe."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", decomposed))


def read_lines(name: str) -> list[str]:
    """Data file lines without comments and blanks, NFC."""
    out = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if line and not line.startswith("#"):
            out.append(nfc(line))
    return out


def read_table(name: str) -> list[list[str]]:
    return [line.split("\t") for line in read_lines(name)]


@lru_cache(maxsize=1)
def _abbrev_re() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {a: e for a, e, *_ in read_table("abbreviations.tsv")}
    alts = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in alts) + r")(?!\w)")
    return pattern, table


def expand_abbreviations(text: str) -> str:
    pattern, table = _abbrev_re()
    return pattern.sub(lambda m: table[m.group(1)], text)


def key(text: str) -> str:
    """Matching key: NFC, modern tones, abbreviations expanded, case-folded, spaces collapsed."""
    text = expand_abbreviations(modern_tones(nfc(text)))
    text = re.sub(r"[\s\u00a0]+", " ", text).strip(" ,;:.")
    return text.casefold()


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


_SENT_END = re.compile(
    r"(?<!\bTP\.)(?<!\bTX\.)(?<!\bTS\.)(?<!\bThS\.)(?<!\bPGS\.)"
    rf"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[{UPPER}0-9*])|\n+"
)


def sentences(text: str) -> list[Span]:
    """Split into sentences with offsets (paragraph breaks always split)."""
    out: list[Span] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


def sentence_at(spans: list[Span], start: int) -> Span | None:
    for s in spans:
        if s.start <= start < s.end or s.start == start:
            return s
    return None

