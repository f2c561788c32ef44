"""Site profiles: CSS selectors per known template or host (``data/profiles.json``).

A profile is optional: when none matches, the generic extractor runs. A profile matches by
host (the page URL's host or a parent domain is listed) or by markup signature (its
``signature`` selector finds an element).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser


@dataclass(frozen=True, slots=True)
class Profile:
    """Selectors of one site template; empty strings mean "use the generic rule"."""

    name: str
    signature: str
    hosts: tuple[str, ...]
    article_urls: tuple[re.Pattern[str], ...]
    body: str
    title: str = ""
    lead: str = ""
    date: str = ""
    byline: str = ""
    captions: str = ""
    drop: tuple[str, ...] = ()

    def is_article_url(self, url: str) -> bool:
        return any(p.search(url) for p in self.article_urls)


@lru_cache(maxsize=1)
def load_profiles() -> tuple[Profile, ...]:
    raw = json.loads(resources.files("pipeline").joinpath("data", "profiles.json").read_text(encoding="utf-8"))
    out = []
    for p in raw["profiles"]:
        out.append(Profile(
            name=p["name"], signature=p.get("signature", ""), hosts=tuple(p.get("hosts", ())),
            article_urls=tuple(re.compile(x) for x in p.get("article_urls", ())), body=p["body"],
            title=p.get("title", ""), lead=p.get("lead", ""), date=p.get("date", ""),
            byline=p.get("byline", ""), captions=p.get("captions", ""), drop=tuple(p.get("drop", ()))))
    return tuple(out)


def match_profile(tree: LexborHTMLParser, url: str | None,
                  profiles: tuple[Profile, ...] | None = None) -> Profile | None:
    """The first profile whose host list covers ``url`` or whose signature is in the page."""
    profiles = load_profiles() if profiles is None else profiles
    host = (urlsplit(url).hostname or "").lower() if url else ""
    for p in profiles:
        if host and any(host == h or host.endswith("." + h) for h in p.hosts):
            if tree.css_first(p.body) is not None:
                return p
    for p in profiles:
        if p.signature and tree.css_first(p.signature) is not None:
            return p
    return None
