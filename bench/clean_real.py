"""The cleaner on real Vietnamese news pages (not the fixture portal vinex's own templates
were written for): 4-token shingle P/R/F1 of ``clean_html(...).text`` against hand-made gold
main text (``fixtures/real_gold/<id>.json``: title, lead, paragraphs), with and without site
profiles, beside trafilatura when it is installed.

The pages themselves stay outside the repository (``shared/portal-pages``, licences unknown);
``--pages DIR`` or ``VINEX_PORTAL_PAGES`` points at them.

    .venv/bin/python -m bench.clean_real
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.clean import clean_html  # noqa: E402
from pipeline.clean_eval import gold_text  # noqa: E402
from pipeline.errors import InputError  # noqa: E402
from pipeline.shingles import page_counts, page_precision, page_recall, score_counts  # noqa: E402

GOLD = ROOT / "fixtures" / "real_gold"


def _pages_dir(arg: str | None) -> Path:
    for cand in (arg, os.environ.get("VINEX_PORTAL_PAGES"), ROOT.parent / "shared" / "portal-pages",
                 "/work/shared/portal-pages"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    raise SystemExit("portal pages not found: pass --pages DIR or set VINEX_PORTAL_PAGES")


def _extractors() -> dict:
    def vinex(profiles: bool):
        def run(data: bytes) -> str:
            try:
                return clean_html(data, profiles=profiles).text
            except InputError:
                return ""
        return run

    out = {"vinex (site profiles)": vinex(True), "vinex (generic)": vinex(False)}
    try:
        import trafilatura

        def traf(data: bytes) -> str:
            return trafilatura.extract(data.decode("utf-8", "replace"), favor_precision=True,
                                       include_comments=False, with_metadata=False) or ""
        out["trafilatura (favor_precision, no comments)"] = traf
    except ImportError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", help="directory with the real pages (default: ../shared/portal-pages)")
    a = ap.parse_args()
    pages = _pages_dir(a.pages)
    golds = sorted(GOLD.glob("*.json"))
    if not golds:
        raise SystemExit(f"no gold in {GOLD}")
    rows = []
    for name, run in _extractors().items():
        counts = []
        per_page = []
        for path in golds:
            gold = json.loads(path.read_text(encoding="utf-8"))
            c = page_counts(run((pages / gold["file"]).read_bytes()), gold_text(gold))
            counts.append(c)
            p, r = page_precision(c) or 0.0, page_recall(c)
            per_page.append(f"{path.stem} {2 * p * r / (p + r) if p + r else 0.0:.3f}")
        s = score_counts(counts, n_bootstrap=0)
        rows.append((name, s["f1"], s["precision"], s["recall"], ", ".join(per_page)))
    print(f"{len(golds)} real pages from {pages}\n")
    print("| extractor | F1 | precision | recall | F1 per page |")
    print("|---|---|---|---|---|")
    for name, f1, p, r, pp in rows:
        print(f"| {name} | {f1:.3f} | {p:.3f} | {r:.3f} | {pp} |")


if __name__ == "__main__":
    main()
