"""`lidhja setup` creates the case keyring on a new installation, and never over sealed data
whose keyring is missing: it stops and names the keys the data need."""

import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from lidhja.cases.domain import crypto
from tests.cases.helpers import act, open_case_by_post
from tests.conftest import TEST_KEYRING


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def missing_keyring(settings, tmp_path):
    settings.LIDHJA_CASE_KEYRING = ""
    settings.LIDHJA_CASE_KEYRING_FILE = tmp_path / "keys" / "case-keyring.json"
    return settings.LIDHJA_CASE_KEYRING_FILE


@pytest.mark.django_db
def test_setup_creates_the_keyring_when_nothing_is_sealed(missing_keyring, capsys):
    call_command("setup")
    assert f"case keyring created: {missing_keyring}" in capsys.readouterr().out
    assert crypto.Keyring.parse(missing_keyring.read_text()).current.startswith("k")
    assert _mode(missing_keyring) == 0o600
    assert _mode(missing_keyring.parent) == 0o700


@pytest.mark.django_db
def test_setup_refuses_a_new_keyring_over_sealed_data_and_names_the_keys(
    client_for, settings, tmp_path
):
    case = open_case_by_post(client_for("social_tirana"))  # the person, with the test key
    rotated = crypto.Keyring.parse(TEST_KEYRING).rotated()
    with override_settings(LIDHJA_CASE_KEYRING=rotated.dumps()):
        act(client_for("social_tirana"), case, "note", note="Synthetic note, the newer key.")
    first = crypto.Keyring.parse(TEST_KEYRING).current
    settings.LIDHJA_CASE_KEYRING = ""
    settings.LIDHJA_CASE_KEYRING_FILE = tmp_path / "keys" / "case-keyring.json"

    with pytest.raises(CommandError) as refusal:
        call_command("setup")

    key_ids = ", ".join(sorted([first, rotated.current]))
    assert str(refusal.value) == (
        "sealed data exist but the case keyring is missing: no key file at "
        f"{tmp_path / 'keys' / 'case-keyring.json'} and LIDHJA_CASE_KEYRING is not set. The "
        f"data were sealed with key(s) {key_ids}. Put back the keyring kept outside this "
        "server (see README, 'Backup and restore'); no new keyring was created, because it "
        "could not open them."
    )
    assert not (tmp_path / "keys").exists()


@pytest.mark.django_db
def test_a_sealed_file_alone_also_stops_setup(missing_keyring, settings):
    sealed = settings.LIDHJA_PRIVATE_FILES / "cases" / "orphan.sealed"
    sealed.parent.mkdir(parents=True)
    sealed.write_bytes(crypto.Keyring.parse(TEST_KEYRING).seal(b"%PDF", "attachment:x"))
    with pytest.raises(CommandError, match=crypto.Keyring.parse(TEST_KEYRING).current):
        call_command("setup")
    assert not missing_keyring.exists()
