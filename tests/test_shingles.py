"""Tests of the AEB shingle metric (bench/shingles.py). Pure, fast, offline."""

import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # plain `pytest`

from bench.shingles import page_counts, score, shingles, tokens  # noqa: E402

GOLD = "Hà Nội tổ chức hội nghị tổng kết công tác năm 2024 của thành phố."


def test_tokens_unicode_case_kept_punctuation_dropped():
    assert tokens("Hà Nội, ngày 5/3: Đại hội!") == ["Hà", "Nội", "ngày", "5", "3", "Đại", "hội"]
    assert tokens("") == [] and tokens(None) == []


def test_tokens_nfd_vietnamese_not_split():
    nfd = unicodedata.normalize("NFD", "Đại hội đại biểu")
    assert tokens(nfd) == ["Đại", "hội", "đại", "biểu"]


def test_identical_text_scores_one():
    tp, fp, fn = page_counts(GOLD, GOLD)
    assert (tp, fp, fn) == (1.0, 0.0, 0.0)
    s = score([(GOLD, GOLD), ("a b c d e", "a b c d e")], n_bootstrap=50)
    assert s["precision"] == s["recall"] == s["f1"] == 1.0
    assert s["f1_std"] == 0.0


def test_disjoint_text_scores_zero():
    # pred: 5 tokens -> 2 shingles; gold: 15 tokens -> 12 shingles; none shared
    assert page_counts("one two three four five", GOLD) == (0.0, 2 / 14, 12 / 14)
    s = score([("one two three four five", GOLD)], n_bootstrap=0)
    assert s["precision"] == s["recall"] == s["f1"] == 0.0


def test_short_texts_are_one_shingle():
    assert shingles(tokens("Hà Nội")) == Counter({("Hà", "Nội"): 1})
    assert shingles([]) == Counter()
    assert page_counts("Hà Nội", "Hà Nội") == (1.0, 0.0, 0.0)
    # a 3-token text is one shingle, which never equals a 4-token shingle
    assert page_counts("a b c", "a b c d") == (0.0, 0.5, 0.5)


def test_multiset_counting():
    gold = "a b c d a b c d"  # shingles: abcd x2, bcda, cdab, dabc
    assert shingles(tokens(gold))[("a", "b", "c", "d")] == 2
    # prediction has abcd once: tp=1, fn=4
    assert page_counts("a b c d", gold) == (0.2, 0.0, 0.8)
    # repeated prediction: abcd x3 vs gold abcd x2 (+3 other gold shingles)
    pred = "a b c d . a b c d . a b c d"  # punctuation ignored -> 12 tokens
    tp, fp, fn = page_counts(pred, gold)
    # pred 9 shingles, gold 5, all 5 gold shingles in pred -> tp 5, fp 4, fn 0
    assert (tp, fp, fn) == pytest.approx((5 / 9, 4 / 9, 0.0))


def test_counts_normalised_so_pages_weigh_equally():
    long_gold = " ".join(f"w{i}" for i in range(1000))
    tp, fp, fn = page_counts(long_gold[: len(long_gold) // 2], long_gold)
    assert tp + fp + fn == pytest.approx(1.0)


def test_precision_ignores_empty_predictions_recall_does_not():
    pairs = [(GOLD, GOLD), ("", GOLD), (None, GOLD), ("!!! ...", GOLD)]
    s = score(pairs, n_bootstrap=0)
    assert s["precision"] == 1.0  # only the first page counts
    assert s["recall"] == 0.25  # every page counts
    assert s["f1"] == pytest.approx(2 * 1.0 * 0.25 / 1.25)
    assert s["non_empty"] == 1 and s["pages"] == 4


def test_all_empty_predictions():
    s = score([("", GOLD)], n_bootstrap=10)
    assert s["precision"] == s["recall"] == s["f1"] == 0.0


def test_bootstrap_seeded_and_reproducible():
    half = " ".join(GOLD.split()[:8])
    pairs = [(GOLD, GOLD), (half, GOLD), ("x y z w v", GOLD), (GOLD + " thêm vài chữ nữa", GOLD)]
    a = score(pairs, n_bootstrap=200, seed=7)
    b = score(pairs, n_bootstrap=200, seed=7)
    assert a == b
    assert a["f1_std"] > 0 and a["precision_std"] > 0 and a["recall_std"] > 0
