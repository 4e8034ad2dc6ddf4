"""Changes to campaigns, their materials and events, and their quarterly reach reports. Each
service locks what it changes, checks the version read (409 on a stale one), checks the
permission again and writes its audit entry in the same transaction. Audit entries name the
fields that changed, never what was typed into them."""

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.campaigns.domain import fields
from lidhja.campaigns.domain.queries import quarter_codes
from lidhja.campaigns.models import (
    Campaign,
    CampaignEvent,
    CampaignStatus,
    Channel,
    Material,
    ReachReport,
    ReachStatus,
    TargetGroup,
)
from lidhja.core import files, sealed
from lidhja.core.files import checked_upload
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.organisations.models import Organisation, Qark
from lidhja.plans.models import Level

VOCABULARIES = {"target_groups": TargetGroup, "qarks": Qark, "channels": Channel}
REQUIRED_LISTS = ("target_groups", "channels")
# A row that is withdrawn rather than deleted (a material or an event).
Withdrawn = TypeVar("Withdrawn", Material, CampaignEvent)
# A reach report the lead organisation may still change.
REACH_EDITABLE = (ReachStatus.DRAFT, ReachStatus.RETURNED)


def _stale_campaign() -> StaleObject:
    return StaleObject(_("This campaign was changed by someone else meanwhile. Reload and retry."))


def _stale_report() -> StaleObject:
    return StaleObject(
        _("This reach report was changed by someone else meanwhile. Reload and retry.")
    )


def _require_manage(by: User, lead: Organisation) -> None:
    if not can(by, "campaigns.manage", lead):
        raise PermissionDenied(_("You may not change campaigns of this organisation."))


def _check_values(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    for name, vocabulary in VOCABULARIES.items():
        codes = values.get(name, [])
        if not isinstance(codes, list) or set(codes) - set(vocabulary.values):
            errors[name] = _("Choose from the list.")
        elif name in REQUIRED_LISTS and not codes:
            errors[name] = _("Choose at least one.")
    activities = values.get("activities", [])
    if any(node.level != Level.ACTIVITY for node in activities):
        errors["activities"] = _("Campaigns are linked to activities of the plan.")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The end cannot come before the start.")
    if errors:
        raise ValidationError(errors)


def _apply(campaign: Campaign, values: dict[str, Any]) -> list[str]:
    """Set the plain fields of `values` on `campaign`; the names of those that changed."""
    changed = []
    for name in fields.CAMPAIGN:
        if name in fields.RELATED_SETS or name not in values:
            continue
        value: Any = sorted(values[name]) if name in fields.CODE_LISTS else values[name]
        if name == "lead":
            current, new = campaign.lead_id, value.pk  # a new campaign has no lead to read
        else:
            current, new = getattr(campaign, name), value
        if current != new:
            setattr(campaign, name, value)
            changed.append(name)
    return changed


def _set_related(campaign: Campaign, values: dict[str, Any]) -> list[str]:
    changed = []
    for name in fields.RELATED_SETS:
        if name not in values:
            continue
        manager = getattr(campaign, name)
        if {o.pk for o in manager.all()} != {o.pk for o in values[name]}:
            manager.set(values[name])
            changed.append(name)
    return changed


@transaction.atomic
def create_campaign(values: dict[str, Any], *, by: User) -> Campaign:
    """A new campaign; a focal point creates campaigns led by its own organisation only."""
    _require_manage(by, values["lead"])
    _check_values(values)
    campaign = Campaign()
    _apply(campaign, values)
    campaign.full_clean()
    campaign.save()
    _set_related(campaign, values)
    audit.record(
        "campaigns.created",
        actor=by,
        obj=campaign,
        changes={"lead": campaign.lead.code, "status": campaign.status},
    )
    return campaign


@transaction.atomic
def edit_campaign(
    campaign: Campaign, values: dict[str, Any], *, version: int, by: User
) -> Campaign:
    """Change a campaign; its lead may be changed only to an organisation the user may manage."""
    locked = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
    if locked.version != version:
        raise _stale_campaign()
    _require_manage(by, locked.lead)
    _require_manage(by, values.get("lead", locked.lead))
    _check_values(values)
    changed = _apply(locked, values)
    locked.full_clean()
    changed += _set_related(locked, values)
    if changed:
        locked.version += 1
        locked.save()
        audit.record("campaigns.edited", actor=by, obj=locked, changes={"changed": changed})
    return locked


def _locked_for_change(campaign: Campaign, by: User) -> Campaign:
    locked = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
    _require_manage(by, locked.lead)
    return locked


def _material_context(relative: str) -> str:
    return f"campaign-material:{relative}"


def _seal_upload(material: Material, upload: tuple[str, bytes]) -> str:
    """Check and seal an upload as the material's file (removed again if the change rolls
    back); the content's SHA-256 for the audit entry."""
    name, content = upload
    material.file_name, material.file_type = checked_upload(
        name, content, settings.LIDHJA_EVIDENCE_MAX_BYTES
    )
    material.file_size = len(content)
    material.file.name = f"campaigns/{uuid.uuid4().hex}.sealed"
    sealed.write(material.file.name, content, _material_context(material.file.name))
    return hashlib.sha256(content).hexdigest()


@files.atomic()
def add_material(
    campaign: Campaign,
    values: dict[str, Any],
    *,
    by: User,
    upload: tuple[str, bytes] | None = None,
) -> Material:
    """Record material the campaign produced, with its file if one is given as (name, bytes):
    checked for kind and size, sealed at rest like every private file, and removed again if
    the recording rolls back."""
    locked = _locked_for_change(campaign, by)
    material = Material(campaign=locked, added_by=by, **{k: values[k] for k in fields.MATERIAL})
    material.full_clean(exclude=["file"])
    changes: dict[str, Any] = {"kind": material.kind, "quantity": material.quantity}
    if upload is not None:
        changes["sha256"] = _seal_upload(material, upload)
    material.save()
    audit.record("campaigns.material_added", actor=by, obj=material, changes=changes)
    return material


def material_content(material: Material) -> bytes:
    """The material's file, opened (the caller has checked the reader's right)."""
    return sealed.read(material.file.name, _material_context(material.file.name))


@transaction.atomic
def record_material_download(material: Material, *, by: User) -> None:
    if not can(by, "campaigns.view"):
        raise PermissionDenied(_("You may not see campaigns."))
    audit.record("campaigns.material_downloaded", actor=by, obj=material)


def sealed_material_files() -> Iterator[tuple[str, str]]:
    """(file name, context) of every material file, for re-sealing (core.sealed)."""
    for relative in Material.objects.exclude(file="").values_list("file", flat=True).iterator():
        yield relative, _material_context(relative)


def _check_event_date(campaign: Campaign, event: CampaignEvent) -> None:
    if not campaign.starts_on <= event.held_on <= campaign.ends_on:
        raise ValidationError({"held_on": _("The event falls outside the campaign's dates.")})


@transaction.atomic
def add_event(campaign: Campaign, values: dict[str, Any], *, by: User) -> CampaignEvent:
    locked = _locked_for_change(campaign, by)
    event = CampaignEvent(campaign=locked, added_by=by, **{k: values[k] for k in fields.EVENT})
    event.full_clean()
    _check_event_date(locked, event)
    event.save()
    audit.record(
        "campaigns.event_added",
        actor=by,
        obj=event,
        changes={"held_on": event.held_on, "qark": event.qark, "participants": event.participants},
    )
    return event


# --- Corrections: materials and events are edited or withdrawn, never deleted ----------------


def _locked_item(model: type[Withdrawn], pk: int, version: int, by: User) -> Withdrawn:
    """A material or an event locked for a change: the right to manage its campaign checked
    again, the version read compared (409 when stale), a withdrawn one refused (409)."""
    locked = (
        model.objects.select_for_update(of=("self",)).select_related("campaign__lead").get(pk=pk)
    )
    _require_manage(by, locked.campaign.lead)
    if locked.version != version:
        raise StaleObject(_("This entry was changed by someone else meanwhile. Reload and retry."))
    if locked.withdrawn:
        raise DomainError(_("This entry was withdrawn; it can no longer be changed."))
    return locked


def _apply_item(item: Withdrawn, names: tuple[str, ...], values: dict[str, Any]) -> list[str]:
    changed = [name for name in names if getattr(item, name) != values[name]]
    for name in changed:
        setattr(item, name, values[name])
    return changed


@files.atomic()
def edit_material(
    material: Material,
    values: dict[str, Any],
    *,
    version: int,
    by: User,
    upload: tuple[str, bytes] | None = None,
) -> Material:
    """Correct a material's kind, title, language or quantity, and replace its file when one
    is given (the old file is removed once the change is committed)."""
    locked = _locked_item(Material, material.pk, version, by)
    changed = _apply_item(locked, fields.MATERIAL, values)
    locked.full_clean(exclude=["file"])
    changes: dict[str, Any] = {}
    if upload is not None:
        old = locked.file.name
        changes["sha256"] = _seal_upload(locked, upload)
        changed.append("file")
        if old:
            files.delete_on_commit(files.private_path(old))
    if changed:
        locked.version += 1
        locked.save()
        audit.record(
            "campaigns.material_edited",
            actor=by,
            obj=locked,
            changes={"changed": changed, **changes},
        )
    return locked


@transaction.atomic
def edit_event(
    event: CampaignEvent, values: dict[str, Any], *, version: int, by: User
) -> CampaignEvent:
    """Correct an event's date, qark, place, kind or participants."""
    locked = _locked_item(CampaignEvent, event.pk, version, by)
    changed = _apply_item(locked, fields.EVENT, values)
    locked.full_clean()
    _check_event_date(locked.campaign, locked)
    if changed:
        locked.version += 1
        locked.save()
        audit.record("campaigns.event_edited", actor=by, obj=locked, changes={"changed": changed})
    return locked


def _withdraw(item: Withdrawn, reason: str, by: User, action: str) -> Withdrawn:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is withdrawn.")})
    item.withdrawn_at, item.withdrawn_by = timezone.now(), by
    item.withdrawal_reason = reason[:500]
    item.version += 1
    item.save()
    changed = ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]
    audit.record(action, actor=by, obj=item, changes={"changed": changed})
    return item


@transaction.atomic
def withdraw_material(material: Material, reason: str, *, version: int, by: User) -> Material:
    """Withdraw a material recorded by mistake: kept, with when, by whom and why, but no longer
    listed as current nor counted. Its file stays for the audit trail."""
    locked = _locked_item(Material, material.pk, version, by)
    return _withdraw(locked, reason, by, "campaigns.material_withdrawn")


@transaction.atomic
def withdraw_event(event: CampaignEvent, reason: str, *, version: int, by: User) -> CampaignEvent:
    """Withdraw an event recorded by mistake: kept, but no longer counted."""
    locked = _locked_item(CampaignEvent, event.pk, version, by)
    return _withdraw(locked, reason, by, "campaigns.event_withdrawn")


# --- Reach reports -----------------------------------------------------------------------


def quarters(campaign: Campaign, today: date | None = None) -> list[str]:
    """The quarters (codes such as 2009Q1) a campaign reports reach for: those its dates
    overlap, up to the current one (a quarter not begun has nothing to report yet)."""
    return quarter_codes(campaign.starts_on, min(campaign.ends_on, today or timezone.localdate()))


def _require_reporter(by: User, campaign: Campaign) -> None:
    if not can(by, "campaigns.report_reach", campaign.lead):
        raise PermissionDenied(_("Only the lead organisation reports the campaign's reach."))


@transaction.atomic
def save_reach(
    campaign: Campaign,
    quarter: str,
    values: dict[str, Any],
    *,
    version: int | None,
    by: User,
) -> ReachReport:
    """Write the draft of a quarter's reach (`version` None: the first draft of the quarter).
    The quarter's reporting period is made if ONAC has not opened it yet."""
    campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
    _require_reporter(by, campaign)
    if campaign.status == CampaignStatus.PLANNED or quarter not in quarters(campaign):
        raise ValidationError({"period": _("The campaign did not run in this quarter.")})
    period = ensure_period(quarter)
    report = (
        ReachReport.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, period=period)
        .first()
    )
    if (report is None) != (version is None) or (report and report.version != version):
        raise _stale_report()
    if report is not None and report.status not in REACH_EDITABLE:
        raise ValidationError({"status": _("A submitted report can no longer be changed.")})
    report = report or ReachReport(campaign=campaign, period=period, version=0)
    changed = [n for n in fields.REACH if getattr(report, n) != values[n] or not report.pk]
    for name in fields.REACH:
        setattr(report, name, values[name])
    report.full_clean()
    report.version += 1
    report.save()
    audit.record("campaigns.reach_saved", actor=by, obj=report, changes={"changed": changed})
    return report


def _locked_report(report: ReachReport, version: int) -> ReachReport:
    locked = (
        ReachReport.objects.select_for_update(of=("self",))
        .select_related("campaign__lead", "period")
        .get(pk=report.pk)
    )
    if locked.version != version:
        raise _stale_report()
    return locked


def _move(locked: ReachReport, status: str, action: str, by: User) -> ReachReport:
    previous = locked.status
    locked.status, locked.version = status, locked.version + 1
    locked.save()
    audit.record(action, actor=by, obj=locked, changes={"status": [previous, status]})
    return locked


@transaction.atomic
def submit_reach(report: ReachReport, *, version: int, by: User) -> ReachReport:
    locked = _locked_report(report, version)
    _require_reporter(by, locked.campaign)
    if locked.status not in REACH_EDITABLE:
        raise ValidationError({"status": _("This report has already been submitted.")})
    locked.submitted_at = timezone.now()
    return _move(locked, ReachStatus.SUBMITTED, "campaigns.reach_submitted", by)


@transaction.atomic
def return_reach(report: ReachReport, comment: str, *, version: int, by: User) -> ReachReport:
    """ONAC sends a submitted report back to the lead organisation, saying why."""
    locked = _locked_report(report, version)
    if not can(by, "campaigns.review_reach"):
        raise PermissionDenied(_("You may not return reach reports."))
    if locked.status != ReachStatus.SUBMITTED:
        raise ValidationError({"status": _("Only a submitted report can be returned.")})
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be corrected.")})
    locked.return_comment = comment.strip()[:2000]
    return _move(locked, ReachStatus.RETURNED, "campaigns.reach_returned", by)
