"""The company's customers: who they are, when they joined and left, who works for them.

Customers are shared by several systems (the platform's tables, the CDRs, the support
desk, the analytics), so they are drawn once, here, before any system is built. Each
system then draws its own rows from a random generator seeded by the seed and its own
name, so building one system never shifts the data of another.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from faker import Faker

from dataward.demo.people import Company, Person, Population
from dataward.demo.scale import Scale
from dataward.demo.timeline import Timeline

ACCOUNT_KINDS = ("production", "staging", "marketing")
USER_ROLES = ("owner", "admin", "developer", "analyst", "billing")


@dataclass(frozen=True)
class Customer:
    id: int
    company: Company | None  # None: an individual customer, ``person``
    person: Person | None
    created_at: datetime
    ended_at: datetime | None  # the end of the business relationship
    weight: float  # the customer's share of the traffic

    @property
    def name(self) -> str:
        return self.company.name if self.company else self.person.name if self.person else "?"

    @property
    def is_individual(self) -> bool:
        return self.company is None


@dataclass(frozen=True)
class Account:
    id: int
    customer: Customer
    name: str
    created_at: datetime


@dataclass(frozen=True)
class AccountUser:
    id: int
    account: Account
    person: Person
    role: str
    created_at: datetime


@dataclass(frozen=True)
class World:
    seed: int
    scale: Scale
    timeline: Timeline
    population: Population
    customers: tuple[Customer, ...]
    accounts: tuple[Account, ...]
    account_users: tuple[AccountUser, ...]
    _fakers: dict[str, Faker] = field(default_factory=dict, repr=False, compare=False)

    def rng(self, *names: str) -> random.Random:
        """A generator for one table: the same seed and name give the same rows."""
        return random.Random(f"{self.seed}/{'/'.join(names)}")

    def fakers(self, *names: str) -> Callable[[str], Faker]:
        """Fakers by locale for the table ``names``, each seeded on first use.

        Instances are shared between tables and reseeded (creating one per table would
        cost more than all the rows of a tiny demo); tables are built one after another,
        so the output depends only on the seed and the table.
        """
        seeded: set[str] = set()

        def get(locale: str) -> Faker:
            faker = self._fakers.get(locale)
            if faker is None:
                faker = self._fakers[locale] = Faker(locale)
            if locale not in seeded:
                faker.seed_instance(f"{self.seed}/{'/'.join(names)}/{locale}")
                seeded.add(locale)
            return faker

        return get

    @classmethod
    def build(cls, seed: int, scale: Scale, timeline: Timeline) -> World:
        population = Population.build(seed, scale.people, timeline)
        rng = random.Random(f"{seed}/world")
        customers = _customers(rng, scale, timeline, population)
        accounts = _accounts(rng, timeline, customers)
        users = _account_users(rng, timeline, population, accounts)
        return cls(seed, scale, timeline, population, customers, accounts, users)


def _relationship(
    rng: random.Random, timeline: Timeline, index: int, individual: bool
) -> tuple[datetime, datetime | None]:
    """When a customer joined and (for about a third) left.

    The first two of each kind are placed on purpose: one left long ago (past the 7 years
    kept for individuals), one left last month (within the 12 months kept for contacts).
    """
    if index == 0:
        created = timeline.long_ago(rng)
        return created, timeline.after(rng, created, 120, timeline.end - timedelta(days=8 * 366))
    if index == 1:
        return timeline.days_ago(rng, 400, 3000), timeline.recently(rng)
    created = timeline.any_time(rng)
    if rng.random() < (0.25 if individual else 0.35):
        return created, timeline.after(rng, created, 12 * 366)
    return created, None


def _customers(
    rng: random.Random, scale: Scale, timeline: Timeline, population: Population
) -> tuple[Customer, ...]:
    individuals = max(4, scale.customers // 4)
    minors = list(population.minors[: max(2, individuals // 20)])
    adults = population.pick(rng, individuals - len(minors), featured=False)
    companies = rng.sample(list(population.companies), scale.customers - individuals)
    drafts: list[tuple[datetime, Company | None, Person | None, datetime | None, float]] = []
    for index, company in enumerate(companies):
        created, ended = _relationship(rng, timeline, index, individual=False)
        weight = rng.uniform(0.5, 1.5) / (index + 1) ** 1.1  # a few customers send most
        drafts.append((created, company, None, ended, weight))
    for index, person in enumerate(adults):
        created, ended = _relationship(rng, timeline, index, individual=True)
        drafts.append((created, None, person, ended, 0.002))
    for person in minors:  # children signed up recently, lying about their age or not
        drafts.append((timeline.days_ago(rng, 5, 500), None, person, None, 0.001))
    drafts.sort(key=lambda draft: draft[0])
    return tuple(
        Customer(index + 1, company, person, created, ended, weight)
        for index, (created, company, person, ended, weight) in enumerate(drafts)
    )


def _accounts(
    rng: random.Random, timeline: Timeline, customers: tuple[Customer, ...]
) -> tuple[Account, ...]:
    accounts: list[Account] = []
    for customer in customers:
        kinds = 1 if customer.is_individual else rng.randint(1, len(ACCOUNT_KINDS))
        for kind in ACCOUNT_KINDS[:kinds]:
            cap = customer.ended_at or timeline.end
            created = timeline.after(rng, customer.created_at, 365, cap)
            name = f"{customer.name} ({kind})"
            accounts.append(Account(len(accounts) + 1, customer, name, created))
    return tuple(accounts)


def _account_users(
    rng: random.Random, timeline: Timeline, population: Population, accounts: tuple[Account, ...]
) -> tuple[AccountUser, ...]:
    staff = population.staff
    adults = population.adults
    # The featured people use the platform: each is a user of an active company customer.
    active = [a for a in accounts if not a.customer.is_individual and a.customer.ended_at is None]
    featured: dict[int, list[Person]] = {}
    for person in population.featured if active else ():
        featured.setdefault(rng.choice(active).id, []).append(person)
    users: list[AccountUser] = []
    for account in accounts:
        customer = account.customer
        if customer.person is not None:
            people = [customer.person]
        else:
            company_id = customer.company.id if customer.company else 0
            pool = staff.get(company_id) or [rng.choice(adults)]
            people = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        people += [person for person in featured.get(account.id, []) if person not in people]
        cap = customer.ended_at or timeline.end
        for person in people:
            created = timeline.after(rng, account.created_at, 3 * 365, cap)
            role = "owner" if customer.is_individual else rng.choice(USER_ROLES)
            users.append(AccountUser(len(users) + 1, account, person, role, created))
    return tuple(users)
