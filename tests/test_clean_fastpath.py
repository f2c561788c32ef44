"""The cleaner's fast paths give the same answers as the plain ones: the collapsed walk (furniture
subtrees not entered) vs the full walk, the rescue gate (on the full and on the collapsed walk),
the per-word attribute classifier and role tests, and the split, prefiltered furniture test."""
from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipeline import clean_html
from pipeline.clean_dom import (
    CAND,
    CAP,
    STRICT,
    STRIP_TAGS,
    _prefiltered,
    attr_string,
    build,
    classifier,
    memo_search,
    scan_attrs,
    word_local,
)
from pipeline.clean_generic import main_container, rescue, rescue_may_help
from pipeline.clean_rules import _needs_any, is_furniture, needs_of, rules
from pipeline.decode import decode

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "portal-pages"
if not REAL.is_dir():
    REAL = Path("/work/shared/portal-pages")
AEB = ROOT.parent / "shared" / "benchmarks" / "article-extraction" / "html"
if not AEB.is_dir():
    AEB = Path("/work/shared/benchmarks/article-extraction/html")


def _pages() -> list[tuple[str, str]]:
    out = []
    for f in sorted((ROOT / "fixtures").rglob("*.htm*")):
        out.append((f.name, decode(f.read_bytes(), None)[0]))
    if REAL.is_dir():
        for f in sorted(REAL.glob("*.htm*"))[:10]:
            out.append((f.name, decode(f.read_bytes(), None)[0]))
    if AEB.is_dir():   # a sample of the public benchmark, when it is there
        for f in sorted(AEB.glob("*.html.gz"))[:40]:
            out.append((f.name, gzip.decompress(f.read_bytes()).decode("utf-8", "replace")))
    return out


PAGES = _pages()


def _model(html: str, collapse: bool):
    r = rules()
    tree = LexborHTMLParser(html)
    tree.strip_tags(STRIP_TAGS, recursive=True)
    page = build(tree.body, boiler_attrs=r.boiler_attrs, caption_attrs=r.caption, strict_attrs=r.strict_attrs,
                 embed_attrs=r.embed, collapse=collapse)
    return tree, page


@pytest.mark.parametrize("name,html", PAGES, ids=[p[0] for p in PAGES])
def test_collapsed_walk_keeps_blocks_and_role_elements(name, html):
    r = rules()
    _, full = _model(html, False)
    _, fast = _model(html, True)
    assert [(b.text, b.caption, b.tag, b.link_chars) for b in fast.blocks] == \
        [(b.text, b.caption, b.tag, b.link_chars) for b in full.blocks]
    assert len(fast.nodes) <= len(full.nodes)
    # the whole page's text and link lengths are the same (up to lexbor's whitespace rule)
    assert abs(fast.text_len[0] - full.text_len[0]) <= 0.01 * full.text_len[0] + 5
    for rx in (r.lead, r.byline, r.date):
        got = [" ".join(n.text().split()) for _, n, _, _ in scan_attrs(fast, 0, len(fast.nodes), rx)]
        want = [" ".join(n.text().split()) for _, n, _, _ in scan_attrs(full, 0, len(full.nodes), rx)]
        assert got == want


@pytest.mark.parametrize("name,html", PAGES, ids=[p[0] for p in PAGES])
def test_rescue_gate_is_sound(name, html):
    """When the gate says the rescue cannot help, the rescue on the full model agrees."""
    r = rules()
    _, page = _model(html, False)
    c, s = main_container(page, r.body)
    if s >= 1500 or rescue_may_help(page, s, r.body):
        return
    assert rescue(page, c, s, r.body) == (c, s)


def test_collapsed_furniture_still_gives_byline_date_and_article_markup():
    html = ("<html><body><header class='site-header'><h1>Tiêu đề bài viết về kinh tế</h1></header>"
            "<div class='post-meta'><span class='author-name'>Minh Thu</span>"
            "<span class='date'>Thứ ba, 16/05/2023 19:36</span></div>"
            "<div class='content'>" + "<p>" + "Nội dung bài viết rất dài và đầy đủ thông tin. " * 12 + "</p>" * 4 +
            "</div><div class='related'><article><a href='/x'>Tin khác một</a></article></div>"
            "</body></html>")
    art = clean_html(html, fetched_at=datetime(2024, 1, 1, tzinfo=UTC), profiles=False)
    assert art.title == "Tiêu đề bài viết về kinh tế"
    assert art.byline == "Minh Thu"
    assert art.published is not None and (art.published.year, art.published.month, art.published.day) == (2023, 5, 16)
    _, fast = _model(html, True)
    assert fast.collapsed          # the meta line and the related list were not walked
    assert "h1" in fast.tags       # the header holding the headline was
    assert fast.article_inside


def test_classifier_by_words_equals_whole_string_regexes():
    r = rules()
    classify = classifier(r.boiler_attrs, r.caption, r.strict_attrs, r.embed)
    samples = ["post-12345 share-bar  ", "entry-content hentry  ", "comments-area  ", "wp-caption-text  ",
               "social twitter-tweet  ", "x_nav  ", "ad-slot-300x250  ", "sidebar widget_text  ",
               "story-body__list-item  ", "related-posts jp-relatedposts  ", "  articleBody".lower()]
    for _, html in PAGES[:20]:
        tree = LexborHTMLParser(html)
        for n in tree.css("[class], [id]")[:200]:
            a = n.attributes
            samples.append(f"{a.get('class') or ''} {a.get('id') or ''} {a.get('role') or a.get('itemprop') or ''}".lower())
    for st in samples:
        want = (CAND if r.boiler_attrs.search(st) else 0) | (CAP if r.caption.search(st) else 0)
        if want & CAND and r.strict_attrs.search(st):
            want |= STRICT
        elif want & CAND and r.embed.search(st):
            want &= ~CAND
        assert classify(st) == want, st


def test_split_furniture_test_equals_the_pattern():
    r = rules()
    texts = ["Bạn còn 500/500 ký tự", "Tin liên quan", "Share this article", "Copyright 2019 All rights reserved",
             "Designed by VNPT", "© 2023 Báo Mới", "He said the government would act.", "Tags: kinh tế",
             "xem thêm", "anh tin bai", "Nội dung bài viết", ""]
    for _, html in PAGES[:10]:
        texts += [" ".join(n.text().split())[:159] for n in LexborHTMLParser(html).css("p, li, div")[:100]]
    for t in texts:
        assert is_furniture(r, t) == bool(r.furniture.search(t)), t


@pytest.mark.parametrize("name,html", PAGES, ids=[p[0] for p in PAGES])
def test_rescue_gate_on_the_collapsed_walk_is_sound(name, html):
    """When the gate says, on the collapsed walk, that the rescue cannot help, the rescue on
    the full walk agrees."""
    r = rules()
    _, fast = _model(html, True)
    c, s = main_container(fast, r.body)
    if s >= 1500 or rescue_may_help(fast, s, r.body):
        return
    _, full = _model(html, False)
    c, s = main_container(full, r.body)
    assert rescue(full, c, s, r.body) == (c, s)


def test_word_by_word_search_equals_whole_string_search():
    r = rules()
    patterns = [r.lead, r.byline, r.date, r.body, r.teaser, r.caption, r.embed]
    assert all(word_local(rx) for rx in patterns)
    assert not word_local(r.boiler_attrs)   # its look-behind sees past a word's start
    samples = ["sapo  ", "post-meta entry-meta  ", "x_lead lead-in  ", "author-name byline  ",
               "story-body__text  ", "summary_box  ", "  articlebody", "date-time updated  "]
    for _, html in PAGES[:20]:
        for n in LexborHTMLParser(html).css("[class], [id]")[:200]:
            samples.append(attr_string(n.attributes))
    for rx in patterns:
        test = memo_search(rx)
        for st in samples:
            assert test(st) == bool(rx.search(st)), (rx.pattern, st)


def test_literal_prefilter_of_attribute_rules_keeps_every_match():
    """A lowercased class/id word holding none of the literals a rule needs is not searched: the
    answer is the same as the regex's, word by word and for whole strings."""
    r = rules()
    patterns = [r.lead, r.byline, r.date, r.body, r.teaser, r.caption, r.embed, r.strict_attrs, r.boiler_attrs]
    assert all(needs_of(rx) for rx in patterns[:-1])   # the data files allow a prefilter
    words = {"sapo", "post-meta", "x_lead", "lead-in", "author-name", "byline", "story-body__text",
             "summary_box", "articlebody", "date-time", "updated", "wp-caption-text", "twitter-tweet",
             "tin-lien-quan", "binhluan", "relatedposts", "chu-thich", "photo-desc", "meta", "mota"}
    for _, html in PAGES[:30]:
        for n in LexborHTMLParser(html).css("[class], [id]")[:300]:
            words.update(attr_string(n.attributes).split())
    for rx in patterns:
        test = _prefiltered(rx)
        for w in words:
            assert bool(test(w)) == bool(rx.search(w)), (rx.pattern, w)
    assert needs_of(re.compile("a|b")) is None   # nothing specific enough: no prefilter


def test_furniture_prefilter_keeps_case_insensitive_matches():
    """The strings tested before the "anywhere" furniture lines are found in text.lower()
    whenever the re.I pattern matches, whatever the case and the Unicode case twins."""
    r = rules()
    assert r.furniture_any_needs   # the data file allows a prefilter
    texts = ["Designed by VNPT", "DEſIGNED BY VNPT", "© 2019 Báo", "Copyright 2019", "COPYRİGHT 2019",
             "BẢN QUYỀN 2021", "All Rights Reserved", "ALL RIGHTſ RESERVED", "(c) 2020", "x ©2021 y",
             "He said the government would act.", "Copyright is a right.", ""]
    for t in texts:
        assert is_furniture(r, t) == bool(r.furniture.search(t)), t
    assert _needs_any(["(?:copyright|bản quyền)\\s*x"]) == ("copyr", "n quy")
    assert _needs_any(["abc", "k+"]) is None   # a line with nothing specific: no prefilter


def test_collapsed_leaf_and_single_text_subtrees_measured_like_lexbor():
    """Furniture that is a leaf or holds one text node is measured without text()/css(): same
    text length, <p> count and <h1> rule as lexbor gives (NBSP is text, ASCII whitespace not)."""
    cells = ['<div class="share">\u00a0</div>', '<div class="share"> \n </div>', '<div class="share"></div>',
             '<p class="share">Share this</p>', '<h1 class="share">Headline</h1>', '<div class="share">x</div>',
             '<article class="share">Short</article>', '<div class="share"><!-- c --></div>']
    r = rules()
    for cell in cells:
        html = f"<html><body><div><p>{'Body text. ' * 30}</p>{cell}</div></body></html>"
        _, fast = _model(html, True)
        _, full = _model(html, False)
        for i in fast.collapsed:   # lexbor's length (NBSP counts; the full walk folds it away)
            assert fast.text_len[i] == len(fast.nodes[i].text(deep=True, skip_empty=True)), cell
        assert abs(fast.text_len[0] - full.text_len[0]) <= 1, cell
        for i in fast.collapsed:   # as counted from css() (which includes the element itself)
            marks = [m.tag for m in fast.nodes[i].css("h1, a, p, article")]
            assert fast.p_elems.count(i) == (fast.tags[i] == "p") + marks.count("p"), cell
        assert [b.text for b in fast.blocks] == [b.text for b in full.blocks], cell
        assert ("h1" in fast.tags) == ("h1" in full.tags), cell
        assert fast.article_inside == any(m.tag == "article" for i in fast.collapsed
                                          for m in fast.nodes[i].css("h1, a, p, article")), cell
        assert fast.collapsed or "h1" in cell or "comment" in cell


def test_grouped_boiler_regex_matches_like_the_plain_alternation():
    from pipeline.clean_rules import _alt, _lines
    r = rules()
    tokens = [t.lstrip("!").lower() for t in _lines("boilerplate_attrs.txt")]
    plain = re.compile(f"(?<![a-z0-9])(?:{_alt(tokens)})")
    words = {w for _, html in PAGES for w in re.findall(r'(?:class|id)="([^"]*)"', html)[:300]}
    words |= {"x-" + t.replace("\\b", "").replace("?", "") for t in tokens} | {"a" + t for t in tokens} \
        | {"nav", "x_nav", "nav-bar", "ads", "ad-slot", "tags", "đnav", "1share", "comment2", "print-me", "xprint"}
    for w in sorted(words):
        w = w.lower()
        assert bool(r.boiler_attrs.search(w)) == bool(plain.search(w)), w
        for part in w.split():
            assert bool(r.boiler_attrs.search(part)) == bool(plain.search(part)), part
