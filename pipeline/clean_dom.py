"""The page model of the cleaner: one pass over a parsed page gives every element's
statistics and the page's text blocks (paragraph-level segments) in document order.

Built for speed: the lexbor tree is walked once (pre-order, from node to node with
``first_child`` / ``next``), elements become integer indices with parallel lists, and text
lengths / link-text lengths are differences of running totals instead of ``node.text()`` calls
on subtrees.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .clean_rules import needs_of
from .clean_walk import LazyNodes, compiled_module, compiled_walker, follow

# Inline elements: their text joins the surrounding block; every other element breaks a block.
INLINE = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd mark nobr q rp rt "
    "ruby s samp small span strike strong sub sup time tt u var wbr label".split()
)
# Elements whose content is never article text (removed before the walk, in C).
JUNK_TAGS = ["script", "style", "noscript", "iframe", "svg", "button", "input", "select",
             "textarea", "template", "object", "embed", "canvas", "video", "audio", "map",
             "head", "link", "meta", "math", "dialog", "title"]
SPARE_MIN = 1000   # a furniture candidate with at most this much text is never spared by prune
_COLLAPSE_CSS = "h1, a, p, article"
_COLLAPSE_TAGS = frozenset(("h1", "a", "p", "article"))
_ASCII_WS = " \t\n\f\r"   # what lexbor's skip_empty counts as whitespace (not NBSP)
_NAMED_CSS = ":is([class], [id], [role], [itemprop])"   # the elements attr_string() can say something about
# Junk without text of its own: not stripped (each name stripped is one more pass over the
# tree in lexbor), the walk just steps over it.
WALK_SKIP = frozenset(("head", "title", "meta", "link", "input", "embed"))
STRIP_TAGS = [t for t in JUNK_TAGS if t not in WALK_SKIP]
# what the walk steps over: WALK_SKIP and lexbor's names of non-element nodes
_NOT_WALKED = WALK_SKIP | {None, "-comment", "-doctype", "-document", "-text", "!--"}
STRUCTURAL_BOILER = frozenset("nav footer aside form header menu".split())
CAPTION_TAGS = frozenset(("figcaption",))
_DIGITS = re.compile(r"\d+")
_ASCII_DIGIT = re.compile(r"[0-9]")   # a charset prefix: much faster to search than \d
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# element flags (bits): inherited by descendants, except CAND and INLINE_FLAG
HID, LINK, CAP, EM, CAND, INLINE_FLAG, STRICT, ICAND = 1, 2, 4, 8, 16, 32, 64, 128
INHERITED = HID | LINK | CAP | EM   # ICAND: inside a CAND inline element (inline chain only)
_BLOCK_INFO = 0
_TAG_INFO: dict[str, int] = {t: INLINE_FLAG for t in INLINE}
_TAG_INFO.update({"a": INLINE_FLAG | LINK, "em": INLINE_FLAG | EM, "i": INLINE_FLAG | EM,
                  "figcaption": CAP, "br": INLINE_FLAG})
_TAG_INFO.update({t: CAND for t in STRUCTURAL_BOILER})


def _needs(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """The literals one of which every match of ``rx`` in a lowercased string holds, or None."""
    return needs_of(rx) if rx.flags & re.I or rx.pattern == rx.pattern.lower() else None


def _prefiltered(rx: re.Pattern[str]) -> Callable[[str], object]:
    """``rx.search`` for lowercased strings, skipped when the string holds none of the literals
    every match needs (see :func:`needs_of`): most class/id words match no rule."""
    search = rx.search
    needs = _needs(rx)
    if needs is None:
        return search

    def test(s: str):
        for x in needs:
            if x in s:
                return search(s)
        return None
    return test


@lru_cache(maxsize=8)
def classifier(boiler: re.Pattern[str], caption: re.Pattern[str],
               strict: re.Pattern[str], embed: re.Pattern[str] | None = None) -> Callable[[str], int]:
    """A memoised function from a lowercased "class id role" string to its CAND/STRICT/CAP bits.

    An embedded post (``embed``: a tweet, an Instagram post) is content even when its wrapper
    is named "social": only strict tokens still make it furniture. The compiled twin
    (``pipeline._walk.Classifier``) is used when the extension is there; same answers."""
    mod = compiled_module()
    if mod is not None:
        return mod.Classifier(boiler, caption, strict, embed, _needs(caption), _needs(strict),
                              _needs(embed) if embed is not None else None, _DIGITS.sub, CAND, CAP, STRICT)
    return py_classifier(boiler, caption, strict, embed)


def py_classifier(boiler: re.Pattern[str], caption: re.Pattern[str],
                  strict: re.Pattern[str], embed: re.Pattern[str] | None = None) -> Callable[[str], int]:
    """:func:`classifier` in Python (the reference)."""
    memo: dict[str, int] = {}     # whole attribute string -> bits
    shapes: dict[str, int] = {}   # the same, for a string with digits, its digit runs folded to "0"
    words: dict[str, int] = {}    # one (folded) class/id word -> match bits (1 boiler, 2 caption)
    extra: dict[str, int] = {}    # a word of a boiler-matching string -> bits 4 strict, 8 embed
    b_search = boiler.search
    c_search, s_search = _prefiltered(caption), _prefiltered(strict)
    e_search = _prefiltered(embed) if embed is not None else None
    digits = _DIGITS.sub
    has_digit = _ASCII_DIGIT.search
    words_get = words.get

    def word_bits(w: str) -> int:
        m = (1 if b_search(w) else 0) | (2 if c_search(w) else 0)
        if len(words) < 50_000:
            words[w] = m
        return m

    def extra_bits(w: str) -> int:
        x = extra.get(w)
        if x is None:
            # strict tokens are boiler tokens too: only a boiler word can hold one
            x = (4 if words_get(w, 1) & 1 and s_search(w) else 0) \
                | (8 if e_search is not None and e_search(w) else 0)
            if len(extra) < 50_000:
                extra[w] = x
        return x

    def classify(attrs: str) -> int:
        # The rule patterns match neither whitespace nor digits in particular, so a match lies
        # inside one word and does not depend on which digits a word holds: the bits of a
        # string are the union of its words' bits ("post-12345" is classified once). Only a
        # string with a boiler word needs the strict and embed tokens.
        f = memo.get(attrs)
        if f is None:
            # (\d folds non-ASCII digits too; a string that only holds those is kept as is)
            shape = digits("0", attrs) if has_digit(attrs) else attrs
            f = shapes.get(shape) if shape is not attrs else None
            if f is None:
                m = 0
                ws = shape.split()
                for w in ws:
                    b = words_get(w)
                    m |= word_bits(w) if b is None else b
                if m & 1:
                    for w in ws:
                        m |= extra_bits(w)
                f = (CAND if m & 1 else 0) | (CAP if m & 2 else 0)
                if m & 1 and m & 4:
                    f |= STRICT
                elif m & 1 and m & 8:
                    f &= ~CAND
                if shape is not attrs and len(shapes) < 50_000:
                    shapes[shape] = f
            if len(memo) < 50_000:
                memo[attrs] = f
        return f
    classify.memo = memo  # type: ignore[attr-defined]  # hits are looked up inline by build()
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

    nodes: Sequence[LexborNode]   # a list, or LazyNodes after the compiled walk
    index: dict[int, int]   # mem_id -> element index (filled on first lookup)
    tags: list[str]
    attrs: list[str]        # "class id role-or-itemprop", lowercased
    parent: list[int]
    end: list[int]          # subtree of i is the index range [i, end[i])
    text_len: list[int]     # characters of text in the subtree
    link_len: list[int]     # characters of text inside <a> in the subtree
    p_elems: list[int]      # indices of the <p> elements, ascending
    blocks: list[Block]
    dead: list[bool]        # removed as furniture (by attribute tokens or structure)
    flags: list[int]
    owner: list[int]        # nearest block-level element (the element itself if a block)
    # raw blocks and images in document order, before pruning: an image is its element index,
    # a block is (owner, folded text, parts, link chars, emphasised chars, suspects) where
    # suspects lists the parts inside a furniture-candidate inline element, as
    # (part index, element, link chars, emphasised chars), or is None
    items: list
    cands: list[int]        # elements flagged CAND
    hidden: list[int]       # elements hidden by their own attributes
    collapsed: list[int]    # furniture subtrees not walked (see build's ``collapse``)
    article_inside: bool    # an <article> element inside a collapsed subtree
    trimmed: int = 0        # link-free characters of the live blocks that lost dead inline parts
    inner: dict = field(default_factory=dict)   # collapsed element -> its (node, tag, attrs) inside
    named: list[int] = field(default_factory=list)   # elements with attrs, and collapsed ones (ascending)

    def inside(self, i: int, ancestor: int) -> bool:
        return ancestor <= i < self.end[ancestor]

    def lookup(self, mem_id: int) -> int:
        """Index of the element with lexbor ``mem_id`` (-1 if not in the model)."""
        if not self.index and self.nodes:
            nodes = self.nodes
            mems = nodes.mems if isinstance(nodes, LazyNodes) else [n.mem_id for n in nodes]
            self.index.update((m, i) for i, m in enumerate(mems))
        return self.index.get(mem_id, -1)


# Constructs that can make a match span whitespace or depend on what lies beyond a word.
_NOT_WORD_LOCAL = re.compile(r"\\[sSWDdBAZxuUNtnrfv0-9]|\[\^|\.|\^|\$|\s|\(\?[aiLmsux]*[<=!#]")


def word_local(rx: re.Pattern[str]) -> bool:
    """Whether ``rx`` (a class/id rule) can only match inside one whitespace-separated word, in
    the same way as in the whole string: no whitespace, dots, negated classes, anchors or
    look-arounds (``\\b`` and literals only). Then ``rx.search(s)`` equals ``any(rx.search(w)
    for w in s.split())``."""
    return not rx.flags & re.VERBOSE and not _NOT_WORD_LOCAL.search(rx.pattern)


@lru_cache(maxsize=32)
def memo_search(rx: re.Pattern[str]) -> Callable[[str], bool]:
    """``bool(rx.search(s))``, memoised per string: class names repeat within and across pages.
    A new string is tested word by word (memoised too) when the pattern is word-local. The
    compiled twin (``pipeline._walk.MemoSearch``) is used when the extension is there."""
    mod = compiled_module()
    if mod is not None:
        return mod.MemoSearch(rx, _needs(rx), word_local(rx))
    return py_memo_search(rx)


def py_memo_search(rx: re.Pattern[str]) -> Callable[[str], bool]:
    """:func:`memo_search` in Python (the reference)."""
    memo: dict[str, bool] = {}
    words: dict[str, bool] = {}
    search = _prefiltered(rx)
    by_word = word_local(rx)
    words_get = words.get

    def test(s: str) -> bool:
        v = memo.get(s)
        if v is None:
            if by_word:
                v = False
                for w in s.split():
                    x = words_get(w)
                    if x is None:
                        x = search(w) is not None
                        if len(words) < 50_000:
                            words[w] = x
                    if x:
                        v = True
                        break
            else:
                v = search(s) is not None
            if len(memo) < 50_000:
                memo[s] = v
        return v
    test.memo = memo  # type: ignore[attr-defined]  # hits are looked up inline by scan_attrs()
    return test


def attr_string(a: dict) -> str:
    """The lowercased "class id role-or-itemprop" string the rules are matched against."""
    cls = a.get("class")
    ident = a.get("id")
    role = a.get("role") or a.get("itemprop")
    return f"{cls or ''} {ident or ''} {role or ''}".lower() if cls or ident or role else ""


def inner_named(page: PageModel, i: int) -> list[tuple[LexborNode | tuple[int, ...], str, str]]:
    """The elements inside collapsed element ``i`` that have an attribute string, as (node or
    path, tag, attribute string); listed once per page (lead, byline and date scans share it).
    After the compiled walk an element is given by its path from ``i`` (see
    :func:`inner_node`): most of them are never looked at again."""
    inside = page.inner.get(i)
    if inside is None:
        walker = compiled_walker() if isinstance(page.nodes, LazyNodes) else None
        if walker is not None:
            inside = page.inner[i] = walker.named_inside(page.nodes[i], {}, WALK_SKIP)
        else:
            root_id = page.nodes[i].mem_id   # css() includes the element itself
            inside = page.inner[i] = [
                (el, t, attr_string(el.attributes)) for el in page.nodes[i].css(_NAMED_CSS)
                if (t := el.tag) not in WALK_SKIP and el.mem_id != root_id]
    return inside


def inner_node(page: PageModel, i: int, ref: LexborNode | tuple[int, ...]) -> LexborNode:
    """The node of an :func:`inner_named` entry of collapsed element ``i``."""
    return follow(page.nodes[i], ref) if isinstance(ref, tuple) else ref


def scan_attrs(page: PageModel, lo: int, hi: int,
               rx: re.Pattern[str]) -> Iterator[tuple[int, LexborNode, int, int]]:
    """The elements of [lo, hi) whose attribute string matches ``rx``, in document order,
    as (index, node, text length, link-text length). Collapsed subtrees are looked into
    (lexbor gives their elements' lengths); an element found there has index -1."""
    attrs, nodes, text_len, link_len = page.attrs, page.nodes, page.text_len, page.link_len
    test = memo_search(rx)
    memo_get = test.memo.get  # type: ignore[attr-defined]
    coll = set(page.collapsed)
    named = page.named   # the elements with an attribute string, and the collapsed ones
    for k in range(bisect_left(named, max(lo, 0)), bisect_left(named, min(hi, len(attrs)))):
        i = named[k]
        s = attrs[i]
        if s:
            v = memo_get(s)
            if v is None:
                v = test(s)
            if v:
                yield i, nodes[i], text_len[i], link_len[i]
        if i in coll:
            in_link = bool(page.flags[i] & LINK)
            for ref, t, s in inner_named(page, i):
                if s and test(s):
                    el = inner_node(page, i, ref)
                    tl = len(el.text(deep=True, skip_empty=True))
                    if in_link or t == "a":
                        ll = tl
                    else:
                        ll = sum(len(x.text(deep=True, skip_empty=True)) for x in el.css("a"))
                    yield -1, el, tl, ll


def strip_junk(tree: LexborHTMLParser) -> None:
    """Remove the :data:`STRIP_TAGS` elements with their subtrees: one compiled pass over the
    tree when the compiled walk is there, else selectolax's ``strip_tags`` (a pass per name)."""
    walker = compiled_walker()
    if walker is not None:
        walker.strip_tags(tree)
    else:
        tree.strip_tags(STRIP_TAGS, recursive=True)


def _fold_parts(parts: list[str]) -> str:
    return " ".join(("".join(parts) if len(parts) > 1 else parts[0]).split())


def build(root: LexborNode, *, boiler_attrs: re.Pattern[str], caption_attrs: re.Pattern[str],
          strict_attrs: re.Pattern[str], embed_attrs: re.Pattern[str] | None = None,
          keep: frozenset[int] = frozenset(), caption_ids: frozenset[int] = frozenset(),
          collapse: bool = False, compiled: bool | None = None) -> PageModel:
    """Walk ``root`` once and return its :class:`PageModel`.

    Elements whose class/id/role matches ``boiler_attrs`` (or nav/footer/aside/form/header
    outside the main text) are marked dead unless their subtree is a large link-poor text
    block; ``keep`` holds mem_ids of elements never to remove (e.g. a profile's body).

    The walk goes from node to node (``first_child`` / ``next``: two pointer reads in lexbor,
    much cheaper than a generator per element) with a stack of open elements and their next
    siblings, so that every node's parent and every subtree's end are known
    without asking lexbor. It also cuts the text into raw blocks (runs of text with the same
    block-level owner), so that pruning only has to drop the dead ones: hidden text is
    dropped here, and only text inside a furniture-candidate inline element is kept apart
    for a re-check.

    With ``collapse`` (and no ``keep``), the walk does not enter a block-level element that
    pruning is sure to remove: a hidden one, or a furniture candidate that is strict or has
    too little text to be spared (``SPARE_MIN`` characters). Its subtree's text and link
    lengths and <p> count are taken from lexbor, and it becomes a leaf of the model
    (``page.collapsed``); a subtree holding an <h1> is always entered. Three quarters of a
    typical page's elements are such furniture. Only :func:`prune` with ``spare_all`` needs
    the inside of those subtrees: rebuild without ``collapse`` first.
    """
    classify = classifier(boiler_attrs, caption_attrs, strict_attrs, embed_attrs)
    collapse = collapse and not keep
    walker = compiled_walker() if compiled is None else (compiled_walker(required=True) if compiled else None)
    if walker is not None:
        (mems, tags, attrs, parent, pos, flags, owner, end, chars_before, links_before, p_elems, items, cands,
         hidden, collapsed, named, article_inside, chars, link_chars) = walker.walk(
            root, {}, _TAG_INFO, _NOT_WALKED, classify, classify.memo, _HIDDEN_STYLE.search,  # type: ignore[attr-defined]
            keep, caption_ids, collapse, *walker.tag_ids)
        nodes: Sequence[LexborNode] = LazyNodes(root, parent, pos, mems)
    else:
        (nodes, tags, attrs, parent, flags, owner, end, chars_before, links_before, p_elems, items, cands,
         hidden, collapsed, named, article_inside, chars, link_chars) = _walk(
            root, classify, keep, caption_ids, collapse)
    # In document order the text of element i's subtree is the text between its start and
    # the start of the first element after its subtree (end[i]): lengths are differences of
    # running totals.
    n = len(tags)
    chars_before.append(chars)
    links_before.append(link_chars)
    text_len = [chars_before[e] - c for c, e in zip(chars_before, end)]
    link_len = [links_before[e] - c for c, e in zip(links_before, end)]

    page = PageModel(nodes, {}, tags, attrs, parent, end, text_len, link_len, p_elems, [],
                     [False] * n, flags, owner, items, cands, hidden, collapsed, article_inside, named=named)
    spare = None
    if keep:
        spare = [False] * n
        for k in keep:
            i = page.lookup(k)
            while i >= 0:
                spare[i] = True
                i = parent[i]
    prune(page, spare)
    return page


def _walk(root: LexborNode, classify: Callable[[str], int], keep: frozenset[int],
          caption_ids: frozenset[int], collapse: bool) -> tuple:
    """The walk of :func:`build` in Python (the reference; ``pipeline._walk`` is its compiled
    twin): the page model's lists before lengths and pruning."""
    nodes: list[LexborNode] = []
    tags: list[str] = []
    attrs: list[str] = []
    parent: list[int] = []
    flags: list[int] = []       # HID | LINK | CAP | EM | ICAND inherited, CAND own
    owner: list[int] = []
    end: list[int] = []
    chars_before: list[int] = []   # text characters before the element starts (running total)
    links_before: list[int] = []   # the same, inside <a>
    p_elems: list[int] = []        # indices of the <p> elements
    items: list = []
    cands: list[int] = []
    hidden: list[int] = []
    add_item = items.append
    tag_info = _TAG_INFO
    memo_get = classify.memo.get  # type: ignore[attr-defined]
    hidden_style = _HIDDEN_STYLE.search
    add_node, add_tag, add_attrs, add_parent = nodes.append, tags.append, attrs.append, parent.append
    add_flags, add_owner, add_cb, add_lb = flags.append, owner.append, chars_before.append, links_before.append
    add_end = end.append
    skip = _NOT_WALKED
    tag_names: dict[int, str] = {}   # lexbor tag id -> name, for this document (custom tags get ids per document)
    fold = _fold_parts
    special = bool(keep or caption_ids)
    collapsed: list[int] = []
    named: list[int] = []
    add_named = named.append
    article_inside = False      # an <article> element inside a collapsed subtree
    cur = -1                    # owner of the open block
    parts: list[str] = []
    links = ems = 0
    susp = None
    chars = link_chars = 0
    stack: list = []            # (next sibling, element index) of the open ancestors
    push, pop = stack.append, stack.pop
    pi = -1                     # the open element: parent of the nodes now visited
    node = root

    while True:
        if node is None:        # the children of pi are done
            if pi < 0:
                break
            end[pi] = len(nodes)
            node, pi = pop()
            continue
        el = node
        node = el.next if pi >= 0 else None   # (the root is walked alone)
        txt = el.text_content   # None unless a text node: one property read for most nodes
        if txt is not None:
            if not txt or pi < 0:
                continue
            if txt.isspace():
                if parts:
                    parts.append(" ")   # whitespace only separates words
                continue
            n = len(txt)
            chars += n
            fe = flags[pi]
            if fe & LINK:
                link_chars += n
            if fe & HID:
                continue
            o = owner[pi]
            if o != cur:
                if parts:
                    text = fold(parts)
                    if text or susp is not None:
                        add_item((cur, text, parts, links, ems, susp))
                    parts = []
                    links = ems = 0
                    susp = None
                cur = o
            if fe & (LINK | EM | ICAND):
                k = len(txt.strip())
                nl = k if fe & LINK else 0
                ne = k if fe & EM else 0
                links += nl
                ems += ne
                if fe & ICAND:
                    if susp is None:
                        susp = []
                    susp.append((len(parts), pi, nl, ne))
            parts.append(txt)
            continue
        tid = el.tag_id   # cheaper than .tag (a dict lookup in selectolax and a new str)
        tag = tag_names.get(tid)
        if tag is None:
            tag = tag_names[tid] = el.tag
        if tag in skip:   # comments, doctype, head-only elements
            continue
        i = len(nodes)
        add_node(el)
        add_tag(tag)
        add_parent(pi)
        add_end(0)
        add_cb(chars)
        add_lb(link_chars)
        if tag == "p":
            p_elems.append(i)
        f = tag_info.get(tag, _BLOCK_INFO)
        a = el.attributes
        st = ""
        if a:
            cls = a.get("class")
            ident = a.get("id")
            role = a.get("role") or a.get("itemprop")
            if cls or ident or role:   # as in attr_string()
                st = f"{cls or ''} {ident or ''} {role or ''}".lower()
                c = memo_get(st)
                f |= classify(st) if c is None else c
            if "hidden" in a or a.get("aria-hidden") == "true" and tag != "span" \
                    or "style" in a and hidden_style(a.get("style") or ""):
                f |= HID
                hidden.append(i)
        add_attrs(st)
        if st:
            add_named(i)
        if special:
            mem = el.mem_id
            if mem in caption_ids:
                f |= CAP
            if mem in keep:
                f &= ~(CAND | STRICT | CAP)
        if not i and f & (CAND | CAP) and (tag == "html" or tag == "body"):
            f &= ~(CAND | STRICT | CAP)   # page-wide classes say nothing about one block
        if f & CAND:
            cands.append(i)
        if pi >= 0:
            f |= flags[pi] & INHERITED
        first = el.first_child
        if collapse and not f & INLINE_FLAG and f & (CAND | HID):
            # a leaf, or an element whose only child is a text node (a common shape of
            # furniture: "Share", a date line), needs neither text() nor css()
            simple = first is None or first.next is None and (ftxt := first.text_content) is not None
            if not simple:
                tl = len(el.text(deep=True, skip_empty=True))
            elif first is None or not ftxt.strip(_ASCII_WS):   # text(skip_empty=True) drops it
                tl = 0
            else:
                tl = len(ftxt)
            if f & (HID | STRICT) or tl <= SPARE_MIN:
                if simple:   # css() would find the element itself, if its tag is one looked for
                    marks = (el,) if tag in _COLLAPSE_TAGS else ()
                    mtags = [tag] if tag in _COLLAPSE_TAGS else []
                else:
                    marks = el.css(_COLLAPSE_CSS)
                    mtags = [m.tag for m in marks]
                if "h1" not in mtags:
                    if f & LINK:
                        nl = tl
                    else:
                        nl = 0
                        if "a" in mtags:
                            for m, t in zip(marks, mtags):
                                if t == "a":
                                    nl += len(m.text(deep=True, skip_empty=True))
                    if "p" in mtags:
                        p_elems.extend([i] * mtags.count("p"))
                    if "article" in mtags:
                        article_inside = True
                    chars += tl
                    link_chars += nl
                    collapsed.append(i)
                    if not st:
                        add_named(i)
                    add_flags(f)
                    add_owner(i)
                    if parts:
                        text = fold(parts)
                        if text or susp is not None:
                            add_item((cur, text, parts, links, ems, susp))
                        parts = []
                        links = ems = 0
                        susp = None
                    cur = -1
                    end[i] = i + 1
                    continue
        if f & INLINE_FLAG:
            if f & CAND or pi >= 0 and flags[pi] & ICAND:
                f |= ICAND
            add_flags(f)
            add_owner(owner[pi] if pi >= 0 else i)
            if tag == "img":
                if not f & HID:
                    add_item(i)
                end[i] = i + 1
                continue    # void: no children
            if tag == "br":
                if parts:
                    text = fold(parts)
                    if text or susp is not None:
                        add_item((cur, text, parts, links, ems, susp))
                    parts = []
                    links = ems = 0
                    susp = None
                cur = -1
                end[i] = i + 1
                continue
        else:
            add_flags(f)
            add_owner(i)
            if parts:
                text = fold(parts)
                if text or susp is not None:
                    add_item((cur, text, parts, links, ems, susp))
                parts = []
                links = ems = 0
                susp = None
            cur = -1
        if first is None:
            end[i] = i + 1
            continue
        push((node, pi))
        node = first
        pi = i
    if parts:
        text = fold(parts)
        if text or susp is not None:
            add_item((cur, text, parts, links, ems, susp))

    return (nodes, tags, attrs, parent, flags, owner, end, chars_before, links_before, p_elems, items, cands,
            hidden, collapsed, named, article_inside, chars, link_chars)


def prune(page: PageModel, spare: list[bool] | None = None, *, spare_all: bool = False) -> None:
    """Mark furniture dead (candidates not spared) and rebuild ``page.blocks``.

    Candidates are spared when ``spare`` says so (ancestors of a kept element; all of them
    with ``spare_all``), when their subtree is a large link-poor text block, or when they
    wrap most of the page's text (ASP.NET's page-wide <form>).
    """
    flags, tags, end = page.flags, page.tags, page.end
    text_len, link_len, p_elems = page.text_len, page.link_len, page.p_elems
    n = len(flags)
    page_plain = (text_len[0] - link_len[0]) if n else 0
    dead = [False] * n
    for i in page.hidden:
        if not dead[i]:
            dead[i:end[i]] = [True] * (end[i] - i)
    if not spare_all:
        for i in page.cands:
            if dead[i] or spare is not None and spare[i]:
                continue
            if not flags[i] & STRICT:
                tl = text_len[i]
                plain = tl - link_len[i]
                if tl > 1200 and link_len[i] < 0.2 * tl \
                        and (tl > 3000 or bisect_left(p_elems, end[i]) - bisect_left(p_elems, i) >= 3):
                    continue
                if plain > 1000 and plain > 0.6 * page_plain:
                    continue
            dead[i:end[i]] = [True] * (end[i] - i)

    blocks: list[Block] = []
    add = blocks.append
    trimmed = 0
    img = False   # an image since the last block: an emphasised line after it is a caption
    for it in page.items:
        if it.__class__ is int:
            if not dead[it]:
                img = True
            continue
        o, text, parts, links, ems, susp = it
        if dead[o]:
            continue
        if susp is not None:
            if any(dead[s[1]] for s in susp):
                ps = parts[:]
                for k, e, nl, ne in susp:
                    if dead[e]:
                        ps[k] = ""
                        links -= nl
                        ems -= ne
                text = _fold_parts(ps)
                if text:
                    trimmed += len(text) - links
            if not text:
                continue
        cap = bool(flags[o] & CAP) or (img and len(text) <= 300 and ems >= 0.9 * len(text.replace(" ", "")))
        add(Block(o, text, links, cap, tags[o]))
        img = False
    page.blocks = blocks
    page.dead = dead
    page.trimmed = trimmed
