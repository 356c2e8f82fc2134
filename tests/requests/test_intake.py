"""Intake and verification: every bad field named, codes hashed, expiring, limited, locked."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.policy import Policy
from dataward.requests.context import Context
from dataward.requests.errors import RateLimited, RequestInputError
from dataward.requests.intake import Submission, submit
from dataward.requests.kinds import Status
from dataward.requests.models import DsrChallenge, DsrRequest
from dataward.requests.verification import verify
from tests.requests.conftest import last_code, make_config

GOOD = {"type": "access", "email": "ana@example.com", "country": "HR", "relationship": "customer"}


@pytest.fixture
def intake(store: sa.Engine, policy: Policy, tmp_path: Path) -> Context:
    # Intake needs no inventory: nothing is looked up before verification.
    return Context(
        policy, make_config(tmp_path, codes_per_identity_per_hour=3, code_max_attempts=3)
    )


def _submit(
    store: sa.Engine, context: Context, client: str = "1.2.3.4", **fields: Any
) -> DsrRequest:
    with Session(store, expire_on_commit=False) as session, session.begin():
        return submit(session, context, Submission(**(GOOD | fields)), client).request


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": "delete_everything"}, "type"),
        ({"email": "not-an-email"}, "email"),
        ({"email": None, "phone": "+385 1"}, "phone"),
        ({"email": None}, "email"),
        ({"country": "XX"}, "country"),
        ({"country": "Croatia"}, "country"),
        ({"relationship": "alien"}, "relationship"),
        ({"type": "rectification"}, "changes"),
        ({"type": "objection"}, "purposes"),
        ({"type": "objection", "purposes": ["subscriber_marketing"]}, "purposes[0]"),
    ],
)
def test_bad_input_names_the_field(
    store: sa.Engine, intake: Context, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestInputError) as raised:
        _submit(store, intake, **fields)
    assert raised.value.field == field


def test_local_phone_numbers_read_in_the_requesters_country(
    store: sa.Engine, intake: Context
) -> None:
    request = _submit(store, intake, email=None, phone="091 123 4567")
    assert request.phone == "+385911234567"
    assert request.jurisdiction == "EU"


def test_codes_are_hashed_one_use_and_expire(store: sa.Engine, intake: Context) -> None:
    request = _submit(store, intake)
    code = last_code(store, request.id)
    with Session(store) as session:
        challenge = session.scalars(sa.select(DsrChallenge)).one()
        assert code not in challenge.code_hash and len(challenge.code_hash) == 64
    later = Context(
        intake.policy, intake.config, clock=lambda: intake.now() + timedelta(minutes=16)
    )
    with Session(store) as session, session.begin():
        assert (
            verify(session, later, session.get_one(DsrRequest, request.id), code).reason
            == "expired"
        )
    with Session(store) as session, session.begin():
        outcome = verify(session, intake, session.get_one(DsrRequest, request.id), code)
        assert outcome.reason == "verified" and outcome.requester_token
    with Session(store) as session, session.begin():
        assert (
            verify(session, intake, session.get_one(DsrRequest, request.id), code).reason == "used"
        )


def test_wrong_codes_lock_the_challenge(store: sa.Engine, intake: Context) -> None:
    request = _submit(store, intake)
    code = last_code(store, request.id)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    reasons = []
    for _ in range(3):
        with Session(store) as session, session.begin():
            reasons.append(
                verify(session, intake, session.get_one(DsrRequest, request.id), wrong).reason
            )
    assert reasons == ["wrong", "wrong", "locked"]
    with Session(store) as session, session.begin():
        assert (
            verify(session, intake, session.get_one(DsrRequest, request.id), code).reason
            == "locked"
        )
        assert session.get_one(DsrRequest, request.id).status == Status.awaiting_verification


def test_both_contacts_must_be_proven(store: sa.Engine, intake: Context) -> None:
    request = _submit(store, intake, phone="+385911234567")
    email_code, phone_code = (
        last_code(store, request.id, "email"),
        last_code(store, request.id, "phone"),
    )
    with Session(store) as session, session.begin():
        first = verify(session, intake, session.get_one(DsrRequest, request.id), email_code)
    assert first.reason == "more_codes_needed"
    with Session(store) as session, session.begin():
        second = verify(session, intake, session.get_one(DsrRequest, request.id), phone_code)
    assert second.reason == "verified"


def test_rate_limits_per_identity_and_per_client(store: sa.Engine, intake: Context) -> None:
    for _ in range(3):
        _submit(store, intake, client=f"10.0.0.{_}")
    with pytest.raises(RateLimited) as raised:
        _submit(store, intake, client="10.0.0.9")
    assert raised.value.scope == "identity"
    busy = Context(intake.policy, intake.config.model_copy(update={"codes_per_client_per_hour": 2}))
    _submit(store, busy, client="9.9.9.9", email="a1@example.com")
    _submit(store, busy, client="9.9.9.9", email="a2@example.com")
    with pytest.raises(RateLimited) as raised:
        _submit(store, busy, client="9.9.9.9", email="a3@example.com")
    assert raised.value.scope == "client"


def test_the_deadline_is_set_at_receipt_with_its_basis(store: sa.Engine, intake: Context) -> None:
    request = _submit(store, intake, country="US-CA")
    assert request.deadline["basis"] == "law"
    assert request.deadline["acknowledgement"]["period"] == {"value": 10, "unit": "business_days"}
    assert request.ack_due_at is not None and request.ack_due_at < request.due_at
    japan = _submit(store, intake, country="JP", email="jp@example.com")
    assert japan.deadline["label"] == "policy, not law"
