"""Spreadsheet cells that cannot run: every CSV and XLSX writer passes its values through
`safe_cell`, so text a user typed (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`) opens as text,
not as a formula (OWASP, "CSV Injection": prefix such a value with a single quote).

Numbers stay numbers. `restore_cell` undoes the prefix when an export is read back (plan
import, the bulk report template), so a round trip gives back exactly what was typed.
"""

import re
from typing import Any

# What a spreadsheet may take for the start of a formula, half- and full-width.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Plain numbers written as text ("-5", "+3.25") are not formulas and are left alone.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _needs_quote(text: str) -> bool:
    if text.startswith("'"):
        # Quote a quoted-looking value again, so `restore_cell` gives it back unchanged.
        return _needs_quote(text[1:])
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """`value` as it may be written to a CSV or XLSX cell."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def restore_cell(value: Any) -> Any:
    """The value `safe_cell` was given, from a cell it wrote."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value
