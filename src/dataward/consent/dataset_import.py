"""Consent evidence already kept in a company's system, turned into ledger events.

A marketing tool knows when each subscriber opted in (``subscribed_at``) and opted out
(``unsubscribed_at``). Importing those columns once gives the ledger its history, so the
decision API answers for subscribers who signed up before dataward: a "given" at the opt-in
time and, where there is one, a "withdrawn" at the opt-out time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from dataward.consent.errors import ConsentInputError
from dataward.consent.identity import parse_identity
from dataward.consent.ledger import ConsentChange
from dataward.consent.records import Action
from dataward.inventory.connectors.registry import ConnectorRegistry
from dataward.inventory.lookup import table_ref
from dataward.inventory.model import DatasetAddress, Inventory


@dataclass(frozen=True)
class ConsentColumns:
    """Where a dataset keeps its consent evidence."""

    address: DatasetAddress
    identity_kind: str  # which identity column names the subject (email, phone…)
    given: str  # the opt-in time
    withdrawn: str | None = None  # the opt-out time, NULL while subscribed


def consents_from_dataset(
    inventory: Inventory,
    columns: ConsentColumns,
    *,
    purpose: str,
    notice_version: str,
    registry: ConnectorRegistry,
    environ: Mapping[str, str],
) -> Iterator[ConsentChange]:
    """One "given" per row with an opt-in time, and a "withdrawn" per row with an opt-out."""
    dataset = inventory.dataset(columns.address)
    identity_column = next(
        (i.column for i in dataset.identities if i.kind == columns.identity_kind), None
    )
    if identity_column is None:
        raise ConsentInputError(
            "dataset", f"{columns.address} has no {columns.identity_kind} column"
        )
    source = f"import:{columns.address}"
    connector = registry.connector(inventory.system(columns.address.system), environ)
    with connector:
        info = connector.describe(table_ref(inventory, columns.address))
        if info is None:
            raise ConsentInputError("dataset", f"{columns.address}: the table does not exist")
        table = info.as_table()
        wanted = [
            identity_column,
            columns.given,
            *([columns.withdrawn] if columns.withdrawn else []),
        ]
        statement = sa.select(*(table.c[name] for name in wanted)).where(
            table.c[identity_column].is_not(None), table.c[columns.given].is_not(None)
        )
        for batch in connector.stream(statement, size=10_000):
            for row in batch:
                field = f"{columns.address}.{identity_column}"
                subject = parse_identity(str(row[identity_column]), field=field)
                given = _moment(row[columns.given], columns.given)
                yield ConsentChange(
                    subject, purpose, Action.given, notice_version, source, occurred_at=given
                )
                if columns.withdrawn and row[columns.withdrawn] is not None:
                    ended = _moment(row[columns.withdrawn], columns.withdrawn)
                    yield ConsentChange(
                        subject, purpose, Action.withdrawn, notice_version, source,
                        occurred_at=ended,
                    )  # fmt: skip


def _moment(value: object, column: str) -> datetime:
    """Databases hand back datetimes, or ISO text (SQLite): read both, as UTC when naive."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise ConsentInputError(column, f"{value!r} is not a time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
