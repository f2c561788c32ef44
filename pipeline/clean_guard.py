"""Guards of the cleaner against hostile markup, applied to the text before parsing.

lexbor's tree builder slows down quadratically with nesting depth (100k nested <div>s take
seconds), so markup nested deeper than :data:`MAX_DEPTH` is flattened: tags below that depth
are dropped and their text kept. Oversized pages lose their scripts/styles, then their tail.
The result is the UTF-8 the parser reads.
"""
from __future__ import annotations

import re

from .clean_walk import utf8_and_tags

MAX_HTML_CHARS = 8_000_000
MAX_DEPTH = 2_000
_SUSPECT_TAGS = 3 * MAX_DEPTH  # fewer tags than this cannot nest deeper than MAX_DEPTH
_BIG_JUNK = re.compile(r"<(script|style|svg)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# elements that are void or implicitly closed: they do not deepen the tree in practice
_FLAT = frozenset("area base br col embed hr img input link meta source track wbr p li td th tr "
                  "option dt dd".split())


def guarded_utf8(html: str) -> tuple[bytes, int]:
    """The UTF-8 bytes to parse (what selectolax makes of a ``str``: lone surrogates dropped)
    of ``html`` made safe: at most MAX_HTML_CHARS characters, nesting flattened below
    MAX_DEPTH levels; and the number of "<" in it. Ordinary pages are encoded unchanged."""
    encode = utf8_and_tags()
    if type(html) is not str:   # a str subclass (markupsafe.Markup, …): the compiled encoder takes str
        html = str.__str__(html)
    if len(html) > MAX_HTML_CHARS:
        html = _BIG_JUNK.sub(" ", html)[:MAX_HTML_CHARS]
    data, tags = encode(html)
    if tags > _SUSPECT_TAGS:
        flat = _flatten(html)
        if flat is not html:
            data, tags = encode(flat)
    return data, tags


def _flatten(html: str) -> str:
    depth = 0
    out: list[str] = []
    pos = 0
    dropped = False
    for m in _TAG.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if name in _FLAT or selfclose:
            continue
        if closing:
            deep = depth > MAX_DEPTH
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deep = depth > MAX_DEPTH
        if deep:
            out.append(html[pos:m.start()])
            pos = m.end()
            dropped = True
    if not dropped:
        return html
    out.append(html[pos:])
    return "".join(out)
