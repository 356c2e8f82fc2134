"""Social impact: individuals and organisations asking for donations or volunteers.

Individuals' data is kept a year after the first contact, organisations' requests three
years after the end of the year of the last contact, so each table anchors only its own
clock (``first_contact_at`` or ``last_communication_at``).
"""

from __future__ import annotations

from datetime import datetime

from dataward.demo.spec import TEXT, TS, Col, Row, SystemSpec, listed, varchar
from dataward.demo.systems.common import (
    BUSINESS,
    contact_identities,
    mention,
    person_columns,
    person_values,
)
from dataward.demo.timeline import fmt
from dataward.demo.world import World

KINDS = ("donation", "volunteers", "project partnership", "sponsorship")
REQUESTS = (
    "We run coding classes for girls in {city} and look for volunteer mentors.",
    "Could you donate SMS credits for our flood alert service in {city}?",
    "Our animal shelter in {city} needs help with a fundraising campaign.",
    "I would like to volunteer as a mentor in your next hackathon.",
)
REQUEST = "social_impact_request"


def system(world: World) -> SystemSpec:
    rng, timeline = world.rng("social_impact", "contacts"), world.timeline
    count = world.scale.share(40, 8)
    people = world.population.pick(rng, 2 * count, False)
    individuals: list[Row] = []
    organisations: list[Row] = []
    for index, person in enumerate(people):
        organisation = index >= count
        position = index - count if organisation else index
        # Per table: the first contact is from long ago, the second from last week.
        first: datetime = (
            timeline.long_ago(rng)
            if position == 0
            else timeline.days_ago(rng, 2, 7)
            if position == 1
            else timeline.any_time(rng)
        )
        last = timeline.after(rng, first, 2 * 365 if position else 30)
        text = rng.choice(REQUESTS).format(city=person.city) + mention(rng, person)
        values = (*person_values(person), rng.choice(KINDS), text, fmt(first), fmt(last))
        if organisation:
            name = person.employer.name if person.employer else f"{person.city} Community Trust"
            organisations.append((len(organisations) + 1, name, person.job_title, *values))
        else:
            individuals.append((len(individuals) + 1, *values))
    request_columns = [
        *person_columns(),
        Col("request_kind", varchar(20)),
        Col("message", TEXT, REQUEST, free_text=True),
        Col("first_contact_at", TS),
        Col("last_communication_at", TS),
    ]
    tables = [
        listed(
            "individual_contacts",
            "People who contacted us in their own name about donations or volunteering.",
            request_columns,
            individuals,
            activities=["social_impact"],
            identities=contact_identities("social_impact_individual"),
            anchors={"initial_communication": "first_contact_at"},
        ),
        listed(
            "organisation_requests",
            "Requests submitted on behalf of an organisation, with its contact person.",
            [
                Col("organisation", varchar(200), BUSINESS),
                Col("job_title", varchar(100), BUSINESS),
                *request_columns,
            ],
            organisations,
            activities=["social_impact"],
            identities=contact_identities("social_impact_organisation_contact"),
            anchors={"last_communication": "last_communication_at"},
        ),
    ]
    return SystemSpec("social_impact", "Social impact: donations, volunteering.", tables)
