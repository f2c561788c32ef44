"""The crawler's group commit (pipeline/crawl_writes.py) on a real DuckDB file."""
from __future__ import annotations

import hashlib

import pytest

from pipeline import store
from pipeline.crawl_frontier import Entry, Frontier
from pipeline.crawl_writes import Outcome, WriteBatch, flush, validators
from schemas.records import Page


def _page(url: str, body: bytes | None, status: int = 200, etag: str | None = None) -> Page:
    sha = hashlib.sha256(body).hexdigest() if body is not None else None
    return Page(url, None, status, None, "text/html", "utf-8", store.now(), etag, None, sha, body)


def _outcome(url: str, body: bytes | None, links: list[Entry] | None = None, **kw) -> Outcome:
    return Outcome(_page(url, body, etag=kw.pop("etag", None)), 1, "page", 1, frontier_url=url,
                   links=links or [], check_duplicate=body is not None, **kw)


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "w.duckdb")
    Frontier(con).add([Entry(f"http://a.test/{i}", "a.test", 1, "page") for i in range(6)])
    yield con
    con.close()


def _rows(con, sql):
    return con.execute(sql).fetchall()


def test_one_flush_writes_pages_states_links_and_duplicates(con):
    link = Entry("http://a.test/new", "a.test", 2, "page", referrer="http://a.test/0")
    skipped = Entry("http://a.test/trap?x=1", "a.test", 2, "page", state="skipped", reason="trap: test")
    batch = WriteBatch([
        _outcome("http://a.test/0", b"same body", [link, skipped]),
        _outcome("http://a.test/1", b"same body", [Entry("http://a.test/lost", "a.test", 2, "page")]),
        _outcome("http://a.test/2", b"other body"),
        Outcome(_page("http://a.test/3", None, status=None), 1, "page", 3, "http://a.test/3", "failed",
                "timeout: read timed out", failure_kind="timeout"),
    ], started=["http://a.test/0", "http://a.test/1"])
    done = flush(con, batch, None)
    assert [o.page.url for o in done.duplicates] == ["http://a.test/1"]   # the first holder of a body wins
    assert {e.url for e in done.queued} == {"http://a.test/new"}           # a duplicate's links are dropped
    pages = dict((r[0], r[1:]) for r in _rows(
        con, "SELECT url, duplicate_of, body IS NULL, failure_kind, attempts FROM pages"))
    assert pages["http://a.test/1"] == ("http://a.test/0", True, None, 1)
    assert pages["http://a.test/0"] == (None, False, None, 1)
    assert pages["http://a.test/3"] == (None, True, "timeout", 3)
    states = dict((r[0], r[1:]) for r in _rows(con, "SELECT url, state, reason, attempts FROM frontier"))
    assert states["http://a.test/0"] == ("done", None, 1)
    assert states["http://a.test/3"] == ("failed", "timeout: read timed out", 0)
    assert states["http://a.test/4"] == ("queued", None, 0)
    assert states["http://a.test/new"][0] == "queued"
    assert states["http://a.test/trap?x=1"] == ("skipped", "trap: test", 0)
    assert "http://a.test/lost" not in states


def test_stored_bodies_are_duplicates_and_refetches_overwrite(con):
    flush(con, WriteBatch([_outcome("http://a.test/0", b"v1", etag='"1"')]), None)
    # a later batch: another URL with a stored body is a duplicate; the same URL fetched
    # again with the same body is not a duplicate of itself, its row is overwritten
    again = _outcome("http://a.test/0", b"v1", etag='"2"')
    copy = _outcome("http://a.test/5", b"v1")
    done = flush(con, WriteBatch([again, copy]), None)
    assert done.duplicates == [copy]
    assert _rows(con, "SELECT url, etag, duplicate_of FROM pages ORDER BY url") == [
        ("http://a.test/0", '"2"', None), ("http://a.test/5", None, "http://a.test/0")]
    assert validators(con, ["http://a.test/0", "http://a.test/5", "http://a.test/4"]) == {
        "http://a.test/0": ('"2"', None), "http://a.test/5": (None, None)}


def test_not_modified_touches_the_stored_row_only(con):
    flush(con, WriteBatch([_outcome("http://a.test/0", b"v1", etag='"1"')]), None)
    before = _rows(con, "SELECT fetched_at, body FROM pages")[0]
    touch = Outcome(_page("http://a.test/0", None, status=304), 1, "page", 2, "http://a.test/0", touch=True)
    flush(con, WriteBatch([touch]), None)
    after = _rows(con, "SELECT fetched_at, body, status, attempts FROM pages")
    assert len(after) == 1 and after[0][1] == before[1] and after[0][2] == 200 and after[0][3] == 2
    assert after[0][0] >= before[0]


def test_a_failed_flush_writes_nothing(con):
    bad = _outcome("http://a.test/1", b"x")
    bad.kind = None          # pages.kind may be NULL, but frontier.add will fail on this link:
    bad.links = [Entry("http://a.test/z", None, 1, "page")]   # host NOT NULL
    with pytest.raises(Exception):
        flush(con, WriteBatch([_outcome("http://a.test/0", b"y"), bad], started=["http://a.test/0"]), None)
    assert _rows(con, "SELECT count(*) FROM pages") == [(0,)]
    assert _rows(con, "SELECT count(*) FROM frontier WHERE state <> 'queued' OR attempts > 0") == [(0,)]


def test_a_page_the_database_refuses_is_recorded_as_failed_and_the_others_are_kept(con):
    from pipeline.crawl_writes import flush_each
    bad = _outcome("http://a.test/1", b"bad")
    bad.page = Page(bad.page.url, None, 200, None, "text/html; charset=\udcff", "utf-8", store.now(),
                    None, None, bad.page.content_sha256, b"bad")
    good = _outcome("http://a.test/2", b"good", [Entry("http://a.test/new", "a.test", 2, "page")])
    done = flush_each(con, WriteBatch([_outcome("http://a.test/0", b"first"), bad, good],
                                      started=["http://a.test/0"]), None)
    assert [e.url for e in done.queued] == ["http://a.test/new"]
    rows = dict((r[0], r[1:]) for r in _rows(con, "SELECT url, status, failure_kind, body IS NULL FROM pages"))
    assert rows["http://a.test/0"] == (200, None, False) and rows["http://a.test/2"] == (200, None, False)
    assert rows["http://a.test/1"] == (None, "store", True)
    states = dict(_rows(con, "SELECT url, state FROM frontier"))
    assert states["http://a.test/1"] == "failed" and states["http://a.test/2"] == "done"
