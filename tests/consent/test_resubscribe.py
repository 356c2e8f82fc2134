"""Subscribing again: a fresh consent lifts the suppression; the history stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit.models import AuditEntry
from dataward.consent import (
    Action,
    ConsentChange,
    ConsentInputError,
    ConsentRuntime,
    Reason,
    parse_identity,
)
from dataward.consent.exchange import export_lines
from dataward.consent.models import SuppressionEntry, SuppressionLift
from dataward.store import read_only
from tests.api.testclient import TestClient
from tests.consent.conftest import KEY_ENVIRONMENT
from tests.consent.factories import listed, record

ANA = "ana@example.com"


def again(
    purpose: str = "subscriber_marketing", at: datetime | None = None, who: str = ANA
) -> ConsentChange:
    return ConsentChange(
        parse_identity(who), purpose, Action.given, "2023-02-22", "webform:newsletter", "web",
        occurred_at=at,
    )  # fmt: skip


def unsubscribed(runtime: ConsentRuntime) -> None:
    record(runtime, ANA, "subscriber_marketing", at=datetime.now(UTC) - timedelta(days=90))
    runtime.unsubscribe(parse_identity(ANA), source="test", actor="test")


def test_a_fresh_consent_lifts_the_list_and_keeps_the_history(runtime: ConsentRuntime) -> None:
    unsubscribed(runtime)
    assert runtime.decide("b2b_marketing", ANA).reasons == (Reason.suppressed,)
    done = runtime.resubscribe(again(), actor="test")
    assert done.lifted
    assert runtime.decide("subscriber_marketing", ANA).allowed
    assert runtime.decide("b2b_marketing", ANA).allowed  # the list no longer stops it
    with Session(read_only(runtime.engine)) as session:
        entry = session.scalars(select(SuppressionEntry)).one()
        lift = session.scalars(select(SuppressionLift)).one()
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "suppression.lifted")
        ).one()
        assert list(export_lines(session, runtime.hasher))[2:] == []
    assert entry.lifted_at is not None and entry.reason == "unsubscribe"
    assert (lift.entry_id, lift.consent_event_id) == (entry.id, done.consent.event_id)
    assert audit.target == f"suppression:{entry.contact_hash.hex()[:16]}"
    assert ANA not in audit.details_json  # a pseudonymous target, never the contact


def test_unsubscribing_again_lists_the_contact_anew(runtime: ConsentRuntime) -> None:
    unsubscribed(runtime)
    runtime.resubscribe(again(), actor="test")
    result = runtime.unsubscribe(parse_identity(ANA), source="test", actor="test")
    assert result.newly_listed
    assert runtime.decide("subscriber_marketing", ANA).reasons == (
        Reason.suppressed,
        Reason.consent_withdrawn,
    )
    with Session(read_only(runtime.engine)) as session:
        entries = session.scalars(select(SuppressionEntry).order_by(SuppressionEntry.id)).all()
    assert [entry.lifted_at is None for entry in entries] == [False, True]


def test_another_process_sees_the_lift(runtime: ConsentRuntime) -> None:
    unsubscribed(runtime)
    other = ConsentRuntime.open(runtime.engine, runtime.policy, environ=KEY_ENVIRONMENT)
    assert not other.decide("b2b_marketing", ANA).allowed
    runtime.resubscribe(again(), actor="test")
    other.refresh()  # what a decision does when the refresh is due
    assert other.decide("b2b_marketing", ANA).allowed
    reloaded = ConsentRuntime.open(runtime.engine, runtime.policy, environ=KEY_ENVIRONMENT)
    assert reloaded.decide("b2b_marketing", ANA).allowed


def test_a_lift_keeps_another_contact_listed(runtime: ConsentRuntime) -> None:
    unsubscribed(runtime)
    listed(runtime, "bob@example.com")
    runtime.resubscribe(again(), actor="test")
    assert runtime.decide("b2b_marketing", "bob@example.com").reasons == (Reason.suppressed,)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (again(at=datetime(2020, 1, 1, tzinfo=UTC)), "occurred_at", "after the contact was"),
        (again("b2b_marketing"), "purpose", "not consent"),
        (again("job_posting_updates"), "purpose", "not a marketing purpose"),
        (again(who="subject:cust-7"), "contact", "not a contact"),
    ],
)
def test_only_a_fresh_marketing_consent_lifts(
    runtime: ConsentRuntime, change: ConsentChange, field: str, words: str
) -> None:
    unsubscribed(runtime)
    with pytest.raises(ConsentInputError) as raised:
        runtime.resubscribe(change, actor="test")
    assert (raised.value.field, words in raised.value.message) == (field, True)
    assert runtime.decide("b2b_marketing", ANA).reasons == (Reason.suppressed,)


def test_a_contact_not_listed_only_gets_its_consent(runtime: ConsentRuntime) -> None:
    done = runtime.resubscribe(again(), actor="test")
    assert not done.lifted and done.consent.action is Action.given


def test_resubscribe_over_http(client: TestClient, runtime: ConsentRuntime) -> None:
    unsubscribed(runtime)
    body = {"contact": ANA, "notice_version": "2023-02-22", "source": "webform", "channel": "web"}
    answered = client.post("/api/v1/resubscribe", json=body)
    assert answered.status_code == 201, answered.text
    assert answered.json()["lifted"] is True
    assert answered.json()["consent"]["status"] == "given"
    refused = client.post("/api/v1/resubscribe", json=body | {"purpose": "b2b_marketing"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "purpose"]
