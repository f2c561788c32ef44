"""The crawler: polite, resumable, bounded. The frontier lives in DuckDB, so a killed crawl
resumes where it stopped; every URL ends with a recorded status or error in ``pages``.

Per host: robots.txt (protego, Crawl-delay honoured), a concurrency limit and a minimum
delay between requests. Retries with exponential backoff and jitter on 429/5xx and
connection errors (Retry-After honoured). Redirects are followed by hand so that every hop
is checked against the scope and the private-address rule. Bodies are streamed and capped.
"""
from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urlsplit

import duckdb
import httpx
from protego import Protego

from schemas.records import Page

from . import __version__, discover, store
from .decode import decode
from .errors import FetchError, ScopeError
from .urls import check_address, check_scheme, host_of, normalize

log = logging.getLogger("vinex.crawl")
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class CrawlSettings:
    max_pages: int = 1000
    max_depth: int = 6
    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()
    contact_url: str = "https://github.com/vinex-project/vinex"
    delay: float = 1.0               # seconds between two requests to one host
    per_host_concurrency: int = 2
    concurrency: int = 16            # across all hosts
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    max_query_len: int = 200

    @property
    def user_agent(self) -> str:
        return f"vinex/{__version__} (+{self.contact_url})"


@dataclass
class CrawlStats:
    fetched: int = 0
    errors: int = 0          # fetch failures: timeouts, refused, too large, robots, scope
    http_errors: int = 0     # answered with HTTP 4xx/5xx
    not_modified: int = 0
    skipped: int = 0
    queued: int = 0
    started: float = field(default_factory=time.monotonic)


@dataclass
class _Host:
    sem: asyncio.Semaphore
    next_at: float = 0.0
    delay: float = 1.0
    robots: Protego | None = None
    robots_loaded: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass(frozen=True)
class _Fetched:
    page: Page
    kind: str


class Crawler:
    def __init__(self, con: duckdb.DuckDBPyConnection, settings: CrawlSettings,
                 on_progress: Callable[[CrawlStats], None] | None = None) -> None:
        self.con = con
        self.s = settings
        self.hosts: dict[str, _Host] = {}
        self.scope: set[str] = {h.lower() for h in settings.allow_hosts}
        self.stats = CrawlStats()
        self.on_progress = on_progress
        self.client: httpx.AsyncClient | None = None

    # ------------------------------------------------------------ frontier
    def enqueue(self, url: str, depth: int, kind: str, referrer: str | None, requeue: bool = False) -> bool:
        try:
            check_scheme(url)
        except ScopeError:
            return False
        if host_of(url) not in self.scope or depth > self.s.max_depth or _trap(url, self.s):
            return False
        if requeue:
            self.con.execute(
                "INSERT INTO frontier VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (url) DO UPDATE SET state = 'queued'",
                [url, host_of(url), depth, kind, store.now(), referrer])
            return True
        self.con.execute(
            "INSERT INTO frontier VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING",
            [url, host_of(url), depth, kind, store.now(), referrer])
        return True

    def _next_batch(self, limit: int, busy: set[str]) -> list[tuple[str, int, str]]:
        rows = self.con.execute(
            "SELECT url, depth, kind FROM frontier WHERE state = 'queued' "
            "ORDER BY kind = 'page', depth, discovered_at LIMIT ?", [limit + len(busy)]).fetchall()
        return [r for r in rows if r[0] not in busy][:limit]

    # ------------------------------------------------------------ run
    async def run(self, seeds: list[str]) -> CrawlStats:
        for seed in seeds:
            url = normalize(seed)
            check_scheme(url)
            self.scope.add(host_of(url))
            check_address(url, self.s.allow_private)
        for seed in seeds:
            url = normalize(seed)
            self.enqueue(url, 0, _guess_kind(url), None, requeue=True)
        timeout = httpx.Timeout(self.s.read_timeout, connect=self.s.connect_timeout)
        limits = httpx.Limits(max_connections=self.s.concurrency, max_keepalive_connections=self.s.concurrency)
        async with httpx.AsyncClient(timeout=timeout, limits=limits, follow_redirects=False, trust_env=False,
                                     headers={"User-Agent": self.s.user_agent}) as client:
            self.client = client
            for host in sorted(self.scope):
                await self._robots(host, seeds)
            tasks: dict[asyncio.Task, str] = {}
            while True:
                budget = (self.s.max_pages - self.stats.fetched - self.stats.errors - self.stats.http_errors
                          - len(tasks))
                if budget > 0 and len(tasks) < self.s.concurrency:
                    for url, depth, kind in self._next_batch(min(budget, self.s.concurrency - len(tasks)),
                                                             set(tasks.values())):
                        tasks[asyncio.create_task(self._one(url, depth, kind))] = url
                if not tasks:
                    break
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for t in done:
                    tasks.pop(t)
                    t.result()
                if self.on_progress:
                    self.stats.queued = self.con.execute(
                        "SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0]
                    self.on_progress(self.stats)
        self.stats.queued = self.con.execute("SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0]
        return self.stats

    async def _robots(self, host: str, seeds: list[str]) -> None:
        h = self._host(host)
        scheme = next((urlsplit(normalize(s)).scheme for s in seeds if host_of(normalize(s)) == host), "https")
        url = f"{scheme}://{host}/robots.txt"
        text = ""
        try:
            fetched = await self._fetch(url, h, check_robots=False)
            page = fetched.page
            self._store(page, 0, "robots", [])
            if page.status and 200 <= page.status < 300 and page.body:
                text, _ = decode(page.body, page.content_type)
            elif page.status and page.status >= 500:
                text = "User-agent: *\nDisallow: /"   # RFC 9309: unreachable means disallow
        except FetchError as exc:
            log.warning("robots.txt of %s: %s", host, exc)
        h.robots = Protego.parse(text)
        h.robots_loaded = True
        delay = h.robots.crawl_delay(self.s.user_agent)
        h.delay = max(self.s.delay, float(delay or 0))
        for sm in discover.robots_sitemaps(text):
            self.enqueue(normalize(sm), 0, "sitemap", url)

    def _host(self, host: str) -> _Host:
        if host not in self.hosts:
            self.hosts[host] = _Host(asyncio.Semaphore(self.s.per_host_concurrency), delay=self.s.delay)
        return self.hosts[host]

    async def _one(self, url: str, depth: int, kind: str) -> None:
        host = self._host(host_of(url))
        links: list[tuple[str, int, str]] = []
        try:
            if host.robots is not None and not host.robots.can_fetch(url, self.s.user_agent):
                raise ScopeError("disallowed by robots.txt")
            fetched = await self._fetch(url, host)
            page = fetched.page
            if page.status == 304:
                self.stats.not_modified += 1
                self.con.execute("UPDATE pages SET fetched_at = ? WHERE url = ?", [page.fetched_at, url])
                self.con.execute("UPDATE frontier SET state = 'done' WHERE url = ?", [url])
                return
            real_kind = discover.kind_of(url, page.content_type, page.body or b"") if page.body else kind
            if page.status and 200 <= page.status < 300 and page.body:
                links = self._links(page, real_kind, depth)
            self._store(page, depth, real_kind, links)
            if page.status and page.status >= 400:
                self.stats.http_errors += 1
            elif page.error or not page.status:
                self.stats.errors += 1
            else:
                self.stats.fetched += 1
        except FetchError as exc:
            page = Page(url, None, None, str(exc), None, None, datetime.now(timezone.utc))
            self._store(page, depth, kind, [], state="failed")
            self.stats.errors += 1

    def _links(self, page: Page, kind: str, depth: int) -> list[tuple[str, int, str]]:
        base = page.final_url or page.url
        body = page.body or b""
        if kind == "sitemap":
            found = discover.sitemap_links(body)
        elif kind == "feed":
            found = discover.feed_links(body)
        else:
            try:
                text, _ = decode(body, page.content_type)
            except Exception:
                return []
            found = discover.html_links(text)
        out = []
        for href, k in found:
            try:
                out.append((normalize(href, base), depth + 1, k))
            except Exception:
                continue
        return out

    def _store(self, page: Page, depth: int, kind: str, links: list[tuple[str, int, str]],
               state: str = "done") -> None:
        """Page row, frontier state and discovered links in one transaction."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            store.upsert_page(self.con, page, depth, kind)
            self.con.execute("UPDATE frontier SET state = ? WHERE url = ?", [state, page.url])
            for url, d, k in links:
                self.enqueue(url, d, k, page.url)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ HTTP
    async def _fetch(self, url: str, host: _Host, check_robots: bool = True) -> _Fetched:
        assert self.client is not None
        old = self.con.execute("SELECT etag, last_modified, status FROM pages WHERE url = ?", [url]).fetchone()
        headers = {}
        if old and old[2] == 200:
            if old[0]:
                headers["If-None-Match"] = old[0]
            if old[1]:
                headers["If-Modified-Since"] = old[1]
        attempt = 0
        while True:
            try:
                return await asyncio.wait_for(self._follow(url, host, headers), self.s.total_timeout)
            except _Retry as r:
                err = r.reason
                wait = r.wait
            except (httpx.TransportError, asyncio.TimeoutError) as exc:
                err = f"{type(exc).__name__}: {exc}".strip(": ") or type(exc).__name__
                wait = None
            attempt += 1
            if attempt > self.s.retries:
                if isinstance(err, Page):
                    return _Fetched(err, "page")
                raise FetchError(f"{url}: {err} (after {attempt} attempts)")
            backoff = min(self.s.max_backoff, self.s.backoff * 2 ** (attempt - 1)) * (0.5 + random.random())
            await asyncio.sleep(min(self.s.max_backoff, wait if wait is not None else backoff))

    async def _follow(self, url: str, host: _Host, headers: dict[str, str]) -> _Fetched:
        seen = {url}
        current = url
        for _ in range(self.s.max_redirects + 1):
            check_scheme(current)
            if host_of(current) not in self.scope:
                raise ScopeError(f"redirect leaves the crawl scope: {current}")
            await asyncio.get_running_loop().run_in_executor(None, check_address, current, self.s.allow_private)
            h = self._host(host_of(current))
            async with h.sem:
                async with h.lock:
                    wait = h.next_at - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    h.next_at = time.monotonic() + h.delay
                page = await self._get(url, current, headers)
            if page.status in (301, 302, 303, 307, 308):
                loc = page.final_url
                if not loc:
                    return _Fetched(page, "page")
                if loc in seen:
                    raise FetchError(f"redirect loop at {loc}")
                seen.add(loc)
                current = loc
                continue
            return _Fetched(page, "page")
        raise FetchError(f"more than {self.s.max_redirects} redirects")

    async def _get(self, url: str, current: str, headers: dict[str, str]) -> Page:
        assert self.client is not None
        now = datetime.now(timezone.utc)
        async with self.client.stream("GET", current, headers=headers) as resp:
            if resp.status_code in (301, 302, 303, 307, 308):
                loc = resp.headers.get("location")
                return Page(url, normalize(loc, current) if loc else None, resp.status_code, None,
                            resp.headers.get("content-type"), None, now)
            if resp.status_code in RETRY_STATUS:
                page = Page(url, current, resp.status_code, f"HTTP {resp.status_code}",
                            resp.headers.get("content-type"), None, now)
                raise _Retry(page, _retry_after(resp.headers.get("retry-after")))
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.s.max_bytes:
                return Page(url, current, resp.status_code, f"too large: {declared} bytes declared",
                            resp.headers.get("content-type"), None, now)
            chunks = []
            size = 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > self.s.max_bytes:
                    return Page(url, current, resp.status_code, f"too large: over {self.s.max_bytes} bytes",
                                resp.headers.get("content-type"), None, now)
                chunks.append(chunk)
            body = b"".join(chunks)
            ctype = resp.headers.get("content-type")
            charset = None
            if body and resp.status_code == 200:
                try:
                    _, charset = decode(body, ctype)
                except Exception:
                    charset = None
            return Page(
                url=url, final_url=current, status=resp.status_code,
                error=None if resp.status_code < 400 else f"HTTP {resp.status_code}",
                content_type=ctype, charset=charset, fetched_at=now,
                etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
                content_sha256=store.sha256(body), body=body if resp.status_code != 304 else None,
            )


class _Retry(Exception):
    def __init__(self, page: Page, wait: float | None) -> None:
        super().__init__(page.error)
        self.reason = page
        self.wait = wait


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return None


def _guess_kind(url: str) -> str:
    path = urlsplit(url).path.lower()
    if "sitemap" in path and path.endswith((".xml", ".gz")):
        return "sitemap"
    if path.endswith((".rss", "/rss", "rss.xml", "feed", "atom.xml")):
        return "feed"
    return "page"


def _trap(url: str, s: CrawlSettings) -> bool:
    parts = urlsplit(url)
    segs = [p for p in parts.path.split("/") if p]
    if len(parts.query) > s.max_query_len or len(segs) > 12:
        return True
    if segs and max(segs.count(x) for x in segs) > 2:
        return True
    return bool(re.search(r"(?:^|[/?&=])(?:19|20)\d\d[-/]\d\d?[-/]\d\d?.*(?:19|20)\d\d[-/]\d\d?", url))


def crawl(con: duckdb.DuckDBPyConnection, seeds: list[str], settings: CrawlSettings,
          on_progress: Callable[[CrawlStats], None] | None = None) -> CrawlStats:
    """Crawl ``seeds`` into the database behind ``con``; returns the statistics."""
    return asyncio.run(Crawler(con, settings, on_progress).run(seeds))
