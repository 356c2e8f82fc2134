"""Procurement: suppliers (companies and individuals) and suppliers' business contacts."""

from __future__ import annotations

from datetime import datetime

from dataward.demo.spec import INT, TS, Col, Row, SystemSpec, listed, relation, varchar
from dataward.demo.systems.common import (
    BUSINESS,
    NAME,
    contact_identities,
    person_columns,
    person_values,
)
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import World

SERVICES = (
    "cloud hosting",
    "office cleaning",
    "legal advice",
    "translation",
    "catering",
    "security audit",
    "recruitment agency",
    "telecom interconnect",
    "design",
)
BILLING = "billing_financial"


def system(world: World) -> SystemSpec:
    rng, timeline = world.rng("procurement", "suppliers"), world.timeline
    fakers = world.fakers("procurement", "suppliers")
    count = world.scale.share(30, 10)
    companies = rng.sample(list(world.population.companies), count)
    freelancers = world.population.pick(rng, max(3, count // 3), False)
    suppliers: list[Row] = []
    contacts: list[Row] = []
    for index in range(count + len(freelancers)):
        started = timeline.any_time(rng)
        # The first company and the first freelancer left long ago; the second ones just now.
        position = index if index < count else index - count
        ended: datetime | None
        if position == 0:
            started = timeline.long_ago(rng)
            ended = timeline.after(rng, started, 120)
        elif position == 1:
            ended = timeline.recently(rng)
        else:
            ended = timeline.after(rng, started, 8 * 365) if rng.random() < 0.3 else None
        company = companies[index] if index < count else None
        person = None if company else freelancers[index - count]
        faker = fakers(company.locale if company else person.locale if person else "en_GB")
        suppliers.append(
            (
                index + 1,
                "company" if company else "individual",
                company.name if company else None,
                person.first_name if person else None,
                person.last_name if person else None,
                person.email if person else None,
                person.phone if person else None,
                company.country if company else person.country if person else None,
                rng.choice(SERVICES),
                faker.iban(),
                f"{rng.randrange(10**9):09d}",
                fmt(started),
                fmt_optional(ended),
            )
        )
        staff = world.population.staff.get(company.id, []) if company else []
        for contact in rng.sample(staff, min(len(staff), 2)):
            contacts.append(
                (
                    len(contacts) + 1,
                    index + 1,
                    *person_values(contact),
                    contact.job_title,
                    fmt_optional(ended),
                )
            )
    tables = [
        listed(
            "suppliers",
            "Vendors and service providers: companies, and individuals who are suppliers.",
            [
                Col("kind", varchar(12), description="company or individual"),
                Col("company_name", varchar(200), BUSINESS),
                *person_columns(),
                Col("country", varchar(2), NAME),
                Col("service", varchar(40), BUSINESS),
                Col("iban", varchar(34), BILLING),
                Col("tax_number", varchar(20), BILLING),
                Col("relationship_started_at", TS),
                Col("relationship_ended_at", TS),
            ],
            suppliers,
            activities=["suppliers"],
            identities=contact_identities("individual_supplier"),
            anchors={"business_relationship_end": "relationship_ended_at"},
        ),
        listed(
            "supplier_contacts",
            "Suppliers' representatives and contact points.",
            [
                Col("supplier_id", INT),
                *person_columns(),
                Col("job_title", varchar(100), BUSINESS),
                Col(
                    "relationship_ended_at",
                    TS,
                    description="the end of the supplier's relationship",
                ),
            ],
            contacts,
            activities=["suppliers"],
            identities=contact_identities("supplier_business_contact"),
            relations=[relation("supplier_id", "suppliers.id", "supplier_business_contact")],
            anchors={"business_relationship_end": "relationship_ended_at"},
        ),
    ]
    return SystemSpec("procurement", "Procurement: suppliers and their contacts.", tables)
