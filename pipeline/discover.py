"""Link discovery: links in HTML pages, <loc> in sitemaps (and indexes, gzipped), <link>
in RSS/Atom feeds, ``Sitemap:`` lines in robots.txt."""
from __future__ import annotations

import gzip
import re

from selectolax.lexbor import LexborHTMLParser

_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_RSS_LINK = re.compile(rb"<item\b.*?<link>\s*([^<\s]+)\s*</link>", re.I | re.S)
_ATOM_LINK = re.compile(rb"<entry\b.*?<link[^>]+href=[\"']([^\"']+)[\"']", re.I | re.S)
MAX_DECOMPRESSED = 50_000_000


def kind_of(url: str, content_type: str | None, body: bytes) -> str:
    ct = (content_type or "").lower()
    head = body[:512].lstrip().lower()
    if url.endswith((".xml.gz", ".gz")) or body[:2] == b"\x1f\x8b":
        return "sitemap"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or "rss" in ct or "atom" in ct:
        return "feed"
    if "xml" in ct and b"<html" not in head:
        return "sitemap" if b"<loc>" in body[:4096] else "feed"
    return "page"


def sitemap_links(body: bytes) -> list[tuple[str, str]]:
    """(url, kind) pairs; nested sitemaps of an index are kind 'sitemap'."""
    if body[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=__import__("io").BytesIO(body)) as fh:
            body = fh.read(MAX_DECOMPRESSED)
    is_index = b"<sitemapindex" in body[:1024].lower()
    return [(m.decode("utf-8", "replace").replace("&amp;", "&"), "sitemap" if is_index else "page")
            for m in _LOC.findall(body)]


def feed_links(body: bytes) -> list[tuple[str, str]]:
    links = _RSS_LINK.findall(body) or _ATOM_LINK.findall(body)
    return [(m.decode("utf-8", "replace").replace("&amp;", "&"), "page") for m in links]


def html_links(text: str) -> list[tuple[str, str]]:
    tree = LexborHTMLParser(text)
    out = []
    for a in tree.css("a[href], link[rel=alternate][href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        typ = (a.attributes.get("type") or "").lower()
        out.append((href, "feed" if "rss" in typ or "atom" in typ else "page"))
    return out


def robots_sitemaps(robots_text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", robots_text)]
