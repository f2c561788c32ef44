"""Awards: giấy khen, bằng khen, cờ thi đua, huân chương, danh hiệu … with issuer and the
numbers of collectives (tập thể, or counted units: "20 tổ chức cơ sở đảng") and individuals
(cá nhân), in active ("X tặng Bằng khen cho 3 tập thể") and passive forms ("1 tập thể, 16
cá nhân được nhận Bằng khen của Tỉnh ủy", "thị xã vinh dự được Chủ tịch nước tặng Huân
chương …"). Without numbers, named recipients are counted ("Hội A và Hội B" = 2)."""
from __future__ import annotations

import re
from bisect import bisect_left

from schemas.records import Award

from .doc import Doc
from .numbers import COUNT_WORDS, parse_ordinal
from .text import key, read_lines

NAME = "awards"
VERSION = "awards.v13"

_ISSUER_OF = re.compile(r"\s*(?:của|do)\s+([^,;.()]+?)(?=\s+(?:cho|tặng|trao|vì|đã|có|về|nhờ|với|được)\b|[,;.()]|$)")
_AGENT = re.compile(r"được\s+([^;.()]+?)\s+(?:trao tặng|tặng thưởng|phong tặng|truy tặng|khen thưởng|tặng|trao|khen)\s*$")
_GIVEN = re.compile(r"(?:tặng|trao|đón nhận|nhận|được|khen thưởng|phong tặng|truy tặng)(?![^\W\d_])")
_VERB = re.compile(r"(?:trao tặng|tặng thưởng|phong tặng|truy tặng|khen thưởng|tặng|trao|khen)\s*$")
_PASSIVE = re.compile(r"\s(?:vinh dự\s+)?(?:được|đón nhận|nhận)(?![^\W\d_])")
_PROXY = re.compile(r"[Tt]hừa\s+(?:ủy|uỷ)\s+quyền(?:\s+của)?\s+([^,;.]+?)\s*,")
_RECIPIENT_AFTER = re.compile(r"\s+cho\s+([^;]+)")
_PROPOSED = re.compile(r"(?<![^\W\d_])(?:đề nghị|đề xuất|trình|xét)(?:\s+(?:cấp trên|Trung ương|Bộ|Chính phủ))?"
                       r"\s+(?:tặng|trao|khen thưởng|tặng thưởng|phong tặng|truy tặng)\s+$")
_ACHIEVED = re.compile(r"(?<![^\W\d_])(?:đạt|đạt được|giữ vững)\s+$")


_PLURAL = ("các ", "những ", "nhiều ")
_SINGLE = ("đồng chí", "ông", "bà")   # "đồng chí được Nhà nước tặng thưởng …": the person the text is about
_PERSONS = ("cá nhân", "đồng chí", "đảng viên", "hội viên", "đoàn viên", "cán bộ", "chiến sĩ", "nhà giáo", "giáo viên",
            "thanh niên", "học sinh", "sinh viên", "y, bác sĩ", "bác sĩ")


class _Lex:
    def __init__(self, doc: Doc) -> None:
        nouns = sorted(read_lines("collective_nouns.txt"), key=len, reverse=True)
        # "6 tập thể", "mười một cá nhân", "02 (hai) tập thể"; not the total of a ratio ("168/173 khu dân cư")
        self.count = re.compile(r"(?<![\d/.,])(?<![^\W\d_])(\d+|" + COUNT_WORDS + r")(?:\s*\([^()\d]{1,30}\))?\s+("
                                + "|".join(_PERSONS) + "|" + "|".join(re.escape(n) for n in nouns)
                                + r")(?![^\W\d_])(?!\s*/)")
        self.persons = tuple(sorted(set(doc.res.honorifics) | set(read_lines("person_roles.txt")), key=len, reverse=True))
        heads = sorted(read_lines("collective_heads.txt"), key=len, reverse=True)
        self.collective = re.compile(r"^(?:" + "|".join(re.escape(h) for h in heads) + r")(?![^\W\d_])")


def _lex(doc: Doc) -> _Lex:
    if "awards_lex" not in doc.res.compiled:
        doc.res.compiled["awards_lex"] = _Lex(doc)
    return doc.res.compiled["awards_lex"]


def extract(doc: Doc) -> tuple[Award, ...]:
    lex = _lex(doc)
    out: list[Award] = []
    seen: set[tuple] = set()
    stated: set[tuple] = set()     # (kind, collectives, individuals) already given
    kinds = [m for m in doc.matches if m.label == "AWARD_KIND"]
    for sent in doc.sentences:
        inherited: str | None = None   # "X trao Huân chương A cho …; trao Huân chương B cho …": X gives both
        for c_off, clause in _clauses(sent.text):
            c_start = sent.start + c_off
            lo = bisect_left(kinds, c_start, key=lambda m: m.start)
            hi = bisect_left(kinds, c_start + len(clause), lo, key=lambda m: m.start)
            hits = [m for m in kinds[lo:hi] if m.end <= c_start + len(clause)]
            # "tặng Giấy khen cho … 15 đảng viên đạt danh hiệu …": the title describes the recipients
            hits = [m for i, m in enumerate(hits) if not (i and _ACHIEVED.search(doc.text, c_start, m.start))]
            # "được đề nghị tặng Bằng khen": proposed, not given
            hits = [m for m in hits if not _PROPOSED.search(doc.text, max(c_start, m.start - 40), m.start)]
            recipients: dict[str, int] = {}
            for seg_off, c, hit in _segments(clause, c_start, hits):
                got = _award(doc, lex, c, hit.start - c_start - seg_off, hit.end - c_start - seg_off,
                             hit.id, inherited, c_start + seg_off, recipients)
                if got is None:
                    continue
                award, counted = got
                inherited = award.issuer
                recipients = {k: v for k, v in (("tập thể", award.collectives), ("cá nhân", award.individuals)) if v}
                item = (award.kind, key(award.issuer or ""), award.collectives, award.individuals)
                given = (award.kind, award.collectives, award.individuals)
                if item in seen or (not counted and any(_repeats(given, x) for x in stated)):
                    continue  # the same award repeated (headline, caption: "X trao Huân chương cho Sở Y")
                seen.add(item)
                stated.add(given)
                out.append(award)
    return tuple(out)


def _repeats(mention: tuple, earlier: tuple) -> bool:
    """A count-less mention repeats an earlier award of its kind when every number it has
    is the earlier one's ("trao Bằng khen cho buôn X" after "… cho buôn X và 2 cá nhân")."""
    return mention[0] == earlier[0] and all(a is None or a == b for a, b in zip(mention[1:], earlier[1:]))


def _segments(clause: str, c_start: int, hits: list) -> list[tuple[int, str, object]]:
    """One segment per award kind: "tặng danh hiệu … cho 5 cá nhân và tặng Bằng khen cho …"
    splits at the last "và" (else comma) between two kinds."""
    out = []
    seg_start = 0
    for i, hit in enumerate(hits):
        if i + 1 < len(hits):
            gap_a, gap_b = hit.end - c_start, hits[i + 1].start - c_start
            gap = clause[gap_a:gap_b]
            cut = max(gap.rfind(" và "), gap.rfind(","))
            seg_end = gap_a + cut if cut >= 0 else gap_b
        else:
            seg_end = len(clause)
        out.append((seg_start, clause[seg_start:seg_end], hit))
        seg_start = seg_end
    return out


def _award(doc: Doc, lex: _Lex, c: str, k_start: int, k_end: int, kind: str,
           inherited: str | None, start: int, recipients: dict[str, int]) -> tuple[Award, bool] | None:
    """The award of one segment, and whether the text gave its numbers (False: the named
    recipients were counted). ``recipients``: those of the previous kind in the same statement
    ("… được tặng thưởng Huân chương A, Huân chương B")."""
    counts = _counts(c, lex)
    counted = bool(counts)
    im = _ISSUER_OF.match(c, k_end)
    before = c[:k_start]
    issuer = im.group(1).strip() if im else None
    proxy = _PROXY.search(before)
    if issuer is None and proxy:
        issuer = proxy.group(1).strip()   # "Thừa ủy quyền của Chủ tịch nước, đồng chí X trao …"
    if issuer is None:
        am = _AGENT.search(before)
        vm = _VERB.search(before)
        if am:
            issuer = am.group(1).strip()
        elif vm:
            issuer = _clean_issuer(before[:vm.start()]) or inherited
        elif re.fullmatch(r"[\s,]*(?:và)?\s*", before):
            issuer = inherited  # "tặng Bằng khen cho … và danh hiệu … cho 5 cá nhân"
    if counts:   # "cho buôn Kô Siêr và 2 cá nhân": a named unit beside a counted group
        for slot, n in _named_recipients(doc, c, k_start, k_end, lex).items():
            counts.setdefault(slot, n)
    if not counts:
        if not (issuer and _GIVEN.search(c) or inherited):
            return None  # a mention without recipients' numbers or an issuer (e.g. a caption)
        counts = _named_recipients(doc, c, k_start, k_end, lex)
        if not counts and inherited and not _RECIPIENT_AFTER.search(c, k_end):
            counts = dict(recipients)
        if not counts:
            return None  # "trao giấy khen cho các cá nhân": no recipient the text names
    lead = len(c) - len(c.lstrip(" ,"))
    return Award(kind, issuer or None, counts.get("tập thể"), counts.get("cá nhân"),
                 doc.evidence(start + lead, start + len(c))), counted


def _counts(clause: str, lex: _Lex) -> dict[str, int]:
    out: dict[str, int] = {}
    for n, noun in lex.count.findall(clause):
        slot = "cá nhân" if noun in _PERSONS else "tập thể"
        out[slot] = out.get(slot, 0) + (int(n) if n.isdigit() else parse_ordinal(n))
    return out


def _named_recipients(doc: Doc, clause: str, k_start: int, k_end: int, lex: _Lex) -> dict[str, int]:
    """Count the named recipients of an award given without numbers."""
    after = _RECIPIENT_AFTER.search(clause, k_end)
    if after:
        # the reason starts the rest ("vì/có thành tích …"); "về" alone may be inside a unit's name
        text = re.split(r"\s+(?:vì|do|về thành tích|đã|nhờ|có)\s", after.group(1))[0]
    else:
        pm = _PASSIVE.search(clause[:k_start])
        if pm is None:
            return {}
        pieces = [x for x in re.split(r",\s*(?=[A-ZĐ])|^.*?(?:Nhân dịp này|Tại [^,]+|Cũng tại [^,]+|Trước đó),\s*",
                                      clause[:pm.start()]) if x and x.strip(" ,")]
        # "ông X, Trưởng trạm Y, vinh dự nhận …": the last piece that names a recipient, not its title
        text = next((x for x in reversed(pieces) if any(_names_recipient(doc, y.strip(" ,"), lex)
                                                        for y in re.split(r"\s+và\s+|;\s*", x))),
                    pieces[-1] if pieces else "")
    # "Đảng bộ, chính quyền và Nhân dân thị xã X" names one collective: the town
    text = re.sub(r"Đảng bộ,\s*chính quyền\s*và\s*(?:các tầng lớp\s*)?Nhân dân", "Nhân dân", text)
    collectives = individuals = 0
    for part in re.split(r"\s+và\s+|;\s*", text.strip()):
        part = _DISCOURSE.sub("", part.strip(" ,"))   # "Riêng Hợp tác xã X và bà Y, …, được … tặng"
        if not after:   # "Trong năm, ông X, nguyên Bí thư … được … tặng": the piece that names someone
            part = next((x for x in re.split(r",\s*", part) if _names_recipient(doc, x, lex)), part)
        low = part.lower()
        if low.startswith(_PLURAL):
            continue  # "cho các đồng chí lãnh đạo tỉnh": people, but not how many
        if low in _SINGLE or any(low.startswith(h + " ") for h in lex.persons):
            individuals += 1
        elif lex.collective.match(part):
            collectives += 1
    out = {}
    if collectives:
        out["tập thể"] = collectives
    if individuals:
        out["cá nhân"] = individuals
    return out


# discourse openers, and "tập thể" before a named unit ("cho tập thể Bệnh viện"; a bare "cho tập
# thể, cá nhân tiêu biểu" names nobody)
_DISCOURSE = re.compile(r"^(?:(?:Riêng|Ngoài ra|Đồng thời|Bên cạnh đó|Trong đó)\s*,?\s+|tập thể\s+(?=[A-ZĐ]))")


def _names_recipient(doc: Doc, part: str, lex: _Lex) -> bool:
    part = _DISCOURSE.sub("", part)
    low = part.lower()
    return low in _SINGLE or any(low.startswith(h + " ") for h in lex.persons) or bool(lex.collective.match(part))


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
    text = re.sub(r"^(?:và|cùng|đồng thời)\s+", "", text).strip()
    return text or None
