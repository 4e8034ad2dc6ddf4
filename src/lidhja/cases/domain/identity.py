"""The identifying data of a person: what it holds, how it is sealed, and who may read it.

Reading it is a service, not an attribute: `reveal` checks the reader's access and writes the
read to the audit log in the same step. Nothing else in the code base decrypts a person.
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import categories, crypto, tokens
from lidhja.cases.domain.access import CaseAccess
from lidhja.cases.models import Case, NameToken, Person
from lidhja.cases.models.choices import Shared

# Field -> (label, the referral item that shares it).
FIELDS: dict[str, tuple[Any, str]] = {
    "given_name": (_("Given name"), Shared.IDENTITY),
    "family_name": (_("Family name"), Shared.IDENTITY),
    "other_names": (_("Other names or aliases"), Shared.IDENTITY),
    "date_of_birth": (_("Date of birth"), Shared.IDENTITY),
    "sex": (_("Sex"), Shared.IDENTITY),
    "citizenship": (_("Citizenship"), Shared.IDENTITY),
    "document_type": (_("Identity document"), Shared.DOCUMENT),
    "document_number": (_("Document number"), Shared.DOCUMENT),
    "phone": (_("Telephone"), Shared.CONTACTS),
    "email": (_("E-mail"), Shared.CONTACTS),
    "address": (_("Address"), Shared.CONTACTS),
}
GUARDIAN_FIELDS = {
    "name": _("Guardian or legal representative"),
    "relation": _("Relation to the child"),
    "contact": _("Guardian's contact"),
}


def to_storable(identity: dict[str, Any]) -> dict[str, str]:
    values = {}
    for name in FIELDS:
        value = identity.get(name)
        if isinstance(value, date):
            value = value.isoformat()
        values[name] = "" if value is None else str(value)
    return values


def store(person: Person, identity: dict[str, Any]) -> list[str]:
    """Seal `identity` into `person`, save it and refresh its blind index and its linkage
    tokens (cases.domain.tokens); the names of the fields that changed. Runs inside the
    caller's transaction, which records the audit entry."""
    before = read_unchecked(person) if person.sealed else {}
    values = to_storable(identity)
    changed = [name for name in FIELDS if before.get(name, "") != values[name]]
    if person.pk and not changed:
        return []
    ring = crypto.keyring()
    person.sealed = ring.seal(crypto.json_bytes(values), person.context)
    person.key_id = ring.current
    person.stat_sex = categories.sex(values["sex"])
    person.stat_citizenship = categories.citizenship(values["citizenship"])
    if person.pk:
        person.version += 1
    person.save()
    person.name_tokens.all().delete()
    NameToken.objects.bulk_create(
        [NameToken(person=person, digest=ring.blind_index(part)) for part in name_parts(values)]
    )
    tokens.store(person, values)
    return changed


def name_parts(values: dict[str, str]) -> set[str]:
    return crypto.name_parts(values["given_name"], values["family_name"], values["other_names"])


def read_unchecked(person: Person) -> dict[str, str]:
    """Decrypt without a check: only for this module, re-encryption and erasure."""
    if person.sealed is None:
        return {}
    return crypto.open_json(bytes(person.sealed), person.context)


def date_of_birth(person: Person) -> date | None:
    """The date of birth, for the rule that sets "under 18 now" (not a read for a user)."""
    value = read_unchecked(person).get("date_of_birth", "")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def reveal(
    person: Person, *, case: Case, access: CaseAccess, by: User, reason: str = ""
) -> dict[str, str]:
    """The identifying fields `by` may see of `person` (per `access`), recording the read."""
    if not access.sees_identity and not access.shared:
        return {}
    if person.erased_at is not None:
        return {}
    values = read_unchecked(person)
    shown = {
        name: values.get(name, "") for name, (_label, item) in FIELDS.items() if access.sees(item)
    }
    if shown:
        audit.record(
            "case.person_viewed",
            actor=by,
            obj=case,
            changes={"fields": sorted(shown)},
            reason=reason,
        )
    return shown


def search_digests(term: str) -> list[str]:
    ring = crypto.keyring()
    return sorted({ring.blind_index(part) for part in crypto.name_parts(term)})
