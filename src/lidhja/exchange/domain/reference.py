"""A published reference value, validated, before it is stored (`services.import_reference`).

The layout is UNODC's Global Report on Trafficking in Persons data file (GLOTIP): 13 columns,
`txtVALUE` the value as published. The text is kept as it is ("<5" stays "<5"); the number is
read only from a text that is a number, plain or with thousands grouped ("1,192").

UNODC's file leaves some cells empty (no Iso3_code for Sark, no Category for some rows by
citizenship) and repeats some keys: several forms of exploitation published under "Other forms
of exploitation", for example, or two values for one sex. Each value is therefore kept with its
row in the file, every value of a repeated key is kept, and the comparison shows them all.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

# The columns of the UNODC file, in its order (and of `stats export --standard glotip`).
COLUMNS = (
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
)
UNODC_SERIES = "unodc-glotip"
CITATION = "UNODC, Global Report on Trafficking in Persons data"

NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
# A published range in place of a small count: "<5", "<10", "< 5".
BELOW = re.compile(r"<\s?\d+")
MAX_TEXT = 32


@dataclass(frozen=True)
class ReferenceRow:
    row: int  # the row in the file (1 is the first)
    iso3: str
    country: str
    region: str
    subregion: str
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    year: int
    unit: str
    text: str
    source: str

    @property
    def value(self) -> Decimal | None:
        return number(self.text)


def number(text: str) -> Decimal | None:
    """The number a published text states, or None ("<5", "n/a")."""
    return Decimal(text.replace(",", "")) if NUMBER.fullmatch(text) else None


def is_published_value(text: str) -> bool:
    """A number, or a range such as "<5" that stands for a small count."""
    return bool(NUMBER.fullmatch(text) or BELOW.fullmatch(text))
