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
from bisect import bisect_left
from dataclasses import dataclass, field

from schemas.records import Official

from .doc import Doc
from .official_lexicon import Lexicon, lexicon
from .person_names import Name, find_names, has_honorific
from .text import CAP, key, modern_tones
from .titles import parse_title, skip_term, titles_after, titles_before

NAME = "officials"
VERSION = "officials.v19"


@dataclass
class _Person:
    name: str
    titles: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    given: set[str] = field(default_factory=set)   # keys of titles the text hands them now ("được bầu làm T")

    def add(self, title: str, *, given: bool = False) -> None:
        title = title.strip(" ,;")
        if title and key(title) not in {key(t) for t in self.titles}:
            self.titles.append(title)
        if title and given:
            self.given.add(key(title))



def _listed(mtext: str, sent_start: int, s: int) -> bool:
    """Names in a list introduced by "Các đồng chí:", "gồm:", "gồm các đồng chí"."""
    before = mtext[sent_start:s]
    colon = before.rfind(":")
    return bool(re.search(r"(?:[Cc]ác đồng chí|gồm(?: các đồng chí)?)\s*:?[^;.]*$", before)) and \
        ";" not in before[colon + 1:]


_HEADER = re.compile(
    rf"(?:(?:gồm\s+)?(?P<n>\d+|hai|ba|bốn|năm)|[Cc]ác(?:\s+đồng\s+chí)?)"
    # "4 đồng chí giữ chức Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh khóa XVII, gồm:"
    r"(?:\s+đồng\s+chí\s+(?:giữ\s+chức(?:\s+vụ)?|làm))?"
    rf"\s+(?P<title>{CAP}[^:;.]{{2,60}}?)(?:\s+(?:khóa|khoá)\s+[IVXLC\d]+)?\s*,?\s*"
    r"(?:(?:gồm|là)(?:\s+các\s+đồng\s+chí)?\s*:?|:)\s*"
)
_WORD_NUM = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5}


def _list_headers(doc: Doc, mtext: str, lex: Lexicon, names: list[Name], people: dict[str, _Person]) -> None:
    """"2 Phó Bí thư gồm: A, B" gives the next two listed people the header's title."""
    for m in _HEADER.finditer(mtext):
        if parse_title(mtext, m.start("title"), m.end("title"), lex, set()) != m.end("title"):
            continue
        title = doc.text[m.start("title"):m.end("title")]
        n = m.group("n")
        count = (int(n) if n.isdigit() else _WORD_NUM[n]) if n else 99
        stop = re.search(r"\.(?=\s|$)", mtext[m.end():])
        limit = m.end() + stop.start() if stop else len(mtext)
        listed = _within(names, m.end(), limit)[:count]
        # "gồm: đồng chí A, T; đồng chí B, T": every item opens with "đồng chí", all are members
        uniform = bool(listed) and bool(_PRONOUN.search(mtext, m.end(), listed[0].start))
        for n in listed:
            if not m.group("n") and not uniform and ";" in mtext[m.end():n.start] \
                    and _PRONOUN.search(mtext, m.end(), n.start):
                break   # "các đồng chí Phó Chủ tịch UBND tỉnh: A, B; đồng chí C, Phó Chủ tịch HĐND tỉnh"
            _person(doc, people, n).add(title)


def _appointments(doc: Doc, mtext: str, lex: Lexicon, names: list[Name], people: dict[str, _Person]) -> None:
    """"A, Title và B được bầu làm T" / "bầu đồng chí X giữ chức T": every subject gets T."""
    name_starts = {n.start for n in names}
    for sent in doc.sentences:
        in_sent = _within(names, sent.start, sent.end)
        for m in lex.appoint.finditer(mtext, sent.start, sent.end):
            t_end = parse_title(mtext, m.end(), sent.end, lex, name_starts)
            if t_end is None:
                continue
            titles = [doc.text[m.end():t_end]] + titles_after(doc, mtext, t_end, sent.end, lex, name_starts)
            if m.group(0).rstrip().endswith(":"):   # "từng giữ các chức vụ: T; T; T, T."
                titles = _title_list(doc, mtext, m.end(), sent.end, lex, name_starts)
            clause_start = max(mtext.rfind(c, sent.start, m.start()) for c in ";:")
            header = _LIST_HEAD.search(mtext, sent.start, m.start())
            listing = header is not None
            if header:   # "(…; các đồng chí:) A, T; B, T được bầu giữ chức X"
                clause_start = header.end() - 1
            before = [n for n in in_sent if max(clause_start, sent.start) <= n.start and n.end <= m.start()]
            if not before:
                # "phân công đồng chí Khải giữ chức T": a short mention of someone already named
                shorts = list(re.finditer(rf"(?<!\w)(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+(\w+)(?!\s+{CAP})",
                                          mtext[sent.start:m.start()]))
                short = shorts[-1] if shorts else None
                hosts = [p for p in people.values() if short and p.name.split()[-1] == short.group(1)]
                if len(hosts) != 1 and (_PRONOUN.search(mtext, sent.start, m.start())
                                        or _BARE_SUBJECT.search(mtext, sent.start, m.start())):
                    hosts = _last_named(doc, mtext, names, people, sent.start)
                if not hosts:
                    # "Ông X, sinh năm 1964, quê …; có 38 năm công tác, từng giữ các chức vụ T":
                    # a later clause of a sentence that opens with the person
                    opener = next((n for n in in_sent if n.end <= m.start()
                                   and _OPENER.fullmatch(mtext, sent.start, n.start)), None)
                    if opener and key(doc.text[opener.start:opener.end]) in people and not any(
                            n is not opener and not n.blocked and n.end <= m.start() for n in in_sent):
                        hosts = [people[key(doc.text[opener.start:opener.end])]]
                if len(hosts) == 1:
                    given = _handed_now(mtext, sent.start, m)
                    for title in titles:
                        hosts[0].add(title, given=given)
                continue
            subjects = [before[-1]]
            for prev in reversed(before[:-1]):
                gap = mtext[prev.end:subjects[0].start]
                joined = r"(?:\svà|[,;])" if listing else r"(?:\svà|,)"
                if re.search(joined + r"\s*(?:đồng chí|ông|bà|anh|chị)?\s*$", gap) and not lex.appoint.search(gap):
                    subjects.insert(0, prev)
                else:
                    break
            given = _handed_now(mtext, sent.start, m)
            for n in subjects:
                for title in titles:
                    _person(doc, people, n).add(title, given=given)
    for m in re.finditer(r"chức (?:danh|vụ) ", mtext):
        t_end = parse_title(mtext, m.end(), len(mtext), lex, name_starts)
        if t_end is None:
            continue
        after = skip_term(mtext, t_end)   # "… chức vụ Phó Chủ tịch UBND tỉnh nhiệm kỳ 2021 - 2026 đối với ông X"
        tail = re.match(r"\s*(?:đối với|cho)\s+(?:đồng chí|ông|bà)\s+", mtext[after:])
        if tail:
            target = next((n for n in names if n.start == after + tail.end()), None)
            if target:
                _person(doc, people, target).add(doc.text[m.end():t_end])


# a career ("từng giữ các chức vụ", "nguyên là", "trong thời gian … làm T"), not a post handed now
_OBITUARY = re.compile(r"(?<![^\W\d_])(?:[Tt]in buồn|từ trần|[Bb]an [Ll]ễ tang|[Ll]ễ truy điệu)(?![^\W\d_])")
_PAST = re.compile(r"(?<!\w)(?:từng|lần lượt|nguyên|đã (?:giữ|đảm|trải|kinh))(?!\w)", re.I)
_TENURE = re.compile(r"(?<!\w)(?:(?:trong |suốt )?(?:thời gian|thời kỳ|những năm)"
                     r"|[Tt]ừ năm (?:19|20)\d\d đến(?: năm)? (?:19|20)\d\d"
                     r"|(?:từng|lần lượt|đã) (?:giữ|đảm nhiệm|đảm nhận|trải qua|kinh qua))(?!\w)", re.I)


def _handed_now(mtext: str, sent_start: int, m: re.Match[str]) -> bool:
    """Whether the appointment phrase ``m`` hands a post now, not recounts a career (also
    later in a sentence that began one: "từng giữ các chức vụ: …; năm 1991 được bầu làm T")."""
    return not _PAST.search(m.group(0)) and not _TENURE.search(mtext, sent_start, m.start())
# "Tại Đại hội XIII, đồng chí được bầu làm T; tháng 3/2024 được bổ nhiệm T": a bare "đồng chí"
# (no name after it; not "bà con") is the subject of the sentence's later clauses too
_BARE_SUBJECT = re.compile(r"(?<![^\W\d_])(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)(?!\s+(?:con|bà|{cap}))(?=\s)".format(cap=CAP))
_LIST_HEAD = re.compile(r"(?<![^\W\d_])[Cc]ác đồng chí\s*:")
_OPENER = re.compile(r"\s*(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)?\s*")
# "…, đồng chí từng đảm nhiệm các chức vụ T, T": "đồng chí" alone stands for the person just named
# ("2 đồng chí giữ chức T, gồm: …", "các đồng chí": a counted group, not the person just named)
_PRONOUN = re.compile(r"(?<![^\W\d_])(?<!\d )(?<!các )(?<!hai )(?<!ba )(?<!bốn )(?<!năm )(?<!những )"
                      r"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s*$")


def _last_named(doc: Doc, mtext: str, names: list[Name], people: dict[str, _Person], pos: int) -> list[_Person]:
    """The person named last before ``pos`` in the same paragraph (one, or none); in a
    paragraph that opens with a bare "Đồng chí …" (an obituary's career paragraph), the
    person named last before the paragraph."""
    para = mtext.rfind("\n", 0, pos) + 1
    start = 0 if _BARE_SUBJECT.match(mtext, para) else para
    for n in reversed([n for n in names if start <= n.start and n.end <= pos]):
        p = people.get(key(doc.text[n.start:n.end]))
        if p is not None:
            return [p]
    return []


def _title_list(doc: Doc, mtext: str, start: int, end: int, lex: Lexicon, name_starts: set[int]) -> list[str]:
    """The titles of a career list, items separated by ';' (each item may hold several)."""
    titles: list[str] = []
    pos = start
    while pos < end:
        nxt = mtext.find(";", pos, end)
        item_end = nxt if nxt >= 0 else end
        a = pos + len(mtext[pos:item_end]) - len(mtext[pos:item_end].lstrip())
        t_end = parse_title(mtext, a, item_end, lex, name_starts)
        if t_end is None:
            break
        titles += [doc.text[a:t_end]] + titles_after(doc, mtext, t_end, item_end, lex, name_starts)
        pos = item_end + 1
    return titles


_CLAUSE = re.compile(r"[;,]")
_SHORT_SUBJECT = re.compile(rf"\s*(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+({CAP}\w*(?:\s{CAP}\w*)?)(?![\w])")
_FORMER = re.compile(r"\s*nguyên\s", re.I)


def _clause_titles(doc: Doc, mtext: str, lex: Lexicon, names: list[Name], name_starts: set[int],
                   people: dict[str, _Person]) -> None:
    """"Đồng chí X sinh năm 1980, quê huyện Y; nguyên Phó Chủ tịch UBND huyện Y.": a clause
    made of titles alone, in a sentence that opens with the person and names nobody else.
    After a comma only a former post counts ("Ông X 47 tuổi, …, nguyên Chủ tịch UBND thị xã
    Y"): a comma clause that opens with a title head is too often a new subject."""
    for sent in doc.sentences:
        in_sent = [n for n in _within(names, sent.start, sent.end) if not n.blocked]
        if not in_sent:      # "Ông Giang 47 tuổi, …": the given name of one person named before
            short = _SHORT_SUBJECT.match(mtext, sent.start, sent.end)
            tail = key(short.group(1)).split() if short else []
            hosts = [p for p in people.values() if tail and key(p.name).split()[-len(tail):] == tail
                     and p.start < sent.start]
            if len(hosts) != 1:
                continue
            host, subject_end = hosts[0], short.end(1)
        else:
            if len(in_sent) > 1 or not _OPENER.fullmatch(mtext, sent.start, in_sent[0].start):
                continue
            host = people.get(key(doc.text[in_sent[0].start:in_sent[0].end]))
            if host is None:
                continue
            subject_end = in_sent[0].end
        for sep in _CLAUSE.finditer(mtext, subject_end, sent.end):
            a = sep.end()
            if sep.group() == "," and not _FORMER.match(mtext, a):
                continue
            a += len(mtext[a:sent.end]) - len(mtext[a:sent.end].lstrip())
            nxt = mtext.find(";", a, sent.end)
            c_end = nxt if nxt >= 0 else sent.end
            t_end = parse_title(mtext, a, c_end, lex, name_starts)
            after = skip_term(mtext, t_end) if t_end is not None else c_end
            if t_end is None or mtext[after:c_end].strip(" .") and mtext[after:after + 1] != ",":
                continue
            for title in [doc.text[a:t_end]] + titles_after(doc, mtext, t_end, c_end, lex, name_starts):
                host.add(title)


def _within(names: list[Name], start: int, end: int) -> list[Name]:
    """The names (sorted by start) that start in [start, end): a bisection, not a scan, so
    long texts stay linear."""
    lo = bisect_left(names, start, key=lambda n: n.start)
    hi = bisect_left(names, end, lo, key=lambda n: n.start)
    return names[lo:hi]


def _person(doc: Doc, people: dict[str, _Person], n: Name) -> _Person:
    name = doc.text[n.start:n.end]
    return people.setdefault(key(name), _Person(name, start=n.start, end=n.end))


# ------------------------------------------------------------------ main
def extract(doc: Doc) -> tuple[Official, ...]:
    lex = lexicon(doc)
    mtext = modern_tones(doc.text)  # same length: tone marks only move within a syllable
    names = find_names(doc, mtext, lex)
    name_starts = {n.start for n in names}
    people: dict[str, _Person] = {}
    for sent in doc.sentences:
        for n in _within(names, sent.start, sent.end):
            before = titles_before(doc, mtext, sent.start, n.start, lex, name_starts)
            after = titles_after(doc, mtext, n.end, sent.end, lex, name_starts)
            anchored = bool(before) or n.honorific or has_honorific(mtext, n.start, lex) or (
                not n.blocked and (bool(after) or _listed(mtext, sent.start, n.start)))
            if not anchored:
                continue
            p = _person(doc, people, n)
            for t in before + after:
                p.add(t)
    _list_headers(doc, mtext, lex, [n for n in names if key(doc.text[n.start:n.end]) in people or n.honorific
                                    or not n.blocked], people)
    _appointments(doc, mtext, lex, names, people)
    _clause_titles(doc, mtext, lex, names, name_starts, people)
    # an obituary recounts the career of the one who died: a post "handed" to them in it ("được bầu
    # làm Bí thư Tỉnh ủy") is a former one
    mourned = " ".join(s.text for s in doc.sentences if _OBITUARY.search(s.text))
    return tuple(Official(p.name, tuple(_fold(p.titles, set() if p.name in mourned else p.given)),
                          doc.evidence(p.start, p.end))
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


def _fold(titles: list[str], given: set[str]) -> list[str]:
    """Drop a title that is a bare prefix of a fuller title of the same person, or the same
    post (or its bare prefix) as a former post of theirs: with "nguyên Bí thư Tỉnh ủy X",
    "Bí thư Tỉnh ủy X" in the career list or "thời gian … làm Bí thư" is that former post
    again, but not a post the text hands them now ("được bầu làm", "giữ chức": ``given``)."""
    keys = [key(t) for t in titles]
    former = [k.removeprefix("nguyên ") for k in keys if k.startswith("nguyên ")]
    return [t for t, k in zip(titles, keys)
            if not any(o != k and o.startswith(k + " ") for o in keys)
            and (k in given or not any(f == k or f.startswith(k + " ") for f in former))]
