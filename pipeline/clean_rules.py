"""Cleaner rules loaded from the data files in ``pipeline/data`` (compiled once)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled cleaner rules; see each data file's header for its source."""

    furniture: re.Pattern[str]     # whole-block text of page furniture (furniture.txt)
    furniture_start: re.Pattern[str] | None   # its "^"-anchored lines, without the "^" (for .match)
    furniture_any: re.Pattern[str] | None     # its other lines (for .search)
    boiler_attrs: re.Pattern[str]  # class/id/role tokens of furniture elements (boilerplate_attrs.txt)
    strict_attrs: re.Pattern[str]  # the "!" tokens of boilerplate_attrs.txt: never spared
    credits: re.Pattern[str]       # trailing photo credits (credits.vi.txt)
    lead: re.Pattern[str]          # attr_roles.toml
    byline: re.Pattern[str]
    date: re.Pattern[str]
    caption: re.Pattern[str]
    teaser: re.Pattern[str]
    body: re.Pattern[str]
    embed: re.Pattern[str]


def _lines(name: str) -> list[str]:
    text = resources.files("pipeline").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _alt(tokens: list[str]) -> str:
    if not tokens:  # an empty alternation would match everything
        raise ValueError("empty rule list")
    return "|".join(f"(?:{t})" for t in tokens)


def is_furniture(r: Rules, text: str) -> bool:
    """``r.furniture.search(text)``, faster: the anchored lines are only tried at the start."""
    return bool(r.furniture_start is not None and r.furniture_start.match(text)
                or r.furniture_any is not None and r.furniture_any.search(text))


@lru_cache(maxsize=1)
def rules() -> Rules:
    roles = tomllib.loads(resources.files("pipeline").joinpath("data", "attr_roles.toml").read_text(encoding="utf-8"))
    credits = _alt(_lines("credits.vi.txt"))
    boiler = _lines("boilerplate_attrs.txt")
    furniture = _lines("furniture.txt")
    start = [t[1:] for t in furniture if t.startswith("^")]
    anywhere = [t for t in furniture if not t.startswith("^")]
    return Rules(
        furniture=re.compile(_alt(furniture), re.I),
        furniture_start=re.compile(_alt(start), re.I) if start else None,
        furniture_any=re.compile(_alt(anywhere), re.I) if anywhere else None,
        # attribute rules run on lowercased "class id role" strings: no re.I (much faster)
        boiler_attrs=re.compile(f"(?<![a-z0-9])(?:{_alt([t.lstrip('!') for t in boiler]).lower()})"),
        strict_attrs=re.compile(f"(?<![a-z0-9])(?:{_alt([t[1:] for t in boiler if t.startswith('!')]).lower()})"),
        credits=re.compile(f"\\s*(?:{credits})\\s*$", re.I),
        lead=re.compile(roles["lead"].lower()),
        byline=re.compile(roles["byline"].lower()),
        date=re.compile(roles["date"].lower()),
        caption=re.compile(roles["caption"].lower()),
        teaser=re.compile(roles["teaser"].lower()),
        body=re.compile(roles["body"].lower()),
        embed=re.compile(roles["embed"].lower()),
    )
