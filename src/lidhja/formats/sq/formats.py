# Albanian numbers group thousands with a (non-breaking) space, as CLDR writes them: 1 234,5.
# Django's own Albanian formats group nothing; everything else comes from them.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
