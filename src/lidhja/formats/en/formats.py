# English dates as they read in Europe and in international reports: day, month, year, and a
# 24-hour clock ("29 November 2026, 14:05"); never 11/29/2026 nor a.m./p.m.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
FIRST_DAY_OF_WEEK = 1
# Numbers: 15,141,000.00 (grouping is applied where Lidhja asks for it: lidhja.formats.numbers).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
