"""No English on Albanian pages (issue 11, part 5).

Read from the shared walk (tests/web/walk.py), where every role reads in Albanian: the text a
reader sees on each page (outside content marked `lang="en"`, plan text that has no Albanian
version yet) must hold none of the application's own English messages: no text node (a label,
a heading, a cell, a button, a status) may be a msgid of the Albanian catalogue of two words
or more whose translation differs (placeholders match anything), or the one-word label of a
model choice (a status such as "Submitted") whose translation differs. English words inside
running text (plan text, names from the data) are not messages and are not reported."""

import gettext
import re
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

import lidhja

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("walk")]

CATALOGUE = Path(lidhja.__file__).parent / "locale" / "sq" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@cache
def english_messages() -> re.Pattern:
    """The English messages a page in Albanian must not show, as one pattern that matches a
    whole text node (a label, a heading, a cell, a button); a placeholder matches anything.
    Running text that merely contains such words (plan text, names) is no message."""
    with CATALOGUE.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    messages = set()
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str) or not msgid or msgid == msgstr:
            continue
        msgid = " ".join(msgid.split("\x04")[-1].split())  # without its context
        if len(WORD.findall(PLACEHOLDER.sub(" ", msgid))) >= 2:
            messages.add(msgid)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for _value, label in getattr(field, "flatchoices", None) or ():
                with translation.override("en"):
                    english = str(label)
                with translation.override("sq"):
                    albanian = str(label)
                if WORD.fullmatch(english) and albanian != english:
                    messages.add(english)
    alternatives = [
        ".*?".join(re.escape(part.strip()) for part in PLACEHOLDER.split(message))
        for message in sorted(messages, key=len, reverse=True)
    ]
    return re.compile(r"(?:" + "|".join(alternatives) + r")[.:]?")


def leaks(text: str) -> list[str]:
    """The lines of `text` (text nodes) that are English messages."""
    pattern = english_messages()
    return sorted({line for line in text.splitlines() if pattern.fullmatch(line.strip())})


def test_the_scan_finds_english_messages_and_spares_albanian_ones():
    page = "Raporti u dorëzua.\nSubmitted\nSign out\nDil\nReports due: 3"
    assert leaks(page) == ["Sign out", "Submitted"]
    running = "Police and Prosecutor cooperation under the Responsible Authority\nDil"
    assert leaks(running) == []


def test_no_english_on_albanian_pages(site_walk):
    """Every page of every role, in Albanian, shows no English message of the catalogue."""
    found = {page.path: f for page in site_walk.pages if (f := leaks(page.visible_sq))}
    assert found == {}
