"""DuckDB storage: ordered, recorded migrations and the few writes the pipeline needs.

Each migration in ``schemas/sql`` runs in one transaction together with the record of
it having been applied, so a killed run never leaves a half-migrated file.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import duckdb

from schemas import SQL_DIR
from schemas.records import FACT_KINDS, Article, Facts

from .errors import StoreError

MIGRATIONS_TABLE = "schema_migrations"


def now() -> datetime:
    return datetime.now(timezone.utc)


def migrations() -> list[Path]:
    return sorted(SQL_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a vinex database and apply pending migrations."""
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    con.execute("SET TimeZone = 'UTC'")
    migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} "
        "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
    )
    done = {r[0] for r in con.execute(f"SELECT name FROM {MIGRATIONS_TABLE}").fetchall()}
    applied = []
    for path in migrations():
        if path.name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute(f"INSERT INTO {MIGRATIONS_TABLE} VALUES (?, ?)", [path.name, now()])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {path.name} failed: {exc}") from exc
        applied.append(path.name)
    return applied


def sha256(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


# ---------------------------------------------------------------- articles
def upsert_article(
    con: duckdb.DuckDBPyConnection, article: Article, url: str, page_id: int | None, cleaner_version: str
) -> tuple[int, bool]:
    """Store a cleaned article; returns (article_id, changed). Unchanged text is a no-op."""
    digest = sha256(article.fact_text.encode("utf-8"))
    row = con.execute("SELECT article_id, content_sha256 FROM articles WHERE url = ?", [url]).fetchone()
    values = [
        page_id, url, article.title, article.published, article.byline, article.lead,
        article.text, list(article.captions), article.fact_text, digest, cleaner_version, now(),
    ]
    cols = ("page_id", "url", "title", "published_at", "byline", "lead", "text", "captions",
            "fact_text", "content_sha256", "cleaner_version", "cleaned_at")
    if row:
        if row[1] == digest:
            return int(row[0]), False
        sets = ", ".join(f"{c} = ?" for c in cols)
        con.execute(f"UPDATE articles SET {sets} WHERE article_id = ?", values + [row[0]])
        return int(row[0]), True
    marks = ", ".join("?" for _ in cols)
    new_id = con.execute(
        f"INSERT INTO articles ({', '.join(cols)}) VALUES ({marks}) RETURNING article_id", values
    ).fetchone()[0]
    return int(new_id), True


# ---------------------------------------------------------------- runs
@dataclass(frozen=True, slots=True)
class Run:
    run_id: int
    versions: dict[str, str]


def start_run(con: duckdb.DuckDBPyConnection, vinex_version: str, versions: dict[str, str],
              settings: dict[str, Any], command: str) -> Run:
    run_id = con.execute(
        "INSERT INTO runs (started_at, vinex_version, extractor_versions, settings, command, status) "
        "VALUES (?, ?, ?, ?, ?, 'running') RETURNING run_id",
        [now(), vinex_version, json.dumps(versions, sort_keys=True),
         json.dumps(settings, sort_keys=True, default=str), command],
    ).fetchone()[0]
    return Run(int(run_id), versions)


def finish_run(con: duckdb.DuckDBPyConnection, run: Run, status: str = "done") -> None:
    con.execute("UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?", [now(), status, run.run_id])


def articles_needing_extraction(con: duckdb.DuckDBPyConnection, versions: dict[str, str], rerun: bool) -> list[int]:
    """Articles that no run with these extractor versions has processed since they changed."""
    if rerun:
        return [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()]
    rows = con.execute(
        """SELECT a.article_id FROM articles a
           WHERE NOT EXISTS (
             SELECT 1 FROM article_runs ar JOIN runs r USING (run_id)
             WHERE ar.article_id = a.article_id AND r.extractor_versions = ?
               AND ar.error IS NULL AND r.started_at >= a.cleaned_at)
           ORDER BY a.article_id""",
        [json.dumps(versions, sort_keys=True)],
    ).fetchall()
    return [r[0] for r in rows]


FACT_COLUMNS = {
    "localities": ("name", "kind", "province"),
    "congresses": ("organization", "locality", "ordinal", "term_start", "term_end"),
    "officials": ("name", "titles"),
    "targets": ("indicator", "value", "unit", "target_value"),
    "awards": ("kind", "issuer", "collectives", "individuals"),
}


def write_facts(con: duckdb.DuckDBPyConnection, article_id: int, run: Run, facts: Facts,
                sentence_of: Any) -> None:
    """Write every fact of one article for one run, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for kind in FACT_KINDS:
            cols = FACT_COLUMNS[kind]
            version = run.versions[kind]
            rows: list[list[Any]] = []
            for item in getattr(facts, kind):
                ev = item.evidence
                vals = [list(v) if isinstance(v, tuple) else v for v in (getattr(item, c) for c in cols)]
                rows.append([article_id, run.run_id, kind, version, *vals,
                             ev.start, ev.end, ev.text, sentence_of(ev.start, ev.end)])
            if rows:
                all_cols = ("article_id", "run_id", "extractor", "extractor_version", *cols,
                            "evidence_start", "evidence_end", "evidence_text", "sentence")
                marks = ", ".join("?" for _ in all_cols)
                con.executemany(f"INSERT INTO {kind} ({', '.join(all_cols)}) VALUES ({marks})", rows)
        con.execute("INSERT INTO article_runs VALUES (?, ?, NULL)", [article_id, run.run_id])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def record_failure(con: duckdb.DuckDBPyConnection, article_id: int, run: Run, error: str) -> None:
    con.execute("INSERT OR REPLACE INTO article_runs VALUES (?, ?, ?)", [article_id, run.run_id, error])


def table_counts(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
