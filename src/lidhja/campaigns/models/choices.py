"""The vocabularies of awareness campaigns (Prevention 1.(a) and 1.(b) of the seed plan)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class TargetGroup(models.TextChoices):
    CHILDREN_YOUTH = "children_youth", _("Children and youth")
    WOMEN = "women", _("Women and girls")
    ROMA_EGYPTIAN = "roma_egyptian", _("Roma and Egyptian communities")
    PARENTS = "parents", _("Parents")
    TEACHERS = "teachers", _("Teachers and school staff")
    JOB_SEEKERS_MIGRANTS = "job_seekers_migrants", _("Job seekers and migrants")
    GENERAL_PUBLIC = "general_public", _("General public")
    PROFESSIONALS = "professionals", _("Professionals working with at-risk groups")
    RURAL = "rural", _("Poor rural communities")
    CLIENTS = "clients", _("Clients and potential exploiters")
    JOURNALISTS = "journalists", _("Journalists and media")


class Channel(models.TextChoices):
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    PRINT = "print", _("Print")
    SOCIAL_MEDIA = "social_media", _("Social media")
    WEBSITE = "website", _("Website")
    OUTDOOR = "outdoor", _("Outdoor (billboards, posters)")
    SCHOOL_SESSIONS = "school_sessions", _("School sessions")
    COMMUNITY_EVENTS = "community_events", _("Community events")
    HELPLINE_PROMOTION = "helpline_promotion", _("Promotion of the helpline")


class MaterialKind(models.TextChoices):
    LEAFLET = "leaflet", _("Leaflet")
    POSTER = "poster", _("Poster")
    SPOT = "spot", _("TV or radio spot")
    BOOKLET = "booklet", _("Booklet")
    GUIDELINE = "guideline", _("Guideline for professionals")
    VIDEO = "video", _("Video")
    OTHER = "other", _("Other")


class MaterialLanguage(models.TextChoices):
    ALBANIAN = "sq", _("Albanian")
    ENGLISH = "en", _("English")
    ROMANI = "rom", _("Romani")
    GREEK = "el", _("Greek")
    MACEDONIAN = "mk", _("Macedonian")
    OTHER = "other", _("Other language")


class EventKind(models.TextChoices):
    SCHOOL_SESSION = "school_session", _("School session")
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    TRAINING = "training", _("Training of community leaders or professionals")
    PUBLIC_EVENT = "public_event", _("Public event")
    MEDIA_EVENT = "media_event", _("Media event")
    OTHER = "other", _("Other")


class ReachStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
