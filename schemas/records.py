"""Frozen records that cross stage boundaries (crawl -> clean -> extract -> load)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched URL as stored in ``pages`` (raw bytes kept as fetched)."""

    url: str
    final_url: str | None
    status: int | None
    error: str | None
    content_type: str | None
    charset: str | None
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. ``text`` is title + lead + body paragraphs (what ``vinex clean``
    prints); captions are kept apart. ``fact_text`` is what extractors read."""

    title: str
    paragraphs: tuple[str, ...]
    lead: str | None = None
    published: datetime | None = None
    byline: str | None = None
    captions: tuple[str, ...] = ()
    url: str | None = None
    is_article: bool = True
    reason: str | None = None

    @property
    def body(self) -> tuple[str, ...]:
        return ((self.lead,) if self.lead else ()) + self.paragraphs

    @property
    def text(self) -> str:
        parts = ([self.title] if self.title else []) + list(self.body)
        return "\n\n".join(parts)

    @property
    def fact_text(self) -> str:
        return "\n\n".join([p for p in (self.text, *self.captions) if p])


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Locality:
    name: str
    kind: str
    province: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Congress:
    organization: str
    locality: str | None
    ordinal: int | None
    term_start: int | None
    term_end: int | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Official:
    name: str
    titles: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Target:
    indicator: str
    value: float
    unit: str
    target_value: float | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Award:
    kind: str
    issuer: str | None
    collectives: int | None
    individuals: int | None
    evidence: Evidence


FACT_KINDS = ("localities", "congresses", "officials", "targets", "awards")


def _item_json(item: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in item.__dataclass_fields__:
        value = getattr(item, name)
        if isinstance(value, Evidence):
            value = value.to_json()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything extracted from one text, in the ``vinex extract`` JSON contract."""

    source: str
    localities: tuple[Locality, ...] = ()
    congresses: tuple[Congress, ...] = ()
    officials: tuple[Official, ...] = ()
    targets: tuple[Target, ...] = ()
    awards: tuple[Award, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source}
        for kind in FACT_KINDS:
            out[kind] = [_item_json(i) for i in getattr(self, kind)]
        return out
