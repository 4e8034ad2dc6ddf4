"""The vocabularies of criminal-justice proceedings, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    """The stages of a proceeding, in the order a proceeding passes them (STAGE_ORDER)."""

    REPORTED = "reported", _("Reported")
    INVESTIGATION = "investigation", _("Investigation opened")
    ARREST = "arrest", _("Arrest")
    INDICTMENT = "indictment", _("Indictment (prosecution)")
    FIRST_INSTANCE = "first_instance", _("First-instance verdict")
    APPEAL = "appeal", _("Appeal")
    FINAL = "final", _("Final decision")


STAGE_ORDER: list[str] = [kind.value for kind in StageKind]
# Stages about one defendant; the others are about the proceeding as a whole.
DEFENDANT_STAGES = (
    StageKind.ARREST,
    StageKind.INDICTMENT,
    StageKind.FIRST_INSTANCE,
    StageKind.APPEAL,
    StageKind.FINAL,
)
# Stages that end in a verdict, and may carry a sentence.
VERDICT_STAGES = (StageKind.FIRST_INSTANCE, StageKind.APPEAL, StageKind.FINAL)


class Outcome(models.TextChoices):
    NONE = "", _("No outcome yet")
    OPENED = "opened", _("Opened or continued")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed or discontinued")
    SENT_BACK = "sent_back", _("Sent back for retrial")
    OTHER = "other", _("Other")


class DefendantRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    EXPLOITER = "exploiter", _("Exploiter")
    ORGANISER = "organiser", _("Organiser or financier")
    HARBOURER = "harbourer", _("Harbourer")
    FACILITATOR = "facilitator", _("Facilitator (documents, border)")
    OTHER = "other", _("Other")


class OfficialService(models.TextChoices):
    """The service of an official who took part in or facilitated the offence (Prosecution
    1.(i) of the seed plan)."""

    POLICE = "police", _("Police")
    BORDER = "border", _("Border police")
    CUSTOMS = "customs", _("Customs")
    JUDICIARY = "judiciary", _("Judiciary or prosecution")
    OTHER = "other", _("Other public service")


class AssetKind(models.TextChoices):
    SEIZED = "seized", _("Seized")
    FROZEN = "frozen", _("Frozen")
    CONFISCATED = "confiscated", _("Confiscated")
    SPECIAL_FUND = "special_fund", _("Confiscation proceeds allocated to the Special Fund")
    COMPENSATION_ORDERED = "compensation_ordered", _("Compensation ordered to victims")
    COMPENSATION_PAID = "compensation_paid", _("Compensation paid to victims")


class VictimRole(models.TextChoices):
    WITNESS = "witness", _("Witness")
    INJURED_PARTY = "injured_party", _("Injured party")


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation by the case's managing unit")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")
