"""The crawler's memory on hostile bodies, measured in a separate process: a 50 MB page
(streamed, cut at the 10 MB cap) and a gzip bomb (100 MB of zeros in ~100 KB) must not
grow the resident set by more than a bounded amount."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from faultserver import hosts  # noqa: F401  (hosts is a fixture)

ROOT = Path(__file__).resolve().parent.parent
GROWTH_LIMIT_MB = 40

# Runs in a fresh interpreter: warm up (imports, DuckDB, httpx, one page), take the peak
# RSS as the baseline, crawl the hostile URLs, report the new peak.
_SCRIPT = """
import json, resource, sys
from pipeline import store
from pipeline.crawl import CrawlSettings, crawl

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

warm, hostile, db = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
settings = CrawlSettings(allow_private=True, delay=0.0, adaptive_delay=False, total_timeout=20.0,
                         per_host_concurrency=3, retries=0)
con = store.connect(db)
crawl(con, [warm], settings)
before = peak_mb()
stats = crawl(con, hostile, settings)
errors = dict(con.execute("SELECT split_part(url, '/', 4), error FROM pages WHERE kind <> 'robots'").fetchall())
print(json.dumps({"before": before, "after": peak_mb(), "errors": errors}))
"""


def test_big_page_and_gzip_bomb_keep_memory_bounded(hosts, tmp_path):
    site = hosts()
    urls = [site.url(p) for p in ("/ok", "/big", "/big-declared", "/bomb")]
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, *urls, str(tmp_path / "m.duckdb")], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["errors"]["big"].startswith("too-large")
    assert report["errors"]["bomb"].startswith("too-large")
    growth = report["after"] - report["before"]
    assert growth < GROWTH_LIMIT_MB, f"peak RSS grew by {growth:.1f} MB"
