"""Countries by UN M49 region and sub-region, from the data file `exchange/data/m49.csv`
(see `exchange/data/README.md` for where it comes from).

CTDC publishes regions in four groups: Africa, Americas/Oceania (the two regions together, the
smallest), Asia and Europe. `wide_region` gives that grouping, one step coarser than the M49
sub-region that `subregion` gives.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "m49.csv"

# CTDC's grouping of the M49 regions.
WIDE = {"Americas": "Americas/Oceania", "Oceania": "Americas/Oceania"}


@dataclass(frozen=True)
class Area:
    region: str
    subregion: str


@cache
def areas() -> dict[str, Area]:
    """ISO 3166-1 alpha-2 code -> its M49 region and sub-region."""
    found: dict[str, Area] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            area = Area(row["region"], row["subregion"])
            for code in row["countries"].split():
                if code in found:
                    raise ValueError(f"{DATA.name}: {code} is listed twice")
                found[code] = area
    return found


def subregion(alpha2: str) -> str:
    """The M49 sub-region of a country ("Southern Europe"), or "" when unknown."""
    area = areas().get((alpha2 or "").upper())
    return area.subregion if area else ""


def region(alpha2: str) -> str:
    """The M49 region of a country ("Europe"), or "" when unknown."""
    area = areas().get((alpha2 or "").upper())
    return area.region if area else ""


def wide_region(alpha2: str) -> str:
    """The region in CTDC's grouping ("Americas/Oceania" for both), or "" when unknown."""
    name = region(alpha2)
    return WIDE.get(name, name)


@cache  # the table is fixed; exports ask for the same few names many times
def widen(subregion_name: str) -> str:
    """The CTDC region of an M49 sub-region, or "" for an unknown one."""
    for area in areas().values():
        if area.subregion == subregion_name:
            return WIDE.get(area.region, area.region)
    return ""
