from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels


class Role(models.TextChoices):
    """The users of MISSION.md, one role per account."""

    ONAC_ANALYST = "onac_analyst", _("ONAC analyst")
    FOCAL_POINT = "focal_point", _("Agency focal point")
    RA_OFFICER = "ra_officer", _("Responsible Authority case officer")
    SOCIAL_WORKER = "social_worker", _("Municipal social worker")
    POLICE = "police", _("Police or border officer")
    SERVICE_PROVIDER = "service_provider", _("Shelter or service provider")
    RCAT_MEMBER = "rcat_member", _("Regional anti-trafficking committee member")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    INVESTIGATOR = "investigator", _("Police investigator")
    COURT_CLERK = "court_clerk", _("Court or Ministry of Justice statistics clerk")
    OBSERVER = "observer", _("Task Force or State Committee member")
    HELPLINE_OPERATOR = "helpline_operator", _("Helpline operator")
    BODY_SECRETARY = "body_secretary", _("Secretariat of a coordination body")
    SYSADMIN = "sysadmin", _("System administrator")


class LidhjaUserManager(UserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> "User":
        """`lidhja createsuperuser`: a system administrator of ONAC, audited like any user."""
        from lidhja.accounts.domain.actors import SYSTEM
        from lidhja.accounts.domain.services import audit_user_created
        from lidhja.organisations.models import Organisation

        extra_fields.setdefault("role", Role.SYSADMIN)
        if extra_fields.get("organisation") is None and "organisation_id" not in extra_fields:
            extra_fields["organisation"] = Organisation.objects.filter(code="ONAC").first()
        with transaction.atomic():
            user = super().create_superuser(username, email, password, **extra_fields)
            audit_user_created(user, by=SYSTEM)
        return user


class User(ChoiceLabels, AbstractUser):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # The language the user reads: pages follow the user's choice, and mail sent to the user
    # (reminders) is written in it. Empty until the user chooses (set_language, first sign-in).
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    version = models.PositiveIntegerField(default=1)
    # Separation of duties: an account that reaches personal data waits, inactive, until an
    # administrator other than the one who asked approves it (accounts/domain/approval.py).
    pending_approval = models.BooleanField(_("waiting for approval"), default=False)
    approval_requested_by = models.ForeignKey(
        "self",
        verbose_name=_("approval requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approval_requested_at = models.DateTimeField(_("approval requested at"), null=True, blank=True)

    objects: ClassVar[LidhjaUserManager] = LidhjaUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username
