"""Identification screening on the operational indicators of trafficking in human beings
(ILO and European Commission, Delphi survey, 2009).

Indicators are grouped in six dimensions; each is strong, medium or weak. A dimension is
positive when its observed indicators reach one of the combinations of `POSITIVE_WHEN`; the
screening suggests presumed status when a recruitment dimension, exploitation, and a
dimension of coercion or abuse of vulnerability at destination are all positive. The
suggestion is only that: the decision stays with a person (cases.domain.services).
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

RULE = "ilo-ec-2009"

STRONG, MEDIUM, WEAK = "strong", "medium", "weak"


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    strength: str
    label: object


DIMENSIONS = {
    "deceptive_recruitment": _("Deceptive recruitment"),
    "coercive_recruitment": _("Coercive recruitment"),
    "abusive_recruitment": _("Recruitment by abuse of vulnerability"),
    "exploitation": _("Exploitative conditions of work or services"),
    "coercion": _("Coercion at destination"),
    "vulnerability": _("Abuse of vulnerability at destination"),
}
RECRUITMENT = ("deceptive_recruitment", "coercive_recruitment", "abusive_recruitment")
DESTINATION = ("coercion", "vulnerability")

_I = Indicator
INDICATORS = [
    _I(
        "dr_nature_of_job",
        "deceptive_recruitment",
        STRONG,
        _("Deceived about the nature of the job or location"),
    ),
    _I("dr_conditions", "deceptive_recruitment", MEDIUM, _("Deceived about conditions of work")),
    _I(
        "dr_documents",
        "deceptive_recruitment",
        MEDIUM,
        _("Deceived about travel and recruitment conditions"),
    ),
    _I("dr_wages", "deceptive_recruitment", MEDIUM, _("Deceived about wages or earnings")),
    _I(
        "dr_marriage",
        "deceptive_recruitment",
        WEAK,
        _("Deceived by a promise of marriage or adoption"),
    ),
    _I("cr_violence", "coercive_recruitment", STRONG, _("Violence or threats used in recruitment")),
    _I("cr_abduction", "coercive_recruitment", STRONG, _("Abduction, forced marriage or sale")),
    _I("cr_debt", "coercive_recruitment", MEDIUM, _("Debt bondage from recruitment")),
    _I(
        "cr_documents", "coercive_recruitment", MEDIUM, _("Identity documents taken at recruitment")
    ),
    _I("ar_family", "abusive_recruitment", MEDIUM, _("Abuse of a difficult family situation")),
    _I("ar_illegal_status", "abusive_recruitment", MEDIUM, _("Abuse of irregular status")),
    _I(
        "ar_lack_education",
        "abusive_recruitment",
        WEAK,
        _("Abuse of lack of education or information"),
    ),
    _I("ar_economic", "abusive_recruitment", WEAK, _("Abuse of economic hardship")),
    _I("ex_excessive_hours", "exploitation", STRONG, _("Excessive working days or hours")),
    _I("ex_no_pay", "exploitation", STRONG, _("No or very low wages")),
    _I("ex_bad_living", "exploitation", MEDIUM, _("Bad living conditions")),
    _I("ex_hazardous", "exploitation", MEDIUM, _("Hazardous work")),
    _I("ex_no_social", "exploitation", WEAK, _("No respect of labour laws or contract")),
    _I("co_confinement", "coercion", STRONG, _("Confinement, isolation or surveillance")),
    _I(
        "co_violence",
        "coercion",
        STRONG,
        _("Violence, or threats of violence, against the person or family"),
    ),
    _I("co_debt", "coercion", STRONG, _("Debt bondage or manipulation of debt")),
    _I("co_documents", "coercion", STRONG, _("Identity documents confiscated")),
    _I("co_denunciation", "coercion", MEDIUM, _("Threat of denunciation to the authorities")),
    _I("co_forced_tasks", "coercion", MEDIUM, _("Forced into illicit or criminal activities")),
    _I("vu_dependency", "vulnerability", MEDIUM, _("Dependency on exploiters")),
    _I("vu_language", "vulnerability", MEDIUM, _("Difficulties in speaking the language")),
    _I("vu_illegal_status", "vulnerability", MEDIUM, _("Irregular stay or status")),
    _I("vu_isolation", "vulnerability", WEAK, _("Isolated from family or community")),
]
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

# Observed (strong, medium, weak) counts that make a dimension positive (each a minimum).
POSITIVE_WHEN = [(2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 3, 0), (0, 2, 1)]


def dimension_positive(observed: list[str], dimension: str) -> bool:
    counts = Counter(
        BY_CODE[code].strength for code in observed if BY_CODE[code].dimension == dimension
    )
    return any(
        counts[STRONG] >= s and counts[MEDIUM] >= m and counts[WEAK] >= w
        for s, m, w in POSITIVE_WHEN
    )


def positive_dimensions(observed: list[str]) -> list[str]:
    return [dim for dim in DIMENSIONS if dimension_positive(observed, dim)]


# The three conditions of the rule, each met by any one of its dimensions.
CONDITIONS = {
    "recruitment": (RECRUITMENT, _("a recruitment dimension (deception, coercion or abuse)")),
    "exploitation": (("exploitation",), _("exploitative conditions of work or services")),
    "destination": (DESTINATION, _("coercion or abuse of vulnerability at destination")),
}


def conditions_short(observed: list[str]) -> list[str]:
    """The conditions of the rule that no positive dimension meets, in the rule's order."""
    positive = set(positive_dimensions(observed))
    return [name for name, (dims, _label) in CONDITIONS.items() if not positive & set(dims)]


def suggests_presumed(observed: list[str]) -> bool:
    return not conditions_short(observed)


def result(observed: list[str]) -> dict[str, object]:
    """A screening's result in words: each dimension met or not, and the conditions of the
    rule that fell short (none when presumed status is suggested)."""
    positive = set(positive_dimensions(observed))
    short = conditions_short(observed)
    return {
        "dimensions": [
            {"code": code, "label": label, "met": code in positive}
            for code, label in DIMENSIONS.items()
        ],
        "short": short,
        "short_labels": [CONDITIONS[name][1] for name in short],
    }
