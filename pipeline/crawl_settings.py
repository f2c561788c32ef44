"""Typed crawler settings (one frozen record, stored with the run) and the crawl counters."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from . import __version__


@dataclass(frozen=True)
class CrawlSettings:
    """Everything the crawler reads. Times are seconds, sizes bytes."""

    # scope and bounds
    max_pages: int = 1000                 # URLs fetched by one crawl, across interrupted runs (robots.txt not counted)
    max_depth: int = 6                    # link hops from a seed (pagination hops do not count)
    max_pagination: int = 1000            # next-page hops from the first page of a listing
    since: datetime | None = None         # skip links dated before, stop paging back past it
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()  # private networks allowed anyway (e.g. "127.0.0.0/8")
    allow_hosts: tuple[str, ...] = ()     # hosts in scope besides the seeds' hosts
    dns_ttl: float = 300.0                # seconds a vetted DNS answer is used (connections are pinned to it)
    follow_sitemaps: bool = True          # enqueue robots.txt Sitemap: lines
    recrawl: bool = False                 # fetch done URLs again (conditional GET)
    # politeness
    contact_url: str = "https://github.com/vinex-project/vinex"
    delay: float = 1.0                    # minimum seconds between request starts to one host
    per_host_concurrency: int = 2
    concurrency: int = 16                 # requests in flight across all hosts
    adaptive_delay: bool = True           # AutoThrottle: delay follows the response times
    target_concurrency: float = 1.0       # AutoThrottle: requests the host should serve at once
    max_delay: float = 60.0
    robots_timeout: float = 10.0
    max_robots_bytes: int = 512_000       # robots.txt read up to here (RFC 9309: at least 500 KiB)
    # failures
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0           # one request, body included
    retries: int = 3                      # attempts after the first
    backoff: float = 1.0                  # first backoff; doubles each attempt, with jitter
    max_backoff: float = 60.0
    max_retry_after: float = 120.0        # a longer Retry-After is cut to this
    max_bytes: int = 10_000_000           # body on the wire
    max_decompressed_bytes: int = 10_000_000  # body after Content-Encoding / .gz sitemap
    max_redirects: int = 5
    max_links_per_page: int = 50_000      # links taken from one page, sitemap or feed (a sitemap's own limit)
    max_interrupted: int = 3              # a URL in flight when this many runs died is given up
    # traps
    max_url_len: int = 2048
    max_query_len: int = 200
    max_path_segments: int = 12
    calendar_days: int = 366              # calendar pages older than this (without --since) are traps

    @property
    def user_agent(self) -> str:
        return f"vinex/{__version__} (+{self.contact_url})"


@dataclass
class CrawlStats:
    """Counters of one crawl run (mutable: the crawler updates them as it goes)."""

    fetched: int = 0          # answered 2xx/3xx
    errors: int = 0           # fetch failures: timeouts, refused, too large, robots, scope
    http_errors: int = 0      # answered with HTTP 4xx/5xx
    not_modified: int = 0     # 304 on a conditional GET (body kept)
    duplicates: int = 0       # same bytes as another URL (body not stored twice)
    skipped: int = 0          # links not queued: traps, --since, robots sitemaps off scope
    off_scope: int = 0        # links to other hosts or non-http schemes
    retries: int = 0
    queued: int = 0
    in_flight: int = 0
    waiting_hosts: int = 0    # hosts with work held back: delay, Crawl-delay, Retry-After/backoff, concurrency
    bytes: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.fetched + self.errors + self.http_errors + self.not_modified
