"""The cleaner never crashes on hostile HTML: it returns an Article (maybe empty, with a
reason) or raises vinex's own InputError family. Generated with hypothesis."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import clean_html
from pipeline.errors import InputError
from schemas.records import Article

TAGS = ["div", "p", "span", "a", "table", "tr", "td", "li", "ul", "h1", "h2", "em", "script",
        "style", "article", "nav", "footer", "br", "img", "form", "figure", "figcaption", "b"]
ATTRS = ['', ' class="content"', ' class="comment"', ' id="sapo"', ' class="share"', ' hidden',
         ' style="display:none"', ' class="author"', ' class="date"', ' data-role="content"']
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)

def markup_of(tags: list[str], attrs: list[str], text, max_leaves: int):
    """Generated markup: nested elements of ``tags`` with one of ``attrs`` each, closed or not,
    around ``text`` (with "<" escaped)."""
    return st.recursive(
        text.map(lambda t: t.replace("<", "&lt;")),
        lambda inner: st.tuples(st.sampled_from(tags), st.sampled_from(attrs), st.lists(inner, max_size=4),
                                st.booleans()).map(
            lambda x: f"<{x[0]}{x[1]}>{''.join(x[2])}" + (f"</{x[0]}>" if x[3] else "")),
        max_leaves=max_leaves,
    )


markup = markup_of(TAGS, ATTRS, TEXT, 30)


def _check(html: str | bytes) -> None:
    try:
        art = clean_html(html)
    except InputError:
        return
    assert isinstance(art, Article)
    assert art.is_article or art.reason
    assert isinstance(art.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup)
def test_generated_markup(html):
    _check(html)


@settings(max_examples=100, deadline=None)
@given(markup, st.integers(min_value=0, max_value=400))
def test_truncated_markup(html, cut):
    _check(("<html><head><title>Tiêu đề</title></head><body>" + html + "</body></html>")[:cut])


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(data):
    _check(data)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text):
    _check(text)


def test_deep_nesting_100k_levels():
    t0 = time.perf_counter()
    art = clean_html("<div>" * 100_000 + "Nội dung" + "</div>" * 100_000)
    assert not art.is_article and art.reason
    art = clean_html("<b><i>" * 60_000 + "x")
    assert isinstance(art, Article)
    assert time.perf_counter() - t0 < 5


def test_50mb_page():
    para = "<div class='x'><p>" + "Đại hội đại biểu, nhiệm kỳ 2020 - 2025. " * 15 + "</p></div>"
    html = "<html><head><title>Trang rất lớn</title></head><body><h1>Trang rất lớn</h1>" \
        + "<script>var x = 1;</script>" * 1000 + para * (50_000_000 // len(para)) + "</body></html>"
    assert len(html) >= 50_000_000
    art = clean_html(html)
    assert isinstance(art, Article) and art.paragraphs


def test_binary_and_empty_raise_input_errors():
    for data in (b"%PDF-1.4\x00\x00\x00\x00\x00\x00", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "", "no markup at all"):
        try:
            clean_html(data)
        except InputError:
            continue
        raise AssertionError(f"no InputError for {data!r}")
