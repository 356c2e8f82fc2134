"""Binding policy retention rules to datasets.

A rule is bound to a dataset when the dataset serves the rule's activity, names a column
for the rule's anchor event, and holds at least one column of the rule's data categories;
when both the rule and the dataset (through its identities and relations) name subject
categories, they must share one.
Those columns are what the rule nulls or pseudonymises (or, for ``delete``, why the row
goes). Binding is derived, not written down twice, so adding a column to the inventory
is enough to bring it under the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataward.inventory.model import Dataset, DatasetAddress, Inventory
from dataward.policy.model import Activity, Policy, RetentionRule


@dataclass(frozen=True)
class Binding:
    rule: str
    activity: str
    address: DatasetAddress
    anchor_column: str
    columns: tuple[str, ...]


def rule_columns(dataset: Dataset, rule: RetentionRule) -> tuple[str, ...]:
    categories = set(rule.data_categories)
    return tuple(name for name, column in dataset.columns.items() if column.category in categories)


def dataset_subjects(dataset: Dataset) -> set[str]:
    """The subject categories a dataset's rows are about, as its identities and relations say."""
    named = [item.subject for item in dataset.identities]
    named += [item.subject for item in dataset.relations]
    return {subject for subject in named if subject is not None}


def about_rule_subjects(dataset: Dataset, rule: RetentionRule) -> bool:
    """False when both name subjects and share none: a 12-month rule for account users must
    not delete individual customers (kept 7 years) in another table of the same activity."""
    subjects = dataset_subjects(dataset)
    return not rule.subjects or not subjects or bool(subjects & set(rule.subjects))


def bind(activity: Activity, rule: RetentionRule, inventory: Inventory) -> list[Binding]:
    if rule.anchor is None:
        return []
    bindings = []
    for address, dataset in inventory.datasets():
        if activity.id not in dataset.activities or not about_rule_subjects(dataset, rule):
            continue
        anchor = dataset.anchors.get(rule.anchor.event)
        columns = rule_columns(dataset, rule)
        if anchor is not None and columns:
            bindings.append(Binding(rule.id, activity.id, address, anchor, columns))
    return bindings


def bindings(inventory: Inventory, policy: Policy) -> list[Binding]:
    """Every (rule, dataset) pair the retention engine will act on."""
    return [
        binding
        for activity, rule in policy.retention_rules()
        for binding in bind(activity, rule, inventory)
    ]


def near_misses(activity: Activity, rule: RetentionRule, inventory: Inventory) -> list[str]:
    """Why an unbound rule found no dataset, naming the datasets closest to binding."""
    if rule.anchor is None:
        return []
    serving = [
        (address, dataset)
        for address, dataset in inventory.datasets()
        if activity.id in dataset.activities
    ]
    if not serving:
        return [f"no dataset serves activity {activity.id!r}"]
    holding = [(address, ds) for address, ds in serving if rule_columns(ds, rule)]
    if not holding:
        wanted = ", ".join(rule.data_categories)
        return [f"no dataset serving {activity.id!r} has a column of category {wanted}"]
    return [
        f"{address} has its columns ({', '.join(rule_columns(dataset, rule))}) but no anchor "
        f"column for {rule.anchor.event!r}"
        for address, dataset in holding
    ]
