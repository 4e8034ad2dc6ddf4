"""k-anonymity of the CTDC records (exchange.domain.kanon): generalise first, suppress last."""

import random

from lidhja.exchange.domain import ctdc
from lidhja.exchange.domain.kanon import Hierarchy, anonymise, smallest_class

YEAR = Hierarchy("year", (lambda y: f"{int(y) // 10 * 10}s",))
SEX = Hierarchy("sex")


def test_rows_already_k_anonymous_are_left_alone():
    rows = [("2009", "F")] * 3 + [("2010", "M")] * 3
    result = anonymise(rows, [YEAR, SEX], 3)
    assert result.rows == sorted(rows)
    assert result.levels == {"year": 0, "sex": 0}
    assert (result.locally_generalised, result.suppressed) == (0, 0)


def test_a_column_is_generalised_for_everyone_before_values_are_blanked():
    rows = [("2008", "F")] * 2 + [("2009", "F")] * 2 + [("2011", "M")] * 3
    result = anonymise(rows, [YEAR, SEX], 3, local_share=0)
    # Years to decades: 2000s F (4) and 2010s M (3).
    assert result.levels == {"year": 1, "sex": 0}
    assert result.rows == [("2000s", "F")] * 4 + [("2010s", "M")] * 3
    assert result.suppressed == 0


def test_a_few_rare_records_have_values_blanked_then_are_suppressed_last():
    rows = [("2009", "F")] * 40 + [("2009", "M")] * 40 + [("2015", "M")] + [("2016", "F")]
    result = anonymise(rows, [YEAR, SEX], 3, local_order=[1, 0])
    # Two rare records of 82 (under 5%): no column is generalised for all; their sex is
    # blanked first, then their year; the pair left ("", "") is fewer than 3: suppressed.
    assert result.levels == {"year": 0, "sex": 0}
    assert result.rows == sorted([("2009", "F")] * 40 + [("2009", "M")] * 40)
    assert (result.locally_generalised, result.suppressed) == (0, 2)


def test_blanked_records_join_a_combination_seen_k_times():
    rows = [("2009", "F")] * 5 + [("2009", "")] * 3 + [("2009", "M")]
    result = anonymise(rows, [YEAR, SEX], 4, local_order=[1, 0], local_share=0.5)
    # The man's sex is blanked: he joins the three of unknown sex, and the four are kept.
    assert result.levels == {"year": 0, "sex": 0}
    assert result.rows == [("2009", "")] * 4 + [("2009", "F")] * 5
    assert (result.locally_generalised, result.suppressed) == (4, 0)


def test_multi_valued_cells_are_generalised_value_by_value():
    region = ctdc.HIERARCHIES["UN_COE_Region"]
    assert region.at("Southern Europe;Western Asia", 1) == "Asia;Europe"
    assert region.at("Northern Europe;Southern Europe", 1) == "Europe"
    assert region.at("Northern Europe;Southern Europe", 2) == ""
    year = ctdc.HIERARCHIES["yearRegister"]
    assert [year.at("2009", level) for level in range(4)] == ["2009", "2008-2010", "2008-2016", ""]
    assert year.at("2007", 1) == "2005-2007"


def test_every_combination_of_a_large_random_register_appears_k_times():
    rng = random.Random(11)  # noqa: S311 -- synthetic test data
    subregions = ["Southern Europe", "Western Europe", "Western Asia", "Northern Africa", ""]
    rows = [
        (
            str(rng.randint(2005, 2022)),
            rng.choice(["Female", "Male", ""]),
            rng.choice(["Adult", "Adult", "Minor", ""]),
            rng.choice(["1", ""]),
            rng.choice(["1", ""]),
            rng.choice(subregions),
            ";".join(sorted(set(rng.sample(subregions[:4], rng.randint(0, 2))))),
            rng.choice(["FriendAcquaintance", "StrangerUnknownOther", ""]),
        )
        for _ in range(20_000)
    ]
    result = ctdc.anonymised(rows, k=11)
    assert smallest_class(result.rows) >= 11
    assert len(result.rows) + result.suppressed == 20_000
    assert result.suppressed < 1000  # generalisation did most of the work
