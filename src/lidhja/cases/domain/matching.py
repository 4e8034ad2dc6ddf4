"""The linkage model, declared once: which tokens are compared, at which levels, and how much
each level weighs (Fellegi–Sunter m and u probabilities). Two evaluators read it: Splink (with
DuckDB) for the batch linkage of the whole register, and `score` for the check made when a
case is opened. Both give the same probability for the same pair (a test compares them).

The m and u probabilities are fixed here, not trained. There are no labelled pairs in a real
register, and expectation-maximisation on tokens that match only exactly is unstable and would
make the Responsible Authority's queue depend on the run. Fixed values can be reviewed, and the
precision and recall they give on a synthetic register with injected duplicates are tested
(tests/cases/test_linkage_quality.py) and measured at a million records (bench/linkage.py).
How the values were chosen:
- u (two different persons agree) from the spread of the values: about 22,000 dates of birth
  in sixty years (u 5e-5 for the date), one birthday in 365 or one month of a year in 720 for
  two parts of the date, one in 30 for the year; names from their frequencies in a register,
  an exact pair of folded names rarer than a phonetic pair, one name alike common (u 0.02);
  sex one in two. The given name alike with the family name beginning or ending alike is
  1.4e-4: the share of random pairs of the synthetic register of a million that agree on the
  given name (0.0047) times the share that agree on the first or last four letters of the
  family name (0.029; Albanian family names end alike often: -aj, -aku, -llari). A u needs no
  labelled pair: it is the share of pairs of *random* records that agree, read from the token
  counts alone.
- m (the same person agrees) from the slips the register sees: most duplicates carry the same
  names once folded, some only sound alike, a few share one name; most dates are exact; the
  sex is rarely recorded wrong (m 0.005 for a different sex: a pair that differs in sex needs
  much more to agree).
- PRIOR, the probability that two records drawn at random are the same person: about 1e-6
  (a register of tens of thousands of persons with a few per cent recorded twice).
- THRESHOLD: pairs at or above it are proposed to the Responsible Authority, never linked
  automatically.

Term frequencies. A fixed u says how often two different persons share *a* value; for a common
name it is far too low (at a million records hundreds of persons share the commonest folded
names), and precision falls with the size of the register. So the levels that agree on one
name token (the same names, names that sound alike) take the token's own frequency instead,
when it is common: Splink's term-frequency adjustment, whose factor is
u / max(tf, u), tf being the share of records holding the token. It only ever lowers a weight
(a rare value weighs what the fixed u says, never more), and it is used only for a token seen
in at least MIN_COMMON records: fewer is what one person recorded two or three times looks like,
and a small register must not take its own duplicates for common names. The frequencies are
counts of the stored tokens, no plain value is needed; the batch computes them over the table
it links, the check at opening from the token table (`linkage.frequencies`), alike.

Aliases (tokens.py) make a person several records; a pair of persons scores as its best pair
of records that share a block (ties broken by the lower variants), in Splink and in `best`.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain.tokens import (
    DOB,
    DOB_MD,
    DOB_SWAP,
    DOB_YD,
    DOB_YM,
    FAMILY,
    FAMILY_HEAD,
    FAMILY_TAIL,
    GIVEN,
    NAMES,
    SEX,
    SOUNDS,
    YOB,
)

PRIOR = 1e-6
THRESHOLD = 0.5
# A token seen in fewer records than this is not adjusted for its frequency (see above).
MIN_COMMON = 5
# A record's unique id in the batch: person id * VARIANTS + variant (tokens.MAX_ALIASES < it).
VARIANTS = 8
Tokens = dict[str, str]
# (kind, token) -> the share of records holding the token, or None when it is not common.
Frequency = Callable[[str, str], float | None]


@dataclass(frozen=True)
class Level:
    """A level of a comparison: it holds when any of `alternatives` holds, and an alternative
    holds when each (left kind, right kind) pair of tokens is present and equal."""

    name: str
    label: Promise
    alternatives: tuple[tuple[tuple[str, str], ...], ...]
    m: float
    u: float
    tf: str | None = None  # the kind whose frequency adjusts u when common (see above)

    def factor(self, left: Tokens, right: Tokens, frequency: Frequency | None) -> float:
        """Splink's term-frequency adjustment of this level (1 when there is none)."""
        if self.tf is None or frequency is None:
            return 1.0
        shares = (frequency(self.tf, left[self.tf]), frequency(self.tf, right[self.tf]))
        known = [share for share in shares if share is not None]
        if not known:
            return 1.0
        return float(self.u / max(*known, self.u))

    def holds(self, left: Tokens, right: Tokens) -> bool:
        return any(
            all(left.get(a) is not None and left.get(a) == right.get(b) for a, b in alternative)
            for alternative in self.alternatives
        )

    def sql(self) -> str:
        return " OR ".join(
            "(" + " AND ".join(f'"{a}_l" = "{b}_r"' for a, b in alternative) + ")"
            for alternative in self.alternatives
        )


@dataclass(frozen=True)
class Comparison:
    name: str
    label: Promise
    null_when_missing: str  # the kind whose absence on either side makes the pair say nothing
    levels: tuple[Level, ...]
    else_m: float
    else_u: float

    def level_of(self, left: Tokens, right: Tokens) -> Level | None:
        """The first level that holds; None when a side lacks the token (no evidence) or when
        none holds (the else level)."""
        if self.null_when_missing not in left or self.null_when_missing not in right:
            return None
        return next((level for level in self.levels if level.holds(left, right)), None)

    def bayes_factor(
        self, left: Tokens, right: Tokens, frequency: Frequency | None = None
    ) -> float:
        if self.null_when_missing not in left or self.null_when_missing not in right:
            return 1.0
        level = self.level_of(left, right)
        if level is None:
            return self.else_m / self.else_u
        return level.m / level.u * level.factor(left, right, frequency)


def _same(*kinds: str) -> tuple[tuple[str, str], ...]:
    return tuple((kind, kind) for kind in kinds)


MODEL = (
    Comparison(
        "name",
        _("Names"),
        NAMES,
        (
            Level(
                "names",
                _("the same names once folded, in any order"),
                (_same(NAMES),),
                0.78,
                1e-5,
                NAMES,
            ),
            Level(
                "sounds",
                _("names that sound alike, in any order"),
                (_same(SOUNDS),),
                0.12,
                5e-5,
                SOUNDS,
            ),
            Level(
                "given_and_part",
                _("the given name sounds alike and the family name begins or ends alike"),
                (_same(GIVEN, FAMILY_HEAD), _same(GIVEN, FAMILY_TAIL)),
                0.04,
                1.4e-4,
            ),
            Level(
                "one_name",
                _("one name sounds alike"),
                (_same(GIVEN), _same(FAMILY), ((GIVEN, FAMILY),), ((FAMILY, GIVEN),)),
                0.05,
                0.02,
            ),
        ),
        else_m=0.01,
        else_u=1 - 1e-5 - 5e-5 - 1.4e-4 - 0.02,
    ),
    Comparison(
        "born",
        _("Date of birth"),
        DOB,
        (
            Level("dob", _("the same date of birth"), (_same(DOB),), 0.90, 5e-5),
            Level(
                "dob_two_parts",
                _("two of day, month and year, or day and month swapped"),
                (_same(DOB_YM), _same(DOB_MD), _same(DOB_YD), _same(DOB_SWAP)),
                0.08,
                0.006,
            ),
            Level("yob", _("the same year of birth"), (_same(YOB),), 0.01, 0.03),
        ),
        else_m=0.01,
        else_u=1 - 5e-5 - 0.006 - 0.03,
    ),
    Comparison(
        "sex",
        _("Sex"),
        SEX,
        (Level("sex", _("the same sex"), (_same(SEX),), 0.98, 0.5),),
        else_m=0.005,
        else_u=0.5,
    ),
)
COMPARISONS = {comparison.name: comparison for comparison in MODEL}

# The pairs compared at all (Splink's blocking rules): a pair outside them is never proposed.
BLOCKS: tuple[tuple[str, ...], ...] = ((SOUNDS,), (DOB, FAMILY), (DOB, GIVEN))


def probability(bayes_factor: float) -> float:
    odds = PRIOR / (1 - PRIOR) * bayes_factor
    return odds / (1 + odds)


def score(left: Tokens, right: Tokens, frequency: Frequency | None = None) -> float:
    """The probability that two records with these tokens are the same person (`frequency`
    gives the share of records holding a token, for the term-frequency adjustment)."""
    return probability(prod(c.bayes_factor(left, right, frequency) for c in MODEL))


def best(
    left: Sequence[Tokens], right: Sequence[Tokens], frequency: Frequency | None = None
) -> tuple[float, Tokens, Tokens] | None:
    """The best pair of records (variants) of two persons that share a block, as the batch
    keeps it: (probability, left record, right record), the lower variants first among equal
    probabilities; None when no pair of records shares a block."""
    found = None
    for mine in left:
        for theirs in right:
            if not blocked_together(mine, theirs):
                continue
            probability_ = score(mine, theirs, frequency)
            if found is None or probability_ > found[0]:
                found = (probability_, mine, theirs)
    return found


def reachable_without_a_date() -> float:
    """The highest probability a pair can reach that agrees on no part of the date of birth
    (no dob, dob_ym, dob_md, dob_yd or dob_swap token), since the term-frequency adjustment
    only lowers weights. It is below THRESHOLD (a test keeps it so): the check at opening may
    therefore fetch only candidates that share such a token (linkage.candidates)."""
    factor = 1.0
    for comparison in MODEL:
        levels = comparison.levels
        if comparison.name == "born":
            levels = tuple(level for level in levels if level.name == "yob")
        ratios = [level.m / level.u for level in levels] + [comparison.else_m / comparison.else_u]
        factor *= max(1.0, *ratios)  # 1.0: the token missing on one side
    return probability(factor)


# The tokens of which a pair must share one to reach THRESHOLD (reachable_without_a_date).
DATE_KINDS = (DOB, DOB_YM, DOB_MD, DOB_YD, DOB_SWAP)


def evidence(left: Tokens, right: Tokens) -> dict[str, str]:
    """Comparison -> the level the pair reached ("" for none), naming token kinds only."""
    found = {}
    for comparison in MODEL:
        level = comparison.level_of(left, right)
        found[comparison.name] = level.name if level else ""
    return found


def blocked_together(left: Tokens, right: Tokens) -> bool:
    return any(all(k in left and left[k] == right.get(k) for k in block) for block in BLOCKS)


# --- Splink ------------------------------------------------------------------------------

# The columns of the table Splink reads: unique_id and one column per token kind.
COLUMNS = (
    GIVEN,
    FAMILY,
    NAMES,
    SOUNDS,
    FAMILY_HEAD,
    FAMILY_TAIL,
    DOB,
    DOB_YM,
    DOB_MD,
    DOB_YD,
    DOB_SWAP,
    YOB,
    SEX,
)


def as_int(digest: str) -> int:
    """A token as a signed 64-bit integer (its first 16 hex digits): DuckDB compares these
    faster than strings and keeps them in an eighth of the memory. Two different tokens clash
    with a chance of 2^-64 a pair."""
    return int(digest[:16], 16) - 2**63


def load(connection: Any, rows: list[tuple[int, Tokens]], name: str = "persons") -> None:
    """Create the DuckDB table `name` that `predict` reads, from (unique_id, tokens) rows
    (unique_id: person id * VARIANTS + variant)."""
    columns = ", ".join(f"{kind} BIGINT" for kind in COLUMNS)
    connection.execute(f"CREATE OR REPLACE TABLE {name} (unique_id BIGINT, {columns})")
    placeholders = ", ".join("?" for _ in range(len(COLUMNS) + 1))
    connection.executemany(
        f"INSERT INTO {name} VALUES ({placeholders})",  # noqa: S608 - names from COLUMNS
        [
            [pk, *(as_int(found[kind]) if kind in found else None for kind in COLUMNS)]
            for pk, found in rows
        ],
    )


def splink_settings() -> Any:
    """The model as Splink settings (fixed m and u, no training)."""
    from splink import SettingsCreator, block_on
    from splink import comparison_library as cl

    comparisons: list[Any] = []
    for comparison in MODEL:
        key = comparison.null_when_missing
        levels: list[Any] = [
            {
                "sql_condition": f'"{key}_l" IS NULL OR "{key}_r" IS NULL',
                "label_for_charts": "null",
                "is_null_level": True,
            }
        ]
        levels += [
            {
                "sql_condition": level.sql(),
                "label_for_charts": level.name,
                "m_probability": level.m,
                "u_probability": level.u,
                **(
                    {
                        "tf_adjustment_column": level.tf,
                        "tf_adjustment_weight": 1.0,
                        "tf_minimum_u_value": level.u,
                    }
                    if level.tf
                    else {}
                ),
            }
            for level in comparison.levels
        ]
        levels.append(
            {
                "sql_condition": "ELSE",
                "label_for_charts": "else",
                "m_probability": comparison.else_m,
                "u_probability": comparison.else_u,
            }
        )
        comparisons.append(
            cl.CustomComparison(output_column_name=comparison.name, comparison_levels=levels)
        )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=PRIOR,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[block_on(*block) for block in BLOCKS],
        # Matching columns are kept because Splink writes the comparison vector (gamma_*),
        # the levels reached, only with them.
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )


@dataclass(frozen=True)
class Pair:
    left: int
    right: int
    probability: float
    evidence: dict[str, str]


def _evidence_of(row: dict[str, Any]) -> dict[str, str]:
    """Splink's comparison vector (gamma: -1 null, 0 else, then upwards to the best level)
    as level names."""
    found = {}
    for comparison in MODEL:
        gamma = int(row[f"gamma_{comparison.name}"])
        count = len(comparison.levels)
        found[comparison.name] = comparison.levels[count - gamma].name if gamma > 0 else ""
    return found


def tf_kinds() -> list[str]:
    return sorted({level.tf for c in MODEL for level in c.levels if level.tf})


def predict(connection: Any, table: str, *, threshold: float = THRESHOLD) -> str:
    """Run the model over the DuckDB `table` (unique_id = person id * VARIANTS + variant, and
    COLUMNS) on `connection`; the name of the table of the predicted pairs of persons at or
    above `threshold`, each pair's best pair of records (`best`): person_l < person_r,
    match_probability and the gamma_* columns."""
    from splink import DuckDBAPI, Linker

    linker = Linker(table, splink_settings(), DuckDBAPI(connection=connection))
    for kind in tf_kinds():  # the frequencies of common tokens only (MIN_COMMON)
        name = f"lidhja_tf_{kind}"
        connection.execute(
            f"CREATE OR REPLACE TABLE {name} AS SELECT {kind}, "  # noqa: S608 - kinds
            f"CAST(count(*) AS DOUBLE) / (SELECT count({kind}) FROM {table}) AS tf_{kind} "
            f"FROM {table} WHERE {kind} IS NOT NULL GROUP BY {kind} "
            f"HAVING count(*) >= {MIN_COMMON}"
        )
        lookup = linker.table_management.register_term_frequency_lookup
        lookup(connection.table(name), kind)  # type: ignore[no-untyped-call]
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    gammas = ", ".join(f"gamma_{c.name}" for c in MODEL)
    v = VARIANTS
    connection.execute(
        "CREATE OR REPLACE TABLE lidhja_pairs AS "  # noqa: S608 - names from MODEL
        f"SELECT person_l, person_r, match_probability, {gammas} FROM ("
        f"SELECT LEAST(unique_id_l // {v}, unique_id_r // {v}) AS person_l, "
        f"GREATEST(unique_id_l // {v}, unique_id_r // {v}) AS person_r, "
        f"CASE WHEN unique_id_l // {v} < unique_id_r // {v} THEN unique_id_l % {v} "
        f"ELSE unique_id_r % {v} END AS variant_l, "
        f"CASE WHEN unique_id_l // {v} < unique_id_r // {v} THEN unique_id_r % {v} "
        f"ELSE unique_id_l % {v} END AS variant_r, "
        f"match_probability, {gammas} FROM {predictions.physical_name} "
        f"WHERE unique_id_l // {v} <> unique_id_r // {v}) "
        "QUALIFY row_number() OVER (PARTITION BY person_l, person_r "
        "ORDER BY match_probability DESC, variant_l, variant_r) = 1"
    )
    return "lidhja_pairs"


def pairs(connection: Any, predicted: str, batch: int = 10_000) -> Callable[[], list[Pair]]:
    """A reader of the table `predicted` (from `predict`) in batches of Pairs (the smaller
    person id first); an empty list at the end."""
    gammas = ", ".join(f"gamma_{c.name}" for c in MODEL)
    result = connection.execute(
        f"SELECT person_l, person_r, match_probability, {gammas} "  # noqa: S608
        f"FROM {predicted} ORDER BY 1, 2"
    )
    names = ["left", "right", "probability", *(f"gamma_{c.name}" for c in MODEL)]

    def read() -> list[Pair]:
        found = []
        for values in result.fetchmany(batch):
            row = dict(zip(names, values, strict=True))
            found.append(
                Pair(
                    int(row["left"]),
                    int(row["right"]),
                    float(row["probability"]),
                    _evidence_of(row),
                )
            )
        return found

    return read
