"""The Albanian catalogue covers every string in the code and templates."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import lidhja

PACKAGE = Path(lidhja.__file__).resolve().parent


def test_albanian_catalogue_is_complete_and_up_to_date(tmp_path, monkeypatch, settings):
    copy = tmp_path / "lidhja"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=["sq"], no_location=True, verbosity=0)
    catalogue = polib.pofile(str(copy / "locale" / "sq" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [] and fuzzy == []


@pytest.mark.parametrize("placeholder", ["%(name)s", "{{ name }}", "%(counter)s"])
def test_translations_keep_their_placeholders(placeholder):
    catalogue = polib.pofile(str(PACKAGE / "locale" / "sq" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        if placeholder in entry.msgid:
            translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            assert all(placeholder in text for text in translations), entry.msgid
