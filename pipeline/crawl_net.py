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


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with the pinned backend (no proxy: the crawler never uses one)."""

    def __init__(self, resolver: Resolver, *, limits: httpx.Limits, verify: ssl.SSLContext | bool = True) -> None:
        super().__init__(limits=limits, verify=verify, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False), max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PinnedBackend(resolver))


def pinned_transport(resolver: Resolver, *, limits: httpx.Limits,
                     verify: ssl.SSLContext | bool = True) -> httpx.AsyncBaseTransport:
    """An httpx transport whose connections go only to ``resolver``'s vetted addresses.
    A refused address raises ScopeError out of the request (httpx lets it through)."""
    return _PinnedTransport(resolver, limits=limits, verify=verify)
