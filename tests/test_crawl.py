"""The crawler against the fixture portal on 127.0.0.1 (real HTTP, real DuckDB)."""
from __future__ import annotations

from pipeline import store
from pipeline.crawl import CrawlSettings, crawl


def test_robots_scope_and_discovery(portal, tmp_path):
    site = portal["thanhpho"]
    con = store.connect(tmp_path / "c.duckdb")
    stats = crawl(con, [site.base_url + "/"], CrawlSettings(allow_private=True, delay=0.0))
    kinds = dict(con.execute("SELECT kind, count(*) FROM pages GROUP BY kind").fetchall())
    assert kinds.get("robots") == 1 and kinds.get("sitemap") == 1 and kinds.get("feed") == 1
    disallowed = con.execute("SELECT url, error FROM pages WHERE error LIKE '%robots%'").fetchall()
    assert disallowed and all("/admin/" in u or "/tim-kiem" in u for u, _ in disallowed)
    hosts = {r[0] for r in con.execute("SELECT DISTINCT split_part(url, '/', 3) FROM pages").fetchall()}
    assert hosts == {site.base_url.split("/")[2]}  # other sites' links stay out of scope
    # every URL ends with a recorded status or error, and nothing is left queued
    assert con.execute("SELECT count(*) FROM pages WHERE status IS NULL AND error IS NULL").fetchone()[0] == 0
    assert stats.queued == 0
    # a second crawl of the same seed re-fetches only the seed and stores no duplicate rows
    n = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    crawl(con, [site.base_url + "/"], CrawlSettings(allow_private=True, delay=0.0))
    assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == n


def test_max_pages_bounds_the_crawl(portal, tmp_path):
    con = store.connect(tmp_path / "m.duckdb")
    stats = crawl(con, [portal["dangbo"].base_url + "/"], CrawlSettings(allow_private=True, delay=0.0, max_pages=3))
    assert stats.fetched + stats.errors + stats.http_errors <= 3
    assert con.execute("SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0] > 0
