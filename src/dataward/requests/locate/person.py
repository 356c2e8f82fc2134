"""A request's person across the inventory: the plan, the selector, and who controls what.

Datasets whose every activity has the processor role hold data the company processes on
a customer's behalf (message content): requests about it go to that customer. The
customer is found through the dataset's customer column: an identity column of kind
``customer_id``, or a relation matching one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from dataward.inventory.free_text import processor_only
from dataward.inventory.model import Dataset, DatasetAddress, Inventory
from dataward.policy.model import Policy
from dataward.requests.locate.plan import Step, plan_person
from dataward.requests.locate.planner_friendly import first_rows
from dataward.requests.locate.pool import ConnectorPool
from dataward.requests.locate.selection import INLINE_KEYS, Keys, Selector

CUSTOMER_KIND = "customer_id"


@dataclass
class PersonPlan:
    steps: list[Step]
    selector: Selector
    processor: frozenset[DatasetAddress]
    policy: Policy

    def controller_steps(self) -> list[Step]:
        return [step for step in self.steps if step.address not in self.processor]

    def processor_steps(self) -> list[Step]:
        return [step for step in self.steps if step.address in self.processor]

    def systems(self) -> list[str]:
        return list(dict.fromkeys(step.system for step in self.controller_steps()))


def is_processor_dataset(policy: Policy, dataset: Dataset) -> bool:
    return processor_only(policy, dataset.activities)


def someone_elses_record(inventory: Inventory, step: Step) -> tuple[str, ...] | None:
    """The matched identity columns, when the rows are another subject's record.

    A CDR names the end-user it was sent to, but it is the customer's record (its relation
    to ``customers`` says so, with another subject): erasing the end-user erases the
    columns that name them, and the row stays. None: the rows are the person's own.
    """
    dataset = inventory.dataset(step.address)
    owners = {relation.subject for relation in dataset.relations}
    matched = [item for item in dataset.identities if (item.column, item.kind) in step.identities]
    if not dataset.relations or not matched:
        return None
    if any(item.subject is None or item.subject in owners for item in matched):
        return None
    subjects = {item.subject for item in matched}
    return tuple(item.column for item in dataset.identities if item.subject in subjects)


def customer_column(
    inventory: Inventory, address: DatasetAddress, policy: Policy | None = None
) -> str | None:
    """The column naming the customer a row belongs to: an identity of kind ``customer_id``,
    a relation to one, or a relation whose subject is a customer (by the policy)."""
    dataset = inventory.dataset(address)
    for identity in dataset.identities:
        if identity.kind == CUSTOMER_KIND:
            return identity.column
    for relation in dataset.relations:
        target = relation.target(address.system)
        try:
            parent = inventory.dataset(target.dataset_address)
        except KeyError:
            continue
        if any(i.kind == CUSTOMER_KIND and i.column == target.column for i in parent.identities):
            return relation.column
    if policy is not None:
        customers = {s.id for s in policy.subject_categories if s.relationship == "customer"}
        for relation in dataset.relations:
            if relation.subject in customers:
                return relation.column
    return None


def plan_for(
    inventory: Inventory,
    policy: Policy,
    pool: ConnectorPool,
    identities: Mapping[str, Sequence[str]],
    keys: Keys | None = None,
    inline_keys: int = INLINE_KEYS,
) -> PersonPlan:
    """``inline_keys``: how many keys of a relation are bound as values (see :mod:`.selection`)."""
    steps = plan_person(inventory, [kind for kind, values in identities.items() if values])
    processor = frozenset(
        step.address
        for step in steps
        if is_processor_dataset(policy, inventory.dataset(step.address))
    )
    selector = Selector(pool, steps, identities, keys, inline_keys)
    return PersonPlan(steps, selector, processor, policy)


def discovered_identities(
    plan: PersonPlan, inventory: Inventory, limit: int = 1000
) -> dict[str, list[Any]]:
    """Other identifiers of the person (customer id, account id) in the datasets their own
    identity entered, for legal-hold checks and the verification scan.

    Only level-0 datasets count, and only identity columns of the same subject as the
    column that matched: an end-user found in a CDR is not the customer whose id it holds.
    """
    found: dict[str, set[Any]] = {}
    for step in plan.controller_steps():
        if step.level != 0:
            continue
        dataset = inventory.dataset(step.address)
        subjects = {i.subject for i in dataset.identities if (i.column, i.kind) in step.identities}
        condition = plan.selector.condition(step)
        if condition is None:
            continue
        table = plan.selector.table(step)
        for identity in dataset.identities:
            if (identity.column, identity.kind) in step.identities:
                continue
            if (
                identity.subject is not None
                and None not in subjects
                and identity.subject not in subjects
            ):
                continue
            statement = sa.select(table.c[identity.column]).where(condition).distinct()
            connector = plan.selector.pool.connector(step.system)
            found.setdefault(identity.kind, set()).update(
                value
                for row in connector.rows(first_rows(statement, limit))
                for value in row.values()
                if value is not None
            )
    return {kind: sorted(values, key=str) for kind, values in found.items()}
