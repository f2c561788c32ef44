"""Shared fixtures: the fixture portal served on 127.0.0.1, extractor resources."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import load_resources
from pipeline import devserver

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def resources():
    return load_resources()


@pytest.fixture(scope="session")
def portal():
    sites = devserver.serve()
    yield {s.name: s for s in sites}
    devserver.stop(sites)


@pytest.fixture(scope="session")
def manifest():
    return json.loads((FIXTURES / "portal" / "manifest.json").read_text(encoding="utf-8"))


def gold(doc_id: str) -> dict:
    return json.loads((FIXTURES / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
