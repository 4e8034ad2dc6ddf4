"""Shared steps of the case tests: synthetic persons only, never a real one."""

from datetime import date

from django.urls import reverse

from lidhja.cases.models import Case, Referral

SYNTHETIC = {
    "given_name": "Synthetica",
    "family_name": "Testperson",
    "date_of_birth": "1996-04-02",
    "sex": "female",
    "citizenship": "AL",
    "phone": "+355 69 000 0000",
    "address": "Synthetic street 1, Testville",
}


def open_case_by_post(client, **overrides) -> Case:
    data = {
        **SYNTHETIC,
        "kind": "trafficking",
        "identified_on": "2026-03-02",
        "identification_source": "border",
        "border_point": "kakavije",
        "exploitation": ["sexual"],
        "transnational": "on",
        "exploitation_countries": ["GR"],
        "recruitment_means": "romance",
        "recruiter_relation": "partner",
        "status": "potential",
        "criteria": "Indicators observed at the border interview.",
        "managing_organisation": "MUN-TR",
        **overrides,
    }
    before = set(Case.objects.values_list("pk", flat=True))
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    (pk,) = set(Case.objects.values_list("pk", flat=True)) - before
    return Case.objects.get(pk=pk)


def act(client, case: Case, action: str, expected: int = 302, **data):
    case.refresh_from_db()
    data.setdefault("version", case.version)
    if action == "referral-answer" and "referral_version" not in data:
        data["referral_version"] = Referral.objects.get(pk=data["referral"]).version
    response = client.post(reverse("cases:action", args=[case.code, action]), data)
    assert response.status_code == expected, (
        response.context["form"].errors
        if response.context and "form" in response.context
        else response.status_code
    )
    return response


def today() -> str:
    return date.today().isoformat()
