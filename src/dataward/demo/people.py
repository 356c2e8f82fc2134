"""The shared population: every person and company of the demo, drawn once from the seed.

Systems do not invent people; they pick them from here. That is what makes the demo a
company rather than a set of tables: the same address is an account user in messaging, a
subscriber in marketing and a registrant in events, so a data-subject request finds one
person in many systems. The first few people are *featured*: placed in every system on
purpose, and printed after a build so that a request has someone to look for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from faker import Faker

from dataward.demo.contacts import EmailFactory, PhoneFactory, ascii_fold
from dataward.demo.timeline import Timeline

# Locale → (phone region, weight): a European company with customers worldwide.
LOCALES: dict[str, tuple[str, int]] = {
    "en_GB": ("GB", 20),
    "de_DE": ("DE", 15),
    "hr_HR": ("HR", 15),
    "en_US": ("US", 16),
    "pt_BR": ("BR", 12),
    "fr_FR": ("FR", 8),
    "ja_JP": ("JP", 7),
    "en_IN": ("IN", 7),
}
PERSONAL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example")
FEATURED = 5
INDUSTRIES = (
    "banking",
    "retail",
    "e-commerce",
    "logistics",
    "healthcare",
    "travel",
    "telecom",
    "media",
    "public sector",
    "education",
    "insurance",
    "gaming",
)


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    domain: str
    locale: str
    country: str
    industry: str


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    locale: str
    country: str
    city: str
    birth_date: date
    job_title: str | None
    employer: Company | None

    @property
    def name(self) -> str:
        if self.locale == "ja_JP":  # family name first
            return f"{self.last_name} {self.first_name}"
        return f"{self.first_name} {self.last_name}"

    @property
    def minor(self) -> bool:
        return self.employer is None and self.job_title is None


def _fakers(rng: random.Random) -> dict[str, Faker]:
    fakers = {}
    for locale in LOCALES:
        faker = Faker(locale)
        faker.seed_instance(rng.randrange(2**32))
        fakers[locale] = faker
    return fakers


def _names(faker: Faker, locale: str) -> tuple[str, str, str, str]:
    """Display first and last name, and the ASCII ones an email address is made from."""
    if locale == "ja_JP":  # kanji for display, the romanised reading for the address
        first, _, first_latin = faker.first_name_pair()
        last, _, last_latin = faker.last_name_pair()
        return first, last, first_latin, last_latin
    first, last = faker.first_name(), faker.last_name()
    return first, last, first, last


@dataclass(frozen=True)
class Population:
    people: tuple[Person, ...]
    companies: tuple[Company, ...]

    @property
    def featured(self) -> tuple[Person, ...]:
        return self.people[:FEATURED]

    @property
    def adults(self) -> tuple[Person, ...]:
        return tuple(person for person in self.people if not person.minor)

    @property
    def minors(self) -> tuple[Person, ...]:
        return tuple(person for person in self.people if person.minor)

    @cached_property
    def staff(self) -> dict[int, list[Person]]:
        """Adults by the id of the company they work for."""
        staff: dict[int, list[Person]] = {}
        for person in self.adults:
            if person.employer is not None:
                staff.setdefault(person.employer.id, []).append(person)
        return staff

    def pick(self, rng: random.Random, count: int, featured: bool = True) -> list[Person]:
        """``count`` distinct adults, the featured people first (so they are everywhere)."""
        chosen = list(self.featured[:count]) if featured else []
        rest = [person for person in self.adults if person not in chosen]
        return chosen + rng.sample(rest, min(len(rest), count - len(chosen)))

    @classmethod
    def build(cls, seed: int, size: int, timeline: Timeline) -> Population:
        rng = random.Random(f"{seed}/people")
        fakers = _fakers(rng)
        locales, weights = list(LOCALES), [weight for _, weight in LOCALES.values()]
        companies = []
        for index in range(max(8, size // 6)):
            locale = rng.choices(locales, weights)[0]
            faker = fakers[locale]
            name = faker.company()
            domain = f"{ascii_fold(name)[:40].strip('-')}-{index}.example"
            country = LOCALES[locale][0]
            industry = rng.choice(INDUSTRIES)
            companies.append(Company(index + 1, name, domain, locale, country, industry))
        phones, emails = PhoneFactory(rng), EmailFactory()
        minors = max(2, size // 150)
        people = []
        for index in range(size):
            minor = index >= size - minors  # last, so the featured people are adults
            locale = rng.choices(locales, weights)[0]
            faker = fakers[locale]
            first, last, first_ascii, last_ascii = _names(faker, locale)
            employer = None if minor or rng.random() < 0.15 else rng.choice(companies)
            domain = employer.domain if employer else rng.choice(PERSONAL_DOMAINS)
            ages = (13, 15) if minor else (18, 68)
            person = Person(
                id=index + 1,
                first_name=first,
                last_name=last,
                email=emails.email(first_ascii, last_ascii, domain),
                phone=phones.phone(LOCALES[locale][0]),
                locale=locale,
                country=LOCALES[locale][0],
                city=faker.city(),
                birth_date=timeline.birth_date(rng, *ages),
                job_title=None if minor else faker.job()[:80],
                employer=employer,
            )
            people.append(person)
        return cls(tuple(people), tuple(companies))
