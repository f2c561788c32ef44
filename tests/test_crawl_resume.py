"""kill -9 in the middle of a crawl, then the same command: the result equals an
uninterrupted crawl (same URLs with the same status and bytes, nothing lost, nothing twice)."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from faultserver import hosts  # noqa: F401  (hosts is a fixture)

from pipeline import store

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
