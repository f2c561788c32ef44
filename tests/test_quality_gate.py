"""Quality gate: extraction F1 per field and cleaner shingle F1 must stay above pinned floors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.shingles import score
from pipeline import clean_html
from pipeline.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
EPSILON = 0.0005


@pytest.fixture(scope="module")
def report(resources):
    return evaluate(ROOT / "fixtures", resources)


def test_enough_gold(report):
    assert report.documents >= 45


@pytest.mark.parametrize("field", sorted(FLOORS["extraction_f1"]))
def test_extraction_floor(report, field):
    s = report.fields[field]
    assert s.f1 + EPSILON >= FLOORS["extraction_f1"][field], (
        f"{field} F1 {s.f1:.4f} < floor; misses: {s.misses[:10]}; false positives: {s.false_positives[:10]}")


def test_cleaner_floor(manifest):
    pairs = []
    for entry in manifest:
        page = ROOT / "fixtures" / "portal" / entry["file"]
        art = json.loads((ROOT / "fixtures" / "articles" / f"{entry['id']}.json").read_text(encoding="utf-8"))
        gold = "\n\n".join([art["title"]] + ([art["lead"]] if art.get("lead") else []) + art["paragraphs"])
        pairs.append((clean_html(page.read_bytes()).text, gold))
    assert score(pairs)["f1"] + EPSILON >= FLOORS["clean_f1"]
