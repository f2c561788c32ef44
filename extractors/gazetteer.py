"""Vietnam's administrative units from the maintained ``vietnamadminunits`` package:
the 63 provinces with their 696 district-level units (before the July 2025 merger) and
the 34 provinces after it. Names are matched by :func:`extractors.text.key`."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import key

DISTRICT_KINDS = frozenset({"thành phố", "thị xã", "quận", "huyện"})
KINDS = {"Thành phố": "thành phố", "Thị xã": "thị xã", "Quận": "quận", "Huyện": "huyện", "Tỉnh": "tỉnh"}


def place_key(name: str) -> str:
    """:func:`key` plus the spelling variants of Central Highlands names (Đăk / Đắk / Đắc),
    written with or without spaces and hyphens between syllables (Đakrông / Đa Krông,
    Krông Pắc / Krông-Pắc)."""
    k = re.sub(r"(?<!\w)đ[ăắ][kc](?!\w)", "đắk", key(name)).replace("'đ", "'d")   # M'Đrắk / M'Drắk
    return re.sub(r"[\s\-]+", "", k)


@dataclass(frozen=True, slots=True)
class Unit:
    name: str          # without kind word: "Sơn La"
    kind: str          # thành phố | thị xã | quận | huyện | tỉnh
    province: str      # containing province (itself for a province)
    level: int         # 1 province, 2 district


@dataclass(frozen=True)
class Gazetteer:
    by_key: dict[str, tuple[Unit, ...]]
    source: str

    def lookup(self, name: str, kind: str | None = None) -> tuple[Unit, ...]:
        units = self.by_key.get(place_key(name), ())
        if kind is not None:
            exact = tuple(u for u in units if u.kind == kind)
            if exact or kind not in DISTRICT_KINDS:
                return exact
            # district-level units change kind over time (huyện → thị xã → thành phố):
            # an article's "huyện Sa Pa" is the unit the gazetteer now lists as thị xã Sa Pa
            return tuple(Unit(u.name, kind, u.province, 2) for u in units if u.level == 2)
        return units

    def joins(self, before: list[str], after: list[str]) -> bool:
        """Whether a dash between the words ``before`` and ``after`` joins the two halves of one
        place ("Gia Lai - Kon Tum", "Phan Rang - Tháp Chàm"): up to 3 words before, 2 after."""
        return any(self.lookup(" ".join(before[i:]) + " - " + " ".join(after[:j]))
                   for i in range(max(0, len(before) - 3), len(before)) for j in (1, 2) if j <= len(after))

    def names(self) -> list[str]:
        return list(self.by_key)


def load_gazetteer() -> Gazetteer:
    from importlib.metadata import version

    from vietnamadminunits.database import query

    pkg_version = version("vietnamadminunits")

    units: list[Unit] = []
    legacy = query("SELECT DISTINCT province, provinceShort, district, districtType FROM admin_units_legacy")
    provinces: dict[str, str] = {}
    for row in legacy:
        provinces[row["provinceShort"]] = row["province"]
        # the name from the full name: the package's short names carry a "(Huyện)" tag on
        # names shared by two units of one province (Cao Lãnh city and Cao Lãnh district)
        name = re.sub(r"^(?:Thành phố|Thị xã|Quận|Huyện)\s+", "", row["district"], flags=re.I)
        units.append(Unit(name, KINDS[row["districtType"]], row["provinceShort"], 2))
    for row in query("SELECT DISTINCT province, provinceShort FROM admin_units"):
        provinces.setdefault(row["provinceShort"], row["province"])
    for short, full in provinces.items():
        kind = "thành phố" if full.startswith("Thành phố") else "tỉnh"
        units.append(Unit(short, kind, short, 1))
    from .text import read_table

    for name, kind, province, level in read_table("extra_units.tsv"):
        units.append(Unit(name, kind, province, int(level)))
    by_key: dict[str, list[Unit]] = {}
    for u in units:
        by_key.setdefault(place_key(u.name), []).append(u)
    return Gazetteer({k: tuple(v) for k, v in by_key.items()}, f"vietnamadminunits {pkg_version}")
