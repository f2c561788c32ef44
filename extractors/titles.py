"""Official titles around a name: a title is a head from the lexicon ("Phó Bí thư Thường
trực") followed by its organisation, read word by word until a verb, a name or punctuation."""
from __future__ import annotations

import re

from .doc import Doc
from .official_lexicon import Lexicon
from .text import CAP

_DOTTED = frozenset({"TP.", "TX.", "Tp.", "Tx.", "TT.", "Q.", "H."})
# ", Thể thao và Du lịch", ", Thương binh và Xã hội": the rest of an organisation name that lists its fields
# lower-case fields inside common organisation names, read as one piece
_FIXED_ORG = re.compile(r"[Pp]hòng,?\s+chống\s+thiên\s+tai(?:\s+và\s+[Tt]ìm\s+kiếm\s+cứu\s+nạn)?"
                        r"(?:\s+và\s+[Pp]hòng\s+thủ\s+dân\s+sự)?(?![^\W\d_])")
_ORG_LIST = re.compile(rf"\s+({CAP}[^\W\d_]*(?:\s+[^\W\d_]+)?)\s+và\s+{CAP}")
# organisation words whose second syllable is also a verb that ends a title
_ORG_COMPOUNDS = frozenset({("giao", "thông"), ("ngoại", "giao"), ("truyền", "thông"), ("thông", "tin"),
                            ("thông", "tấn")})


def parse_title(mtext: str, pos: int, end: int, lex: Lexicon, name_starts: set[int]) -> int | None:
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
    fixed_end = -1
    for m in re.finditer(r"\S+", mtext[i:end]):
        w = m.group(0)
        ws = i + m.start()
        if ws < fixed_end:
            continue
        if ws in name_starts:
            break
        fixed = _FIXED_ORG.match(mtext, ws, end)
        if fixed:          # "Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh"
            last = fixed_end = fixed.end()
            prev_cap, prev = False, "nạn"
            continue
        core = w.strip(".,;:()\"“”")
        if not core or w[0] in "(\"“":
            break
        if core[0].isupper():
            ok, cap = True, True
        elif core[0].isdigit():
            ok, cap = prev.lower() in ("tổ", "khu", "thôn", "xóm", "bản", "số", "tiểu khu"), False
        elif core == "và" and prev_cap is not None and org_continues(mtext, ws + len(w), end, lex, name_starts):
            ok, cap = True, False   # "Sở Tài nguyên và Môi trường", "Ban Tuyên giáo và Dân vận"
        elif (prev.lower(), core) in _ORG_COMPOUNDS:
            ok, cap = True, False   # "Sở Giao thông vận tải", "Bộ Ngoại giao": not the verbs "thông", "giao"
        elif core in lex.stops or (core == "hội" and mtext.startswith("hội nghị", ws)):
            ok, cap = False, False
        else:
            ok, cap = core in lex.words or prev_cap, False
        if not ok:
            break
        if w in _DOTTED:   # "UBND TP. Hạ Long": the abbreviation's dot ends nothing
            last, prev_cap, prev = ws + len(w), cap, core
            continue
        last = ws + len(w.rstrip(".,;:)\"”"))
        prev_cap, prev = cap, core
        if w != w.rstrip(".,;:)\"”"):
            if w.endswith(",") and _org_list(mtext, ws + len(w), end, lex, name_starts):
                continue   # "Sở Văn hóa, Thể thao và Du lịch": the comma lists the department's fields
            break
    return last


def _org_list(mtext: str, pos: int, end: int, lex: Lexicon, name_starts: set[int]) -> bool:
    """Whether the text after a comma at ``pos`` goes on listing an organisation's fields
    (not a new title, not people: "…, Lê Hoa và Trần Lan")."""
    if _FIXED_ORG.match(mtext, max(0, pos - len("phòng,")), end):
        return True    # "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn"
    m = _ORG_LIST.match(mtext, pos, end)
    return bool(m) and m.start(1) not in name_starts and not any(
        mtext.startswith(h, m.start(1)) for h in lex.heads)


def org_continues(mtext: str, pos: int, end: int, lex: Lexicon, name_starts: set[int]) -> bool:
    """After "và" inside a title: a capitalised organisation word, not a new title or a name."""
    m = re.match(r"\s+(\S+)", mtext[pos:end])
    if not m:
        return False
    start = pos + m.start(1)
    word = m.group(1)
    two = " ".join(mtext[start:start + 30].split()[:2]).lower()
    return (word[:1].isupper() and start not in name_starts and two not in lex.honorifics
            and word.lower() not in lex.honorifics and not any(mtext.startswith(h, start) for h in lex.heads))


_TERM_SUFFIX = re.compile(r"(?:,?\s+(?:khóa|khoá)\s+[IVXLCDM\d]+(?![^\W\d_]))?"
                          r"(?:,?\s+nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}(?!\d))?")


def skip_term(mtext: str, pos: int) -> int:
    """Past a term number that follows a title ("Ủy viên BCH Trung ương Đảng khóa X"), which
    is not part of the title but does not end the list of titles either."""
    m = _TERM_SUFFIX.match(mtext, pos)
    return m.end() if m else pos


_ASIDE = re.compile(r"\s*\(\s*([^()]{1,40}?)\s*\)")   # an aside after a name: age, birth year, home
_AGE = re.compile(r"(?:\d{1,3} tuổi|sinh năm \d{4})\s*")      # the same between commas


def _segment_end(doc: Doc, mtext: str, pos: int, limit: int, lex: Lexicon, name_starts: set[int]) -> int:
    """The end of one comma-separated item after a name (a comma inside "Sở Văn hóa, Thể thao
    và Du lịch" or the dash of "tỉnh Gia Lai - Kon Tum" does not end it)."""
    while True:
        nxt = re.search(r"[,;:()]|\s[-–]\s|\.(?=\s|$)", mtext[pos:limit])
        if not nxt:
            return limit
        cut = pos + nxt.start()
        if mtext[cut] == "," and _org_list(mtext, cut + 1, limit, lex, name_starts):
            pos = cut + 1
            continue
        if mtext[cut].isspace() and doc.res.gazetteer.joins(mtext[pos:cut].split()[-3:],
                                                             mtext[cut:limit].split()[1:3]):
            pos = cut + nxt.end() - nxt.start()   # "tỉnh Gia Lai - Kon Tum": one place
            continue
        return cut


def titles_after(doc: Doc, mtext: str, e: int, limit: int, lex: Lexicon, name_starts: set[int]) -> list[str]:
    """", Title, Title" (and ", Tỉnh ủy viên làm Bí thư Thành ủy") after a name."""
    titles: list[str] = []
    pos = skip_term(mtext, e)      # "… Tỉnh ủy Hà Giang khóa XVII, Bí thư Huyện ủy Đồng Văn"
    while pos < limit:
        aside = _ASIDE.match(mtext, pos, limit)
        if aside and parse_title(mtext, aside.start(1), aside.end(1), lex, name_starts) is None:
            pos = aside.end()   # "Trương Công Hoán (92 tuổi), nguyên Phó Chủ tịch …"
            continue
        dash = re.match(r"\s+[-–]\s+|\s*\(\s*", mtext[pos:limit])
        if mtext[pos] == ",":
            pos += 1
        elif dash:
            pos += dash.end()
        else:
            break
        seg_end = _segment_end(doc, mtext, pos, limit, lex, name_starts)
        later = [i for i in range(pos + 1, seg_end) if i in name_starts]
        if later:
            seg_end = min(later)
        a = pos + len(mtext[pos:seg_end]) - len(mtext[pos:seg_end].lstrip())
        if _AGE.fullmatch(mtext, a, seg_end) and not later:
            pos = seg_end   # "ông Chau Sóc Khăng, 58 tuổi, nguyên Bí thư Huyện ủy Tri Tôn"
            continue
        app = lex.appoint.match(mtext, a, seg_end)
        if app and app.start() == a:
            a = app.end()
        t_end = parse_title(mtext, a, seg_end, lex, name_starts)
        if t_end is None:
            break
        titles.append(doc.text[a:t_end])
        rest = mtext[skip_term(mtext, t_end):seg_end]
        app = lex.appoint.match(mtext, t_end, seg_end)
        if app:
            t2 = parse_title(mtext, app.end(), seg_end, lex, name_starts)
            if t2:
                titles.append(doc.text[app.end():t2])
            break
        if later or rest.strip():
            break
        pos = seg_end
    return titles


def titles_before(doc: Doc, mtext: str, sent_start: int, s: int, lex: Lexicon, name_starts: set[int]) -> list[str]:
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
            t_end = parse_title(mtext, pos, end, lex, name_starts | {end})
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


def _only_honorific(text: str, lex: Lexicon) -> bool:
    t = text.strip().lower()
    return not t or t in lex.honorifics
