"""The stages wired together: clean stored pages into articles, extract facts as a run,
ingest (crawl + clean + extract). Each function is one CLI command's body."""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import duckdb

import extractors
from extractors.doc import Doc, Resources
from extractors.text import nfc, sentence_at
from schemas.records import Article, Facts

from . import __version__, store
from .clean import CLEANER_VERSION, clean_html
from .crawl import CrawlSettings, CrawlStats, crawl
from .errors import InputError, VinexError

log = logging.getLogger("vinex")


@dataclass(frozen=True)
class CleanStats:
    pages: int
    articles: int
    changed: int
    not_articles: int
    failed: int


@dataclass(frozen=True)
class ExtractStats:
    run_id: int | None
    articles: int
    failed: int


def read_article(path: Path) -> Article | str:
    """A file as an article: ``.html`` is cleaned, anything else is taken as clean text."""
    data = path.read_bytes()
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return clean_html(data, url=path.resolve().as_uri())
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def facts_for_file(path: Path, resources: Resources, source: str | None = None) -> Facts:
    got = read_article(path)
    text = got if isinstance(got, str) else got.fact_text
    return extractors.extract_facts(text, source or str(path), resources)


def clean_pages(con: duckdb.DuckDBPyConnection, on_item: Callable[[], None] | None = None) -> CleanStats:
    """Clean every stored HTML page whose article is missing or stale."""
    rows = con.execute(
        """SELECT p.page_id, p.url, p.final_url, p.body, p.content_type, p.fetched_at
           FROM pages p LEFT JOIN articles a ON a.page_id = p.page_id
           WHERE p.kind = 'page' AND p.status = 200 AND p.body IS NOT NULL
             AND (a.article_id IS NULL OR a.cleaned_at < p.fetched_at OR a.cleaner_version <> ?)
           ORDER BY p.page_id""", [CLEANER_VERSION]).fetchall()
    articles = changed = not_articles = failed = 0
    for page_id, url, final_url, body, ctype, fetched_at in rows:
        if on_item:
            on_item()
        try:
            art = clean_html(bytes(body), url=final_url or url, content_type=ctype, fetched_at=fetched_at)
        except VinexError as exc:
            log.warning("clean %s: %s", url, exc)
            failed += 1
            continue
        if not art.is_article:
            not_articles += 1
            continue
        _, was_changed = store.upsert_article(con, art, url, page_id, CLEANER_VERSION)
        articles += 1
        changed += was_changed
    return CleanStats(len(rows), articles, changed, not_articles, failed)


def extract_db(con: duckdb.DuckDBPyConnection, resources: Resources, rerun: bool = False,
               command: str = "extract", on_item: Callable[[], None] | None = None) -> ExtractStats:
    """Extract facts from stored articles as a new run. Without ``rerun`` only articles that
    no run of the current extractor versions has seen are processed (idempotent)."""
    versions = extractors.versions()
    todo = store.articles_needing_extraction(con, versions, rerun)
    if not todo:
        return ExtractStats(None, 0, 0)
    run = store.start_run(con, __version__, versions, {"rerun": rerun, "cleaner": CLEANER_VERSION}, command)
    failed = 0
    for article_id in todo:
        if on_item:
            on_item()
        text = con.execute("SELECT fact_text FROM articles WHERE article_id = ?", [article_id]).fetchone()[0]
        try:
            doc = Doc(nfc(text), resources)
            facts = extractors.extract_doc(doc, str(article_id))
            store.write_facts(con, article_id, run, facts, _sentence_lookup(doc.sentences))
        except Exception as exc:  # one article's failure never stops the run; it is recorded
            log.exception("extract article %s", article_id)
            store.record_failure(con, article_id, run, f"{type(exc).__name__}: {exc}")
            failed += 1
    store.finish_run(con, run, "done")
    return ExtractStats(run.run_id, len(todo), failed)


def _sentence_lookup(spans):
    def find(start: int, end: int) -> str | None:
        span = sentence_at(spans, start)
        return span.text if span else None
    return find


@dataclass(frozen=True)
class IngestResult:
    crawl: CrawlStats
    clean: CleanStats
    extract: ExtractStats

    def as_dict(self) -> dict:
        return {"crawl": asdict(self.crawl), "clean": asdict(self.clean), "extract": asdict(self.extract)}


def ingest(con: duckdb.DuckDBPyConnection, seeds: list[str], settings: CrawlSettings, resources: Resources,
           on_progress: Callable[[CrawlStats], None] | None = None) -> IngestResult:
    crawled = crawl(con, seeds, settings, on_progress)
    cleaned = clean_pages(con)
    extracted = extract_db(con, resources, command="ingest")
    return IngestResult(crawled, cleaned, extracted)


SUMMARY_SQL = {
    "pages": "SELECT count(*) FROM pages WHERE kind = 'page'",
    "articles": "SELECT count(*) FROM articles",
    "officials": "SELECT count(DISTINCT name) FROM officials_v",
    "congresses": "SELECT count(*) FROM (SELECT DISTINCT locality, ordinal FROM congresses_v)",
    "targets": "SELECT count(*) FROM targets_v",
    "awards": "SELECT count(*) FROM awards_v",
    "localities": "SELECT count(*) FROM (SELECT DISTINCT name, kind FROM localities_v)",
    "runs": "SELECT count(*) FROM runs",
}

EXAMPLE_QUERIES = (
    "SELECT name, titles, article_title FROM officials_v ORDER BY name LIMIT 20",
    "SELECT locality, ordinal, term_start, term_end, count(*) AS articles FROM congresses_v "
    "GROUP BY ALL ORDER BY locality",
    "SELECT indicator, value, unit, target_value, evidence_text FROM targets_v "
    "WHERE target_value IS NOT NULL ORDER BY value DESC",
)


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {k: con.execute(q).fetchone()[0] for k, q in SUMMARY_SQL.items()}
