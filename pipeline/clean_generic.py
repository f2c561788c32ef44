"""Generic main-text selection for unknown sites, on the :class:`~pipeline.clean_dom.PageModel`.

Every text block gets a value: long link-poor text counts for its length, link lists and
short chrome count against. Values are summed bottom-up and the element with the best sum
is the main container (a maximum-sum subtree, deepest on ties): it holds most of the
article's text and as little else as possible. Its blocks are then filtered one by one
(link density, furniture phrases, headings left dangling at the end).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .clean_dom import Block, PageModel, inner_named, memo_search, prune

NEAR_BEST = 0.9
HINT_BONUS = 1.0
TITLE_SHARE = 0.4
BEFORE_TITLE = True
RESCUE_BELOW = 1500.0   # a best sum below this may call for the rescue
WEAK = 500.0   # a best sum below this is a weak choice: body hints may then overrule it
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
CELLS = frozenset(("td", "th"))
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)»]\s*$")


def block_value(b: Block) -> float:
    """Contribution of one block to the score of its ancestors."""
    n = len(b.text)
    if b.caption:
        return 0.0
    links = b.link_chars
    if links > 0.5 * n:
        return float(n - 2 * links)   # a link list counts against; linked headline + text less so
    plain = n - links
    if b.tag in HEADINGS:
        return 0.0
    if plain >= 80:
        return plain * (1.0 if links < 0.25 * n else 0.5)
    if plain >= 40 and _SENTENCE_END.search(b.text):
        return plain * 0.5
    if b.tag in CELLS:
        return 0.0   # a data-table cell is short by nature
    return -0.3 * n


def main_container(page: PageModel, body_hint: re.Pattern[str] | None = None,
                   title_el: int = -1) -> tuple[int, float]:
    """The element whose subtree has the best block-value sum, and that sum ((-1, 0) if none
    is positive).

    When the best sum is weak (below ``WEAK``: the article is made of short lines, a calendar
    or a table), an element whose class/id/itemprop names it the article body (``body_hint``)
    gets a bonus of ``HINT_BONUS`` times its link-free text, so that it wins over a stray
    paragraph elsewhere. On ordinary pages the text itself decides (hinted wrappers often
    hold share bars and related links too).
    """
    n = len(page.nodes)
    score = [0.0] * n
    end = page.end
    for b in page.blocks:
        v = block_value(b)
        o = b.owner
        if v > 0 and BEFORE_TITLE and o < title_el and end[o] <= title_el:
            v = 0.0   # text before the headline (tickers, teasers) is not the article
        score[o] += v
    best, best_score = _best(page, score, title_el)
    if body_hint is not None and best_score < WEAK:
        attrs, dead, text_len, link_len = page.attrs, page.dead, page.text_len, page.link_len
        search = memo_search(body_hint)
        hinted = False
        for i in range(n):
            if attrs[i] and not dead[i] and search(attrs[i]):
                score[i] += HINT_BONUS * (text_len[i] - link_len[i])
                hinted = True
        if hinted:
            best, best_score = _best(page, score, title_el)
    return best, best_score


def _best(page: PageModel, own: list[float], title_el: int = -1) -> tuple[int, float]:
    """Sum ``own`` bottom-up; the element with the best sum (narrowed to the deepest near-best
    descendant) and its sum.

    When the best element holds the headline (``title_el``) and the child holding the headline
    has at least ``TITLE_SHARE`` of the sum, that child is taken instead: the rest is another
    story list ("More from …") beside the article."""
    n = len(own)
    score = own[:]
    parent = page.parent
    for i in range(n - 1, 0, -1):
        p = parent[i]
        if p >= 0:
            score[p] += score[i]
    best, best_score = -1, 0.0
    for i in range(n):
        if score[i] >= best_score and score[i] > 0:
            best, best_score = i, score[i]
    while best >= 0:
        # an ancestor that only adds a few stray lines to its child's text is not the body:
        # take the deepest descendant that keeps NEAR_BEST of the best score
        floor = NEAR_BEST * score[best]
        deep = best
        for i in range(best + 1, page.end[best]):
            if score[i] >= floor and page.inside(i, deep):
                deep = i
        best = deep
        if not (best < title_el < page.end[best]):
            break
        c = title_el
        while parent[c] != best:
            c = parent[c]
        if score[c] < TITLE_SHARE * score[best]:
            break
        best = c
    return best, score[best] if best >= 0 else 0.0


def select(page: PageModel, container: int, *, furniture: re.Pattern[str] | Callable[[str], bool],
           title: str = "") -> tuple[list[Block], list[Block]]:
    """Blocks of ``container`` kept as body, and its caption blocks, in document order.
    ``furniture``: a pattern searched in short blocks, or a test of the block text."""
    is_furniture = furniture.search if isinstance(furniture, re.Pattern) else furniture
    body: list[Block] = []
    captions: list[Block] = []
    lo, hi = container, page.end[container]
    for b in page.blocks:
        if not lo <= b.owner < hi:
            continue
        text = b.text
        n = len(text)
        if b.caption:
            captions.append(b)
            continue
        if b.link_chars > 0.6 * n and n < 400:
            continue
        if n < 160 and is_furniture(text):
            continue
        if title and text == title:
            continue
        body.append(b)
    return body, captions


def trim_tail(body: list[Block]) -> list[Block]:
    """Drop headings and short unpunctuated lines left dangling after the last paragraph
    (the cells of a closing table are not dangling)."""
    while body and (body[-1].tag in HEADINGS
                    or (len(body[-1].text) < 25 and body[-1].tag not in CELLS
                        and not _SENTENCE_END.search(body[-1].text))):
        body = body[:-1]
    return body


def rescue_may_help(page: PageModel, score: float, body_hint: re.Pattern[str] | None = None,
                     title_el: int = -1) -> bool:
    """Whether :func:`rescue` can change the container: an upper bound of the best sum with
    every furniture element spared must reach its threshold (``2·score + 300``).

    No block is worth more than its link-free text. First bound: the live blocks' positive
    values, plus the link-free text of live blocks that would get inline parts back
    (``page.trimmed``) and of the dead subtrees that are not hidden. When that is not enough
    to rule the rescue out and the walk collapsed subtrees (which the rescue would have to
    rebuild), a second bound: the best sum with everything spared, where each collapsed
    subtree counts as its link-free text (once more per body-hinted element inside it) and
    only adds to its ancestors. Whitespace folding gets 10 % + 100 characters of slack."""
    need = 2 * max(score, 0.0) + 300
    live = page.trimmed
    for b in page.blocks:
        v = block_value(b)
        if v > 0:
            live += v
    if live >= need:
        return True
    n = len(page.nodes)
    end, dead, text_len, link_len = page.end, page.dead, page.text_len, page.link_len
    hid = [False] * n
    for h in page.hidden:
        hid[h:end[h]] = [True] * (end[h] - h)
    revived = 0
    i = 0
    while i < n:
        if dead[i] and not hid[i]:
            revived += text_len[i] - link_len[i]
            i = end[i]
        else:
            i += 1
    if live + 1.1 * revived + 100 < need:
        return False
    if not page.collapsed:
        return True
    kept = page.blocks, page.dead, page.trimmed
    prune(page, spare_all=True)
    own = [0.0] * n
    for b in page.blocks:
        v = block_value(b)
        o = b.owner
        if v > 0 and BEFORE_TITLE and o < title_el and end[o] <= title_el:
            v = 0.0
        own[o] += v
    if body_hint is not None:
        attrs, search = page.attrs, memo_search(body_hint)
        for i in range(n):
            if attrs[i] and not page.dead[i] and search(attrs[i]):
                own[i] += HINT_BONUS * (text_len[i] - link_len[i])
    page.blocks, page.dead, page.trimmed = kept
    # a collapsed subtree is a leaf here: its blocks are worth less than its link-free text,
    # plus that much again for each element inside it named like the body (hint bonus), and
    # only its ancestors get it. The hinted elements are only counted when the bound without
    # them does not already reach the threshold.
    parent = page.parent
    coll = [c for c in page.collapsed if not hid[c]]
    for c in coll:
        own[c] += 1.1 * (text_len[c] - link_len[c])
    if _top(own, parent) + 100 >= need:
        return True
    if body_hint is None:
        return False
    hint_test = memo_search(body_hint)
    hinted = False
    for c in coll:
        k = sum(1 for _, _, s in inner_named(page, c) if s and hint_test(s))
        if k:
            own[c] += HINT_BONUS * k * 1.1 * (text_len[c] - link_len[c])
            hinted = True
    return hinted and _top(own, parent) + 100 >= need


def _top(own: list[float], parent: list[int]) -> float:
    """The best subtree sum of ``own`` (at least 0)."""
    score = own[:]
    for i in range(len(score) - 1, 0, -1):
        p = parent[i]
        if p >= 0:
            score[p] += score[i]
    return max(max(score, default=0.0), 0.0)


def rescue(page: PageModel, container: int, score: float,
           body_hint: re.Pattern[str] | None = None, title_el: int = -1) -> tuple[int, float]:
    """When furniture rules left little text, retry with the wrappers of the best container
    of the unpruned page spared (a "widget"- or "sidebar"-named wrapper around the article)."""
    n = len(page.nodes)
    kept_blocks, kept_dead, kept_trimmed = page.blocks, page.dead, page.trimmed
    prune(page, spare_all=True)
    c0, s0 = main_container(page, body_hint, title_el)
    if c0 < 0 or s0 < 2 * max(score, 0.0) + 300:
        page.blocks, page.dead, page.trimmed = kept_blocks, kept_dead, kept_trimmed
        return container, score
    spare = [False] * n
    i = c0
    while i >= 0:
        spare[i] = True
        i = page.parent[i]
    prune(page, spare)
    return main_container(page, body_hint, title_el)
