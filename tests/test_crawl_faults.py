"""The crawler against injected faults (real HTTP on 127.0.0.1, real DuckDB): every URL
ends with a recorded status or error, retries are bounded and waits are honoured."""
from __future__ import annotations

import pytest
from faultserver import BIG, VIETNAMESE, cp1258_bytes, fast, hosts  # noqa: F401  (hosts is a fixture)

from pipeline import store
from pipeline.crawl import crawl
from pipeline.decode import decode
from pipeline.errors import ScopeError


def _pages(con) -> dict[str, tuple]:
    rows = con.execute("SELECT url, status, error, attempts, final_url, failure_kind FROM pages "
                       "WHERE kind <> 'robots'").fetchall()
    return {r[0].split("/", 3)[3]: r[1:] for r in rows}


def _no_loose_ends(con) -> None:
    assert con.execute("SELECT count(*) FROM pages WHERE status IS NULL AND error IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0] == 0


def test_retry_after_seconds_and_http_date_are_honoured(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    stats = crawl(con, [site.url("/retry-after-seconds"), site.url("/retry-after-date")], fast(retries=3))
    pages = _pages(con)
    assert pages["retry-after-seconds"][:2] == (200, None)
    assert pages["retry-after-date"][:2] == (200, None)
    assert stats.retries == 2
    for path, at_least in (("/retry-after-seconds", 1.0), ("/retry-after-date", 1.0)):
        starts = [h.start for h in site.hits if h.path == path]
        assert len(starts) == 2
        assert starts[1] - starts[0] >= at_least - 0.05, path
    _no_loose_ends(con)


def test_retry_after_is_capped(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/retry-after-huge")], fast(max_retry_after=0.3))
    assert _pages(con)["retry-after-huge"][:2] == (200, None)
    starts = [h.start for h in site.hits if h.path == "/retry-after-huge"]
    assert 0.3 - 0.05 <= starts[1] - starts[0] < 5.0     # not the 86400 s the server asked for


def test_503_burst_then_success_and_bounded_attempts(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/503-burst"), site.url("/always-503")], fast(retries=2, backoff=0.1))
    pages = _pages(con)
    assert pages["503-burst"][:2] == (200, None) and pages["503-burst"][2] == 3
    status, error, attempts, _, kind = pages["always-503"]
    assert status == 503 and error == "http-status: 503 Service Unavailable (after 3 attempts)" and attempts == 3
    assert kind == "http-status"
    assert site.counts["/always-503"] == 3                 # bounded: 1 + retries
    burst = [h.start for h in site.hits if h.path == "/503-burst"]
    assert burst[1] - burst[0] >= 0.1 * 0.5 - 0.01          # backoff with jitter in 0.5–1.5 × base
    _no_loose_ends(con)


def test_timeouts_and_resets_are_recorded_as_errors(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    seeds = [site.url(p) for p in ("/slow-drip", "/hang", "/reset")]
    stats = crawl(con, seeds, fast(retries=1, per_host_concurrency=3, total_timeout=1.0, read_timeout=0.5))
    pages = _pages(con)
    assert pages["slow-drip"][0] is None and pages["slow-drip"][1].startswith("timeout: total timeout")
    assert pages["hang"][0] is None and pages["hang"][1] == "timeout: read timeout (after 2 attempts)"
    assert pages["reset"][0] is None and pages["reset"][1].startswith("connection: ")
    assert [pages[p][4] for p in ("slow-drip", "hang", "reset")] == ["timeout", "timeout", "connection"]
    for path in ("/slow-drip", "/hang", "/reset"):
        assert site.counts[path] == 2, path                 # first attempt + 1 retry, then given up
    assert stats.errors == 3
    failed = dict(con.execute("SELECT split_part(url, '/', 4), reason FROM frontier WHERE state = 'failed'").fetchall())
    assert set(failed) == {"slow-drip", "hang", "reset"}
    by_kind = dict(con.execute("SELECT failure_kind, urls FROM crawl_failures").fetchall())
    assert by_kind == {"timeout": 2, "connection": 1}                  # researchers GROUP BY the kind
    _no_loose_ends(con)


def test_redirect_loops_and_chains_are_bounded(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/loop-a"), site.url("/chain/9"), site.url("/chain/3")], fast(max_redirects=5))
    pages = _pages(con)
    assert pages["loop-a"][1].startswith("redirect: loop at ") and pages["loop-a"][4] == "redirect"
    assert pages["chain/9"][1] == "redirect: more than 5 redirects"
    assert pages["chain/3"][:2] == (200, None) and pages["chain/3"][3].endswith("/chain/0")
    assert site.counts["/loop-a"] == 1 and site.counts["/loop-b"] == 1
    _no_loose_ends(con)


def test_private_and_off_scope_redirects_are_refused_on_every_hop(hosts, tmp_path):
    site, other = hosts(), hosts()
    site.other = other
    con = store.connect(tmp_path / "c.duckdb")
    # the private targets are in scope, so only the address rule can stop them
    settings = fast(allow_private=False, allow_networks=("127.0.0.0/8",),
                    allow_hosts=("10.255.255.1", "169.254.169.254"))
    crawl(con, [site.url(p) for p in ("/to-private", "/to-link-local", "/to-other-host", "/ok")], settings)
    pages = _pages(con)
    assert pages["to-private"][1].startswith("scope: refusing private address 10.255.255.1")
    assert pages["to-link-local"][1].startswith("scope: refusing private address 169.254.169.254")
    assert pages["to-other-host"][1].startswith("scope: outside the crawl scope")
    assert {pages[p][4] for p in ("to-private", "to-link-local", "to-other-host")} == {"scope"}
    assert pages["ok"][:2] == (200, None)
    assert other.hits == []                                 # nothing was sent to the other host
    with pytest.raises(ScopeError, match="private address"):
        crawl(store.connect(tmp_path / "d.duckdb"), [site.url("/ok")], fast(allow_private=False))
    with pytest.raises(ScopeError, match="http"):
        crawl(store.connect(tmp_path / "e.duckdb"), ["ftp://127.0.0.1/x"], fast())


def test_size_caps_stream_and_stop_gzip_bombs(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    seeds = [site.url(p) for p in ("/big", "/big-declared", "/bomb")]
    crawl(con, seeds, fast(total_timeout=10.0, per_host_concurrency=3))
    pages = _pages(con)
    assert pages["big"][1] == "too-large: over 10000000 bytes"
    assert pages["big-declared"][1] == "too-large: 50000000 bytes declared (limit 10000000)"
    assert pages["bomb"][1] == "too-large: decompresses to over 10000000 bytes"
    assert {pages[p][4] for p in ("big", "big-declared", "bomb")} == {"too-large"}
    assert site.sent["/big"] < BIG                          # the crawler hung up; it did not read 50 MB
    assert con.execute("SELECT count(*) FROM pages WHERE body IS NOT NULL AND kind <> 'robots'").fetchone()[0] == 0
    _no_loose_ends(con)


def test_windows_1258_page_is_stored_raw_with_its_charset(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/cp1258")], fast())
    body, charset = con.execute("SELECT body, charset FROM pages WHERE url LIKE '%/cp1258'").fetchone()
    assert cp1258_bytes(VIETNAMESE) in bytes(body)           # bytes as fetched, never re-encoded
    assert charset == "cp1258"
    assert VIETNAMESE in decode(bytes(body), "text/html; charset=windows-1258")[0]
