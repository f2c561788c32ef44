"""The cleaner: one fetched HTML page in, one :class:`Article` out (selectolax/lexbor).

Stages, in order: decode bytes (``decode``), parse, read machine-readable metadata
(``clean_meta``), match a site profile (``profiles``; optional), drop non-content tags, build
the page model in one pass (``clean_dom``), pick the article container (the profile's body
selector, else the generic maximum-sum container of ``clean_generic``), then split its
blocks into lead, body, captions and byline, and decide whether the page is an article.

Usage::

    from pipeline import clean_html
    art = clean_html(raw_bytes, url, content_type="text/html; charset=utf-8")
    art.title, art.lead, art.paragraphs, art.captions, art.published, art.byline
    art.is_article, art.reason
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import partial

from selectolax.lexbor import LexborHTMLParser, LexborNode

from schemas.records import Article

from . import clean_meta
from .clean_dom import Block, PageModel, build, memo_search, scan_attrs, strip_junk
from .clean_generic import (
    HEADINGS,
    RESCUE_BELOW,
    main_container,
    rescue,
    rescue_may_help,
    select,
    trim_tail,
)
from .clean_guard import guarded_utf8
from .clean_rules import Rules, is_furniture, rules
from .dates import parse_vn, plausible
from .decode import decode
from .errors import InputError, NotHtmlError
from .profiles import Profile, match_profile

__all__ = ["clean_html", "CLEANER_VERSION"]

CLEANER_VERSION = "clean.v5"   # v5: date-only lines and syndication boxes ("Link bài gốc") leave the body
_CREDIT_WINDOW = 200
_YEAR_IN_URL = re.compile(r"(?<!\d)(20\d\d)(?:[/_-]?(?:0[1-9]|1[0-2]))?(?:[/_-]|(?!\d))")
_BYLINE_PREFIX = re.compile(r"^(?:tác giả|bài và ảnh|bài, ảnh|tin, ảnh|tin và ảnh|bài|tin|by)\s*:?\s+", re.I)
_BYLINE_TEXT = re.compile(
    r"^(?:Tác giả|Tin, ảnh|Bài, ảnh|Bài và ảnh|Tin và ảnh|Nhóm phóng viên|Nhóm PV|PV|Theo)\s*:?\s*.{0,80}$"
    r"|^[A-ZĐÀ-Ỹ][^\W\d_]+(?: [A-ZĐÀ-Ỹ][^\W\d_]+){0,3}(?:\s*[-–,&]\s*[A-ZĐÀ-Ỹ][^\W\d_]+(?: [A-ZĐÀ-Ỹ][^\W\d_]+){0,3}){0,3}"
    r"(?:\s*\([^)]{0,40}\))?$")


def clean_html(html: str | bytes, url: str | None = None, *, content_type: str | None = None,
               fetched_at: datetime | None = None, profiles: bool = True) -> Article:
    """Clean one HTML page into an :class:`Article`.

    ``profiles=False`` forces the generic extractor. A page that is not an article (listing,
    about page, empty body) comes back with ``is_article=False`` and a ``reason``.
    Raises :class:`NotHtmlError` for binary or markup-less content, :class:`DecodeError` for
    undecodable bytes and :class:`InputError` for anything the parser refuses.
    """
    if isinstance(html, bytes):
        if _looks_binary(html):
            raise NotHtmlError("content is binary, not HTML")
        html, _ = decode(html, content_type)
    elif not isinstance(html, str):
        raise InputError(f"expected str or bytes, got {type(html).__name__}")
    data, tags = guarded_utf8(html)
    if not tags:
        raise NotHtmlError("content has no HTML markup")
    try:
        tree = LexborHTMLParser(data)
        return _clean_tree(tree, url, fetched_at, profiles)
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:
        raise InputError(f"HTML could not be cleaned: {type(exc).__name__}: {exc}") from exc


def _looks_binary(data: bytes) -> bool:
    head = data[:1024]
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    return head.count(b"\x00") > 4 and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _empty(url: str | None, title: str, reason: str) -> Article:
    return Article(title=title, paragraphs=(), url=url, is_article=False, reason=reason)


def _clean_tree(tree: LexborHTMLParser, url: str | None, fetched_at: datetime | None,
                use_profiles: bool) -> Article:
    r = rules()
    head = clean_meta.read_head(tree)
    profile = match_profile(tree, url) if use_profiles else None
    title = clean_meta.title(head)
    published = clean_meta.published_markup(head, tree, fetched_at)
    strip_junk(tree)   # the rest of JUNK_TAGS: skipped by build()
    body_node = tree.body
    if body_node is None:
        return _empty(url, title, "no <body>")
    keep: set[int] = set()
    caption_ids: set[int] = set()
    pnode = None
    if profile is not None:
        pnode = tree.css_first(profile.body)
        for sel in profile.drop:
            for n in tree.css(sel):
                n.decompose()
        if profile.captions:
            caption_ids = {n.mem_id for n in tree.css(profile.captions)}
        if pnode is not None:
            keep.add(pnode.mem_id)
            if profile.title:
                t = tree.css_first(profile.title)
                if t is not None and len(t.text(strip=True)) >= 5:
                    title = _nfc(_fold(t.text()))
    page = build(body_node, boiler_attrs=r.boiler_attrs, caption_attrs=r.caption, strict_attrs=r.strict_attrs,
                 embed_attrs=r.embed, keep=frozenset(keep), caption_ids=frozenset(caption_ids), collapse=True)
    if not page.nodes:
        return _empty(url, title, "empty <body>")
    container = page.lookup(pnode.mem_id) if pnode is not None else -1
    h1 = _title_index(page, title)
    if container < 0:
        profile = None
        container, score = main_container(page, r.body, h1)
        if score < RESCUE_BELOW and rescue_may_help(page, score, r.body, h1):
            if page.collapsed:   # the rescue needs the furniture subtrees the walk skipped
                page = build(body_node, boiler_attrs=r.boiler_attrs, caption_attrs=r.caption,
                             strict_attrs=r.strict_attrs, embed_attrs=r.embed,
                             caption_ids=frozenset(caption_ids))
                h1 = _title_index(page, title)
                container, score = main_container(page, r.body, h1)
            container, score = rescue(page, container, score, r.body, h1)
    if container < 0:
        return _empty(url, title, "no main text found")
    lo = h1 if 0 <= h1 < container else container
    hi = page.end[container]
    outer = page.parent[container] if page.parent[container] >= 0 else container
    meta_lo = h1 if h1 >= 0 else outer   # metadata lines sit around the body container
    meta_hi = page.end[outer]

    body, cap_blocks = select(page, container, furniture=partial(is_furniture, r), title=title)
    lead_node, lead_el = _find(page, tree, profile.lead if profile else "", r.lead, lo, hi, 40, 1500, container)
    lead = _fold(lead_node.text()) or None if lead_node is not None else None
    if lead_node is not None:
        body = [b for b in body if not (lead_el >= 0 and page.inside(b.owner, lead_el)) and b.text != lead]
    byline_node, byline_el = _find(page, tree, profile.byline if profile else "", r.byline,
                                   meta_lo, meta_hi, 2, 120, -1)
    byline = None
    if byline_node is not None:
        raw = _fold(byline_node.text())
        byline = _clean_byline(raw)
        body = [b for b in body if not (byline_el >= 0 and page.inside(b.owner, byline_el)) and b.text != raw]
    if not byline or r.furniture.search(byline) or not 2 <= len(byline) <= 80 or _is_credit(byline, r):
        byline = None
    body, tail = _byline_tail(body)
    if tail and _is_credit(tail, r):
        tail = None
    byline = byline or tail or clean_meta.ld_author(head)
    body = trim_tail(body)

    paragraphs = [p for p in _finish([b.text for b in body], r) if not _DATE_LINE.match(p)]
    if lead:
        lead = _finish([lead], r)
        lead = lead[0] if lead else None
        paragraphs = [p for p in paragraphs if p != lead]
    captions = _dedupe(_finish([b.text for b in cap_blocks], r))

    if published is None and profile is not None and profile.date:
        node = tree.css_first(profile.date)
        if node is not None:
            published = plausible(parse_vn(node.text(), default_year=_context_year(url, fetched_at)), fetched_at)
    year = _context_year(url, fetched_at)
    if published is None:
        published = clean_meta.published_in_page(page, r.date, fetched_at, year=year,
                                                 lo=meta_lo, hi=meta_hi)
    dated = published is not None   # a date line or markup, not a date mentioned in the text
    if published is None:
        head_text = " ".join(([lead] if lead else []) + paragraphs[:2])[:600]
        published = plausible(parse_vn(head_text, default_year=year), fetched_at)

    is_article, reason = _verdict(page, r, head, container, body, paragraphs, captions, lead,
                                  title, published if dated else None, byline, profile)
    return Article(title=_nfc(title), paragraphs=tuple(paragraphs), lead=lead, published=published,
                   byline=_nfc(byline) if byline else None, captions=tuple(captions), url=url,
                   is_article=is_article, reason=reason)


# a block that is nothing but the page's date line ("21/07/2026 07:17", "Thứ ba, 16/05/2023 19:36 (GMT+7)")
_DATE_LINE = re.compile(
    r"(?:(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s+[Nn]hật)\s*,?\s*)?(?:\d{1,2}:\d{2}\s*[,|-]?\s*)?"
    r"(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}(?:\s*[,|-]?\s*\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?)?"
    r"(?:\s*\(?\s*GMT\s*\+\s*7\s*\)?|\s*(?:SA|CH|AM|PM))?\s*$", re.I)


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _nfc(text: str) -> str:
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _finish(texts: list[str], r: Rules) -> list[str]:
    """NFC, photo credits cut from the end, credit-only blocks dropped."""
    out = []
    for t in texts:
        t = _nfc(t)
        if "nh" in t or "ource" in t or "redit" in t or "hoto" in t or "guồn" in t:
            # a credit is short (< 100 characters of folded text): look for it near the end
            # only ("^" does not match at a search's start position)
            m = r.credits.search(t, max(0, len(t) - _CREDIT_WINDOW))
            if m:
                t = (t[:m.start()] + t[m.end():]).strip()
        if t:
            out.append(t)
    return out


def _is_credit(text: str, r: Rules) -> bool:
    return text.startswith("(") or not r.credits.sub("", text).strip()


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def _title_index(page: PageModel, title: str) -> int:
    key = title[:30]
    for i, tag in enumerate(page.tags):
        if tag == "h1" and key and key in _fold(page.nodes[i].text()):
            return i
    return -1


def _find(page: PageModel, tree: LexborHTMLParser, selector: str, attr_rx: re.Pattern[str],
          lo: int, hi: int, min_len: int, max_len: int, container: int) -> tuple[LexborNode | None, int]:
    """The lead/byline element and its index (-1 inside a collapsed subtree), or (None, -1):
    the profile's selector, else the first element in [lo, hi) whose class/id matches
    ``attr_rx`` and whose text length fits."""
    if selector:
        node = tree.css_first(selector)
        i = page.lookup(node.mem_id) if node is not None else -1
        return (page.nodes[i], i) if i >= 0 and min_len <= page.text_len[i] <= max_len * 2 else (None, -1)
    for i, node, tl, ll in scan_attrs(page, lo, hi, attr_rx):
        if i >= 0 and i == container:
            continue
        if min_len <= tl <= max_len and ll < 0.5 * tl:
            if i >= 0 and container >= 0 and page.inside(container, i):
                continue  # an ancestor of the body is not a lead
            return node, i
    return None, -1


def _clean_byline(text: str) -> str:
    return _BYLINE_PREFIX.sub("", _fold(text)).strip(" -–|")


def _byline_tail(body: list[Block]) -> tuple[list[Block], str | None]:
    """A short trailing "Minh Thu - Phan Trang" / "Tác giả: …" / "Nhóm PV" line is the byline."""
    if not body:
        return body, None
    last = body[-1].text
    if len(last) <= 80 and len(last.split()) <= 12 and not last.endswith((".", "…", "!", "?", ":", ",")) \
            and body[-1].tag not in HEADINGS and _BYLINE_TEXT.match(last):
        return body[:-1], _clean_byline(last)
    return body, None


def _context_year(url: str | None, fetched_at: datetime | None) -> int | None:
    if url:
        m = _YEAR_IN_URL.search(url.split("?")[0])
        if m:
            return int(m.group(1))
    return fetched_at.year if fetched_at else None


def _verdict(page: PageModel, r: Rules, head: clean_meta.HeadMeta, container: int, body: list[Block],
             paragraphs: list[str], captions: list[str], lead: str | None, title: str,
             published: datetime | None, byline: str | None, profile: Profile | None) -> tuple[bool, str | None]:
    """Article or not, with the reason when not."""
    chars = sum(map(len, paragraphs)) + len(lead or "")
    cap_chars = sum(map(len, captions))
    if not title:
        return False, "no title"
    if chars < 250 and cap_chars < 300:
        return False, f"too little body text ({len(paragraphs)} paragraphs, {chars} chars)"
    teasers = _teaser_count(page, r, container)
    full = sum(1 for p in paragraphs if len(p) >= 120 and not p.endswith(("...", "…")))
    if teasers >= 2 and teasers >= full:
        return False, f"listing page ({teasers} teaser links in the main text)"
    if head.og_type in ("website", "webpage", "profile") and chars < 1000:
        return False, "og:type says website and the body is short"
    markup = profile is not None or head.og_type == "article" or bool(head.ld) \
        or page.article_inside or "article" in page.tags or "articlebody" in head.meta
    if published is None and byline is None and not markup:
        return False, "no article evidence (no date, byline or article markup)"
    return True, None


def _teaser_count(page: PageModel, r: Rules, container: int) -> int:
    """Link-headed short blocks inside the container (headlines of a listing)."""
    lo, hi = container, page.end[container]
    n = 0
    teaser = memo_search(r.teaser)
    for b in page.blocks:
        if lo <= b.owner < hi and 15 <= len(b.text) <= 200 and b.link_chars >= 0.8 * len(b.text) \
                and (b.tag in HEADINGS or teaser(page.attrs[b.owner])
                     or (page.parent[b.owner] >= 0 and teaser(page.attrs[page.parent[b.owner]]))):
            n += 1
    return n
