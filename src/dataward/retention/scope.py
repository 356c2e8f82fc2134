"""Which columns of a dataset a hold or a customer instruction is matched against."""

from __future__ import annotations

from dataward.holds.service import CUSTOMER_KIND
from dataward.inventory.connectors.base import TableRef
from dataward.inventory.model import ColumnAddress, Dataset, DatasetAddress, Inventory
from dataward.retention.steps import HoldColumn


def table_of(dataset: Dataset) -> TableRef:
    return TableRef(dataset.table_name, dataset.db_schema)


def identity_kind(key: str) -> str:
    """The held-key kind of identity columns of ``key`` (``id:email``)."""
    return f"id:{key}"


def reference_kind(target: ColumnAddress) -> str:
    """The held-key kind of relation columns that match ``target`` (``ref:billing.c.id``)."""
    return f"ref:{target}"


def hold_columns(inventory: Inventory, address: DatasetAddress) -> tuple[HoldColumn, ...]:
    """Every column of the dataset through which a row can belong to a held person.

    Identity columns hold the identity itself; relation columns hold a key of another
    dataset's rows, which a hold resolves (see :mod:`dataward.retention.held`).
    """
    dataset = inventory.dataset(address)
    columns = [HoldColumn(item.column, identity_kind(item.kind)) for item in dataset.identities]
    columns += [
        HoldColumn(item.column, reference_kind(item.target(address.system)))
        for item in dataset.relations
    ]
    return tuple(columns)


def _identity_of(inventory: Inventory, target: ColumnAddress) -> str | None:
    try:
        dataset = inventory.dataset(target.dataset_address)
    except KeyError:
        return None
    return next((i.kind for i in dataset.identities if i.column == target.column), None)


def customer_column(inventory: Inventory, address: DatasetAddress) -> str | None:
    """The column naming the customer a row belongs to, if the dataset has one.

    Either an identity column of kind ``customer_id`` or a relation to one
    (``cdr.customer_id`` matches ``customers.id``, whose identity kind is ``customer_id``).
    """
    dataset = inventory.dataset(address)
    for identity in dataset.identities:
        if identity.kind == CUSTOMER_KIND:
            return identity.column
    for relation in dataset.relations:
        if _identity_of(inventory, relation.target(address.system)) == CUSTOMER_KIND:
            return relation.column
    return None
