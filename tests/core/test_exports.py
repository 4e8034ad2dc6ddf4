"""`safe_cell`: what a user typed never opens as a formula, numbers stay numbers, and
`restore_cell` gives back exactly what was typed."""

from decimal import Decimal

import pytest

from lidhja.core.cells import restore_cell, safe_cell


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("'=1", "''=1"),  # a quote typed before a formula survives the round trip
        ("-5", "-5"),  # a number written as text is no formula
        ("+3.25", "+3.25"),
        ("Train 40 officers", "Train 40 officers"),
        ("'quoted'", "'quoted'"),
        ("", ""),
        (-5, -5),
        (Decimal("-1250.50"), Decimal("-1250.50")),
        (None, None),
    ],
)
def test_safe_cell_and_back(typed, written):
    assert safe_cell(typed) == written
    assert type(safe_cell(typed)) is type(typed)
    assert restore_cell(safe_cell(typed)) == typed
