"""Article metadata for the cleaner: <meta> tags, JSON-LD, title, published date, byline.

Metadata comes first from machine-readable markup (``<meta>``, JSON-LD, ``<time datetime>``),
then from elements whose class/id names a date or an author, then from Vietnamese text forms.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from .clean_dom import PageModel, scan_attrs
from .dates import parse_iso, parse_vn, plausible

_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle")
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+[|»·]\s*")
_WS = re.compile(r"\s+")
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                   "publishdate", "dc.date.issued", "dc.date", "date", "sailthru.date",
                   "parsely-pub-date", "article.published")


@dataclass(frozen=True, slots=True)
class HeadMeta:
    """What the page says about itself in machine-readable markup (read before any pruning)."""

    meta: dict[str, str]       # lowercased name/property/itemprop -> content (first wins)
    ld: dict                   # the first JSON-LD object typed as an article ({} if none)
    title_tag: str
    h1: tuple[str, ...]        # texts of the page's <h1> elements, in order
    time_attr: str | None = None   # the datetime attribute of the first <time datetime> (None: no such element)

    @property
    def og_type(self) -> str:
        return self.meta.get("og:type", "").lower()


# everything read_head() needs, in one pass over the document (each css() call is one)
_HEAD_CSS = 'meta[content], script[type="application/ld+json"], title, h1, time[datetime]'


def read_head(tree: LexborHTMLParser) -> HeadMeta:
    meta: dict[str, str] = {}
    ld: dict = {}
    tt = None
    h1: list[str] = []
    time_attr = None
    for node in tree.css(_HEAD_CSS):   # document order
        tag = node.tag
        if tag == "meta":
            a = node.attributes
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key:
                key = key.lower()
                if key not in meta:
                    meta[key] = " ".join((a.get("content") or "").split())
        elif tag == "h1":
            h1.append(" ".join(node.text().split()))
        elif tag == "script":
            if not ld:
                ld = _article_ld(node.text() or "")
        elif tag == "title":
            if tt is None:
                tt = node
        elif tag == "time":
            if time_attr is None:
                time_attr = node.attributes.get("datetime") or ""
    return HeadMeta(meta, ld, " ".join(tt.text().split()) if tt is not None else "", tuple(h1), time_attr)


def _article_ld(raw: str) -> dict:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    for item in items:
        if isinstance(item, dict):
            kind = item.get("@type", "")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(str(k).endswith(_ARTICLE_TYPES) for k in kinds):
                return item
    return {}


def title(head: HeadMeta) -> str:
    """The headline: an <h1> that agrees with og:title/<title>, else og:title, else <title>."""
    og = head.meta.get("og:title") or head.meta.get("twitter:title") or ""
    ld = str(head.ld.get("headline") or "")
    tag_first = _strip_site_name(head.title_tag)
    refs = [r for r in (og, ld, head.title_tag) if r]
    for h in head.h1:
        if len(h) >= 10 and (not refs or any(h[:20].lower() in r.lower() or r[:20].lower() in h.lower() for r in refs)):
            return h
    for cand in (og, ld, tag_first):
        if len(cand) >= 10:
            return cand
    return next((h for h in head.h1 if h), og or head.title_tag)


def _strip_site_name(title: str) -> str:
    """"Headline - Site name" -> "Headline": cut at the last separator when what follows is
    the shorter part (a site name), never inside the headline."""
    last = None
    for m in _TITLE_SPLIT.finditer(title):
        last = m
    tail = title[last.end():] if last is not None else ""
    if last is None or len(tail) > last.start() or not any(c.isalpha() for c in tail):
        return title
    return title[:last.start()].strip()


def published_markup(head: HeadMeta, tree: LexborHTMLParser, fetched_at: datetime | None) -> datetime | None:
    """Published datetime from <meta>, JSON-LD or the first <time datetime>."""
    for key in _PUBLISHED_META:
        dt = plausible(parse_iso(head.meta.get(key, "")), fetched_at)
        if dt:
            return dt
    dt = plausible(parse_iso(str(head.ld.get("datePublished") or "")), fetched_at)
    if dt:
        return dt
    if head.time_attr is not None:   # the first <time datetime> (read_head's pass saw it)
        return plausible(parse_iso(head.time_attr), fetched_at)
    return None


def published_in_page(page: PageModel, date_attr: re.Pattern[str], fetched_at: datetime | None,
                      *, year: int | None, lo: int, hi: int) -> datetime | None:
    """A Vietnamese date printed in an element named like a date, between elements lo and hi."""
    for _, node, tl, _ in scan_attrs(page, lo, hi, date_attr):
        if tl < 160:
            dt = plausible(parse_vn(node.text(), default_year=year), fetched_at)
            if dt:
                return dt
    return None


def ld_author(head: HeadMeta) -> str | None:
    a = head.ld.get("author")
    if isinstance(a, list):
        names = [x.get("name") if isinstance(x, dict) else x for x in a]
        names = [str(n) for n in names if n]
        return ", ".join(names) or None
    if isinstance(a, dict):
        return str(a.get("name") or "") or None
    return str(a) if a else None
