"""DNS pinning against the fault server: a name that resolves to a private address is
refused, and a connection goes to the address that was checked, never to a second answer
(DNS rebinding)."""
from __future__ import annotations

import asyncio

import httpx
import pytest
from faultserver import fast, hosts  # noqa: F401  (hosts is a fixture)

from pipeline import store
from pipeline.crawl import crawl
from pipeline.crawl_net import Resolver, pinned_transport
from pipeline.errors import ScopeError

LOOPBACK = ("127.0.0.0/8", "::1/128")


class RebindingDNS:
    """A DNS server that answers ``first`` once, then ``then`` forever (a rebinding attack)."""

    def __init__(self, first: str, then: str) -> None:
        self.answers = [first, then]
        self.calls = 0

    def __call__(self, hostname: str) -> list[str]:
        self.calls += 1
        return [self.answers[min(self.calls - 1, 1)]]


def _port(site) -> str:
    return site.host.split(":")[1]


def test_localhost_is_refused_without_allow_private(hosts, tmp_path):
    site = hosts(links={"/": ["/ok"]})
    con = store.connect(tmp_path / "c.duckdb")
    with pytest.raises(ScopeError, match="refusing private address 127.0.0.1 for localhost"):
        crawl(con, [f"http://localhost:{_port(site)}/"], fast(allow_private=False))
    assert site.hits == []


def test_localhost_in_an_allowed_network_is_crawled_with_its_host_header(hosts, tmp_path):
    site = hosts(links={"/": ["/ok"]})
    con = store.connect(tmp_path / "c.duckdb")
    stats = crawl(con, [f"http://localhost:{_port(site)}/"], fast(allow_private=False, allow_networks=LOOPBACK))
    assert stats.fetched == 2 and stats.errors == 0
    assert {h.headers["host"] for h in site.hits} == {f"localhost:{_port(site)}"}


def test_connections_go_to_the_checked_address_not_a_new_lookup(hosts, tmp_path):
    # the name exists only in the crawler's resolver: httpx resolving it again would fail
    site = hosts(links={"/": ["/ok", "/item/1"]})
    name = f"pinned.vinex.invalid:{_port(site)}"
    dns = RebindingDNS("127.0.0.1", "10.255.255.1")
    con = store.connect(tmp_path / "c.duckdb")
    stats = crawl(con, [f"http://{name}/"], fast(allow_private=False, allow_networks=LOOPBACK), resolve=dns)
    assert stats.fetched == 3 and stats.errors == 0
    assert {h.headers["host"] for h in site.hits} == {name}            # Host header keeps the name
    assert dns.calls == 1                                              # one vetted answer, used for every connection


def test_a_rebinding_answer_at_connect_time_is_checked_and_refused(hosts):
    site = hosts(links={"/": ["/ok"]})
    url = f"http://rebind.vinex.invalid:{_port(site)}/"

    async def fetch(ttl: float) -> tuple[int | str, int]:
        dns = RebindingDNS("127.0.0.1", "10.255.255.1")
        resolver = Resolver(allow_private=False, allow_networks=LOOPBACK, ttl=ttl, resolve=dns)
        await resolver.addresses("rebind.vinex.invalid")                # the scope check passes
        transport = pinned_transport(resolver, limits=httpx.Limits())
        async with httpx.AsyncClient(transport=transport, trust_env=False) as client:
            try:
                return (await client.get(url)).status_code, dns.calls
            except ScopeError as exc:
                return str(exc), dns.calls

    # answers are pinned for the TTL: the connection uses the checked 127.0.0.1
    assert asyncio.run(fetch(ttl=300.0)) == (200, 1)
    served = len(site.hits)
    # no caching: the connection resolves again, and the new answer is vetted before use
    outcome, calls = asyncio.run(fetch(ttl=0.0))
    assert outcome == "refusing private address 10.255.255.1 for rebind.vinex.invalid (use --allow-private)"
    assert calls == 2 and len(site.hits) == served                     # nothing reached any server


def test_cli_allow_network_flag(hosts, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    site = hosts(links={"/": ["/ok"]})
    root = Path(__file__).resolve().parent.parent
    base = [sys.executable, "-m", "pipeline", "crawl", f"http://localhost:{_port(site)}/", "--db",
            str(tmp_path / "c.duckdb"), "--delay", "0"]
    refused = subprocess.run(base, cwd=root, capture_output=True)
    assert refused.returncode == 2 and b"refusing private address" in refused.stderr
    bad = subprocess.run(base + ["--allow-network", "not-a-net"], cwd=root, capture_output=True)
    assert bad.returncode == 2 and b"--allow-network" in bad.stderr
    ok = subprocess.run(base + ["--allow-network", "127.0.0.0/8", "--allow-network", "::1/128"], cwd=root,
                        capture_output=True)
    assert ok.returncode == 0, ok.stderr.decode()
    assert b"2 fetched" in ok.stdout and site.counts["/ok"] == 1


def test_one_pool_per_origin_and_the_idle_ones_are_closed(hosts):
    sites = [hosts(links={"/": ["/ok"]}) for _ in range(4)]

    async def run() -> tuple[list[str], list[str], int]:
        transport = pinned_transport(Resolver(allow_private=True), limits=httpx.Limits(max_connections=4),
                                     max_pools=2)
        async with httpx.AsyncClient(transport=transport, trust_env=False) as client:
            async with client.stream("GET", f"http://{sites[0].host}/ok") as held:     # in flight throughout
                for site in sites[1:]:
                    assert (await client.get(f"http://{site.host}/ok")).status_code == 200
                during = transport.origins
                await held.aread()
            # a kept origin serves the next request without a new pool or an eviction
            assert (await client.get(f"http://{sites[3].host}/ok")).status_code == 200
            return during, transport.origins, len(sites[3].hits)

    during, after, hits = asyncio.run(run())
    # the pool with a response in flight is never closed; the idle ones go, oldest first
    assert during == [f"http://{sites[0].host}", f"http://{sites[3].host}"]
    assert after == [f"http://{sites[0].host}", f"http://{sites[3].host}"] and hits == 2
