"""Country names from ISO 3166 (pycountry), in the user's language where iso-codes has it."""

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language


@cache
def _translation(language: str):
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    language = (get_language() or "en").split("-")[0]
    return _translation(language).gettext(country.name)


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda p: p[1]
    )


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None
