"""Importing consent records in bulk: a marketing tool's history, a CSV, another ledger.

Each record is checked like a single write (same errors, naming ``rows[i].field``); events are
inserted in batches and states advanced with the forward-only upsert, so an import can run
while single writes happen and never overrides a newer withdrawal. One audit entry records
the import.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError
from dataward.consent.identity import parse_identity
from dataward.consent.keys import ContactHasher
from dataward.consent.ledger import ConsentChange, advance_states, event_row, insert_events
from dataward.consent.purposes import PurposeCatalogue
from dataward.consent.records import Action

BATCH = 5_000
CSV_COLUMNS = ("identity", "purpose", "action", "occurred_at", "notice_version", "source")


@dataclass(frozen=True)
class ConsentsImported:
    events: int
    subjects: int


def import_consents(
    session: Session,
    catalogue: PurposeCatalogue,
    changes: Iterable[ConsentChange],
    *,
    actor: str,
    source: str,
    hasher: ContactHasher,
) -> ConsentsImported:
    """Append every change; never commits (one bad record rolls back the whole import)."""
    now = datetime.now(UTC)
    events = 0
    subjects: set[str] = set()
    batch: list[dict[str, Any]] = []
    for number, change in enumerate(changes):
        try:
            batch.append(event_row(catalogue, change, now))
        except ConsentInputError as error:
            raise ConsentInputError(f"rows[{number}].{error.field}", error.message) from None
        if len(batch) >= BATCH:
            events += _write(session, batch, subjects)
            batch = []
    events += _write(session, batch, subjects)
    AuditLog().append(
        session,
        actor=actor,
        action="consent.imported",
        target=f"consent:{hasher.key_id}",
        details={"events": events, "subjects": len(subjects), "source": source},
    )
    return ConsentsImported(events, len(subjects))


def _write(session: Session, batch: list[dict[str, Any]], subjects: set[str]) -> int:
    if not batch:
        return 0
    ids = insert_events(session, batch)
    advance_states(session, [{**row, "id": id_} for row, id_ in zip(batch, ids, strict=True)])
    subjects.update(row["identity"] for row in batch)
    return len(batch)


def read_csv(stream: IO[str]) -> Iterator[ConsentChange]:
    """Changes from CSV with a header: identity, purpose, action, occurred_at, notice_version,
    source, and optionally expires_at and channel. Times are ISO 8601 (UTC if no zone)."""
    reader = csv.DictReader(stream)
    missing = [name for name in CSV_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise ConsentInputError("header", f"missing column(s): {', '.join(missing)}")
    for number, record in enumerate(reader):
        where = f"rows[{number}]"
        try:
            action = Action(record["action"].strip())
        except ValueError:
            raise ConsentInputError(f"{where}.action", "must be given or withdrawn") from None
        yield ConsentChange(
            identity=parse_identity(record["identity"], field=f"{where}.identity"),
            purpose=record["purpose"].strip(),
            action=action,
            notice_version=record["notice_version"].strip(),
            source=record["source"].strip(),
            channel=(record.get("channel") or "").strip() or None,
            occurred_at=_time(record["occurred_at"], f"{where}.occurred_at"),
            expires_at=_time(record.get("expires_at") or "", f"{where}.expires_at"),
        )


def _time(text: str, field: str) -> datetime | None:
    if not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConsentInputError(field, f"{text!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
