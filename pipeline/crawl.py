"""The crawler: polite, resumable, bounded. ``crawl(con, seeds, settings)`` is the entry.

The frontier lives in DuckDB (``crawl_frontier``): a page row, its frontier state and the
links found on it are written in one transaction, so ``kill -9`` at any moment loses
nothing and a rerun of the same command fetches what was queued or in flight. Every URL
ends with a recorded status or error in ``pages``; skipped links (traps, ``--since``,
depth) are kept in ``frontier`` with the reason.

A scheduler hands URLs to tasks only when their host may take a request (``throttle``:
per-host concurrency, delay, Crawl-delay, adaptive delay), so waiting for one slow host
never holds a slot another host could use; robots.txt is fetched first for each host,
also for a host first reached by a redirect, and every redirect hop obeys it. robots.txt
itself may redirect to any host (RFC 9309 §2.3.1.2) and is read up to ``max_robots_bytes``.
Within a host, sitemaps and feeds go first, then URLs that match a site profile's
``article_urls`` (recorded in ``frontier/pages.article_profile``), then other pages.
``max_pages`` is counted in ``crawl_passes`` across interrupted runs of the same seeds.
Fetching, retries and redirects are in ``crawl_fetch`` (failures stored as
``"<kind>: <message>"``); DNS pinning in ``crawl_net``; discovery in ``discover``; trap
rules in ``crawl_traps``.

Usage::

    con = store.connect("vinex.duckdb")
    stats = crawl(con, ["https://sonla.gov.vn/"], CrawlSettings(delay=2.0, max_pages=5000))
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections import Counter, OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor
from typing import Callable
from urllib.parse import urlsplit

import duckdb
from protego import Protego

from schemas.records import Page

from . import crawl_writes, discover, store
from .crawl_fetch import Fetched, Fetcher, failure_message, make_client
from .crawl_frontier import Entry, Frontier
from .crawl_net import Resolve, Resolver
from .crawl_settings import CrawlSettings, CrawlStats
from .crawl_traps import trap_reason
from .crawl_writes import Outcome, WriteBatch
from .decode import decode
from .errors import GivenUp, HTTPStatusError, InputError, RobotsDisallowed, ScopeError
from .profiles import Profile, load_profiles
from .throttle import HostThrottle
from .urls import check_scheme, host_of, normalize

__all__ = ["crawl", "CrawlSettings", "CrawlStats"]

log = logging.getLogger("vinex.crawl")
_COMMIT_EVERY = 0.5        # seconds: group commit (a kill loses at most this much work, never a row)
_COMMIT_WRITES = 100       # outcomes that call for a commit before _COMMIT_EVERY
_COMMIT_LINKS = 50_000     # links found that call for one (a few sitemaps can list that many)
_KNOWN_URLS = 100_000      # links recently seen in the frontier: no need to ask DuckDB again
_REFILL = 32               # frontier rows read per host at a time
_PROGRESS_EVERY = 0.5      # seconds between progress reports while requests are in flight
_LISTING_KEYS = 1_000_000  # link hashes kept of listing pages whose next page is not fetched yet


@dataclasses.dataclass(frozen=True, slots=True)
class _Robots:
    rules: Protego
    reason: str | None = None     # set when robots.txt was unreachable: everything is refused


class Crawler:
    """One crawl run over a database (use ``crawl``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: CrawlSettings,
                 on_progress: Callable[[CrawlStats], None] | None = None, *, resolve: Resolve | None = None) -> None:
        self.con = con
        self.s = settings
        self.frontier = Frontier(con)
        self.scope: set[str] = {h.lower() for h in settings.allow_hosts}
        self.stats = CrawlStats()
        self.on_progress = on_progress
        self.throttles: dict[str, HostThrottle] = {}
        self.robots: dict[str, _Robots] = {}
        self.robots_loading: dict[str, asyncio.Event] = {}   # host -> set when its robots.txt is read
        self.queued: Counter[str] = Counter()
        self.busy: set[str] = set()
        self.resolver = Resolver(allow_private=settings.allow_private, allow_networks=settings.allow_networks,
                                 ttl=settings.dns_ttl, resolve=resolve)
        self.listing_links: OrderedDict[str, frozenset[int]] = OrderedDict()   # hashes of the hrefs
        self._listing_size = 0
        self.known: OrderedDict[str, None] = OrderedDict()
        self.profiles = tuple(p for p in load_profiles() if p.article_urls)
        self.profile_hosts: dict[str, tuple[Profile, ...]] = {}
        self.pending: dict[str, deque[Entry]] = {}
        self.fetcher: Fetcher | None = None
        self.batch = WriteBatch()          # writes waiting for the next group commit
        self._batch_began = 0.0
        # the group commit runs on a writer thread with its own connection (DuckDB releases the
        # GIL while it works), so fetches keep going during a commit; one commit at a time
        self.writer: ThreadPoolExecutor | None = None
        self.wcon: duckdb.DuckDBPyConnection | None = None
        self.writing: tuple[WriteBatch, asyncio.Future[crawl_writes.Flushed]] | None = None
        self.validators: dict[str, tuple[str | None, str | None]] = {}   # queued URL -> stored ETag, Last-Modified
        self.pass_id: int | None = None

    # ------------------------------------------------------------ scope
    def _throttle(self, host: str) -> HostThrottle:
        th = self.throttles.get(host)
        if th is None:
            th = self.throttles[host] = HostThrottle(
                self.s.per_host_concurrency, self.s.delay, max_delay=self.s.max_delay,
                target_concurrency=self.s.target_concurrency, adaptive=self.s.adaptive_delay)
        return th

    async def _guard(self, url: str) -> None:
        """Raise ScopeError unless ``url`` may be requested: http(s), a host in scope, and
        (after DNS resolution, cached ``dns_ttl``) no private address. The connection then
        goes to the address checked here (``crawl_net``: DNS pinned)."""
        check_scheme(url)
        if host_of(url) not in self.scope:
            raise ScopeError(f"outside the crawl scope: {url}")
        if not self.s.allow_private:
            await self.resolver.addresses(urlsplit(url).hostname or "")

    async def _guard_page(self, url: str) -> None:
        """``_guard``, then robots.txt of the URL's host (read first if it never was):
        every hop of a page fetch, redirects included, obeys robots.txt."""
        await self._guard(url)
        robots = await self._robots_for(host_of(url), urlsplit(url).scheme)
        if robots.reason:
            raise RobotsDisallowed(robots.reason, url=url)
        if not robots.rules.can_fetch(url, self.s.user_agent):
            raise RobotsDisallowed("disallowed by robots.txt", url=url)

    async def _guard_robots(self, url: str) -> None:
        """The guard of a robots.txt fetch: http(s) and no private address, but any host
        (robots.txt may redirect across hosts, RFC 9309 §2.3.1.2)."""
        check_scheme(url)
        if not self.s.allow_private:
            await self.resolver.addresses(urlsplit(url).hostname or "")

    # ------------------------------------------------------------ run
    async def run(self, seeds: list[str]) -> CrawlStats:
        urls = []
        for seed in seeds:
            try:
                url = normalize(seed)
            except ValueError as exc:
                raise ScopeError(f"not a URL: {seed}") from exc
            check_scheme(url)
            self.scope.add(host_of(url))
            urls.append(url)
        for url in urls:
            await self._guard(url)     # a refused seed is an error of the command, not a page
        self.pass_id, done, resumed = self.frontier.open_pass(urls, new=self.s.recrawl)
        if self.s.recrawl:
            self.frontier.requeue_done()
        # a new pass fetches its seeds again; a resumed one (the last run of these seeds did
        # not end) only queues seeds it has never seen, so nothing is fetched twice
        seeds_in = [Entry(u, host_of(u), 0, _guess_kind(u), article_profile=self._article_profile(u)) for u in urls]
        seeded = self.frontier.add(seeds_in, requeue=not resumed)
        log.info("crawl: %s pass %d (%d URLs done of --max-pages %d); %d seeds queued; settings %s",
                 "resuming" if resumed else "new", self.pass_id, done, self.s.max_pages, len(seeded), self.s)
        self.queued = self.frontier.queued_by_host()
        self.wcon = self.con.cursor()
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="vinex-writer")
        try:
            async with make_client(self.s, self.resolver) as client:
                self.fetcher = Fetcher(client, self.s, self._throttle, self._guard_page)
                try:
                    await self._loop(self.s.max_pages - done)
                finally:
                    await self._flush(force=True)
        finally:
            self.writer.shutdown(wait=True)
            self.wcon.close()
        self.frontier.close_pass(self.pass_id)
        self.stats.queued = self.frontier.queued_count()
        self.stats.retries = self.fetcher.retries
        return self.stats

    async def _loop(self, budget: int) -> None:
        """Run the scheduler until nothing is queued or the budget is spent."""
        tasks: set[asyncio.Task[None]] = set()
        try:
            await self._schedule(budget, tasks)
        finally:   # an error or Ctrl-C: stop the fetches in flight, so none writes after the last commit
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _schedule(self, budget: int, tasks: set[asyncio.Task[None]]) -> None:
        last_progress = 0.0
        while True:
            now = time.monotonic()
            started: list[str] = []
            for host in [h for h, n in self.queued.items() if n > 0]:
                if len(tasks) >= self.s.concurrency or budget <= 0:
                    break
                th = self._throttle(host)
                if not th.can_start(now):
                    continue
                if host not in self.robots:
                    if host not in self.robots_loading:
                        self.robots_loading[host] = asyncio.Event()
                        th.start(now)
                        tasks.add(asyncio.create_task(self._load_robots(host, reserved=True)))
                    continue
                want = min(th.concurrency - th.active, self.s.concurrency - len(tasks), budget)
                entries = self._take(host, want)
                if not entries:
                    self.queued[host] = 0
                    continue
                for e in entries:
                    if not th.can_start(now):
                        break
                    self.queued[host] -= 1
                    budget -= 1
                    if not self._allowed(e):
                        continue
                    th.start(now)
                    self.busy.add(e.url)
                    started.append(e.url)
                    tasks.add(asyncio.create_task(self._page(e)))
            if started:
                self._batch_start()
                self.batch.started.extend(started)
            await self._flush(force=not tasks)    # nothing in flight: the links of the last pages count now
            if not tasks and (budget <= 0 or not any(n > 0 for n in self.queued.values())):
                break
            waits = [self._throttle(h).ready_at() for h, n in self.queued.items() if n > 0]
            wake = min(waits, default=float("inf")) - time.monotonic()
            timeout = None if wake == float("inf") else max(wake, 0.001)
            if self.batch:
                timeout = min(timeout or _COMMIT_EVERY, _COMMIT_EVERY)
            if self.on_progress:
                timeout = min(timeout or _PROGRESS_EVERY, _PROGRESS_EVERY)
            if tasks:
                waiting: set[asyncio.Future[object]] = set(tasks)
                if self.writing:           # wake up when the commit is done, too
                    waiting.add(self.writing[1])
                done, _ = await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                for t in done:
                    if t in tasks:
                        tasks.discard(t)
                        t.result()
            elif timeout is not None:
                await asyncio.sleep(timeout)
            if self.on_progress and time.monotonic() - last_progress > 0.2:
                last_progress = time.monotonic()
                self._report(len(tasks))
        if self.on_progress:
            self._report(0)

    def _take(self, host: str, n: int) -> list[Entry]:
        """The next ``n`` queued URLs of ``host`` (read from DuckDB a few dozen at a time)."""
        q = self.pending.setdefault(host, deque())
        if len(q) < n:
            # URLs finished in a batch still read as queued until it is committed
            unwritten = self.batch.outcomes + (self.writing[0].outcomes if self.writing else [])
            exclude = list(self.busy) + [e.url for e in q] + [o.frontier_url for o in unwritten if o.frontier_url]
            more = self.frontier.next_for_host(host, max(n, _REFILL), exclude)
            self.validators.update(crawl_writes.validators(self.con, [e.url for e in more]))
            q.extend(more)
        return [q.popleft() for _ in range(min(n, len(q)))]

    # ------------------------------------------------------------ group commit
    def _batch_start(self) -> None:
        if not self.batch:
            self._batch_began = time.monotonic()

    def _add(self, outcome: Outcome) -> None:
        self._batch_start()
        self.batch.outcomes.append(outcome)
        self.batch.links += len(outcome.links)

    async def _flush(self, force: bool = False) -> None:
        """Commit the batch (on the writer thread) if it is old or big enough, and take in the
        result of the commit before it. ``force``: commit now, and return once it is done."""
        if self.writing and (force or self.writing[1].done()):
            batch, future = self.writing
            self.writing = None
            self._written(batch, await future)
        batch = self.batch
        if not batch or self.writing or not (force or len(batch.outcomes) >= _COMMIT_WRITES
                                             or batch.links >= _COMMIT_LINKS
                                             or time.monotonic() - self._batch_began >= _COMMIT_EVERY):
            return
        self.batch = WriteBatch()        # a failed write is not retried: its URLs stay queued
        for o in batch.outcomes:
            o.links = self._fresh(o.links)
        assert self.writer is not None and self.wcon is not None
        future = asyncio.get_running_loop().run_in_executor(self.writer, crawl_writes.flush_each, self.wcon, batch,
                                                            self.pass_id)
        if force:
            self._written(batch, await future)
        else:
            self.writing = (batch, future)

    def _written(self, batch: WriteBatch, done: crawl_writes.Flushed) -> None:
        """Counters and the known-URL cache after a commit."""
        for n in done.queued:
            self.queued[n.host] += 1
        for o in batch.outcomes:
            for x in o.links:          # queued, done or failed in the frontier now: adding it again is a no-op
                if x.state == "queued":
                    self.known[x.url] = None
                else:
                    self.stats.skipped += 1
        while len(self.known) > _KNOWN_URLS:
            self.known.popitem(last=False)
        self.stats.duplicates += len(done.duplicates)

    def _fresh(self, links: list[Entry]) -> list[Entry]:
        """Links that may be new to the frontier (skipped ones are recorded with their reason)."""
        return [x for x in links if x.state != "queued" or x.url not in self.known]

    def _report(self, in_flight: int) -> None:
        assert self.on_progress is not None
        now = time.monotonic()
        self.stats.queued = sum(n for n in self.queued.values() if n > 0)
        self.stats.in_flight = in_flight
        full = in_flight >= self.s.concurrency
        waiting = {h for h, n in self.queued.items() if n > 0 and (full or not self._throttle(h).can_start(now))}
        if self.fetcher:
            self.stats.retries = self.fetcher.retries
            waiting.update(h for h, n in self.fetcher.backing_off.items() if n > 0)   # backoff, Retry-After
        self.stats.waiting_hosts = len(waiting)
        self.on_progress(self.stats)

    # ------------------------------------------------------------ robots.txt
    async def _robots_for(self, host: str, scheme: str) -> _Robots:
        """The robots.txt rules of ``host``: read now if no one has read them yet, or
        waited for if they are being read."""
        robots = self.robots.get(host)
        if robots is not None:
            return robots
        loading = self.robots_loading.get(host)
        if loading is None:
            self.robots_loading[host] = asyncio.Event()
            await self._load_robots(host, reserved=False, scheme=scheme)
        else:
            await loading.wait()
        return self.robots[host]

    async def _load_robots(self, host: str, *, reserved: bool, scheme: str | None = None) -> None:
        """Fetch and parse robots.txt of ``host`` (``reserved``: the scheduler claimed the
        slot). A body over ``max_robots_bytes`` is cut there, at a line end."""
        try:
            await self._read_robots(host, reserved, scheme)
        finally:
            self.robots_loading[host].set()

    async def _read_robots(self, host: str, reserved: bool, scheme: str | None) -> None:
        assert self.fetcher is not None
        if scheme is None:
            sample = self.frontier.next_for_host(host, 1, [])
            scheme = urlsplit(sample[0].url).scheme if sample else "http"
        url = f"{scheme}://{host}/robots.txt"
        old = self.con.execute("SELECT etag, last_modified, body FROM pages WHERE url = ? AND status = 200",
                               [url]).fetchone()
        fetched = await self.fetcher.fetch(url, etag=old[0] if old else None, last_modified=old[1] if old else None,
                                           reserved=reserved, max_attempts=2, timeout=self.s.robots_timeout,
                                           limit=self.s.max_robots_bytes, guard=self._guard_robots)
        page = fetched.page
        text, reason = "", None
        if page.status == 304 and old:
            text = _text(bytes(old[2]), page.content_type) if old[2] is not None else ""
        elif page.status and 200 <= page.status < 300 and page.body:
            text = fetched.text if fetched.text is not None else _text(page.body, page.content_type)
            if fetched.truncated:        # a rule cut in the middle could allow more than it says
                text = text[: text.rfind("\n") + 1]
                log.info("robots.txt of %s cut at %d bytes", host, self.s.max_robots_bytes)
        elif page.status is None or page.status >= 500:
            reason = f"robots.txt unreachable ({page.error}): host treated as disallowed"   # RFC 9309 §2.3.1.4
        rules = Protego.parse(text if reason is None else "User-agent: *\nDisallow: /")
        self.robots[host] = _Robots(rules, reason)
        floor = max(self.s.delay, float(rules.crawl_delay(self.s.user_agent) or 0.0))
        rate = rules.request_rate(self.s.user_agent)
        if rate and rate.requests:
            floor = max(floor, rate.seconds / rate.requests)
        self._throttle(host).set_floor(min(floor, self.s.max_delay))
        sitemaps: list[Entry] = []
        if self.s.follow_sitemaps and reason is None:
            for sm in discover.robots_sitemaps(text)[: self.s.max_links_per_page]:
                entry = self._entry(sm, url, discover.Link(sm, "sitemap"), depth=0, pagination=0)
                if entry:
                    sitemaps.append(entry)
        self._add(Outcome(page, 0, "robots", fetched.attempts, links=sitemaps,
                          touch=page.status == 304 and old is not None))

    def _allowed(self, e: Entry) -> bool:
        """Robots.txt and interrupted-run checks before a URL is started; a refused URL is
        recorded as failed right away."""
        robots = self.robots[e.host]
        refusal: RobotsDisallowed | GivenUp | None = None
        if robots.reason:
            refusal = RobotsDisallowed(robots.reason)
        elif not robots.rules.can_fetch(e.url, self.s.user_agent):
            refusal = RobotsDisallowed("disallowed by robots.txt")
        elif e.attempts >= self.s.max_interrupted:
            refusal = GivenUp(f"in flight when {e.attempts} crawls stopped")
        if refusal is None:
            return True
        reason = failure_message(refusal)
        page = Page(e.url, None, None, reason, None, None, store.now())
        self._add(Outcome(page, e.depth, e.kind, None, e.url, "failed", reason, failure_kind=refusal.kind,
                          article_profile=e.article_profile))
        self.stats.errors += 1
        return False

    # ------------------------------------------------------------ pages
    async def _page(self, e: Entry) -> None:
        assert self.fetcher is not None
        try:
            old = self.validators.pop(e.url, None)       # read with the frontier rows (crawl_writes.validators)
            fetched = await self.fetcher.fetch(e.url, etag=old[0] if old else None,
                                               last_modified=old[1] if old else None, reserved=True)
            self._record(e, fetched, has_old=old is not None)
        finally:
            self.busy.discard(e.url)

    def _record(self, e: Entry, fetched: Fetched, *, has_old: bool) -> None:
        page = fetched.page
        self.stats.bytes += fetched.wire_bytes
        if page.status == 304 and has_old:
            self._add(Outcome(page, e.depth, e.kind, fetched.attempts, e.url, touch=True))
            self.stats.not_modified += 1
            return
        ok = page.status is not None and 200 <= page.status < 300 and page.body is not None
        kind = discover.kind_of(e.url, page.content_type, page.body) if ok and page.body else e.kind
        # a body that repeats a stored page is found at the commit (crawl_writes.mark_duplicates):
        # it is then not stored twice and its links are dropped
        links = self._links(e, page, fetched.text, kind) if ok and page.body else []
        # an answer (2xx/3xx, or a 4xx/5xx status) is done; a fetch that failed is failed, even
        # when it got as far as a status (too large, a broken encoding, a bad redirect)
        failed = page.status is None or (page.error is not None and fetched.failure_kind != HTTPStatusError.kind)
        state = "failed" if failed else "done"
        self._add(Outcome(page, e.depth, kind, fetched.attempts, e.url, state,
                          page.error if state == "failed" else None, links, failure_kind=fetched.failure_kind,
                          article_profile=e.article_profile, check_duplicate=bool(ok and page.body)))
        if failed:
            self.stats.errors += 1
            log.info("failed %s: %s", e.url, page.error)
        elif page.status >= 400:
            self.stats.http_errors += 1
        else:
            self.stats.fetched += 1

    # ------------------------------------------------------------ discovery
    def _links(self, e: Entry, page: Page, text: str | None, kind: str) -> list[Entry]:
        body = page.body or b""
        limit = self.s.max_links_per_page
        try:
            if kind == "sitemap":
                found = discover.sitemap_links(body, self.s.max_decompressed_bytes, limit + 1)
            elif kind == "feed":
                found = discover.feed_links(body, limit + 1)
            else:
                found = discover.html_links(text if text is not None else _text(body, page.content_type), limit + 1)
        except (ValueError, InputError) as exc:
            log.info("no links from %s: %s", e.url, exc)
            return []
        if len(found) > limit:
            log.warning("%s: only the first %d links are followed (max_links_per_page)", e.url, limit)
            found = found[:limit]
        base = page.final_url or page.url
        entries: list[Entry] = []
        pagination_reason = None
        if kind == "page":
            pagination_reason = self._pagination_stop(e, base, found)
        for link in found:
            entry = self._entry(link.href, e.url, link, base=base, depth=e.depth if link.pagination else e.depth + 1,
                                pagination=e.pagination + 1 if link.pagination else 0,
                                forced_reason=pagination_reason if link.pagination else None)
            if entry and entry.url != e.url:
                entries.append(entry)
        return entries

    def _pagination_stop(self, e: Entry, base: str, found: list[discover.Link]) -> str | None:
        """Why the next pages of this listing page are not followed, if so: every dated
        item is before ``--since``, or the page repeats the links of the page before it."""
        items = [x for x in found if not x.pagination]
        dated = [x.date for x in items if x.date is not None]
        if self.s.since and dated and max(dated) < self.s.since:
            return "listing pages before --since"
        if not any(x.pagination for x in found):
            return None
        keys = frozenset(hash(x.href) for x in items)
        previous = self.listing_links.pop(e.referrer, None) if e.pagination and e.referrer else None
        if previous is not None:
            self._listing_size -= len(previous)
        self._listing_size += len(keys) - len(self.listing_links.pop(e.url, ()))
        self.listing_links[e.url] = keys
        while self._listing_size > _LISTING_KEYS or len(self.listing_links) > 10_000:   # bounded: oldest out
            self._listing_size -= len(self.listing_links.popitem(last=False)[1])
        if previous is not None and keys <= previous:
            return "trap: listing page brings no link its previous page did not have"
        return None

    def _entry(self, href: str, referrer: str, link: discover.Link, *, base: str | None = None, depth: int,
               pagination: int, forced_reason: str | None = None) -> Entry | None:
        """The frontier entry of a discovered link, with the reason it is skipped if it is;
        None for links that are not ours at all (other hosts, other schemes)."""
        try:
            url = normalize(href, base)
        except ValueError:
            self.stats.off_scope += 1
            return None
        host = host_of(url)
        if urlsplit(url).scheme not in ("http", "https") or host not in self.scope:
            self.stats.off_scope += 1
            return None
        reason = forced_reason
        if reason is None and depth > self.s.max_depth:
            reason = f"deeper than --max-depth {self.s.max_depth}"
        if reason is None and pagination > self.s.max_pagination:
            reason = f"trap: more than {self.s.max_pagination} pagination hops"
        if reason is None and self.s.since and link.date and link.date < self.s.since:
            reason = "dated before --since"
        if reason is None:
            reason = trap_reason(url, max_url_len=self.s.max_url_len, max_query_len=self.s.max_query_len,
                                 max_path_segments=self.s.max_path_segments, since=self.s.since,
                                 calendar_days=self.s.calendar_days)
        return Entry(url, host, depth, link.kind, referrer, link.date, pagination,
                     "skipped" if reason else "queued", reason,
                     article_profile=self._article_profile(url) if link.kind == "page" else None)

    def _article_profile(self, url: str) -> str | None:
        """The name of the site profile whose ``article_urls`` match ``url``, if any: the
        profiles that list the host, or else every profile (a CMS template serves many
        hosts). Matching only orders the queue (articles first); nothing is filtered."""
        hostname = (urlsplit(url).hostname or "").lower()
        candidates = self.profile_hosts.get(hostname)
        if candidates is None:
            listed = tuple(p for p in self.profiles
                           if any(hostname == h or hostname.endswith("." + h) for h in p.hosts))
            candidates = self.profile_hosts[hostname] = listed or self.profiles
        return next((p.name for p in candidates if p.is_article_url(url)), None)


def _text(body: bytes, content_type: str | None) -> str:
    try:
        return decode(body, content_type)[0]
    except InputError:
        return ""


def _guess_kind(url: str) -> str:
    path = urlsplit(url).path.lower()
    if "sitemap" in path and path.endswith((".xml", ".gz")):
        return "sitemap"
    if path.endswith((".rss", "/rss", "rss.xml", "feed", "atom.xml")):
        return "feed"
    return "page"


def crawl(con: duckdb.DuckDBPyConnection, seeds: list[str], settings: CrawlSettings,
          on_progress: Callable[[CrawlStats], None] | None = None, *, resolve: Resolve | None = None) -> CrawlStats:
    """Crawl ``seeds`` into the database behind ``con`` (resuming its frontier).

    ``settings.max_pages`` bounds the URLs fetched by one crawl of these seeds, counted
    across runs that were interrupted (``kill -9``, Ctrl-C) and resumed; a run that ends
    normally closes the crawl, and the next run of the same seeds starts a new one.
    ``resolve(hostname) -> addresses`` replaces the system DNS resolver (tests).

    Returns the counters of this run. Raises ScopeError if a seed is not an http(s) URL
    or resolves to a private address without ``allow_private``.
    """
    return asyncio.run(Crawler(con, settings, on_progress, resolve=resolve).run(seeds))
