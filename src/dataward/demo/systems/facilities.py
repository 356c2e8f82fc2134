"""Facilities: office visitors, extra services during visits, CCTV recordings, chatbot."""

from __future__ import annotations

from datetime import timedelta

from dataward.demo.spec import INT, TS, Col, Row, SystemSpec, identity, listed, relation, varchar
from dataward.demo.systems.common import BUSINESS, contact_identities, person_columns, person_values
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import World

OFFICES = ("Vodnjan campus", "Zagreb", "London", "São Paulo", "Bangalore")
SERVICES = ("bike rental", "parking", "locker", "guest wifi", "airport transfer")
ACCESS = "visitor_access_record"


def _visitors(world: World) -> tuple[list[Row], list[Row]]:
    rng, timeline = world.rng("facilities", "visitors"), world.timeline
    visitors: list[Row] = []
    services: list[Row] = []
    for index, person in enumerate(world.population.pick(rng, world.scale.share(4, 30), False)):
        visited = timeline.days_ago(rng, 1, 5 * 365)
        host = world.population.people[rng.randrange(len(world.population.people))].name
        visitors.append(
            (
                index + 1,
                *person_values(person),
                person.employer.name if person.employer else None,
                rng.choice(OFFICES),
                host,
                fmt(visited),
                fmt(visited) if rng.random() < 0.8 else None,
            )
        )
        if index < 2 or rng.random() < 0.2:
            withdrawn = (
                timeline.after(rng, visited, 10) if index == 0 or rng.random() < 0.15 else None
            )
            services.append(
                (
                    len(services) + 1,
                    index + 1,
                    rng.choice(SERVICES),
                    f"for {rng.randint(1, 5)} days",
                    fmt(visited),
                    fmt_optional(withdrawn),
                )
            )
    return visitors, services


def _recordings(world: World) -> list[Row]:
    """The CCTV index: one file per camera and hour, last year (older ones not yet erased)."""
    rng, timeline = world.rng("facilities", "cctv"), world.timeline
    rows: list[Row] = []
    for index in range(world.scale.share(2, 60)):
        recorded = timeline.days_ago(rng, 0.05, 365).replace(minute=0, second=0)
        camera = f"{rng.choice(OFFICES).split()[0].lower()}-entrance-{rng.randint(1, 4)}"
        file = f"nvr://{camera}/{recorded:%Y/%m/%d/%H}00.mkv"
        rows.append((index + 1, camera, fmt(recorded), file, 3600))
    return rows


def _chatbot(world: World) -> list[Row]:
    rng, timeline = world.rng("facilities", "chatbot"), world.timeline
    rows: list[Row] = []
    for index, person in enumerate(world.population.pick(rng, world.scale.share(20, 10), False)):
        first = timeline.days_ago(rng, 1, 3 * 365)
        last = timeline.after(rng, first, 5)
        withdrawn = last + timedelta(hours=1) if index == 0 or rng.random() < 0.2 else None
        rows.append(
            (
                index + 1,
                person.phone,
                fmt(first),
                fmt(last),
                rng.randint(1, 30),
                fmt_optional(withdrawn),
            )
        )
    return rows


def system(world: World) -> SystemSpec:
    visitors, services = _visitors(world)
    tables = [
        listed(
            "visitors",
            "Visits to offices and campuses (access control, NDA on the first visit).",
            [
                *person_columns(),
                Col("company", varchar(200), BUSINESS),
                Col("office", varchar(40), ACCESS),
                Col("host", varchar(200), ACCESS),
                Col("visited_at", TS, ACCESS),
                Col("nda_signed_at", TS, ACCESS),
            ],
            visitors,
            activities=["office_visitors"],
            identities=contact_identities("office_visitor"),
        ),
        listed(
            "visit_services",
            "Extra services visitors asked for (bike rental…), on their consent.",
            [
                Col("visitor_id", INT),
                Col("service", varchar(40), "visit_service_request"),
                Col("details", varchar(100), "visit_service_request"),
                Col("requested_at", TS),
                Col("consent_withdrawn_at", TS),
            ],
            services,
            activities=["office_visitors"],
            relations=[relation("visitor_id", "visitors.id", "office_visitor")],
            anchors={"consent_withdrawal": "consent_withdrawn_at"},
        ),
        listed(
            "cctv_recordings",
            "Index of CCTV recordings at entrances and common areas.",
            [
                Col("camera", varchar(40)),
                Col("recorded_at", TS),
                Col("file_uri", varchar(200), "cctv_recordings"),
                Col("duration_seconds", INT),
            ],
            _recordings(world),
            activities=["office_visitors"],
            anchors={"recording": "recorded_at"},
        ),
        listed(
            "chatbot_users",
            "Phone numbers that talked to the campus chatbot.",
            [
                Col("phone", varchar(20), "chatbot_phone_number"),
                Col("first_message_at", TS),
                Col("last_message_at", TS),
                Col("messages", INT),
                Col("consent_withdrawn_at", TS),
            ],
            _chatbot(world),
            activities=["office_visitors"],
            identities=[identity("phone", "phone", "office_visitor")],
            anchors={"consent_withdrawal": "consent_withdrawn_at"},
        ),
    ]
    return SystemSpec("facilities", "Facilities: visitors, CCTV, campus chatbot.", tables)
