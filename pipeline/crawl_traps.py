"""Crawler traps: URLs a crawler could follow forever. ``trap_reason`` says why a URL is
one (recorded in ``frontier.reason``), or returns None.

The rules are stateless, so a resumed crawl judges every URL exactly as the first run did:
over-long URLs and query strings, repeated query parameters, deep or repeating paths, and
calendar pages (a URL that is only a date) outside the date window of the crawl.
Infinite pagination is bounded by the crawler itself (a listing page that brings no new
link does not have its next page followed, and ``max_pagination``).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

_YMD_PATH = re.compile(r"(?<!\d)((?:19|20)\d\d)[/\-_.](0?[1-9]|1[0-2])(?:[/\-_.](0?[1-9]|[12]\d|3[01]))?(?!\d)")
_DMY_PATH = re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])[\-_.](0?[1-9]|1[0-2])[\-_.]((?:19|20)\d\d)(?!\d)")
_DATE_PARAMS = {"date", "day", "ngay", "d", "month", "thang", "m", "year", "nam", "y", "yyyy", "mm"}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def _calendar_date(url: str) -> date | None:
    """The date of a calendar-like URL: one whose last path segment or query is a date
    (``/lich/2024/05``, ``?date=2024-05-01``, ``/ngay-16-05-2023``), not an article that
    merely has a date in its path (``/2024/05/16/some-slug.html``)."""
    parts = urlsplit(url)
    params = dict((k.lower(), v) for k, v in parse_qsl(parts.query))
    date_params = {k: v for k, v in params.items() if k in _DATE_PARAMS}
    if date_params:
        for k in ("date", "ngay", "day", "d"):
            if k in date_params:
                found = _match(date_params[k])
                if found:
                    return found
        year = next((int(v) for k, v in date_params.items() if k in ("year", "nam", "y", "yyyy") and v.isdigit()), None)
        month = next((int(v) for k, v in date_params.items() if k in ("month", "thang", "m", "mm") and v.isdigit()), 1)
        if year and 1900 < year < 2200 and 1 <= month <= 12:
            return date(year, month, 1)
    path = parts.path.rstrip("/")
    tail = "/".join(path.split("/")[-3:])
    found = _match(tail)
    if not found:
        return None
    last = re.sub(r"\.[a-z]{2,5}$", "", path.split("/")[-1], flags=re.I)
    rest = _DMY_PATH.sub("", _YMD_PATH.sub("", last))
    return found if len(_LETTERS.findall(rest)) < 8 else None


def _match(text: str) -> date | None:
    for rx, order in ((_YMD_PATH, "ymd"), (_DMY_PATH, "dmy")):
        m = rx.search(text)
        if m:
            g = m.groups()
            y, mo, d = (g[0], g[1], g[2]) if order == "ymd" else (g[2], g[1], g[0])
            try:
                return date(int(y), int(mo), int(d or 1))
            except ValueError:
                return None
    return None


def trap_reason(url: str, *, max_url_len: int, max_query_len: int, max_path_segments: int,
                since: datetime | None, calendar_days: int, now: datetime | None = None) -> str | None:
    """Why ``url`` looks like a crawler trap, or None if it does not."""
    if len(url) > max_url_len:
        return f"trap: URL longer than {max_url_len}"
    parts = urlsplit(url)
    if len(parts.query) > max_query_len:
        return f"trap: query string longer than {max_query_len}"
    names = [k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
    if names and max(names.count(n) for n in names) > 2:
        return "trap: repeated query parameter"
    segs = [p for p in parts.path.split("/") if p]
    if len(segs) > max_path_segments:
        return f"trap: path deeper than {max_path_segments} segments"
    if segs and max(segs.count(x) for x in segs) > 2:
        return "trap: repeating path segments"
    day = _calendar_date(url)
    if day is not None:
        now = now or datetime.now(timezone.utc)
        start = since.date() if since else (now - timedelta(days=calendar_days)).date()
        end = (now + timedelta(days=31)).date()
        if not start.replace(day=1) <= day <= end:
            return f"trap: calendar page {day.isoformat()} outside {start.isoformat()}..{end.isoformat()}"
    return None
