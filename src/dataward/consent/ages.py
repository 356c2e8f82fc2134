"""Birth dates for the minimum-age check, read from the company's systems by the inventory.

A dataset that names its ``date_of_birth`` column (``messaging.customers.birth_date`` in the
demo) tells how old each of its people is. The import asks each such system only for the
people under the policy's minimum age today, ``date_of_birth > <today minus 16 years>``
bound as a parameter (the same boundary the retention engine's children rule uses), so no
adult's row leaves the database: an adult's birth date can never deny a decision, and is not
copied into dataward's store. A person found gets one birth date per identity column of the
row (email and phone), which is how decisions find them.

Retention deletes the accounts of people under 16: import before a retention run, or record
birth dates as they arrive (``POST /api/v1/birth-dates`` from the sign-up form), so that the
decision API still knows them afterwards (their newsletter subscription lives elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError
from dataward.consent.keys import ContactHasher
from dataward.consent.models import AgeFact
from dataward.inventory.connectors.registry import ConnectorRegistry
from dataward.inventory.identity import Identity, Normaliser
from dataward.inventory.lookup import table_ref
from dataward.inventory.model import DatasetAddress, Inventory
from dataward.retention.children import birth_boundary


@dataclass(frozen=True)
class BirthDate:
    identity: Identity
    birth_date: date
    source: str


@dataclass(frozen=True)
class BirthDatesImported:
    read: int  # birth dates found (one per identity column of each row under age)
    recorded: int  # new ones (not already recorded for that identity)
    datasets: list[str]


def birth_date_datasets(inventory: Inventory) -> list[DatasetAddress]:
    """Every dataset that names a date-of-birth column and an identity column."""
    return [
        address
        for address, dataset in inventory.datasets()
        if dataset.date_of_birth is not None and dataset.identities
    ]


def under_age_birth_dates(
    inventory: Inventory,
    address: DatasetAddress,
    *,
    minimum_age: int,
    as_of: datetime,
    registry: ConnectorRegistry,
    environ: Mapping[str, str],
) -> Iterator[BirthDate]:
    """The birth dates in ``address`` of people younger than ``minimum_age`` at ``as_of``."""
    dataset = inventory.dataset(address)
    if dataset.date_of_birth is None:
        raise ConsentInputError("dataset", f"{address} names no date_of_birth column")
    born = dataset.date_of_birth
    normaliser = Normaliser(inventory.identity.default_region)
    source = f"import:{address}"
    connector = registry.connector(inventory.system(address.system), environ)
    with connector:
        info = connector.describe(table_ref(inventory, address))
        if info is None:
            raise ConsentInputError("dataset", f"{address}: the table does not exist")
        table = info.as_table()
        column = table.c[born]
        boundary = birth_boundary(as_of, minimum_age)
        bound: Any = boundary.isoformat() if isinstance(column.type, sa.String) else boundary
        wanted = [table.c[item.column] for item in dataset.identities]
        statement = sa.select(column, *wanted).where(
            column > sa.bindparam("born_after", bound, type_=column.type)
        )
        for batch in connector.stream(statement, size=10_000):
            for row in batch:
                birth_date = _day(row[born], f"{address}.{born}")
                for item in dataset.identities:
                    value = row[item.column]
                    if value is None or str(value).strip() == "":
                        continue
                    try:
                        identity = normaliser.identity(item.kind, str(value))
                    except ValueError:
                        continue  # unreadable contacts reach no one: nothing to deny
                    yield BirthDate(identity, birth_date, source)


def import_birth_dates(
    session: Session,
    found: Iterable[BirthDate],
    *,
    hasher: ContactHasher,
    actor: str,
    datasets: list[str],
) -> BirthDatesImported:
    """Record the birth dates not recorded yet (one audit entry); never commits."""
    latest: dict[str, BirthDate] = {}
    read = 0
    for fact in found:
        read += 1
        latest[str(fact.identity)] = fact
    fresh = [fact for key, fact in latest.items() if _recorded(session, key) != fact.birth_date]
    now = datetime.now(UTC)
    session.add_all(
        AgeFact(
            identity=str(fact.identity),
            birth_date=fact.birth_date,
            source=fact.source,
            recorded_at=now,
        )
        for fact in fresh
    )
    AuditLog().append(
        session,
        actor=actor,
        action="consent.birth_dates_imported",
        target=f"consent:{hasher.key_id}",
        details={"read": read, "recorded": len(fresh), "datasets": datasets},
    )
    return BirthDatesImported(read, len(fresh), datasets)


def _recorded(session: Session, identity: str) -> date | None:
    """The birth date recorded last for ``identity`` (the one decisions use)."""
    return session.execute(
        select(AgeFact.birth_date)
        .where(AgeFact.identity == identity)
        .order_by(AgeFact.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _day(value: object, column: str) -> date:
    """Databases hand back dates, datetimes, or ISO text (SQLite): read each as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ConsentInputError(column, f"{value!r} is not a date") from None
