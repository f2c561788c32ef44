"""Extraction throughput: vinex clean+extract on the fixture portal pages, beside underthesea
``ner()`` over every sentence of the same texts, in the same process and run.

    python -m bench.extract_speed [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import extractors
from extractors.text import sentences
from pipeline import clean_html

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    manifest = json.loads((ROOT / "fixtures" / "portal" / "manifest.json").read_text(encoding="utf-8"))
    pages = [(ROOT / "fixtures" / "portal" / m["file"]).read_bytes() for m in manifest]
    t0 = time.perf_counter()
    res = extractors.load_resources()
    load_s = time.perf_counter() - t0
    extractors.extract_facts(clean_html(pages[0]).fact_text, "warm", res)  # warm caches
    t0 = time.perf_counter()
    texts = []
    for _ in range(args.repeat):
        for html in pages:
            art = clean_html(html)
            texts.append(art.fact_text)
            extractors.extract_facts(art.fact_text, "bench", res)
    vinex_s = (time.perf_counter() - t0) / args.repeat
    from underthesea import ner

    ner("Khởi động.")
    t0 = time.perf_counter()
    n_sent = 0
    for text in texts[: len(pages)]:
        for s in sentences(text):
            ner(s.text)
            n_sent += 1
    ner_s = time.perf_counter() - t0
    chars = sum(len(t) for t in texts[: len(pages)])
    print(f"articles: {len(pages)} ({chars / len(pages):.0f} chars on average), sentences: {n_sent}")
    print(f"resource load (once per process): {load_s:.2f} s")
    print(f"vinex clean+extract: {len(pages) / vinex_s:.1f} articles/s ({vinex_s / len(pages) * 1000:.1f} ms/article)")
    print(f"underthesea ner() on every sentence: {len(pages) / ner_s:.1f} articles/s")
    print(f"ratio: {ner_s / vinex_s:.1f}x")


if __name__ == "__main__":
    main()
