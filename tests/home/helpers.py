"""Reading a home page's work queue, and the list each of its items links to."""

from urllib.parse import urlsplit

from django.urls import resolve, reverse

# How many items each linked list shows, read from its page's context.
LISTED = {
    "monitoring:obligations": lambda c: c["list_count"],
    "monitoring:compliance": lambda c: c["list_count"],
    "monitoring:quarterly": lambda c: len(c["report"].at_risk),
    "cases:list": lambda c: c["page"].paginator.count,
    "cases:referrals": lambda c: c["page"].paginator.count,
    "coordination:decisions": lambda c: len(c["decision_rows"]),
    "evaluation:overview": lambda c: len(c["actions"]),
    "plans:tree": lambda c: c["match_count"],
    "users:list": lambda c: len(c["pending"]),
    "helpline:calls": lambda c: c["calls"].count(),
    "justice:list": lambda c: c["page"].paginator.count,
}


def queue(client, url: str | None = None) -> dict[str, dict[str, int]]:
    """{section key: {item label: count}} of the home page."""
    response = client.get(url or reverse("core:home"))
    assert response.status_code == 200
    return {
        section.key: {str(item.label): item.count for item in section.items}
        for section in response.context["queue"]
    }


def sections(client, url: str | None = None):
    response = client.get(url or reverse("core:home"))
    assert response.status_code == 200
    return {section.key: section for section in response.context["queue"]}


def listed(client, url: str) -> int:
    """How many items the list at `url` shows (all its pages)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return LISTED[resolve(urlsplit(url).path).view_name](response.context)


def assert_lists_agree(client, url: str | None = None) -> None:
    """Every item's count is the number of items its link lists."""
    for section in sections(client, url).values():
        for item in section.items:
            assert (str(item.label), listed(client, item.url)) == (str(item.label), item.count)
