"""The support desk: tickets with free-text bodies, opened by customers' account users."""

from __future__ import annotations

from datetime import timedelta

from dataward.demo.spec import (
    INT,
    TEXT,
    TS,
    Col,
    Row,
    SystemSpec,
    TableSpec,
    identity,
    listed,
    relation,
    varchar,
)
from dataward.demo.systems.common import NAME, mention
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import AccountUser, World

ISSUES = (
    (
        "SMS to {country} not delivered",
        "Since this morning messages to {country} numbers stay "
        "in status 'pending'. Campaign {code} is affected, about {count} messages.",
    ),
    (
        "Invoice {code} looks wrong",
        "The invoice lists {count} WhatsApp conversations but our "
        "dashboard shows far fewer. Could you check the billing records?",
    ),
    (
        "Cannot log in",
        "I reset my password twice and still get 'invalid credentials'. My username is {email}.",
    ),
    (
        "Sender ID registration",
        "We need the alphanumeric sender registered for {country}. "
        "Which documents do you need from us?",
    ),
    (
        "API returns 429",
        "Our integration gets HTTP 429 at about {count} requests per second. "
        "What is our rate limit?",
    ),
    (
        "Delete an end-user's data",
        "One of our customers asked us to erase their messages. "
        "Their number is {phone}. How do we proceed?",
    ),
)
CHANNELS = ("email", "chat", "phone", "portal")
PRIORITIES = ("low", "normal", "normal", "high", "urgent")


def _ticket(world: World, index: int, user: AccountUser, opened_days: float) -> Row:
    rng = world.rng("support", "tickets", str(index))
    customer = user.account.customer
    subject, body = rng.choice(ISSUES)
    values = {
        "country": user.person.country,
        "code": rng.randrange(10_000, 99_999),
        "count": rng.randint(20, 90_000),
        "email": user.person.email,
        "phone": world.population.people[rng.randrange(len(world.population.people))].phone,
    }
    created = world.timeline.after(rng, user.created_at, opened_days, customer.ended_at)
    resolved = None
    if index < 2 or rng.random() < 0.85:  # the first two are resolved, for retention
        resolved = min(created + timedelta(hours=rng.uniform(0.2, 500)), world.timeline.end)
    return (
        index + 1,
        customer.id,
        user.person.name,
        user.person.email,
        subject.format(**values),
        body.format(**values) + mention(rng, user.person),
        rng.choice(CHANNELS),
        rng.choice(PRIORITIES),
        "solved" if resolved else "open",
        fmt(created),
        fmt_optional(resolved),
    )


def tickets(world: World) -> TableSpec:
    rng = world.rng("support", "tickets")
    users = sorted(world.account_users, key=lambda user: user.created_at)
    featured = [user for user in users if user.person in world.population.featured]
    count = world.scale.share(2, 40)
    # The earliest user's first ticket is from the first years (past the 7 years kept);
    # the featured people each opened one lately; the rest are spread over the history.
    chosen = [(users[0], 90.0), *((user, 12 * 366.0) for user in featured)]
    chosen += [(rng.choice(users), 12 * 366.0) for _ in range(count - len(chosen))]
    rows = [_ticket(world, index, user, days) for index, (user, days) in enumerate(chosen)]
    columns = [
        Col("customer_id", INT),
        Col("requester_name", varchar(200), NAME),
        Col("requester_email", varchar(254), NAME),
        Col("subject", varchar(200), "customer_support_data", free_text=True),
        Col("body", TEXT, "customer_support_data", free_text=True),
        Col("channel", varchar(10)),
        Col("priority", varchar(10)),
        Col("status", varchar(10)),
        Col("created_at", TS),
        Col("resolved_at", TS),
    ]
    return listed(
        "tickets",
        "Support requests of customers, with the conversation as free text.",
        columns,
        rows,
        activities=["account_data"],
        identities=[identity("requester_email", "email", "account_user")],
        relations=[relation("customer_id", "messaging.customers.id", "individual_customer")],
        anchors={"support_request_resolved": "resolved_at"},
    )


def system(world: World) -> SystemSpec:
    return SystemSpec("support", "The customer support desk.", [tickets(world)])
