"""The shape of a work queue: sections of items, each a count and the link to the filtered
list that shows exactly those items (a test checks that they agree)."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise


def link(name: str, *args: object, query: dict[str, str] | None = None, anchor: str = "") -> str:
    """The address of a page (`name`, `args`) with its filter in the query string."""
    url = reverse(name, args=args)
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Row:
    """One of the first items of a queue, shown under it (a returned report and its comment)."""

    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Item:
    label: str | Promise
    count: int
    url: str
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Action:
    """What to do when a section has nothing to show yet: a link, or a button that posts
    `fields` to `url` (for instance "Open the period")."""

    label: str | Promise
    url: str
    fields: dict[str, str] | None = None


@dataclass(frozen=True)
class Facts:
    """The period a section is about: its code, when its reports are due, how many are owed
    and how many are left to do (None where the section does not say)."""

    period: str
    due: date
    owed: int | None = None
    left: int | None = None


@dataclass
class Section:
    key: str
    title: str | Promise
    items: list[Item] = field(default_factory=list)
    facts: Facts | None = None
    # Shown in place of the items when there is nothing to work on yet.
    empty: str | Promise = ""
    action: Action | None = None
