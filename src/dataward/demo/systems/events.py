"""Events: webinars and live events, their registrations, and the logistics of attendees.

``event_date`` is the event's last day (midnight UTC), copied onto every registration and
logistics row: the retention clocks of both count from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from dataward.demo.spec import (
    BOOL,
    INT,
    TEXT,
    TS,
    Col,
    Row,
    SystemSpec,
    listed,
    relation,
    varchar,
)
from dataward.demo.systems.common import BUSINESS, contact_identities, person_columns, person_values
from dataward.demo.timeline import Timeline, fmt, fmt_optional
from dataward.demo.world import World

KINDS = ("webinar", "webinar", "developer meetup", "business breakfast", "conference")
TOPICS = (
    "Omnichannel in retail",
    "Conversational banking",
    "WhatsApp Business API",
    "SMS fraud prevention",
    "Customer engagement 101",
)
CITIES = ("London", "Zagreb", "Berlin", "São Paulo", "New York", "Tokyo", "Paris", "Mumbai")
DIETS = (None, None, None, "vegetarian", "vegan", "gluten-free", "halal", "kosher", "nut allergy")
HOTELS = ("Hotel Esplanade", "Premier Inn City", "Hilton Garden Inn", "Ibis Centre", None)


@dataclass(frozen=True)
class Event:
    id: int
    title: str
    kind: str
    city: str | None
    starts_at: datetime
    days: int

    @property
    def last_day(self) -> datetime:
        return (self.starts_at + timedelta(days=self.days - 1)).replace(hour=0, minute=0, second=0)


def _events(rng: random.Random, timeline: Timeline, count: int) -> list[Event]:
    """Past events over twelve years, plus (first) one last month and one next month."""
    starts = [timeline.days_ago(rng, 30, 50), timeline.future(rng, 20, 40)]
    starts += sorted(timeline.any_time(rng) for _ in range(count - 2))
    events = []
    for index, start in enumerate(starts):
        kind = "conference" if index < 2 else rng.choice(KINDS)
        city = None if kind == "webinar" else rng.choice(CITIES)
        days = 2 if kind == "conference" else 1
        title = f"{rng.choice(TOPICS)} ({kind})"
        events.append(Event(index + 1, title, kind, city, start.replace(minute=0, second=0), days))
    return events


def _registrations(world: World, schedule: list[Event]) -> tuple[list[Row], list[Row]]:
    rng, timeline = world.rng("events", "registrations"), world.timeline
    in_person = [event for event in schedule if event.city]
    registrations: list[Row] = []
    logistics: list[Row] = []
    objections = 0
    for index, person in enumerate(world.population.pick(rng, world.scale.share(2, 60))):
        # The featured people attend last month's conference (logistics not yet due) and
        # next month's; everyone else picks any event, a third of them in person.
        event = (
            schedule[min(index, 2) // 2]
            if index < 3
            else rng.choice(in_person if index % 3 == 0 else schedule)
        )
        registered = timeline.between(
            rng, event.starts_at - timedelta(days=60), min(event.starts_at, timeline.end)
        )
        speaker = rng.random() < 0.05
        objected = None
        past = event.last_day < timeline.end - timedelta(days=1)
        if past and index >= 5 and (objections == 0 or rng.random() < 0.08):
            objected, objections = timeline.after(rng, event.last_day, 400), objections + 1
        registrations.append(
            (
                index + 1,
                event.id,
                *person_values(person),
                person.employer.name if person.employer else None,
                person.job_title,
                speaker,
                f"{person.name} works as {person.job_title}." if speaker else None,
                fmt(registered),
                past and rng.random() < 0.7,
                fmt(event.last_day),
                fmt_optional(objected),
            )
        )
        if event.city and (index < 5 or rng.random() < 0.6):
            arrival = event.starts_at - timedelta(hours=rng.randint(3, 30))
            logistics.append(
                (
                    len(logistics) + 1,
                    index + 1,
                    fmt(arrival),
                    rng.choice(HOTELS),
                    rng.randint(1, 3),
                    rng.choice(DIETS),
                    fmt(event.last_day),
                )
            )
    return registrations, logistics


def system(world: World) -> SystemSpec:
    rng = world.rng("events", "events")
    schedule = _events(rng, world.timeline, world.scale.share(40, 10))
    registrations, logistics = _registrations(world, schedule)
    event_rows: list[Row] = [
        (e.id, e.title, e.kind, e.city, fmt(e.starts_at), fmt(e.last_day)) for e in schedule
    ]
    tables = [
        listed(
            "events",
            "Webinars, meetups, breakfasts and conferences.",
            [
                Col("title", varchar(120)),
                Col("kind", varchar(20)),
                Col("city", varchar(40)),
                Col("starts_at", TS),
                Col("last_day", TS),
            ],
            event_rows,
            activities=["event_organisation"],
        ),
        listed(
            "registrations",
            "Who registered for which event; speakers with a short CV.",
            [
                Col("event_id", INT),
                *person_columns(),
                Col("company", varchar(200), BUSINESS),
                Col("job_title", varchar(100), BUSINESS),
                Col("is_speaker", BOOL),
                Col("speaker_bio", TEXT, "speaker_profile", free_text=True),
                Col("registered_at", TS),
                Col("checked_in", BOOL),
                Col("event_date", TS, description="the event's last day"),
                Col("objected_at", TS, description="asked not to be invited again"),
            ],
            registrations,
            activities=["event_organisation", "event_invitations"],
            identities=contact_identities("event_participant"),
            anchors={"event": "event_date", "objection": "objected_at"},
        ),
        listed(
            "logistics",
            "Arrival, accommodation and dietary requirements of in-person attendees.",
            [
                Col("registration_id", INT),
                Col("arrival_at", TS, "event_logistics"),
                Col("hotel", varchar(60), "event_logistics"),
                Col("nights", INT, "event_logistics"),
                Col("dietary_requirements", varchar(40), "dietary_requirements"),
                Col("event_date", TS, description="the event's last day"),
            ],
            logistics,
            activities=["event_organisation"],
            relations=[relation("registration_id", "registrations.id", "event_participant")],
            anchors={"event": "event_date"},
        ),
    ]
    return SystemSpec("events", "Event registrations and logistics.", tables)
