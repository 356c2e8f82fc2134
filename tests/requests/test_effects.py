"""Rectification after approval, and the requests that become consent facts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.consent.flags import FlagKind, active_flags
from dataward.requests import workflow
from dataward.requests.context import Context
from dataward.requests.errors import RequestInputError
from dataward.requests.intake import Submission, submit
from dataward.requests.kinds import Status
from tests.requests.company import ANA
from tests.requests.conftest import Urls, VerifiedFactory
from tests.requests.test_erasure import count


def test_rectification_changes_only_the_persons_rows(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    changes = {"name": "Ana Kovač", "email": " Ana.Kovac@Example.com "}
    request_id = verified("rectification", email=ANA["email"], changes=changes)
    done = workflow.approve(store, context, request_id, "staff:dpo")
    assert done.status == Status.ready, done.result
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE name = 'Ana Kovač'") == 1
    assert (
        count(urls.crm, "SELECT count(*) FROM customers WHERE email = 'ana.kovac@example.com'") == 1
    )
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE name = 'Ivo Kovač'") == 1


def test_a_bad_corrected_email_is_refused_at_intake(store: sa.Engine, context: Context) -> None:
    submission = Submission(
        "rectification", "HR", "customer", email=ANA["email"], changes={"email": "nope"}
    )
    with pytest.raises(RequestInputError) as raised, Session(store) as session, session.begin():
        submit(session, context, submission, "test")
    assert raised.value.field == "changes.email"


def test_restriction_and_objection_become_flags(
    store: sa.Engine, context: Context, verified: VerifiedFactory
) -> None:
    restricted = workflow.approve(
        store, context, verified("restriction", email=ANA["email"]), "dpo"
    )
    objected = workflow.approve(
        store, context, verified("objection", email=ANA["email"], purposes=["b2b_marketing"]), "dpo"
    )
    assert restricted.status == objected.status == Status.ready
    with Session(store) as session:
        flags = {
            (flag.kind, flag.purpose) for flag in active_flags(session, f"email:{ANA['email']}")
        }
    assert flags == {(FlagKind.restriction, None), (FlagKind.objection, "b2b_marketing")}
    assert objected.result["effect"] == {"objected": ["b2b_marketing"]}


def test_withdrawal_is_carried_out_without_approval(
    store: sa.Engine, context: Context, verified: VerifiedFactory
) -> None:
    request_id = verified("withdraw_consent", email=ANA["email"], purposes=["subscriber_marketing"])
    done = workflow.automatic(store, context, request_id)
    assert done.status == Status.completed
    assert done.result["effect"] == {"withdrawn": ["subscriber_marketing"]}
