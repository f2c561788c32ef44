"""Shingle-matching metric for main-content extraction (AEB-style).

A dependency-free re-implementation of the metric used by the Article
Extraction Benchmark (Scrapinghub/Zyte), usable both by
``bench/clean_aeb.py`` (English AEB pages) and by ``vinex eval --clean``
(Vietnamese fixture pages).

Definition
----------
* **Tokens**: ``re.findall(r"\\w+", text)`` with Python's Unicode ``\\w``,
  case kept. Text is first NFC-normalised (see :func:`tokens`), so that
  Vietnamese written with combining diacritics (NFD) is not split at every
  accent; already-composed text is unchanged, so on NFC input the tokens are
  exactly the upstream ones.
* **Shingles**: the multiset (``Counter``) of consecutive 4-token tuples. A
  text with 1..3 tokens is one shingle (all its tokens); a text with no token
  has no shingle.
* **Per page** (:func:`page_counts`): TP = shingles shared by prediction and
  gold (sum of min counts), FP = prediction-only (pred count - min), FN =
  gold-only. The three are divided by their sum so every page weighs the same
  (all zero when both texts are empty).
* **Aggregation** (:func:`score`): per-page precision ``tp/(tp+fp)`` averaged
  over the pages where the extractor returned something (``tp+fp > 0``,
  i.e. at least one token); per-page recall ``tp/(tp+fn)`` averaged over all
  pages; F1 = harmonic mean of the two averages. Standard deviations come from
  a seeded bootstrap over pages (resample pages with replacement, recompute
  precision/recall/F1, take the population std over resamples).

Edge cases (not covered by upstream, documented here): a page whose gold
has no token gets recall 1.0 if the prediction is also empty, else 0.0.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from typing import Iterable, Sequence

__all__ = [
    "TOKEN_RE",
    "tokens",
    "shingles",
    "page_counts",
    "page_precision",
    "page_recall",
    "aggregate",
    "score",
    "score_counts",
]

TOKEN_RE = re.compile(r"\w+", re.UNICODE)

Counts = tuple[float, float, float]


def tokens(text: str | None, *, normalize: bool = True) -> list[str]:
    """Split *text* into ``\\w+`` tokens (Unicode, case kept).

    With ``normalize=True`` (default) the text is NFC-normalised first; pass
    ``normalize=False`` for the raw upstream behaviour.
    """
    if not text:
        return []
    if normalize:
        text = unicodedata.normalize("NFC", text)
    return TOKEN_RE.findall(text)


def shingles(toks: Sequence[str], n: int = 4) -> Counter:
    """Multiset of *n*-token shingles of a token list.

    ``len(toks) < n`` (but > 0) gives a single shingle of all tokens;
    no tokens give an empty Counter.
    """
    if n < 1:
        raise ValueError("n must be >= 1")
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_counts(pred: str | None, gold: str | None, n: int = 4) -> Counts:
    """Normalised ``(tp, fp, fn)`` for one page; they sum to 1 (or are all 0).

    *pred* and *gold* are plain texts (``None`` is treated as empty).
    """
    p = shingles(tokens(pred), n)
    g = shingles(tokens(gold), n)
    tp = sum((p & g).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def page_precision(c: Counts) -> float | None:
    """Precision of one page, or ``None`` when the prediction was empty."""
    tp, fp, _ = c
    return tp / (tp + fp) if tp + fp > 0 else None


def page_recall(c: Counts) -> float:
    """Recall of one page (1.0 when gold and prediction are both empty)."""
    tp, fp, fn = c
    if tp + fn > 0:
        return tp / (tp + fn)
    return 1.0 if fp == 0 else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def aggregate(counts: Sequence[Counts]) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` of a list of per-page normalised counts.

    Precision is 0.0 when no page has a non-empty prediction; recall is 0.0
    for an empty list.
    """
    precs = [p for p in (page_precision(c) for c in counts) if p is not None]
    recs = [page_recall(c) for c in counts]
    precision = sum(precs) / len(precs) if precs else 0.0
    recall = sum(recs) / len(recs) if recs else 0.0
    return precision, recall, _f1(precision, recall)


def _std(xs: Sequence[float]) -> float:
    if len(xs) < 2:
        return 0.0
    m = sum(xs) / len(xs)
    return (sum((x - m) ** 2 for x in xs) / len(xs)) ** 0.5


def score(
    pairs: Iterable[tuple[str | None, str | None]],
    *,
    n: int = 4,
    n_bootstrap: int = 1000,
    seed: int = 42,
) -> dict[str, float]:
    """Score ``(pred, gold)`` text pairs, one pair per page.

    Returns ``{"precision", "recall", "f1", "precision_std", "recall_std",
    "f1_std", "pages", "non_empty"}``. The bootstrap is deterministic for a
    given *seed*; ``n_bootstrap=0`` disables it (stds are 0.0).
    """
    counts = [page_counts(pred, gold, n) for pred, gold in pairs]
    return score_counts(counts, n_bootstrap=n_bootstrap, seed=seed)


def score_counts(
    counts: Sequence[Counts], *, n_bootstrap: int = 1000, seed: int = 42
) -> dict[str, float]:
    """Like :func:`score`, from already computed :func:`page_counts`."""
    precision, recall, f1 = aggregate(counts)
    ps: list[float] = []
    rs: list[float] = []
    fs: list[float] = []
    if counts and n_bootstrap > 0:
        rng = random.Random(seed)
        k = len(counts)
        for _ in range(n_bootstrap):
            sample = [counts[rng.randrange(k)] for _ in range(k)]
            p, r, f = aggregate(sample)
            ps.append(p)
            rs.append(r)
            fs.append(f)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "precision_std": _std(ps),
        "recall_std": _std(rs),
        "f1_std": _std(fs),
        "pages": len(counts),
        "non_empty": sum(1 for c in counts if c[0] + c[1] > 0),
    }
