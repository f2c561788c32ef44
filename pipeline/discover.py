"""Link discovery: links in HTML pages (with pagination and the dates printed beside
them on listing pages), ``<loc>`` + ``<lastmod>`` in sitemaps (and indexes, gzipped),
``<link>`` + ``pubDate``/``updated`` in RSS/Atom feeds, ``Sitemap:`` lines in robots.txt.

Every function returns ``Link`` records with the href as found (the crawler resolves and
normalises it) and the date the source gives for it, if any, so ``--since`` can stop
paging back.
"""
from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .dates import parse_iso, parse_vn, plausible


@dataclass(frozen=True, slots=True)
class Link:
    """A discovered link: ``kind`` is page | sitemap | feed; ``pagination`` marks the
    next/previous/numbered pages of a listing; ``date`` is the date its source gives."""

    href: str
    kind: str = "page"
    date: datetime | None = None
    pagination: bool = False


# Pagination: anchor texts (Vietnamese and English), rel values and URL shapes.
_NEXT_TEXTS = ("trang sau", "trang tiếp", "tiếp", "tiếp theo", "sau", "xem thêm", "cũ hơn",
               "tin cũ hơn", "next", "older", "more", "»", "›", ">", ">>", "→")
_PAGE_URL = re.compile(r"(?:[?&](?:page|p|pg|trang|pageindex|pagenum|paged|start|offset)=\d+"
                       r"|/(?:page|trang)[-/]?\d+(?:\.html?|/)?$|[-_/]trang-\d+(?:\.html?)?$)", re.I)
_NUMBER = re.compile(r"^\d{1,5}$")
_FEED_TYPES = ("rss", "atom")

_URL_BLOCK = re.compile(rb"<(url|sitemap)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)
_LOC = re.compile(rb"<loc>\s*(?:<!\[CDATA\[)?\s*([^<\s\]]+)", re.I)
_LASTMOD = re.compile(rb"<lastmod>\s*([^<\s]+)", re.I)
_ITEM = re.compile(rb"<(item|entry)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)
_RSS_LINK = re.compile(rb"<link>\s*(?:<!\[CDATA\[)?\s*([^<\s\]]+)", re.I)
_ATOM_LINK = re.compile(rb"<link\b(?=[^>]*\brel=[\"']alternate[\"']|(?![^>]*\brel=))[^>]*\bhref=[\"']([^\"']+)[\"']",
                        re.I)
_FEED_DATE = re.compile(rb"<(pubDate|updated|published|dc:date)>\s*(?:<!\[CDATA\[)?\s*([^<\]]+?)\s*(?:\]\]>)?\s*<",
                        re.I)


def kind_of(url: str, content_type: str | None, body: bytes) -> str:
    """page | sitemap | feed, from the content type and the first bytes of the body."""
    ct = (content_type or "").lower()
    head = body[:1024].lstrip().lower()
    if body[:2] == b"\x1f\x8b":
        return "sitemap"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or "rss" in ct or "atom" in ct:
        return "feed"
    if "xml" in ct and b"<html" not in head:
        return "sitemap" if b"<loc>" in body[:8192] else "feed"
    return "page"


def gunzip(body: bytes, max_bytes: int) -> bytes:
    """Decompress a gzipped body, refusing to produce more than ``max_bytes``.
    Raises ValueError on a gzip bomb or corrupt data."""
    d = zlib.decompressobj(wbits=47)
    out = d.decompress(body, max_bytes + 1)
    if len(out) > max_bytes:
        raise ValueError(f"gzip body decompresses to over {max_bytes} bytes")
    return out


def _xml_text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace").strip())


def _date(text: str) -> datetime | None:
    text = text.strip()
    try:
        dt = parsedate_to_datetime(text)          # RFC 822 (RSS pubDate)
        return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    except (TypeError, ValueError, IndexError):
        pass
    return plausible(parse_iso(text))


def sitemap_links(body: bytes, max_bytes: int = 50_000_000) -> list[Link]:
    """``<loc>`` entries of a sitemap (kind page) or sitemap index (kind sitemap), with
    their ``<lastmod>``. A gzipped body is decompressed up to ``max_bytes``."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, max_bytes)
    is_index = b"<sitemapindex" in body[:2048].lower()
    kind = "sitemap" if is_index else "page"
    out = []
    for _, block in _URL_BLOCK.findall(body):
        loc = _LOC.search(block)
        if not loc:
            continue
        lastmod = _LASTMOD.search(block)
        out.append(Link(_xml_text(loc.group(1)), kind, _date(_xml_text(lastmod.group(1))) if lastmod else None))
    return out


def feed_links(body: bytes) -> list[Link]:
    """Item links of an RSS or Atom feed, with ``pubDate``/``updated``/``published``."""
    out = []
    for _, block in _ITEM.findall(body):
        m = _RSS_LINK.search(block) or _ATOM_LINK.search(block)
        if not m:
            continue
        d = _FEED_DATE.search(block)
        out.append(Link(_xml_text(m.group(1)), "page", _date(_xml_text(d.group(2))) if d else None))
    return out


def _is_pagination(a: LexborNode, href: str) -> bool:
    rel = (a.attributes.get("rel") or "").lower()
    if "next" in rel or "prev" in rel:
        return True
    text = " ".join((a.text(deep=True) or "").split()).lower()
    if text in _NEXT_TEXTS or (_NUMBER.match(text) and _PAGE_URL.search(href)):
        return True
    return bool(_PAGE_URL.search(href)) and len(text) <= 20


def _listing_date(a: LexborNode) -> datetime | None:
    """The date printed next to a link on a listing page: in the link's own list item,
    card or row (the nearest ancestor with little text)."""
    node: LexborNode | None = a
    for _ in range(4):
        node = node.parent if node is not None else None
        if node is None or node.tag in ("body", "html", "ul", "ol", "table", "tbody"):
            return None
        t = node.css_first("time[datetime]")
        if t is not None:
            dt = plausible(parse_iso(t.attributes.get("datetime") or ""))
            if dt:
                return dt
        text = node.text(deep=True, separator=" ") or ""
        if len(text) > 600:
            return None
        dt = plausible(parse_vn(text) or parse_iso(text))
        if dt:
            return dt
        if len(node.css("a[href]")) > 3:
            return None
    return None


def html_links(text: str) -> list[Link]:
    """Links of an HTML page: ``<a href>`` and ``<link rel=alternate>`` feeds, pagination
    marked, each with the date printed beside it (listing pages), if any."""
    tree = LexborHTMLParser(text)
    out = []
    for a in tree.css("a[href], link[rel=alternate][href], link[rel=next][href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        typ = (a.attributes.get("type") or "").lower()
        if a.tag == "link":
            if any(t in typ for t in _FEED_TYPES):
                out.append(Link(href, "feed"))
            elif "next" in (a.attributes.get("rel") or "").lower():
                out.append(Link(href, "page", None, True))
            continue
        pagination = _is_pagination(a, href)
        out.append(Link(href, "page", None if pagination else _listing_date(a), pagination))
    return out


def robots_sitemaps(robots_text: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt."""
    return [m.group(1).strip() for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", robots_text)]
