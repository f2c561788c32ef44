"""``vinex eval``: score extraction against the gold files in ``fixtures/``.

Per field, micro-averaged precision/recall/F1, with misses and false positives listed.
Names and titles are compared after :func:`extractors.text.key` normalisation (NFC, tone
placement, abbreviations); a title also matches its fuller form with a place attached
("Bí thư Thành ủy" ~ "Bí thư Thành ủy Chí Linh").
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import extractors
from extractors.doc import Resources
from extractors.text import key

FIELDS = ("localities", "congresses", "officials", "titles", "targets", "awards")


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    documents: int
    fields: dict[str, FieldScore]

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "fields": {
            k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4), "f1": round(v.f1, 4),
                "tp": v.tp, "fp": v.fp, "fn": v.fn} for k, v in self.fields.items()}}


def _same_title(a: str, b: str) -> bool:
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _match(gold: list, pred: list, same: Callable[[Any, Any], bool]) -> tuple[list, list, list]:
    """Greedy one-to-one matching; returns (pairs, unmatched gold, unmatched pred)."""
    left = list(pred)
    pairs, missed = [], []
    for g in gold:
        hit = next((p for p in left if same(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            left.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, left


def _unit_key(u: str) -> str:
    return key(u).replace(" ", "")


def _keys(kind: str, items: list[dict]) -> list:
    if kind == "localities":
        return [(key(i["name"]), i["kind"]) for i in items]
    if kind == "congresses":
        return [(key(i.get("locality") or ""), i.get("ordinal")) for i in items]
    if kind == "targets":
        return [(round(float(i["value"]), 4), _unit_key(i["unit"])) for i in items]
    if kind == "awards":
        return [(key(i["kind"]), i.get("collectives"), i.get("individuals")) for i in items]
    raise KeyError(kind)


def _same(kind: str) -> Callable[[Any, Any], bool]:
    if kind == "targets":
        return lambda g, p: g[0] == p[0] and (g[1] == p[1] or g[1].startswith(p[1]) or p[1].startswith(g[1]))
    return lambda g, p: g == p


def score_document(gold: dict, pred: dict, scores: dict[str, FieldScore], doc_id: str) -> None:
    for kind in ("localities", "congresses", "targets", "awards"):
        g, p = _keys(kind, gold.get(kind, [])), _keys(kind, pred.get(kind, []))
        pairs, missed, extra = _match(g, p, _same(kind))
        s = scores[kind]
        s.tp += len(pairs)
        s.fn += len(missed)
        s.fp += len(extra)
        s.misses += [f"{doc_id}: {m}" for m in missed]
        s.false_positives += [f"{doc_id}: {e}" for e in extra]
    gold_people = {key(o["name"]): o for o in gold.get("officials", [])}
    pred_people = {key(o["name"]): o for o in pred.get("officials", [])}
    s = scores["officials"]
    for name in gold_people:
        if name in pred_people:
            s.tp += 1
        else:
            s.fn += 1
            s.misses.append(f"{doc_id}: {gold_people[name]['name']}")
    for name in pred_people:
        if name not in gold_people:
            s.fp += 1
            s.false_positives.append(f"{doc_id}: {pred_people[name]['name']}")
    t = scores["titles"]
    for name in set(gold_people) & set(pred_people):
        gt = [key(x) for x in gold_people[name].get("titles", [])]
        pt = [key(x) for x in pred_people[name].get("titles", [])]
        pairs, missed, extra = _match(gt, pt, _same_title)
        t.tp += len(pairs)
        t.fn += len(missed)
        t.fp += len(extra)
        who = gold_people[name]["name"]
        t.misses += [f"{doc_id}: {who}: {m}" for m in missed]
        t.false_positives += [f"{doc_id}: {who}: {e}" for e in extra]


def gold_documents(fixtures: Path) -> Iterable[tuple[str, Path, dict]]:
    """(id, text path, gold) for every gold file that has its text."""
    for gold_path in sorted((fixtures / "gold").glob("*.json")):
        doc_id = gold_path.stem
        for sub in ("text", "passages"):
            text_path = fixtures / sub / f"{doc_id}.txt"
            if text_path.exists():
                yield doc_id, text_path, json.loads(gold_path.read_text(encoding="utf-8"))
                break


def evaluate(fixtures: Path, resources: Resources) -> Report:
    scores = {f: FieldScore() for f in FIELDS}
    n = 0
    for doc_id, text_path, gold in gold_documents(fixtures):
        text = text_path.read_text(encoding="utf-8")
        pred = extractors.extract_facts(text, doc_id, resources).to_json()
        score_document(gold, pred, scores, doc_id)
        n += 1
    return Report(n, scores)
