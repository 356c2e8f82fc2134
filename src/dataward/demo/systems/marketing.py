"""Marketing: newsletter subscribers, B2B contacts of partners, email engagement."""

from __future__ import annotations

from datetime import datetime

from dataward.demo.people import Person
from dataward.demo.spec import INT, TS, Col, Row, SystemSpec, TableSpec, listed, relation, varchar
from dataward.demo.systems.common import (
    NAME,
    contact_identities,
    ip_address,
    person_columns,
    person_values,
)
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import World

SOURCES = ("newsletter_form", "blog", "webinar_signup", "ebook_download", "contact_page")
CAMPAIGNS = (
    "monthly-newsletter",
    "product-update",
    "webinar-invite",
    "customer-story",
    "holiday-greetings",
)
EVENTS = ("delivered", "opened", "clicked")
ENGAGEMENT = "email_engagement"


def _company(person: Person) -> str | None:
    return person.employer.name if person.employer else None


def subscribers(world: World) -> tuple[TableSpec, list[tuple[int, datetime, datetime | None]]]:
    rng, timeline = world.rng("marketing", "subscribers"), world.timeline
    people = world.population.pick(rng, world.scale.share(2, 60))
    rows: list[Row] = []
    spans = []
    for index, person in enumerate(people):
        subscribed = timeline.any_time(rng)
        # The featured people are still subscribed; the first other person has left.
        leaves = index == len(world.population.featured) or (
            index > len(world.population.featured) and rng.random() < 0.3
        )
        unsubscribed = timeline.after(rng, subscribed, 5 * 365) if leaves else None
        opened = rng.randint(0, 60)
        spans.append((index + 1, subscribed, unsubscribed))
        rows.append(
            (
                index + 1,
                *person_values(person),
                person.job_title,
                _company(person),
                person.country,
                rng.choice(SOURCES),
                fmt(subscribed),
                fmt_optional(unsubscribed),
                opened,
                rng.randint(0, opened),
            )
        )
    # The children among the customers signed up to the newsletter too, with the same
    # address (a rng of their own: every other row stays as it was). The consent part's
    # minimum-age check blocks them in a campaign once their birth dates are imported.
    young = world.rng("marketing", "young_subscribers")
    children = [c.person for c in world.customers if c.person is not None and c.person.minor]
    for person in children:
        subscribed = timeline.days_ago(young, 1, 400)
        opened = young.randint(0, 10)
        spans.append((len(rows) + 1, subscribed, None))
        rows.append(
            (
                len(rows) + 1,
                *person_values(person),
                None,
                None,
                person.country,
                "newsletter_form",
                fmt(subscribed),
                None,
                opened,
                young.randint(0, opened),
            )
        )
    columns = [
        *person_columns(),
        Col("job_title", varchar(100), NAME),
        Col("company", varchar(200), NAME),
        Col("country", varchar(2), NAME),
        Col("source", varchar(20)),
        Col("subscribed_at", TS),
        Col("unsubscribed_at", TS),
        Col("emails_opened", INT, ENGAGEMENT),
        Col("emails_clicked", INT, ENGAGEMENT),
    ]
    spec = listed(
        "subscribers",
        "People who subscribed to newsletters and blogs through the website's forms.",
        columns,
        rows,
        activities=["marketing"],
        identities=contact_identities("marketing_subscriber"),
        anchors={"unsubscribe": "unsubscribed_at"},
    )
    return spec, spans


def b2b_contacts(world: World) -> TableSpec:
    rng, timeline = world.rng("marketing", "b2b_contacts"), world.timeline
    workers = [person for person in world.population.adults if person.employer]
    people = rng.sample(workers, min(len(workers), world.scale.share(8, 20)))
    rows: list[Row] = []
    for index, person in enumerate(people):
        added = timeline.any_time(rng)
        objected = ended = None
        if index == 0 or (index > 2 and rng.random() < 0.1):
            objected = timeline.after(rng, added, 4 * 365)
        if index == 1 or (index > 2 and rng.random() < 0.2):
            ended = timeline.after(rng, added, 6 * 365)
        opened = rng.randint(0, 40)
        rows.append(
            (
                index + 1,
                *person_values(person),
                person.job_title,
                _company(person),
                rng.choice(("customer", "supplier")),
                fmt(added),
                fmt_optional(objected),
                fmt_optional(ended),
                opened,
                rng.randint(0, opened),
            )
        )
    columns = [
        *person_columns(),
        Col("job_title", varchar(100), NAME),
        Col("company", varchar(200), NAME),
        Col("partner_kind", varchar(10), description="customer or supplier"),
        Col("added_at", TS),
        Col("objected_at", TS),
        Col("relationship_ended_at", TS),
        Col("emails_opened", INT, ENGAGEMENT),
        Col("emails_clicked", INT, ENGAGEMENT),
    ]
    return listed(
        "b2b_contacts",
        "Contacts at customers and suppliers who receive news, invitations and offers.",
        columns,
        rows,
        activities=["marketing"],
        identities=contact_identities("b2b_marketing_contact"),
        anchors={"objection": "objected_at", "business_relationship_end": "relationship_ended_at"},
    )


def email_events(world: World, spans: list[tuple[int, datetime, datetime | None]]) -> TableSpec:
    rng, timeline = world.rng("marketing", "email_events"), world.timeline
    rows: list[Row] = []
    for subscriber, subscribed, unsubscribed in spans:
        for _ in range(rng.randint(1, 5)):
            moment = timeline.between(rng, subscribed, unsubscribed or timeline.end)
            rows.append(
                (
                    len(rows) + 1,
                    subscriber,
                    rng.choice(CAMPAIGNS),
                    rng.choice(EVENTS),
                    ip_address(rng),
                    fmt(moment),
                )
            )
    columns = [
        Col("subscriber_id", INT),
        Col("campaign", varchar(40)),
        Col("event", varchar(10), ENGAGEMENT),
        Col("ip_address", varchar(45), ENGAGEMENT),
        Col("occurred_at", TS, ENGAGEMENT),
    ]
    return listed(
        "email_events",
        "Email opening and click statistics (tracking pixels and links) per subscriber.",
        columns,
        rows,
        activities=["marketing"],
        relations=[relation("subscriber_id", "subscribers.id", "marketing_subscriber")],
    )


def system(world: World) -> SystemSpec:
    subscriber_table, spans = subscribers(world)
    tables = [subscriber_table, b2b_contacts(world), email_events(world, spans)]
    return SystemSpec("marketing", "Marketing automation: newsletters, B2B contacts.", tables)
