"""Awards: giấy khen, bằng khen, cờ thi đua, huân chương … with issuer and the numbers of
collectives (tập thể) and individuals (cá nhân), active and passive forms."""
from __future__ import annotations

import re

from schemas.records import Award

from .doc import Doc
from .text import read_lines

NAME = "awards"
VERSION = "awards.v2"

_COUNT = r"(\d+)\s+(tập thể|cá nhân)"
_ISSUER_OF = re.compile(r"\s*(?:của|do)\s+([^,;.()]+?)(?=\s+(?:cho|tặng|trao|vì|đã|có|về|nhờ)\b|[,;.()]|$)")
_GIVEN = re.compile(r"(?:tặng|trao|đón nhận|nhận|được|khen thưởng)(?![^\W\d_])")
_VERB = re.compile(r"(?:trao tặng|tặng thưởng|khen thưởng|tặng|trao|khen)\s*$")


def extract(doc: Doc) -> tuple[Award, ...]:
    kinds = doc.res.award_kinds
    kind_re = re.compile(r"(?<![^\W\d_])(" + "|".join(re.escape(k) for k in kinds) + r")(?![^\W\d_])",
                         re.IGNORECASE)
    out: list[Award] = []
    for sent in doc.sentences:
        for clause in _clauses(sent.text):
            c_start = sent.start + clause[0]
            c = clause[1]
            km = kind_re.search(c)
            if not km:
                continue
            counts = _counts(c, doc)
            kind = km.group(1).lower()
            issuer = None
            im = _ISSUER_OF.match(c, km.end())
            if not counts and not (im and _GIVEN.search(c)):
                continue  # a mention without counts or an issuer (e.g. a photo caption)
            if im:
                issuer = im.group(1).strip()
            else:
                before = c[:km.start()]
                vm = _VERB.search(before)
                if vm:
                    issuer = _clean_issuer(before[:vm.start()])
            ev = doc.evidence(c_start, c_start + len(c))
            if not counts and any(a.kind == kind and not (a.collectives or a.individuals) for a in out):
                continue  # the same count-less award repeated (headline and body)
            out.append(Award(kind, issuer or None, counts.get("tập thể"), counts.get("cá nhân"), ev))
    return tuple(out)


def _counts(clause: str, doc: Doc) -> dict[str, int]:
    nouns = doc._cache.get("collective_nouns")
    if nouns is None:
        nouns = doc._cache["collective_nouns"] = sorted(read_lines("collective_nouns.txt"), key=len, reverse=True)
    out: dict[str, int] = {}
    rx = r"(\d+)\s+(cá nhân|" + "|".join(re.escape(n) for n in nouns) + r")(?![^\W\d_])"
    for n, noun in re.findall(rx, clause):
        slot = "cá nhân" if noun == "cá nhân" else "tập thể"
        out[slot] = out.get(slot, 0) + int(n)
    return out


def _clauses(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for m in re.finditer(r";", text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


def _clean_issuer(text: str) -> str | None:
    text = re.split(r",\s*", text.strip())[-1]
    text = re.sub(r"^(?:Nhân dịp này|Dịp này|Tại hội nghị|Tại buổi lễ|đồng thời|Đồng thời)\s*,?\s*", "", text)
    text = re.sub(r"\s+(?:đã|đã quyết định|quyết định|vinh dự)$", "", text).strip()
    return text or None
