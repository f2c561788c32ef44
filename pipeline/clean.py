"""The cleaner: one fetched HTML page in, one :class:`Article` out (selectolax/lexbor).

Generic extraction in the spirit of readability: page furniture removed by tag, by
class/id tokens and by Vietnamese furniture phrases (data files); paragraphs scored by
length and commas onto their ancestors; the best container (penalised by link density)
and its strong siblings give the body. The lead (sapo), which Vietnamese templates put
outside the body container, is kept; captions go apart; the byline is pulled out.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from schemas.records import Article

from .dates import parse_iso, parse_vn, plausible
from .decode import decode
from .errors import InputError, NotHtmlError

CLEANER_VERSION = "clean.v1"
DATA = Path(__file__).parent / "data"
MAX_HTML_CHARS = 20_000_000  # beyond this, only the head of the page is parsed

JUNK_TAGS = "script, style, noscript, iframe, svg, button, input, select, textarea, nav, footer, aside, template, object, embed, canvas, video, audio, map"
BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th section article header "
    "figure figcaption dl dt dd br hr main center address".split()
)
PARA_TAGS = "p, h2, h3, h4, h5, pre, blockquote, li, td, div, section, article"
CAPTION_SEL = "figcaption, .caption, .image-caption, .img-caption, .PhotoCMS_Caption, .chu-thich, .chuthich, td.caption, p.caption, .desc-image, .note-image"
LEAD_RE = re.compile(r"sapo|chapeau|\blead\b|summary|tom-?tat|mo-?ta|description|\bintro\b|excerpt", re.I)
BYLINE_ATTR_RE = re.compile(r"author|byline|tac-?gia|tacgia|writer|\bsource\b|nguon|signature", re.I)
DATE_ATTR_RE = re.compile(r"date|time|ngay|publish|\bpost\b|\bmeta\b", re.I)
BYLINE_TEXT_RE = re.compile(
    r"^(?:Tác giả|Tin, ảnh|Bài, ảnh|Bài và ảnh|Tin và ảnh|Nhóm phóng viên|Nhóm PV|PV|Theo)\s*:?\s*.{0,80}$"
    r"|^[A-ZĐÀ-Ỹ][^\W\d_]+(?: [A-ZĐÀ-Ỹ][^\W\d_]+){0,3}(?:\s*[-–,&]\s*[A-ZĐÀ-Ỹ][^\W\d_]+(?: [A-ZĐÀ-Ỹ][^\W\d_]+){0,3}){0,3}"
    r"(?:\s*\([^)]{0,40}\))?$"
)


@dataclass(frozen=True)
class Rules:
    furniture: re.Pattern[str]
    boiler_attrs: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    def lines(name: str) -> list[str]:
        return [l.strip() for l in (DATA / name).read_text(encoding="utf-8").splitlines()
                if l.strip() and not l.startswith("#")]
    return Rules(
        re.compile("|".join(f"(?:{l})" for l in lines("furniture.txt")), re.I),
        re.compile("|".join(f"(?:{l})" for l in lines("boilerplate_attrs.txt")), re.I),
    )


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def clean_html(html: str | bytes, url: str | None = None, *, content_type: str | None = None,
               fetched_at: datetime | None = None) -> Article:
    """Clean one HTML page. Raises InputError/NotHtmlError on content that is not a page."""
    if isinstance(html, bytes):
        if _looks_binary(html):
            raise NotHtmlError("content is binary, not HTML")
        html, _ = decode(html, content_type)
    html = unicodedata.normalize("NFC", html)
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    if "<" not in html[:4096] and not html.lstrip().startswith("<"):
        raise NotHtmlError("content has no HTML markup")
    try:
        tree = LexborHTMLParser(html)
    except Exception as exc:  # selectolax raises bare errors on broken input
        raise InputError(f"HTML could not be parsed: {exc}") from exc
    if tree.body is None:
        return Article(title="", paragraphs=(), url=url, is_article=False, reason="no <body>")
    return _Cleaner(tree, url, fetched_at).run()


def _looks_binary(data: bytes) -> bool:
    head = data[:1024]
    return head.count(b"\x00") > 4 and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


class _Cleaner:
    def __init__(self, tree: LexborHTMLParser, url: str | None, fetched_at: datetime | None) -> None:
        self.tree = tree
        self.url = url
        self.fetched_at = fetched_at
        self.rules = rules()

    # ----------------------------------------------------------------- metadata
    def meta(self, *names: str) -> str | None:
        for n in names:
            node = self.tree.css_first(f'meta[property="{n}"], meta[name="{n}"], meta[itemprop="{n}"]')
            if node is not None and node.attributes.get("content"):
                return _ws(node.attributes["content"] or "")
        return None

    def json_ld(self) -> dict:
        for node in self.tree.css('script[type="application/ld+json"]'):
            try:
                data = json.loads(node.text() or "")
            except ValueError:
                continue
            items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
            for item in items:
                if isinstance(item, dict) and str(item.get("@type", "")).endswith(("Article", "NewsArticle", "BlogPosting")):
                    return item
        return {}

    def title(self) -> str:
        h1 = self.tree.css_first("h1")
        h1t = _ws(h1.text()) if h1 is not None else ""
        og = self.meta("og:title", "twitter:title") or ""
        tt = self.tree.css_first("title")
        title_tag = _ws(tt.text()) if tt is not None else ""
        for cand in (h1t, og, re.split(r"\s+[|–—-]\s+", title_tag)[0] if title_tag else ""):
            if len(cand) >= 10:
                return cand
        return h1t or og or title_tag

    def published(self, ld: dict) -> datetime | None:
        for raw in (self.meta("article:published_time", "og:published_time", "datePublished", "pubdate",
                              "publishdate", "dc.date.issued", "DC.date.issued", "date"),
                    str(ld.get("datePublished") or "")):
            dt = plausible(parse_iso(raw or ""), self.fetched_at)
            if dt:
                return dt
        for node in self.tree.css("time[datetime]"):
            dt = plausible(parse_iso(node.attributes.get("datetime") or ""), self.fetched_at)
            if dt:
                return dt
        for node in self.tree.css("[class], [id]"):
            attrs = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
            if DATE_ATTR_RE.search(attrs):
                text = node.text()
                if len(text) < 120:
                    dt = plausible(parse_vn(text), self.fetched_at)
                    if dt:
                        return dt
        return None

    # ----------------------------------------------------------------- body
    def run(self) -> Article:
        ld = self.json_ld()
        og_type = (self.meta("og:type") or "").lower()
        title = self.title()
        published = self.published(ld)
        byline = self._byline_element()
        lead = self._lead()
        for node in self.tree.css(JUNK_TAGS):
            node.decompose()
        for form in self.tree.css("form"):
            # ASP.NET portals wrap the whole page in one <form>: keep forms that hold paragraphs
            if len(form.css("p")) < 3:
                form.decompose()
        self._drop_boilerplate()
        captions = self._captions()
        body = self.tree.body
        best = self._best_container(body) if body is not None else None
        paragraphs: list[str] = []
        if best is not None:
            for node in self._with_siblings(best):
                paragraphs.extend(self._paragraphs(node))
        if paragraphs and title and _ws(paragraphs[0]) == title:
            paragraphs.pop(0)
        if lead:
            paragraphs = [p for p in paragraphs if p != lead]
        byline_tail, paragraphs = _byline_tail(paragraphs)
        byline = byline or byline_tail
        body_chars = sum(len(p) for p in paragraphs)
        listing = og_type in ("website", "webpage") and body_chars < 1000
        is_article = bool(title) and len(paragraphs) >= 2 and body_chars >= 300 and not listing
        reason = None if is_article else (
            "og:type says website and the body is short" if listing else
            f"too little body text ({len(paragraphs)} paragraphs, {body_chars} chars)")
        if published is None:
            published = self._date_in_text()
        return Article(title=title, paragraphs=tuple(paragraphs), lead=lead, published=published,
                       byline=byline, captions=tuple(captions), url=self.url, is_article=is_article,
                       reason=reason)

    def _date_in_text(self) -> datetime | None:
        body = self.tree.body
        if body is None:
            return None
        return plausible(parse_vn(body.text(separator=" ")[:3000]), self.fetched_at)

    def _byline_element(self) -> str | None:
        for node in self.tree.css("[class], [id], [itemprop], [rel]"):
            attrs = " ".join(node.attributes.get(a) or "" for a in ("class", "id", "itemprop", "rel"))
            if BYLINE_ATTR_RE.search(attrs) and not re.search(r"box|list|info-author", attrs, re.I):
                text = _ws(node.text())
                text = re.sub(r"^(Tác giả|Tác Giả|Bài|Tin)\s*:\s*", "", text)
                if 2 <= len(text) <= 80 and not self.rules.furniture.search(text) \
                        and not re.match(r"\(?\s*(?:Ảnh|Nguồn|Photo)\s*:", text, re.I):
                    node.decompose()
                    return text
        return None

    def _lead(self) -> str | None:
        for node in self.tree.css("[class], [id]"):
            attrs = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
            if node.tag in ("meta", "body", "html") or not LEAD_RE.search(attrs):
                continue
            text = _ws(node.text())
            if 40 <= len(text) <= 1500 and not self.rules.furniture.search(text):
                node.decompose()
                return text
        return None

    def _drop_boilerplate(self) -> None:
        for node in self.tree.css("[class], [id], [role]"):
            if node.tag in ("html", "body"):
                continue
            attrs = " ".join(node.attributes.get(a) or "" for a in ("class", "id", "role"))
            if self.rules.boiler_attrs.search(attrs):
                text_len = len(node.text(strip=True))
                if text_len > 1500 and _link_density(node) < 0.2 and len(node.css("p")) >= 3:
                    continue  # an article container whose class merely mentions a token
                node.decompose()

    def _captions(self) -> list[str]:
        out = []
        for node in self.tree.css(CAPTION_SEL):
            text = _ws(node.text())
            node.decompose()
            if text and not self.rules.furniture.search(text) and text not in out:
                out.append(text)
        for img in self.tree.css("img"):
            holder = img.parent
            if holder is not None and holder.tag in ("p", "div", "a") and not holder.text(strip=True):
                nxt = holder.next
                while nxt is not None and not nxt.is_element_node:
                    nxt = nxt.next
                if nxt is not None and nxt.tag == "p" and self._emphasised_only(nxt):
                    text = _ws(nxt.text())
                    if text and text not in out and not self.rules.furniture.search(text):
                        out.append(text)
                    nxt.decompose()
            img.decompose()
        return out

    @staticmethod
    def _emphasised_only(node: LexborNode) -> bool:
        """A paragraph whose text is all inside <em>/<i> (a caption under a photo)."""
        total = len(node.text(strip=True))
        em = sum(len(e.text(strip=True)) for e in node.css("em, i"))
        return 0 < total <= 400 and em >= total * 0.9

    def _best_container(self, body: LexborNode) -> LexborNode | None:
        scores: dict[int, float] = {}
        nodes: dict[int, LexborNode] = {}
        for node in body.css("p, pre, blockquote, h2, h3, h4"):
            text = node.text(strip=True)
            if len(text) < 25:
                continue
            score = 1 + text.count(",") + min(len(text) / 100, 3)
            parent = node.parent
            for level in range(3):
                if parent is None or parent.tag in ("html",):
                    break
                key = parent.mem_id
                nodes[key] = parent
                scores[key] = scores.get(key, 0) + score / (1 + level)
                parent = parent.parent
        for node in body.css("div, td"):  # divs used as paragraphs (text directly inside)
            direct = "".join(c.text_content or "" for c in _children(node) if c.is_text_node)
            if len(direct.strip()) >= 80:
                k = node.mem_id
                nodes[k] = node
                scores[k] = scores.get(k, 0) + 1 + direct.count(",") + min(len(direct) / 100, 3)
        if not scores:
            return body
        best_key = max(scores, key=lambda k: scores[k] * (1 - _link_density(nodes[k])))
        self._scores = scores
        return nodes[best_key]

    def _with_siblings(self, best: LexborNode) -> list[LexborNode]:
        parent = best.parent
        if parent is None or best.tag == "body":
            return [best]
        top = self._scores.get(best.mem_id, 0)
        out = []
        for sib in _children(parent):
            if not sib.is_element_node:
                continue
            if sib.mem_id == best.mem_id:
                out.append(sib)
            elif self._scores.get(sib.mem_id, 0) >= max(8.0, top * 0.3) and _link_density(sib) < 0.25:
                out.append(sib)
        return out or [best]

    def _paragraphs(self, root: LexborNode) -> list[str]:
        """Block-separated text of ``root`` in document order, furniture and link lists dropped."""
        out: list[str] = []
        buf: list[str] = []
        link_chars = 0

        def flush() -> None:
            nonlocal link_chars
            text = _ws("".join(buf))
            if text and not self.rules.furniture.search(text):
                if not (len(text) > 0 and link_chars / max(len(text), 1) > 0.6):
                    out.append(text)
            buf.clear()
            link_chars = 0

        stack: list[tuple[LexborNode, bool, bool]] = [(root, False, False)]
        while stack:
            node, closing, in_link = stack.pop()
            if closing:
                if node.tag in BLOCK:
                    flush()
                continue
            if node.is_text_node:
                t = node.text_content or ""
                buf.append(t)
                if in_link:
                    link_chars += len(t.strip())
                continue
            if not node.is_element_node:
                continue
            if node.tag in BLOCK:
                flush()
            stack.append((node, True, in_link))
            kids = list(_children(node))
            link = in_link or node.tag == "a"
            for kid in reversed(kids):
                stack.append((kid, False, link))
        flush()
        return out


def _children(node: LexborNode):
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _link_density(node: LexborNode) -> float:
    text = len(node.text(strip=True))
    if not text:
        return 1.0
    links = sum(len(a.text(strip=True)) for a in node.css("a"))
    return links / text


def _byline_tail(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A short trailing "Minh Thu - Phan Trang" / "Tác giả: …" / "Nhóm PV" line is the byline."""
    if not paragraphs:
        return None, paragraphs
    last = paragraphs[-1]
    if len(last) <= 80 and len(last.split()) <= 12 and not last.endswith((".", "…", "!", "?", ":")) \
            and BYLINE_TEXT_RE.match(last):
        byline = re.sub(r"^(Tác giả|Tác Giả)\s*:\s*", "", last).strip()
        return byline, paragraphs[:-1]
    return None, paragraphs
