"""Demo campaigns for `lidhja demo-data`: a handful of clearly synthetic campaigns of 2008–2010
with materials (each with a tiny generated file), events, and reach reports by quarter, some
quarters left unreported so the overview has gaps to show. Written through the services."""

import random
import struct
import zlib
from datetime import date, timedelta
from typing import Any

from lidhja.campaigns.domain import services
from lidhja.campaigns.models import Campaign, CampaignStatus
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Level, PlanNode

# (code, title, title_sq, lead, activity of Prevention, target groups, qarks, channels, dates)
CAMPAIGNS = [
    (
        "DEMO-AC-01",
        "Demo campaign: Know the risks (synthetic)",
        "Fushatë demo: Njih rreziqet (sintetike)",
        "ONAC",
        "1.(a).3",
        ["general_public"],
        ["tirane", "durres", "elbasan"],
        ["tv", "radio", "outdoor", "helpline_promotion"],
        (date(2008, 10, 1), date(2009, 9, 30)),
    ),
    (
        "DEMO-AC-02",
        "Demo campaign: Safe at school (synthetic)",
        "Fushatë demo: I sigurt në shkollë (sintetike)",
        "ASP",
        "1.(a).1",
        ["children_youth", "parents", "teachers"],
        ["shkoder", "lezhe"],
        ["school_sessions", "print"],
        (date(2009, 1, 15), date(2010, 6, 30)),
    ),
    (
        "DEMO-AC-03",
        "Demo campaign: Work abroad safely (synthetic)",
        "Fushatë demo: Punë jashtë, e sigurt (sintetike)",
        "ONAC",
        "1.(a).7",
        ["job_seekers_migrants", "women"],
        ["korce", "gjirokaster", "vlore"],
        ["radio", "social_media", "community_events"],
        (date(2009, 4, 1), date(2010, 3, 31)),
    ),
    (
        "DEMO-AC-04",
        "Demo campaign: Community voices (synthetic)",
        "Fushatë demo: Zërat e komunitetit (sintetike)",
        "ASP",
        "1.(a).4",
        ["roma_egyptian", "rural"],
        ["berat", "fier"],
        ["community_events", "print"],
        (date(2009, 7, 1), date(2010, 12, 31)),
    ),
    (
        "DEMO-AC-05",
        "Demo campaign: Spotting the signs, for professionals (synthetic)",
        "Fushatë demo: Njohja e shenjave, për profesionistët (sintetike)",
        "MOLSAEO",
        "1.(a).5",
        ["professionals"],
        [],
        ["print", "website"],
        (date(2010, 1, 1), date(2010, 12, 31)),
    ),
]
# A quarter in this many has no reach report at all, another in this many only a draft.
UNREPORTED, DRAFT_ONLY = 4, 5


def tiny_png(rng: random.Random) -> bytes:
    """An 8 × 8 one-colour PNG, made here (nothing downloaded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    colour = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + colour * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF that prints the title, with a correct cross-reference table."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 40 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _status(ends_on: date, today: date) -> str:
    return CampaignStatus.ENDED if ends_on < today else CampaignStatus.RUNNING


def _campaign(row: tuple[Any, ...], users: dict[str, Any], today: date) -> Campaign:
    code, title, title_sq, lead, activity, groups, qarks, channels, (starts, ends) = row
    nodes = PlanNode.objects.filter(
        plan__code="nap-2008-2010", chapter="prevention", code=activity, level=Level.ACTIVITY
    )
    values = {
        "code": code,
        "title": title,
        "title_sq": title_sq,
        "lead": Organisation.objects.get(code=lead),
        "partners": list(Organisation.objects.filter(code__in=["IOM", "UNICEF"])),
        "activities": list(nodes),
        "target_groups": groups,
        "qarks": qarks,
        "channels": channels,
        "starts_on": starts,
        "ends_on": ends,
        "status": _status(ends, today),
    }
    return services.create_campaign(values, by=users["demo.onac"])


def _materials(campaign: Campaign, rng: random.Random, onac: Any) -> int:
    png = {"kind": "poster", "title": f"Poster – {campaign.title}", "language": "sq"}
    pdf = {"kind": "leaflet", "title": f"Leaflet – {campaign.title}", "language": "sq"}
    services.add_material(
        campaign,
        {**png, "quantity": rng.randrange(200, 2000, 50)},
        by=onac,
        upload=(f"{campaign.code.lower()}-poster.png", tiny_png(rng)),
    )
    services.add_material(
        campaign,
        {**pdf, "quantity": rng.randrange(1000, 20000, 500)},
        by=onac,
        upload=(f"{campaign.code.lower()}-leaflet.pdf", tiny_pdf(pdf["title"])),
    )
    return 2


def _events(campaign: Campaign, rng: random.Random, onac: Any) -> int:
    days = (campaign.ends_on - campaign.starts_on).days
    count = rng.randint(2, 4)
    for n in range(count):
        services.add_event(
            campaign,
            {
                "held_on": campaign.starts_on + timedelta(days=rng.randrange(days + 1)),
                "qark": rng.choice(campaign.qarks or ["tirane"]),
                "place": f"Demo venue {n + 1} (synthetic)",
                "kind": rng.choice(["school_session", "community_meeting", "public_event"]),
                "participants": rng.randrange(20, 400),
            },
            by=onac,
        )
    return count


def _reach(campaign: Campaign, rng: random.Random, reporter: Any) -> int:
    """Reports of the quarters the demo has a reporter for (ASP and ONAC lead demo campaigns
    with a demo user; the others stay unreported)."""
    written = 0
    for n, quarter in enumerate(services.quarters(campaign)):
        if n % UNREPORTED == UNREPORTED - 1:
            continue
        values = {
            "people_reached": rng.randrange(500, 50_000, 10),
            "broadcasts": rng.randrange(0, 60) if "tv" in campaign.channels else 0,
            "materials_distributed": rng.randrange(100, 5000, 10),
            "events_held": rng.randrange(0, 8),
            "comment": "Synthetic figures for the demonstration.",
        }
        report = services.save_reach(campaign, quarter, values, version=None, by=reporter)
        if n % DRAFT_ONLY != DRAFT_ONLY - 1:
            services.submit_reach(report, version=report.version, by=reporter)
        written += 1
    return written


def load_campaigns(rng: random.Random, users: dict[str, Any]) -> str:
    today = date(2010, 12, 31)  # the demo plays out within the plan's years
    reporters = {"ONAC": users["demo.onac"], "ASP": users["demo.focal"]}
    materials = events = reports = 0
    for row in CAMPAIGNS:
        campaign = _campaign(row, users, today)
        materials += _materials(campaign, rng, users["demo.onac"])
        events += _events(campaign, rng, users["demo.onac"])
        if campaign.lead.code in reporters:
            reports += _reach(campaign, rng, reporters[campaign.lead.code])
    return (
        f"{len(CAMPAIGNS)} awareness campaigns, {materials} materials, {events} events, "
        f"{reports} reach reports"
    )
