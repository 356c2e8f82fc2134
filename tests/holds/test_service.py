"""Holds: placed, listed, released, each change audited in the same transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditEntry, verify
from dataward.holds import (
    HoldError,
    HoldRequest,
    HoldScope,
    active_holds,
    create_hold,
    list_holds,
    release_hold,
)
from dataward.inventory.identity import Normaliser

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _create(session: Session, request: HoldRequest) -> int:
    return create_hold(session, request, created_by="legal@example.com", clock=lambda: NOW).id


def test_subject_holds_store_the_normalised_identity(store: sa.Engine) -> None:
    with Session(store) as session, session.begin():
        email = _create(
            session, HoldRequest("LIT-7", HoldScope.subject, " Ana@Example.COM ", "suit")
        )
        phone = create_hold(
            session,
            HoldRequest("LIT-7", HoldScope.subject, "091 234 5678", "suit", kind="phone"),
            created_by="legal",
            normaliser=Normaliser("HR"),
        ).id
    with Session(store) as session:
        holds = {hold.id: hold for hold in list_holds(session, case="LIT-7")}
    assert (holds[email].kind, holds[email].value) == ("email", "ana@example.com")
    assert (holds[phone].kind, holds[phone].value) == ("phone", "+385912345678")


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (HoldRequest("C", HoldScope.subject, "not-an-identity", "r"), "kind"),
        (HoldRequest("C", HoldScope.dataset, "no_dot", "r"), "system.dataset"),
        (HoldRequest("", HoldScope.customer, "42", "r"), "case"),
        (
            HoldRequest(
                "C", HoldScope.customer, "42", "r", ends_at=datetime(2020, 1, 1, tzinfo=UTC)
            ),
            "end after",
        ),
    ],
)
def test_bad_requests_are_refused(store: sa.Engine, request_: HoldRequest, message: str) -> None:
    with Session(store) as session, session.begin(), pytest.raises(HoldError, match=message):
        _create(session, request_)


def test_release_is_audited_and_ends_the_hold(store: sa.Engine) -> None:
    with Session(store) as session, session.begin():
        hold = _create(session, HoldRequest("LIT-8", HoldScope.customer, "42", "audit"))
    with Session(store) as session:
        assert [h.id for h in active_holds(session, NOW, NOW)] == [hold]
    with Session(store) as session, session.begin():
        release_hold(session, hold, released_by="legal", clock=lambda: NOW)
    with Session(store) as session, session.begin(), pytest.raises(HoldError, match="already"):
        release_hold(session, hold, released_by="legal")
    with Session(store) as session:
        assert active_holds(session, NOW, NOW) == []
        entries = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)).all()
        assert [entry.action for entry in entries] == ["hold.created", "hold.released"]
        assert entries[0].details["case"] == "LIT-8"
        assert "42" not in entries[0].details_json  # the held value stays out of the audit log
        assert verify(session).broken is None


def test_a_hold_rolls_back_with_its_audit_entry(store: sa.Engine) -> None:
    with pytest.raises(RuntimeError), Session(store) as session, session.begin():
        _create(session, HoldRequest("LIT-9", HoldScope.customer, "7", "x"))
        raise RuntimeError("the command failed after placing the hold")
    with Session(store) as session:
        assert list_holds(session) == []
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_window_from_until(store: sa.Engine) -> None:
    window = HoldRequest(
        "LIT-10",
        HoldScope.dataset,
        "crm.prospects",
        "x",
        starts_at=datetime(2026, 1, 1, tzinfo=UTC),
        ends_at=datetime(2026, 7, 1, tzinfo=UTC),
    )
    with Session(store) as session, session.begin():
        _create(session, window)
    with Session(store) as session:
        at = [datetime(2025, 12, 31, tzinfo=UTC), NOW, datetime(2026, 7, 1, tzinfo=UTC)]
        assert [len(active_holds(session, moment, moment)) for moment in at] == [0, 1, 0]
        # A run judged as of a past date still respects a hold active now.
        assert len(active_holds(session, datetime(2025, 1, 1, tzinfo=UTC), NOW)) == 1
