"""Checks of an inventory against the policy: every id it names exists, every rule lands.

These need no database. Each check yields findings; they run in order and all of them
run, so one ``inventory check`` lists everything to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dataward.inventory.binding import bind, near_misses
from dataward.inventory.findings import Finding, Severity
from dataward.inventory.model import Inventory
from dataward.policy.model import Policy

PolicyCheck = Callable[[Inventory, Policy], Iterator[Finding]]


def _unknown(what: str, value: str, known: set[str]) -> str:
    return f"unknown {what} {value!r}; the policy defines: {', '.join(sorted(known)) or 'none'}"


def activities(inventory: Inventory, policy: Policy) -> Iterator[Finding]:
    known = {activity.id for activity in policy.activities}
    for address, dataset in inventory.datasets():
        where = {"system": address.system, "dataset": address.dataset}
        if not dataset.activities:
            yield Finding(
                Severity.error,
                "no-activity",
                "serves no processing activity (add `activities: [<policy activity id>]`)",
                **where,
            )
        for activity in dataset.activities:
            if activity not in known:
                message = _unknown("activity", activity, known)
                yield Finding(Severity.error, "unknown-activity", message, **where)


def vocabulary(inventory: Inventory, policy: Policy) -> Iterator[Finding]:
    categories = {category.id for category in policy.data_categories}
    events = {event.id for event in policy.anchor_events}
    subjects = {subject.id for subject in policy.subject_categories}
    for address, dataset in inventory.datasets():
        where = {"system": address.system, "dataset": address.dataset}
        served = {
            category
            for activity in policy.activities
            if activity.id in dataset.activities
            for category in activity.data_categories
        }
        for name, column in dataset.columns.items():
            if column.category is None:
                continue
            if column.category not in categories:
                message = f"column {name!r}: " + _unknown(
                    "data category", column.category, categories
                )
                yield Finding(Severity.error, "unknown-category", message, **where)
            elif served and column.category not in served:
                message = (
                    f"column {name!r}: category {column.category!r} is not processed by "
                    f"the dataset's activities ({', '.join(dataset.activities)})"
                )
                yield Finding(Severity.warning, "category-outside-activity", message, **where)
        for event in dataset.anchors:
            if event not in events:
                message = _unknown("anchor event", event, events)
                yield Finding(Severity.error, "unknown-anchor", message, **where)
        for subject in (link.subject for link in dataset.links()):
            if subject is not None and subject not in subjects:
                message = _unknown("subject category", subject, subjects)
                yield Finding(Severity.error, "unknown-subject", message, **where)


def retention_rules(inventory: Inventory, policy: Policy) -> Iterator[Finding]:
    outside = {item.rule for item in inventory.handled_outside}
    rules = {rule.id: rule for _, rule in policy.retention_rules()}
    for rule_id in sorted(outside - rules.keys()):
        message = f"handled_outside names unknown retention rule {rule_id!r}"
        yield Finding(Severity.error, "unknown-rule", message)
    for activity, rule in policy.retention_rules():
        if rule.is_review or rule.id in outside:
            continue
        if bind(activity, rule, inventory):
            continue
        reason = "; ".join(near_misses(activity, rule, inventory))
        yield Finding(
            Severity.error,
            "unbound-rule",
            f"retention rule {rule.id!r} ({activity.id}) is bound to no dataset: {reason}",
            fix=(
                "annotate a dataset (activity, anchor column, a column of the rule's "
                f"categories), or add `handled_outside: [{{rule: {rule.id}, reason: ...}}]`"
            ),
        )


POLICY_CHECKS: tuple[PolicyCheck, ...] = (activities, vocabulary, retention_rules)


def check_against_policy(inventory: Inventory, policy: Policy) -> list[Finding]:
    return [finding for check in POLICY_CHECKS for finding in check(inventory, policy)]
