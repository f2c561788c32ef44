"""Officials: named people with every title the text gives them.

Anchors, in order: "đồng chí/ông/bà X, Title, Title", "Title, Title X", "X giữ chức Title",
list headers ("2 Phó Bí thư gồm: A, B"). A name is a family name from the lexicon followed by
capitalised syllables; it counts only when an honorific or a title anchors it. Mentions of
the same person merge; bare short titles ("Phó Bí thư Thường trực") fold into fuller ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.records import Official

from .doc import Doc
from .text import CAP, key, modern_tones, read_lines

NAME = "officials"
VERSION = "officials.v2"

_SYL = r"[^\W\d_]+"
_CAPSYL = rf"(?:{CAP}[^\W\d_]*(?:'[^\W\d_]+)?)"
_CANDIDATE = re.compile(rf"(?<![^\W\d_'])({_CAPSYL}(?:[ \u00a0]+{_CAPSYL}){{1,4}})")
_SEP = re.compile(r"[,;:()\n]|\s[–-]\s|(?<=[.!?])\s")


@dataclass
class _Person:
    name: str
    titles: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0


class _Lex:
    def __init__(self, doc: Doc) -> None:
        res = doc.res
        self.surnames = res.surnames
        self.heads = res.title_heads
        self.words = res.title_words
        self.honorifics = res.honorifics
        cache = doc._cache
        if "officials_lex" not in cache:
            cache["officials_lex"] = (
                frozenset(key(x) for x in read_lines("not_names.txt")),
                tuple(sorted(read_lines("name_blockers.txt"), key=len, reverse=True)),
                frozenset(read_lines("title_stop.txt")),
            )
        self.not_names, self.blockers, self.stops = cache["officials_lex"]


def _names(doc: Doc, mtext: str, lex: _Lex) -> list[tuple[int, int]]:
    """Spans of person-name candidates (family name + 1–4 capitalised syllables)."""
    spans = []
    for m in _CANDIDATE.finditer(mtext):
        words = m.group(1).split()
        # a name starts at the first family-name syllable of the capitalised run
        offset = m.start(1)
        skip_to = 0
        for i, w in enumerate(words):
            if i < skip_to:
                offset += len(w) + 1
                continue
            place = next((n for n in (4, 3, 2) if i + n <= len(words)
                          and doc.res.gazetteer.lookup(" ".join(words[i:i + n]))), 0)
            if place and not (i == 0 and _has_honorific(mtext, offset, lex)):
                skip_to = i + place
                offset += len(w) + 1
                continue
            two = " ".join(words[i:i + 2])
            if w in lex.surnames or two in lex.surnames:
                rest = words[i:]
                if len(rest) < 2:
                    break
                rest = rest[:4]
                start = offset
                end = start + len(" ".join(rest))
                spans.append((start, _trim_name(mtext, start, end, lex)))
                break
            offset += len(w) + 1
    out = []
    for start, end in spans:
        if end is None:
            continue
        cand = mtext[start:end]
        ahead = key(mtext[start:start + 40])
        if any(ahead.startswith(n) for n in lex.not_names):
            continue
        if doc.res.gazetteer.lookup(cand) and not _has_honorific(mtext, start, lex):
            continue
        before = mtext[max(0, start - 20):start].rstrip()
        blocker = next((b for b in lex.blockers if before.endswith(b)), None)
        if blocker and not (blocker in _ADMIN_WORDS and _title_in_clause(mtext, start, lex)):
            continue
        out.append((start, end))
    return out


_ADMIN_WORDS = frozenset({"tỉnh", "huyện", "quận", "thành phố", "thị xã", "xã", "phường", "thị trấn",
                          "bản", "thôn", "tổ", "khu", "Khu", "Thị trấn"})


def _title_in_clause(mtext: str, start: int, lex: _Lex) -> bool:
    """"Chủ tịch UBND tỉnh Tòng Thị Hạnh": an admin word that ends a title, not a place."""
    clause = re.split(r"[,;:.()\n]", mtext[max(0, start - 80):start])[-1]
    return any(h in clause for h in lex.heads)


def _trim_name(mtext: str, start: int, end: int, lex: _Lex) -> int | None:
    """Cut a candidate where a title head starts inside it ("Nguyễn Văn A Bí thư" never
    happens, but "Hoàng Quốc Thưởng Phó" after a line break might)."""
    cand = mtext[start:end]
    for h in lex.heads:
        i = cand.find(" " + h)
        if i > 0:
            end = start + i
            cand = mtext[start:end]
    return end if len(cand.split()) >= 2 else None


def _has_honorific(mtext: str, start: int, lex: _Lex) -> bool:
    before = mtext[max(0, start - 16):start].rstrip().lower()
    return any(before.endswith(h) for h in lex.honorifics)


def _parse_title(mtext: str, pos: int, end: int, lex: _Lex, name_starts: set[int]) -> int | None:
    """If a title starts at ``pos``, return where it ends (before ``end``)."""
    i = pos
    if mtext.startswith(("nguyên ", "Nguyên "), i):
        i += len("nguyên ")
    head = next((h for h in lex.heads if mtext.startswith(h, i)
                 and not mtext[i + len(h):i + len(h) + 1].isalpha()), None)
    if head is None:
        return None
    i += len(head)
    last = i
    prev_cap = True
    prev = head.split()[-1]
    for m in re.finditer(r"\S+", mtext[i:end]):
        w = m.group(0)
        ws = i + m.start()
        if ws in name_starts:
            break
        core = w.strip(".,;:()\"“”")
        if not core:
            break
        if core[0].isupper():
            ok, cap = True, True
        elif core[0].isdigit():
            ok, cap = prev.lower() in ("tổ", "khu", "thôn", "xóm", "bản", "số", "tiểu khu"), False
        elif core in lex.stops or (core == "hội" and mtext.startswith("hội nghị", ws)):
            ok, cap = False, False
        else:
            ok, cap = core in lex.words or prev_cap, False
        if not ok:
            break
        last = ws + len(w.rstrip(".,;:)\"”"))
        prev_cap, prev = cap, core
        if w != w.rstrip(".,;:)\"”"):
            break
    return last


def _segments_after(mtext: str, pos: int, limit: int) -> list[tuple[int, int]]:
    """Comma-separated segments after ``pos`` until ';', ':' or the sentence end."""
    segs = []
    while pos < limit:
        dash = re.match(r"\s+[-–]\s+", mtext[pos:limit])
        if mtext[pos] == ",":
            pos += 1
        elif dash:
            pos += dash.end()
        else:
            break
        nxt = re.search(r"[,;:()]|\s[-–]\s|\.(?=\s|$)", mtext[pos:limit])
        e = pos + nxt.start() if nxt else limit
        segs.append((pos, e))
        pos = e
    return segs


def extract(doc: Doc) -> tuple[Official, ...]:
    lex = _Lex(doc)
    mtext = modern_tones(doc.text)  # same length: tone marks only move within a syllable
    names = _names(doc, mtext, lex)
    name_starts = {s for s, _ in names}
    people: dict[str, _Person] = {}
    for sent in doc.sentences:
        in_sent = [(s, e) for s, e in names if sent.start <= s < sent.end]
        for idx, (s, e) in enumerate(in_sent):
            titles: list[str] = []
            # titles after the name: ", Title, Title"
            for a, b in _segments_after(mtext, e, sent.end):
                a2 = a + len(mtext[a:b]) - len(mtext[a:b].lstrip())
                if any(a2 <= ns < b for ns in name_starts):
                    break
                t_end = _parse_title(mtext, a2, b, lex, name_starts)
                if t_end is None:
                    break
                titles.append(doc.text[a2:t_end].strip())
                if t_end < b - 1 and mtext[t_end:b].strip():
                    break
            # "X giữ chức / làm Title"
            m = re.match(r"\s+(?:giữ chức(?: vụ)?|làm|tái đắc cử|đắc cử|được bầu làm|được bầu giữ chức)\s+",
                         mtext[e:sent.end])
            if m:
                t_end = _parse_title(mtext, e + m.end(), sent.end, lex, name_starts)
                if t_end:
                    titles.append(doc.text[e + m.end():t_end].strip())
            # titles before the name: "Title, Title X"
            titles = _titles_before(doc, mtext, sent.start, s, lex, name_starts) + titles
            anchored = bool(titles) or _has_honorific(mtext, s, lex) or _listed(mtext, sent.start, s)
            if not anchored:
                continue
            name = doc.text[s:e]
            p = people.setdefault(key(name), _Person(name, start=s, end=e))
            for t in titles:
                if t and key(t) not in {key(x) for x in p.titles}:
                    p.titles.append(t)
    _list_headers(doc, mtext, lex, names, people)
    out = []
    for p in people.values():
        out.append(Official(p.name, tuple(_fold(p.titles)), doc.evidence(p.start, p.end)))
    return tuple(out)


def _titles_before(doc: Doc, mtext: str, sent_start: int, s: int, lex: _Lex, name_starts: set[int]) -> list[str]:
    titles: list[str] = []
    end = s
    first = True
    while end > sent_start:
        seg_start = max(mtext.rfind(c, sent_start, end) for c in ",;:(\n")
        seg_start = sent_start if seg_start < sent_start else seg_start + 1
        seg = mtext[seg_start:end]
        found = None
        # leftmost title head in the segment whose title runs right up to ``end``
        for m in re.finditer(rf"(?<![^\W\d_])(?:nguyên\s+)?{CAP}", seg):
            pos = seg_start + m.start()
            if not first and mtext[seg_start:pos].strip() and not _only_honorific(mtext[seg_start:pos], lex):
                break
            t_end = _parse_title(mtext, pos, end, lex, name_starts | {end})
            if t_end is not None and not mtext[t_end:end].strip():
                found = (pos, t_end)
                break
        if not found:
            break
        titles.insert(0, doc.text[found[0]:found[1]].strip())
        if any(seg_start <= ns < found[0] for ns in name_starts):
            break
        if seg_start == sent_start or mtext[seg_start - 1] != ",":
            break
        end = seg_start - 1
        first = False
    return titles


def _only_honorific(text: str, lex: _Lex) -> bool:
    t = text.strip().lower()
    return not t or t in lex.honorifics


def _listed(mtext: str, sent_start: int, s: int) -> bool:
    """Names in a list introduced by "Các đồng chí:", "gồm:", "gồm các đồng chí"."""
    before = mtext[sent_start:s]
    return bool(re.search(r"(?:[Cc]ác đồng chí|gồm(?: các đồng chí)?|là)\s*:?[^;.]*$", before)) and \
        not re.search(r"[;.]", before[before.rfind(":") + 1:] if ":" in before else "")


_HEADER = re.compile(rf"(?:\d+|hai|ba|bốn|năm)\s+(?P<title>{CAP}[^:;.]{2,60}?)\s+(?:gồm|là)(?:\s+các\s+đồng\s+chí)?\s*:?\s*")


def _list_headers(doc: Doc, mtext: str, lex: _Lex, names: list[tuple[int, int]], people: dict[str, _Person]) -> None:
    """"2 Phó Bí thư gồm: A, B" gives each listed person the header's title."""
    for m in _HEADER.finditer(mtext):
        title_end = _parse_title(mtext, m.start("title"), m.end("title"), lex, set())
        if title_end is None:
            continue
        title = doc.text[m.start("title"):m.end("title")].strip()
        pos = m.end()
        for s, e in names:
            if s < pos:
                continue
            gap = mtext[pos:s]
            if gap.strip(" ,") not in ("", "và", "đồng chí", "và đồng chí") and not re.fullmatch(r"[\s,]*(?:và\s+)?(?:đồng chí\s+)?", gap):
                break
            p = people.setdefault(key(doc.text[s:e]), _Person(doc.text[s:e], start=s, end=e))
            if key(title) not in {key(t) for t in p.titles}:
                p.titles.append(title)
            pos = e


def _fold(titles: list[str]) -> list[str]:
    """Drop a title that is a bare prefix of a fuller title of the same person."""
    keys = [key(t) for t in titles]
    out = []
    for t, k in zip(titles, keys):
        if any(o != k and o.startswith(k + " ") for o in keys):
            continue
        out.append(t)
    return out
