"""One dataset's share of an erasure or a rectification, as a ``DatasetWork`` callable."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import sqlalchemy as sa

from dataward.inventory.identity import EMAIL, PHONE, Normaliser
from dataward.inventory.model import Inventory
from dataward.requests.erasure.run import DatasetWork
from dataward.requests.erasure.statements import columns_plan, erasure_plan
from dataward.requests.erasure.targets import ErasureTarget
from dataward.requests.locate.plan import Step
from dataward.retention.keys import Pseudonymiser


def erasure_work(
    inventory: Inventory, pseudonymiser: Pseudonymiser, keep_rows: Collection[str] = ()
) -> DatasetWork:
    """Erase as the inventory says: the dataset's ``erasure`` and each column's.

    Datasets in ``keep_rows`` (``system.dataset``) are anonymised in place instead.
    """

    def work(
        target: ErasureTarget,
        step: Step,
        table: sa.TableClause,
        condition: sa.ColumnElement[bool],
        columns: tuple[str, ...] | None = None,
    ) -> int:
        dataset = inventory.dataset(step.address)
        if columns is not None:
            plan = columns_plan(dataset, columns)
        else:
            plan = erasure_plan(dataset, str(step.address) in keep_rows)
        return target.erase(table, plan, condition, pseudonymiser)

    return work


def column_changes(inventory: Inventory, step: Step, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The corrections that apply to this dataset.

    A field names a column (``name``), or an identity kind (``email``, ``phone``): then
    every identity column of that kind changes, normalised as identity columns hold it, so
    that later requests still find the person. Only annotated personal columns change.
    """
    dataset = inventory.dataset(step.address)
    kinds = {item.column: item.kind for item in dataset.identities}
    normaliser = Normaliser(inventory.identity.default_region)
    values: dict[str, Any] = {}
    for name, column in dataset.columns.items():
        if column.category is None:
            continue
        for field, value in changes.items():
            if field == name or field == kinds.get(name):
                kind = kinds.get(name)
                values[name] = (
                    normaliser.value(kind, str(value)) if kind in (EMAIL, PHONE) else value
                )
    return values


def rectification_work(inventory: Inventory, changes: Mapping[str, Any]) -> DatasetWork:
    def work(
        target: ErasureTarget,
        step: Step,
        table: sa.TableClause,
        condition: sa.ColumnElement[bool],
        columns: tuple[str, ...] | None = None,
    ) -> int:
        return target.rectify(table, column_changes(inventory, step, changes), condition)

    return work
