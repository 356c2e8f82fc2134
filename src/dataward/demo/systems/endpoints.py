"""The customers' end-users as the CDR table sees them: who, over which channel and route.

An endpoint is the tail of a CDR row, ``(channel, direction, phone, email, duration,
route)``, drawn whole from a pool in which each channel appears as often as its share of
the traffic. Drawing one prebuilt tuple per row, instead of deciding each column row by
row, is what keeps ten million rows cheap.
"""

from __future__ import annotations

import random

from dataward.demo.contacts import EmailFactory, PhoneFactory, ascii_fold
from dataward.demo.people import LOCALES, PERSONAL_DOMAINS, Person

Endpoint = tuple[str, str, str | None, str | None, int | None, str]
CHANNEL_SHARES = {"sms": 68, "email": 14, "voice": 8, "whatsapp": 7, "viber": 3}
OPERATORS = ("a1", "t-mobile", "vodafone", "orange", "telefonica", "ntt-docomo", "airtel")
MOBILE_ORIGINATED = 0.08  # the end-user writes or calls the customer


def heavy_endpoint(person: Person) -> Endpoint:
    return ("sms", "MT", person.phone, None, None, f"{person.country}-a1")


def endpoint_pool(rng: random.Random, people: tuple[Person, ...], size: int) -> list[Endpoint]:
    """About ``2 * size`` endpoints over ``size`` numbers and ``size / 4`` email addresses.

    Three in ten of the population are end-users too, so that a request about a person
    finds their CDRs as well as their rows in the company's other systems.
    """
    known = [person for person in people if rng.random() < 0.3]
    phones = [(person.phone, person.country) for person in known]
    factory = PhoneFactory(rng, {person.phone for person in people})
    regions = [region for region, _ in LOCALES.values()]
    weights = [weight for _, weight in LOCALES.values()]
    phones += [(factory.phone(region), region) for region in rng.choices(regions, weights, k=size)]
    emails = [person.email for person in known]
    addresses = EmailFactory({person.email for person in people})
    for _ in range(size // 4):
        first, last = (
            ascii_fold(rng.choice(people).first_name),
            ascii_fold(rng.choice(people).last_name),
        )
        emails.append(addresses.email(first, last, rng.choice(PERSONAL_DOMAINS)))
    routes = {phone: f"{region}-{rng.choice(OPERATORS)}" for phone, region in phones}
    total = 2 * len(phones)
    pool: list[Endpoint] = []
    for channel, share in CHANNEL_SHARES.items():
        count = total * share // 100
        if channel == "email":
            pool += [
                ("email", "MT", None, email, None, "smtp-eu")
                for email in rng.choices(emails, k=count)
            ]
            continue
        for phone, _ in rng.choices(phones, k=count):
            direction = "MO" if rng.random() < MOBILE_ORIGINATED else "MT"
            duration = rng.randint(3, 1800) if channel == "voice" else None
            pool.append((channel, direction, phone, None, duration, routes[phone]))
    return pool
