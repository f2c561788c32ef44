"""Localities: the provinces and district-level units an article names, resolved against
the gazetteer (kind word + name, party/state organ + name, "(tỉnh X)" asides)."""
from __future__ import annotations

import re
from collections import Counter

from schemas.records import Locality

from .doc import Doc
from .gazetteer import Unit
from .text import CAP, key, read_lines

NAME = "localities"
VERSION = "localities.v7"

_CAP = rf"(?:{CAP}[^\W\d_]*(?:'[^\W\d_]+)?)"
_CAPSEQ = rf"{_CAP}(?:(?:[ \-]| - ){_CAP}){{0,3}}"
_KIND_WORD = {
    "thành phố": "thành phố", "tp": "thành phố", "tp.": "thành phố", "thị xã": "thị xã",
    "tx": "thị xã", "tx.": "thị xã", "quận": "quận", "huyện": "huyện", "tỉnh": "tỉnh",
    "tỉnh ủy": "tỉnh", "tỉnh uỷ": "tỉnh", "thành ủy": "thành phố", "thành uỷ": "thành phố",
    "huyện ủy": "huyện", "huyện uỷ": "huyện", "thị ủy": "thị xã", "thị uỷ": "thị xã",
    "quận ủy": "quận", "quận uỷ": "quận", "đảng bộ": None,
}
PATTERN = re.compile(
    r"(?<![^\W\d_])(?P<kw>[Tt]hành phố|T[Pp]\.?|[Tt]hị xã|TX\.?|[Qq]uận|[Hh]uyện|[Tt]ỉnh"
    r"|(?:Tỉnh|Thành|Huyện|Thị|Quận) [uủ]ỷ?y?|Đảng bộ)"
    r"(?:\s+(?:đảo|vùng sâu|vùng xa|vùng sâu, vùng xa|đặc biệt khó khăn|vùng cao|vùng thấp|miền núi|núi đá|biên giới|ven biển|nghèo|phía (?:Bắc|Nam|Đông|Tây)))*"
    rf"(?:\s*|\.)(?P<name>{_CAPSEQ})"
)
LIST_NEXT = re.compile(rf"(?:,\s*|\s+và\s+)(?P<name>{_CAPSEQ})")
ASIDE = re.compile(rf"\((?P<name>{_CAPSEQ})\)")
HEADLINE = re.compile(rf"^(?P<name>{_CAPSEQ}):")
AT_PLACE = re.compile(rf"(?<![^\W\d_])(?:tại|ở|về|đến|tới)[ \u00a0]+(?P<name>{_CAPSEQ})(?![^\W\d_]|[ \u00a0]+{CAP})")
TPHCM = re.compile(r"TP\.? ?HCM|TP\.? ?Hồ Chí Minh")
# "cao tốc Thành phố Hồ Chí Minh - Mộc Bài", "tuyến TP Hải Phòng – Hà Nội": a route's end, not a place of the story
ROUTE_BEFORE = re.compile(r"(?<![^\W\d_])(?:cao tốc|quốc lộ|tỉnh lộ|tuyến(?: đường)?(?: sắt)?|đường(?: sắt| bộ)?(?: cao tốc)?)\s+$",
                          re.I)
ROUTE_AFTER = re.compile(rf"\s*[-–—]\s*{CAP}")


def _kind_of(kw: str) -> str | None:
    k = re.sub(r"\s+", " ", kw.lower()).replace("uỷ", "ủy")
    if k.endswith(" uy"):
        k = k[:-3] + " ủy"
    return _KIND_WORD.get(k, _KIND_WORD.get(k.rstrip(".")))


def _resolve(doc: Doc, name: str, kind: str | None) -> tuple[str, Unit] | None:
    """Longest prefix of ``name`` (in words) that the gazetteer knows with this kind."""
    words = re.split(r"(?<=\S)(?=[ \-])", name)
    for n in range(len(words), 0, -1):
        cand = "".join(words[:n]).strip()
        if cand.endswith("-"):
            continue   # "Thành phố Hồ Chí Minh - Mộc Bài": the dash joins two places
        units = doc.res.gazetteer.lookup(cand, kind)
        if units:
            return cand, _prefer(doc, units, kind)
    return None


def _prefer(doc: Doc, units: tuple[Unit, ...], kind: str | None) -> Unit:
    if len(units) == 1:
        return units[0]
    if kind is None:  # "Đảng bộ X": prefer the district-level unit of that name
        districts = [u for u in units if u.level == 2]
        units = tuple(districts) or units
    mentioned = doc._cache.setdefault("province_mentions", _province_mentions(doc))
    return max(units, key=lambda u: (mentioned.get(u.province, 0), -units.index(u)))


def _province_mentions(doc: Doc) -> Counter:
    counts: Counter = Counter()
    for m in re.finditer(rf"[Tt]ỉnh\s+({_CAPSEQ})", doc.text):
        for u in doc.res.gazetteer.lookup(m.group(1)):
            if u.level == 1:
                counts[u.province] += 1
    return counts


def extract(doc: Doc) -> tuple[Locality, ...]:
    found: dict[tuple[str, str], Locality] = {}

    foreign = doc.res.compiled.get("foreign_aside")
    if foreign is None:
        countries = "|".join(re.escape(c) for c in read_lines("countries.txt"))
        foreign = doc.res.compiled["foreign_aside"] = re.compile(rf"\s*\((?:{countries})\)")

    def add(name: str, unit: Unit, start: int, end: int) -> None:
        if foreign.match(doc.text, end):
            return   # "huyện Giang Thành (Trung Quốc)": a foreign namesake
        if ROUTE_AFTER.match(doc.text, end) and ROUTE_BEFORE.search(doc.text, max(0, start - 30), start):
            return
        k = (key(name), unit.kind)
        if k not in found:  # the name as written ("Đăk Glei"), the kind and province from the gazetteer
            found[k] = Locality(name, unit.kind, unit.province, doc.evidence(start, end))

    for m in TPHCM.finditer(doc.text):
        for u in doc.res.gazetteer.lookup("Hồ Chí Minh"):
            add("Hồ Chí Minh", u, m.start(), m.end())
    for m in PATTERN.finditer(doc.text):
        kind = _kind_of(m.group("kw"))
        hit = _resolve(doc, m.group("name"), kind)
        if hit:
            name, unit = hit
            add(name, unit, m.start(), m.start("name") + len(name))
            if kind is not None:  # "các huyện Đồng Văn, Mèo Vạc và Quản Bạ"
                pos = m.start("name") + len(name)
                while True:
                    nxt = LIST_NEXT.match(doc.text, pos)
                    more = nxt and _resolve(doc, nxt.group("name"), kind)
                    if not more or len(more[0]) < 2:
                        break
                    add(more[0], more[1], nxt.start("name"), nxt.start("name") + len(more[0]))
                    pos = nxt.start("name") + len(more[0])
    for rx in (ASIDE, HEADLINE, AT_PLACE):
        for m in rx.finditer(doc.text):
            units = [u for u in doc.res.gazetteer.lookup(m.group("name")) if u.level == 1]
            if units:
                add(m.group("name"), units[0], m.start("name"), m.end("name"))
    result = tuple(found.values())
    doc._cache["localities"] = result  # congresses resolve "Đảng bộ Thành phố" against these
    return result
