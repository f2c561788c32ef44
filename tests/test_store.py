from __future__ import annotations

import duckdb

from pipeline import store


def test_migrations_are_recorded_once(tmp_path):
    db = tmp_path / "a.duckdb"
    con = store.connect(db)
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
    assert names == [p.name for p in store.migrations()]
    con.close()
    con = store.connect(db)  # re-opening applies nothing new
    assert store.migrate(con) == []
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"pages", "articles", "runs", "localities", "congresses", "officials", "targets", "awards",
            "officials_v"} <= tables
    col = con.execute("SELECT data_type FROM information_schema.columns "
                      "WHERE table_name = 'officials' AND column_name = 'titles'").fetchone()[0]
    assert col == "VARCHAR[]"


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    bad_dir = tmp_path / "sql"
    bad_dir.mkdir()
    (bad_dir / "0001_ok.sql").write_text("CREATE TABLE a (x INT);")
    (bad_dir / "0002_bad.sql").write_text("CREATE TABLE b (x INT); SELECT * FROM no_such_table;")
    monkeypatch.setattr(store, "SQL_DIR", bad_dir)
    con = duckdb.connect(str(tmp_path / "b.duckdb"))
    try:
        store.migrate(con)
    except store.StoreError as exc:
        assert "0002_bad.sql" in str(exc)
    else:
        raise AssertionError("a broken migration must raise")
    applied = [r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()]
    assert applied == ["0001_ok.sql"]
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "b" not in tables
