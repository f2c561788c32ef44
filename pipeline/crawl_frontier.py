"""The crawl frontier in DuckDB: what is queued, done, failed or skipped (with a reason).

A URL stays ``queued`` until its page row is committed, in the same transaction as the
links found on it, so a crawl killed at any moment resumes by fetching exactly the URLs
that were queued or in flight. ``attempts`` counts the runs that started a URL: one that
was in flight when ``max_interrupted`` runs died is given up instead of killing every run.

``crawl_passes`` counts the URLs finished by one crawl of a set of seeds, committed with
the pages, so ``--max-pages`` bounds a crawl across interrupted and resumed runs.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import duckdb

from . import store

# Sitemaps and feeds first (they list many pages cheaply), then pages whose URL matches a
# site profile's article pattern, then other pages (listings, navigation), shallow first.
_ORDER = ("CASE WHEN kind = 'sitemap' THEN 0 WHEN kind = 'feed' THEN 1 WHEN article_profile IS NOT NULL THEN 2 "
          "ELSE 3 END, depth, discovered_at, url")


@dataclass(frozen=True, slots=True)
class Entry:
    """One frontier row."""

    url: str
    host: str
    depth: int
    kind: str
    referrer: str | None = None
    lastmod: datetime | None = None
    pagination: int = 0
    state: str = "queued"          # queued | done | failed | skipped
    reason: str | None = None
    attempts: int = 0              # runs that started this URL and did not finish it
    article_profile: str | None = None   # site profile whose article URL pattern matches


class Frontier:
    """Reads and writes the ``frontier`` table (the caller owns the transactions)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def add(self, entries: list[Entry], *, requeue: bool = False) -> list[Entry]:
        """Insert new URLs; a URL already known is left alone, except that a skipped URL
        that is no longer skipped is queued again (and any URL with ``requeue``). Returns
        the entries that became queued."""
        if not entries:
            return []
        cond = "TRUE" if requeue else "frontier.state = 'skipped'"
        unique = list({e.url: e for e in reversed(entries)}.values())[::-1]   # first wins
        cols = {"url": [e.url for e in unique], "host": [e.host for e in unique],
                "depth": [e.depth for e in unique], "kind": [e.kind for e in unique],
                "state": [e.state for e in unique], "referrer": [e.referrer for e in unique],
                "reason": [e.reason for e in unique], "lastmod": [e.lastmod for e in unique],
                "pagination": [e.pagination for e in unique],
                "article_profile": [e.article_profile for e in unique]}
        sql = ("INSERT INTO frontier (url, host, depth, kind, state, discovered_at, referrer, reason, lastmod, "
               "pagination, attempts, article_profile) SELECT url, host, depth, kind, state, ?, referrer, reason, "
               "lastmod, pagination, 0, article_profile FROM (SELECT unnest(?::VARCHAR[]) AS url, "
               "unnest(?::VARCHAR[]) AS host, "
               "unnest(?::INTEGER[]) AS depth, unnest(?::VARCHAR[]) AS kind, unnest(?::VARCHAR[]) AS state, "
               "unnest(?::VARCHAR[]) AS referrer, unnest(?::VARCHAR[]) AS reason, "
               "unnest(?::TIMESTAMPTZ[]) AS lastmod, unnest(?::INTEGER[]) AS pagination, "
               "unnest(?::VARCHAR[]) AS article_profile) "
               "ON CONFLICT (url) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
               "depth = least(frontier.depth, excluded.depth), attempts = 0 "
               f"WHERE {cond} AND excluded.state = 'queued' RETURNING url")
        returned = {r[0] for r in self.con.execute(sql, [store.now(), *cols.values()]).fetchall()}
        return [e for e in unique if e.state == "queued" and e.url in returned]

    def requeue_done(self) -> int:
        """Queue every done or failed URL again (a re-crawl, with conditional GET)."""
        return self.con.execute("UPDATE frontier SET state = 'queued', reason = NULL, attempts = 0 "
                                "WHERE state IN ('done', 'failed')").fetchone()[0]

    def queued_by_host(self) -> Counter[str]:
        return Counter(dict(self.con.execute(
            "SELECT host, count(*) FROM frontier WHERE state = 'queued' GROUP BY host").fetchall()))

    def queued_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0])

    def next_for_host(self, host: str, n: int, exclude: list[str]) -> list[Entry]:
        rows = self.con.execute(
            "SELECT url, host, depth, kind, referrer, lastmod, pagination, attempts, article_profile FROM frontier "
            f"WHERE host = ? AND state = 'queued' AND NOT list_contains(?, url) ORDER BY {_ORDER} LIMIT ?",
            [host, exclude, n]).fetchall()
        return [Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or 0, attempts=r[7] or 0, article_profile=r[8])
                for r in rows]

    def started(self, urls: list[str]) -> None:
        """Count one more run that started these URLs."""
        self.con.execute("UPDATE frontier SET attempts = attempts + 1 FROM (SELECT unnest(?::VARCHAR[]) AS url) t "
                         "WHERE frontier.url = t.url", [urls])

    def finish_many(self, rows: list[tuple[str, str, str | None]]) -> None:
        """Set the final state (and reason) of many URLs: ``(url, state, reason)`` rows."""
        self.con.execute(
            "UPDATE frontier SET state = t.state, reason = t.reason FROM (SELECT unnest(?::VARCHAR[]) AS url, "
            "unnest(?::VARCHAR[]) AS state, unnest(?::VARCHAR[]) AS reason) t WHERE frontier.url = t.url",
            [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]])

    # ------------------------------------------------------------ crawl passes (--max-pages)
    def open_pass(self, seeds: list[str], *, new: bool = False) -> tuple[int, int, bool]:
        """The crawl pass of these seeds: the unfinished one (a run was interrupted), or a
        new one (``new`` closes an unfinished one first). Returns ``(pass_id, URLs finished
        in the pass so far, resumed)``."""
        key = json.dumps(sorted(set(seeds)), ensure_ascii=False)
        row = self.con.execute("SELECT pass_id, pages FROM crawl_passes WHERE seeds = ? AND finished_at IS NULL "
                               "ORDER BY pass_id DESC LIMIT 1", [key]).fetchone()
        if row and not new:
            self.con.execute("UPDATE crawl_passes SET runs = runs + 1 WHERE pass_id = ?", [row[0]])
            return int(row[0]), int(row[1]), True
        if row:
            self.close_pass(int(row[0]))
        pass_id = self.con.execute("INSERT INTO crawl_passes (seeds, started_at) VALUES (?, ?) RETURNING pass_id",
                                   [key, store.now()]).fetchone()[0]
        return int(pass_id), 0, False

    def close_pass(self, pass_id: int) -> None:
        """Mark a pass finished (its run ended normally)."""
        self.con.execute("UPDATE crawl_passes SET finished_at = ? WHERE pass_id = ?", [store.now(), pass_id])
