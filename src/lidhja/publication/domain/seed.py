"""Version 1 of the definitions of the tables Lidhja publishes (publication.domain.tables),
loaded by `lidhja setup`. ONAC changes them on the definitions page, which adds versions."""

from typing import Any

_EVERY_CASE_EN = (
    "Every person with a case in the referral mechanism whose date of first contact falls in "
    "the period, whatever the case's status (potential, presumed or identified victim, or "
    "person at risk). A person is counted once (cases confirmed to be the same person count "
    "as one); a person with several cases of the period counts once in each category one of "
    "the cases falls in."
)
_EVERY_CASE_SQ = (
    "Çdo person me një rast në mekanizmin e referimit, data e kontaktit të parë e të cilit bie "
    "në periudhë, cilido qoftë statusi i rastit (viktimë e mundshme, e supozuar ose e "
    "identifikuar, ose person në rrezik). Një person numërohet një herë (rastet e konfirmuara "
    "si i njëjti person numërohen si një); një person me disa raste në periudhë numërohet një "
    "herë në secilën kategori ku bie një nga rastet."
)


def _victims(
    title_en: str, title_sq: str, by: list[str], extra_en: str = "", extra_sq: str = ""
) -> dict[str, Any]:
    return {
        "title_en": title_en,
        "title_sq": title_sq,
        "unit": "person",
        "reference_date": "identification",
        "inclusion_en": f"{_EVERY_CASE_EN} {extra_en}".strip(),
        "inclusion_sq": f"{_EVERY_CASE_SQ} {extra_sq}".strip(),
        "disaggregations": by,
    }


DEFINITIONS: dict[str, dict[str, Any]] = {
    "victims.persons": _victims(
        "Persons in the referral mechanism", "Persona në mekanizmin e referimit", []
    ),
    "victims.status": _victims(
        "Persons by status",
        "Persona sipas statusit",
        ["status"],
        "Status as recorded when the period is published.",
        "Statusi siç është regjistruar kur publikohet periudha.",
    ),
    "victims.sex": _victims("Persons by sex", "Persona sipas gjinisë", ["sex"]),
    "victims.age": _victims(
        "Persons by age at identification",
        "Persona sipas moshës në identifikim",
        ["age band"],
        "Age on the date of first contact, from the date of birth.",
        "Mosha në datën e kontaktit të parë, nga data e lindjes.",
    ),
    "victims.citizenship": _victims(
        "Persons by citizenship", "Persona sipas shtetësisë", ["citizenship"]
    ),
    "victims.exploitation": _victims(
        "Persons by form of exploitation",
        "Persona sipas formës së shfrytëzimit",
        ["form of exploitation"],
        "A case may have several forms, so the forms add up to more than the persons.",
        "Një rast mund të ketë disa forma, ndaj format mblidhen në më shumë se personat.",
    ),
    "victims.source": _victims(
        "Persons by identification source",
        "Persona sipas burimit të identifikimit",
        ["identification source"],
    ),
    "victims.border_point": _victims(
        "Persons identified at the border, by crossing point",
        "Persona të identifikuar në kufi, sipas pikës së kalimit",
        ["border crossing point"],
        "Only persons whose identification source is a border crossing point.",
        "Vetëm personat burimi i identifikimit të të cilëve është një pikë kalimi kufitar.",
    ),
    "victims.scope": _victims(
        "Persons by internal or transnational trafficking",
        "Persona sipas trafikimit të brendshëm ose ndërkombëtar",
        ["internal or transnational"],
    ),
    "victims.qark": _victims(
        "Persons by qark of identification",
        "Persona sipas qarkut të identifikimit",
        ["qark"],
    ),
    "victims.risk_assessment": _victims(
        "Persons with a risk assessment",
        "Persona me vlerësim të rrezikut",
        ["risk assessment recorded"],
        "With: a risk assessment recorded in the case by the time the period is published.",
        "Me: një vlerësim rreziku i regjistruar në rast deri në publikimin e periudhës.",
    ),
    "protection.reflection": {
        "title_en": "Reflection periods granted",
        "title_sq": "Periudha reflektimi të dhëna",
        "unit": "person",
        "reference_date": "permit_start",
        "inclusion_en": (
            "Persons with a reflection period (at least 30 days) recorded in their case whose "
            "first day falls in the period; a person is counted once."
        ),
        "inclusion_sq": (
            "Persona me një periudhë reflektimi (të paktën 30 ditë) të regjistruar në rastin e "
            "tyre, dita e parë e së cilës bie në periudhë; një person numërohet një herë."
        ),
        "disaggregations": [],
    },
    "protection.residence": {
        "title_en": "Temporary residence permits granted",
        "title_sq": "Leje qëndrimi të përkohshme të dhëna",
        "unit": "person",
        "reference_date": "permit_start",
        "inclusion_en": (
            "Persons with a temporary residence permit recorded in their case whose first day "
            "falls in the period; a person is counted once."
        ),
        "inclusion_sq": (
            "Persona me një leje qëndrimi të përkohshme të regjistruar në rastin e tyre, dita e "
            "parë e së cilës bie në periudhë; një person numërohet një herë."
        ),
        "disaggregations": [],
    },
    "protection.re_trafficked": {
        "title_en": "Persons re-trafficked",
        "title_sq": "Persona të ritrafikuar",
        "unit": "person",
        "reference_date": "follow_up",
        "inclusion_en": (
            "Persons found re-trafficked at a follow-up visit made in the period; a person is "
            "counted once."
        ),
        "inclusion_sq": (
            "Persona të gjetur të ritrafikuar në një vizitë pasuese të bërë në periudhë; një "
            "person numërohet një herë."
        ),
        "disaggregations": [],
    },
}
