"""A deterministic synthetic register for measuring the linkage: invented Albanian-looking
names (built from syllables, so no real person is named), dates of birth and sex, with
injected duplicates carrying the slips a register sees: ë typed as e and ç as c, a final ë
left out, doubled letters single or doubled, foreign romanisations (š, ž, dž, č, đ, ch), given
and family names swapped, a typing slip in the date of birth, a missing date or sex, and some
slips no token can absorb (a wrong letter). Used by tests/cases/test_linkage_quality.py and by
bench/linkage.py (a million records)."""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

ONSETS = [
    "b",
    "d",
    "dh",
    "f",
    "g",
    "gj",
    "h",
    "j",
    "k",
    "l",
    "ll",
    "m",
    "n",
    "nj",
    "p",
    "q",
    "r",
    "rr",
    "s",
    "sh",
    "t",
    "th",
    "v",
    "x",
    "xh",
    "z",
    "zh",
    "ç",
    "b",
    "d",
    "k",
    "l",
    "m",
    "n",
    "r",
    "s",
    "t",
    "v",
    "b",
    "d",
    "k",
    "l",
    "m",
    "n",
    "r",
    "s",
    "t",
]
VOWELS = ("a", "e", "ë", "i", "o", "u", "y", "a", "e", "i", "o")
CODAS = ("", "", "", "n", "r", "l", "m", "t", "sh", "k", "s", "j", "ll", "rr", "nd", "st")
FEMALE_ENDINGS = ("a", "e", "ë", "ime", "ina", "ana")
MALE_ENDINGS = ("", "i", "im", "in", "ent", "et", "an", "on")
FAMILY_ENDINGS = ("aj", "i", "ku", "ja", "llari", "ni", "ri", "", "ollaj", "eni")

# (what is done to a duplicate, weight)
SLIPS = (
    ("ascii", 20),
    ("final_e", 6),
    ("double", 12),
    ("romanise", 10),
    ("swap", 10),
    ("dob_typo", 14),
    ("dob_missing", 5),
    ("sex_missing", 3),
    ("letter", 6),
    ("none", 14),
)
ROMANISATIONS = (
    ("sh", "š"),
    ("zh", "ž"),
    ("xh", "dž"),
    ("ç", "č"),
    ("ç", "ch"),
    ("gj", "đ"),
    ("q", "ć"),
)


@dataclass(frozen=True)
class Record:
    entity: int
    given_name: str
    family_name: str
    date_of_birth: str
    sex: str

    def values(self) -> dict[str, str]:
        return {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth,
            "sex": self.sex,
        }


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + (rng.choice(CODAS) if i == count - 1 else "")
        for i in range(count)
    )


def _pool(rng: random.Random, size: int, endings: tuple[str, ...], syllables: tuple[int, ...]):
    names: set[str] = set()
    while len(names) < size:
        names.add((_syllables(rng, rng.choice(syllables)) + rng.choice(endings)).capitalize())
    return sorted(names)


class Register:
    """Name pools and a stream of records; `records(n)` yields n records, entities in order,
    a share of them followed by one or two duplicates."""

    def __init__(self, seed: int = 2009, *, given: int = 1500, family: int = 15000):
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
        self.female = _pool(self.rng, given, FEMALE_ENDINGS, (1, 2))
        self.male = _pool(self.rng, given, MALE_ENDINGS, (1, 2))
        self.family = _pool(self.rng, family, FAMILY_ENDINGS, (1, 2, 2))
        # Skewed frequencies, as names are: the k-th name is drawn with weight 1/k^0.7.
        self.given_weights = _cumulative(given)
        self.family_weights = _cumulative(family)

    def _pick(self, pool: list[str], cumulative: list[float]) -> str:
        return self.rng.choices(pool, cum_weights=cumulative)[0]

    def person(self, entity: int) -> Record:
        rng = self.rng
        sex = rng.choice(("female", "male"))
        given = self._pick(self.female if sex == "female" else self.male, self.given_weights)
        family = self._pick(self.family, self.family_weights)
        born = ""
        if rng.random() > 0.03:
            born = date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        return Record(entity, given, family, born, sex if rng.random() > 0.02 else "")

    def duplicate(self, record: Record) -> Record:
        slips = self.rng.choices([s for s, _ in SLIPS], weights=[w for _, w in SLIPS], k=2)
        for slip in slips[: 1 + (self.rng.random() < 0.3)]:
            record = getattr(self, f"_{slip}")(record)
        return record

    def records(self, n: int, *, duplicate_share: float = 0.12) -> Iterator[Record]:
        entity = made = 0
        while made < n:
            record = self.person(entity)
            yield record
            made += 1
            copies = 0
            if self.rng.random() < duplicate_share:
                copies = 1 + (self.rng.random() < 0.15)
            for _ in range(min(copies, n - made)):
                yield self.duplicate(record)
                made += 1
            entity += 1

    # --- slips ----------------------------------------------------------------------------

    def _names(self, record: Record, change) -> Record:
        return Record(
            record.entity,
            change(record.given_name),
            change(record.family_name),
            record.date_of_birth,
            record.sex,
        )

    def _ascii(self, record: Record) -> Record:
        return self._names(
            record, lambda n: n.replace("ë", "e").replace("ç", "c").replace("Ç", "C")
        )

    def _final_e(self, record: Record) -> Record:
        return self._names(record, lambda n: n[:-1] if n.endswith("ë") and len(n) > 3 else n)

    def _double(self, record: Record) -> Record:
        def change(name: str) -> str:
            for double in ("ll", "rr"):
                if double in name:
                    return name.replace(double, double[0], 1)
            for single in "lrn":
                if single in name[1:]:
                    at = name.index(single, 1)
                    return name[:at] + single + name[at:]
            return name

        return self._names(record, change)

    def _romanise(self, record: Record) -> Record:
        def change(name: str) -> str:
            lower = name.lower()
            for albanian, foreign in ROMANISATIONS:
                if albanian in lower:
                    return lower.replace(albanian, foreign).capitalize()
            return name

        return self._names(record, change)

    def _swap(self, record: Record) -> Record:
        return Record(
            record.entity, record.family_name, record.given_name, record.date_of_birth, record.sex
        )

    def _dob_typo(self, record: Record) -> Record:
        if not record.date_of_birth:
            return record
        born = date.fromisoformat(record.date_of_birth)
        kind = self.rng.randrange(4)
        if kind == 0:
            born = born.replace(day=born.day % 28 + 1)
        elif kind == 1 and born.day <= 12:
            born = born.replace(month=born.day, day=born.month)
        elif kind == 2:
            born = born.replace(year=born.year + self.rng.choice((-1, 1)))
        else:
            born = born.replace(month=born.month % 12 + 1)
        return Record(
            record.entity, record.given_name, record.family_name, born.isoformat(), record.sex
        )

    def _dob_missing(self, record: Record) -> Record:
        return Record(record.entity, record.given_name, record.family_name, "", record.sex)

    def _sex_missing(self, record: Record) -> Record:
        return Record(
            record.entity, record.given_name, record.family_name, record.date_of_birth, ""
        )

    def _letter(self, record: Record) -> Record:
        name = record.family_name
        at = self.rng.randrange(1, len(name))
        name = name[:at] + self.rng.choice("bdfkmnprstv") + name[at + 1 :]
        return Record(record.entity, record.given_name, name, record.date_of_birth, record.sex)

    def _none(self, record: Record) -> Record:
        return record


def _cumulative(size: int) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank**0.7
        cumulative.append(total)
    return cumulative


def true_pairs(entities: list[int]) -> set[tuple[int, int]]:
    """The pairs of record indexes (i < j) that are the same entity."""
    by_entity: dict[int, list[int]] = {}
    for index, entity in enumerate(entities):
        by_entity.setdefault(entity, []).append(index)
    return {
        (a, b)
        for indexes in by_entity.values()
        for i, a in enumerate(indexes)
        for b in indexes[i + 1 :]
    }


def precision_recall(
    found: set[tuple[int, int]], truth: set[tuple[int, int]]
) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0, hits / len(truth) if truth else 1.0)


def tokeniser(ring, convert=str):
    """record -> kind -> convert(token), as identity.store computes them (tokens.digests),
    with the tokens of frequent values remembered (a million records take minutes, not ten)."""
    from lidhja.cases.domain import tokens

    remembered: dict[tuple[str, str], object] = {}

    def token(kind: str, value: str):
        if kind == tokens.NAMES:  # nearly one per record: not worth remembering
            return convert(ring.token(tokens.KEY_OF[kind], value))
        found = remembered.get((kind, value))
        if found is None:
            found = remembered[(kind, value)] = convert(ring.token(tokens.KEY_OF[kind], value))
        return found

    def tokens_of(record: Record) -> dict[str, str]:
        plain = tokens.plain_tokens(record.values())
        return {kind: token(kind, value) for kind, value in plain.items()}

    return tokens_of


def token_rows(records, ring) -> Iterator[dict[str, str]]:
    tokens_of = tokeniser(ring)
    for record in records:
        yield tokens_of(record)
