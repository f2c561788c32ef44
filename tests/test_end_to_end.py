"""Serve the fixture portal on 127.0.0.1, ingest it into a real DuckDB file, check rows."""
from __future__ import annotations

import pytest

from pipeline import orchestrate, store
from pipeline.crawl import CrawlSettings


@pytest.fixture(scope="module")
def ingested(portal, resources, tmp_path_factory):
    db = tmp_path_factory.mktemp("e2e") / "vinex.duckdb"
    con = store.connect(db)
    seeds = [s.base_url + "/" for s in portal.values()]
    settings = CrawlSettings(allow_private=True, delay=0.0, max_pages=500)
    first = orchestrate.ingest(con, seeds, settings, resources)
    return con, seeds, settings, first, db


def _article_id(con, portal, manifest, doc_id):
    entry = next(m for m in manifest if m["id"] == doc_id)
    url = portal[entry["site"]].base_url + entry["path"]
    row = con.execute("SELECT article_id FROM articles WHERE url = ?", [url]).fetchone()
    assert row is not None, f"{doc_id} ({url}) was not stored as an article"
    return row[0]


def test_every_fixture_article_is_stored(ingested, portal, manifest):
    con = ingested[0]
    for entry in manifest:
        _article_id(con, portal, manifest, entry["id"])
    assert ingested[3].extract.failed == 0


def test_seed_000_rows(ingested, portal, manifest):
    con = ingested[0]
    aid = _article_id(con, portal, manifest, "s000")
    congresses = con.execute(
        "SELECT locality, ordinal, term_start, term_end FROM congresses_v WHERE article_id = ?", [aid]).fetchall()
    assert congresses == [("Sơn La", 19, 2020, 2025)]
    titles = con.execute("SELECT titles FROM officials_v WHERE article_id = ? AND name = 'Nguyễn Hữu Đông'",
                         [aid]).fetchone()[0]
    assert titles == ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy",
                      "Trưởng Đoàn đại biểu Quốc hội tỉnh"]
    awards = con.execute("SELECT kind, issuer, collectives, individuals FROM awards_v WHERE article_id = ? "
                         "ORDER BY individuals", [aid]).fetchall()
    assert awards == [("giấy khen", "Ban Thường vụ Thành ủy", 16, 18),
                      ("giấy khen", "Chủ tịch UBND Thành phố", 16, 19)]
    assert ("Sơn La", "thành phố", "Sơn La") in con.execute(
        "SELECT name, kind, province FROM localities_v WHERE article_id = ?", [aid]).fetchall()
    byline, text = con.execute("SELECT byline, text FROM articles WHERE article_id = ?", [aid]).fetchone()
    assert byline == "Minh Thu - Phan Trang"
    for furniture in ("Bạn còn 500/500 ký tự", "Tin mới", "BÌNH LUẬN", "Minh Thu - Phan Trang"):
        assert furniture not in text


def test_seed_001_targets(ingested, portal, manifest):
    con = ingested[0]
    aid = _article_id(con, portal, manifest, "s001")
    rows = set(con.execute("SELECT value, unit, target_value FROM targets_v WHERE article_id = ?", [aid]).fetchall())
    assert (12.8, "%", None) in rows
    assert (91.0, "triệu đồng/người/năm", None) in rows
    assert (5840.0, "tỷ đồng", 4500.0) in rows
    assert (355.0, "đảng viên", 500.0) in rows
    assert (12.8, "%", 15.8) in rows


def test_every_fact_has_provenance(ingested):
    con = ingested[0]
    for table in ("localities", "congresses", "officials", "targets", "awards"):
        bad = con.execute(f"""
            SELECT count(*) FROM {table} f JOIN articles a USING (article_id)
            WHERE substr(a.fact_text, f.evidence_start + 1, f.evidence_end - f.evidence_start) <> f.evidence_text
               OR f.extractor_version NOT LIKE '{table}.v%' OR f.run_id IS NULL""").fetchone()[0]
        assert bad == 0, table
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0


def test_reingest_is_idempotent(ingested, resources):
    con, seeds, settings, first, _ = ingested
    before = store.table_counts(con, ("pages", "articles", "officials", "targets", "runs"))
    again = orchestrate.ingest(con, seeds, settings, resources)
    after = store.table_counts(con, ("pages", "articles", "officials", "targets", "runs"))
    assert again.extract.run_id is None
    assert before == after


def test_rerun_writes_a_new_run(ingested, resources):
    con = ingested[0]
    n_runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    stats = orchestrate.extract_db(con, resources, rerun=True, command="extract --rerun")
    assert stats.run_id is not None and stats.failed == 0
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == n_runs + 1
    per_run = con.execute("SELECT run_id, count(*) FROM officials GROUP BY run_id ORDER BY run_id").fetchall()
    assert len(per_run) >= 2 and per_run[-1][1] == per_run[0][1]
    versions = con.execute("SELECT extractor_versions FROM runs WHERE run_id = ?", [stats.run_id]).fetchone()[0]
    assert '"officials": "officials.v' in versions
