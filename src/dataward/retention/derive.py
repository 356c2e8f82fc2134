"""From policy and inventory to the steps of a run (pure: no database, no settings).

Every rule lands somewhere: bound rules become steps; ``review`` rules, rules handled outside
dataward and unbound rules become notices, so the plan accounts for every promise of the
notice. A ``redact`` rule works on the bound columns the inventory marks ``free_text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from dataward.inventory.binding import Binding, bind, near_misses
from dataward.inventory.identity import EMAIL, PHONE
from dataward.inventory.model import Dataset, DatasetAddress, Inventory
from dataward.policy.calendar import Offset, as_utc, exclusive_cutoff
from dataward.policy.model import Activity, Period, Policy, RetentionAction, RetentionRule
from dataward.policy.phrases import anchor_phrase, duration, period_phrase
from dataward.retention.children import minimum_age_steps
from dataward.retention.scope import customer_column, hold_columns, table_of
from dataward.retention.steps import (
    CustomerScope,
    Cutoff,
    HoldColumn,
    Notice,
    Step,
    StepAction,
    StepKey,
    StepList,
)

# Customers with their own instruction compile to one step each plus one NOT IN (...) step;
# beyond this many, the NOT IN list would outgrow what databases plan well.
MAX_INSTRUCTED_CUSTOMERS = 1_000


def _notice(activity: Activity, rule: RetentionRule, inventory: Inventory) -> Notice | None:
    outside = {item.rule: item.reason for item in inventory.handled_outside}
    if rule.is_review:
        return Notice(rule.id, activity.id, "review", rule.review_reason or "")
    if rule.id in outside:
        return Notice(rule.id, activity.id, "handled_outside", outside[rule.id])
    return None


def _columns(rule: RetentionRule, dataset: Dataset, binding: Binding) -> tuple[str, ...]:
    """What the step rewrites: a redact rule only reads columns marked as free text."""
    if rule.action is not RetentionAction.redact:
        return binding.columns
    return tuple(name for name in binding.columns if dataset.columns[name].free_text)


def _blocked(rule: RetentionRule, dataset: Dataset, binding: Binding) -> str | None:
    address = binding.address
    missing = [condition for condition in rule.unless if condition not in dataset.conditions]
    if missing:
        return (
            f"the rule keeps rows while {', '.join(missing)} holds, but {address} names no "
            "column for it (inventory `conditions`)"
        )
    if rule.action is RetentionAction.suppress and not _contacts(dataset):
        return f"{address} has no email or phone identity column to keep on the suppression list"
    if rule.action is RetentionAction.redact and not _columns(rule, dataset, binding):
        return (
            f"redact reads free text, but none of {address}'s columns "
            f"({', '.join(binding.columns)}) is marked `free_text: true` in the inventory"
        )
    return None


def _contacts(dataset: Dataset) -> tuple[HoldColumn, ...]:
    return tuple(
        HoldColumn(item.column, item.kind)
        for item in dataset.identities
        if item.kind in (EMAIL, PHONE)
    )


def _steps_for(
    binding: Binding,
    rule: RetentionRule,
    policy: Policy,
    inventory: Inventory,
    as_of: datetime,
    instructions: Mapping[str, Offset],
) -> list[Step]:
    assert rule.anchor is not None and rule.offset is not None
    dataset = inventory.dataset(binding.address)
    period = f"{period_phrase(rule)} {anchor_phrase(rule.anchor, policy)}"
    base = Step(
        key=StepKey(rule.id, binding.address),
        activity=binding.activity,
        action=StepAction(rule.action.value),
        table=table_of(dataset),
        cutoff=Cutoff(binding.anchor_column, rule.cutoff(as_of)),
        period=period,
        columns=_columns(rule, dataset, binding),
        primary_key=tuple(dataset.primary_key),
        unless=tuple(dataset.conditions.get(condition, "") for condition in rule.unless),
        holds=hold_columns(inventory, binding.address),
        contacts=_contacts(dataset),
        blocked=_blocked(rule, dataset, binding),
    )
    if rule.period_set_by.value != "customer":
        return [base]
    return _customer_steps(base, rule, inventory, binding.address, as_of, instructions)


def _customer_steps(
    base: Step,
    rule: RetentionRule,
    inventory: Inventory,
    address: DatasetAddress,
    as_of: datetime,
    instructions: Mapping[str, Offset],
) -> list[Step]:
    """One step per instructed customer, plus the default for every other customer."""
    assert rule.anchor is not None
    column = customer_column(inventory, address)
    default = replace(base, key=StepKey(rule.id, address, "default"))
    if not instructions:
        return [default]
    if column is None:
        reason = f"customers gave instructions but {address} has no customer id column"
        return [replace(default, blocked=reason)]
    if len(instructions) > MAX_INSTRUCTED_CUSTOMERS:
        reason = f"more than {MAX_INSTRUCTED_CUSTOMERS} customer instructions for one rule"
        return [replace(default, blocked=reason)]
    steps = []
    for customer, offset in sorted(instructions.items()):
        cutoff = exclusive_cutoff(rule.anchor.align, offset, as_of)
        instructed = replace(
            base,
            key=StepKey(rule.id, address, f"customer={customer}"),
            cutoff=Cutoff(base.cutoff.column, cutoff),
            customer=CustomerScope(column, only=customer),
            period=f"{_offset_text(offset)} (customer {customer}'s instruction)",
        )
        steps.append(instructed)
    excluded = CustomerScope(column, excluded=tuple(sorted(instructions)))
    steps.append(replace(default, customer=excluded))
    return steps


def _offset_text(offset: Offset) -> str:
    return duration(Period(years=offset.years, months=offset.months, days=offset.days))


def derive_steps(
    policy: Policy,
    inventory: Inventory,
    as_of: datetime,
    instructions: Mapping[str, Offset] | None = None,
) -> StepList:
    """Every step of a run at ``as_of`` and a notice for every rule without a step.

    Order: the minimum-age rule first (related rows before the account rows they hang on),
    then suppressions (a row that is both due for deletion and an objection's suppression
    must leave its contact on the list first), then the other row deletions, then column
    rewrites and redactions, so no column is rewritten in a row about to be deleted.
    """
    as_of = as_utc(as_of)
    steps: list[Step] = list(minimum_age_steps(policy, inventory, as_of))
    first_policy = len(steps)
    suppressions: list[Step] = []
    rewrites: list[Step] = []
    notices: list[Notice] = []
    for activity, rule in policy.retention_rules():
        notice = _notice(activity, rule, inventory)
        if notice is not None:
            notices.append(notice)
            continue
        found = bind(activity, rule, inventory)
        if not found:
            hints = near_misses(activity, rule, inventory)
            reason = "; ".join(hints) or f"no dataset serves activity {activity.id!r}"
            notices.append(Notice(rule.id, activity.id, "unbound", reason))
        for binding in found:
            for step in _steps_for(binding, rule, policy, inventory, as_of, instructions or {}):
                if step.action in (StepAction.null, StepAction.pseudonymise, StepAction.redact):
                    rewrites.append(step)
                elif step.action is StepAction.suppress:
                    suppressions.append(step)
                else:
                    steps.append(step)
    ordered = steps[:first_policy] + suppressions + steps[first_policy:] + rewrites
    return StepList(tuple(ordered), tuple(notices))
