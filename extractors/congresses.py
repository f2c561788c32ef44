"""Party congresses: "Đại hội (đại biểu) Đảng bộ X lần thứ XIX, nhiệm kỳ 2020-2025",
"Ban Chấp hành Đảng bộ X khóa XXIII" (the BCH of term N is elected by congress N).
Plenums, Quốc hội/HĐND terms and mass-organisation congresses are not congresses."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from schemas.records import Congress

from .doc import Doc
from .localities import _CAPSEQ, _kind_of, _resolve
from .numbers import ORDINAL, parse_ordinal

NAME = "congresses"
VERSION = "congresses.v2"

_ORG = (
    rf"Đảng bộ(?:\s+(?:(?P<kw>[Tt]hành phố|TP\.?|[Tt]hị xã|TX\.?|[Qq]uận|[Hh]uyện|[Tt]ỉnh)"
    rf"(?:\s+(?P<name>{_CAPSEQ}))?|(?P<bare>{_CAPSEQ})))?"
)
_TERM = r"(?:,|\s)*(?:\(?\s*nhiệm kỳ\s+(?P<t1>(?:19|20)\d\d)\s*[-–—]\s*(?P<t2>(?:19|20)\d\d))?"
CONGRESS = re.compile(
    r"Đại hội\s+(?:đại biểu\s+)?(?:lần thứ\s+(?P<ord1>" + ORDINAL + r")\s+)?" + _ORG
    + r"(?:\s*,?\s*(?:lần thứ|khóa|khoá)\s+(?P<ord2>" + ORDINAL + r")(?![^\W\d_]))?" + _TERM
)
BCH_TERM = re.compile(
    r"Ban [Cc]hấp hành\s+" + _ORG + r"(?:\s*,?\s*lần thứ\s+\d+)?\s*,?\s*(?:khóa|khoá)\s+(?P<ord2>"
    + ORDINAL + r")(?![^\W\d_])" + _TERM
)
NATIONAL = re.compile(
    r"Đại hội\s+(?:đại biểu\s+)?(?:toàn quốc\s+)?lần thứ\s+(?P<ord1>" + ORDINAL + r")\s+của\s+Đảng"
    + _TERM
)


@dataclass
class _Mention:
    org: str
    locality: str | None
    ordinal: int | None
    t1: int | None
    t2: int | None
    start: int
    end: int


def _dominant(doc: Doc, kind: str | None) -> str | None:
    """The locality of this kind the text names most often (for "Đảng bộ Thành phố")."""
    from .localities import extract as localities

    locs = doc._cache.get("localities")
    if locs is None:
        locs = doc._cache["localities"] = localities(doc)
    counts: Counter = Counter()
    for loc in locs:
        if kind is None and loc.kind == "tỉnh":
            continue
        if kind is None or loc.kind == kind:
            counts[loc.name] += doc.text.count(loc.name)
    return counts.most_common(1)[0][0] if counts else None


def _nearest(doc: Doc, pos: int, kind: str | None) -> str | None:
    """The named locality of this kind closest to ``pos`` within the same paragraph."""
    para_start = doc.text.rfind("\n\n", 0, pos) + 1
    para_end = doc.text.find("\n\n", pos)
    para_end = len(doc.text) if para_end < 0 else para_end
    _dominant(doc, kind)
    best: tuple[int, str] | None = None
    before: tuple[int, str] | None = None
    for loc in doc._cache["localities"]:
        if (kind is None and loc.kind == "tỉnh") or (kind is not None and loc.kind != kind):
            continue
        for m in re.finditer(re.escape(loc.name), doc.text[para_start:para_end]):
            dist = abs(para_start + m.start() - pos)
            if best is None or dist < best[0]:
                best = (dist, loc.name)
        for m in re.finditer(re.escape(loc.name), doc.text[:pos]):
            if before is None or m.start() > before[0]:
                before = (m.start(), loc.name)
    if best:
        return best[1]
    return before[1] if before else None


def _mention(doc: Doc, m: re.Match[str]) -> _Mention | None:
    ords = [m.groupdict().get(g) for g in ("ord1", "ord2")]
    ordinal = None
    for o in ords:
        if o:
            try:
                ordinal = parse_ordinal(o)
            except ValueError:
                return None
    kw, name, bare = (m.groupdict().get(g) for g in ("kw", "name", "bare"))
    kind = _kind_of(kw) if kw else None
    locality: str | None = None
    org_end = m.end()
    if name or bare:
        hit = _resolve(doc, name or bare, kind)
        if hit:
            locality = hit[0]
            org_end = (m.start("name") if name else m.start("bare")) + len(hit[0])
        elif bare:
            org_end = m.start("bare")
    if locality is None:
        org_end = m.end("kw") if kw else m.start() + m.group(0).find("Đảng bộ") + len("Đảng bộ")
        locality = _nearest(doc, m.start(), kind) or _dominant(doc, kind)
    org_start = doc.text.find("Đảng bộ", m.start())
    org = doc.text[org_start:org_end].strip(" ,")
    if org_start < 0:
        org = "Đảng Cộng sản Việt Nam"
    t1 = int(m.group("t1")) if m.group("t1") else None
    t2 = int(m.group("t2")) if m.group("t2") else None
    return _Mention(org, locality, ordinal, t1, t2, m.start(), m.end())


def extract(doc: Doc) -> tuple[Congress, ...]:
    mentions: list[_Mention] = []
    for rx in (CONGRESS, BCH_TERM):
        for m in rx.finditer(doc.text):
            if rx is CONGRESS and not (m.group("ord1") or m.group("ord2") or m.group("t1")):
                continue
            men = _mention(doc, m)
            if men:
                mentions.append(men)
    for m in NATIONAL.finditer(doc.text):
        t1 = int(m.group("t1")) if m.group("t1") else None
        t2 = int(m.group("t2")) if m.group("t2") else None
        mentions.append(_Mention("Đảng Cộng sản Việt Nam", None, parse_ordinal(m.group("ord1")),
                                 t1, t2, m.start(), m.end()))
    items: dict[tuple[str | None, int], dict] = {}
    for men in sorted(mentions, key=lambda x: x.ordinal is None):
        if men.ordinal is None:
            # a term-only mention joins the congress of the same locality, if any
            for (loc, _), item in items.items():
                if loc == men.locality and item["t1"] is None and men.t1:
                    item["t1"], item["t2"] = men.t1, men.t2
            continue
        k = (men.locality, men.ordinal)
        item = items.get(k)
        if item is None:
            items[k] = {"org": men.org, "t1": men.t1, "t2": men.t2, "ev": doc.evidence(men.start, men.end)}
            continue
        if len(men.org) > len(item["org"]):
            item["org"] = men.org
        if item["t1"] is None and men.t1:
            item["t1"], item["t2"] = men.t1, men.t2
            item["ev"] = doc.evidence(men.start, men.end)
    return tuple(
        Congress(v["org"], loc, ordinal, v["t1"], v["t2"], v["ev"]) for (loc, ordinal), v in items.items()
    )

