"""Person names in Vietnamese political news: honorific- and rank-anchored runs (any ethnic
naming), family-name-lexicon runs, attendee-list runs, and names swallowed at the end of a
title; places, streets and organisations are told apart with the gazetteer and lexicons."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .doc import Doc
from .official_lexicon import ADMIN_WORDS, CANDIDATE, Lexicon
from .text import CAP, key
from .titles import parse_title

@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    honorific: bool      # found after đồng chí/ông/bà
    blocked: bool        # preceded by a street/place/school word



def find_names(doc: Doc, mtext: str, lex: Lexicon) -> list[Name]:
    found: dict[int, Name] = {}
    for m in lex.honorific_run.finditer(mtext):
        if _blocked(mtext, m.start(), lex) or lex.head_re.match(mtext, m.start(1) if m.group(1) else m.start(2)):
            continue    # "đường Ông Ích Khiêm": part of a street's name; "đồng chí Trưởng Đoàn ĐBQH": a title
        if m.group(2):  # "ông K'Bình": one syllable, Cơ Ho / Mạ naming
            found[m.start(2)] = Name(m.start(2), m.end(2), True, False)
            continue
        span = _clip(doc, mtext, m.start(1), m.group(1).split(), lex, honorific=True)
        if span:
            found[span[0]] = Name(span[0], span[1], True, False)
    for m in CANDIDATE.finditer(mtext):
        words = m.group(1).split()
        dash = _DASH_PLACE.match(mtext, m.end(1))
        if dash and doc.res.gazetteer.joins(words, dash.group(1).split()):
            continue   # "Phan Rang - Tháp Chàm": the first half of a dashed place name
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
                if span and not _covered(found, span[0]):
                    found[span[0]] = Name(span[0], span[1], False, _blocked(mtext, span[0], lex))
                break
            offset += len(words[i]) + 1
            i += 1
    for m in lex.listed_run.finditer(mtext):
        start = m.start(1)
        span = _clip(doc, mtext, start, m.group(1).split(), lex, honorific=True)
        if span and not _covered(found, start):
            found[span[0]] = Name(span[0], span[1], True, False)
    for start, end in _swallowed(doc, mtext, lex):
        if not _covered(found, start):
            found[start] = Name(start, end, False, False)
    return sorted(found.values(), key=lambda n: n.start)


_LONGEST_NAME = 60   # characters: no name run is longer (at most 5 syllables)


def _covered(found: dict[int, Name], pos: int) -> bool:
    """Whether a name already found (keyed by its start) covers ``pos``."""
    return any(k in found and found[k].end > pos for k in range(max(0, pos - _LONGEST_NAME), pos + 1))


def _swallowed(doc: Doc, mtext: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Names outside the family-name lexicon written right after a title ("Bộ trưởng Bộ Công
    an Rah Lan Chung phát biểu"): the title's trailing capitalised run when it holds no
    organisation word, is no place, and does not follow an administrative word."""
    out = []
    for m in lex.head_re.finditer(mtext):
        t_end = parse_title(mtext, m.start(), len(mtext), lex, set())
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
        prev = _word_before(mtext, start)
        # "Bí thư Huyện ủy Mỏ Cày", "Đồn Biên phòng Vĩnh Xương": after "X ủy" or "Biên phòng" comes the
        # unit's place, even one the gazetteer does not have
        if prev in ADMIN_WORDS or prev in _ORG_ENDS or not prev[:1].islower() \
                or re.match(r"\s*\d", mtext[end:end + 3]) \
                or doc.res.gazetteer.lookup(name) or run[0].group(0) in lex.surnames:
            continue
        if any(doc.res.gazetteer.lookup(" ".join(x.group(0) for x in run[i:])) for i in range(1, len(run) - 1)):
            continue
        if any(doc.res.gazetteer.lookup(" ".join(x.group(0) for x in run[:i])) for i in range(2, len(run))):
            continue   # "Công ty Cổ phần Đầu tư Cam Ranh Xanh": a place opens the run, a company's name
        if re.match(r"\s*[A-ZĐ]", mtext[end:end + 3]):
            continue
        if name in _local_places(doc, mtext):
            continue   # "Cột cờ Lũng Cú" where the text also says "xã Lũng Cú": a place
        out.append((start, end))
    return out


_DASH_PLACE = re.compile(rf"\s*[-–]\s*({CAP}[^\W\d_]*(?:\s{CAP}[^\W\d_]*)?)")
# the last word of an organisation kind, after which a capitalised run is the organisation's own
# name: "Huyện ủy Mỏ Cày", "Biên phòng Vĩnh Xương", "Tập đoàn Pacific Harbour", "Cổ phần … Cam Ranh Xanh"
_ORG_ENDS = frozenset({"ủy", "uỷ", "phòng", "đoàn", "phần", "ty"})
_LOCAL_PLACE = re.compile(rf"(?<![^\W\d_])(?:xã|phường|thị trấn|huyện|thôn|bản|ấp)\s+((?:{CAP}[^\W\d_]*\s?){{1,4}})")


def _local_places(doc: Doc, mtext: str) -> frozenset[str]:
    """Every run of 1-4 capitalised words the text writes after "xã/phường/huyện/thôn …", and its
    prefixes ("xã Lũng Cú và …" gives "Lũng", "Lũng Cú"); one pass per document."""
    cached = doc._cache.get("local_places")
    if cached is None:
        out = set()
        for m in _LOCAL_PLACE.finditer(mtext):
            words = m.group(1).split()
            out.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
        cached = doc._cache["local_places"] = frozenset(out)
    return cached


def _clip(doc: Doc, mtext: str, start: int, words: list[str], lex: Lexicon, honorific: bool) -> tuple[int, int] | None:
    """Cut a capitalised run to the person's name: at most 5 syllables, stopping where a
    title head or an organisation word begins ("Đoàn Chủ tịch", "Hoàng Quốc Thưởng Phó …")."""
    words = words[:5]
    keep: list[str] = []
    pos = start
    for w in words:
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
    prev = [_word_before(mtext, start)]
    if not honorific and len(keep) == 2 and prev[0] in ADMIN_WORDS:
        return None  # "UBND phường Tô Châu": a two-syllable run after an administrative word is a place
    return start, end


def _word_before(mtext: str, start: int) -> str:
    """The word right before ``start`` (a bounded look back: no copy of the whole prefix)."""
    words = mtext[max(0, start - 40):start].split()
    return words[-1] if words else ""


def _blocked(mtext: str, start: int, lex: Lexicon) -> bool:
    before = mtext[max(0, start - 24):start].rstrip()
    blocker = next((b for b in lex.blockers if before.endswith(b)
                    and (len(before) == len(b) or not before[-len(b) - 1].isalpha())), None)
    if blocker is None:
        return False
    # "Bộ Nông nghiệp và Môi trường Đỗ Minh Khang": the word closes a capitalised name
    prev = before[:-len(blocker)].rstrip().split()
    if blocker[0].islower() and prev and prev[-1][:1].isupper() and blocker not in ADMIN_WORDS:
        return False
    return True


def has_honorific(mtext: str, start: int, lex: Lexicon) -> bool:
    """An honorific or a role noun ("nông dân", "đảng viên") right before ``start``."""
    window = mtext[max(0, start - 24):start]
    window = window[window.rfind("\n") + 1:]   # not across a line: "Ảnh: Hoàng Anh\n\nHoàng Anh - Thu Hà"
    before = " " + " ".join(window.lower().split())
    return any(before.endswith(" " + h) for h in lex.anchors)


# ------------------------------------------------------------------ titles
