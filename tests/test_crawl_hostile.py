"""The crawler against a hostile server (real HTTP on 127.0.0.1, real DuckDB): broken HTTP,
slowloris headers, unasked encodings, poisoned Location headers, hostile robots.txt and
sitemaps, pages built to make link discovery slow. For every case: each URL ends with a
recorded status or a ``"<kind>: <message>"`` error, nothing stays queued, no exception
escapes ``crawl()``, per-host politeness holds (measured by the server) and the run ends
in bounded time."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from faultserver import BIG, HUGE_ROBOTS_HEAD, LOCATIONS, fast, hosts  # noqa: F401  (hosts is a fixture)
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st

from pipeline import discover, store
from pipeline.crawl import crawl
from pipeline.urls import _plain, normalize

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 0.02      # seconds: the server timestamps arrival, not the client's send
DELAY = 0.05
# The time bounds below are set for a quiet 2-core machine; they catch a hang or a blow-up
# (minutes), so on a shared CI machine (2-3x slower at times) they get this much slack.
SLACK = 3.0


def _settings(**overrides: object):
    base: dict[str, object] = dict(retries=1, delay=DELAY, per_host_concurrency=2)
    base.update(overrides)
    return fast(**base)


def _crawl(con, seeds: list[str], settings, bound: float):
    began = time.monotonic()
    stats = crawl(con, seeds, settings)
    took = time.monotonic() - began
    assert took < bound * SLACK, f"the crawl took {took:.1f} s (bound {bound} s x {SLACK})"
    return stats


def _pages(con) -> dict[str, tuple]:
    """path -> (status, error, attempts, final_url, failure_kind, body length) of every non-robots page."""
    rows = con.execute("SELECT url, status, error, attempts, final_url, failure_kind, octet_length(body) FROM pages "
                       "WHERE kind <> 'robots'").fetchall()
    return {"/" + r[0].split("/", 3)[3]: r[1:] for r in rows}


def _settled(con) -> None:
    """Every URL ended: a page row with a status or an error, a final frontier state, and
    the two agree (a failed URL has its error, every finished URL has its page row)."""
    assert con.execute("SELECT count(*) FROM pages WHERE status IS NULL AND error IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0] == 0
    orphans = con.execute("SELECT f.url FROM frontier f LEFT JOIN pages p USING (url) "
                          "WHERE f.state IN ('done', 'failed') AND p.url IS NULL").fetchall()
    assert orphans == []
    assert con.execute("SELECT count(*) FROM frontier f JOIN pages p USING (url) "
                       "WHERE f.state = 'failed' AND p.error IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) - count(DISTINCT url) FROM pages").fetchone()[0] == 0


def _polite(*sites, concurrency: int = 2, delay: float = DELAY) -> None:
    for site in sites:
        assert site.max_active <= concurrency, site.host
        assert site.min_gap() >= delay - TOLERANCE, site.host
        if site.hits:
            assert site.paths()[0] == "/robots.txt", site.host           # robots.txt first, on every host


# ------------------------------------------------------------------ broken HTTP
def test_broken_http_is_a_connection_error_retried_once(hosts, tmp_path):
    site = hosts()
    broken = ["/garbage", "/bad-status", "/huge-header", "/bad-chunked", "/short-body", "/close-at-once",
              "/half-headers", "/switching"]
    con = store.connect(tmp_path / "c.duckdb")
    stats = _crawl(con, [site.url(p) for p in broken], _settings(), bound=8.0)
    pages = _pages(con)
    for path in broken:
        status, error, attempts, _, kind, _ = pages[path]
        assert status is None and error.startswith("connection: ") and error.endswith("(after 2 attempts)"), path
        assert kind == "connection" and attempts == 2, path
        assert site.counts[path] == 2, path
    assert "Receive buffer too long" in pages["/huge-header"][1]                 # a 1 MB header is refused early
    assert "incomplete" in pages["/short-body"][1] or "complete message" in pages["/short-body"][1]
    assert stats.errors == len(broken) and stats.fetched == 0
    _settled(con)
    _polite(site)


def test_slowloris_headers_and_endless_interim_answers_end_at_the_total_timeout(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    _crawl(con, [site.url("/slow-headers"), site.url("/continue-forever")], _settings(total_timeout=1.0), bound=6.0)
    pages = _pages(con)
    for path in ("/slow-headers", "/continue-forever"):
        assert pages[path][:2] == (None, "timeout: total timeout: no complete answer in 1s (after 2 attempts)"), path
    _settled(con)
    _polite(site)


def test_encodings_not_asked_for_fail_the_url_not_the_crawl(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    stats = _crawl(con, [site.url("/br"), site.url("/unknown-encoding")], _settings(), bound=5.0)
    pages = _pages(con)
    assert pages["/br"][:2] == (200, "encoding: unsupported content-encoding br")
    assert pages["/unknown-encoding"][:2] == (200, "encoding: unsupported content-encoding x-vinex")
    assert {pages[p][5] for p in ("/br", "/unknown-encoding")} == {None}        # no undecoded body stored
    states = {r[0] for r in con.execute("SELECT state FROM frontier").fetchall()}
    assert states == {"failed"} and stats.errors == 2 and stats.fetched == 0   # a failure, though it had a status
    assert all(h.headers.get("accept-encoding") == "gzip, deflate" for h in site.hits)
    _settled(con)
    _polite(site)


# ------------------------------------------------------------------ redirects
def test_poisoned_location_headers(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    seeds = [site.url(f"/loc/{name}") for name in LOCATIONS] + [site.url("/frag-self")]
    _crawl(con, seeds, _settings(), bound=6.0)
    pages = _pages(con)
    followed = {"non-ascii": "/ok/tin-t%E1%BB%A9c/b%C3%A0i-vi%E1%BA%BFt", "spaces": "/ok/with%20spaces/a%20b",
                "relative": "/ok/relative", "latin1": "/ok/caf%C3%A9"}
    for name, path in followed.items():
        assert pages[f"/loc/{name}"][:2] == (200, None), name
        assert pages[f"/loc/{name}"][3] == site.url(path), name
        assert site.counts[path] == 1, name
    refused = {"invalid": "redirect: HTTP 302 without a valid Location",
               "empty": "redirect: HTTP 302 without a valid Location",
               "javascript": "scope: not an http(s) URL: javascript:alert(1)",
               "ftp": "scope: not an http(s) URL: ftp://127.0.0.1/file",
               "disallowed": "robots: disallowed by robots.txt"}
    for name, error in refused.items():
        assert pages[f"/loc/{name}"][1] == error, name
        assert site.counts[f"/loc/{name}"] == 1, name                            # not retried
    assert "/private/secret" not in site.paths()                               # a redirect obeys robots.txt
    assert pages["/frag-self"][1] == f"redirect: loop at {site.url('/frag-self')}"
    assert site.counts["/frag-self"] == 1
    _settled(con)
    _polite(site)


def test_301_chains_alternating_between_hosts_in_scope(hosts, tmp_path):
    a, b = hosts(), hosts(robots="User-agent: *\nDisallow: /private/\nCrawl-delay: 0.1\n")
    a.other, b.other = b, a
    con = store.connect(tmp_path / "c.duckdb")
    settings = _settings(allow_hosts=(b.host,), max_redirects=5)
    _crawl(con, [a.url("/hop/4"), a.url("/hop/9")], settings, bound=6.0)
    pages = _pages(con)
    assert pages["/hop/4"][:2] == (200, None) and pages["/hop/4"][3] == a.url("/hop/0")
    assert pages["/hop/9"][1] == "redirect: more than 5 redirects"
    # b was reached only through redirects: its robots.txt was read first, and its Crawl-delay kept
    assert b.paths()[0] == "/robots.txt" and b.counts["/robots.txt"] == 1
    assert con.execute("SELECT count(*) FROM pages WHERE kind = 'robots'").fetchone()[0] == 2
    _settled(con)
    _polite(a)
    _polite(b, delay=0.1)


# ------------------------------------------------------------------ robots.txt
def test_robots_txt_redirected_to_another_path_and_to_another_host(hosts, tmp_path):
    links = {"/": ["/private/x", "/ok/after-robots"]}
    moved, away, target = hosts(links=links, robots="<redirect-path>"), hosts(links=links, robots="<redirect-other>"), \
        hosts()
    away.other = target                                     # not in the crawl's scope: only its robots.txt is read
    con = store.connect(tmp_path / "c.duckdb")
    _crawl(con, [moved.url("/"), away.url("/")], _settings(), bound=6.0)
    for site in (moved, away):
        rows = dict(con.execute("SELECT url, coalesce(CAST(status AS VARCHAR), error) FROM pages WHERE url LIKE ?",
                                [site.base_url + "/%"]).fetchall())
        assert rows[site.url("/ok/after-robots")] == "200", site.host
        assert rows[site.url("/private/x")] == "robots: disallowed by robots.txt", site.host
        assert "/private/x" not in site.paths()
    assert moved.paths()[:2] == ["/robots.txt", "/robots-real.txt"]
    assert target.paths() == ["/robots.txt"]                 # RFC 9309: redirects are followed across hosts
    _settled(con)
    _polite(moved, away, target)


def test_robots_txt_huge_html_or_hanging(hosts, tmp_path):
    links = {"/": ["/private/x", "/ok/y"]}
    huge, as_html, hang = hosts(links=links, robots="<huge>"), hosts(links=links, robots="<html>"), \
        hosts(links=links, robots="<hang>")
    con = store.connect(tmp_path / "c.duckdb")
    settings = _settings(robots_timeout=1.0, max_robots_bytes=100_000)
    _crawl(con, [huge.url("/"), as_html.url("/"), hang.url("/")], settings, bound=8.0)
    size, body = con.execute("SELECT octet_length(body), body FROM pages WHERE url = ?",
                             [huge.url("/robots.txt")]).fetchone()
    assert size == 100_000 and bytes(body).startswith(HUGE_ROBOTS_HEAD.encode())   # capped, and its rules read
    assert huge.sent["/robots.txt"] < BIG
    assert "/private/x" not in huge.paths() and huge.counts["/ok/y"] == 1
    assert as_html.counts["/private/x"] == 1 and as_html.counts["/ok/y"] == 1     # HTML is no rule at all
    rows = dict(con.execute("SELECT url, error FROM pages WHERE url LIKE ?", [hang.base_url + "/%"]).fetchall())
    assert rows[hang.url("/")].startswith("robots: robots.txt unreachable (timeout: ")   # RFC 9309: disallow all
    assert hang.paths() == ["/robots.txt", "/robots.txt"]
    _settled(con)
    _polite(huge, as_html, hang)


# ------------------------------------------------------------------ sitemaps, feeds, link-heavy pages
def test_sitemap_entity_bomb_corrupt_gzip_and_unclosed_tags(hosts, tmp_path):
    site = hosts()
    seeds = [site.url(p) for p in ("/sitemap-bomb.xml", "/sitemap-corrupt.xml.gz", "/sitemap-unclosed.xml",
                                   "/feed-unclosed.xml")]
    con = store.connect(tmp_path / "c.duckdb")
    _crawl(con, seeds, _settings(), bound=6.0)
    pages = _pages(con)
    assert pages["/sm/after-bomb"][:2] == (200, None)
    assert max(len(u) for (u,) in con.execute("SELECT url FROM frontier").fetchall()) < 100   # no entity expanded
    assert pages["/sitemap-corrupt.xml.gz"][0] == 200                         # stored; no links, no crash
    assert pages["/sm/u"][:2] == (200, None) and pages["/rss/u"][:2] == (200, None)
    _settled(con)
    _polite(site)


_BIG_DISCOVERY = """
import json, resource, sys, time
from pipeline import store
from pipeline.crawl import CrawlSettings, crawl

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

warm, hostile, db = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
settings = CrawlSettings(allow_private=True, delay=0.0, adaptive_delay=False, total_timeout=10.0, retries=0,
                         max_pages=40)
con = store.connect(db)
crawl(con, [warm], settings)
before = peak_mb()
began = time.monotonic()
stats = crawl(con, hostile, settings)
took = time.monotonic() - began
frontier = dict(con.execute("SELECT state, count(*) FROM frontier GROUP BY state").fetchall())
print(json.dumps({"before": before, "after": peak_mb(), "took": took, "fetched": stats.fetched,
                  "done": stats.done, "frontier": frontier}))
"""


def test_200k_url_sitemap_stays_bounded_in_time_memory_and_max_pages(hosts, tmp_path):
    site = hosts()
    urls = [site.url("/ok"), site.url("/sitemap-200k.xml")]
    proc = subprocess.run([sys.executable, "-c", _BIG_DISCOVERY, *urls, str(tmp_path / "b.duckdb")], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    report = json.loads(proc.stdout)
    assert report["took"] < 15 * SLACK, report
    assert report["done"] <= 40                                       # --max-pages
    assert report["frontier"] == {"done": 1 + 40, "queued": 50_000 - 39}, report   # max_links_per_page
    assert report["after"] - report["before"] < 150, report           # MB of peak RSS growth
    _polite(site, delay=0.0)


def test_a_page_with_100k_links_is_cut_at_the_link_cap(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    # ~7 s on a quiet 2-core VM (50,000 links normalised and queued)
    _crawl(con, [site.url("/links-100k")], _settings(max_pages=5, total_timeout=5.0), bound=10.0)
    assert con.execute("SELECT count(*) FROM frontier").fetchone()[0] == 1 + 50_000
    assert site.counts["/links-100k"] == 1 and len(site.paths()) == 1 + 5
    _polite(site)


# ------------------------------------------------------------------ HTML and URL shapes
def test_base_href_to_another_host_and_meta_refresh(hosts, tmp_path):
    site, other = hosts(), hosts()
    site.other = other
    con = store.connect(tmp_path / "c.duckdb")
    stats = _crawl(con, [site.url("/base-other"), site.url("/meta-refresh")], _settings(), bound=5.0)
    paths = set(site.paths())
    assert {"/ok/base-absolute", "/ok/refreshed"} <= paths
    assert not paths & {"/ok/base-relative", "/ok/base-rooted", "/elsewhere/ok/base-relative"}
    assert other.hits == [] and stats.off_scope >= 2                   # relative links went to the base's host
    _settled(con)
    _polite(site)


def test_dot_segments_and_percent_encoded_slashes(hosts, tmp_path):
    links = ["/ok/a/../../ok/dots", "/ok/x/%2e%2e/dots", "/ok/dots", "/ok/%2Fenc%2F", "/ok/a%2fb", "/ok/./b/./",
             "/../../../ok/above-root"]
    site = hosts(links={"/": links})
    con = store.connect(tmp_path / "c.duckdb")
    _crawl(con, [site.url("/")], _settings(), bound=5.0)
    expected = {"/", "/ok/dots", "/ok/%2Fenc%2F", "/ok/a%2Fb", "/ok/b/", "/ok/above-root"}
    assert {u.split("/", 3)[3] and "/" + u.split("/", 3)[3] or "/"
            for (u,) in con.execute("SELECT url FROM frontier").fetchall()} == expected
    counts = site.counts
    assert {p: counts[p] for p in expected} == {p: 1 for p in expected}   # each once, as the frontier spells it
    _settled(con)
    _polite(site)


def test_empty_bodies_and_error_statuses(hosts, tmp_path):
    site = hosts()
    seeds = ["/empty", "/no-content", "/404-huge", "/get-405", "/status-999", "/charset-undefined",
             "/retry-after-unicode"]
    con = store.connect(tmp_path / "c.duckdb")
    stats = _crawl(con, [site.url(p) for p in seeds], _settings(total_timeout=3.0), bound=8.0)
    pages = _pages(con)
    assert pages["/empty"][:2] == (200, None) and pages["/empty"][5] == 0
    assert pages["/no-content"][:2] == (204, None)
    assert pages["/404-huge"][:2] == (404, "http-status: 404 Not Found") and pages["/404-huge"][5] is None
    assert site.sent["/404-huge"] < BIG                                  # the crawler hung up
    assert pages["/get-405"][:2] == (405, "http-status: 405 Method Not Allowed")
    assert pages["/status-999"][:2] == (999, "http-status: 999 Odd")
    assert pages["/charset-undefined"][:2] == (200, None)                # charset=undefined: detected instead
    assert pages["/ok/x"][:2] == (200, None)                             # and its links were read
    assert pages["/retry-after-unicode"][:2] == (503, "http-status: 503 Busy (after 2 attempts)")  # 'Retry-After: ²'
    assert stats.http_errors == 4
    _settled(con)
    _polite(site)


# ------------------------------------------------------------------ the parsers, alone
def _quick(fn, *args, bound: float = 5.0):     # quadratic would take minutes
    began = time.monotonic()
    out = fn(*args)
    assert time.monotonic() - began < bound * SLACK, fn.__name__
    return out


def test_discovery_is_linear_on_hostile_markup():
    ten_mb = 2_000_000
    assert len(_quick(discover.sitemap_links, b"<urlset>" + b"<url><loc>/a</loc>" * 400_000, 10**8, 50_001)) \
        == 50_001                                                                                # unclosed entries
    assert _quick(discover.sitemap_links, b"<urlset>" + b"<url " * ten_mb) == []
    assert len(_quick(discover.feed_links, b"<rss>" + b"<item><link>/a</link>" * 400_000, 50_001)) == 50_001
    assert _quick(discover.feed_links, b"<rss><item>" + b"<link " * ten_mb) == []
    assert _quick(discover.robots_sitemaps, "\n" * 500_000 + "Sitemap: /s.xml\n") == ["/s.xml"]
    one_div = "<div>" + "".join(f'<a href="/a/{i}">{i}</a> ' for i in range(100_000)) + "</div>"
    assert len(_quick(discover.html_links, one_div, 50_000)) == 50_000
    assert len(discover.sitemap_links(b"<urlset>" + b"<url><loc>/a</loc></url>" * 10, 10**6, 3)) == 3


def test_discovery_of_base_href_and_meta_refresh():
    page = ("<html><head><base href='http://other.test/dir/'>"
            "<meta http-equiv='Refresh' content='0; URL=next'><meta http-equiv=refresh content='30'></head>"
            "<body><a href='a'>a</a><a href='/b'>b</a><a href='https://x.test/c'>c</a></body></html>")
    assert [x.href for x in discover.html_links(page)] == [
        "http://other.test/dir/next", "http://other.test/dir/a", "http://other.test/b",
        "https://x.test/c"]
    hostile_base = "<base href='javascript:alert(1)'><a href='a'>a</a>"
    assert [x.href for x in discover.html_links(hostile_base)] == ["a"]


@hsettings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["", "http://127.0.0.1:8000/a/b", "https://xn--4ca.test/"]))
def test_normalize_raises_only_value_error(raw, base):
    for href in (raw, "http://" + raw, "/" + raw):
        try:
            url = normalize(href, base or None)
        except ValueError:
            continue
        assert isinstance(url, str)


_SEG = st.from_regex(r"[A-Za-z0-9\-._~%]{0,6}", fullmatch=True)


@hsettings(max_examples=400, deadline=None)
@given(scheme=st.sampled_from(["http", "https"]), host=st.from_regex(r"[a-z0-9.\-]{1,12}", fullmatch=True),
       port=st.sampled_from(["", ":80", ":443", ":8080", ":0", ":080", ":99999"]),
       segs=st.lists(_SEG, max_size=5), query=st.from_regex(r"[A-Za-z0-9\-._~=&]{0,12}", fullmatch=True),
       has_query=st.booleans())
def test_the_fast_path_of_normalize_agrees_with_url_normalize(scheme, host, port, segs, query, has_query):
    url = f"{scheme}://{host}{port}/" + "/".join(segs) + (f"?{query}" if has_query else "")
    if _plain(url) is not None:
        with mock.patch("pipeline.urls._plain", return_value=None):     # url-normalize alone
            slow = normalize(url)
        assert normalize(url) == slow
