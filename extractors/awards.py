"""Awards: giấy khen, bằng khen, cờ thi đua, huân chương … with issuer and the numbers of
collectives (tập thể) and individuals (cá nhân), active and passive forms."""
from __future__ import annotations

import re

from schemas.records import Award

from .doc import Doc

NAME = "awards"
VERSION = "awards.v1"

_COUNT = r"(\d+)\s+(tập thể|cá nhân)"
_ISSUER_OF = re.compile(r"\s*(?:của|do)\s+([^,;.()]+?)(?=\s+(?:cho|tặng|trao|vì|đã|có|về|nhờ)\b|[,;.()]|$)")
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
            counts = {w: int(n) for n, w in re.findall(_COUNT, c)}
            if not counts:
                continue
            kind = km.group(1).lower()
            issuer = None
            im = _ISSUER_OF.match(c, km.end())
            if im:
                issuer = im.group(1).strip()
            else:
                before = c[:km.start()]
                vm = _VERB.search(before)
                if vm:
                    issuer = _clean_issuer(before[:vm.start()])
            ev = doc.evidence(c_start, c_start + len(c))
            out.append(Award(kind, issuer or None, counts.get("tập thể"), counts.get("cá nhân"), ev))
    return tuple(out)


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
