from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    """Who a training is for; also the function of counted participants."""

    POLICE = "police", _("Police")
    BORDER_POLICE = "border_police", _("Border police")
    PROSECUTORS = "prosecutors", _("Prosecutors")
    JUDGES = "judges", _("Judges")
    SOCIAL_WORKERS = "social_workers", _("Social workers")
    LABOUR_INSPECTORS = "labour_inspectors", _("Labour inspectors")
    TEACHERS = "teachers", _("Teachers")
    CONSULAR_STAFF = "consular_staff", _("Consular staff")
    NGO_STAFF = "ngo_staff", _("NGO staff")
    TRAINERS = "trainers", _("Trainers")
    OTHER = "other", _("Other")


class RosterFunction(models.TextChoices):
    """The specialised functions the roster keeps (Prosecution 1.(b); Protection 2.(c).2)."""

    POLICE = "police", _("Anti-trafficking police officer")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    JUDGE = "judge", _("Judge")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    BORDER_OFFICER = "border_officer", _("Border officer")
    TRAINER = "trainer", _("Trainer")


# A named participant counts in the participants grid under the group of their function.
GROUP_OF_FUNCTION = {
    RosterFunction.POLICE: TargetGroup.POLICE,
    RosterFunction.PROSECUTOR: TargetGroup.PROSECUTORS,
    RosterFunction.JUDGE: TargetGroup.JUDGES,
    RosterFunction.SOCIAL_WORKER: TargetGroup.SOCIAL_WORKERS,
    RosterFunction.BORDER_OFFICER: TargetGroup.BORDER_POLICE,
    RosterFunction.TRAINER: TargetGroup.TRAINERS,
}


class Court(models.TextChoices):
    SERIOUS_CRIMES = "serious_crimes", _("Serious Crimes Court (first instance)")
    SERIOUS_CRIMES_APPEAL = "serious_crimes_appeal", _("Serious Crimes Court of Appeal")
    DISTRICT = "district", _("District court")
    APPEAL = "appeal", _("Court of appeal")
    HIGH = "high", _("High Court")
    OTHER = "other", _("Other court")


# "All Serious Crime Court judges are trained" (Prosecution 1.(b).2): both instances.
SERIOUS_CRIMES_COURTS = (Court.SERIOUS_CRIMES, Court.SERIOUS_CRIMES_APPEAL)


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
