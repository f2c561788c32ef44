"""Fetch one URL: redirects followed by hand (each hop checked against the scope and the
private-address rule, loops detected), per-host politeness around every request, retries
with exponential backoff and jitter on 429/5xx/connection errors (``Retry-After`` honoured,
capped), timeouts (connect/read/total) and streamed size caps on the wire and after
decompression. httpx errors are translated here and nowhere else: ``fetch`` never raises
for a bad URL, it returns a ``Page`` with the status or the error.
"""
from __future__ import annotations

import asyncio
import random
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Awaitable, Callable

import httpx

from schemas.records import Page

from . import store
from .crawl_settings import CrawlSettings
from .decode import decode
from .errors import InputError, ScopeError
from .throttle import HostThrottle
from .urls import host_of, normalize

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
TEXT_TYPES = ("html", "xml", "text/", "rss", "atom", "json")


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of one URL: the page to store, the decoded text of a textual body
    (for link discovery) and how many attempts it took."""

    page: Page
    text: str | None
    attempts: int
    wire_bytes: int


class _Failure(Exception):
    """One failed attempt; ``retry`` says whether another attempt may help."""

    def __init__(self, message: str, *, retry: bool, status: int | None = None,
                 content_type: str | None = None, wait: float | None = None, final_url: str | None = None) -> None:
        super().__init__(message)
        self.retry = retry
        self.status = status
        self.content_type = content_type
        self.wait = wait
        self.final_url = final_url


def make_client(settings: CrawlSettings) -> httpx.AsyncClient:
    """An httpx client that follows no redirect, keeps no cookie, reads no proxy or netrc
    from the environment and names vinex in its User-Agent."""
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
    no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(timeout=timeout, limits=limits, follow_redirects=False, trust_env=False,
                             cookies=no_cookies,
                             headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"})


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff(attempt: int, settings: CrawlSettings) -> float:
    """Exponential backoff with jitter: base·2^(attempt-1), times 0.5–1.5, capped."""
    return min(settings.max_backoff, settings.backoff * 2 ** (attempt - 1)) * (0.5 + random.random())


class Fetcher:
    """Fetches URLs politely. ``throttle(host)`` gives a host's politeness state and
    ``guard(url)`` raises ScopeError for a URL that must not be requested."""

    def __init__(self, client: httpx.AsyncClient, settings: CrawlSettings,
                 throttle: Callable[[str], HostThrottle], guard: Callable[[str], Awaitable[None]]) -> None:
        self.client = client
        self.s = settings
        self.throttle = throttle
        self.guard = guard
        self.retries = 0

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    reserved: bool = False, max_attempts: int | None = None,
                    timeout: float | None = None) -> Fetched:
        """Fetch ``url`` (``reserved``: the caller already claimed a slot of its host).
        Returns the page to store; failures are pages with ``error`` set."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = max_attempts or self.s.retries + 1
        fetched_at = datetime.now(timezone.utc)
        for attempt in range(1, attempts + 1):
            fetched_at = datetime.now(timezone.utc)
            try:
                fetched = await self._follow(url, headers, reserved and attempt == 1, attempt,
                                             timeout or self.s.total_timeout)
                return fetched
            except _Failure as f:
                failure = f
            if not failure.retry or attempt == attempts:
                break
            self.retries += 1
            wait = backoff(attempt, self.s)
            if failure.wait is not None:
                wait = min(self.s.max_retry_after, max(failure.wait, 0.0))
            if failure.status in (429, 503) or failure.wait is not None:
                self.throttle(host_of(failure.final_url or url)).pause(wait)  # the whole host waits
            await asyncio.sleep(wait)
        suffix = f" (after {attempt} attempts)" if attempt > 1 else ""
        page = Page(url, failure.final_url, failure.status, f"{failure}{suffix}", failure.content_type,
                    None, fetched_at)
        return Fetched(page, None, attempt, 0)

    async def _follow(self, url: str, headers: dict[str, str], reserved: bool, attempt: int,
                      timeout: float) -> Fetched:
        seen = {url}
        current = url
        for hop in range(self.s.max_redirects + 1):
            host = host_of(current)
            throttle = self.throttle(host)
            holding = reserved and hop == 0
            latency: float | None = None
            ok = False
            try:
                try:
                    await self.guard(current)
                except ScopeError as exc:
                    raise _Failure(str(exc), retry=False, final_url=current if hop else None) from exc
                if not holding:
                    await throttle.acquire()
                    holding = True
                began = time.monotonic()
                hop_headers = headers if host == host_of(url) else {}
                try:
                    async with asyncio.timeout(timeout):
                        result = await self._exchange(url, current, hop_headers)
                except TimeoutError as exc:
                    raise _Failure(f"total timeout: no complete answer in {timeout:g}s",
                                   retry=True, final_url=current if hop else None) from exc
                latency = time.monotonic() - began
                status = result.page.status or 0
                ok = status < 500 and status != 429
            finally:
                if holding:
                    throttle.release(latency, ok)
            page = result.page
            if page.status in REDIRECT_STATUS and page.final_url:
                nxt = page.final_url
                if nxt in seen:
                    raise _Failure(f"redirect loop at {nxt}", retry=False, status=page.status, final_url=nxt)
                seen.add(nxt)
                current = nxt
                continue
            return Fetched(page, result.text, attempt, result.wire_bytes)
        raise _Failure(f"more than {self.s.max_redirects} redirects", retry=False, final_url=current)

    async def _exchange(self, url: str, current: str, headers: dict[str, str]) -> Fetched:
        """One request. Returns the page (a redirect is a page whose final_url is the
        target); raises _Failure for retryable statuses and transport errors."""
        now = datetime.now(timezone.utc)
        try:
            async with self.client.stream("GET", current, headers=headers) as resp:
                status = resp.status_code
                ctype = resp.headers.get("content-type")
                if status in REDIRECT_STATUS:
                    loc = resp.headers.get("location")
                    try:
                        target = normalize(loc, current) if loc else None
                    except ValueError:
                        target = None
                    page = Page(url, target, status, None if target else "redirect without a valid Location",
                                ctype, None, now)
                    return Fetched(page, None, 1, 0)
                if status in RETRY_STATUS:
                    raise _Failure(f"HTTP {status}", retry=True, status=status, content_type=ctype,
                                   wait=retry_after(resp.headers.get("retry-after")), final_url=current)
                if status == 304:
                    return Fetched(Page(url, current, 304, None, ctype, None, now), None, 1, 0)
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.s.max_bytes:
                    raise _Failure(f"too large: {declared} bytes declared (limit {self.s.max_bytes})",
                                   retry=False, status=status, content_type=ctype, final_url=current)
                body, wire = await self._read(resp, status, ctype, current)
        except httpx.TimeoutException as exc:
            kind = {httpx.ConnectTimeout: "connect timeout", httpx.ReadTimeout: "read timeout",
                    httpx.WriteTimeout: "write timeout", httpx.PoolTimeout: "pool timeout"}.get(type(exc), "timeout")
            raise _Failure(kind, retry=True, final_url=current) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise _Failure(f"invalid URL: {exc}", retry=False, final_url=current) from exc
        except httpx.TransportError as exc:
            raise _Failure(f"connection error: {type(exc).__name__}: {exc}".rstrip(": "), retry=True,
                           final_url=current) from exc
        text, charset = None, None
        if body and any(t in (ctype or "text/html").lower() for t in TEXT_TYPES) and body[:2] != b"\x1f\x8b":
            try:
                text, charset = decode(body, ctype)
            except InputError:
                text, charset = None, None
        page = Page(
            url=url, final_url=current, status=status,
            error=None if status < 400 else f"HTTP {status}",
            content_type=ctype, charset=charset, fetched_at=now,
            etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
            content_sha256=store.sha256(body), body=body,
        )
        return Fetched(page, text, 1, wire)

    async def _read(self, resp: httpx.Response, status: int, ctype: str | None, current: str) -> tuple[bytes, int]:
        """The body, streamed: at most ``max_bytes`` on the wire and at most
        ``max_decompressed_bytes`` after Content-Encoding (gzip bombs)."""
        encoding = resp.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            inflater = zlib.decompressobj(wbits=47)
        elif encoding == "deflate":
            inflater = zlib.decompressobj(wbits=15)
        elif encoding in ("identity", ""):
            inflater = None
        else:
            raise _Failure(f"unsupported content-encoding {encoding}", retry=False, status=status,
                           content_type=ctype, final_url=current)
        cap = self.s.max_decompressed_bytes
        wire = size = 0
        parts: list[bytes] = []
        async for chunk in resp.aiter_raw():
            wire += len(chunk)
            if wire > self.s.max_bytes:
                raise _Failure(f"too large: over {self.s.max_bytes} bytes", retry=False, status=status,
                               content_type=ctype, final_url=current)
            if inflater is None:
                parts.append(chunk)
                continue
            data = chunk
            while data:
                try:
                    piece = inflater.decompress(data, cap - size + 1)
                except zlib.error as exc:
                    if encoding == "deflate" and size == 0 and not parts:   # raw deflate, no zlib header
                        inflater = zlib.decompressobj(wbits=-15)
                        continue
                    raise _Failure(f"corrupt {encoding} body: {exc}", retry=False, status=status,
                                   content_type=ctype, final_url=current) from exc
                size += len(piece)
                if size > cap:
                    raise _Failure(f"too large: decompresses to over {cap} bytes", retry=False, status=status,
                                   content_type=ctype, final_url=current)
                parts.append(piece)
                data = inflater.unconsumed_tail
        if inflater is not None:
            tail = inflater.flush()
            if size + len(tail) > cap:
                raise _Failure(f"too large: decompresses to over {cap} bytes", retry=False, status=status,
                               content_type=ctype, final_url=current)
            parts.append(tail)
        return b"".join(parts), wire


__all__ = ["Fetched", "Fetcher", "make_client", "retry_after", "backoff"]
