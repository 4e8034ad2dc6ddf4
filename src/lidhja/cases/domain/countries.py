"""Country names from ISO 3166 (pycountry), in the user's language where iso-codes has it."""

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Codes in use that ISO 3166 itself does not assign (Kosovo uses the user-assigned XK).
EXTRA = {"XK": "Kosovo"}


@cache
def _translation(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str) -> str:
    if code == "XK":
        return _("Kosovo")
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    language = (get_language() or "en").split("-")[0]
    return _translation(language).gettext(str(country.name))


def country_choices() -> list[tuple[str, str]]:
    codes = [c.alpha_2 for c in pycountry.countries] + list(EXTRA)
    return sorted(((code, country_name(code)) for code in codes), key=lambda p: p[1])


def is_country(code: str) -> bool:
    return code in EXTRA or pycountry.countries.get(alpha_2=code) is not None
