"""The verification scan: after an erasure, search every dataset for the person again.

Every dataset of the inventory (not only those the plan reached) is searched in the
columns that can name the person: its identity columns, for every identifier of the
person (the contacts given and the ids found on the way, such as the customer id), and
its relation columns that point at such an identity column (``orders.customer_id``).

- A match in an identity column passes only when an exemption names the dataset (legal
  hold, legal duty, processor data the customer decides on).
- A match in a relation column alone also passes where the inventory keeps the rows and
  nulls or pseudonymises their personal columns ("anonymised").

Anything else fails the scan, and the request waits for staff instead of completing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from dataward.inventory.connectors.base import ConnectorError, first_line
from dataward.inventory.model import Dataset, DatasetAddress, Inventory
from dataward.requests.locate.pool import ConnectorPool
from dataward.requests.locate.selection import coerce


def _kind_of(inventory: Inventory, address: DatasetAddress, relation_target: Any) -> str | None:
    target = relation_target
    try:
        parent = inventory.dataset(target.dataset_address)
    except KeyError:
        return None
    return next((i.kind for i in parent.identities if i.column == target.column), None)


def _columns(
    inventory: Inventory, address: DatasetAddress, dataset: Dataset
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    identity = [(item.column, item.kind) for item in dataset.identities]
    relation = []
    for item in dataset.relations:
        kind = _kind_of(inventory, address, item.target(address.system))
        if kind is not None:
            relation.append((item.column, kind))
    return identity, relation


def _condition(
    table: sa.TableClause, columns: list[tuple[str, str]], identifiers: Mapping[str, Sequence[Any]]
) -> sa.ColumnElement[bool] | None:
    conditions = []
    for name, kind in columns:
        column = table.c[name]
        values = sorted(
            {coerce(value, column) for value in identifiers.get(kind, ())} - {None}, key=str
        )
        if values:
            conditions.append(column.in_(values))
    return sa.or_(*conditions) if conditions else None


def _counts(
    pool: ConnectorPool,
    address: DatasetAddress,
    table: sa.TableClause,
    identity: list[tuple[str, str]],
    relation: list[tuple[str, str]],
    identifiers: Mapping[str, Sequence[Any]],
) -> tuple[int, int]:
    """(rows matched by an identity column, rows matched by a relation column only): one query."""
    named = _condition(table, identity, identifiers)
    both = _condition(table, identity + relation, identifiers)
    if both is None:
        return 0, 0
    by_identity = sa.func.count(sa.case((named, 1))) if named is not None else sa.literal(0)
    statement = sa.select(by_identity.label("named"), sa.func.count().label("all"))
    statement = statement.select_from(table).where(both)
    row = pool.connector(address.system).rows(statement)[0]  # type: ignore[arg-type]
    return int(row["named"]), int(row["all"]) - int(row["named"])


def _status(
    by_identity: int,
    by_relation: int,
    name: str,
    explained: Mapping[str, str],
    kept_rows: Collection[str],
) -> tuple[str, str]:
    if by_identity == by_relation == 0:
        return "clear", ""
    if name in explained:
        return "exempt", explained[name]
    if by_identity == 0 and name in kept_rows:
        return "anonymised", "rows kept with their personal columns erased, as the inventory says"
    return "remains", "not erased"


def _system(
    pool: ConnectorPool,
    datasets: list[tuple[DatasetAddress, Dataset]],
    identifiers: Mapping[str, Sequence[Any]],
    explained: Mapping[str, str],
    kept_rows: Collection[str],
) -> dict[str, dict[str, Any]]:
    """The datasets of one system, searched one after another."""
    report: dict[str, dict[str, Any]] = {}
    for address, dataset in datasets:
        identity, relation = _columns(pool.inventory, address, dataset)
        wanted = [item for item in identity + relation if identifiers.get(item[1])]
        if not wanted:
            continue
        name = str(address)
        try:
            table = pool.table(address)
            by_identity, by_relation = _counts(
                pool, address, table, identity, relation, identifiers
            )
        except (ConnectorError, sa.exc.SQLAlchemyError) as error:
            pool.discard(address.system)
            report[name] = {"remaining": None, "status": "unreachable", "reason": first_line(error)}
            continue
        status, reason = _status(by_identity, by_relation, name, explained, kept_rows)
        report[name] = {"remaining": by_identity + by_relation, "status": status, "reason": reason}
    return report


def scan(
    pool: ConnectorPool,
    identifiers: Mapping[str, Sequence[Any]],
    explained: Mapping[str, str],
    kept_rows: Collection[str] = (),
    parallel: int = 1,
) -> dict[str, Any]:
    """``{"passed": bool, "datasets": {address: {"remaining", "status", "reason"}}}``.

    ``explained``: dataset → why the person may remain there; ``kept_rows``: datasets whose
    erasure keeps rows (null / pseudonymise). Up to ``parallel`` systems are searched at
    once (each is its own database; the report keeps the inventory's order).
    """
    by_system: dict[str, list[tuple[DatasetAddress, Dataset]]] = {}
    for address, dataset in pool.inventory.datasets():
        by_system.setdefault(address.system, []).append((address, dataset))
    with ThreadPoolExecutor(max(1, min(parallel, len(by_system))), "scan") as workers:
        parts = workers.map(
            lambda datasets: _system(pool, datasets, identifiers, explained, kept_rows),
            by_system.values(),
        )
        report = {name: item for part in parts for name, item in part.items()}
    passed = all(item["status"] in ("clear", "exempt", "anonymised") for item in report.values())
    return {"passed": passed, "datasets": report}
