"""Month names as Albanian writes them inside a date: in lower case ("29 nëntor 2026").

Django's own Albanian catalogue capitalises them ("29 Nëntor 2026"). Lidhja's catalogue
(`LOCALE_PATHS`, which takes precedence over Django's) translates the same message ids — the
ones `django.utils.dates` asks for — and this module lists them so that `makemessages` keeps
them in the catalogue. Nothing imports it at run time.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

# django.utils.dates.MONTHS (the date format "F")
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)

# django.utils.dates.MONTHS_ALT (the date format "E", the month on its own)
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
