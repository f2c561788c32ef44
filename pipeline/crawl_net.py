"""DNS for the crawler, pinned: every connection goes to an address that was checked.

The private-address rule is only as good as the address it checks. If httpx resolved the
host again when connecting, a DNS server could answer a public address to the check and
``127.0.0.1`` to the connection (DNS rebinding). So the crawler resolves through one
``Resolver`` (cached ``dns_ttl`` seconds, every answer vetted), and its httpx client has a
network backend that connects to the resolver's vetted addresses instead of resolving the
hostname itself. The URL keeps the hostname, so the ``Host`` header, the TLS SNI and the
certificate check are unchanged.

Usage::

    resolver = Resolver(allow_private=False, allow_networks=())
    await resolver.addresses("sonla.gov.vn")          # -> ["203.162.0.10"], or ScopeError
    client = httpx.AsyncClient(transport=pinned_transport(resolver, limits=httpx.Limits()))
"""
from __future__ import annotations

import asyncio
import ssl
import time
import typing
from collections import Counter, OrderedDict
from typing import Callable

import httpcore
import httpx

from .errors import ScopeError
from .urls import check_addresses, resolve as system_resolve

__all__ = ["Resolver", "pinned_transport"]

Resolve = Callable[[str], list[str]]


class Resolver:
    """Resolves hostnames (blocking DNS in a thread), refuses private answers unless
    allowed, and remembers answers and refusals for ``ttl`` seconds.

    ``resolve`` replaces the system resolver (tests use it to play a rebinding DNS server).
    """

    def __init__(self, *, allow_private: bool, allow_networks: tuple[str, ...] = (), ttl: float = 300.0,
                 resolve: Resolve | None = None) -> None:
        self.allow_private = allow_private
        self.allow_networks = allow_networks
        self.ttl = ttl
        self.resolve = resolve or system_resolve
        self._cache: dict[str, tuple[float, list[str], str | None]] = {}

    async def addresses(self, hostname: str) -> list[str]:
        """The vetted addresses of ``hostname``. Raises ScopeError if it does not resolve
        or resolves to a private address that is not allowed."""
        now = time.monotonic()
        cached = self._cache.get(hostname)
        if cached is None or cached[0] <= now:
            try:
                addrs = await asyncio.get_running_loop().run_in_executor(None, self.resolve, hostname)
                check_addresses(hostname, addrs, self.allow_private, self.allow_networks)
                cached = (now + self.ttl, addrs, None)
            except ScopeError as exc:
                cached = (now + self.ttl, [], str(exc))
            if self.ttl > 0:
                self._cache[hostname] = cached
        if cached[2] is not None:
            raise ScopeError(cached[2])
        return cached[1]


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting to the resolver's vetted addresses (tried in
    order) instead of resolving the hostname again."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        last: Exception | None = None
        for address in await self.resolver.addresses(host):
            try:
                return await self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                    socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        if last is not None:
            raise last
        raise httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not crawled")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class _OriginPools:
    """httpcore's connection-pool interface over one pool per origin (scheme, host, port).

    One pool for every host costs O(connections) per request: httpcore checks each
    connection it holds for expiry (a socket poll each) whenever it assigns a request, so a
    crawl over 20 hosts paid for 40 connections per request. Per-origin pools look at their
    own two or three. Pools are kept by last use; above ``max_pools`` the oldest ones
    with nothing in flight are closed (no socket is left open for a host the crawl left).
    """

    def __init__(self, make_pool: Callable[[], httpcore.AsyncConnectionPool], max_pools: int) -> None:
        self._make = make_pool
        self._max = max_pools
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], httpcore.AsyncConnectionPool] = OrderedDict()
        self._busy: Counter[tuple[bytes, bytes, int | None]] = Counter()   # requests being set up per origin

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        key = (request.url.scheme, request.url.host, request.url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = self._make()
            await self._evict()
        self._pools.move_to_end(key)
        self._busy[key] += 1
        try:
            return await pool.handle_async_request(request)
        finally:
            self._busy[key] -= 1
            if not self._busy[key]:
                del self._busy[key]

    async def _evict(self) -> None:
        idle = [k for k, pool in self._pools.items()
                if k not in self._busy and all(c.is_idle() or c.is_closed() for c in pool.connections)]
        for key in idle[: max(0, len(self._pools) - self._max)]:
            await self._pools.pop(key).aclose()

    def origins(self) -> list[str]:
        return [f"{scheme.decode()}://{host.decode()}:{port}" for scheme, host, port in self._pools]

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            await pool.aclose()

    async def __aenter__(self) -> "_OriginPools":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with the pinned backend (no proxy: the crawler never uses one)
    and one connection pool per origin."""

    def __init__(self, resolver: Resolver, *, limits: httpx.Limits, verify: ssl.SSLContext | bool = True,
                 max_pools: int | None = None) -> None:
        super().__init__(limits=limits, verify=verify, trust_env=False)
        ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        backend = _PinnedBackend(resolver)

        def make_pool() -> httpcore.AsyncConnectionPool:
            return httpcore.AsyncConnectionPool(
                ssl_context=ssl_context, max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections,
                keepalive_expiry=limits.keepalive_expiry, network_backend=backend)

        if max_pools is None:
            max_pools = max(64, 4 * (limits.max_connections or 16))
        self._pool = _OriginPools(make_pool, max_pools)   # type: ignore[assignment]

    @property
    def origins(self) -> list[str]:
        """The origins that have a connection pool, least recently used first."""
        return self._pool.origins()   # type: ignore[attr-defined]


def pinned_transport(resolver: Resolver, *, limits: httpx.Limits, verify: ssl.SSLContext | bool = True,
                     max_pools: int | None = None) -> _PinnedTransport:
    """An httpx transport whose connections go only to ``resolver``'s vetted addresses.
    A refused address raises ScopeError out of the request (httpx lets it through)."""
    return _PinnedTransport(resolver, limits=limits, verify=verify, max_pools=max_pools)
