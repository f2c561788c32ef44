"""The compiled walk of the cleaner (``pipeline._walk``, built from ``_walk.pyx`` when a C
compiler is there at install time) and the lazy node list it comes with.

The compiled walk reads lexbor's structs directly, so it is only used after it has been shown
to give exactly what the Python walk gives (:func:`pipeline.clean_dom._walk`, the reference) on
a test page with every kind of node the walk treats apart. Where the extension is missing, does
not load, or disagrees, the cleaner runs the Python walk; nothing else changes.
``VINEX_PURE_PYTHON=1`` turns the compiled walk off.
"""
from __future__ import annotations

import ctypes
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from selectolax import lexbor
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .errors import VinexError

log = logging.getLogger(__name__)

# Every node kind the walk treats apart: inline and block elements, links, emphasis, line
# breaks, images, captions, hidden elements (three ways), furniture classes (strict, caption,
# embedded), collapsed furniture with and without links / <p> / <article> / <h1>, comments, a
# custom tag, non-ASCII text and attribute values, entities, whitespace-only text, nested links.
_CHECK_PAGE = """<!doctype html><html><head><title>t</title><script>var a = "<div>";</script>
<style>p { color: red }</style><noscript><link rel="x" href="/y"></noscript></head><body class="page">
<script type="application/ld+json">{"a": 1}</script><noscript><iframe src="/f"></iframe>Bật JS</noscript>
<div class="toolbar"><button class="btn share">Chia sẻ</button><select id="s"><option>1</option></select>
<textarea class="t">x</textarea><template><p class="in-template">t</p></template><object data="o"></object>
<canvas></canvas><video class="v"><source src="v.mp4"></video><audio></audio><map name="m"></map>
<svg class="icon"><path d="M0"/><style>x{}</style></svg><math><mi>x</mi></math><dialog>d</dialog></div>
<!-- c --><header class="site-header"><a href="/">Trang chủ</a> <nav><a href="/a">A</a></nav></header>
<div id="main" role="main"><h1 class="title">Tiêu đề bài</h1><p class="sapo">Đoạn <b>mở đầu</b>
&amp; <em>nhấn</em> <i>mạnh</i>.</p><figure><img src="x.jpg"><figcaption>Ảnh: TTXVN</figcaption></figure>
<p>Dòng một<br>dòng hai <a href="/x">liên <span>kết</span> <a href="/y">lồng</a></a> &#7873;</p>
<my-widget data-x="1">thẻ riêng</my-widget><div hidden>ẩn</div><div aria-hidden="true">ẩn 2</div>
<span aria-hidden="true">giữ</span><div style="display: none">ẩn 3</div><p style="color:red">đỏ</p>
<div class="share-box">Chia sẻ <a href="/s">Facebook</a></div><div class="social twitter-tweet">Tweet
<p>nhúng</p></div><div class="related-news"><h3 class="t3"><a href="/r1" id="r1">Tin liên quan một</a></h3><p itemprop="x">mô tả</p>
<span class="">rỗng</span><meta itemprop="m" content="c"><div role="list" class="A B" id="I">x</div>
<article>bài khác</article></div><aside class="box"><h1>Tiêu đề phụ</h1>chữ</aside>
<div class="photo-caption">Chú thích</div>
<div class="comment"><p>x</p>   <p> </p></div><ul class="menu"><li><a href="/1">Một</a></li></ul>
</div><footer class="footer">Bản quyền © 2024</footer><div itemprop="articleBody"> </div>
</body></html>"""


@dataclass(frozen=True)
class CompiledWalker:
    walk: Callable                  # pipeline._walk.walk
    tag_ids: tuple[int, int, int, int]   # lexbor ids of h1, a, p, article
    named_inside: Callable          # pipeline._walk.named_inside
    strip: Callable                 # pipeline._walk.strip
    strip_ids: tuple[int, ...]      # lexbor ids of clean_dom.STRIP_TAGS

    def strip_tags(self, tree: LexborHTMLParser) -> None:
        """``tree.strip_tags(STRIP_TAGS, recursive=True)``, in one pass over the tree."""
        root = tree.root
        if root is not None:
            self.strip(root.mem_id, self.strip_ids)
            tree.strip_tags([])   # strips nothing; tells selectolax the tree changed (its caches)


class LazyNodes(Sequence[LexborNode]):
    """The selectolax nodes of the compiled walk's elements, found on first use from the
    element's parent and its position among the parent's children (a few pointer steps)."""

    __slots__ = ("_root", "_parent", "_pos", "mems", "_cache")

    def __init__(self, root: LexborNode, parent: list[int], pos: list[int], mems: list[int]) -> None:
        self._root, self._parent, self._pos, self.mems = root, parent, pos, mems
        self._cache: dict[int, LexborNode] = {0: root} if mems else {}

    def __len__(self) -> int:
        return len(self.mems)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.mems)))]
        if i < 0:
            i += len(self.mems)
        if not 0 <= i < len(self.mems):
            raise IndexError(i)
        node = self._cache.get(i)
        if node is None:
            chain = []
            k = i
            while k not in self._cache:
                chain.append(k)
                k = self._parent[k]
            node = self._cache[k]
            for k in reversed(chain):
                node = node.first_child
                for _ in range(self._pos[k]):
                    node = node.next
                self._cache[k] = node
        return node

    def __iter__(self) -> Iterator[LexborNode]:
        return (self[i] for i in range(len(self.mems)))


@lru_cache(maxsize=1)
def _load() -> CompiledWalker | None:
    mod = compiled_module()
    if mod is None:
        return None
    try:
        return _checked(mod)
    except Exception as exc:   # any surprise in the self-check means: not this build
        log.warning("compiled cleaner walk disabled: %s: %s", type(exc).__name__, exc)
        return None


def _checked(mod: ModuleType) -> CompiledWalker | None:
    lib = ctypes.CDLL(lexbor.__file__)
    addr = [ctypes.cast(getattr(lib, name), ctypes.c_void_p).value
            for name in ("lxb_dom_element_qualified_name", "lxb_dom_attr_qualified_name", "lxb_dom_node_remove")]
    if not all(addr):
        return None
    mod.configure(*addr[:2])
    mod.configure_strip(addr[2])
    from .clean_dom import STRIP_TAGS
    walker = CompiledWalker(mod.walk, _tag_ids(("h1", "a", "p", "article")), mod.named_inside, mod.strip,
                            _tag_ids(STRIP_TAGS))
    if len(set(walker.tag_ids)) != 4 or len(set(walker.strip_ids)) != len(STRIP_TAGS) or not _agrees(walker):
        log.warning("compiled cleaner walk disabled: it disagrees with the Python walk")
        return None
    return walker


def _tag_ids(names) -> tuple[int, ...]:
    """lexbor's tag ids of ``names`` (the same in every document for the standard tags)."""
    out = []
    for name in names:
        el = LexborHTMLParser(f"<html><body><{name}></{name}></body></html>").root.css_first(name)
        out.append(el.tag_id if el is not None else -1)
    return tuple(out)


def _agrees(walker: CompiledWalker) -> bool:
    from .clean_dom import _HIDDEN_STYLE, _NOT_WALKED, _TAG_INFO, STRIP_TAGS, WALK_SKIP, _walk, classifier
    a, b = LexborHTMLParser(_CHECK_PAGE), LexborHTMLParser(_CHECK_PAGE)
    a.strip_tags(STRIP_TAGS, recursive=True)
    walker.strip_tags(b)
    if a.html != b.html or "script" in b.html:
        return False
    classify = classifier(re.compile(r"header|nav|share|social|related|comment|menu|footer|box"),
                          re.compile(r"caption"), re.compile(r"share|comment"), re.compile(r"tweet"))
    for collapse in (False, True):
        tree = LexborHTMLParser(_CHECK_PAGE)
        root = tree.body
        keep = frozenset() if collapse else frozenset({root.css_first("#main").mem_id})
        caps = frozenset({root.css_first("figure").mem_id})
        py = _walk(root, classify, keep, caps, collapse)
        c = walker.walk(root, {}, _TAG_INFO, _NOT_WALKED, classify, classify.memo,  # type: ignore[operator,attr-defined]
                        _HIDDEN_STYLE.search, keep, caps, collapse, *walker.tag_ids)
        nodes, rest = py[0], py[1:]
        mems, pos = c[0], c[4]
        lazy = LazyNodes(root, c[3], pos, mems)
        if [n.mem_id for n in nodes] != mems or [n.mem_id for n in lazy] != mems:
            return False
        if list(rest) != list(c[1:4]) + list(c[5:]):
            return False
        for i in c[14]:   # the collapsed elements: what the walk did not enter
            want = [(n.mem_id, n.tag, _attr_string(n.attributes)) for n in nodes[i].css(_NAMED)
                    if n.tag not in WALK_SKIP and n.mem_id != nodes[i].mem_id]
            got = [(follow(nodes[i], path).mem_id, t, s) for path, t, s in walker.named_inside(nodes[i], {}, WALK_SKIP)]
            if got != want:
                return False
    return True


_NAMED = ":is([class], [id], [role], [itemprop])"


def _attr_string(a: dict) -> str:
    from .clean_dom import attr_string
    return attr_string(a)


def follow(node: LexborNode, path: tuple[int, ...]) -> LexborNode:
    """The node reached from ``node`` by ``path``: positions among siblings, level by level."""
    for k in path:
        node = node.first_child
        for _ in range(k):
            node = node.next
    return node


@lru_cache(maxsize=1)
def compiled_module() -> ModuleType | None:
    """``pipeline._walk`` when it is built and not turned off (``VINEX_PURE_PYTHON=1``)."""
    if os.environ.get("VINEX_PURE_PYTHON") == "1":
        return None
    try:
        from . import _walk  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _walk


def utf8_and_tags() -> Callable[[str], tuple[bytes, int]]:
    """A function giving ``(s.encode("utf-8", "ignore"), s.count("<"))``: the compiled one when
    the extension is there (it needs nothing from lexbor), else Python's."""
    mod = compiled_module()
    return mod.utf8_and_tags if mod is not None else _py_utf8_and_tags


def _py_utf8_and_tags(s: str) -> tuple[bytes, int]:
    return s.encode("utf-8", "ignore"), s.count("<")


def compiled_walker(required: bool = False) -> CompiledWalker | None:
    """The checked compiled walk, or None (then the Python walk runs). ``required`` raises
    instead of returning None (for tests and benchmarks that mean to measure it)."""
    w = _load()
    if w is None and required:
        raise VinexError("the compiled cleaner walk (pipeline._walk) is not available")
    return w
