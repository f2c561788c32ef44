"""Party congresses: "Đại hội (đại biểu) Đảng bộ X lần thứ XIX, nhiệm kỳ 2020-2025",
"Ban Chấp hành (BCH) Đảng bộ X khóa XXIII" (the BCH of term N is elected by congress N),
"Đại hội XIV của Đảng". Plenums, Quốc hội/HĐND terms and mass-organisation congresses are
not congresses. An unnamed "Đảng bộ Thành phố" is resolved from context: a unit of that
kind in the same sentence, else the headline's, else the paragraph's most frequent, else
the nearest before (named more than once if any), else the text's most frequent."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from schemas.records import Congress

from .doc import Doc
from .localities import _CAPSEQ, _kind_of, _resolve
from .localities import extract as localities
from .numbers import ORDINAL, parse_ordinal

NAME = "congresses"
VERSION = "congresses.v13"

_KW = r"[Tt]hành phố|TP\.?|[Tt]hị xã|TX\.?|[Qq]uận|[Hh]uyện|[Tt]ỉnh|[Xx]ã|[Pp]hường|[Tt]hị trấn"
# "Đảng bộ Quân sự tỉnh X", "Đảng bộ Công an tỉnh X": the province's army and police party committees
_SPECIAL = (r"(?:\s+(?:Quân sự|Công an|Bộ đội Biên phòng|các cơ quan Đảng|Khối các cơ quan|các cơ quan"
            r"|Ủy ban nhân dân|Uỷ ban nhân dân|UBND))?")
_ORG = (rf"Đảng bộ{_SPECIAL}(?:\s+(?:(?P<kw>{_KW})(?:\s+(?P<name>{_CAPSEQ})(?P<num>\s\d{{1,2}}(?!\d))?)?"
        rf"|(?P<bare>Trung ương|{_CAPSEQ})))?")
_TERM = r"(?:,|\s)*(?:\(?\s*nhiệm kỳ\s+(?P<t1>(?:19|20)\d\d)\s*[-–—]\s*(?P<t2>(?:19|20)\d\d))?"
CONGRESS = re.compile(
    r"Đại hội\s+(?:đại biểu\s+)?(?:lần thứ\s+(?P<ord1>" + ORDINAL + r")\s+)?" + _ORG
    + r"(?:\s*,?\s*(?:lần thứ|khóa|khoá)\s+(?P<ord2>" + ORDINAL + r")(?![^\W\d_]))?" + _TERM
)
BCH_TERM = re.compile(
    r"(?:Ban [Cc]hấp hành|BCH)\s+" + _ORG + r"(?:\s*\([^()]{1,40}\)|\s*,\s*(?:tỉnh|thành phố)\s+" + _CAPSEQ + r")?"
    r"(?:\s+(?:tổ chức|tiến hành|họp)\s+[Hh]ội nghị)?(?:\s*,?\s*lần thứ\s+\d+)?\s*,?\s*\(?\s*(?:khóa|khoá)\s+(?P<ord2>"
    + ORDINAL + r")(?![^\W\d_])" + _TERM
)
# "Đảng bộ xã X (tỉnh Y) tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025 - 2030", "… sẽ tổ chức Đại hội …"
ORG_FIRST = re.compile(
    _ORG + r"(?:\s*\([^)]{0,40}\)|\s*,\s*(?:tỉnh|thành phố)\s+" + _CAPSEQ + r")?"
    r"\s+(?:(?:đã|sẽ|vừa|dự kiến|chính thức|long trọng|trọng thể)\s+)*"
    r"(?:tổ chức|tiến hành|khai mạc|bế mạc)(?:\s+phiên(?:\s+trù bị|\s+chính thức)?(?:\s+của)?)?\s+Đại hội(?:\s+đại biểu)?"
    r"\s+lần thứ\s+(?P<ord2>" + ORDINAL + r")(?![^\W\d_])" + _TERM
)
# "Nghị quyết Đại hội lần thứ XXIV, nhiệm kỳ 2015 - 2020, Đảng bộ huyện Lục Ngạn …": the organisation after the term
ORG_AFTER = re.compile(
    r"Đại hội\s+(?:đại biểu\s+)?lần thứ\s+(?P<ord1>" + ORDINAL + r")(?![^\W\d_])" + _TERM + r"\s*,\s*" + _ORG
)
# "Ban Thường vụ Thành ủy Cần Thơ khóa XIV": the committee of term N was elected by congress N
ORGAN_TERM = re.compile(
    r"(?:Ban [Cc]hấp hành|BCH|Ban Thường vụ|BTV)\s+(?P<kw>(?:Tỉnh|Thành|Huyện|Thị|Quận) [uủ]ỷ?y?)"
    rf"(?:\s+(?P<name>{_CAPSEQ}))?\s*,?\s*(?:khóa|khoá)\s+(?P<ord2>" + ORDINAL + r")(?![^\W\d_])" + _TERM
)
# "Bí thư Tỉnh ủy Hà Giang khóa XVII, nhiệm kỳ 2020 - 2025": the term names the congress that elected it
SECRETARY_TERM = re.compile(
    r"(?:Phó\s+)?Bí thư(?:\s+Thường trực)?\s+(?P<kw>(?:Tỉnh|Thành|Huyện|Thị|Quận) [uủ]ỷ?y?)"
    rf"(?:\s+(?P<name>{_CAPSEQ}))?\s*,?\s*(?:khóa|khoá)\s+(?P<ord2>" + ORDINAL + r")(?![^\W\d_])"
    # the term; without it the committee must be named ("Bí thư Tỉnh ủy Quảng Ngãi khóa XV")
    r"(?:(?:,|\s)*\(?\s*nhiệm kỳ\s+(?P<t1>(?:19|20)\d\d)\s*[-–—]\s*(?P<t2>(?:19|20)\d\d))?"
)
# "Bí thư Đảng ủy xã Mèo Vạc khóa I, nhiệm kỳ 2025 - 2030": a commune's party committee since 2025
COMMUNE_TERM = re.compile(
    r"(?:Ban [Cc]hấp hành|BCH|Ban Thường vụ|BTV|(?:Phó\s+)?Bí thư(?:\s+Thường trực)?)\s+Đảng [uủ]ỷ?y?\s+"
    rf"(?P<kw>xã|phường|thị trấn)\s+(?P<name>{_CAPSEQ})\s*,?\s*(?:khóa|khoá)\s+(?P<ord2>" + ORDINAL + r")(?![^\W\d_])"
    r"(?:,|\s)*\(?\s*nhiệm kỳ\s+(?P<t1>(?:19|20)\d\d)\s*[-–—]\s*(?P<t2>(?:19|20)\d\d)"
)
# "Tỉnh ủy viên khóa V, nhiệm kỳ 1991 - 1996": a member of the committee that congress V elected
MEMBER_TERM = re.compile(
    r"(?P<kw>(?:Tỉnh|Thành|Huyện|Thị|Quận) [uủ]ỷ?y?) viên\s*,?\s*(?:khóa|khoá)\s+(?P<ord2>" + ORDINAL + r")(?![^\W\d_])"
    r"(?:,|\s)*\(?\s*nhiệm kỳ\s+(?P<t1>(?:19|20)\d\d)\s*[-–—]\s*(?P<t2>(?:19|20)\d\d)"
)
# "Nghị quyết Đại hội lần thứ XXIII", "thực hiện Nghị quyết Đại hội đại biểu lần thứ XIV": the
# resolution of an earlier congress of the party committee the story is about
RESOLUTION = re.compile(
    r"Nghị quyết Đại hội(?:\s+đại biểu)?\s+lần thứ\s+(?P<ord1>" + ORDINAL + r")(?![^\W\d_])(?!\s*,?\s*(?:nhiệm kỳ[^,.;]*,\s*)?(?:Đảng bộ|của Đảng))"
    + _TERM
)
NATIONAL = re.compile(
    r"Đại hội\s+(?:đại biểu\s+)?(?:toàn quốc\s+)?(?:lần thứ\s+)?(?P<ord1>[IVXL]+|\d{1,2})\s+(?:của\s+)?Đảng"
    r"(?!\s*bộ)(?: Cộng sản Việt Nam)?" + _TERM
)
_COMMUNE_KINDS = ("xã", "phường", "thị trấn")
_COMMUNE = re.compile(rf"(?<![^\W\d_])(?P<kw>xã|phường|thị trấn|Xã|Phường|Thị trấn)\s+(?P<name>{_CAPSEQ})")


@dataclass
class _Mention:
    org: str
    locality: str | None
    ordinal: int | None
    t1: int | None
    t2: int | None
    start: int
    end: int
    named: bool = True     # False: the locality was resolved from context


def _kind(kw: str | None) -> str | None:
    if not kw:
        return None
    low = kw.lower()
    return low if low in _COMMUNE_KINDS else _kind_of(kw)


def _units(doc: Doc, kind: str | None) -> list[tuple[int, str]]:
    """(position, name) of every mention of a unit of this kind (communes from the text)."""
    cache = doc._cache.setdefault("congress_units", {})
    if kind in cache:
        return cache[kind]
    out: list[tuple[int, str]] = []
    if kind in _COMMUNE_KINDS:
        for m in _COMMUNE.finditer(doc.text):
            if m.group("kw").lower() == kind:
                out.append((m.start("name"), m.group("name")))
    else:
        locs = doc._cache.get("localities")
        if locs is None:
            locs = doc._cache["localities"] = localities(doc)
        for loc in locs:
            if (kind is None and loc.kind == "tỉnh") or (kind is not None and loc.kind != kind):
                continue
            out += [(m.start(), loc.name) for m in re.finditer(re.escape(loc.name), doc.text)]
    cache[kind] = sorted(out)
    return cache[kind]


def _locate(doc: Doc, pos: int, kind: str | None) -> str | None:
    units = _units(doc, kind) or (_units(doc, "tỉnh") if kind is None else [])
    if not units:
        return None
    counts = Counter(n for _, n in units)
    sent = next((s for s in doc.sentences if s.start <= pos < s.end), None)
    if sent:
        # a unit named once in passing ("kết nối huyện Tân Sơn") is rarely the congress's own
        same = [(abs(p - pos), n) for p, n in units if sent.start <= p < sent.end and counts[n] > 1]
        if same:
            return min(same)[1]
    first = doc.sentences[0] if doc.sentences else None
    if first is not None and "\n" in doc.text[first.end:first.end + 3]:
        head = [n for p, n in units if p < first.end]
        if head:
            return head[0]
    para_start = doc.text.rfind("\n\n", 0, pos) + 1
    para_end = doc.text.find("\n\n", pos)
    para_end = len(doc.text) if para_end < 0 else para_end
    in_para = {n for p, n in units if para_start <= p < para_end}
    if in_para:
        return max(in_para, key=lambda n: (counts[n], -min(abs(p - pos) for p, m in units if m == n)))
    before = [n for p, n in units if p < pos]
    if before:   # the nearest before, passing mentions ("một phần xã Thân Thuộc") last
        return next((n for n in reversed(before) if counts[n] > 1), before[-1])
    return counts.most_common(1)[0][0]


def _terms(m: re.Match[str]) -> tuple[int | None, int | None]:
    return (int(m.group("t1")) if m.group("t1") else None, int(m.group("t2")) if m.group("t2") else None)


def _mention(doc: Doc, m: re.Match[str]) -> _Mention | None:
    ordinal = None
    for g in ("ord1", "ord2"):
        if m.groupdict().get(g):
            try:
                ordinal = parse_ordinal(m.group(g))
            except ValueError:
                return None
    kw, name, bare = (m.groupdict().get(g) for g in ("kw", "name", "bare"))
    kind = _kind(kw)
    org_start = m.start() + m.group(0).find("Đảng bộ")
    locality = None
    if name or bare:
        if kind in _COMMUNE_KINDS:
            locality, org_end = name, m.end("name")
            if m.groupdict().get("num"):  # "phường Hà Giang 1"
                locality, org_end = name + m.group("num"), m.end("num")
        else:
            hit = _resolve(doc, name or bare, kind)
            if hit:
                locality = hit[0]
                org_end = (m.start("name") if name else m.start("bare")) + len(hit[0])
            elif bare and doc.text.startswith("Trung ương", m.start("bare")):
                # "Đảng bộ Công an Trung ương": a central party committee, no locality
                org = doc.text[org_start:m.start("bare") + len("Trung ương")]
                return _Mention(org, None, ordinal, *_terms(m), m.start(), m.end())
            elif bare == "Khối":
                # "Ban Chấp hành Đảng bộ Khối khóa XIV": the agencies' committee named in full elsewhere
                return _Mention("Đảng bộ Khối", None, ordinal, *_terms(m), m.start(), m.end(), named=False)
            elif bare:
                return None  # "Đảng bộ Quân sự tỉnh", "Đảng bộ Khối …": not a territorial party committee
    named = locality is not None
    if locality is None:
        org_end = m.end("kw") if kw else org_start + len("Đảng bộ")
        locality = _locate(doc, m.start(), kind)
    t1, t2 = _terms(m)
    if "Đảng bộ" in m.group(0):
        org = doc.text[org_start:org_end].strip(" ,")
    else:  # "Ban Thường vụ Thành ủy Cần Thơ": name the party committee it belongs to
        org = " ".join(x for x in ("Đảng bộ", kind, locality) if x)
    return _Mention(org, locality, ordinal, t1, t2, m.start(), m.end(), named)


def extract(doc: Doc) -> tuple[Congress, ...]:
    mentions: list[_Mention] = []
    for rx in (CONGRESS, BCH_TERM, ORG_FIRST, ORG_AFTER, ORGAN_TERM, SECRETARY_TERM, COMMUNE_TERM, MEMBER_TERM, RESOLUTION):
        for m in rx.finditer(doc.text):
            if rx is CONGRESS and not (m.group("ord1") or m.group("ord2") or m.group("t1")):
                continue
            if rx is SECRETARY_TERM and not (m.group("name") or m.group("t1")):
                continue
            men = _mention(doc, m)
            if men:
                mentions.append(men)
    for m in NATIONAL.finditer(doc.text):
        try:
            ordinal = parse_ordinal(m.group("ord1"))
        except ValueError:
            continue
        t1 = int(m.group("t1")) if m.group("t1") else None
        t2 = int(m.group("t2")) if m.group("t2") else None
        mentions.append(_Mention("Đảng Cộng sản Việt Nam", None, ordinal, t1, t2, m.start(), m.end()))
    # "Đảng bộ xã X sẽ tổ chức Đại hội lần thứ I": the inner "Đại hội lần thứ I" is the same congress
    named = [x for x in mentions if x.named]
    mentions = [x for x in mentions if x.named or not any(y.start <= x.start < y.end for y in named)]
    # "Ban Chấp hành Đảng bộ (phường) khóa I" in a story about the congress of "Đảng bộ phường X, lần
    # thứ I": an unnamed party committee with the ordinal of exactly one named one is that one
    own = {(x.locality, x.org) for x in named if x.locality}
    for men in mentions:
        if not men.named and men.ordinal is not None:
            same = {(x.locality, x.org) for x in named if x.ordinal == men.ordinal and x.org.startswith(men.org)}
            if len(same) == 1:
                men.locality, men.org = next(iter(same))
            elif men.org == "Đảng bộ Khối" and len({y for y in own if y[1].startswith(men.org + " ")}) == 1:
                men.locality, men.org = next(y for y in own if y[1].startswith(men.org + " "))
            elif men.org == "Đảng bộ" and len(own) == 1:
                # "Nghị quyết Đại hội lần thứ XXIII" in a story about one party committee: its own
                men.locality, men.org = next(iter(own))
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
