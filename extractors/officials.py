"""Officials: named people with every title the text gives them.

Names come from two anchors: an honorific ("đồng chí/ông/bà" + capitalised syllables, any
ethnic naming) or a family name from the lexicon followed by capitalised syllables. Titles
are read from the text around each name: ", Title, Title" after it, "Title, Title X" before
it, appointment phrases ("X được bầu giữ chức T", "A và B giữ chức T", "chức danh T đối với
bà X") and list headers ("2 Phó Bí thư: A, B"). A surname-only candidate counts when an
honorific, a title or a list anchors it. Mentions of one person merge ("Y Ngọc" into "Y Ngọc
Niê"); a bare short title folds into a fuller one of the same person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.records import Official

from .doc import Doc
from .text import CAP, key, modern_tones, read_lines

NAME = "officials"
VERSION = "officials.v7"

_CAPSYL = rf"(?:{CAP}[^\W\d_]*(?:'[^\W\d_]+)?|[HY]'[^\W\d_]+)"
_CANDIDATE = re.compile(rf"(?<![^\W\d_'])({_CAPSYL}(?:[ \u00a0]+{_CAPSYL}){{1,5}})")
_RUN = rf"({_CAPSYL}(?:[ \u00a0]+{_CAPSYL}){{1,4}})"
_ADMIN_WORDS = frozenset({"tỉnh", "huyện", "quận", "thành phố", "thị xã", "xã", "phường", "thị trấn",
                          "bản", "thôn", "tổ", "khu", "Khu", "Thị trấn"})


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    honorific: bool      # found after đồng chí/ông/bà
    blocked: bool        # preceded by a street/place/school word


@dataclass
class _Person:
    name: str
    titles: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    def add(self, title: str) -> None:
        title = title.strip(" ,;")
        if title and key(title) not in {key(t) for t in self.titles}:
            self.titles.append(title)


class _Lex:
    """The lexicons this extractor reads, loaded once per Resources (cached on the Doc)."""

    def __init__(self, doc: Doc) -> None:
        res = doc.res
        self.surnames = res.surnames
        self.heads = res.title_heads
        self.words = res.title_words
        self.honorifics = res.honorifics
        self.not_names = frozenset(key(x) for x in read_lines("not_names.txt"))
        self.blockers = tuple(sorted(read_lines("name_blockers.txt"), key=len, reverse=True))
        self.stops = frozenset(read_lines("title_stop.txt"))
        self.appoint = re.compile(r"\s*(?:" + "|".join(read_lines("appointments.txt")) + r")\s+")
        # "Đoàn Chủ tịch": a family-name-like syllable that starts a title head is not a name
        self.head_starts = frozenset(" ".join(h.split()[:2]) for h in self.heads if len(h.split()) >= 2)
        self.head_re = re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(h) for h in self.heads) + r")(?![^\W\d_])")
        self.org_words = frozenset(read_lines("org_words.txt"))
        # "đồng chí/ông/bà/Đại tá X": a name whatever its family name (ethnic names included)
        alts = "|".join(re.escape(h) for h in self.honorifics if h not in ("anh", "chị", "cụ", "các đồng chí"))
        self.honorific_run = re.compile(rf"(?<![^\W\d_])(?i:{alts})[ \u00a0]+(?:{_RUN}|([{CAP[1:-1]}]'[^\W\d_]+))")
        # attendee lists: "…; Chang A Sử, Phó Bí thư Huyện ủy" — a run right after ";" or ":" and
        # right before ", <title head>" is a name whatever its family name
        heads = "|".join(re.escape(h) for h in self.heads)
        self.listed_run = re.compile(rf"[;:][ \u00a0]*{_RUN},[ \u00a0]*(?:[Nn]guyên[ \u00a0]+)?(?:{heads})(?![^\W\d_])")


def _lex(doc: Doc) -> _Lex:
    cache = doc.res.compiled
    if "officials_lex" not in cache:
        cache["officials_lex"] = _Lex(doc)
    return cache["officials_lex"]


# ------------------------------------------------------------------ names
def _names(doc: Doc, mtext: str, lex: _Lex) -> list[_Name]:
    found: dict[int, _Name] = {}
    for m in lex.honorific_run.finditer(mtext):
        if m.group(2):  # "ông K'Bình": one syllable, Cơ Ho / Mạ naming
            found[m.start(2)] = _Name(m.start(2), m.end(2), True, False)
            continue
        span = _clip(doc, mtext, m.start(1), m.group(1).split(), lex, honorific=True)
        if span:
            found[span[0]] = _Name(span[0], span[1], True, False)
    for m in _CANDIDATE.finditer(mtext):
        words = m.group(1).split()
        offset = m.start(1)
        i = 0
        while i < len(words):
            place = next((n for n in (4, 3, 2) if i + n <= len(words)
                          and doc.res.gazetteer.lookup(" ".join(words[i:i + n]))), 0)
            if place:
                offset += sum(len(w) + 1 for w in words[i:i + place])
                i += place
                continue
            if words[i] in lex.surnames or " ".join(words[i:i + 2]) in lex.surnames:
                span = _clip(doc, mtext, offset, words[i:], lex, honorific=False)
                if span and not any(n.start <= span[0] < n.end for n in found.values()):
                    found[span[0]] = _Name(span[0], span[1], False, _blocked(mtext, span[0], lex))
                break
            offset += len(words[i]) + 1
            i += 1
    for m in lex.listed_run.finditer(mtext):
        start = m.start(1)
        span = _clip(doc, mtext, start, m.group(1).split(), lex, honorific=True)
        if span and not any(n.start <= start < n.end for n in found.values()):
            found[span[0]] = _Name(span[0], span[1], True, False)
    for start, end in _swallowed(doc, mtext, lex):
        if not any(n.start <= start < n.end for n in found.values()):
            found[start] = _Name(start, end, False, False)
    return sorted(found.values(), key=lambda n: n.start)


def _swallowed(doc: Doc, mtext: str, lex: _Lex) -> list[tuple[int, int]]:
    """Names outside the family-name lexicon written right after a title ("Bộ trưởng Bộ Công
    an Rah Lan Chung phát biểu"): the title's trailing capitalised run when it holds no
    organisation word, is no place, and does not follow an administrative word."""
    out = []
    for m in lex.head_re.finditer(mtext):
        t_end = _parse_title(mtext, m.start(), len(mtext), lex, set())
        if t_end is None:
            continue
        words = list(re.finditer(r"\S+", mtext[m.end():t_end]))
        run: list[re.Match[str]] = []
        for w in reversed(words):
            if not w.group(0)[:1].isupper() or w.group(0) in lex.org_words:
                break
            run.insert(0, w)
        if len(run) < 2 or len(run) == len(words):
            continue
        start, end = m.end() + run[0].start(), m.end() + run[-1].end()
        name = mtext[start:end]
        prev = mtext[:start].split()[-1] if mtext[:start].split() else ""
        if prev in _ADMIN_WORDS or not prev[:1].islower() or re.match(r"\s*\d", mtext[end:end + 3]) \
                or doc.res.gazetteer.lookup(name) or run[0].group(0) in lex.surnames:
            continue
        if any(doc.res.gazetteer.lookup(" ".join(x.group(0) for x in run[i:])) for i in range(1, len(run) - 1)):
            continue
        if re.match(r"\s*[A-ZĐ]", mtext[end:end + 3]):
            continue
        out.append((start, end))
    return out


def _clip(doc: Doc, mtext: str, start: int, words: list[str], lex: _Lex, honorific: bool) -> tuple[int, int] | None:
    """Cut a capitalised run to the person's name: at most 5 syllables, stopping where a
    title head or an organisation word begins ("Đoàn Chủ tịch", "Hoàng Quốc Thưởng Phó …")."""
    words = words[:5]
    keep: list[str] = []
    pos = start
    for j, w in enumerate(words):
        nxt_lower = re.match(r"[ \u00a0]+([^\W\d_]+)", mtext[pos + len(w):])
        pair = f"{w} {nxt_lower.group(1)}" if nxt_lower and nxt_lower.group(1)[0].islower() else None
        if keep and (pair in lex.head_starts or any(mtext.startswith(h, pos) for h in lex.heads)):
            break
        if not keep and pair in lex.head_starts:
            return None
        keep.append(w)
        pos += len(w) + 1
    if len(keep) < 2:
        return None
    end = start + len(" ".join(keep))
    cand = mtext[start:end]
    ahead = key(mtext[start:start + 40])
    if any(ahead.startswith(n) for n in lex.not_names):
        return None
    if doc.res.gazetteer.lookup(cand) and not honorific:
        return None
    prev = mtext[:start].split()[-1:] or [""]
    if not honorific and len(keep) == 2 and prev[0] in _ADMIN_WORDS:
        return None  # "UBND phường Tô Châu": a two-syllable run after an administrative word is a place
    return start, end


def _blocked(mtext: str, start: int, lex: _Lex) -> bool:
    before = mtext[max(0, start - 24):start].rstrip()
    blocker = next((b for b in lex.blockers if before.endswith(b)
                    and (len(before) == len(b) or not before[-len(b) - 1].isalpha())), None)
    if blocker is None:
        return False
    # "Bộ Nông nghiệp và Môi trường Đỗ Minh Khang": the word closes a capitalised name
    prev = before[:-len(blocker)].rstrip().split()
    if blocker[0].islower() and prev and prev[-1][:1].isupper() and blocker not in _ADMIN_WORDS:
        return False
    return True


def _has_honorific(mtext: str, start: int, lex: _Lex) -> bool:
    before = " " + " ".join(mtext[max(0, start - 20):start].lower().split())
    return any(before.endswith(" " + h) for h in lex.honorifics)


# ------------------------------------------------------------------ titles
def _parse_title(mtext: str, pos: int, end: int, lex: _Lex, name_starts: set[int]) -> int | None:
    """If a title starts at ``pos``, return where it ends (at most ``end``)."""
    i = pos
    if mtext.startswith(("nguyên ", "Nguyên "), i):
        i += len("nguyên ")
    head = next((h for h in lex.heads if mtext.startswith(h, i)
                 and not mtext[i + len(h):i + len(h) + 1].isalpha()), None)
    if head is None or i + len(head) > end:
        return None
    newline = mtext.find("\n", i, end)
    end = newline if newline >= 0 else end
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
        if not core or w[0] in "(\"“":
            break
        if core[0].isupper():
            ok, cap = True, True
        elif core[0].isdigit():
            ok, cap = prev.lower() in ("tổ", "khu", "thôn", "xóm", "bản", "số", "tiểu khu"), False
        elif core == "và" and prev_cap is not None and _org_continues(mtext, ws + len(w), end, lex, name_starts):
            ok, cap = True, False   # "Sở Tài nguyên và Môi trường", "Ban Tuyên giáo và Dân vận"
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


def _org_continues(mtext: str, pos: int, end: int, lex: _Lex, name_starts: set[int]) -> bool:
    """After "và" inside a title: a capitalised organisation word, not a new title or a name."""
    m = re.match(r"\s+(\S+)", mtext[pos:end])
    if not m:
        return False
    start = pos + m.start(1)
    word = m.group(1)
    two = " ".join(mtext[start:start + 30].split()[:2]).lower()
    return (word[:1].isupper() and start not in name_starts and two not in lex.honorifics
            and word.lower() not in lex.honorifics and not any(mtext.startswith(h, start) for h in lex.heads))


def _after(doc: Doc, mtext: str, e: int, limit: int, lex: _Lex, name_starts: set[int]) -> list[str]:
    """", Title, Title" (and ", Tỉnh ủy viên làm Bí thư Thành ủy") after a name."""
    titles: list[str] = []
    pos = e
    while pos < limit:
        dash = re.match(r"\s+[-–]\s+|\s*\(\s*", mtext[pos:limit])
        if mtext[pos] == ",":
            pos += 1
        elif dash:
            pos += dash.end()
        else:
            break
        nxt = re.search(r"[,;:()]|\s[-–]\s|\.(?=\s|$)", mtext[pos:limit])
        seg_end = pos + nxt.start() if nxt else limit
        later = [ns for ns in name_starts if pos < ns < seg_end]
        if later:
            seg_end = min(later)
        a = pos + len(mtext[pos:seg_end]) - len(mtext[pos:seg_end].lstrip())
        app = lex.appoint.match(mtext, a, seg_end)
        if app and app.start() == a:
            a = app.end()
        t_end = _parse_title(mtext, a, seg_end, lex, name_starts)
        if t_end is None:
            break
        titles.append(doc.text[a:t_end])
        rest = mtext[t_end:seg_end]
        app = lex.appoint.match(mtext, t_end, seg_end)
        if app:
            t2 = _parse_title(mtext, app.end(), seg_end, lex, name_starts)
            if t2:
                titles.append(doc.text[app.end():t2])
            break
        if later or rest.strip():
            break
        pos = seg_end
    return titles


def _before(doc: Doc, mtext: str, sent_start: int, s: int, lex: _Lex, name_starts: set[int]) -> list[str]:
    """"Title, Title X": the comma-separated titles that run right up to the name."""
    titles: list[str] = []
    end = s
    first = True
    while end > sent_start:
        seg_start = max(mtext.rfind(c, sent_start, end) for c in ",;:(\n")
        seg_start = sent_start if seg_start < sent_start else seg_start + 1
        found = None
        for m in re.finditer(rf"(?<![^\W\d_])(?:[Nn]guyên\s+)?{CAP}", mtext[seg_start:end]):
            pos = seg_start + m.start()
            if not first and mtext[seg_start:pos].strip() and not _only_honorific(mtext[seg_start:pos], lex):
                break
            t_end = _parse_title(mtext, pos, end, lex, name_starts | {end})
            if t_end is not None and not mtext[t_end:end].strip():
                found = (pos, t_end)
                break
        if not found:
            break
        titles.insert(0, doc.text[found[0]:found[1]])
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
    colon = before.rfind(":")
    return bool(re.search(r"(?:[Cc]ác đồng chí|gồm(?: các đồng chí)?)\s*:?[^;.]*$", before)) and \
        ";" not in before[colon + 1:]


_HEADER = re.compile(
    rf"(?:(?:gồm\s+)?(?P<n>\d+|hai|ba|bốn|năm)|[Cc]ác(?:\s+đồng\s+chí)?)\s+(?P<title>{CAP}[^:;.]{{2,60}}?)\s*"
    r"(?:(?:gồm|là)(?:\s+các\s+đồng\s+chí)?\s*:?|:)\s*"
)
_WORD_NUM = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5}


def _list_headers(doc: Doc, mtext: str, lex: _Lex, names: list[_Name], people: dict[str, _Person]) -> None:
    """"2 Phó Bí thư gồm: A, B" gives the next two listed people the header's title."""
    for m in _HEADER.finditer(mtext):
        if _parse_title(mtext, m.start("title"), m.end("title"), lex, set()) != m.end("title"):
            continue
        title = doc.text[m.start("title"):m.end("title")]
        n = m.group("n")
        count = (int(n) if n.isdigit() else _WORD_NUM[n]) if n else 99
        stop = re.search(r"\.(?=\s|$)", mtext[m.end():])
        limit = m.end() + stop.start() if stop else len(mtext)
        listed = [n for n in names if m.end() <= n.start < limit][:count]
        for n in listed:
            _person(doc, people, n).add(title)


def _appointments(doc: Doc, mtext: str, lex: _Lex, names: list[_Name], people: dict[str, _Person]) -> None:
    """"A, Title và B được bầu làm T" / "bầu đồng chí X giữ chức T": every subject gets T."""
    name_starts = {n.start for n in names}
    for sent in doc.sentences:
        in_sent = [n for n in names if sent.start <= n.start < sent.end]
        for m in lex.appoint.finditer(mtext, sent.start, sent.end):
            t_end = _parse_title(mtext, m.end(), sent.end, lex, name_starts)
            if t_end is None:
                continue
            titles = [doc.text[m.end():t_end]] + _after(doc, mtext, t_end, sent.end, lex, name_starts)
            clause_start = max(mtext.rfind(c, sent.start, m.start()) for c in ";:")
            listing = bool(re.match(r"\s*[Cc]ác đồng chí\s*:", mtext[sent.start:sent.end]))
            if listing:
                clause_start = sent.start  # "Các đồng chí: A, T; B, T được bầu giữ chức X"
            before = [n for n in in_sent if max(clause_start, sent.start) <= n.start and n.end <= m.start()]
            if not before:
                # "phân công đồng chí Khải giữ chức T": a short mention of someone already named
                short = None
                for short in re.finditer(rf"(?<!\w)(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+(\w+)(?!\s+{CAP})",
                                         mtext[sent.start:m.start()]):
                    pass
                hosts = [p for p in people.values() if short and p.name.split()[-1] == short.group(1)]
                if len(hosts) == 1:
                    for title in titles:
                        hosts[0].add(title)
                continue
            subjects = [before[-1]]
            for prev in reversed(before[:-1]):
                gap = mtext[prev.end:subjects[0].start]
                joined = r"(?:\svà|[,;])" if listing else r"(?:\svà|,)"
                if re.search(joined + r"\s*(?:đồng chí|ông|bà)?\s*$", gap) and not lex.appoint.search(gap):
                    subjects.insert(0, prev)
                else:
                    break
            for n in subjects:
                for title in titles:
                    _person(doc, people, n).add(title)
    for m in re.finditer(r"chức (?:danh|vụ) ", mtext):
        t_end = _parse_title(mtext, m.end(), len(mtext), lex, name_starts)
        if t_end is None:
            continue
        tail = re.match(r"\s*(?:đối với|cho)\s+(?:đồng chí|ông|bà)\s+", mtext[t_end:])
        if tail:
            target = next((n for n in names if n.start == t_end + tail.end()), None)
            if target:
                _person(doc, people, target).add(doc.text[m.end():t_end])


def _person(doc: Doc, people: dict[str, _Person], n: _Name) -> _Person:
    name = doc.text[n.start:n.end]
    return people.setdefault(key(name), _Person(name, start=n.start, end=n.end))


# ------------------------------------------------------------------ main
def extract(doc: Doc) -> tuple[Official, ...]:
    lex = _lex(doc)
    mtext = modern_tones(doc.text)  # same length: tone marks only move within a syllable
    names = _names(doc, mtext, lex)
    name_starts = {n.start for n in names}
    people: dict[str, _Person] = {}
    for sent in doc.sentences:
        for n in (n for n in names if sent.start <= n.start < sent.end):
            before = _before(doc, mtext, sent.start, n.start, lex, name_starts)
            after = _after(doc, mtext, n.end, sent.end, lex, name_starts)
            anchored = bool(before) or n.honorific or _has_honorific(mtext, n.start, lex) or (
                not n.blocked and (bool(after) or _listed(mtext, sent.start, n.start)))
            if not anchored:
                continue
            p = _person(doc, people, n)
            for t in before + after:
                p.add(t)
    _list_headers(doc, mtext, lex, [n for n in names if key(doc.text[n.start:n.end]) in people or n.honorific
                                    or not n.blocked], people)
    _appointments(doc, mtext, lex, names, people)
    return tuple(Official(p.name, tuple(_fold(p.titles)), doc.evidence(p.start, p.end))
                 for p in _merge_short(people))


def _merge_short(people: dict[str, _Person]) -> list[_Person]:
    """A name whose syllables are a run inside a longer name of the text is that person."""
    ordered = sorted(people.values(), key=lambda p: -len(p.name.split()))
    kept: list[_Person] = []
    for p in ordered:
        words = key(p.name).split()
        host = next((k for k in kept if _contains(key(k.name).split(), words)), None)
        if host is None:
            kept.append(p)
            continue
        for t in p.titles:
            host.add(t)
        if p.start < host.start:
            host.start, host.end = host.start, host.end
    return sorted(kept, key=lambda p: p.start)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return len(longer) > n and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _fold(titles: list[str]) -> list[str]:
    """Drop a title that is a bare prefix of a fuller title of the same person."""
    keys = [key(t) for t in titles]
    return [t for t, k in zip(titles, keys) if not any(o != k and o.startswith(k + " ") for o in keys)]
