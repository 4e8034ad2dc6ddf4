"""The vocabularies of the referral mechanism, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The services are the registry's vocabulary (what an organisation provides), used here too.
from lidhja.organisations.models import ServiceKind as ServiceKind


class CaseKind(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficked person")
    AT_RISK = "at_risk", _("Person at risk / vulnerable")


class CaseStatus(models.TextChoices):
    POTENTIAL = "potential", _("Potential victim")
    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified victim")
    AT_RISK = "at_risk", _("At risk")


STATUS_ORDER = [CaseStatus.POTENTIAL, CaseStatus.PRESUMED, CaseStatus.IDENTIFIED]


class Stage(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class Phase(models.TextChoices):
    """Where a case stands on the mechanism's path, computed from its status and steps
    (cases.domain.phases); never stored."""

    IDENTIFICATION = "identification", _("Identification")
    ASSISTANCE = "assistance", _("Assistance")
    RETURN = "return_reintegration", _("Return and reintegration")
    CLOSED = "closed", _("Closed")


class IdentificationSource(models.TextChoices):
    POLICE = "police", _("Police")
    BORDER = "border", _("Border crossing point")
    HELPLINE = "helpline", _("Helpline")
    NGO = "ngo", _("Non-governmental organisation")
    SOCIAL_SERVICES = "social_services", _("Social services")
    CONSULATE = "consulate", _("Consulate abroad")
    SELF = "self", _("Self-identification")
    OTHER = "other", _("Other")


class BorderPoint(models.TextChoices):
    RINAS = "rinas", _("Tirana International Airport (Rinas)")
    DURRES_PORT = "durres_port", _("Port of Durrës")
    VLORE_PORT = "vlore_port", _("Port of Vlorë")
    SARANDE_PORT = "sarande_port", _("Port of Sarandë")
    KAKAVIJE = "kakavije", _("Kakavijë (Greece)")
    KAPSHTICE = "kapshtice", _("Kapshticë (Greece)")
    QAFE_BOTE = "qafe_bote", _("Qafë Botë (Greece)")
    QAFE_THANE = "qafe_thane", _("Qafë Thanë (North Macedonia)")
    TUSHEMISHT = "tushemisht", _("Tushemisht (North Macedonia)")
    HANI_HOTIT = "hani_hotit", _("Han i Hotit (Montenegro)")
    MURIQAN = "muriqan", _("Muriqan (Montenegro)")
    MORINE = "morine", _("Morinë (Kosovo)")
    QAFE_PRUSH = "qafe_prush", _("Qafë Prush (Kosovo)")
    OTHER = "other", _("Other crossing point")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Forced labour or services")
    BEGGING = "begging", _("Forced begging")
    SLAVERY = "slavery", _("Slavery or servitude")
    ORGANS = "organs", _("Removal of organs")
    CRIMINALITY = "criminality", _("Forced criminality")
    OTHER = "other", _("Other")


class RecruitmentMeans(models.TextChoices):
    JOB_OFFER = "job_offer", _("False job offer")
    ROMANCE = "romance", _("Promise of marriage or relationship")
    ABDUCTION = "abduction", _("Abduction or force")
    FAMILY = "family", _("Sold or handed over by family")
    ONLINE = "online", _("Online contact")
    DEBT = "debt", _("Debt bondage")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class RecruiterRelation(models.TextChoices):
    STRANGER = "stranger", _("Stranger")
    ACQUAINTANCE = "acquaintance", _("Acquaintance or friend")
    PARTNER = "partner", _("Intimate partner")
    FAMILY = "family", _("Family member")
    EMPLOYER = "employer", _("Employer or agency")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not stated")


class AgeBand(models.TextChoices):
    """Age at identification, in bands that keep the child/adult line of UNODC and CTDC."""

    UNDER_12 = "0-11", _("0–11 years")
    FROM_12 = "12-14", _("12–14 years")
    FROM_15 = "15-17", _("15–17 years")
    FROM_18 = "18-24", _("18–24 years")
    FROM_25 = "25-34", _("25–34 years")
    FROM_35 = "35-49", _("35–49 years")
    FROM_50 = "50+", _("50 years or more")
    UNKNOWN = "", _("Age not known")


CHILD_BANDS = (AgeBand.UNDER_12, AgeBand.FROM_12, AgeBand.FROM_15)


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    STARTED = "started", _("Service started")
    COMPLETED = "completed", _("Completed")


OPEN_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.STARTED)


class ReferralDirection(models.TextChoices):
    DOMESTIC = "domestic", _("Within the country")
    OUTGOING = "outgoing", _("To a partner country's authority")
    INCOMING = "incoming", _("From a partner country's authority")


class Shared(models.TextChoices):
    """What a referral lets the receiving organisation see, besides the case code."""

    IDENTITY = "identity", _("Name, date of birth, sex and citizenship")
    CONTACTS = "contacts", _("Contacts and address")
    DOCUMENT = "document", _("Identity document")
    EXPLOITATION = "exploitation", _("Forms of exploitation")
    NEEDS = "needs", _("Needs assessment")
    RISK = "risk", _("Risk assessment")
    GUARDIAN = "guardian", _("Guardian of a child")


class PlanKind(models.TextChoices):
    NEEDS = "needs", _("Needs assessment")
    ASSISTANCE = "assistance", _("Individual assistance and protection plan")
    RISK = "risk", _("Risk assessment")
    RISK_MANAGEMENT = "risk_management", _("Risk management plan")
    REINTEGRATION = "reintegration", _("Reintegration plan")
    BEST_INTERESTS = "best_interests", _("Best-interests assessment (child)")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PermitKind(models.TextChoices):
    REFLECTION = "reflection", _("Reflection period")
    RESIDENCE = "residence", _("Temporary residence permit")


class EscalationLevel(models.TextChoices):
    RCAT = "rcat", _("Regional anti-trafficking committee")
    RA = "ra", _("Responsible Authority")


class EscalationReason(models.TextChoices):
    INTER_REGIONAL = "inter_regional", _("Inter-regional case")
    INTERNATIONAL = "international", _("International case")
    FLAGGED = "flagged", _("Flagged as non-routine")


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated")
    RETURNED = "returned", _("Returned to country of origin")
    REFUSED = "refused", _("Assistance refused")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    TRANSFERRED = "transferred", _("Transferred abroad")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim after assessment")
    DECEASED = "deceased", _("Deceased")


class ReopenReason(models.TextChoices):
    NEW_NEEDS = "new_needs", _("New needs for assistance")
    RE_TRAFFICKED = "re_trafficked", _("Re-trafficked or at risk again")
    CONTACT_RESUMED = "contact_resumed", _("Contact resumed")
    CLOSED_IN_ERROR = "closed_in_error", _("Closed in error")
    OTHER = "other", _("Other")


class ErasureReason(models.TextChoices):
    """The kind of lawful request an erasure answers (the reference itself is sealed)."""

    PERSON_REQUEST = "person_request", _("Request of the person concerned")
    COURT_ORDER = "court_order", _("Order of a court")
    COMMISSIONER = "commissioner", _("Decision of the data protection commissioner")
    RECORDED_IN_ERROR = "recorded_in_error", _("Recorded in error")
