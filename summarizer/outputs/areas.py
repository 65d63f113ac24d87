"""Sea areas and named regions the exports place on their own point, never at a capital.

Data only: a representative point (roughly the middle of the area, in open water for a sea)
and the countries it belongs to (for a sea: the coastal states, the only countries an event
at sea is filed under). Names are matched as whole words inside the brief's place, longest
first, so "northwestern part of the Black Sea" is the Black Sea and "Red Sea and Gulf of
Aden" the Red Sea (the first named).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal


@dataclass(frozen=True)
class Area:
    """A sea or a named region: its name, its point, and its countries (alpha-3)."""

    name: str
    kind: Literal["sea", "region"]
    lat: float
    lon: float
    countries: tuple[str, ...]


_MED = "ESP FRA MCO ITA MLT SVN HRV BIH MNE ALB GRC TUR CYP SYR LBN ISR PSE EGY LBY TUN DZA MAR"
_CARIBBEAN = ("MEX BLZ GTM HND NIC CRI PAN COL VEN CUB JAM HTI DOM PRI TTO ATG BHS BRB DMA "
              "GRD KNA LCA VCT")

# name (and other names, "|"-separated): lat, lon, coastal states ("" = any)
SEAS: Final[dict[str, tuple[float, float, str]]] = {
    "Gulf of Aden": (12.5, 47.5, "YEM SOM DJI"),
    "Bab el-Mandeb|Bab al-Mandab|Bab-el-Mandeb": (12.6, 43.3, "YEM DJI ERI"),
    "Red Sea": (20.0, 38.5, "YEM SAU EGY SDN ERI DJI ISR JOR"),
    "Arabian Sea": (16.0, 63.0, "IND PAK OMN YEM SOM IRN MDV"),
    "Gulf of Oman|Sea of Oman": (24.5, 58.5, "OMN IRN ARE PAK"),
    "Strait of Hormuz|Hormuz Strait": (26.6, 56.3, "IRN OMN ARE"),
    "Persian Gulf|Arabian Gulf": (27.0, 51.5, "IRN IRQ KWT SAU BHR QAT ARE OMN"),
    "Eastern Mediterranean": (34.0, 32.0, "CYP SYR LBN ISR PSE EGY TUR GRC LBY"),
    "Mediterranean Sea|Mediterranean": (35.0, 18.0, _MED),
    "Aegean Sea": (39.0, 25.0, "GRC TUR"),
    "Black Sea": (43.4, 34.3, "UKR RUS TUR ROU BGR GEO"),
    "Sea of Azov": (46.0, 36.5, "UKR RUS"),
    "Kerch Strait": (45.3, 36.5, "UKR RUS"),
    "Caspian Sea": (41.9, 50.7, "RUS KAZ TKM IRN AZE"),
    "Baltic Sea": (58.0, 20.0, "SWE FIN EST LVA LTU POL DEU DNK RUS"),
    "North Sea": (56.0, 3.0, "GBR NOR DNK DEU NLD BEL FRA"),
    "English Channel": (50.2, -1.0, "GBR FRA"),
    "Caribbean Sea|Caribbean": (15.0, -75.0, _CARIBBEAN),
    "Gulf of Mexico": (25.0, -90.0, "USA MEX CUB"),
    "Eastern Pacific": (10.0, -95.0, ""),
    "South China Sea|West Philippine Sea": (12.0, 113.0, "CHN VNM PHL MYS BRN IDN TWN"),
    "East China Sea": (29.0, 125.0, "CHN JPN KOR TWN"),
    "Yellow Sea|West Sea": (35.5, 123.5, "CHN PRK KOR"),
    "Sea of Japan|East Sea": (40.0, 135.0, "JPN KOR PRK RUS"),
    "Taiwan Strait": (24.5, 119.5, "CHN TWN"),
    "Philippine Sea": (20.0, 130.0, "PHL JPN TWN"),
    "Indian Ocean": (-20.0, 80.0, ""),
    "Atlantic Ocean": (14.0, -40.0, ""),
    "Pacific Ocean": (0.0, -160.0, ""),
}  # fmt: skip

# named regions with no city of their name: lat, lon, countries
REGIONS: Final[dict[str, tuple[float, float, str]]] = {
    "Kurdistan Region|Iraqi Kurdistan|Kurdistan Region of Iraq": (36.2, 44.0, "IRQ"),
    "West Bank": (31.95, 35.25, "PSE"),
    "Gaza Strip": (31.42, 34.38, "PSE"),
    "Golan Heights|Golan": (33.0, 35.75, "SYR ISR"),
    "Sinai Peninsula|Sinai|North Sinai": (30.0, 33.8, "EGY"),
    "Donbas|Donbass": (48.0, 38.0, "UKR"),
    "Crimea": (45.3, 34.4, "UKR"),
    "Nagorno-Karabakh|Karabakh": (39.9, 46.7, "AZE"),
    "Darfur": (13.5, 24.0, "SDN"),
    "Tigray": (14.0, 39.0, "ETH"),
    "Balochistan|Baluchistan": (28.5, 65.0, "PAK"),
    "Khyber Pakhtunkhwa": (34.5, 72.0, "PAK"),
    "North Waziristan|South Waziristan|Waziristan": (32.8, 70.0, "PAK"),
    "Puntland": (8.5, 49.5, "SOM"),
    "Somaliland": (9.5, 46.0, "SOM"),
    "Jubaland": (0.5, 42.0, "SOM"),
    "Sistan and Baluchestan|Sistan-Baluchestan": (27.5, 60.5, "IRN"),
    "Nangarhar": (34.2, 70.5, "AFG"),
    "Yobe State|Yobe": (12.3, 11.5, "NGA"),
    "Borno State|Borno": (11.8, 13.1, "NGA"),
}  # fmt: skip


@cache
def _areas() -> tuple[tuple[re.Pattern[str], Area], ...]:
    """(pattern, area) for every name, longest name first."""
    named: list[tuple[str, Area]] = []
    tables: tuple[tuple[Literal["sea", "region"], dict[str, tuple[float, float, str]]], ...]
    tables = (("sea", SEAS), ("region", REGIONS))
    for kind, table in tables:
        for names, (lat, lon, codes) in table.items():
            area = Area(names.split("|")[0], kind, lat, lon, tuple(codes.split()))
            named.extend((name, area) for name in names.split("|"))
    named.sort(key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE), area)
                 for name, area in named)


def area_in(place: str) -> Area | None:
    """The sea or named region ``place`` names (the first named when several), else None."""
    hits = [(m.start(), -len(m.group()), area) for pattern, area in _areas()
            if (m := pattern.search(place))]
    return min(hits, key=lambda hit: hit[:2])[2] if hits else None
