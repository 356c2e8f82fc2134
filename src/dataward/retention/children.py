"""The policy's minimum age: accounts of people younger than it are deleted, with their rows.

"Children under 16 cannot use our products and services as our customers ... we will
immediately take reasonable steps to delete that information." A dataset that names its
``date_of_birth`` column and serves an activity about the rule's subjects gets a step
``date_of_birth > :as_of_minus_16_years``; datasets of the same database whose relations
point at it lose the related rows first (``customer_id IN (SELECT id … WHERE …)``), so
nothing is left hanging on a deleted account. Datasets in other systems cannot be joined:
the plan names them, and erasure requests reach them by identity instead.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, datetime

from dataward.inventory.model import Inventory
from dataward.policy.model import Policy, RetentionAction
from dataward.retention.scope import hold_columns, table_of
from dataward.retention.steps import MINIMUM_AGE_RULE, Cutoff, Step, StepAction, StepKey, Via


def birth_boundary(as_of: datetime, years: int) -> date:
    """People born after this date are younger than ``years`` at ``as_of``.

    29 February clamps to 28 February, so someone born on 29 February 2008 is still 15 on
    28 February 2024 and turns 16 on 1 March, the usual legal reading.
    """
    day = as_of.date()
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def minimum_age_steps(policy: Policy, inventory: Inventory, as_of: datetime) -> Iterator[Step]:
    rule = policy.children
    if rule is None or rule.action is not RetentionAction.delete:
        return
    about = {
        activity.id for activity in policy.activities if set(activity.subjects) & set(rule.subjects)
    }
    boundary = birth_boundary(as_of, rule.minimum_age)
    period = f"the person is younger than {rule.minimum_age}"
    for address, dataset in inventory.datasets():
        served = about & set(dataset.activities)
        if dataset.date_of_birth is None or not served:
            continue
        cutoff = Cutoff(dataset.date_of_birth, boundary, after=True)
        activity = sorted(served)[0]
        for other_address, other in inventory.datasets():
            if other_address.system != address.system:
                continue
            for relation in other.relations:
                target = relation.target(other_address.system)
                if target.dataset_address != address:
                    continue
                yield Step(
                    key=StepKey(MINIMUM_AGE_RULE, other_address, f"via={relation.column}"),
                    activity=activity,
                    action=StepAction.delete,
                    table=table_of(other),
                    cutoff=cutoff,
                    period=f"rows of an account whose {period}",
                    primary_key=tuple(other.primary_key),
                    holds=hold_columns(inventory, other_address),
                    via=Via(relation.column, table_of(dataset), target.column),
                )
        yield Step(
            key=StepKey(MINIMUM_AGE_RULE, address),
            activity=activity,
            action=StepAction.delete,
            table=table_of(dataset),
            cutoff=cutoff,
            period=period,
            primary_key=tuple(dataset.primary_key),
            holds=hold_columns(inventory, address),
        )
