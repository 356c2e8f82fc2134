"""Columns and values that many systems share: a person's name and contact details."""

from __future__ import annotations

import random

from dataward.demo.people import Person
from dataward.demo.spec import Col, identity, varchar

NAME = "name_and_contact"
BUSINESS = "business_details"


def person_columns(phone: bool = True) -> list[Col]:
    columns = [
        Col("first_name", varchar(100), NAME),
        Col("last_name", varchar(100), NAME),
        Col("email", varchar(254), NAME),
    ]
    return [*columns, Col("phone", varchar(20), NAME)] if phone else columns


def person_values(person: Person, phone: bool = True) -> tuple[str, ...]:
    values = (person.first_name, person.last_name, person.email)
    return (*values, person.phone) if phone else values


def contact_identities(subject: str, phone: bool = True) -> list[dict[str, str]]:
    found = [identity("email", "email", subject)]
    return [*found, identity("phone", "phone", subject)] if phone else found


def ip_address(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return "2001:db8:" + ":".join(f"{rng.randrange(65536):x}" for _ in range(3)) + "::1"
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


def mention(rng: random.Random, person: Person, share: float = 0.3) -> str:
    """Sometimes, a sentence giving away personal data, as people write in free text."""
    if rng.random() >= share:
        return ""
    return rng.choice(
        (
            f" You can reach me at {person.phone}.",
            f" My colleague {person.name} ({person.email}) can confirm.",
            f" Please reply to {person.email}, not to this address.",
            f" I am {person.name}, call me on {person.phone} if anything is unclear.",
        )
    )
