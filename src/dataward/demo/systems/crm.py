"""The sales CRM: prospective customers and suppliers, until an agreement is signed."""

from __future__ import annotations

from dataward.demo.spec import TEXT, TS, Col, Row, SystemSpec, listed, varchar
from dataward.demo.systems.common import (
    BUSINESS,
    contact_identities,
    mention,
    person_columns,
    person_values,
)
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import World

SOURCES = ("contact_sales_form", "chat", "startup_tribe", "linkedin", "trade_fair")
NOTES = (
    "Interested in WhatsApp for customer care, ~{volume} messages a month.",
    "Evaluating SMS OTP providers; current vendor too expensive.",
    "Wants a demo of the flow builder for {volume} users.",
    "Startup Tribe application: fintech, needs voice and SMS.",
)


def system(world: World) -> SystemSpec:
    rng, timeline = world.rng("crm", "prospects"), world.timeline
    rows: list[Row] = []
    for index, person in enumerate(world.population.pick(rng, world.scale.share(4, 40), False)):
        # First: went quiet long ago without an agreement; second: talked to us last week.
        first = (
            timeline.days_ago(rng, 400, 3 * 365)
            if index == 0
            else timeline.days_ago(rng, 2, 5 * 365)
        )
        last = timeline.days_ago(rng, 1, 7) if index == 1 else timeline.after(rng, first, 200)
        signed = timeline.after(rng, last, 60) if index > 1 and rng.random() < 0.2 else None
        note = rng.choice(NOTES).format(volume=rng.choice((5_000, 50_000, 2_000_000)))
        rows.append(
            (
                index + 1,
                *person_values(person),
                person.employer.name if person.employer else None,
                person.job_title,
                rng.choice(SOURCES),
                note + mention(rng, person, share=0.1),
                fmt(first),
                fmt(max(first, last)),
                fmt_optional(signed),
            )
        )
    prospects = listed(
        "prospects",
        "People who asked about our services, or whom sales found on business networks.",
        [
            *person_columns(),
            Col("company", varchar(200), BUSINESS),
            Col("job_title", varchar(100), BUSINESS),
            Col("source", varchar(20)),
            Col("notes", TEXT, "prospect_correspondence", free_text=True),
            Col("first_contact_at", TS),
            Col("last_communication_at", TS),
            Col("agreement_signed_at", TS),
        ],
        rows,
        activities=["prospects"],
        identities=contact_identities("prospect"),
        anchors={"last_communication": "last_communication_at"},
        conditions={"business_agreement_signed": "agreement_signed_at"},
    )
    return SystemSpec("crm", "The sales CRM: prospects.", [prospects])
