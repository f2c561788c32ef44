"""Numeric targets and results: percentages, money, physical measures and X/Y achievements
with a counted noun. Dates, years, ordinals, document and phone numbers, addresses and
award counts are not targets."""
from __future__ import annotations

import re

from schemas.records import Target

from .doc import Doc
from .numbers import NUMBER, parse_number

NAME = "targets"
VERSION = "targets.v1"

_NUM = rf"(?:{NUMBER})"
_TIME_NOUNS = ("nhiệm kỳ", "năm", "tháng", "ngày", "quý", "tuần", "giờ", "phút", "kỳ")
_NOT_AFTER = re.compile(r"^(?:-|/)?\s*(?:NQ|QĐ|CT|KH|TB|UBND|TU|HU|ĐU|BCĐ|BTV|NĐ|TT|BC)\b")
_BEFORE_BAD = re.compile(
    r"(?:đường|Đường|phố|ngày|Ngày|tháng|năm|lần thứ|khóa|khoá|tổ|Tổ|khu|quốc lộ|Quốc lộ|tỉnh lộ|"
    r"QL|ĐT|điện thoại|SĐT|ĐT:|Hotline|Fax|cầu|hạng|mức độ|Hội nghị)\s*:?\s*$"
)
_STOP_NOUN = {
    "đạt", "vượt", "và", "trong", "của", "với", "so", "trên", "là", "được", "đã", "tăng", "giảm",
    "hoàn", "còn", "theo", "tại", "từ", "đến", "cho", "có", "các", "những", "thực", "bằng", "về",
}


class _Units:
    def __init__(self, doc: Doc) -> None:
        rows = sorted(doc.res.units, key=lambda r: len(r[0]), reverse=True)
        self.pattern = re.compile(
            r"\s?(" + "|".join(re.escape(r[0]) for r in rows) + r")(?![^\W\d_²³])"
        )
        self.norm = {r[0]: (r[1], r[2]) for r in rows}


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
    units = doc._cache.setdefault("units", _Units(doc))
    text = doc.text
    out: list[Target] = []
    taken: list[tuple[int, int]] = []
    for sent in doc.sentences:
        s = sent.text
        base = sent.start
        for m in re.finditer(rf"(?<![\d.,/])({_NUM})(?:\s*/\s*({_NUM}))?(?![\d/])", s):
            a, b = m.start(), m.end()
            if any(ta <= base + a < tb for ta, tb in taken):
                continue
            before = s[:a]
            if _BEFORE_BAD.search(before) or re.search(r"\d[/.-]$", before):
                continue
            if _NOT_AFTER.match(s[b:]) or re.match(r"[/.-]\d", s[b:]):
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
            else:
                continue
            if unit is None:
                continue
            ev = doc.evidence(base + a, base + end)
            taken.append((ev.start, ev.end))
            out.append(Target(_indicator(s, a, 0), x, unit, y, ev))
    return tuple(out)
