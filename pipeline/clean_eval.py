"""Cleaner quality on the fixture pages: token-shingle precision/recall/F1 of each page's
``Article.text`` against its gold (title + lead + paragraphs of ``fixtures/articles/<id>.json``).

Usage::

    from pipeline.clean_eval import evaluate_clean
    report = evaluate_clean(Path("fixtures"))
    report["mean"]["f1"], report["pages"]["s000"]
"""
from __future__ import annotations

import json
from pathlib import Path

from .clean import clean_html
from .errors import InputError
from .shingles import page_counts, page_precision, page_recall, score_counts


def gold_text(article: dict) -> str:
    """The gold main text of a fixture article, joined like ``Article.text``."""
    lead = [article["lead"]] if article.get("lead") else []
    return "\n\n".join([article["title"], *lead, *article["paragraphs"]])


def evaluate_clean(fixtures_dir: Path, *, profiles: bool = True) -> dict:
    """Score the cleaner on every page of ``fixtures_dir/portal/manifest.json``.

    Returns ``{"pages": {id: {"file", "precision", "recall", "f1"}}, "mean": {"precision",
    "recall", "f1"}, "profiles": bool}``; precision/recall/F1 of ``mean`` are aggregated as
    on the AEB (see :mod:`pipeline.shingles`). A page the cleaner refuses counts as empty.
    Raises ``FileNotFoundError`` when the manifest is missing.
    """
    fixtures_dir = Path(fixtures_dir)
    manifest = json.loads((fixtures_dir / "portal" / "manifest.json").read_text(encoding="utf-8"))
    pages: dict[str, dict] = {}
    counts = []
    for entry in manifest:
        gold = gold_text(json.loads((fixtures_dir / "articles" / f"{entry['id']}.json").read_text(encoding="utf-8")))
        try:
            text = clean_html((fixtures_dir / "portal" / entry["file"]).read_bytes(), profiles=profiles).text
        except InputError:
            text = ""
        c = page_counts(text, gold)
        counts.append(c)
        p, r = page_precision(c) or 0.0, page_recall(c)
        pages[entry["id"]] = {"file": entry["file"], "precision": p, "recall": r,
                              "f1": 2 * p * r / (p + r) if p + r else 0.0}
    s = score_counts(counts, n_bootstrap=0)
    return {"pages": pages, "mean": {k: s[k] for k in ("precision", "recall", "f1")}, "profiles": profiles}
