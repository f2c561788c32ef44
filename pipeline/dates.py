"""Published dates: ISO (meta, JSON-LD) and Vietnamese forms ("Thứ ba, 16/05/2023 19:36",
"Ngày 19/4", "04/7/2023", "16.5.2023 | 08:12"). Dates after the fetch time are rejected."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?")
_VN = re.compile(
    r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)"
    r"(?:\s*(?:\||-|,|lúc)?\s*(\d{1,2})\s*[:hg]\s*(\d{2}))?"
)
_TIME_FIRST = re.compile(r"(\d{1,2}):(\d{2})\s*(?:\||-|,|ngày)?\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")


def parse_iso(text: str) -> datetime | None:
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


def parse_vn(text: str) -> datetime | None:
    """First Vietnamese date (day first) in ``text``, in Vietnam time."""
    m = _TIME_FIRST.search(text or "")
    if m:
        h, mi, d, mo, y = (int(x) for x in m.groups())
        return _make(y, mo, d, h, mi)
    m = _VN.search(text or "")
    if not m:
        return None
    d, mo, y, h, mi = m.groups()
    return _make(int(y), int(mo), int(d), int(h or 0), int(mi or 0))


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
    if dt > now + timedelta(days=1) or dt.year < 1995:
        return None
    return dt
