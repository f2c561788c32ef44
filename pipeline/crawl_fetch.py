"""Fetch one URL: redirects followed by hand (each hop checked against the scope and the
private-address rule, loops detected), per-host politeness around every request, retries
with exponential backoff and jitter on 429/5xx/connection errors (``Retry-After`` honoured,
capped), timeouts (connect/read/total) and streamed size caps on the wire and after
decompression. httpx errors are translated here and nowhere else, into the FetchError
subclasses of ``pipeline.errors``; ``fetch`` never raises for a bad URL, it returns a
``Page`` with the status, or the error as ``"<kind>: <message>"`` (``timeout: read timeout``,
``too-large: …``, ``redirect: …``) so the failures of a crawl can be grouped by kind.
"""
from __future__ import annotations

import asyncio
import contextlib
import random
import time
import zlib
from collections import Counter
import dataclasses
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import AsyncIterator, Awaitable, Callable

import httpx

from schemas.records import Page

from . import store
from .crawl_settings import CrawlSettings
from .decode import decode
from .crawl_net import Resolver, pinned_transport
from .errors import (ConnectionFailed, ContentEncodingError, FetchError, FetchTimeout, HTTPStatusError, InputError,
                     RedirectError, ScopeError, TooLarge)
from .throttle import HostThrottle
from .urls import host_of, normalize

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
TEXT_TYPES = ("html", "xml", "text/", "rss", "atom", "json")
_PIECE = 256 * 1024   # decompress this much at a time: zlib's output buffer stays small
_ERROR_BODY = 1_000_000   # bytes of a 4xx/5xx body kept; a longer one is not stored (its status is)


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of one URL: the page to store, the decoded text of a textual body
    (for link discovery), how many attempts it took, and for a failure its kind (the
    prefix of ``page.error``: ``timeout``, ``too-large`` …, see ``pipeline.errors``)."""

    page: Page
    text: str | None
    attempts: int
    wire_bytes: int
    failure_kind: str | None = None
    truncated: bool = False       # the body was cut at the ``limit`` the caller gave


def failure_kind(exc: FetchError) -> str:
    """The stable kind of a fetch failure (the ``kind`` of its class; ``scope`` for ScopeError)."""
    return "scope" if isinstance(exc, ScopeError) else getattr(exc, "kind", "fetch")


def failure_message(exc: FetchError) -> str:
    """``"<kind>: <message>"``, the form stored in ``pages.error``."""
    return f"{failure_kind(exc)}: {exc}"


def _retryable(exc: FetchError) -> bool:
    if isinstance(exc, (FetchTimeout, ConnectionFailed)):
        return True
    return isinstance(exc, HTTPStatusError) and exc.status in RETRY_STATUS


class Client(httpx.AsyncClient):
    """httpx's client, sending one request at a time straight to its transport.

    ``AsyncClient.stream`` parses the ``Location`` of every 3xx (to offer ``next_request``)
    even when it follows no redirect, and fails the whole exchange on a hostile one
    (``javascript:``, ``http://[::1``): the crawler reads Location itself (``Fetcher``)."""

    def __init__(self, *, transport: httpx.AsyncBaseTransport, **kwargs: object) -> None:
        super().__init__(transport=transport, **kwargs)  # type: ignore[arg-type]
        self.one_transport = transport

    @contextlib.asynccontextmanager
    async def stream_one(self, url: str, headers: dict[str, str],
                         extensions: dict[str, object]) -> AsyncIterator[httpx.Response]:
        """A GET of ``url`` (client headers and timeouts), the response streamed, no redirect."""
        request = self.build_request("GET", url, headers=headers, extensions=extensions)
        response = await self.one_transport.handle_async_request(request)
        response.request = request
        try:
            yield response
        finally:
            await response.aclose()


def make_client(settings: CrawlSettings, resolver: Resolver) -> Client:
    """An httpx client that connects only to addresses ``resolver`` vetted (DNS pinned),
    follows no redirect, keeps no cookie, reads no proxy or netrc from the environment and
    names vinex in its User-Agent."""
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
    no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return Client(timeout=timeout, limits=limits, follow_redirects=False, trust_env=False,
                  cookies=no_cookies, transport=pinned_transport(resolver, limits=limits),
                  headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"})


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():     # str.isdigit() is also true for '²' and '١٢'
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

    def __init__(self, client: Client, settings: CrawlSettings,
                 throttle: Callable[[str], HostThrottle], guard: Callable[[str], Awaitable[None]]) -> None:
        self.client = client
        self.s = settings
        self.throttle = throttle
        self.guard = guard
        self.retries = 0
        self.backing_off: Counter[str] = Counter()   # host -> fetches sleeping before a retry

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    reserved: bool = False, max_attempts: int | None = None,
                    timeout: float | None = None, limit: int | None = None,
                    guard: Callable[[str], Awaitable[None]] | None = None) -> Fetched:
        """Fetch ``url`` (``reserved``: the caller already claimed a slot of its host).
        Returns the page to store; a failure is a page whose ``error`` is
        ``"<kind>: <message>"`` (``Fetched.failure_kind`` is the kind). ``limit``: read at
        most this many bytes of the body (on the wire and decoded) and keep them, instead of
        failing with TooLarge (``Fetched.truncated``). ``guard`` replaces the fetcher's
        guard for every hop of this fetch."""
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
                return await self._follow(url, headers, reserved and attempt == 1, attempt,
                                          timeout or self.s.total_timeout, limit, guard or self.guard)
            except FetchError as exc:
                failure = exc
            if not _retryable(failure) or attempt == attempts:
                break
            self.retries += 1
            wait = backoff(attempt, self.s)
            retry_after_s = getattr(failure, "retry_after", None)
            status = getattr(failure, "status", None)
            if retry_after_s is not None:
                wait = min(self.s.max_retry_after, max(retry_after_s, 0.0))
            host = host_of(getattr(failure, "url", None) or url)
            if status in (429, 503) or retry_after_s is not None:
                self.throttle(host).pause(wait)  # the whole host waits
            self.backing_off[host] += 1
            try:
                await asyncio.sleep(wait)
            finally:
                self.backing_off[host] -= 1
        suffix = f" (after {attempt} attempts)" if attempt > 1 else ""
        page = Page(url, getattr(failure, "url", None), getattr(failure, "status", None),
                    f"{failure_message(failure)}{suffix}", getattr(failure, "content_type", None), None, fetched_at)
        return Fetched(page, None, attempt, 0, failure_kind(failure))

    async def _follow(self, url: str, headers: dict[str, str], reserved: bool, attempt: int,
                      timeout: float, limit: int | None, guard: Callable[[str], Awaitable[None]]) -> Fetched:
        seen = {url}
        current = url
        for hop in range(self.s.max_redirects + 1):
            host = host_of(current)
            throttle = self.throttle(host)
            holding = reserved and hop == 0
            latency: float | None = None
            ok = sent = False
            try:
                await guard(current)
                if not holding:
                    await throttle.acquire()
                    holding = True
                began = time.monotonic()
                hop_headers = headers if host == host_of(url) else {}

                async def on_send() -> None:
                    nonlocal sent
                    if not sent:
                        sent = True
                        throttle.sent()

                try:
                    async with asyncio.timeout(timeout):
                        result = await self._exchange(url, current, hop_headers, on_send, limit)
                except TimeoutError as exc:
                    raise FetchTimeout(f"total timeout: no complete answer in {timeout:g}s",
                                       url=current) from exc
                latency = time.monotonic() - began
                status = result.page.status or 0
                ok = status < 500 and status != 429
            finally:
                if holding:
                    throttle.release(latency, ok, was_sent=sent)
            page = result.page
            if page.status in REDIRECT_STATUS and page.final_url:
                nxt = page.final_url
                if nxt in seen:
                    raise RedirectError(f"loop at {nxt}", status=page.status, url=nxt)
                seen.add(nxt)
                current = nxt
                continue
            return dataclasses.replace(result, attempts=attempt)
        raise RedirectError(f"more than {self.s.max_redirects} redirects", url=current)

    async def _exchange(self, url: str, current: str, headers: dict[str, str],
                        on_send: Callable[[], Awaitable[None]], limit: int | None = None) -> Fetched:
        """One request. Returns the page (a redirect is a page whose final_url is the
        target; a 4xx is a page with its status and at most ``_ERROR_BODY`` bytes of body,
        none if it is longer); raises a FetchError for retryable statuses, transport errors
        and bodies over the caps (``limit``: cut the body there instead). ``on_send`` is
        awaited when the request headers are about to be written to the socket (after
        DNS, connecting and waiting for the pool: the moment the host sees the request)."""
        now = datetime.now(timezone.utc)

        async def trace(event: str, info: dict[str, object]) -> None:
            if event.endswith("send_request_headers.started"):
                await on_send()

        try:
            async with self.client.stream_one(current, headers, {"trace": trace}) as resp:
                status = resp.status_code
                ctype = resp.headers.get("content-type")
                if status in REDIRECT_STATUS:
                    loc = resp.headers.get("location")
                    try:
                        target = normalize(loc, current) if loc else None
                    except ValueError:
                        target = None
                    if target is None:
                        raise RedirectError(f"HTTP {status} without a valid Location", status=status,
                                            content_type=ctype, url=current)
                    return Fetched(Page(url, target, status, None, ctype, None, now), None, 1, 0)
                if status in RETRY_STATUS:
                    raise HTTPStatusError(f"{status} {resp.reason_phrase}".rstrip(), status=status,
                                          content_type=ctype, url=current,
                                          retry_after=retry_after(resp.headers.get("retry-after")))
                if status == 304:
                    return Fetched(Page(url, current, 304, None, ctype, None, now), None, 1, 0)
                if status >= 400:                     # the status is the answer: keep a short body only
                    limit = min(limit or _ERROR_BODY, _ERROR_BODY)
                declared = resp.headers.get("content-length", "")
                truncated = False
                if declared.isascii() and declared.isdigit() and int(declared) > self.s.max_bytes and limit is None:
                    raise TooLarge(f"{declared} bytes declared (limit {self.s.max_bytes})",
                                   status=status, content_type=ctype, url=current)
                try:
                    body, wire, truncated = await self._read(resp, status, ctype, current, limit)
                except ContentEncodingError:
                    if status < 400:
                        raise
                    body, wire = b"", 0
                if status >= 400 and truncated:
                    body = b""
                reason = resp.reason_phrase
        except httpx.TimeoutException as exc:
            kind = {httpx.ConnectTimeout: "connect timeout", httpx.ReadTimeout: "read timeout",
                    httpx.WriteTimeout: "write timeout", httpx.PoolTimeout: "pool timeout"}.get(type(exc), "timeout")
            raise FetchTimeout(kind, url=current) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise ScopeError(f"invalid URL {current}: {exc}") from exc
        except httpx.HTTPError as exc:      # transport and protocol errors: refused, reset, not HTTP …
            raise ConnectionFailed(f"{type(exc).__name__}: {exc}".rstrip(": "), url=current) from exc
        text, charset = None, None
        if body and any(t in (ctype or "text/html").lower() for t in TEXT_TYPES) and body[:2] != b"\x1f\x8b":
            try:
                text, charset = decode(body, ctype)
            except InputError:
                text, charset = None, None
        error = None if status < 400 else failure_message(HTTPStatusError(f"{status} {reason}".rstrip()))
        page = Page(
            url=url, final_url=current, status=status, error=error,
            content_type=ctype, charset=charset, fetched_at=now,
            etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
            content_sha256=store.sha256(body) if body or status < 400 else None,
            body=body if body or status < 400 else None,
        )
        return Fetched(page, text, 1, wire, HTTPStatusError.kind if error else None, truncated and status < 400)

    async def _read(self, resp: httpx.Response, status: int, ctype: str | None, current: str,
                    limit: int | None = None) -> tuple[bytes, int, bool]:
        """The body, streamed: at most ``max_bytes`` on the wire and at most
        ``max_decompressed_bytes`` after Content-Encoding (gzip bombs), or else TooLarge.
        With a ``limit``, the first ``limit`` bytes (on the wire and decoded) are returned
        instead, and the rest is not read. Returns (body, wire bytes, truncated)."""
        encoding = resp.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            inflater = zlib.decompressobj(wbits=47)
        elif encoding == "deflate":
            inflater = zlib.decompressobj(wbits=15)
        elif encoding in ("identity", ""):
            inflater = None
        else:
            raise ContentEncodingError(f"unsupported content-encoding {encoding}", status=status,
                                       content_type=ctype, url=current)
        cap = self.s.max_decompressed_bytes if limit is None else limit
        wire_cap = self.s.max_bytes if limit is None else limit
        wire = size = 0
        parts: list[bytes] = []
        async for chunk in resp.aiter_raw():
            wire += len(chunk)
            if wire > wire_cap:
                if limit is None:
                    raise TooLarge(f"over {self.s.max_bytes} bytes", status=status, content_type=ctype, url=current)
                chunk = chunk[: len(chunk) - (wire - wire_cap)]
                if inflater is None:
                    parts.append(chunk)
                    return b"".join(parts), wire_cap, True
            if inflater is None:
                parts.append(chunk)
                continue
            data = chunk
            while data:
                try:
                    piece = inflater.decompress(data, min(_PIECE, cap - size + 1))
                except zlib.error as exc:
                    if encoding == "deflate" and size == 0 and not parts:   # raw deflate, no zlib header
                        inflater = zlib.decompressobj(wbits=-15)
                        continue
                    raise ContentEncodingError(f"corrupt {encoding} body: {exc}", status=status,
                                               content_type=ctype, url=current) from exc
                size += len(piece)
                if size > cap:
                    if limit is None:
                        raise TooLarge(f"decompresses to over {cap} bytes", status=status, content_type=ctype,
                                       url=current)
                    parts.append(piece[: len(piece) - (size - cap)])
                    return b"".join(parts), wire, True
                parts.append(piece)
                data = inflater.unconsumed_tail
            if wire >= wire_cap and limit is not None:
                return b"".join(parts), wire_cap, True
        if inflater is not None:
            tail = inflater.flush()
            if size + len(tail) > cap:
                if limit is None:
                    raise TooLarge(f"decompresses to over {cap} bytes", status=status, content_type=ctype,
                                   url=current)
                parts.append(tail[: cap - size])
                return b"".join(parts), wire, True
            parts.append(tail)
        return b"".join(parts), wire, False


__all__ = ["Client", "Fetched", "Fetcher", "make_client", "retry_after", "backoff", "failure_kind", "failure_message"]
