"""Every CLI command, run as a real subprocess (``python -m pipeline``)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from schemas import FACTS_SCHEMA_PATH

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "fixtures" / "text"
PASSAGES = ROOT / "fixtures" / "passages"


def vinex(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"vinex {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def schema():
    return json.loads(FACTS_SCHEMA_PATH.read_text(encoding="utf-8"))


def test_extract_jsonl_follows_schema_in_argument_order(schema, tmp_path):
    files = [TEXT / "s000.txt", PASSAGES / "p001.txt", TEXT / "s004.txt"]
    proc = vinex("extract", "--format", "jsonl", *map(str, files))
    lines = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [l["source"] for l in lines] == [str(f) for f in files]
    for obj, path in zip(lines, files):
        jsonschema.validate(obj, schema)
        text = path.read_text(encoding="utf-8")
        for kind in ("localities", "congresses", "officials", "targets", "awards"):
            for item in obj[kind]:
                ev = item["evidence"]
                assert text[ev["start"]:ev["end"]] == ev["text"]
    s000 = lines[0]
    assert {"name": "Sơn La", "kind": "thành phố", "province": "Sơn La"}.items() <= s000["localities"][0].items()
    assert [(c["ordinal"], c["term_start"], c["term_end"]) for c in s000["congresses"]] == [(19, 2020, 2025)]


def test_extract_html_is_cleaned_first(schema):
    page = next((ROOT / "fixtures" / "portal" / "thanhpho" / "tin-tuc").glob("*.html"))
    relative = page.relative_to(ROOT)              # as a researcher types it, from the repo root
    proc = vinex("extract", "--format", "jsonl", str(page), str(relative))
    objs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["source"] for o in objs] == [str(page), str(relative)]
    for obj in objs:
        jsonschema.validate(obj, schema)
        assert obj["officials"]
    assert objs[0]["officials"] == objs[1]["officials"]


def test_bad_inputs_fail_alone_without_traceback(tmp_path):
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Ông Nguyễn".encode("utf-16-le")[:-1] + b"\xff\xfe\xff")
    missing = tmp_path / "missing.txt"
    good = TEXT / "s000.txt"
    proc = vinex("extract", "--format", "jsonl", str(missing), str(binary), str(latin), str(good), check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    for p in (missing, binary, latin):
        assert str(p) in proc.stderr
    out = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [o["source"] for o in out] == [str(good)]


def test_clean_text_and_jsonl(tmp_path):
    page = next((ROOT / "fixtures" / "portal" / "dangbo" / "thoi-su").glob("*.html"))
    text = vinex("clean", str(page)).stdout
    assert text.strip().splitlines()[0]  # the title line
    assert "Ý kiến bình luận" not in text and "CÓ THỂ BẠN QUAN TÂM" not in text
    obj = json.loads(vinex("clean", "--format", "jsonl", str(page)).stdout)
    assert set(obj) >= {"source", "title", "published", "byline", "text"}
    assert obj["published"] and obj["title"] in obj["text"]
    missing = vinex("clean", str(tmp_path / "nope.html"), check=False)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_crawl_ingest_query_extract_rerun(portal, tmp_path):
    db = tmp_path / "cli.duckdb"
    site = portal["thanhpho"]
    refused = vinex("crawl", site.base_url + "/", "--db", str(db), check=False)
    assert refused.returncode == 2 and "private" in refused.stderr
    vinex("crawl", site.base_url + "/", "--db", str(db), "--allow-private", "--delay", "0", "--max-pages", "5")
    out = vinex("query", "--db", str(db), "SELECT count(*) AS n FROM pages WHERE status = 200").stdout
    assert "n" in out
    proc = vinex("ingest", site.base_url + "/", "--db", str(db), "--allow-private", "--delay", "0")
    assert "articles" in proc.stdout and "vinex query" in proc.stdout
    first = vinex("query", "--db", str(db), "SELECT max(run_id) AS r FROM runs").stdout
    vinex("extract", "--db", str(db), "--rerun")
    second = vinex("query", "--db", str(db), "SELECT count(DISTINCT run_id) AS runs FROM officials").stdout
    assert "2" in second, (first, second)
    bad = vinex("query", "--db", str(db), "SELECT * FROM no_such_table", check=False)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_eval_prints_every_field():
    proc = vinex("eval", "fixtures", "--json")
    report = json.loads(proc.stdout)
    assert report["documents"] >= 50
    assert set(report["fields"]) == {"localities", "congresses", "officials", "titles", "targets", "awards"}


def test_every_command_is_in_the_readme():
    from pipeline.cli import app
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__
        assert f"vinex {name}" in readme, name
