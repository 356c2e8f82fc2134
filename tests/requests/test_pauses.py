"""Stopping the clock: a UK request paused while staff wait for the requester, then resumed.

The clock is the context's: each test moves it by hand, so the days a request is paused
are exact.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import verify as verify_audit
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.requests import pauses, staff, workflow
from dataward.requests.context import Context
from dataward.requests.errors import RequestInputError, TransitionError
from dataward.requests.intake import Submission, submit
from dataward.requests.models import DsrOutboxMessage, DsrRequest
from dataward.requests.query import list_requests, request_row
from dataward.requests.verification import issue_challenges, verify
from tests.requests.company import ANA
from tests.requests.conftest import last_code, make_config

# Monday 2 March 2026, 9:00 UTC.
MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def timed(policy: Policy, inventory: Inventory, tmp_path: Path, clock: Clock) -> Context:
    return Context(policy, make_config(tmp_path), inventory, clock=clock)


def received(store: sa.Engine, context: Context, country: str, kind: str = "access") -> str:
    submission = Submission(kind, country, "customer", email=ANA["email"])
    with Session(store) as session, session.begin():
        return submit(session, context, submission, "test").request.id


def verified(store: sa.Engine, context: Context, request_id: str) -> None:
    with Session(store) as session, session.begin():
        request = session.get_one(DsrRequest, request_id)
        assert verify(session, context, request, last_code(store, request_id)).ok


def act(store: sa.Engine, action: str, *args: object) -> DsrRequest:
    with Session(store, expire_on_commit=False) as session, session.begin():
        done: DsrRequest = getattr(pauses, action)(session, *args)
        return done


def test_a_uk_pause_moves_the_deadline_by_the_days_it_lasted(
    store: sa.Engine, timed: Context, clock: Clock
) -> None:
    request_id = received(store, timed, "GB")
    verified(store, timed, request_id)
    before = act(store, "pause", timed, request_id, "which account", "dpo")
    assert before.paused_at == MONDAY
    entry = before.pauses[0]
    assert entry["basis"] == "law" and "Data (Use and Access) Act 2025" in entry["citation"]
    due = before.due_at  # one month: Thursday 2 April 2026 ends at midnight
    assert due == datetime(2026, 4, 3, tzinfo=UTC)

    clock.now = MONDAY + timedelta(days=9, hours=3)  # Wednesday 11 March
    with Session(store) as session:
        assert list_requests(session, clock.now + timedelta(days=60), overdue=True) == []
        assert request_row(session.get_one(DsrRequest, request_id), clock.now)["paused_since"]
    after = act(store, "resume", timed, request_id, "dpo", "the customer number arrived")
    assert after.paused_at is None
    # 11 March + one month is Saturday 11 April: the next working day is Monday 13 April.
    assert after.due_at == datetime(2026, 4, 14, tzinfo=UTC)
    assert after.pauses[0]["moved_seconds"] == 9 * 86400

    with Session(store) as session:
        sent = [m.subject for m in session.scalars(sa.select(DsrOutboxMessage))]
        actions = session.scalars(
            sa.text("SELECT action FROM audit_entry WHERE target = :t ORDER BY seq"),
            {"t": f"request:{request_id}"},
        ).all()
        assert verify_audit(session).ok
    assert {"We need something from you", "Your request is going ahead"} <= set(sent)
    assert actions[-2:] == ["request.paused", "request.resumed"]


def test_the_uk_rule_rolls_a_moved_deadline_past_the_weekend(
    store: sa.Engine, timed: Context, clock: Clock
) -> None:
    request_id = received(store, timed, "GB")
    act(store, "pause", timed, request_id, "a copy of an identity document", "dpo")
    clock.now = MONDAY + timedelta(days=2)
    # 4 March + one month is Saturday 4 April: the next working day is Monday 6 April
    # (Easter Monday is a bank holiday in England and Wales only, not UK-wide).
    after = act(store, "resume", timed, request_id, "dpo", "")
    assert after.due_at == datetime(2026, 4, 7, tzinfo=UTC)


def test_proving_identity_ends_a_pause_that_waited_for_it(
    store: sa.Engine, timed: Context, clock: Clock
) -> None:
    request_id = received(store, timed, "GB")
    act(store, "pause", timed, request_id, "the code we sent you", "dpo")
    clock.now = MONDAY + timedelta(days=4)
    with Session(store) as session, session.begin():  # the first code has expired: a new one
        request = session.get_one(DsrRequest, request_id)
        issue_challenges(session, timed, request, [("email", ANA["email"])], "test")
    verified(store, timed, request_id)
    with Session(store) as session:
        request = session.get_one(DsrRequest, request_id)
        assert request.paused_at is None
        assert request.pauses[0]["resumed_by"] == "requester"
        assert request.due_at == datetime(2026, 4, 7, tzinfo=UTC)  # 6 March + one month


def test_laws_without_the_rule_keep_their_clock_running(store: sa.Engine, timed: Context) -> None:
    request_id = received(store, timed, "HR")
    with pytest.raises(TransitionError, match="does not stop the clock"):
        act(store, "pause", timed, request_id, "which account", "dpo")


def test_a_company_default_deadline_pauses_as_policy_not_law(
    store: sa.Engine, timed: Context, clock: Clock
) -> None:
    # PIPEDA sets a deadline for access only: an erasure in Canada runs on the company's 30 days.
    request_id = received(store, timed, "CA", "erasure")
    paused = act(store, "pause", timed, request_id, "which account", "dpo")
    assert paused.pauses[0]["basis"] == "policy"
    assert paused.pauses[0]["label"] == "policy, not law"
    due = paused.due_at
    clock.now = MONDAY + timedelta(days=5)
    assert act(store, "resume", timed, request_id, "dpo", "").due_at == due + timedelta(days=5)


def test_a_paused_request_is_not_carried_out_nor_extended(store: sa.Engine, timed: Context) -> None:
    request_id = received(store, timed, "GB")
    verified(store, timed, request_id)
    act(store, "pause", timed, request_id, "which account", "dpo")
    with pytest.raises(TransitionError, match="paused: resume it before approving"):
        workflow.approve(store, timed, request_id, "dpo")
    with Session(store) as session, session.begin(), pytest.raises(TransitionError, match="paused"):
        staff.extend(session, timed, request_id, "complex", None, "dpo")
    with pytest.raises(TransitionError, match="already paused"):
        act(store, "pause", timed, request_id, "again", "dpo")


def test_a_pause_needs_a_reason_and_a_paused_request(store: sa.Engine, timed: Context) -> None:
    request_id = received(store, timed, "GB")
    with pytest.raises(RequestInputError) as raised:
        act(store, "pause", timed, request_id, "  ", "dpo")
    assert raised.value.field == "reason"
    with pytest.raises(TransitionError, match="is not paused"):
        act(store, "resume", timed, request_id, "dpo", "")


def test_rejecting_a_paused_request_ends_its_pause(store: sa.Engine, timed: Context) -> None:
    request_id = received(store, timed, "GB")
    verified(store, timed, request_id)
    act(store, "pause", timed, request_id, "which account", "dpo")
    with Session(store) as session, session.begin():
        rejected = staff.reject(session, timed, request_id, "no answer in two months", "dpo")
        assert rejected.paused_at is None
        assert rejected.pauses[0]["ended_by"] == "rejection"
