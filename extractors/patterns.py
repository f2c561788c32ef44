"""Phrase patterns kept as spaCy EntityRuler JSONL (``data/patterns.jsonl``).

A blank multi-language spaCy pipeline (rule-based tokenizer, no model to download) with one
EntityRuler, matching case-insensitively (``LOWER``) on the text with modern tone placement,
so "Huân chương Lao động hạng Ba" and "huân chương lao động hạng ba" are one pattern.
Each match carries the pattern's ``id`` (its normalised value) as the entity's ``ent_id_``.
"""
from __future__ import annotations

from dataclasses import dataclass

import spacy
import srsly
from spacy.language import Language

from .text import DATA_DIR

PATTERNS_PATH = DATA_DIR / "patterns.jsonl"


@dataclass(frozen=True, slots=True)
class Match:
    label: str
    id: str
    start: int
    end: int


def build() -> Language:
    nlp = spacy.blank("xx")
    # only a tokenizer and a rule matcher run: no parser or NER model whose memory grows with
    # the text, so a very long article (a whole gazette page) is safe to read at once
    nlp.max_length = 50_000_000
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(list(srsly.read_jsonl(PATTERNS_PATH)))
    return nlp


def matches(nlp: Language, text: str) -> list[Match]:
    """Entity-ruler matches over ``text`` (which must keep the offsets of the original)."""
    return [Match(e.label_, e.ent_id_ or e.text.lower(), e.start_char, e.end_char) for e in nlp(text).ents]
