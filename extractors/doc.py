"""The shared input of every extractor: the text, its sentences and loaded resources.

Built once per text, so no extractor re-splits or re-normalises what another already did.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from schemas.records import Evidence

from spacy.language import Language

from .gazetteer import Gazetteer, load_gazetteer
from .patterns import Match, matches
from .patterns import build as build_patterns
from .text import Span, modern_tones, read_lines, read_table, sentences


@dataclass(frozen=True)
class Resources:
    """Lexicons and the gazetteer, loaded once and passed explicitly (no module globals)."""

    gazetteer: Gazetteer
    surnames: frozenset[str]
    honorifics: tuple[str, ...]
    title_heads: tuple[str, ...]
    title_words: frozenset[str]
    patterns: Language
    units: tuple[tuple[str, str, str, float], ...]   # surface, unit, kind, factor
    # compiled per-extractor lexicons, built on first use and shared by every Doc
    compiled: dict = field(default_factory=dict, compare=False, repr=False)


def load_resources() -> Resources:
    return Resources(
        gazetteer=load_gazetteer(),
        surnames=frozenset(read_lines("surnames.txt")),
        honorifics=tuple(sorted(read_lines("honorifics.txt"), key=len, reverse=True)),
        title_heads=tuple(sorted(read_lines("title_heads.txt"), key=len, reverse=True)),
        title_words=frozenset(read_lines("title_words.txt")),
        patterns=build_patterns(),
        units=tuple((r[0], r[1], r[2], float(r[3]) if len(r) > 3 else 1.0) for r in read_table("units.tsv")),
    )


@dataclass
class Doc:
    text: str
    res: Resources
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def sentences(self) -> list[Span]:
        return sentences(self.text)

    @cached_property
    def matches(self) -> list[Match]:
        """spaCy EntityRuler matches of the JSONL patterns (tone-normalised, same offsets)."""
        return matches(self.res.patterns, modern_tones(self.text))

    def evidence(self, start: int, end: int) -> Evidence:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1] in " \t\n,;:":
            end -= 1
        return Evidence(start, end, self.text[start:end])


WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()
