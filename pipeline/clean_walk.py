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
_CHECK_PAGE = """<!doctype html><html><head><title>t</title></head><body class="page">
<!-- c --><header class="site-header"><a href="/">Trang chủ</a> <nav><a href="/a">A</a></nav></header>
<div id="main" role="main"><h1 class="title">Tiêu đề bài</h1><p class="sapo">Đoạn <b>mở đầu</b>
&amp; <em>nhấn</em> <i>mạnh</i>.</p><figure><img src="x.jpg"><figcaption>Ảnh: TTXVN</figcaption></figure>
<p>Dòng một<br>dòng hai <a href="/x">liên <span>kết</span> <a href="/y">lồng</a></a> &#7873;</p>
<my-widget data-x="1">thẻ riêng</my-widget><div hidden>ẩn</div><div aria-hidden="true">ẩn 2</div>
<span aria-hidden="true">giữ</span><div style="display: none">ẩn 3</div><p style="color:red">đỏ</p>
<div class="share-box">Chia sẻ <a href="/s">Facebook</a></div><div class="social twitter-tweet">Tweet
<p>nhúng</p></div><div class="related-news"><h3><a href="/r1">Tin liên quan một</a></h3><p>mô tả</p>
<article>bài khác</article></div><aside class="box"><h1>Tiêu đề phụ</h1>chữ</aside>
<div class="photo-caption">Chú thích</div>
<div class="comment"><p>x</p>   <p> </p></div><ul class="menu"><li><a href="/1">Một</a></li></ul>
</div><footer class="footer">Bản quyền © 2024</footer><div itemprop="articleBody"> </div>
</body></html>"""


@dataclass(frozen=True)
class CompiledWalker:
    walk: object                    # pipeline._walk.walk
    tag_ids: tuple[int, int, int, int]   # lexbor ids of h1, a, p, article


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
    mod = _compiled_module()
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
            for name in ("lxb_dom_element_qualified_name", "lxb_dom_attr_qualified_name")]
    if not all(addr):
        return None
    mod.configure(*addr)
    ids = LexborHTMLParser("<h1></h1><a></a><p></p><article></article>").body
    tag_ids = tuple(n.tag_id for n in ids.iter())
    walker = CompiledWalker(mod.walk, tag_ids)  # type: ignore[arg-type]
    if len(set(tag_ids)) != 4 or not _agrees(walker):
        log.warning("compiled cleaner walk disabled: it disagrees with the Python walk")
        return None
    return walker


def _agrees(walker: CompiledWalker) -> bool:
    from .clean_dom import _HIDDEN_STYLE, _NOT_WALKED, _TAG_INFO, _walk, classifier
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
    return True


def _compiled_module() -> ModuleType | None:
    if os.environ.get("VINEX_PURE_PYTHON") == "1":
        return None
    try:
        from . import _walk  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _walk


def tag_count() -> Callable[[str], int]:
    """A function giving ``s.count("<")``: the compiled loop when the extension is there (it
    needs nothing from lexbor), else ``str.count``."""
    mod = _compiled_module()
    return mod.count_lt if mod is not None else _py_tag_count


def _py_tag_count(s: str) -> int:
    return s.count("<")


def compiled_walker(required: bool = False) -> CompiledWalker | None:
    """The checked compiled walk, or None (then the Python walk runs). ``required`` raises
    instead of returning None (for tests and benchmarks that mean to measure it)."""
    w = _load()
    if w is None and required:
        raise VinexError("the compiled cleaner walk (pipeline._walk) is not available")
    return w
