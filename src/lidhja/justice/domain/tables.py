"""The justice statistics as tables of the national statistics (publication.domain.tables):
declared here, counted per period, frozen in the same release as the victims' tables and
decided together with them (publication.domain.releases), so that one suppression decides
every published justice figure: the statistics page, its downloads and report, the API, the
plan indicators (domain/indicators.py) and the UNODC comparison (exchange.domain.figures).

Counting unit: the defendant, counted once per table in the period of the first stage that
counts them (the definition's reference date):
- arrested: an arrest recorded; prosecuted: an indictment not dismissed; convicted /
  acquitted: a final decision that convicts / acquits; appealed: an appeal recorded;
- sentences: the convicted, by the band of the sentence of that final conviction (the bands
  add up to the convicted);
- complicity: the prosecuted and the convicted by the service of a complicit official, with
  a row for defendants who are not officials (the rows add up to the prosecuted / convicted);
- by sex and age: the prosecuted and the convicted as UNODC publishes them (women, men,
  adults, children and the four crossings); a defendant of another or unrecorded sex or of
  unknown age counts in the total only.
Assets: the measures recorded in the period (seized, frozen, confiscated, to the Special Fund,
compensation ordered and paid), counted, with their amount in lek. The amount is frozen beside
its count and shown only where the count is shown, which is never below the threshold: a sum
over fewer measures would be nearly a single one (publication.domain.releases, point 4).
Victims: persons (counted once, a confirmed link included) whose case is linked to a
proceeding registered in the period, as a witness or as an injured party; links confirmed only.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, Sum
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models import Case
from lidhja.justice.models import AssetRecord, Stage, VictimLink
from lidhja.justice.models.choices import (
    AssetKind,
    LinkStatus,
    OfficialService,
    Outcome,
    StageKind,
    VictimRole,
)
from lidhja.publication.domain.crosstab import SEX_AGE, cross_sums, sex_age
from lidhja.publication.domain.seed import DEFINITIONS
from lidhja.publication.domain.tables import (
    ALL,
    Counter,
    TableSpec,
    _persons,
    register,
)

SELECT: dict[str, Q] = {
    "arrested": Q(kind=StageKind.ARREST),
    "prosecuted": Q(kind=StageKind.INDICTMENT) & ~Q(outcome=Outcome.DISMISSED),
    "convicted": Q(kind=StageKind.FINAL, outcome=Outcome.CONVICTED),
    "acquitted": Q(kind=StageKind.FINAL, outcome=Outcome.ACQUITTED),
    "appealed": Q(kind=StageKind.APPEAL),
}
BANDS: tuple[tuple[str, Any], ...] = (
    ("suspended", _("Suspended")),
    ("fine_only", _("Fine only")),
    ("under_1y", _("Prison under 1 year")),
    ("1_5y", _("Prison 1 to under 5 years")),
    ("5_10y", _("Prison 5 to under 10 years")),
    ("10y_plus", _("Prison 10 years or more")),
    ("other", _("Other or not recorded")),
)
NOT_OFFICIAL = "none"
SERVICES: tuple[tuple[str, Any], ...] = (
    *OfficialService.choices,
    (NOT_OFFICIAL, _("Not a public official")),
)


def band(prison_months: int | None, fine_lek: Decimal | None, suspended: bool) -> str:
    """The sentence band of a final conviction."""
    if suspended:
        return "suspended"
    if not prison_months:
        return "fine_only" if fine_lek else "other"
    if prison_months < 12:
        return "under_1y"
    if prison_months < 60:
        return "1_5y"
    return "5_10y" if prison_months < 120 else "10y_plus"


def first_stages(name: str, start: date, end: date) -> list[dict[str, Any]]:
    """The first stage matching SELECT[name] of each defendant whose first such stage falls in
    [start, end] (a defendant counts once per table), with the defendant's categories."""
    select = SELECT[name]
    firsts = (
        Stage.objects.filter(select, defendant__isnull=False)
        .values("defendant_id")
        .annotate(first=Min("on"))
        .filter(first__range=(start, end))
        .values("defendant_id")
    )
    rows = (
        Stage.objects.filter(select, defendant_id__in=firsts)
        .order_by("defendant_id", "on", "id")
        .values(
            "defendant_id",
            "prison_months",
            "fine_lek",
            "suspended",
            "defendant__sex",
            "defendant__age_band",
            "defendant__official_service",
        )
    )
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row["defendant_id"], dict(row))
    return list(found.values())


def _defendants(name: str) -> Counter:
    return lambda start, end: {ALL: len(first_stages(name, start, end))}


def _sentences(start: date, end: date) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in first_stages("convicted", start, end):
        key = band(row["prison_months"], row["fine_lek"], row["suspended"])
        found[key] = found.get(key, 0) + 1
    return found


def _complicity(name: str) -> Counter:
    def count(start: date, end: date) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in first_stages(name, start, end):
            key = row["defendant__official_service"] or NOT_OFFICIAL
            found[key] = found.get(key, 0) + 1
        return found

    return count


def _by_sex_and_age(name: str) -> Counter:
    def count(start: date, end: date) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in first_stages(name, start, end):
            for key in sex_age(row["defendant__sex"], row["defendant__age_band"]):
                found[key] = found.get(key, 0) + 1
        return found

    return count


def _assets(start: date, end: date) -> dict[str, int]:
    rows = AssetRecord.objects.filter(on__range=(start, end)).values("kind")
    return {row["kind"]: row["n"] for row in rows.annotate(n=Count("id")).order_by()}


def _asset_amounts(start: date, end: date) -> Mapping[str, Decimal]:
    rows = AssetRecord.objects.filter(on__range=(start, end)).values("kind")
    found = rows.annotate(total=Sum("amount_lek")).order_by()
    cent = Decimal("0.01")  # as stored (SQLite's sum drops trailing zeros)
    return {row["kind"]: Decimal(row["total"] or 0).quantize(cent) for row in found}


def _victims(start: date, end: date) -> dict[str, int]:
    links = VictimLink.objects.filter(
        status=LinkStatus.CONFIRMED, proceeding__registered_on__range=(start, end)
    )

    def persons(chosen: Any) -> int:
        return _persons(Case.objects.filter(code__in=chosen.values("case_code")))[ALL]

    return {
        ALL: persons(links),
        **{role: persons(links.filter(role=role)) for role in VictimRole.values},
    }


def one(label: Any) -> tuple[tuple[str, Any], ...]:
    return ((ALL, label),)


ARRESTED = ("justice.arrested", ALL)
PROSECUTED = ("justice.prosecuted", ALL)
CONVICTED = ("justice.convicted", ALL)

for spec in (
    TableSpec("justice.arrested", one(_("Defendants arrested")), _defendants("arrested")),
    TableSpec("justice.prosecuted", one(_("Defendants prosecuted")), _defendants("prosecuted")),
    TableSpec("justice.complicity_prosecuted", SERVICES, _complicity("prosecuted"), PROSECUTED),
    TableSpec(
        "justice.prosecuted_sex_age",
        SEX_AGE,
        _by_sex_and_age("prosecuted"),
        at_least=True,
        sums=cross_sums("justice.prosecuted_sex_age", PROSECUTED),
    ),
    TableSpec("justice.convicted", one(_("Defendants convicted")), _defendants("convicted")),
    TableSpec("justice.sentences", BANDS, _sentences, CONVICTED),
    TableSpec("justice.complicity_convicted", SERVICES, _complicity("convicted"), CONVICTED),
    TableSpec(
        "justice.convicted_sex_age",
        SEX_AGE,
        _by_sex_and_age("convicted"),
        at_least=True,
        sums=cross_sums("justice.convicted_sex_age", CONVICTED),
    ),
    TableSpec("justice.acquitted", one(_("Defendants acquitted")), _defendants("acquitted")),
    TableSpec("justice.appealed", one(_("Defendants who appealed")), _defendants("appealed")),
    TableSpec("justice.assets", tuple(AssetKind.choices), _assets, amount=_asset_amounts),
    TableSpec(
        "justice.victims",
        ((ALL, _("Victims in proceedings")), *VictimRole.choices),
        _victims,
        at_least=True,
    ),
):
    register(replace(spec, group="justice"))


# --- version 1 of their definitions (publication.domain.seed; ONAC adds versions) -----------

_ONCE_EN = "Each defendant is counted once, in the period of the first such stage."
_ONCE_SQ = "Çdo i pandehur numërohet një herë, në periudhën e fazës së parë të tillë."
_SEX_AGE_EN = (
    " By sex and age as recorded for the defendant (under 18: a child); a defendant of "
    "another or unrecorded sex, or of unknown age, counts in the total only."
)
_SEX_AGE_SQ = (
    " Sipas gjinisë dhe moshës së regjistruar për të pandehurin (nën 18 vjeç: fëmijë); një i "
    "pandehur me gjini tjetër ose të paregjistruar, ose me moshë të panjohur, numërohet "
    "vetëm te totali."
)


def _defined(
    titles: tuple[str, str],
    unit: str,
    reference: str,
    rule: tuple[str, str],
    by: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "title_en": titles[0],
        "title_sq": titles[1],
        "unit": unit,
        "reference_date": reference,
        "inclusion_en": rule[0],
        "inclusion_sq": rule[1],
        "disaggregations": by or [],
    }


_PROSECUTED = (
    "Defendants of trafficking proceedings indicted (an indictment not dismissed) in the "
    f"period. {_ONCE_EN}",
    "Të pandehur në procedime për trafikim të akuzuar (akuzë e pa pushuar) në periudhë. "
    f"{_ONCE_SQ}",
)
_CONVICTED = (
    f"Defendants convicted by a final decision dated in the period. {_ONCE_EN}",
    f"Të pandehur të dënuar me vendim të formës së prerë të datës në periudhë. {_ONCE_SQ}",
)
_COMPLICITY = (
    " By the service of a public official who took part in or facilitated the offence; the "
    "other defendants in a row of their own, so that the rows add up to the total.",
    " Sipas shërbimit të zyrtarit publik që mori pjesë ose lehtësoi veprën; të pandehurit e "
    "tjerë në një rresht më vete, që rreshtat të mblidhen në total.",
)

DEFINITIONS.update(
    {
        "justice.arrested": _defined(
            ("Defendants arrested", "Të pandehur të arrestuar"),
            "defendant",
            "arrest",
            (
                f"Defendants of trafficking proceedings with an arrest dated in the period. "
                f"{_ONCE_EN}",
                f"Të pandehur në procedime për trafikim me një arrestim të datës në periudhë. "
                f"{_ONCE_SQ}",
            ),
        ),
        "justice.prosecuted": _defined(
            ("Defendants prosecuted", "Të pandehur të ndjekur penalisht"),
            "defendant",
            "indictment",
            _PROSECUTED,
        ),
        "justice.complicity_prosecuted": _defined(
            (
                "Defendants prosecuted, by complicity of a public official",
                "Të pandehur të ndjekur penalisht, sipas bashkëpunimit të një zyrtari publik",
            ),
            "defendant",
            "indictment",
            (_PROSECUTED[0] + _COMPLICITY[0], _PROSECUTED[1] + _COMPLICITY[1]),
            ["official's service"],
        ),
        "justice.prosecuted_sex_age": _defined(
            (
                "Defendants prosecuted, by sex and age",
                "Të pandehur të ndjekur penalisht, sipas gjinisë dhe moshës",
            ),
            "defendant",
            "indictment",
            (_PROSECUTED[0] + _SEX_AGE_EN, _PROSECUTED[1] + _SEX_AGE_SQ),
            ["sex", "adult or child"],
        ),
        "justice.convicted": _defined(
            ("Defendants convicted", "Të pandehur të dënuar"),
            "defendant",
            "final_decision",
            _CONVICTED,
        ),
        "justice.sentences": _defined(
            ("Final convictions by sentence", "Dënime të formës së prerë sipas dënimit"),
            "defendant",
            "final_decision",
            (
                _CONVICTED[0] + " By the sentence of that decision: suspended, fine only, or "
                "the prison term.",
                _CONVICTED[1] + " Sipas dënimit të atij vendimi: me kusht, vetëm gjobë, ose "
                "kohëzgjatja e burgimit.",
            ),
            ["sentence band"],
        ),
        "justice.complicity_convicted": _defined(
            (
                "Defendants convicted, by complicity of a public official",
                "Të pandehur të dënuar, sipas bashkëpunimit të një zyrtari publik",
            ),
            "defendant",
            "final_decision",
            (_CONVICTED[0] + _COMPLICITY[0], _CONVICTED[1] + _COMPLICITY[1]),
            ["official's service"],
        ),
        "justice.convicted_sex_age": _defined(
            (
                "Defendants convicted, by sex and age",
                "Të pandehur të dënuar, sipas gjinisë dhe moshës",
            ),
            "defendant",
            "final_decision",
            (_CONVICTED[0] + _SEX_AGE_EN, _CONVICTED[1] + _SEX_AGE_SQ),
            ["sex", "adult or child"],
        ),
        "justice.acquitted": _defined(
            ("Defendants acquitted", "Të pandehur të pafajësuar"),
            "defendant",
            "final_decision",
            (
                f"Defendants acquitted by a final decision dated in the period. {_ONCE_EN}",
                f"Të pandehur të pafajësuar me vendim të formës së prerë të datës në "
                f"periudhë. {_ONCE_SQ}",
            ),
        ),
        "justice.appealed": _defined(
            ("Defendants who appealed", "Të pandehur që ankimuan"),
            "defendant",
            "appeal",
            (
                f"Defendants with an appeal dated in the period. {_ONCE_EN}",
                f"Të pandehur me një ankim të datës në periudhë. {_ONCE_SQ}",
            ),
        ),
        "justice.assets": _defined(
            ("Assets and compensation", "Pasuri dhe dëmshpërblim"),
            "measure",
            "measure",
            (
                "Measures recorded in trafficking proceedings and dated in the period, by kind: "
                "assets seized, frozen or confiscated, confiscation proceeds allocated to the "
                "Special Fund, compensation ordered and paid to victims; their number and their "
                "amount in lek. An amount is shown only beside its number, when the number is "
                "shown.",
                "Masa të regjistruara në procedime për trafikim dhe të datës në periudhë, sipas "
                "llojit: pasuri e sekuestruar, e ngrirë ose e konfiskuar, të ardhura nga "
                "konfiskimi të kaluara në Fondin Special, dëmshpërblim i urdhëruar dhe i paguar "
                "viktimave; numri i tyre dhe shuma në lekë. Një shumë tregohet vetëm pranë numrit "
                "të saj, kur numri tregohet.",
            ),
            ["kind of measure"],
        ),
        "justice.victims": _defined(
            ("Victims in proceedings", "Viktima në procedime"),
            "person",
            "report",
            (
                "Persons whose case is linked to a trafficking proceeding registered in the "
                "period, the link confirmed, as a witness or as an injured party. A person is "
                "counted once in each role and once in all (cases confirmed to be the same person "
                "count as one); a person may have both roles.",
                "Persona rasti i të cilëve është i lidhur me një procedim për trafikim të "
                "regjistruar në periudhë, lidhja e konfirmuar, si dëshmitar ose si palë e "
                "dëmtuar. Një person numërohet një herë në secilin rol dhe një herë në total "
                "(rastet e konfirmuara si i njëjti person numërohen si një); një person mund të "
                "ketë të dy rolet.",
            ),
            ["role"],
        ),
    }
)
