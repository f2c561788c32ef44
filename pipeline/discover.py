"""Link discovery: links in HTML pages (with pagination and the dates printed beside
them on listing pages), ``<loc>`` + ``<lastmod>`` in sitemaps (and indexes, gzipped),
``<link>`` + ``pubDate``/``updated`` in RSS/Atom feeds, ``Sitemap:`` lines in robots.txt.

Every function returns ``Link`` records with the href as found (the crawler resolves and
normalises it; an HTML page's ``<base href>`` is applied here) and the date the source gives
for it, if any, so ``--since`` can stop paging back. A ``<meta http-equiv=refresh>`` target
is a link. Each function takes a ``limit`` on the links it returns, and runs in time linear
in the size of its input, whatever the input (unclosed tags, 100,000 links in one ``<div>``).
"""
from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

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

# An entry is the text from its opening tag to the next opening tag (or its closing tag):
# one pass over the body, never a search from every opening tag to the end (unclosed tags).
_URL_OPEN = re.compile(rb"<(?:url|sitemap)\b[^<>]{0,1024}>", re.I)
_URL_CLOSE = re.compile(rb"</(?:url|sitemap)\s*>", re.I)
_ITEM_OPEN = re.compile(rb"<(?:item|entry)\b[^<>]{0,1024}>", re.I)
_ITEM_CLOSE = re.compile(rb"</(?:item|entry)\s*>", re.I)
_LOC = re.compile(rb"<loc>\s*(?:<!\[CDATA\[)?\s*([^<\s\]]+)", re.I)
_LASTMOD = re.compile(rb"<lastmod>\s*([^<\s]+)", re.I)
_RSS_LINK = re.compile(rb"<link>\s*(?:<!\[CDATA\[)?\s*([^<\s\]]+)", re.I)
_LINK_TAG = re.compile(rb"<link\b([^<>]{0,4096})>", re.I)     # [^<>]: a scan never passes the next tag
_REL = re.compile(rb"\brel=[\"']([^\"']*)[\"']", re.I)
_HREF = re.compile(rb"\bhref=[\"']([^\"']+)[\"']", re.I)
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


def _atom_link(block: bytes) -> bytes | None:
    """The href of the first ``<link>`` of an Atom entry that is rel=alternate or has no rel."""
    for tag in _LINK_TAG.finditer(block):
        rel = _REL.search(tag.group(1))
        if rel is None or rel.group(1).lower() == b"alternate":
            href = _HREF.search(tag.group(1))
            if href:
                return href.group(1)
    return None


def _blocks(body: bytes, opening: re.Pattern[bytes], closing: re.Pattern[bytes]) -> list[bytes]:
    """The entries of a sitemap or feed: from each opening tag to its closing tag, or to
    the next opening tag if it is not closed before."""
    starts = [m.end() for m in opening.finditer(body)]
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(body)
        close = closing.search(body, start, end)
        out.append(body[start:close.start() if close else end])
    return out


def gunzip(body: bytes, max_bytes: int) -> bytes:
    """Decompress a gzipped body, refusing to produce more than ``max_bytes``.
    Raises ValueError on a gzip bomb or corrupt data."""
    d = zlib.decompressobj(wbits=47)
    try:
        out = d.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise ValueError(f"corrupt gzip body: {exc}") from exc
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


def sitemap_links(body: bytes, max_bytes: int = 50_000_000, limit: int | None = None) -> list[Link]:
    """``<loc>`` entries of a sitemap (kind page) or sitemap index (kind sitemap), with
    their ``<lastmod>``; the first ``limit`` of them. A gzipped body is decompressed up to
    ``max_bytes`` (ValueError if it is corrupt or decompresses to more). Entities are the
    five of XML only: a DOCTYPE's entities are never expanded (billion laughs)."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, max_bytes)
    is_index = b"<sitemapindex" in body[:2048].lower()
    kind = "sitemap" if is_index else "page"
    out: list[Link] = []
    for block in _blocks(body, _URL_OPEN, _URL_CLOSE):
        if limit is not None and len(out) >= limit:
            break
        loc = _LOC.search(block)
        if not loc:
            continue
        lastmod = _LASTMOD.search(block)
        out.append(Link(_xml_text(loc.group(1)), kind, _date(_xml_text(lastmod.group(1))) if lastmod else None))
    return out


def feed_links(body: bytes, limit: int | None = None) -> list[Link]:
    """Item links of an RSS or Atom feed, with ``pubDate``/``updated``/``published``;
    the first ``limit`` of them."""
    out: list[Link] = []
    for block in _blocks(body, _ITEM_OPEN, _ITEM_CLOSE):
        if limit is not None and len(out) >= limit:
            break
        m = _RSS_LINK.search(block)
        href = m.group(1) if m else _atom_link(block)
        if not href:
            continue
        d = _FEED_DATE.search(block)
        out.append(Link(_xml_text(href), "page", _date(_xml_text(d.group(2))) if d else None))
    return out


def _is_pagination(a: LexborNode, href: str) -> bool:
    rel = (a.attributes.get("rel") or "").lower()
    if "next" in rel or "prev" in rel:
        return True
    text = " ".join((a.text(deep=True) or "").split()).lower()
    if text in _NEXT_TEXTS or (_NUMBER.match(text) and _PAGE_URL.search(href)):
        return True
    return bool(_PAGE_URL.search(href)) and len(text) <= 20


_CONTINUE = object()   # _ancestor_date: no verdict, look at the parent


def _ancestor_date(node: LexborNode) -> object:
    """What one ancestor of a link says about its date: a datetime, None (stop: no date
    here or above), or _CONTINUE."""
    if node.tag in ("body", "html", "ul", "ol", "table", "tbody"):
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
    return _CONTINUE


def _listing_date(a: LexborNode, seen: dict[int, object]) -> datetime | None:
    """The date printed next to a link on a listing page: in the link's own list item,
    card or row (the nearest ancestor with little text). ``seen`` keeps each ancestor's
    verdict for the page, so 100,000 links in one ``<div>`` read the ``<div>`` once."""
    node: LexborNode | None = a
    for _ in range(4):
        node = node.parent if node is not None else None
        if node is None:
            return None
        verdict = seen.get(node.mem_id, seen)
        if verdict is seen:
            verdict = seen[node.mem_id] = _ancestor_date(node)
        if verdict is not _CONTINUE:
            return verdict  # type: ignore[return-value]
    return None


def _meta_refresh(content: str) -> str | None:
    """The URL of a ``<meta http-equiv=refresh content="5; url=/x">``, if it has one."""
    m = re.search(r"""(?i)^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(["']?)(.+)""", content)
    if not m or not re.match(r"(?i)\s*[\d.]*\s*[;,]", content):
        return None
    target = m.group(2).strip()
    if m.group(1) and target.endswith(m.group(1)):
        target = target[:-1]
    return target.strip() or None


def _base(tree: LexborHTMLParser) -> str | None:
    """The page's ``<base href>`` if it is a usable http(s) or relative URL."""
    node = tree.css_first("base[href]")
    href = (node.attributes.get("href") or "").strip() if node is not None else ""
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if href and scheme in ("", "http", "https") else None


def html_links(text: str, limit: int | None = None) -> list[Link]:
    """Links of an HTML page: ``<a href>``, ``<link rel=alternate>`` feeds and the target of
    a ``<meta http-equiv=refresh>``, pagination marked, each with the date printed beside
    it (listing pages), if any; the first ``limit`` of them. Relative hrefs are resolved
    against the page's ``<base href>`` when it has one."""
    tree = LexborHTMLParser(text)
    out: list[Link] = []
    seen: dict[int, object] = {}
    for meta in tree.css("meta[http-equiv][content]"):
        if (meta.attributes.get("http-equiv") or "").strip().lower() == "refresh":
            target = _meta_refresh(meta.attributes.get("content") or "")
            if target:
                out.append(Link(target))
    for a in tree.css("a[href], link[rel=alternate][href], link[rel=next][href]"):
        if limit is not None and len(out) >= limit:
            break
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
        out.append(Link(href, "page", None if pagination else _listing_date(a, seen), pagination))
    base = _base(tree)
    if base:
        out = [_rebase(x, base) for x in out]
    return out[:limit] if limit is not None else out


def _rebase(link: Link, base: str) -> Link:
    try:
        return Link(urljoin(base, link.href), link.kind, link.date, link.pagination)
    except ValueError:
        return link


def robots_sitemaps(robots_text: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt."""
    # [ \t], not \s: a \s* at every line start of 500 KB of blank lines is quadratic
    return [m.group(1).strip() for m in re.finditer(r"(?im)^[ \t]*sitemap[ \t]*:[ \t]*(\S+)", robots_text)]
