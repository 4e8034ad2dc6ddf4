"""Blind tokens for linkage: the Albanian fold and its phonetic form, one derived key per token
family, tokens stored with the identity and removed by erasure, `lidhja persons tokenise` for
older rows."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from lidhja.cases.domain import crypto, services, tokens
from lidhja.cases.models import PersonToken


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["Çela", "Cela", "Chela", "Čela", "ÇELA"], "cela"),
        (["Shkëlqim", "Shkelqim", "Škelqim"], "skelcim"),
        (["Xhevdet", "Dževdet", "Dzhevdet"], "xevdet"),
        (["Gjergj", "Đerđ", "Djerdj"], "gerg"),
        (["Dritë", "Drite", "Drit"], "drit"),
        (["Ylli", "Yli", "Illi"], "ili"),
        (["Mirrë", "Mire", "Mirre"], "mir"),
        (["Zhaneta", "Žaneta", "Zaneta"], "zaneta"),
        (["Qemal", "Ćemal", "Cemal"], "cemal"),
        (["Dhimitër", "Dimiter"], "dimiter"),
        (["Anjeza", "Aneza"], "aneza"),
        (["Mëhill-i", "Mehilli"], "mehili"),
    ],
)
def test_the_fold_makes_albanian_spellings_meet(spellings, folded):
    assert {tokens.fold(spelling) for spelling in spellings} == {folded}


def test_the_phonetic_form_forgives_vowels_and_voicing():
    assert tokens.sound("Bardha") == tokens.sound("Berdhe") == tokens.sound("Bardhë") == "BRT"
    assert tokens.sound("Thanas") == tokens.sound("Dhanas") == "TNS"
    assert tokens.sound("Arben") != tokens.sound("Arlind")
    assert tokens.sound("") == ""


def test_plain_tokens_are_order_free_and_split_the_date():
    plain = tokens.plain_tokens(
        {
            "given_name": "Ilirë",
            "family_name": "Çelaj",
            "date_of_birth": "1990-04-07",
            "sex": "female",
        }
    )
    swapped = tokens.plain_tokens(
        {
            "given_name": "Celaj",
            "family_name": "Ilire",
            "date_of_birth": "1990-07-04",
            "sex": "female",
        }
    )
    assert plain == {
        "given": "ILR",
        "family": "SLJ",
        "names": "celaj ilir",
        "sounds": "ILR SLJ",
        "family_head": "cela",
        "family_tail": "elaj",
        "dob": "1990-04-07",
        "dob_ym": "1990-4",
        "dob_md": "4-7",
        "dob_yd": "1990-7",
        "dob_swap": "1990-4-7",
        "yob": "1990",
        "sex": "female",
    }
    same = {kind for kind in plain if plain[kind] == swapped.get(kind)}
    assert same == {"names", "sounds", "dob_swap", "yob", "sex"}
    short = tokens.plain_tokens({"given_name": "Ana", "family_name": "Meta"})
    assert set(short) == {"given", "family", "names", "sounds"}  # "meta": too short to split
    assert tokens.plain_tokens({"given_name": "", "date_of_birth": "1990-02-31", "sex": "x"}) == {}


def test_each_token_family_has_its_own_key():
    ring = crypto.Keyring.generate()
    other = crypto.Keyring.generate()
    assert ring.token("dob", "1990") != ring.token("yob", "1990")
    assert ring.token("yob", "1990") == ring.token("yob", "1990")
    assert ring.token("yob", "1990") != other.token("yob", "1990")
    assert ring.token("sound", "ILR") != ring.blind_index("ILR")
    assert len(ring.token("sex", "female")) == 32
    values = {"given_name": "Arta", "family_name": "Bardha"}
    digests = tokens.digests(values, ring)
    # Given and family names share a key, so that a swapped pair still meets.
    assert digests["given"] == tokens.digests({"family_name": "Arta"}, ring)["family"]


@pytest.mark.django_db
def test_tokens_are_stored_with_the_identity_and_erased_with_it(persona, open_identity):
    case = open_identity(
        persona("police"),
        given_name="Vjollca",
        family_name="Gjokaj",
        date_of_birth=date(1988, 1, 2),
    )
    stored = dict(PersonToken.objects.filter(person=case.person).values_list("kind", "digest"))
    assert set(stored) == set(tokens.KINDS) - {"sex"}
    assert stored == tokens.digests(
        {"given_name": "Vjollca", "family_name": "Gjokaj", "date_of_birth": "1988-01-02"}
    )
    services.erase_person(
        case,
        by=persona("ra"),
        version=case.version,
        reason="person_request",
        basis="Request 1/2026",
    )
    assert not PersonToken.objects.filter(person=case.person).exists()


@pytest.mark.django_db
def test_tokenise_fills_older_rows_and_is_idempotent(persona, open_identity):
    case = open_identity(persona("police"), given_name="Arta", family_name="Dushaj", sex="female")
    PersonToken.objects.all().delete()
    out = StringIO()
    call_command("persons", "tokenise", stdout=out)
    assert out.getvalue().strip() == "1 person(s) tokenised"
    assert PersonToken.objects.filter(person=case.person).count() == 7  # no date of birth
    out = StringIO()
    call_command("persons", "tokenise", stdout=out)
    assert out.getvalue().strip() == "0 person(s) tokenised"


def test_aliases_are_split_and_paired_with_the_family_name():
    values = {
        "given_name": "Arta",
        "family_name": "Bardhi",
        "other_names": "Lola; Ana Meta-Kola, arta bardhi / ARTA BARDHI\nLOLA",
    }
    assert tokens.aliases(values) == [
        {"given_name": "lola", "family_name": "Bardhi"},  # one word: a working given name
        {"given_name": "ana", "family_name": "meta kola"},
    ]  # the recorded name and a repeated alias are not variants again
    variants = tokens.plain_variants(values)
    assert len(variants) == 3
    assert variants[0] == tokens.plain_tokens(values)
    assert variants[1] == {
        "given": "LL",
        "family": "BRT",
        "names": "bardi lola",
        "sounds": "BRT LL",
        "family_head": "bard",
        "family_tail": "ardi",
    }
    assert variants[2]["names"] == "ana metakola"
    many = ", ".join(f"Alias{letter} Emri" for letter in "bcdfgh")
    assert len(tokens.aliases({"given_name": "Arta", "other_names": many})) == tokens.MAX_ALIASES
    assert tokens.aliases({"given_name": "Arta", "other_names": " ;, "}) == []


@pytest.mark.django_db
def test_aliases_are_stored_as_variants_with_the_persons_date(persona, open_identity):
    case = open_identity(
        persona("police"),
        given_name="Vjollca",
        family_name="Gjokaj",
        other_names="Vera Kola",
        date_of_birth=date(1988, 1, 2),
        sex="female",
    )
    rows = PersonToken.objects.filter(person=case.person)
    # "kola": too short for a beginning and an end of its own
    assert set(rows.filter(variant=1).values_list("kind", flat=True)) == {
        "given",
        "family",
        "names",
        "sounds",
    }
    assert rows.filter(variant=0).count() == len(tokens.KINDS)
    main, alias = tokens.of_persons([case.person_id])[case.person_id]
    assert alias == {
        **tokens.digests({"given_name": "Vera", "family_name": "Kola"}),
        **{kind: main[kind] for kind in main if kind not in tokens.NAME_KINDS},
    }
    assert alias["dob"] == main["dob"] and alias["names"] != main["names"]


@pytest.mark.django_db
def test_tokenise_adds_the_aliases_of_older_rows(persona, open_identity):
    case = open_identity(
        persona("police"), given_name="Arta", family_name="Dushaj", other_names="Lola"
    )
    PersonToken.objects.filter(variant__gt=0).delete()  # as stored before aliases were tokenised
    out = StringIO()
    call_command("persons", "tokenise", stdout=out)
    assert out.getvalue().strip() == "1 person(s) tokenised"
    assert set(
        PersonToken.objects.filter(person=case.person, variant=1).values_list("kind", flat=True)
    ) == set(tokens.NAME_KINDS)
