"""The detected victims as UNODC counts them, a table of the national statistics
(publication.domain.tables): persons of the cases of trafficked persons (at-risk cases left
out) first contacted in the period, by sex and age (publication.domain.crosstab). Frozen and
decided with every other table of the period, so the UNODC comparison and the GLOTIP export
(exchange.domain.figures) show what the statistics page shows, cell for cell."""

from datetime import date
from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models import Case
from lidhja.cases.models.choices import CaseKind, CaseStatus
from lidhja.publication.domain.crosstab import SEX_AGE, cross_sums, sex_age
from lidhja.publication.domain.seed import DEFINITIONS
from lidhja.publication.domain.tables import ALL, PERSONS, TableSpec, person_key, register

CODE = "victims.detected"
TOTAL = (CODE, ALL)


def _detected(start: date, end: date) -> dict[str, int]:
    rows = (
        Case.objects.filter(kind=CaseKind.TRAFFICKING, identified_on__range=(start, end))
        .annotate(key=person_key(), sex=F("person__stat_sex"))
        .values_list("key", "sex", "age_band")
        .distinct()
    )
    persons: dict[str, set[Any]] = {ALL: set()}
    for key, sex, band in rows:
        persons[ALL].add(key)
        for value in sex_age(sex, band):
            persons.setdefault(value, set()).add(key)
    return {value: len(keys) for value, keys in persons.items()}


register(
    TableSpec(
        CODE,
        ((ALL, _("Detected victims")), *SEX_AGE),
        _detected,
        at_least=True,
        # An at-risk case is the only kind that is not a trafficked person's: the detected
        # victims and the persons at risk make up the persons of the period.
        sums=(*cross_sums(CODE, TOTAL), (PERSONS, (TOTAL, ("victims.status", CaseStatus.AT_RISK)))),
    )
)

DEFINITIONS[CODE] = {
    "title_en": "Detected victims, by sex and age",
    "title_sq": "Viktima të zbuluara, sipas gjinisë dhe moshës",
    "unit": "person",
    "reference_date": "identification",
    "inclusion_en": (
        "Every person with a case of a trafficked person (potential, presumed or identified "
        "victim; not a person at risk) whose date of first contact falls in the period, as "
        "UNODC counts detected victims. A person is counted once (cases confirmed to be the same "
        "person count as one). By sex and age at identification (under 18: a child); a person "
        "of another or unrecorded sex, or of unknown age, counts in the total only."
    ),
    "inclusion_sq": (
        "Çdo person me një rast të personit të trafikuar (viktimë e mundshme, e supozuar ose e "
        "identifikuar; jo person në rrezik) data e kontaktit të parë e të cilit bie në "
        "periudhë, siç i numëron UNODC viktimat e zbuluara. Një person numërohet një herë "
        "(rastet e konfirmuara si i njëjti person numërohen si një). Sipas gjinisë dhe moshës "
        "në identifikim (nën 18 vjeç: fëmijë); një person me gjini tjetër ose të paregjistruar, "
        "ose me moshë të panjohur, numërohet vetëm te totali."
    ),
    "disaggregations": ["sex", "adult or child"],
}
