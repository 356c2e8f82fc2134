"""The ledger: append-only history, state by (time, id), periods and consent ends."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dataward.consent import (
    Action,
    ConsentChange,
    ConsentInputError,
    ConsentRuntime,
    Status,
    consent_end,
    consent_history,
    current_consents,
    ended_consents,
    parse_identity,
    record_consent,
)
from dataward.consent.ledger_import import import_consents, read_csv
from dataward.consent.models import ConsentEvent
from tests.consent.factories import record

NOW = datetime.now(UTC)
ANA = "email:ana@example.com"


def test_history_is_appended_and_the_latest_event_holds(runtime: ConsentRuntime) -> None:
    record(runtime, "Ana@Example.com", "subscriber_marketing", at=NOW - timedelta(days=3))
    record(runtime, "ana@example.com", "subscriber_marketing", Action.withdrawn)
    with Session(runtime.engine) as session:
        history = consent_history(session, ANA)
        (state,) = current_consents(session, ANA)
    assert [event.action for event in history] == [Action.given, Action.withdrawn]
    assert state.status(NOW + timedelta(seconds=1)) is Status.withdrawn
    assert state.ends_at == history[-1].occurred_at


def test_an_older_given_arriving_late_never_overrides_a_withdrawal(runtime: ConsentRuntime) -> None:
    record(runtime, ANA, "subscriber_marketing", Action.withdrawn, at=NOW - timedelta(hours=1))
    state = record(runtime, ANA, "subscriber_marketing", at=NOW - timedelta(days=30))
    assert state.action is Action.withdrawn
    assert not runtime.decide("subscriber_marketing", ANA).allowed
    with Session(runtime.engine) as session:
        assert len(consent_history(session, ANA)) == 2  # kept in the history all the same


def test_the_same_time_is_ordered_by_id(runtime: ConsentRuntime) -> None:
    record(runtime, ANA, "subscriber_marketing", at=NOW - timedelta(minutes=1))
    state = record(
        runtime, ANA, "subscriber_marketing", Action.withdrawn, at=NOW - timedelta(minutes=1)
    )
    assert state.action is Action.withdrawn


def test_consent_for_a_purpose_that_is_not_based_on_consent_is_refused(
    runtime: ConsentRuntime,
) -> None:
    with pytest.raises(ConsentInputError) as raised:
        record(runtime, ANA, "b2b_marketing")
    assert raised.value.field == "purpose"
    assert "legitimate_interests, not consent" in raised.value.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"purpose": "nope"}, "purpose"),
        ({"notice_version": " "}, "notice_version"),
        ({"occurred_at": NOW + timedelta(days=1)}, "occurred_at"),
        ({"occurred_at": datetime(2026, 1, 1)}, "occurred_at"),
        ({"expires_at": NOW - timedelta(days=1)}, "expires_at"),
        ({"action": Action.withdrawn, "expires_at": NOW + timedelta(days=1)}, "expires_at"),
    ],
)
def test_bad_changes_name_their_field(
    runtime: ConsentRuntime, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "identity": parse_identity(ANA), "purpose": "subscriber_marketing",
        "action": Action.given, "notice_version": "v1", "source": "test",
    }  # fmt: skip
    change = ConsentChange(**(values | changes))  # type: ignore[arg-type]
    with pytest.raises(ConsentInputError) as raised, runtime.writing() as session:
        record_consent(session, runtime.catalogue, change, hasher=runtime.hasher, actor="t")
    assert raised.value.field == field


def test_recruitment_consent_carries_its_period_and_the_retention_engine_reads_its_end(
    runtime: ConsentRuntime,
) -> None:
    with pytest.raises(ConsentInputError) as raised:
        record(runtime, "cv@example.com", "job_applications")
    assert raised.value.field == "expires_at"
    start = NOW - timedelta(days=800)
    record(
        runtime,
        "cv@example.com",
        "job_applications",
        at=start,
        expires_at=start + timedelta(days=730),
    )
    record(runtime, "new@example.com", "job_applications", expires_at=NOW + timedelta(days=700))
    record(runtime, "left@example.com", "job_applications", expires_at=NOW + timedelta(days=700))
    record(runtime, "left@example.com", "job_applications", Action.withdrawn)
    with Session(runtime.engine) as session:
        assert consent_end(
            session, "email:cv@example.com", "job_applications"
        ) == start + timedelta(days=730)
        assert consent_end(session, "email:nobody@example.com", "job_applications") is None
        soon = datetime.now(UTC) + timedelta(seconds=5)
        ended = list(ended_consents(session, ["job_applications"], before=soon))
    assert [item.identity for item in ended] == ["email:cv@example.com", "email:left@example.com"]
    assert (
        runtime.decide("job_applications", "cv@example.com").reasons[0].value == "consent_expired"
    )


def test_bulk_import_counts_and_keeps_newer_withdrawals(runtime: ConsentRuntime) -> None:
    record(runtime, ANA, "subscriber_marketing", Action.withdrawn)
    text = (
        "identity,purpose,action,occurred_at,notice_version,source\n"
        "ana@example.com,subscriber_marketing,given,2024-01-01T00:00:00,v0,crm\n"
        "bob@example.com,subscriber_marketing,given,2024-01-01T00:00:00+00:00,v0,crm\n"
        "bob@example.com,campaign_statistics,given,2024-01-02T00:00:00Z,v0,crm\n"
    )
    with runtime.writing() as session:
        result = import_consents(
            session, runtime.catalogue, read_csv(io.StringIO(text)), actor="t", source="crm",
            hasher=runtime.hasher,
        )  # fmt: skip
    assert (result.events, result.subjects) == (3, 2)
    assert not runtime.decide("subscriber_marketing", "ana@example.com").allowed
    assert runtime.decide("subscriber_marketing", "bob@example.com").allowed


def test_a_bad_csv_row_rolls_back_the_import(runtime: ConsentRuntime) -> None:
    text = (
        "identity,purpose,action,occurred_at,notice_version,source\n"
        "bob@example.com,subscriber_marketing,given,2024-01-01T00:00:00Z,v0,crm\n"
        "bob@example.com,b2b_marketing,given,2024-01-01T00:00:00Z,v0,crm\n"
    )
    with pytest.raises(ConsentInputError) as raised, runtime.writing() as session:
        import_consents(
            session, runtime.catalogue, read_csv(io.StringIO(text)), actor="t", source="crm",
            hasher=runtime.hasher,
        )  # fmt: skip
    assert raised.value.field == "rows[1].purpose"
    with Session(runtime.engine) as session:
        assert session.scalar(select(func.count()).select_from(ConsentEvent)) == 0
