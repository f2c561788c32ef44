"""Numeric targets and results: percentages, money, physical measures and X/Y achievements
with a counted noun. Dates, years, ordinals, document and phone numbers, addresses and
award counts are not targets."""
from __future__ import annotations

import re

from schemas.records import Target

from .doc import Doc
from .numbers import NUMBER, parse_number
from .text import read_lines

NAME = "targets"
VERSION = "targets.v8"

_NUM = rf"(?:{NUMBER})"
_TIME_NOUNS = ("nhiệm kỳ", "năm", "tháng", "ngày", "quý", "tuần", "giờ", "phút", "kỳ")
_NOT_AFTER = re.compile(r"^(?:-|/)?\s*(?:NQ|QĐ|CT|KH|TB|UBND|TU|HU|ĐU|BCĐ|BTV|NĐ|TT|BC)\b")
_BEFORE_BAD = re.compile(
    r"(?:đường|Đường|phố|ngày|Ngày|tháng|năm|lần thứ|khóa|khoá|tổ|Tổ|khu|quốc lộ|Quốc lộ|tỉnh lộ|"
    r"QL|ĐT|điện thoại|SĐT|ĐT:|Hotline|Fax|cầu|hạng|thứ|mức độ|Hội nghị)\s*:?\s*$"
)
_STOP_NOUN = {
    "đạt", "vượt", "và", "trong", "của", "với", "so", "trên", "là", "được", "đã", "tăng", "giảm",
    "hoàn", "còn", "theo", "tại", "từ", "đến", "cho", "có", "các", "những", "thực", "bằng", "về",
}


class _Units:
    def __init__(self, doc: Doc) -> None:
        rows = sorted(doc.res.units, key=lambda r: len(r[0]), reverse=True)
        not_money = "|".join(read_lines("not_money_after.txt"))
        self.pattern = re.compile(
            r"\s?(" + "|".join(re.escape(r[0]) for r in rows) + r")(?![^\W\d_²³])"
            rf"(?!\s+(?:{not_money})(?![^\W\d_]))"
        )
        self.norm = {r[0]: (r[1], r[2]) for r in rows}
        self.factor = {r[0]: r[3] for r in rows}
        self.static = re.compile(r"(?:" + "|".join(read_lines("target_context.txt")) + r")\s*$", re.I)


def _per_suffix(text: str, pos: int) -> tuple[str, int]:
    m = re.match(r"(?:/(?:người|hộ|tháng|năm|ha|lao động|người/năm|người/tháng|hộ/năm|ha/năm)(?![^\W\d_]))+",
                 text[pos:])
    return (m.group(0), pos + m.end()) if m else ("", pos)


def _noun_after(text: str, pos: int) -> tuple[str, int]:
    m = re.match(r"\s+((?:[^\W\d_]+)(?:\s+[^\W\d_]+){0,3})", text[pos:])
    if not m:
        return "", pos
    words = []
    end = pos
    for w in re.finditer(r"[^\W\d_]+", text[pos:pos + m.end()]):
        if w.group(0) in _STOP_NOUN or w.group(0)[0].isupper() or len(words) >= 2:
            break
        words.append(w.group(0))
        end = pos + w.end()
    return " ".join(words), end


def _indicator(text: str, start: int, sent_start: int) -> str:
    before = text[sent_start:start]
    before = re.split(r"[;:(]|,\s", before)[-1]
    words = re.findall(r"[^\W\d_]+", before)
    while words and words[-1] in _STOP_NOUN | {"hơn", "gần", "khoảng", "mới", "bình", "quân", "xuống", "lên"}:
        words.pop()
    return " ".join(words[-6:])


def extract(doc: Doc) -> tuple[Target, ...]:
    units = doc.res.compiled.get("units")
    if units is None:
        units = doc.res.compiled["units"] = _Units(doc)
    out: list[Target] = []
    taken: list[tuple[int, int]] = []
    for sent in doc.sentences:
        s = sent.text
        base = sent.start
        # "12,8%", "355/500 đảng viên", "7,5-8%", "từ 60 đến 80 triệu đồng"
        for m in re.finditer(rf"(?<![\d.,/])({_NUM})(?:\s*/\s*({_NUM})|(?:\s*[-–]\s*|\s+(?:đến|tới)\s+)({_NUM}))?(?![\d/])",
                             s):
            a, b = m.start(), m.end()
            if any(ta <= base + a < tb for ta, tb in taken):
                continue
            before = s[:a]
            if _BEFORE_BAD.search(before) or re.search(r"\d[/.-]$", before):
                continue
            if _NOT_AFTER.match(s[b:]) or re.match(r"[/.-]\d", s[b:]) or units.static.search(before):
                continue
            if m.group(3):  # a range "7,5-8%": both ends are items when a unit follows
                um = units.pattern.match(s, b)
                if um and not _static_measure(s, before, um.end(), units.norm[um.group(1)][0]):
                    unit, factor = units.norm[um.group(1)][0], units.factor[um.group(1)]
                    for g, (ga, gb) in ((1, m.span(1)), (3, m.span(3))):
                        ev = doc.evidence(base + ga, base + (um.end() if g == 3 else gb))
                        taken.append((ev.start, ev.end))
                        out.append(Target(_indicator(s, a, 0), parse_number(m.group(g)) * factor, unit, None, ev))
                continue
            x = parse_number(m.group(1))
            y = parse_number(m.group(2)) if m.group(2) else None
            um = units.pattern.match(s, b)
            unit = None
            end = b
            if um:
                surface = um.group(1)
                unit, kind = units.norm[surface]
                end = um.end()
                if _static_measure(s, before, end, unit):
                    continue
                if x == 1 and y is None and unit in ("ha", "m²", "km²") and _PER_ONE.search(before):
                    continue   # "thu được trên 1 ha đất canh tác": the unit of a rate, not a quantity
                x *= units.factor[surface]
                y = y * units.factor[surface] if y is not None else None
                if kind == "money":
                    # "7.579 tỷ 802 triệu (đồng)"
                    mm = re.match(rf"\s+({_NUM})\s+triệu(?:\s+đồng)?(?![^\W\d_])", s[end:])
                    if unit == "tỷ đồng" and mm:
                        x += parse_number(mm.group(1)) / 1000
                        end += mm.end()
                    suffix, end = _per_suffix(s, end)
                    unit += suffix
                elif kind == "pct":
                    _, end = _per_suffix(s, end)
            elif y is not None:
                noun, end = _noun_after(s, b)
                if not noun or noun.startswith(_TIME_NOUNS):
                    continue
                if x.is_integer() and y.is_integer() and y <= 12 and x <= 31 and not noun:
                    continue
                unit = noun
            elif rate := _RATE.match(s, b):   # "bình quân đạt 17,6 tiêu chí/xã", "4,5 bác sĩ/vạn dân"
                if rate.group(1).startswith(_TIME_NOUNS):
                    continue
                unit, end = f"{rate.group(1)}/{rate.group(2)}", rate.end()
            else:
                continue
            if unit is None:
                continue
            ev = doc.evidence(base + a, base + end)
            taken.append((ev.start, ev.end))
            out.append(Target(_indicator(s, a, 0), x, unit, y, ev))
    return tuple(_drop_headline_repeats(doc, out))


# a counted noun per unit right after the number: a rate ("tiêu chí/xã", "giường bệnh/vạn dân")
_RATE = re.compile(r"\s+([^\W\d_A-ZĐ][^\W\d_]*(?: [^\W\d_A-ZĐ][^\W\d_]*)?)/([^\W\d_]+(?: [^\W\d_]+)?)(?![^\W\d_])")
_STATIC_AFTER = re.compile(r"\s*(?:dân số(?!\s+(?:được|đã|có|tham gia|sử dụng|đạt))|đường biên giới"
                           r"|diện tích tự nhiên|/h(?![^\W\d_])"       # "/h": a speed limit, "30 km/h"
                           r"|(?:\s+(?:đã|bị|nay|hiện))*\s+(?:xuống cấp|hư hỏng))")   # an existing road's state
_STATIC_BEFORE = re.compile(r"(?:đồng bào[^.;,\d]{0,30}chiếm(?: khoảng| hơn| gần| trên)?\s*|(?:biên giới|bờ biển)[^.;,]{0,40}dài|sóng(?: biển)?(?: cao)?|gió(?: mạnh)?)"
                            r"(?: khoảng| hơn| gần| trên| từ)?\s*$")


_REACHED = re.compile(r"(?<![^\W\d_])(?:đạt|bao phủ|lên)(?: khoảng| trên| hơn| gần)?\s*$")
_MEMBERS = re.compile(r"(?<![^\W\d_])(?:đảng viên|hội viên|đoàn viên|cán bộ|học sinh|lao động)(?![^\W\d_])")
# "cách thành phố Sóc Trăng khoảng 30 km": the distance between two places
_DISTANCE = re.compile(r"(?<![^\W\d_])(?<!cải )(?<!một )cách\s+[^.;\d]{0,50}$")


_PER_ONE = re.compile(r"(?<![^\W\d_])(?:trên|mỗi|cho|bình quân)\s*$")
# the length or width of a road as it is ("tuyến đường hiện hữu dài khoảng 2,8 km", "mặt đường chỉ
# rộng 3 m", "Quốc lộ 18 … dài khoảng 300 km vẫn đang chịu áp lực"), not a planned or built one
_DIMENSION = re.compile(r"(?<![^\W\d_])(?:dài|rộng)(?: khoảng| hơn| gần| trên| chưa đến| chừng)?\s*$")
_EXISTING_BEFORE = re.compile(r"(?<![^\W\d_])(?:hiện hữu|hiện có|hiện nay|hiện tại|duy nhất|chỉ (?:dài|rộng))(?![^\W\d_])")
_EXISTING_AFTER = re.compile(r"[^.;]{0,12}?(?:được xây dựng từ|xây dựng từ năm|được đầu tư từ|đã xuống cấp|xuống cấp|nhiều đoạn|"
                             r"vẫn đang|thường xuyên|lún|nứt)")


def _static_measure(sentence: str, before: str, end: int, unit: str) -> bool:
    """A static description, not a target: "chiếm 53% dân số", "có 52,5 km đường biên giới",
    "tỉnh có diện tích hơn 24.233 km²", "sóng biển cao 2 - 3 m", "cách trung tâm tỉnh 30 km",
    "tuyến đường hiện hữu dài khoảng 2,8 km"."""
    after = _STATIC_AFTER.match(sentence, end)
    if after and after.group(0).lstrip().startswith("dân số") and _REACHED.search(before):
        after = None      # "tỷ lệ tham gia bảo hiểm y tế đạt 95,1% dân số": a coverage rate, a result
    static_before = _STATIC_BEFORE.search(before)
    if static_before and _MEMBERS.search(before[max(0, static_before.start() - 60):static_before.start()]):
        static_before = None   # "đảng viên là người đồng bào dân tộc thiểu số chiếm 24,4%": of the members
    if after or static_before:
        return True
    if unit in ("km", "m") and _DISTANCE.search(before):
        return True
    if unit in ("km", "m") and _DIMENSION.search(before):
        clause = before[max(before.rfind(";"), len(before) - 160) + 1:]
        if _EXISTING_BEFORE.search(clause) or _EXISTING_AFTER.match(sentence, end):
            return True
    return unit == "km²" and bool(re.search(r"diện tích[^.;]{0,20}$", before))


def _drop_headline_repeats(doc: Doc, items: list[Target]) -> list[Target]:
    """A headline that repeats a body figure is not a second fact."""
    first = doc.sentences[0] if doc.sentences else None
    if first is None or "\n" not in doc.text[first.end:first.end + 3]:
        return items
    body = {(t.value, t.unit) for t in items if t.evidence.start >= first.end}
    return [t for t in items if t.evidence.start >= first.end or (t.value, t.unit) not in body]
