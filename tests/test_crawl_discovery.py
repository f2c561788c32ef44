"""Discovery, scope, traps, --since, dedup and re-crawl against the fault server."""
from __future__ import annotations

from datetime import datetime, timezone

from faultserver import fast, hosts  # noqa: F401  (hosts is a fixture)
from hypothesis import given
from hypothesis import strategies as st

from pipeline import store
from pipeline.crawl import crawl
from pipeline.urls import normalize


def _skipped(con) -> dict[str, str]:
    return dict(con.execute("SELECT url, reason FROM frontier WHERE state = 'skipped'").fetchall())


def test_off_scope_non_http_and_tracking_duplicates(hosts, tmp_path):
    other = hosts()
    site = hosts(links={"/": ["/ok?utm_source=zalo&utm_medium=x", "/ok?fbclid=abc", "/ok#binh-luan", "/ok",
                              "HTTP://127.0.0.1:%s/ok" % "{port}", "mailto:toasoan@example.vn", "javascript:void(0)",
                              "tel:02123", "ftp://127.0.0.1/file", "http://example.invalid/x", other.url("/ok"),
                              "/item/1?id=7&utm_campaign=a", "/item/1?id=7"]})
    links = site.links
    links["/"][4] = links["/"][4].format(port=site.host.split(":")[1])
    site.links = links
    con = store.connect(tmp_path / "c.duckdb")
    stats = crawl(con, [site.url("/")], fast())
    assert site.counts["/ok"] == 1 and site.counts["/item/1?id=7"] == 1
    assert other.hits == []
    urls = {r[0] for r in con.execute("SELECT url FROM frontier").fetchall()}
    assert urls == {site.url("/"), site.url("/ok"), site.url("/item/1?id=7")}
    assert stats.off_scope >= 6


def test_calendar_trap_is_bounded_and_recorded(hosts, tmp_path):
    site = hosts()
    now = datetime.now(timezone.utc)
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url(f"/cal/{now.year}/{now.month:02d}")], fast(calendar_days=62))
    fetched = [p for p in site.paths() if p.startswith("/cal/")]
    assert 2 <= len(fetched) <= 5                                    # ~two months back, one ahead
    reasons = _skipped(con).values()
    assert any(r.startswith("trap: calendar page") for r in reasons)


def test_infinite_pagination_and_growing_queries_stop(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/list?page=1"), site.url("/grow")], fast(max_query_len=120, max_depth=50))
    lists = [p for p in site.paths() if p.startswith("/list")]
    assert lists == ["/list?page=1", "/list?page=2"]                 # page 2 repeats page 1: stop
    grows = [p for p in site.paths() if p.startswith("/grow")]
    assert 2 < len(grows) < 12
    reasons = set(_skipped(con).values())
    assert "trap: listing page brings no link its previous page did not have" in reasons
    assert "trap: query string longer than 120" in reasons


def test_sitemap_index_gz_feeds_and_since(hosts, tmp_path):
    robots = "User-agent: *\nDisallow: /private/\nSitemap: {}\n"
    site = hosts()
    site.robots = robots.format(site.url("/sitemap-index.xml"))
    seeds = [site.url("/rss.xml"), site.url("/atom.xml")]
    since = datetime(2024, 1, 1, tzinfo=timezone.utc)
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, seeds, fast(since=since))
    got = set(site.paths())
    assert {"/sitemap-index.xml", "/sitemap-news.xml.gz", "/sm/new?id=1&cat=2", "/rss/new", "/atom/new"} <= got
    assert not got & {"/sitemap-old.xml", "/sm/old", "/sm/ancient", "/rss/old", "/atom/old"}
    skipped = _skipped(con)
    assert skipped[site.url("/rss/old")] == "dated before --since"
    assert skipped[site.url("/sitemap-old.xml")] == "dated before --since"
    kinds = dict(con.execute("SELECT kind, count(*) FROM pages GROUP BY kind").fetchall())
    assert kinds == {"robots": 1, "sitemap": 2, "feed": 2, "page": 3}
    # a re-crawl without --since queues the old entries again (skipped is not final)
    crawl(con, seeds, fast(recrawl=True))
    assert {"/sitemap-old.xml", "/sm/old", "/sm/ancient", "/rss/old", "/atom/old"} <= set(site.paths())


def test_since_stops_paging_back_through_a_dated_listing(hosts, tmp_path):
    site = hosts()
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/news?page=1")], fast(since=datetime(2024, 3, 1, tzinfo=timezone.utc)))
    listings = sorted(p for p in site.paths() if p.startswith("/news?"))
    assert listings == [f"/news?page={i}" for i in range(1, 6)]     # page 5 is all before March: stop
    items = [p for p in site.paths() if p.startswith("/news/")]
    assert "/news/1-0" in items and "/news/4-0" in items and "/news/5-0" not in items
    assert _skipped(con)[site.url("/news?page=6")] == "listing pages before --since"


def test_content_duplicates_and_conditional_recrawl(hosts, tmp_path):
    site = hosts()
    seeds = [site.url(p) for p in ("/dup-a", "/dup-b", "/etag", "/last-modified")]
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, seeds, fast(per_host_concurrency=1))
    dups = con.execute("SELECT url, duplicate_of, body IS NULL FROM pages WHERE duplicate_of IS NOT NULL").fetchall()
    assert dups == [(site.url("/dup-b"), site.url("/dup-a"), True)]
    before = dict(con.execute("SELECT url, content_sha256 FROM pages").fetchall())
    stats = crawl(con, seeds, fast(recrawl=True))
    assert stats.not_modified == 2 and stats.fetched == 2
    cond = [h.headers for h in site.hits if h.path in ("/etag", "/last-modified")][2:]
    assert any(h.get("if-none-match") == '"v1-etag"' for h in cond)
    assert any("if-modified-since" in h for h in cond)
    rows = con.execute("SELECT status, body IS NOT NULL, content_sha256 FROM pages WHERE url = ?",
                       [site.url("/etag")]).fetchall()
    assert rows == [(200, True, before[site.url("/etag")])]          # 304 keeps the stored body
    assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == len(before)


_TRACKING = st.sampled_from(["utm_source", "utm_campaign", "fbclid", "gclid", "zarsrc"])
_PARAM = st.from_regex(r"[a-z]{1,6}", fullmatch=True).filter(lambda k: not k.startswith(("utm", "mc_", "pk_")))


@given(path=st.from_regex(r"(/[a-zA-Z0-9\-]{1,8}){0,4}/?", fullmatch=True),
       params=st.lists(st.tuples(_PARAM, st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True)), max_size=4),
       tracking=st.lists(st.tuples(_TRACKING, st.just("x")), max_size=3),
       port=st.sampled_from(["", ":80", ":8080"]), frag=st.sampled_from(["", "#top"]))
def test_normalize_is_idempotent_and_drops_only_tracking(path, params, tracking, port, frag):
    query = "&".join(f"{k}={v}" for k, v in params + tracking)
    url = f"HTTP://Thanhpho.Example.VN{port}{path}{'?' + query if query else ''}{frag}"
    norm = normalize(url)
    assert normalize(norm) == norm
    assert norm.startswith("http://thanhpho.example.vn" + (":8080" if port == ":8080" else ""))
    assert "#" not in norm and not any(f"{k}=" in norm for k, _ in tracking)
    kept = [f"{k}={v}" for k, v in params]
    if kept:
        assert norm.split("?", 1)[1].split("&") == kept              # order and ids kept
    else:
        assert "?" not in norm


def test_article_urls_of_site_profiles_go_first_and_are_recorded(hosts, tmp_path):
    # /tin-tuc/<slug>-<id>.html is the article URL pattern of the "thanhpho" profile
    articles = ["/tin-tuc/hoi-nghi-tinh-uy-101.html", "/tin-tuc/dai-hoi-dang-bo-102.html",
                "/tin-tuc/ky-hop-hdnd-103.html"]
    nav = ["/gioi-thieu", "/lien-he", "/chuyen-muc/thoi-su"]
    site = hosts(links={"/": nav + articles, **{p: [] for p in nav + articles}})
    con = store.connect(tmp_path / "c.duckdb")
    crawl(con, [site.url("/")], fast(per_host_concurrency=1, concurrency=1, max_pages=4))
    assert site.paths() == ["/robots.txt", "/"] + sorted(articles)    # articles before navigation
    profiles = dict(con.execute("SELECT url, article_profile FROM frontier").fetchall())
    assert {p: profiles[site.url(p)] for p in articles + nav} == {**{p: "thanhpho" for p in articles},
                                                                  **{p: None for p in nav}}
    stored = dict(con.execute("SELECT url, article_profile FROM pages WHERE kind = 'page'").fetchall())
    assert stored[site.url(articles[0])] == "thanhpho" and stored[site.url("/")] is None
    # no filtering: the navigation pages are crawled too when the budget allows
    crawl(con, [site.url("/")], fast(max_pages=10))
    assert set(nav) <= set(site.paths())
