"""What erasing (or rectifying) a person does to one dataset, as set-based statements.

One statement per dataset, whatever the person's row count: ``DELETE ... WHERE <person>``
when any personal column says ``delete`` (the row goes), else ``UPDATE ... SET`` the
``null`` columns to NULL and the ``pseudonymise`` columns to their keyed hash. The hash
of each distinct value is computed in Python (HMAC cannot run in every database), from the
few distinct values the person has, and applied by one ``CASE``; the rows never leave the
database. Rows held by a customer-scoped legal hold are excluded inside the statement.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dataward.inventory.model import Dataset, ErasureAction
from dataward.requests.locate.planner_friendly import first_rows
from dataward.requests.locate.selection import coerce
from dataward.retention.compile import PSEUDONYM_PREFIX

MAX_DISTINCT = 10_000


@dataclass(frozen=True)
class Plan:
    """What one dataset's erasure does: delete rows, or set columns."""

    delete: bool
    columns: tuple[tuple[str, ErasureAction], ...] = ()


def erasure_plan(dataset: Dataset, keep_rows: bool = False) -> Plan:
    """``keep_rows``: the row must stay (kept rows refer to it), so ``delete`` becomes null."""
    actions = [(name, dataset.erasure_of(name)) for name in dataset.columns]
    personal = [(name, action) for name, action in actions if action is not None]
    if keep_rows:
        nulled = ErasureAction.null
        columns = personal or [(item.column, nulled) for item in dataset.identities]
        return Plan(
            False, tuple((n, nulled if a is ErasureAction.delete else a) for n, a in columns)
        )
    if not personal:
        # Nothing annotated: the identity columns are the personal data.
        if dataset.erasure is ErasureAction.delete:
            return Plan(True)
        return Plan(False, tuple((item.column, dataset.erasure) for item in dataset.identities))
    if any(action is ErasureAction.delete for _, action in personal):
        return Plan(True)
    return Plan(False, tuple((name, action) for name, action in personal))


def columns_plan(dataset: Dataset, columns: tuple[str, ...]) -> Plan:
    """Erase only ``columns`` and keep the row (``delete`` becomes null)."""
    actions = []
    for name in columns:
        action = dataset.erasure_of(name) or dataset.erasure
        actions.append((name, ErasureAction.null if action is ErasureAction.delete else action))
    return Plan(False, tuple(actions))


def _is_text(column: sa.ColumnClause[Any]) -> bool:
    return isinstance(column.type, sa.String)


def _length(column: sa.ColumnClause[Any]) -> int | None:
    length = getattr(column.type, "length", None)
    return int(length) if length else None


# Reads the distinct values a statement selects (each target runs it its own way).
ReadValues = Callable[[sa.Select[Any]], list[Any]]


def _pseudonyms(
    read: ReadValues,
    table: sa.TableClause,
    column: sa.ColumnClause[Any],
    condition: sa.ColumnElement[bool],
    pseudonymise: Callable[[object, int | None], str],
) -> dict[Any, str]:
    statement = (
        sa.select(column)
        .where(condition, column.is_not(None), column.not_like(f"{PSEUDONYM_PREFIX}%"))
        .distinct()
    )
    values = read(first_rows(statement, MAX_DISTINCT + 1))
    if len(values) > MAX_DISTINCT:
        raise ValueError(
            f"{table.name}.{column.name}: over {MAX_DISTINCT} distinct values to pseudonymise"
        )
    return {value: pseudonymise(value, _length(column)) for value in values}


def erased_values(
    read: ReadValues,
    table: sa.TableClause,
    plan: Plan,
    condition: sa.ColumnElement[bool],
    pseudonymise: Callable[[object, int | None], str],
) -> dict[str, Any]:
    """Each column's value once erased, for the person's rows: its keyed hash, or NULL."""
    values: dict[str, Any] = {}
    for name, action in plan.columns:
        column = table.c[name]
        if action is ErasureAction.pseudonymise and _is_text(column):
            mapping = _pseudonyms(read, table, column, condition, pseudonymise)
            values[name] = sa.case(mapping, value=column, else_=column) if mapping else column
        else:
            # A number or date cannot hold a keyed hash: it is nulled instead.
            values[name] = None
    return values


def pending(table: sa.TableClause, plan: Plan) -> sa.ColumnElement[bool]:
    """Rows with something left to erase (a second run finds none)."""
    return sa.or_(*(table.c[name].is_not(None) for name, _ in plan.columns))


def customer_exclusion(
    table: sa.TableClause, customer_column: str | None, held: Collection[str]
) -> sa.ColumnElement[bool] | None:
    """Rows of customers under a legal hold stay: ``customer_id NOT IN (:held)``."""
    if customer_column is None or not held:
        return None
    column = table.c[customer_column]
    values = sorted({coerce(value, column) for value in held} - {None}, key=str)
    return sa.or_(column.is_(None), column.not_in(values)) if values else None


def erase(
    connection: Connection,
    table: sa.TableClause,
    plan: Plan,
    condition: sa.ColumnElement[bool],
    pseudonymise: Callable[[object, int | None], str],
) -> int:
    """Run the dataset's erasure in ``connection``'s transaction; the number of rows changed."""
    if plan.delete:
        return int(connection.execute(sa.delete(table).where(condition)).rowcount or 0)

    def read(statement: sa.Select[Any]) -> list[Any]:
        return list(connection.execute(statement).scalars())

    values = erased_values(read, table, plan, condition, pseudonymise)
    statement = sa.update(table).where(condition, pending(table, plan)).values(values)
    return int(connection.execute(statement).rowcount or 0)


def rectify(
    connection: Connection,
    table: sa.TableClause,
    changes: Mapping[str, Any],
    condition: sa.ColumnElement[bool],
) -> int:
    """Set the corrected values on the person's rows: one UPDATE per dataset."""
    values = {name: value for name, value in changes.items() if name in table.c}
    if not values:
        return 0
    return int(connection.execute(sa.update(table).where(condition).values(values)).rowcount or 0)
