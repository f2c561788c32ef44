"""kill -9 in the middle of a crawl, then the same command: the result equals an
uninterrupted crawl (same URLs with the same status and bytes, nothing lost, nothing twice)."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faultserver import fast, hosts  # noqa: F401  (hosts is a fixture)

from pipeline import store
from pipeline.crawl import crawl

ROOT = Path(__file__).resolve().parent.parent


def _site_links() -> dict[str, list[str]]:
    sections = [f"/section/{s}" for s in range(6)]
    links: dict[str, list[str]] = {"/": sections + ["/private/x", "/missing"]}
    for s in range(6):
        links[f"/section/{s}"] = ([f"/article/{s}-{a}" for a in range(10)]
                                  + [f"/article/{s}-0?utm_source=rss", f"/section/{(s + 1) % 6}"])
    return links


def _run(url: str, db: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline", "crawl", url, "--db", str(db), "--allow-private",
           "--delay", "0", "--per-host-concurrency", "2", "--timeout", "5", "--retries", "1"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _snapshot(db: Path) -> tuple[set, set]:
    con = store.connect(db)
    try:
        pages = con.execute("SELECT url, status, error IS NULL, kind, content_sha256 FROM pages").fetchall()
        assert len(pages) == len({p[0] for p in pages})                  # no URL stored twice
        frontier = con.execute("SELECT url, state FROM frontier").fetchall()
        return set(pages), set(frontier)
    finally:
        con.close()


def test_sigkill_mid_crawl_then_resume_equals_an_uninterrupted_crawl(hosts, tmp_path):
    site = hosts(links=_site_links(), latency=0.02)
    seed = site.url("/")

    whole = tmp_path / "whole.duckdb"
    proc = _run(seed, whole)
    assert proc.wait(60) == 0, proc.stderr.read().decode()
    expected_pages, expected_frontier = _snapshot(whole)
    assert len(expected_pages) == 1 + 1 + 6 + 60 + 2                     # robots, index, sections, articles, 2 errors
    assert all(state in ("done", "failed") for _, state in expected_frontier)

    killed = tmp_path / "killed.duckdb"
    for kill_after in (15, 40):                                          # two kills at different points
        served = len(site.hits)
        proc = _run(seed, killed)
        deadline = time.monotonic() + 30
        while len(site.hits) < served + kill_after and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    proc = _run(seed, killed)
    assert proc.wait(60) == 0, proc.stderr.read().decode()

    assert _snapshot(killed) == (expected_pages, expected_frontier)


def test_ctrl_c_stops_cleanly_keeps_the_fetched_pages_and_resumes(hosts, tmp_path):
    site = hosts(links=_site_links(), latency=0.02)
    seed = site.url("/")
    whole = tmp_path / "whole.duckdb"
    assert _run(seed, whole).wait(60) == 0
    expected = _snapshot(whole)

    db = tmp_path / "interrupted.duckdb"
    served = len(site.hits)
    proc = _run(seed, db)
    while len(site.hits) < served + 30 and proc.poll() is None:
        time.sleep(0.002)
    assert proc.poll() is None, "the crawl finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(15) != 0
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr, stderr
    pages, frontier = _snapshot(db)
    # what was fetched before Ctrl-C is committed on the way out (the pending group commit)
    assert len(pages) >= 25
    assert _run(seed, db).wait(60) == 0
    assert _snapshot(db) == expected


class _Stop(Exception):
    """Stands for Ctrl-C or a crash in the middle of a run."""


def test_max_pages_bounds_a_crawl_across_interrupted_runs(hosts, tmp_path):
    site = hosts(links={"/": [f"/article/{i}" for i in range(20)]}, latency=0.02)
    db = tmp_path / "c.duckdb"
    settings = fast(max_pages=12, per_host_concurrency=1)

    def stop_after_five(stats) -> None:
        if stats.done >= 5:
            raise _Stop

    con = store.connect(db)
    with pytest.raises(_Stop):
        crawl(con, [site.url("/")], settings, stop_after_five)
    con.close()
    con = store.connect(db)
    finished = con.execute("SELECT count(*) FROM frontier WHERE state IN ('done', 'failed')").fetchone()[0]
    assert 5 <= finished < 12
    stats = crawl(con, [site.url("/")], settings)                         # the same command resumes ...
    assert stats.fetched == 12 - finished                                 # ... with what is left of the budget
    assert con.execute("SELECT count(*) FROM frontier WHERE state = 'done'").fetchone()[0] == 12
    assert site.counts["/"] == 1                                          # the seed is not fetched again
    assert con.execute("SELECT pages, runs, finished_at IS NOT NULL FROM crawl_passes").fetchall() == [(12, 2, True)]
    # the resumed run ended normally: the next run of the seeds is a new crawl with a new budget
    stats = crawl(con, [site.url("/")], settings)
    assert stats.fetched == 10 and site.counts["/"] == 2                  # the seed again + the 9 articles left
    assert con.execute("SELECT count(*) FROM frontier WHERE state = 'queued'").fetchone()[0] == 0
