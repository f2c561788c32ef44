"""Per-host politeness: at most ``concurrency`` requests in flight to one host, request
starts at least ``delay`` seconds apart, and an AutoThrottle-like adaptive delay.

The delay never goes below the floor (the ``--delay`` setting, or the robots.txt
Crawl-delay / Request-rate if larger). After each response it moves halfway towards
``latency / target_concurrency`` (Scrapy's AutoThrottle rule), so a host that slows down
is given more room, and a failing host is never sped up. ``pause`` holds every request
to the host back (``Retry-After``, backoff after 429/503).

The gap is counted from the moment a request is really sent (``sent``: its headers go
on the wire), not from the moment its slot was claimed: between the two lie DNS checks,
connecting and database work on the event loop, and a request that leaves late must not
let the next one follow it closer than ``delay``. While
a claimed request has not been sent, no other request to the host may start.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

_SEND_POLL = 0.005   # seconds: how soon a scheduler looks again while a claimed request is unsent


@dataclass
class HostThrottle:
    """The politeness state of one host. ``start`` is synchronous so a scheduler can
    claim a slot without awaiting; ``acquire`` waits for one."""

    concurrency: int
    floor: float
    max_delay: float = 60.0
    target_concurrency: float = 1.0
    adaptive: bool = True
    delay: float = 0.0
    next_at: float = 0.0
    active: int = 0
    last_start: float = float("-inf")
    unsent: int = 0              # claimed slots whose request has not been sent yet
    waited: float = 0.0          # seconds requests spent waiting for this host
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.delay = max(self.delay, self.floor)

    def set_floor(self, floor: float) -> None:
        """A new minimum delay (robots.txt Crawl-delay), counted from the last start."""
        self.floor = floor
        self.delay = max(self.delay, floor)
        self.next_at = max(self.next_at, self.last_start + self.delay)

    def ready_at(self) -> float:
        """When the next request may start (inf while the host is at its concurrency; a
        moment from now while a claimed request is still on its way out)."""
        if self.active >= self.concurrency:
            return float("inf")
        if self.unsent:
            return time.monotonic() + _SEND_POLL
        return self.next_at

    def can_start(self, now: float) -> bool:
        return self.active < self.concurrency and not self.unsent and self.next_at <= now

    def start(self, now: float | None = None) -> None:
        """Claim a slot now (the caller checked ``can_start``); call ``sent`` when the
        request goes out, and ``release`` when it is over."""
        now = time.monotonic() if now is None else now
        self.active += 1
        self.unsent += 1
        self.last_start = now
        self.next_at = max(self.next_at, now) + self.delay

    def sent(self, now: float | None = None) -> None:
        """The claimed request is being sent now: the next start is ``delay`` after this."""
        now = time.monotonic() if now is None else now
        if self.unsent:
            self.unsent -= 1
        self.last_start = now
        self.next_at = max(self.next_at, now + self.delay)
        self._changed.set()

    async def acquire(self) -> None:
        """Wait until a request may start, then claim the slot."""
        began = time.monotonic()
        while True:
            now = time.monotonic()
            if self.can_start(now):
                self.start(now)
                self.waited += now - began
                return
            self._changed.clear()
            timeout = None if self.active >= self.concurrency else max(self.next_at - now, 0.001)
            try:
                await asyncio.wait_for(self._changed.wait(), timeout)
            except TimeoutError:
                pass

    def release(self, latency: float | None, ok: bool, *, was_sent: bool = True) -> None:
        """Give the slot back; ``latency`` of a response adapts the delay. ``was_sent``
        False: the request never went out (refused before sending)."""
        self.active -= 1
        if not was_sent and self.unsent:
            self.unsent -= 1
        if self.adaptive and latency is not None:
            target = latency / self.target_concurrency
            new = (self.delay + target) / 2.0
            if not ok:
                new = max(new, self.delay)          # never speed up on errors
            self.delay = min(self.max_delay, max(self.floor, new))
        self._changed.set()

    def pause(self, seconds: float) -> None:
        """Hold every request to this host back for ``seconds`` from now."""
        self.next_at = max(self.next_at, time.monotonic() + seconds)
        self._changed.set()
