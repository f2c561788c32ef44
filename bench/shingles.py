"""Shingle-matching metric (AEB-style): re-exported from :mod:`pipeline.shingles`, where it
lives so that core code (``vinex eval --clean``) does not import from ``bench/``."""

from pipeline.shingles import (  # noqa: F401
    TOKEN_RE,
    Counts,
    aggregate,
    page_counts,
    page_precision,
    page_recall,
    score,
    score_counts,
    shingles,
    tokens,
)

__all__ = ["TOKEN_RE", "tokens", "shingles", "page_counts", "page_precision", "page_recall",
           "aggregate", "score", "score_counts"]
