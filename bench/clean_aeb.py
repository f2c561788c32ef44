"""Main-content extraction benchmark on the Article Extraction Benchmark (AEB).

Runs vinex's cleaner and a few reference extractors over the 181 AEB pages,
in one process, and prints a markdown table of F1 / precision / recall
(bootstrap std), pages/s and failures. See bench/README.md.

Usage (from the repo root)::

    python -m bench.clean_aeb [--limit N] [--only vinex,trafilatura,...]
                              [--json out.json] [--data DIR]
    python bench/clean_aeb.py ...

Extractor names: vinex, vinex_text, trafilatura, trafilatura_precision,
trafilatura_precision_nocomments, readability, justext, selectolax.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import random
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as `python bench/clean_aeb.py`
    sys.path.insert(0, str(REPO_ROOT))
for _p in (REPO_ROOT / "src", REPO_ROOT):  # make `pipeline` importable
    if _p.is_dir() and str(_p) not in sys.path:
        sys.path.insert(1, str(_p))

from bench import shingles  # noqa: E402

DEFAULT_DATA = Path(
    os.environ.get(
        "VINEX_AEB_DIR",
        str(REPO_ROOT.parent / "shared" / "benchmarks" / "article-extraction"),
    )
)
if not DEFAULT_DATA.is_dir():
    DEFAULT_DATA = Path("/work/shared/benchmarks/article-extraction")

BASELINE = "trafilatura"


# ---------------------------------------------------------------- loading

def load_pages(data_dir: Path, limit: int | None = None) -> list[dict]:
    """Return ``[{"id", "url", "html", "gold"}]`` sorted by id (decoded once)."""
    gt = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(gt):
        raw = gzip.decompress((data_dir / "html" / f"{pid}.html.gz").read_bytes())
        pages.append(
            {
                "id": pid,
                "url": gt[pid].get("url") or "",
                "html": raw.decode("utf-8", errors="replace"),
                "gold": gt[pid].get("articleBody") or "",
            }
        )
        if limit is not None and len(pages) >= limit:
            break
    return pages


# ---------------------------------------------------------------- extractors
# Each factory imports its tool and returns ``extract(html, url) -> str``;
# an ImportError (or any error) from the factory marks the extractor
# unavailable and the run goes on.

def make_vinex() -> Callable[[str, str], str]:
    """vinex in generic mode (no site profile), scored on the article body: lead +
    paragraphs, i.e. ``rec.text`` without the title line, like the other tools' output."""
    from pipeline import clean_html

    def extract(html: str, url: str) -> str:
        rec = clean_html(html, url=url, profiles=False)
        return "\n\n".join(rec.body)

    extract.cold = _vinex_cold  # type: ignore[attr-defined]
    return extract


def _vinex_cold() -> None:
    """Forget the class/id names seen so far (the per-process memos of the attribute rules), so
    that every timed pass is as cold as the first: a long crawl of one site would be warmer."""
    from pipeline.clean_dom import classifier, memo_search
    classifier.cache_clear()
    memo_search.cache_clear()


def make_vinex_text() -> Callable[[str, str], str]:
    """vinex generic mode, ``rec.text`` as is (title line + lead + paragraphs)."""
    from pipeline import clean_html

    def extract(html: str, url: str) -> str:
        return clean_html(html, url=url, profiles=False).text or ""

    extract.cold = _vinex_cold  # type: ignore[attr-defined]
    return extract


def make_trafilatura() -> Callable[[str, str], str]:
    import trafilatura

    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html) or ""

    return extract


def make_trafilatura_precision() -> Callable[[str, str], str]:
    import trafilatura

    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html, favor_precision=True) or ""

    return extract


_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "td", "th", "section", "article",
    "header", "footer", "figure", "figcaption", "dd", "dt", "dl",
)


def make_readability() -> Callable[[str, str], str]:
    import lxml.html
    from readability import Document

    def extract(html: str, url: str) -> str:
        summary = Document(html).summary()
        if not summary.strip():
            return ""
        root = lxml.html.fromstring(summary)
        # text_content() glues adjacent blocks ("end</p><p>Next" ->
        # "endNext"); put newlines around block elements first.
        for el in root.iter(*_BLOCK_TAGS):
            el.tail = "\n" + (el.tail or "")
            if el.tag != "br":
                el.text = "\n" + (el.text or "")
        return root.text_content()

    return extract


def make_justext() -> Callable[[str, str], str]:
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(html: str, url: str) -> str:
        paras = justext.justext(html, stoplist)
        return "\n".join(p.text for p in paras if not p.is_boilerplate)

    return extract


def make_selectolax() -> Callable[[str, str], str]:
    # selectolax >= 1.0 deprecates the Modest backend (`selectolax.parser`
    # raises ImportError); Lexbor has the same API.
    try:
        from selectolax.lexbor import LexborHTMLParser as HTMLParser
    except ImportError:  # selectolax < 0.3
        from selectolax.parser import HTMLParser

    def extract(html: str, url: str) -> str:
        tree = HTMLParser(html)
        tree.strip_tags(["script", "style"])
        body = tree.body
        return body.text(separator="\n") if body is not None else ""

    return extract


def make_trafilatura_precision_nocomments() -> Callable[[str, str], str]:
    import trafilatura

    def extract(html: str, url: str) -> str:
        return trafilatura.extract(
            html, favor_precision=True, include_comments=False) or ""

    return extract


EXTRACTORS: dict[str, tuple[str, Callable[[], Callable[[str, str], str]]]] = {
    "vinex": ("vinex `pipeline.clean_html` (generic mode, body)", make_vinex),
    "vinex_text": ("vinex `pipeline.clean_html` (generic mode, `.text` with title)", make_vinex_text),
    "trafilatura": ("trafilatura (default)", make_trafilatura),
    "trafilatura_precision": (
        "trafilatura (favor_precision)", make_trafilatura_precision),
    "trafilatura_precision_nocomments": (
        "trafilatura (favor_precision, include_comments=False)",
        make_trafilatura_precision_nocomments),
    "readability": ("readability-lxml", make_readability),
    "justext": ("jusText (English stoplist)", make_justext),
    "selectolax": ("bare selectolax body text", make_selectolax),
}


# ---------------------------------------------------------------- running

def run_extractor(name: str, pages: list[dict], n_bootstrap: int, seed: int) -> dict:
    label, factory = EXTRACTORS[name]
    result: dict = {"name": name, "label": label, "available": False}
    try:
        extract = factory()
    except Exception as exc:  # ImportError or broken install
        msg = f"{type(exc).__name__}: {exc}"
        print(f"[{name}] unavailable: {msg}", file=sys.stderr)
        result["error"] = msg
        return result
    result["available"] = True
    result["_extract"] = extract

    # warm-up on one page (imports, lazy init, caches); not timed, not scored
    try:
        extract(pages[0]["html"], pages[0]["url"])
    except Exception:
        pass
    cold = getattr(extract, "cold", None)
    if cold is not None:   # the timed passes start with empty per-process memos
        cold()

    preds: list[str] = []
    errors: list[str | None] = []
    first_error = None
    gc.collect()
    t0 = time.perf_counter()
    for page in pages:
        try:
            text = extract(page["html"], page["url"])
            preds.append(text if isinstance(text, str) else "")
            errors.append(None)
        except Exception as exc:
            preds.append("")
            msg = f"{type(exc).__name__}: {exc}"
            errors.append(msg)
            if first_error is None:
                first_error = (page["id"], traceback.format_exc())
    elapsed = time.perf_counter() - t0

    failures = sum(e is not None for e in errors)
    if first_error is not None:
        print(
            f"[{name}] {failures} page(s) raised; first on {first_error[0]}:\n"
            f"{first_error[1]}",
            file=sys.stderr,
        )

    counts = [shingles.page_counts(p, pg["gold"]) for p, pg in zip(preds, pages)]
    metrics = shingles.score_counts(counts, n_bootstrap=n_bootstrap, seed=seed)
    result.update(metrics)
    result.update(
        {
            "seconds": elapsed,
            "pages_per_s": len(pages) / elapsed if elapsed > 0 else float("inf"),
            "failures": failures,
            "empty": sum(1 for c in counts if c[0] + c[1] == 0),
            "per_page": {
                pg["id"]: {
                    "tp": c[0],
                    "fp": c[1],
                    "fn": c[2],
                    "precision": shingles.page_precision(c),
                    "recall": shingles.page_recall(c),
                    "error": e,
                }
                for pg, c, e in zip(pages, counts, errors)
            },
        }
    )
    return result


def extra_rounds(results: list[dict], pages: list[dict], rounds: int) -> None:
    """Time ``rounds`` more passes of every extractor, interleaved page by page: each page is
    given to every extractor in turn (in an order shuffled from page to page), so a slow second
    on a shared machine hits all of them alike. pages/s becomes the median of these rounds (the
    scored pass, one extractor after the other, is kept as ``first_pass_pages_per_s``)."""
    ok = [r for r in results if r["available"]]
    for r in ok:
        r["first_pass_pages_per_s"] = r["pages_per_s"]
        r["rounds_pages_per_s"] = []
    for k in range(1, rounds + 1):
        spent = [0.0] * len(ok)
        for r in ok:
            cold = getattr(r["_extract"], "cold", None)
            if cold is not None:
                cold()
        gc.collect()
        rng = random.Random(k)
        order = list(range(len(ok)))
        for i, page in enumerate(pages):
            rng.shuffle(order)   # each extractor follows each other one as often (same page: warm caches)
            for t in order:
                extract = ok[t]["_extract"]
                t0 = time.perf_counter()
                try:
                    extract(page["html"], page["url"])
                except Exception:
                    pass
                spent[t] += time.perf_counter() - t0
        for r, sec in zip(ok, spent):
            r["rounds_pages_per_s"].append(len(pages) / sec if sec > 0 else float("inf"))
        print("[timing round %d] " % k + "  ".join(f"{r['name']} {r['rounds_pages_per_s'][-1]:.1f}" for r in ok),
              file=sys.stderr)
    for r in ok:
        r["pages_per_s"] = statistics.median(r["rounds_pages_per_s"])


def speed_ratio(r: dict, base: dict) -> float:
    """pages/s relative to ``base``: the median of the per-round ratios when there are timing
    rounds, else the plain ratio of the scored pass."""
    a, b = r.get("rounds_pages_per_s"), base.get("rounds_pages_per_s")
    if a and b and len(a) == len(b):
        return statistics.median(x / y for x, y in zip(a, b))
    return r["pages_per_s"] / base["pages_per_s"]


def format_table(results: list[dict]) -> str:
    ok = [r for r in results if r["available"]]
    ok.sort(key=lambda r: r["f1"], reverse=True)
    base = next((r for r in results if r["name"] == BASELINE and r["available"]), None)
    lines = [
        "| extractor | F1 | precision | recall | pages/s | speed vs trafilatura | failures | empty |",
        "|---|---|---|---|---:|---:|---:|---:|",
    ]
    for r in ok:
        ratio = f"{speed_ratio(r, base):.2f}×" if base else "n/a"
        lines.append(
            f"| {r['label']} | {r['f1']:.3f} ± {r['f1_std']:.3f} "
            f"| {r['precision']:.3f} ± {r['precision_std']:.3f} "
            f"| {r['recall']:.3f} ± {r['recall_std']:.3f} "
            f"| {r['pages_per_s']:,.1f} | {ratio} | {r['failures']} | {r['empty']} |"
        )
    for r in results:
        if not r["available"]:
            lines.append(f"| {r['label']} | unavailable: {r.get('error', '')} | | | | | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.clean_aeb",
        description="Main-content extraction benchmark on the AEB pages.",
    )
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    ap.add_argument(
        "--only",
        default=None,
        help="comma-separated extractors: " + ",".join(EXTRACTORS),
    )
    ap.add_argument("--json", dest="json_out", default=None, help="dump summary + per-page scores")
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="benchmark data directory")
    ap.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0 = off)")
    ap.add_argument("--seed", type=int, default=42, help="bootstrap seed")
    ap.add_argument("--rounds", type=int, default=3,
                    help="timing rounds after the scored pass, extractors interleaved page by page; "
                         "pages/s is their median (default 3; 0 = the scored pass alone)")
    args = ap.parse_args(argv)

    names = list(EXTRACTORS)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in EXTRACTORS]
        if unknown:
            ap.error(f"unknown extractor(s): {', '.join(unknown)}; choose from {', '.join(EXTRACTORS)}")

    data_dir = Path(args.data)
    if not (data_dir / "ground-truth.json").is_file():
        ap.error(f"no ground-truth.json in {data_dir} (use --data or VINEX_AEB_DIR)")
    t0 = time.perf_counter()
    pages = load_pages(data_dir, args.limit)
    if not pages:
        ap.error("no pages loaded")
    print(
        f"loaded {len(pages)} pages from {data_dir} in {time.perf_counter() - t0:.2f}s",
        file=sys.stderr,
    )

    results = []
    for name in names:
        print(f"[{name}] running ...", file=sys.stderr)
        r = run_extractor(name, pages, args.bootstrap, args.seed)
        if r["available"]:
            print(
                f"[{name}] F1 {r['f1']:.3f}  P {r['precision']:.3f}  R {r['recall']:.3f}  "
                f"{r['pages_per_s']:.1f} pages/s  failures {r['failures']}",
                file=sys.stderr,
            )
        results.append(r)

    if args.rounds > 0:
        extra_rounds(results, pages, args.rounds)
    for r in results:
        r.pop("_extract", None)

    print(f"\n{len(pages)} pages, python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          + (f"pages/s = median of {args.rounds} rounds interleaved page by page, speed = median of the "
             "per-round ratios\n" if args.rounds > 0 else "pages/s of the scored pass\n"))
    print(format_table(results))

    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(
                {"pages": len(pages), "data": str(data_dir), "results": results},
                fh,
                indent=1,
                ensure_ascii=False,
            )
        print(f"\nper-page scores written to {args.json_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
