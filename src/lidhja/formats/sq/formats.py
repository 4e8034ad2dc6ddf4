# Albanian dates: "29 nëntor 2026" (month names in lower case, see lidhja.formats.months),
# "29.11.2026" where space is short, and a 24-hour clock. Django's own Albanian formats use
# ISO short dates and a 12-hour clock ("2.05.PM"); nothing of theirs is kept.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
FIRST_DAY_OF_WEEK = 1
# Albanian numbers group thousands with a (non-breaking) space, as CLDR writes them:
# 15 141 000,00. Django's own Albanian formats group with a dot.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
