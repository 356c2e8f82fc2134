"""Small builders for consent tests: record a consent, list a contact."""

from __future__ import annotations

from datetime import datetime

from dataward.consent import (
    Action,
    ConsentChange,
    ConsentRecord,
    ConsentRuntime,
    parse_identity,
    record_consent,
    suppress,
)


def record(
    runtime: ConsentRuntime,
    identity: str,
    purpose: str,
    action: Action = Action.given,
    *,
    at: datetime | None = None,
    expires_at: datetime | None = None,
    source: str = "test",
) -> ConsentRecord:
    change = ConsentChange(
        identity=parse_identity(identity),
        purpose=purpose,
        action=action,
        notice_version="2023-02-22",
        source=source,
        occurred_at=at,
        expires_at=expires_at,
    )
    with runtime.writing() as session:
        return record_consent(
            session, runtime.catalogue, change, hasher=runtime.hasher, actor="test"
        )


def listed(runtime: ConsentRuntime, contact: str, reason: str = "complaint") -> None:
    with runtime.writing() as session:
        suppress(session, contact, reason, "test", hasher=runtime.hasher)
