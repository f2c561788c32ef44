"""The officials extractor's lexicons (title heads, family names, honorifics and ranks,
appointment phrases …), compiled once per :class:`Resources` and shared by every Doc."""
from __future__ import annotations

import re

from .doc import Doc
from .text import CAP, key, read_lines

# a capitalised syllable; "K'Bình", "H'Xuân"; foreign names joined by hyphens ("Park Jae-hyun",
# "Khăm-xổn Phôm-ma-chắc": lower case after the hyphen, so "Rịa-Vũng Tàu" stays two places)
CAPSYL = rf"(?:{CAP}[^\W\d_]*(?:'[^\W\d_]+)?(?:-(?!{CAP})[^\W\d_]+)*|[HY]'[^\W\d_]+)"
CANDIDATE = re.compile(rf"(?<![^\W\d_'])({CAPSYL}(?:[ \u00a0]+{CAPSYL}){{1,5}})")
NAME_RUN = rf"({CAPSYL}(?:[ \u00a0]+{CAPSYL}){{1,4}})"
ADMIN_WORDS = frozenset({"tỉnh", "huyện", "quận", "thành phố", "thị xã", "xã", "phường", "thị trấn",
                          "bản", "thôn", "tổ", "khu", "Khu", "Thị trấn"})



class Lexicon:
    """The lexicons this extractor reads, loaded once per Resources (cached on the Doc)."""

    def __init__(self, doc: Doc) -> None:
        res = doc.res
        self.surnames = res.surnames
        self.heads = res.title_heads
        self.words = res.title_words
        self.honorifics = res.honorifics
        self.anchors = tuple(sorted(set(res.honorifics) | set(read_lines("person_roles.txt")), key=len, reverse=True))
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
        self.honorific_run = re.compile(rf"(?<![^\W\d_])(?i:{alts})[ \u00a0]+(?:{NAME_RUN}|([{CAP[1:-1]}]'[^\W\d_]+))")
        # attendee lists: "…; Chang A Sử, Phó Bí thư Huyện ủy" — a run right after ";" or ":" and
        # right before ", <title head>" is a name whatever its family name
        heads = "|".join(re.escape(h) for h in self.heads)
        self.listed_run = re.compile(rf"[;:][ \u00a0]*{NAME_RUN},[ \u00a0]*(?:[Nn]guyên[ \u00a0]+)?(?:{heads})(?![^\W\d_])")


def lexicon(doc: Doc) -> Lexicon:
    cache = doc.res.compiled
    if "officials_lex" not in cache:
        cache["officials_lex"] = Lexicon(doc)
    return cache["officials_lex"]


# ------------------------------------------------------------------ names
