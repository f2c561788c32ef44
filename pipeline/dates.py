"""Published dates: ISO (meta, JSON-LD) and Vietnamese forms ("Thứ ba, 16/05/2023 19:36",
"Cập nhật lúc 16:45 19/04/2023", "04/7/2023", "16.5.2023 | 08:12", "ngày 16 tháng 5 năm 2023",
and "Ngày 19/4" with the year taken from context). Dates after the fetch time are rejected."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
_TIME = r"(?:\s*(?:\||-|,|lúc|vào lúc)?\s*(\d{1,2})\s*[:hg]\s*(\d{2})(?!\d))?"
_VN = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)" + _TIME)
_VN_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})" + _TIME, re.I)
_TIME_FIRST = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:\||-|,|ngày)?\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_DAY_MONTH = re.compile(r"\b(?:ngày|hôm|sáng|chiều|tối|trưa|đêm)\s+(\d{1,2})\s*/\s*(\d{1,2})(?![/\d])", re.I)


def parse_iso(text: str) -> datetime | None:
    """First ISO-8601 datetime in ``text`` (no zone: Vietnam time)."""
    m = _ISO.search(text or "")
    if not m:
        return None
    y, mo, d, h, mi, s, tz = m.groups()
    try:
        tzinfo = VN_TZ
        if tz == "Z":
            tzinfo = timezone.utc
        elif tz:
            sign = 1 if tz[0] == "+" else -1
            digits = tz[1:].replace(":", "")
            tzinfo = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tzinfo)
    except ValueError:
        return None


def parse_vn(text: str, *, default_year: int | None = None) -> datetime | None:
    """First Vietnamese date (day first) in ``text``, in Vietnam time.

    A day and month without a year ("Ngày 19/4") is read only when ``default_year`` is given.
    """
    text = text or ""
    found: list[tuple[int, datetime]] = []
    m = _TIME_FIRST.search(text)
    if m:
        h, mi, d, mo, y = (int(x) for x in m.groups())
        dt = _make(y, mo, d, h, mi)
        if dt:
            found.append((m.start(), dt))
    for rx in (_VN, _VN_WORDS):
        m = rx.search(text)
        if m:
            d, mo, y, h, mi = m.groups()
            dt = _make(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
            if dt:
                found.append((m.start(), dt))
    if found:
        return min(found, key=lambda x: x[0])[1]
    if default_year:
        m = _DAY_MONTH.search(text)
        if m:
            return _make(default_year, int(m.group(2)), int(m.group(1)), 0, 0)
    return None


def _make(y: int, mo: int, d: int, h: int, mi: int) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)
    except ValueError:
        return None


def plausible(dt: datetime | None, now: datetime | None = None) -> datetime | None:
    """Reject dates in the future (relative to fetch time) or before the web existed."""
    if dt is None:
        return None
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    if dt > now + timedelta(days=1) or dt.year < 1995:
        return None
    return dt
