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
    # strings of which every match of furniture_any holds one (in its lowercased text), or None
    furniture_any_needs: tuple[str, ...] | None = None


def _lines(name: str) -> list[str]:
    text = resources.files("pipeline").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _alt(tokens: list[str]) -> str:
    if not tokens:  # an empty alternation would match everything
        raise ValueError("empty rule list")
    return "|".join(f"(?:{t})" for t in tokens)


def _boundary_alt(tokens: list[str]) -> str:
    """A regex for "one of ``tokens`` (lowercase rule regexes) with no letter or digit before
    it", shaped for Python's engine: tokens grouped by their first character (the engine then
    tests one character per group instead of one per token) and the boundary as a consumed
    separator instead of a look-behind. ~35 % faster per class/id word than the plain
    ``(?<![a-z0-9])(?:t1|t2|…)``, same matches (a test compares the two)."""
    if not tokens:
        raise ValueError("empty rule list")
    groups: dict[str, list[str]] = {}
    other: list[str] = []
    for t in tokens:
        if len(t) >= 2 and t[0] in "abcdefghijklmnopqrstuvwxyz0123456789" and t[1] not in "?*+{":
            groups.setdefault(t[0], []).append(t[1:])
        else:
            other.append(t)
    parts = [f"{c}(?:{_alt(rest)})" for c, rest in sorted(groups.items())] + [f"(?:{t})" for t in other]
    return "(?:^|[^a-z0-9])(?:" + "|".join(parts) + ")"


def is_furniture(r: Rules, text: str) -> bool:
    """``r.furniture.search(text)``, faster: the anchored lines are only tried at the start,
    the others only when the text holds one of the strings they need."""
    if r.furniture_start is not None and r.furniture_start.match(text):
        return True
    if r.furniture_any is None:
        return False
    needs = r.furniture_any_needs
    if needs is not None:
        low = text.lower()
        for x in needs:
            if x in low:
                break
        else:
            return False
    return r.furniture_any.search(text) is not None


# Characters that match only themselves and their ASCII capital under re.IGNORECASE (so that a
# run of them in a match is found in text.lower()): ASCII letters but "i", "k", "s" (dotless ı,
# Kelvin sign and long ſ match those), and characters without case that are not letters.
def _plain_char(c: str) -> bool:
    return ("a" <= c <= "z" and c not in "iks") or (not c.isalpha() and c.lower() == c == c.upper())


def _rarity(needs: set[str]) -> int:
    """How selective a set of needed strings is: its shortest string's length, a string with
    a symbol (©, |) counting as longer."""
    return min(len(x) + (3 if any(not c.isalnum() and c != " " for c in x) else 0) for x in needs)


def _needs(seq) -> set[str] | None:
    """A set of strings of which every match of the parsed sequence ``seq`` holds one
    (lowercased), or None: literal runs, groups, branches all of whose arms need one,
    repeats of at least one."""
    from re import _constants as C  # type: ignore[attr-defined]
    best: set[str] | None = None

    def consider(cand: set[str] | None) -> None:
        nonlocal best
        if cand and (best is None or _rarity(cand) > _rarity(best)):
            best = cand
    run = ""
    for op, av in list(seq) + [(None, None)]:
        if op is C.LITERAL and _plain_char(chr(av).lower()):
            run += chr(av).lower()
            continue
        if run:
            consider({run})
            run = ""
        if op is C.SUBPATTERN:
            consider(_needs(av[3]))
        elif op is C.BRANCH:
            arms = [_needs(a) for a in av[1]]
            if all(arms):
                consider(set().union(*arms))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            consider(_needs(av[2]))
    return best


def _needs_any(lines: list[str]) -> tuple[str, ...] | None:
    """Strings of which every match of any of ``lines`` (compiled with re.I) holds one.
    None (no prefilter, same results) if this Python's private regex parser is not the one
    this reads (``re._parser`` / ``re._constants`` of CPython 3.11–3.13)."""
    try:
        from re import _parser  # type: ignore[attr-defined]
        parsed = [_parser.parse(ln, re.I) for ln in lines]
    except (ImportError, AttributeError):
        return None
    out: set[str] = set()
    for seq in parsed:
        try:
            n = _needs(seq)
        except (ImportError, AttributeError):
            return None
        if not n or _rarity(n) < 2:
            return None   # nothing specific enough to test first
        out |= n
    return tuple(sorted(out))


def needs_of(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of ``rx`` holds one (lowercased, as found in a lowercased
    string), or None (no prefilter): a string holding none of them cannot match. Used to skip
    the regex for most new class/id words, which match no role pattern."""
    if rx.flags & re.VERBOSE:
        return None
    try:
        from re import _parser  # type: ignore[attr-defined]
        n = _needs(_parser.parse(rx.pattern, rx.flags))
    except Exception:   # another Python's private parser: no prefilter, same results
        return None
    if not n or _rarity(n) < 2:
        return None
    return tuple(sorted(n, key=len, reverse=True))


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
        boiler_attrs=re.compile(_boundary_alt([t.lstrip("!").lower() for t in boiler])),
        strict_attrs=re.compile(f"(?<![a-z0-9])(?:{_alt([t[1:] for t in boiler if t.startswith('!')]).lower()})"),
        credits=re.compile(f"\\s*(?:{credits})\\s*$", re.I),
        lead=re.compile(roles["lead"].lower()),
        byline=re.compile(roles["byline"].lower()),
        date=re.compile(roles["date"].lower()),
        caption=re.compile(roles["caption"].lower()),
        teaser=re.compile(roles["teaser"].lower()),
        body=re.compile(roles["body"].lower()),
        embed=re.compile(roles["embed"].lower()),
        furniture_any_needs=_needs_any(anywhere) if anywhere else None,
    )
