"""Keyed blind tokens of a person, for finding the same person twice without decrypting anyone.

When an identity is stored (identity.store), each token below is computed from the plain
values and kept as an HMAC (`Keyring.token`), under a key derived from the keyring's index key
for the token's family, so that tokens of different families never compare (the given and the
family name share one key, so that swapped names still meet). The plain values are never kept.

Names are first *folded*, so that the spellings Albanian names take in typing and in foreign
romanisations meet (rules in FOLDS, applied to the lower-case form without accents, so ë→e and
ç→c already hold): xh, dzh, dž and dz → x; gj, dj and đ → g; sh/š → s; zh/ž → z; ch, ć and q
→ c; th → t; dh → d; nj → n; ph → f; y → i; w → v; then every doubled letter is single (ll,
rr, nn, ...), and a final e is dropped from a fold of four letters or more (a final ë is often
left out). The fold is then made *phonetic* with Metaphone (jellyfish): it keeps the first
vowel only and merges d/t, z/s, v/f, k/c/q/g, so that vowel slips and voicing differences meet
too. Metaphone's rules are English; they are applied after the fold has already unified the
Albanian digraphs it would misread.

Tokens (kind: what it is the HMAC of):
- given, family: the phonetic fold of the first given name, of the family name(s);
- names: the folded given and family names, sorted (order-free: swapped names meet);
- sounds: the phonetic given and family names, sorted (order-free);
- family_head, family_tail: the first and the last four letters of a folded family name of
  five letters or more (a slip of one letter leaves one of them whole);
- dob: the date of birth; dob_ym, dob_md, dob_yd: two of its three parts; dob_swap: the year
  with day and month in either order (a typing slip in one part still meets two others);
- yob: the year of birth;
- sex: the sex.

Aliases (`other_names`) are tokenised too, each as a *variant* of the person: the name tokens
above of the alias, beside the date of birth and sex of the person. Aliases are separated by
commas, semicolons, slashes or new lines; a single word is taken as another given name with the
recorded family name (a working name), more words as a given name and family name(s). Variant 0
is the recorded name and holds every kind; variants 1 to MAX_ALIASES hold the name kinds only
(`of_persons` adds the person's other tokens to each). A person is found under any variant, at
opening and in the batch linkage, and a pair of persons scores as its best pair of variants.
"""

import re
from datetime import date
from functools import lru_cache

import jellyfish

from lidhja.cases.domain import crypto
from lidhja.cases.models import Person, PersonToken
from lidhja.cases.models.choices import Sex

FOLDS = (
    ("dzh", "x"),
    ("xh", "x"),
    ("dz", "x"),
    ("gj", "g"),
    ("dj", "g"),
    ("đ", "g"),
    ("sh", "s"),
    ("zh", "z"),
    ("ch", "c"),
    ("q", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("nj", "n"),
    ("ph", "f"),
    ("y", "i"),
    ("w", "v"),
)
_FOLD = dict(FOLDS)
_FOLD_RE = re.compile("|".join(re.escape(letters) for letters, _ in FOLDS))
_DOUBLED = re.compile(r"(.)\1+")

GIVEN, FAMILY, NAMES, SOUNDS = "given", "family", "names", "sounds"
FAMILY_HEAD, FAMILY_TAIL = "family_head", "family_tail"
DOB, DOB_YM, DOB_MD, DOB_YD, DOB_SWAP, YOB, SEX = (
    "dob",
    "dob_ym",
    "dob_md",
    "dob_yd",
    "dob_swap",
    "yob",
    "sex",
)
# Kind -> the name of its key: given and family names share one, so that swapped names meet.
KEY_OF = {
    GIVEN: "sound",
    FAMILY: "sound",
    NAMES: NAMES,
    SOUNDS: SOUNDS,
    FAMILY_HEAD: FAMILY_HEAD,
    FAMILY_TAIL: FAMILY_TAIL,
    DOB: DOB,
    DOB_YM: DOB_YM,
    DOB_MD: DOB_MD,
    DOB_YD: DOB_YD,
    DOB_SWAP: DOB_SWAP,
    YOB: YOB,
    SEX: SEX,
}
KINDS = tuple(KEY_OF)
# The kinds made of a name, held by every variant (the others are the person's, in variant 0).
NAME_KINDS = (GIVEN, FAMILY, NAMES, SOUNDS, FAMILY_HEAD, FAMILY_TAIL)
MAX_ALIASES = 4
_ALIAS_SEPARATORS = re.compile(r"[,;/|\n]+")
_SEXES = frozenset(Sex.values)


def parts(name: str) -> list[str]:
    """The parts of a name, in order, lower case without accents."""
    return crypto.normalise(name or "").replace("-", " ").split()


@lru_cache(maxsize=65536)
def fold(part: str) -> str:
    """A name part folded so that its Albanian spellings and romanisations meet (see above)."""
    text = "".join(ch for ch in crypto.normalise(part) if ch.isalpha())
    text = _FOLD_RE.sub(lambda found: _FOLD[found.group()], text)
    text = _DOUBLED.sub(r"\1", text)
    if len(text) >= 4 and text.endswith("e"):
        text = text[:-1]
    return text


def sound(part: str) -> str:
    """The phonetic form of a folded name part (Metaphone)."""
    folded = fold(part)
    return _metaphone(folded) if folded else ""


@lru_cache(maxsize=65536)
def _metaphone(folded: str) -> str:
    return str(jellyfish.metaphone(folded))


def plain_tokens(values: dict[str, str]) -> dict[str, str]:
    """Kind -> the plain value its token is made of; kinds without a value are left out."""
    plain: dict[str, str] = {}
    given = parts(values.get("given_name", ""))[:1]
    family = parts(values.get("family_name", ""))
    given_fold = fold(given[0]) if given else ""
    family_fold = "".join(fold(part) for part in family)
    folds = sorted(part for part in (given_fold, family_fold) if part)
    sounds = sorted(_metaphone(part) for part in folds)
    if given_fold:
        plain[GIVEN] = _metaphone(given_fold)
    if family_fold:
        plain[FAMILY] = _metaphone(family_fold)
    if len(family_fold) >= 5:
        plain[FAMILY_HEAD], plain[FAMILY_TAIL] = family_fold[:4], family_fold[-4:]
    if folds:
        plain[NAMES] = " ".join(folds)
        plain[SOUNDS] = " ".join(sounds)
    plain.update(_dates(values.get("date_of_birth", "")))
    if values.get("sex", "") in _SEXES:
        plain[SEX] = values["sex"]
    return plain


def aliases(values: dict[str, str]) -> list[dict[str, str]]:
    """The given and family name of each alias in `other_names` (see above), in order, at most
    MAX_ALIASES, leaving out an alias that folds like the recorded name or an earlier alias."""
    seen = {plain_tokens(values).get(NAMES, "")}
    found = []
    for alias in _ALIAS_SEPARATORS.split(values.get("other_names", "")):
        words = parts(alias)
        if not words:
            continue
        if len(words) == 1:
            name = {"given_name": words[0], "family_name": values.get("family_name", "")}
        else:
            name = {"given_name": words[0], "family_name": " ".join(words[1:])}
        folded = plain_tokens(name).get(NAMES, "")
        if folded and folded not in seen:
            seen.add(folded)
            found.append(name)
    return found[:MAX_ALIASES]


def plain_variants(values: dict[str, str]) -> list[dict[str, str]]:
    """The plain tokens of each variant: the recorded name with every kind, then each alias
    with its name kinds only."""
    variants = [plain_tokens(values)]
    for name in aliases(values):
        plain = plain_tokens(name)
        variants.append({kind: plain[kind] for kind in NAME_KINDS if kind in plain})
    return variants


def _dates(value: str) -> dict[str, str]:
    try:
        born = date.fromisoformat(value) if value else None
    except ValueError:
        born = None
    if born is None:
        return {}
    y, m, d = born.year, born.month, born.day
    return {
        DOB: born.isoformat(),
        DOB_YM: f"{y}-{m}",
        DOB_MD: f"{m}-{d}",
        DOB_YD: f"{y}-{d}",
        DOB_SWAP: f"{y}-{min(m, d)}-{max(m, d)}",
        YOB: str(y),
    }


def digests(values: dict[str, str], ring: crypto.Keyring | None = None) -> dict[str, str]:
    """Kind -> token (HMAC) of each plain value of `values`."""
    ring = ring or crypto.keyring()
    return {kind: ring.token(KEY_OF[kind], value) for kind, value in plain_tokens(values).items()}


def variant_digests(
    values: dict[str, str], ring: crypto.Keyring | None = None
) -> list[dict[str, str]]:
    """Kind -> token of each variant of `values` (plain_variants), as stored."""
    ring = ring or crypto.keyring()
    return [
        {kind: ring.token(KEY_OF[kind], value) for kind, value in plain.items()}
        for plain in plain_variants(values)
    ]


def store(person: Person, values: dict[str, str]) -> list[dict[str, str]]:
    """Replace the tokens of `person` (saved) with those of `values`; the new tokens, one
    dictionary per variant."""
    variants = variant_digests(values)
    person.link_tokens.all().delete()
    PersonToken.objects.bulk_create(
        [
            PersonToken(person=person, variant=variant, kind=kind, digest=digest)
            for variant, found in enumerate(variants)
            for kind, digest in found.items()
        ]
    )
    return variants


def stored(person_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Person id -> the tokens of each variant as stored (variant 0 first)."""
    found: dict[int, dict[int, dict[str, str]]] = {pk: {} for pk in person_ids}
    rows = PersonToken.objects.filter(person_id__in=person_ids)
    for person_id, variant, kind, digest in rows.values_list(
        "person_id", "variant", "kind", "digest"
    ):
        found[person_id].setdefault(variant, {})[kind] = digest
    return {pk: [variants[v] for v in sorted(variants)] for pk, variants in found.items()}


def records(variants: list[dict[str, str]]) -> list[dict[str, str]]:
    """The records a person is compared as: each variant's name tokens with the person's other
    tokens (those of variant 0)."""
    if not variants:
        return []
    own = {kind: digest for kind, digest in variants[0].items() if kind not in NAME_KINDS}
    return [variants[0], *({**found, **own} for found in variants[1:])]


def of_persons(person_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Person id -> kind -> token of each record of the person (`records`): the recorded name
    first, then each alias; an empty list for a person without tokens (erased)."""
    return {pk: records(variants) for pk, variants in stored(person_ids).items()}
