"""Politeness measured by the server: concurrency per host and across hosts, gaps between
request starts (delay, robots Crawl-delay), robots.txt rules, user agent, no cookies."""
from __future__ import annotations

from faultserver import fast, hosts  # noqa: F401  (hosts is a fixture)

from pipeline import store
from pipeline.crawl import crawl
from pipeline.throttle import HostThrottle

TOLERANCE = 0.02   # seconds: the server timestamps arrival, not the client's send


def _max_overlap(intervals: list[tuple[float, float]]) -> int:
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
    best = cur = 0
    for _, d in events:
        cur += d
        best = max(best, cur)
    return best


def test_per_host_concurrency_delay_and_global_concurrency(hosts, tmp_path):
    pages = [f"/article/{i}" for i in range(10)]
    a = hosts(links={"/": pages}, latency=0.15)
    b = hosts(links={"/": pages}, latency=0.15)
    con = store.connect(tmp_path / "c.duckdb")
    settings = fast(delay=0.05, per_host_concurrency=2, concurrency=3)
    stats = crawl(con, [a.url("/"), b.url("/")], settings)
    assert stats.fetched == 22
    for site in (a, b):
        assert site.max_active <= 2                                  # per-host concurrency
        assert site.min_gap() >= 0.05 - TOLERANCE                    # per-host delay between starts
    both = [(h.start, h.end) for s in (a, b) for h in s.hits]
    assert _max_overlap(both) <= 3                                   # global concurrency


def test_robots_crawl_delay_is_honoured(hosts, tmp_path):
    site = hosts(links={"/": [f"/article/{i}" for i in range(5)]},
                 robots="User-agent: *\nCrawl-delay: 0.25\nDisallow: /private/\n")
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/")], fast(delay=0.0, per_host_concurrency=2))
    assert len(site.hits) == 7                                       # robots + index + 5 articles
    assert site.min_gap() >= 0.25 - TOLERANCE


def test_retry_waits_count_against_the_host_not_only_the_url(hosts, tmp_path):
    site = hosts(links={"/": ["/retry-after-seconds", "/article/1", "/article/2"]})
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/")], fast(per_host_concurrency=1))
    first_429 = next(h.start for h in site.hits if h.path == "/retry-after-seconds")
    after = [h.start for h in site.hits if h.start > first_429]
    assert after and min(after) - first_429 >= 1.0 - TOLERANCE       # Retry-After paused the whole host


def test_robots_disallow_user_agent_and_no_cookies(hosts, tmp_path):
    site = hosts(links={"/": ["/private/secret", "/set-cookie", "/ok"]})
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/")], fast(contact_url="https://example.org/vinex-contact"))
    assert not any(p.startswith("/private/") for p in site.paths())
    error = con.execute("SELECT error FROM pages WHERE url LIKE '%/private/secret'").fetchone()[0]
    assert error == "robots: disallowed by robots.txt"
    assert con.execute("SELECT count(*) FROM pages WHERE kind = 'robots'").fetchone()[0] == 1
    agents = {h.headers.get("user-agent") for h in site.hits}
    assert len(agents) == 1 and agents.pop().startswith("vinex/")
    assert all("https://example.org/vinex-contact" in h.headers["user-agent"] for h in site.hits)
    assert all("cookie" not in h.headers for h in site.hits)         # Set-Cookie was not kept


def test_missing_robots_allows_all_and_failing_robots_refuses_with_a_reason(hosts, tmp_path):
    missing, failing = hosts(links={"/": ["/ok"]}, robots=None), hosts(links={"/": ["/ok"]}, robots="<503>")
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [missing.url("/"), failing.url("/")], fast(retries=0))
    rows = dict(con.execute("SELECT url, coalesce(CAST(status AS VARCHAR), error) FROM pages "
                            "WHERE kind <> 'robots'").fetchall())
    assert rows[missing.url("/ok")] == "200"                         # 404 robots.txt: everything allowed
    assert rows[failing.url("/")].startswith("robots: robots.txt unreachable")   # RFC 9309: 5xx means disallow
    assert failing.paths() == ["/robots.txt", "/robots.txt"]         # nothing else was requested


def test_adaptive_delay_follows_latency_and_never_drops_below_the_floor():
    th = HostThrottle(concurrency=2, floor=0.1, target_concurrency=1.0)
    for _ in range(8):
        th.start()
        th.release(2.0, ok=True)
    assert 1.5 < th.delay <= 2.0                                     # slow host: more room
    for _ in range(20):
        th.start()
        th.release(0.001, ok=True)
    assert th.delay == 0.1                                           # fast again: back to the floor
    slow = th.delay
    th.start()
    th.release(0.001, ok=False)
    assert th.delay >= slow                                          # errors never speed up


def test_progress_counts_a_host_waiting_out_a_retry_after(hosts, tmp_path):
    site = hosts(links={"/": ["/retry-after-seconds"]})
    con = store.connect(tmp_path / "c.duckdb")
    waiting: list[int] = []
    crawl(con, [site.url("/retry-after-seconds")], fast(retries=2), lambda s: waiting.append(s.waiting_hosts))
    assert site.counts["/retry-after-seconds"] == 2
    assert max(waiting) == 1 and waiting[-1] == 0                    # its only URL sleeps in a retry: still waiting


def test_gap_counts_from_the_send_not_the_claim():
    th = HostThrottle(concurrency=2, floor=0.5, adaptive=False)
    th.start(100.0)                     # claimed at 100 …
    assert not th.can_start(100.6)      # … but still unsent: nothing else may start
    th.sent(100.4)                      # … it leaves at 100.4 (DNS, database reads)
    assert not th.can_start(100.6)      # 0.5 s after the claim is not enough
    assert th.can_start(100.9)          # 0.5 s after the send is
    th.start(100.9)
    th.release(None, ok=False, was_sent=False)   # refused before sending: the slot is free again
    assert th.unsent == 0 and th.active == 1
