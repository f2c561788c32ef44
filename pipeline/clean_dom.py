"""The page model of the cleaner: one pass over a parsed page gives every element's
statistics and the page's text blocks (paragraph-level segments) in document order.

Built for speed: the lexbor tree is walked once (``traverse``, pre-order, in C), elements
become integer indices with parallel lists, and text lengths / link-text lengths are summed
bottom-up in one reverse loop instead of calling ``node.text()`` on subtrees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from selectolax.lexbor import LexborNode

# Inline elements: their text joins the surrounding block; every other element breaks a block.
INLINE = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd mark nobr q rp rt "
    "ruby s samp small span strike strong sub sup time tt u var wbr label".split()
)
# Elements whose content is never article text (removed before the walk, in C).
JUNK_TAGS = ["script", "style", "noscript", "iframe", "svg", "button", "input", "select",
             "textarea", "template", "object", "embed", "canvas", "video", "audio", "map",
             "head", "link", "meta", "math", "dialog", "title"]
STRUCTURAL_BOILER = frozenset("nav footer aside form header menu".split())
CAPTION_TAGS = frozenset(("figcaption",))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"\s+")
SPACE = (-1, " ")   # the event of a whitespace-only text node

# element flags (bits): inherited by descendants, except CAND and INLINE_FLAG
HID, LINK, CAP, EM, CAND, INLINE_FLAG, STRICT = 1, 2, 4, 8, 16, 32, 64
INHERITED = HID | LINK | CAP | EM
_BLOCK_INFO = 0
_TAG_INFO: dict[str, int] = {t: INLINE_FLAG for t in INLINE}
_TAG_INFO.update({"a": INLINE_FLAG | LINK, "em": INLINE_FLAG | EM, "i": INLINE_FLAG | EM,
                  "figcaption": CAP, "br": INLINE_FLAG})
_TAG_INFO.update({t: CAND for t in STRUCTURAL_BOILER})


@lru_cache(maxsize=8)
def classifier(boiler: re.Pattern[str], caption: re.Pattern[str],
               strict: re.Pattern[str], embed: re.Pattern[str] | None = None) -> Callable[[str], int]:
    """A memoised function from a lowercased "class id role" string to its CAND/STRICT/CAP bits.

    An embedded post (``embed``: a tweet, an Instagram post) is content even when its wrapper
    is named "social": only strict tokens still make it furniture."""
    memo: dict[str, int] = {}
    b_search, c_search, s_search = boiler.search, caption.search, strict.search
    e_search = embed.search if embed is not None else None

    def classify(attrs: str) -> int:
        f = memo.get(attrs)
        if f is None:
            f = (CAND if b_search(attrs) else 0) | (CAP if c_search(attrs) else 0)
            if f & CAND and s_search(attrs):
                f |= STRICT
            elif f & CAND and e_search is not None and e_search(attrs):
                f &= ~CAND
            if len(memo) < 50_000:
                memo[attrs] = f
        return f
    return classify


@dataclass(slots=True)
class Block:
    """One paragraph-level run of text: its owning block element and link-text share."""

    owner: int          # index of the nearest block-level ancestor element
    text: str           # whitespace-folded text
    link_chars: int     # characters inside <a>
    caption: bool       # inside a caption element (figcaption or a caption-classed one)
    tag: str            # tag of the owner element


@dataclass(slots=True)
class PageModel:
    """Elements as parallel lists indexed in document (pre-)order, and the text blocks."""

    nodes: list[LexborNode]
    index: dict[int, int]   # mem_id -> element index
    tags: list[str]
    attrs: list[str]        # "class id role-or-itemprop", lowercased
    parent: list[int]
    end: list[int]          # subtree of i is the index range [i, end[i])
    text_len: list[int]     # characters of text in the subtree
    link_len: list[int]     # characters of text inside <a> in the subtree
    p_count: list[int]      # <p> elements in the subtree
    blocks: list[Block]
    dead: list[bool]        # removed as furniture (by attribute tokens or structure)
    flags: list[int]
    owner: list[int]        # nearest block-level element (the element itself if a block)
    events: list[tuple[int, str | None]]

    def inside(self, i: int, ancestor: int) -> bool:
        return ancestor <= i < self.end[ancestor]


def build(root: LexborNode, *, boiler_attrs: re.Pattern[str], caption_attrs: re.Pattern[str],
          strict_attrs: re.Pattern[str], embed_attrs: re.Pattern[str] | None = None,
          keep: frozenset[int] = frozenset(), caption_ids: frozenset[int] = frozenset()) -> PageModel:
    """Walk ``root`` once and return its :class:`PageModel`.

    Elements whose class/id/role matches ``boiler_attrs`` (or nav/footer/aside/form/header
    outside the main text) are marked dead unless their subtree is a large link-poor text
    block; ``keep`` holds mem_ids of elements never to remove (e.g. a profile's body).
    """
    nodes: list[LexborNode] = []
    tags: list[str] = []
    attrs: list[str] = []
    parent: list[int] = []
    index: dict[int, int] = {}
    flags: list[int] = []       # HID | LINK | CAP | EM inherited, CAND own
    owner: list[int] = []
    own_text: list[int] = []
    # text events: (parent element index, text), (element index, None) for a block break,
    # (element index, "") for an image, SPACE for whitespace between words
    events: list[tuple[int, str | None]] = []
    ev = events.append
    tag_info = _TAG_INFO
    classify = classifier(boiler_attrs, caption_attrs, strict_attrs, embed_attrs)
    hidden_style = _HIDDEN_STYLE.search
    add_node, add_tag, add_attrs, add_parent = nodes.append, tags.append, attrs.append, parent.append
    add_flags, add_owner, add_own = flags.append, owner.append, own_text.append
    index_get = index.get
    space = SPACE
    last_mem, last_i = -1, -1   # the previous element: the parent of most text nodes

    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            txt = node.text_content
            if not txt:
                continue
            if txt.isspace():
                ev(space)   # whitespace never needs its element: it only separates words
                continue
            pm = node.parent.mem_id
            pi = last_i if pm == last_mem else index_get(pm, -1)
            if pi < 0:
                continue
            ev((pi, txt))
            own_text[pi] += len(txt)
            continue
        if tag[0] == "-" or tag == "!--":
            continue
        i = len(nodes)
        mem = node.mem_id
        par = node.parent
        pi = index_get(par.mem_id, -1) if par is not None else -1
        index[mem] = i
        last_mem, last_i = mem, i
        add_node(node)
        add_tag(tag)
        add_parent(pi)
        add_own(0)
        f = tag_info.get(tag, _BLOCK_INFO)
        a = node.attributes
        st = ""
        if a:
            cls = a.get("class")
            ident = a.get("id")
            role = a.get("role") or a.get("itemprop")
            if cls or ident or role:
                st = f"{cls or ''} {ident or ''} {role or ''}".lower()
                f |= classify(st)
            if "hidden" in a or a.get("aria-hidden") == "true" and tag != "span" \
                    or "style" in a and hidden_style(a.get("style") or ""):
                f |= HID
        add_attrs(st)
        if caption_ids and mem in caption_ids:
            f |= CAP
        if f & (CAND | CAP) and (tag == "html" or tag == "body" or mem in keep):
            f &= ~(CAND | STRICT | CAP)   # page-wide classes say nothing about one block
        if pi >= 0:
            f |= flags[pi] & INHERITED
        add_flags(f)
        if f & INLINE_FLAG:
            add_owner(owner[pi] if pi >= 0 else i)
            if tag == "img":
                ev((i, ""))
            elif tag == "br":
                ev((i, None))
        else:
            add_owner(i)
            ev((i, None))

    n = len(nodes)
    text_len = own_text
    link_len = [0] * n
    p_count = [0] * n
    end = list(range(1, n + 1))
    for i in range(n):
        if flags[i] & LINK and text_len[i]:
            link_len[i] = text_len[i]
        if tags[i] == "p":
            p_count[i] = 1
    for i in range(n - 1, 0, -1):
        p = parent[i]
        if p >= 0:
            text_len[p] += text_len[i]
            link_len[p] += link_len[i]
            p_count[p] += p_count[i]
            if end[i] > end[p]:
                end[p] = end[i]

    page = PageModel(nodes, index, tags, attrs, parent, end, text_len, link_len, p_count, [],
                     [False] * n, flags, owner, events)
    spare = [False] * n
    for k in keep:
        i = index.get(k, -1)
        while i >= 0:
            spare[i] = True
            i = parent[i]
    prune(page, spare)
    return page


def prune(page: PageModel, spare: list[bool]) -> None:
    """Mark furniture dead (candidates not spared) and rebuild ``page.blocks``.

    Candidates are spared when ``spare`` says so (ancestors of a kept element), when their
    subtree is a large link-poor text block, or when they wrap most of the page's text
    (ASP.NET's page-wide <form>).
    """
    flags, parent, tags, owner = page.flags, page.parent, page.tags, page.owner
    text_len, link_len, p_count = page.text_len, page.link_len, page.p_count
    n = len(flags)
    page_plain = (text_len[0] - link_len[0]) if n else 0
    kill = [False] * n
    for i in range(n):
        if flags[i] & CAND and not spare[i]:
            if flags[i] & STRICT:
                kill[i] = True
                continue
            tl = text_len[i]
            plain = tl - link_len[i]
            if tl > 1200 and link_len[i] < 0.2 * tl and (p_count[i] >= 3 or tl > 3000):
                continue
            if plain > 1000 and plain > 0.6 * page_plain:
                continue
            kill[i] = True
    dead = [False] * n
    for i in range(n):
        p = parent[i]
        dead[i] = kill[i] or bool(flags[i] & HID) or (p >= 0 and dead[p])

    blocks: list[Block] = []
    cur = -1
    parts: list[str] = []
    links = 0
    ems = 0
    img = False   # an image since the last block: an emphasised line after it is a caption
    for ev in page.events:
        if ev is SPACE:
            if parts:
                parts.append(" ")
            continue
        ei, txt = ev
        if dead[ei] and txt is not None:
            continue
        if txt == "":
            img = True
            continue
        if txt is None:
            if parts:
                img = _flush(blocks, cur, parts, links, ems, img, flags, tags)
                parts = []
                links = ems = 0
            cur = -1
            continue
        o = owner[ei]
        if o != cur:
            if parts:
                img = _flush(blocks, cur, parts, links, ems, img, flags, tags)
                parts = []
                links = ems = 0
            cur = o
        parts.append(txt)
        fe = flags[ei]
        if fe & LINK:
            links += len(txt.strip())
        if fe & EM:
            ems += len(txt.strip())
    if parts:
        _flush(blocks, cur, parts, links, ems, img, flags, tags)
    page.blocks = blocks
    page.dead = dead


def _flush(blocks: list[Block], owner: int, parts: list[str], links: int, ems: int, img: bool,
           flags: list[int], tags: list[str]) -> bool:
    """Close the current block; return whether an image is still pending a caption."""
    text = _WS.sub(" ", "".join(parts).replace("\u00a0", " ")).strip()
    if not text:
        return img
    cap = bool(flags[owner] & CAP) or (img and len(text) <= 300 and ems >= 0.9 * len(text.replace(" ", "")))
    blocks.append(Block(owner, text, links, cap, tags[owner]))
    return False
