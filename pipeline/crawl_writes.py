"""Group commit of the crawler's writes.

Each finished URL becomes an :class:`Outcome` in a :class:`WriteBatch` (memory only). Every
fraction of a second the crawler calls :func:`flush`, which writes the whole batch — page
rows, frontier states, the links found on the pages, content-hash duplicates — with a few
set-based statements in **one** transaction. A ``kill -9`` before the commit loses the
batch and nothing else: its URLs are still queued in the frontier, so the next run
fetches them again, and no row is ever half-written.

Between flushes the frontier still shows the URLs finished in the batch as queued:
``Crawler._take`` leaves them out when it reads the next queued URLs.
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

import duckdb

from schemas.records import Page

from .crawl_frontier import Entry, Frontier

log = logging.getLogger("vinex.crawl")

# pages columns written for each outcome, in this order
_PAGE_COLUMNS = (
    ("url", "VARCHAR"), ("final_url", "VARCHAR"), ("status", "INTEGER"), ("error", "VARCHAR"),
    ("content_type", "VARCHAR"), ("charset", "VARCHAR"), ("fetched_at", "TIMESTAMPTZ"), ("etag", "VARCHAR"),
    ("last_modified", "VARCHAR"), ("content_sha256", "VARCHAR"), ("body", "BLOB"), ("depth", "INTEGER"),
    ("kind", "VARCHAR"), ("duplicate_of", "VARCHAR"), ("attempts", "INTEGER"), ("failure_kind", "VARCHAR"),
    ("article_profile", "VARCHAR"),
)
_PAGE_FIELDS = tuple(f.name for f in dataclasses.fields(Page))


@dataclass(slots=True)
class Outcome:
    """What one fetched (or refused) URL writes: its page row, its frontier state and the
    links found on it. ``touch``: a 304 Not Modified, only ``fetched_at``/``attempts`` of
    the stored row change. ``check_duplicate``: the body may repeat a stored one."""

    page: Page
    depth: int | None
    kind: str
    attempts: int | None
    frontier_url: str | None = None
    state: str = "done"
    reason: str | None = None
    links: list[Entry] = field(default_factory=list)
    failure_kind: str | None = None
    article_profile: str | None = None
    duplicate_of: str | None = None
    touch: bool = False
    check_duplicate: bool = False


@dataclass(slots=True)
class WriteBatch:
    """Writes waiting for the next commit."""

    outcomes: list[Outcome] = field(default_factory=list)
    started: list[str] = field(default_factory=list)    # URLs whose fetch began (frontier.attempts + 1)
    links: int = 0                                       # links found on the outcomes' pages

    def __len__(self) -> int:
        return len(self.outcomes) + len(self.started)


@dataclass(frozen=True, slots=True)
class Flushed:
    """What a flush changed that the crawler keeps count of."""

    queued: list[Entry]       # links that became queued in the frontier
    duplicates: list[Outcome]  # outcomes whose body turned out to repeat a stored page


def flush(con: duckdb.DuckDBPyConnection, batch: WriteBatch, pass_id: int | None) -> Flushed:
    """Write ``batch`` in one transaction; on any error roll back and re-raise (its URLs
    stay queued). Duplicate bodies are found first: they bring no links. Safe to run on
    another thread than the crawler's when ``con`` is a connection of its own."""
    outcomes = batch.outcomes
    frontier = Frontier(con)
    con.execute("BEGIN TRANSACTION")
    try:
        duplicates = mark_duplicates(con, outcomes)
        if batch.started:
            frontier.started(batch.started)
        touched = [o for o in outcomes if o.touch]
        if touched:
            con.execute(
                "UPDATE pages SET fetched_at = t.fetched_at, attempts = t.attempts FROM (SELECT "
                "unnest(?::VARCHAR[]) AS url, unnest(?::TIMESTAMPTZ[]) AS fetched_at, unnest(?::INTEGER[]) AS attempts"
                ") t WHERE pages.url = t.url",
                [[o.page.url for o in touched], [o.page.fetched_at for o in touched], [o.attempts for o in touched]])
        rows = {o.page.url: o for o in outcomes if not o.touch}     # one row per URL: the last outcome wins
        if rows:
            _upsert_pages(con, list(rows.values()))
        finishing = {o.frontier_url: o for o in outcomes if o.frontier_url}
        if finishing:
            frontier.finish_many([(u, o.state, o.reason) for u, o in finishing.items()])
        queued = frontier.add([x for o in outcomes for x in o.links])
        if finishing and pass_id is not None:      # the --max-pages count commits with the pages
            con.execute("UPDATE crawl_passes SET pages = pages + ? WHERE pass_id = ?", [len(finishing), pass_id])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Flushed(queued, duplicates)


def flush_each(con: duckdb.DuckDBPyConnection, batch: WriteBatch, pass_id: int | None) -> Flushed:
    """:func:`flush`, and when the batch as a whole is refused (a value DuckDB cannot take,
    say), every outcome on its own: one that is still refused is stored as a failure of kind
    ``store`` with the database's message, so one bad page never stops a crawl or loses the
    others. Raises only when even that cannot be written (the database itself is broken)."""
    try:
        return flush(con, batch, pass_id)
    except duckdb.Error as exc:
        log.warning("group commit refused (%s); writing its %d outcomes one by one", exc, len(batch.outcomes))
    queued: list[Entry] = []
    duplicates: list[Outcome] = []
    singles = [WriteBatch([o]) for o in batch.outcomes] + [WriteBatch(started=[u]) for u in batch.started]
    for single in singles:
        try:
            done = flush(con, single, pass_id)
        except duckdb.Error as exc:
            o = single.outcomes[0] if single.outcomes else None
            if o is None:
                continue     # a started mark: only counts interrupted runs
            log.error("cannot store %s: %s", o.page.url, exc)
            message = _printable(f"store: {exc}")
            failed = Outcome(Page(o.page.url, None, None, message, None, None, o.page.fetched_at), o.depth,
                             _printable(o.kind), o.attempts, o.frontier_url, "failed", message, failure_kind="store")
            done = flush(con, WriteBatch([failed]), pass_id)
        queued += done.queued
        duplicates += done.duplicates
    return Flushed(queued, duplicates)


def _printable(text: str) -> str:
    """``text`` without what DuckDB refuses (lone surrogates)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def mark_duplicates(con: duckdb.DuckDBPyConnection, outcomes: list[Outcome]) -> list[Outcome]:
    """Find the outcomes whose body has the SHA-256 of another stored page (or of an earlier
    outcome of the batch): their body is not stored again, ``duplicate_of`` names the page
    holding it, and their links are dropped. Returns the duplicates."""
    candidates = [o for o in outcomes if o.check_duplicate and o.page.content_sha256]
    if not candidates:
        return []
    stored = dict(con.execute(
        "SELECT t.url, min(p.url) FROM (SELECT unnest(?::VARCHAR[]) AS url, unnest(?::VARCHAR[]) AS sha) t "
        "JOIN pages p ON p.content_sha256 = t.sha AND p.url <> t.url "
        "AND p.duplicate_of IS NULL AND p.body IS NOT NULL GROUP BY t.url",
        [[o.page.url for o in candidates], [o.page.content_sha256 for o in candidates]]).fetchall())
    first: dict[str, str] = {}        # hash -> URL of the first outcome of the batch holding it
    duplicates = []
    for o in candidates:
        sha = o.page.content_sha256
        assert sha is not None
        original = stored.get(o.page.url)
        if original is None and first.get(sha, o.page.url) != o.page.url:
            original = first[sha]
        if original is None:
            first.setdefault(sha, o.page.url)
            continue
        o.page = dataclasses.replace(o.page, body=None)
        o.duplicate_of = original
        o.links = []
        o.check_duplicate = False
        duplicates.append(o)
    return duplicates


def _upsert_pages(con: duckdb.DuckDBPyConnection, outcomes: list[Outcome]) -> None:
    """Insert the page rows of new URLs and overwrite those of stored ones (a plain INSERT
    plus an UPDATE costs less than one INSERT … ON CONFLICT DO UPDATE)."""
    urls = [o.page.url for o in outcomes]
    stored = {r[0] for r in con.execute(
        "SELECT p.url FROM pages p JOIN (SELECT unnest(?::VARCHAR[]) AS url) t ON p.url = t.url", [urls]).fetchall()}
    new = [o for o in outcomes if o.page.url not in stored]
    old = [o for o in outcomes if o.page.url in stored]
    names = [name for name, _ in _PAGE_COLUMNS]
    select = ", ".join(f"unnest(?::{sqltype}[]) AS {name}" for name, sqltype in _PAGE_COLUMNS)
    if new:
        con.execute(f"INSERT INTO pages ({', '.join(names)}) SELECT {select}", _columns(new))
    if old:
        sets = ", ".join(f"{n} = t.{n}" for n in names if n != "url")
        con.execute(f"UPDATE pages SET {sets} FROM (SELECT {select}) t WHERE pages.url = t.url", _columns(old))


def _columns(outcomes: list[Outcome]) -> list[list[object]]:
    """The values of ``_PAGE_COLUMNS`` for ``outcomes``, one list per column."""
    columns: dict[str, list[object]] = {name: [] for name, _ in _PAGE_COLUMNS}
    for o in outcomes:
        for name in _PAGE_FIELDS:
            columns[name].append(getattr(o.page, name))
        columns["depth"].append(o.depth)
        columns["kind"].append(o.kind)
        columns["duplicate_of"].append(o.duplicate_of)
        columns["attempts"].append(o.attempts)
        columns["failure_kind"].append(o.failure_kind)
        columns["article_profile"].append(o.article_profile)
    return list(columns.values())


def validators(con: duckdb.DuckDBPyConnection, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """ETag and Last-Modified of the stored 200 pages of ``urls`` (a body or a duplicate of
    one is kept), for conditional GET; URLs without such a page are absent."""
    if not urls:
        return {}
    rows = con.execute(
        "SELECT p.url, p.etag, p.last_modified FROM pages p JOIN (SELECT unnest(?::VARCHAR[]) AS url) t "
        "ON p.url = t.url WHERE p.status = 200 AND (p.body IS NOT NULL OR p.duplicate_of IS NOT NULL)",
        [urls]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


