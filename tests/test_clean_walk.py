"""The compiled walk (``pipeline._walk``) gives exactly the page model of the Python walk: on the
fixture pages, the real portal pages and the public benchmark sample, on generated markup, with
and without collapsing and with kept / caption elements; its lazy node list finds the same
nodes; its tag count and whitespace test agree with Python's."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sysconfig

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from pipeline import clean_html
from pipeline.clean_dom import STRIP_TAGS, build, inner_named, inner_node
from pipeline.clean_rules import rules
from pipeline.clean_walk import _CHECK_PAGE, LazyNodes, _py_utf8_and_tags, compiled_walker, utf8_and_tags
from test_clean_fastpath import PAGES
from test_clean_hostile import markup_of

BUILT = importlib.util.find_spec("pipeline._walk") is not None
pytestmark = pytest.mark.skipif(os.environ.get("VINEX_PURE_PYTHON") == "1", reason="compiled walk turned off")


def _c_compiler() -> bool:
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc) is not None and os.path.basename(cc) != "false"


@pytest.mark.skipif(not _c_compiler(), reason="no C compiler: the Python walk runs (same output)")
def test_the_extension_is_built_and_passes_its_self_check():
    # `make install` builds it (setup.py) wherever there is a C compiler, as on CI
    assert BUILT, "pipeline._walk was not built: run `make install` with a C compiler"
    assert compiled_walker() is not None


def _models(html: str, collapse: bool, keep_css: str | None = None, caption_css: str | None = None):
    r = rules()
    out = []
    for compiled in (False, True):
        tree = LexborHTMLParser(html)
        tree.strip_tags(STRIP_TAGS, recursive=True)
        if tree.body is None:
            return None
        keep = frozenset(n.mem_id for n in tree.css(keep_css)[:1]) if keep_css else frozenset()
        caps = frozenset(n.mem_id for n in tree.css(caption_css)) if caption_css else frozenset()
        page = build(tree.body, boiler_attrs=r.boiler_attrs, caption_attrs=r.caption, strict_attrs=r.strict_attrs,
                     embed_attrs=r.embed, keep=keep, caption_ids=caps, collapse=collapse, compiled=compiled)
        fields = {k: getattr(page, k) for k in page.__slots__ if k not in ("nodes", "index", "inner")}
        # the same nodes: compared by what they are (addresses differ between the two parses)
        fields["nodes"] = [(n.tag, n.attributes, n.text()) for n in page.nodes]
        out.append((fields, page, tree))
    return out


def _assert_same(html, collapse, keep_css=None, caption_css=None):
    models = _models(html, collapse, keep_css, caption_css)
    if models is None:
        return
    (py, _, _), (c, page, tree) = models
    for key in py:
        assert c[key] == py[key], key
    assert isinstance(page.nodes, LazyNodes)
    assert [n.mem_id for n in page.nodes] == page.nodes.mems
    for i in range(len(page.nodes)):   # lookups by address land on the same element
        assert page.lookup(page.nodes.mems[i]) == i


@pytest.mark.skipif(not BUILT, reason="extension not built")
@pytest.mark.parametrize("name,html", PAGES, ids=[p[0] for p in PAGES])
def test_compiled_walk_equals_python_walk_on_pages(name, html):
    for collapse in (True, False):
        _assert_same(html, collapse)
    # a kept element (a site profile's body) and caption elements (a profile's captions)
    _assert_same(html, False, keep_css="article, main, div", caption_css="figcaption, .caption")


@pytest.mark.skipif(not BUILT, reason="extension not built")
def test_compiled_walk_on_the_self_check_page():
    for collapse in (True, False):
        _assert_same(_CHECK_PAGE, collapse)
    _assert_same(_CHECK_PAGE, False, keep_css="#main", caption_css="figure")


TAGS = ["div", "p", "span", "a", "li", "ul", "h1", "em", "i", "article", "nav", "footer", "br", "img",
        "figure", "figcaption", "b", "header", "x-card", "aside", "table", "td"]
ATTRS = ["", ' class="content"', ' class="comment"', ' id="sapo"', ' class="share"', " hidden",
         ' style="display:none"', ' style="color:red"', ' aria-hidden="true"', ' class="author"', ' class="related"',
         ' class="photo-caption"', ' class="social twitter-tweet"', ' role="navigation"', ' itemprop="articleBody"',
         ' class="Menu Top"', ' class=""', " class", ' id="post-123"']
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30) | \
    st.sampled_from([" ", "\n\t ", "\xa0", "\u2003", "\x1c", "Tin liên quan", "đ" * 1200])
markup = markup_of(TAGS, ATTRS, TEXT, 40)


@pytest.mark.skipif(not BUILT, reason="extension not built")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup, st.booleans())
def test_compiled_walk_equals_python_walk_on_generated_markup(html, collapse):
    _assert_same("<html><body>" + html, collapse)
    _assert_same("<html><body>" + html, False, keep_css="div", caption_css="figure")


@pytest.mark.skipif(not BUILT, reason="extension not built")
@settings(max_examples=300)
@given(st.text(max_size=200) | st.text(alphabet=st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), max_size=20))
def test_utf8_and_tags_equals_str_encode_and_count(s):
    encode = utf8_and_tags()
    assert encode is not _py_utf8_and_tags
    # one-, two- and four-byte strings; lone surrogates (dropped, as selectolax's "ignore" does)
    for text in (s, s + "é", s + "\u0111<", s + "\U0001F600", "\ud83d\ude00" + s + "\udfff<"):
        assert encode(text) == (text.encode("utf-8", "ignore"), text.count("<"))


def test_clean_html_output_does_not_depend_on_the_walk(monkeypatch):
    pages = [h for _, h in PAGES[:25]]
    with_c = [clean_html(h, profiles=False) for h in pages]
    monkeypatch.setattr("pipeline.clean_dom.compiled_walker", lambda required=False: None)
    monkeypatch.setattr("pipeline.clean_guard.utf8_and_tags", lambda: _py_utf8_and_tags)
    plain = [clean_html(h, profiles=False) for h in pages]
    assert with_c == plain


@pytest.mark.skipif(not BUILT, reason="extension not built")
@pytest.mark.parametrize("name,html", PAGES[::3], ids=[p[0] for p in PAGES[::3]])
def test_compiled_strip_and_inner_elements_equal_selectolax(name, html):
    a, b = LexborHTMLParser(html), LexborHTMLParser(html)
    a.strip_tags(STRIP_TAGS, recursive=True)
    compiled_walker(required=True).strip_tags(b)
    assert a.html == b.html
    r = rules()
    pages = [build(t.body, boiler_attrs=r.boiler_attrs, caption_attrs=r.caption, strict_attrs=r.strict_attrs,
                   embed_attrs=r.embed, collapse=True, compiled=c) for t, c in ((a, False), (b, True))
             if t.body is not None]
    if not pages:
        return
    py, c = pages
    assert py.collapsed == c.collapsed
    for i in c.collapsed:   # the named elements inside what the walk skipped: same, same order
        want = [(t, s, inner_node(py, i, ref).text()) for ref, t, s in inner_named(py, i)]
        got = [(t, s, inner_node(c, i, ref).text()) for ref, t, s in inner_named(c, i)]
        assert got == want


@pytest.mark.skipif(not BUILT, reason="extension not built")
@given(markup)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_compiled_strip_equals_selectolax_on_generated_markup(html):
    html = "<html><head><script>x</script></head><body>" + html.replace("<b>", "<button>").replace(
        "<i>", "<svg>").replace("<em>", "<noscript>").replace("<td>", "<template>")
    a, b = LexborHTMLParser(html), LexborHTMLParser(html)
    a.strip_tags(STRIP_TAGS, recursive=True)
    compiled_walker(required=True).strip_tags(b)
    assert a.html == b.html


@pytest.mark.skipif(not BUILT, reason="extension not built")
def test_compiled_walk_on_a_tree_parsed_from_invalid_utf8():
    # clean_html always parses valid UTF-8 (it encodes a str); a tree parsed from raw bytes may
    # hold invalid sequences, which selectolax's text() counts as one U+FFFD each
    html = (b'<html><body><div class="share"><span>\xc0\x80\xc0\x80 \xff</span><b>x</b></div>'
            b'<p>hello \xe1\xba</p><div class="menu">\xf0\x9f\x98\x80 ok</div></body></html>')
    r = rules()
    models = []
    for compiled in (False, True):
        tree = LexborHTMLParser(html)
        page = build(tree.body, boiler_attrs=r.boiler_attrs, caption_attrs=r.caption, strict_attrs=r.strict_attrs,
                     embed_attrs=r.embed, collapse=True, compiled=compiled)
        models.append((page.text_len, page.link_len, page.collapsed, [(b.text, b.owner) for b in page.blocks]))
    assert models[0] == models[1]
    assert models[1][2]   # the furniture was collapsed, so its length came from the C count


def test_str_subclass_input_and_selectolax_caches_after_the_strip():
    class Markup(str):
        pass
    art = clean_html(Markup("<html><body><h1>Tiêu đề bài</h1><p>" + "Nội dung bài viết. " * 30 + "</p></body></html>"),
                     profiles=False)
    assert art.title == "Tiêu đề bài"
    tree = LexborHTMLParser("<html><head><script>var secret = 1;</script></head><body><p>x</p></body></html>")
    assert tree.scripts_contain("secret")
    from pipeline.clean_dom import strip_junk
    strip_junk(tree)
    assert not tree.scripts_contain("secret")   # selectolax knows the tree changed


@pytest.mark.skipif(not BUILT, reason="extension not built")
def test_compiled_classifier_equals_the_python_one():
    from pipeline.clean_dom import attr_string, classifier, py_classifier
    r = rules()
    classifier.cache_clear()   # fresh memos on both sides
    c = classifier(r.boiler_attrs, r.caption, r.strict_attrs, r.embed)
    py = py_classifier(r.boiler_attrs, r.caption, r.strict_attrs, r.embed)
    assert type(c).__name__ == "Classifier"
    samples = ["post-12345 share-bar  ", "entry-content hentry  ", "comments-area  ", "wp-caption-text  ",
               "social twitter-tweet  ", "x_nav  ", "ad-slot-300x250  ", "sidebar widget_text  ", "  ",
               "related-posts jp-relatedposts  ", "box-tin-lien-quan-2 ", "chú-thích ảnh  ", "١٢٣ share ",
               "social instagram-media fb-post  ", "comment tiktok-embed  ", "tin-khac 2024 ", "post-99 share-bar  "]
    for _, html in PAGES[::2]:
        for n in LexborHTMLParser(html).css("[class], [id], [role], [itemprop]")[:300]:
            samples.append(attr_string(n.attributes))
    for s in samples * 2:   # the second time from the memos
        assert c(s) == py(s), s
    assert c.memo == py.memo   # type: ignore[attr-defined]


@pytest.mark.skipif(not BUILT, reason="extension not built")
def test_compiled_memo_search_equals_the_python_one():
    from pipeline.clean_dom import attr_string, memo_search, py_memo_search
    r = rules()
    strings = ["sapo lead  ", "detail-sapo  ", "author-name  ", "post-meta date  ", "  ", "entry-content  ",
               "chapeau x", "byline__author  ", "time-public  ", "ngay-dang  ", "card story  ", "tac-gia  "]
    for _, html in PAGES[::2]:
        for n in LexborHTMLParser(html).css("[class], [id], [role], [itemprop]")[:300]:
            strings.append(attr_string(n.attributes))
    memo_search.cache_clear()
    for rx in (r.lead, r.byline, r.date, r.teaser, r.body, r.caption, r.boiler_attrs):
        c, py = memo_search(rx), py_memo_search(rx)
        assert type(c).__name__ == "MemoSearch"
        for s in strings * 2:
            assert c(s) == py(s), (rx.pattern[:40], s)
        assert c.memo == py.memo   # type: ignore[attr-defined]
