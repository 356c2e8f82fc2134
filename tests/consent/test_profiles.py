"""Unsubscribing deletes the marketing profile, found in the company's systems by the inventory.

The company's marketing database is real: a SQLite file, and a PostgreSQL database when
marked. dataward's own store is SQLite here (the store's own tests cover PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.api import ApiSettings, create_app
from dataward.audit.models import AuditEntry
from dataward.consent import ConsentRuntime, parse_identity
from dataward.consent.profiles import InventoryProfileEraser, marketing_inventory
from dataward.holds import HoldRequest, HoldScope, create_hold
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.store import Settings, open_store
from tests.api.testclient import TestClient
from tests.consent.conftest import KEY_ENVIRONMENT, company_url, staff_token
from tests.databases import create_filled

ANA, BOB = "ana@example.com", "bob@example.com"
ANA_PHONE = "+385911234567"
MARKETING = {"marketing", "event_invitations", "event_promotion"}

metadata = sa.MetaData()
subscribers = sa.Table(
    "subscribers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254)), sa.Column("phone", sa.String(20)),
    sa.Column("first_name", sa.String(100)),
)  # fmt: skip
email_events = sa.Table(
    "email_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("subscriber_id", sa.Integer, sa.ForeignKey("subscribers.id")),
    sa.Column("campaign", sa.String(40)),
)  # fmt: skip
b2b_contacts = sa.Table(
    "b2b_contacts", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("email", sa.String(254)),
)  # fmt: skip
registrations = sa.Table(  # serves event organisation too: not a marketing profile
    "registrations", metadata,
    sa.Column("id", sa.Integer, primary_key=True), sa.Column("email", sa.String(254)),
)  # fmt: skip


def inventory_for(url: str) -> Inventory:
    dataset = {"primary_key": ["id"], "columns": {"email": {"category": "contact_details"}}}
    contact = [
        {"column": "email", "kind": "email", "subject": "marketing_subscriber"},
        {"column": "phone", "kind": "phone", "subject": "marketing_subscriber"},
    ]
    return Inventory.model_validate(
        {
            "systems": [
                {
                    "name": "marketing",
                    "url": url,
                    "datasets": [
                        dataset | {"name": "subscribers", "activities": ["marketing"],
                                   "identities": contact},
                        dataset | {"name": "email_events", "activities": ["marketing"],
                                   "columns": {},
                                   "relations": [{"column": "subscriber_id",
                                                  "matches": "subscribers.id"}]},
                        dataset | {"name": "b2b_contacts", "activities": ["marketing"],
                                   "identities": contact[:1]},
                        dataset | {"name": "registrations",
                                   "activities": ["event_organisation", "event_invitations"],
                                   "identities": contact[:1]},
                    ],
                }
            ]
        }
    )  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def company(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The company's marketing database, filled: Ana's profile, Bob's, Ana's registration."""
    url = company_url(request, tmp_path, "marketing.db")
    create_filled(url, metadata, {
        "subscribers": [
            {"id": 1, "email": ANA, "phone": ANA_PHONE, "first_name": "Ana"},
            {"id": 2, "email": BOB, "phone": None, "first_name": "Bob"},
        ],
        "email_events": [{"subscriber_id": 1, "campaign": "c1"},
                         {"subscriber_id": 1, "campaign": "c2"},
                         {"subscriber_id": 2, "campaign": "c1"}],
        "b2b_contacts": [{"email": ANA}, {"email": BOB}],
        "registrations": [{"email": ANA}],
    })  # fmt: skip
    return url


@pytest.fixture
def store(sqlite_url: str) -> Iterator[sa.Engine]:
    engine = open_store(Settings(sqlite_url))
    yield engine
    engine.dispose()


def runtime_with_eraser(store: sa.Engine, policy: Policy, company: str) -> ConsentRuntime:
    eraser = InventoryProfileEraser(inventory_for(company), MARKETING, store)
    return ConsentRuntime.open(store, policy, environ=KEY_ENVIRONMENT, erasers=[eraser])


def rows(url: str) -> dict[str, list[Any]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                "subscribers": sorted(connection.scalars(sa.select(subscribers.c.email))),
                "email_events": sorted(connection.scalars(sa.select(email_events.c.subscriber_id))),
                "b2b_contacts": sorted(connection.scalars(sa.select(b2b_contacts.c.email))),
                "registrations": sorted(connection.scalars(sa.select(registrations.c.email))),
            }
    finally:
        engine.dispose()


def audited(store: sa.Engine, action: str) -> list[dict[str, Any]]:
    with Session(store) as session:
        found = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action))
        return [json.loads(entry.details_json) for entry in found]


def test_the_marketing_datasets_are_those_serving_only_marketing(company: str) -> None:
    scoped = marketing_inventory(inventory_for(company), MARKETING)
    names = [address.dataset for address, _ in scoped.datasets()]
    assert names == ["subscribers", "email_events", "b2b_contacts"]


def test_unsubscribe_deletes_the_profile_and_audits_it(
    store: sa.Engine, policy: Policy, company: str
) -> None:
    runtime = runtime_with_eraser(store, policy, company)
    result = runtime.unsubscribe(parse_identity(ANA), source="test", actor="test")
    assert rows(company) == {
        "subscribers": [BOB],
        "email_events": [2],
        "b2b_contacts": [BOB],
        "registrations": [ANA],  # also serves the event itself: the erasure request's job
    }
    deleted = {
        "marketing.email_events": 2,
        "marketing.subscribers": 1,
        "marketing.b2b_contacts": 1,
    }
    assert result.erasures[0].datasets == deleted
    (entry,) = audited(store, "consent.profile_erased")
    assert entry == {
        "eraser": "inventory", "erased": 4, "datasets": deleted, "kept": {}, "error": None,
    }  # fmt: skip


def test_a_phone_finds_the_same_profile(store: sa.Engine, policy: Policy, company: str) -> None:
    runtime = runtime_with_eraser(store, policy, company)
    runtime.unsubscribe(parse_identity("+385 91 123 4567"), source="test", actor="test")
    assert rows(company)["subscribers"] == [BOB]
    assert rows(company)["email_events"] == [2]


def test_legal_holds_keep_what_they_hold(store: sa.Engine, policy: Policy, company: str) -> None:
    with Session(store) as session, session.begin():
        held = HoldRequest("LIT-7", HoldScope.dataset, "marketing.b2b_contacts", "litigation")
        create_hold(session, held, created_by="t")
    runtime = runtime_with_eraser(store, policy, company)
    runtime.unsubscribe(parse_identity(ANA), source="test", actor="test")
    assert rows(company)["b2b_contacts"] == [ANA, BOB]
    assert rows(company)["subscribers"] == [BOB]
    with Session(store) as session, session.begin():
        create_hold(
            session, HoldRequest("LIT-8", HoldScope.subject, BOB, "litigation"), created_by="t"
        )
    runtime.unsubscribe(parse_identity(BOB), source="test", actor="test")
    assert rows(company)["subscribers"] == [BOB]
    kept = audited(store, "consent.profile_erased")[-1]["kept"]
    assert kept["marketing.subscribers"] == "legal hold LIT-8"


def test_a_failing_eraser_is_audited_and_the_unsubscribe_stands(
    store: sa.Engine, policy: Policy, tmp_path: Path
) -> None:
    missing = inventory_for(f"sqlite:///{tmp_path / 'gone.db'}")
    eraser = InventoryProfileEraser(missing, MARKETING, store)
    runtime = ConsentRuntime.open(store, policy, environ=KEY_ENVIRONMENT, erasers=[eraser])
    runtime.unsubscribe(parse_identity(ANA), source="test", actor="test")
    assert not runtime.decide("subscriber_marketing", ANA).allowed
    (failure,) = audited(store, "consent.erasure_failed")
    assert "does not exist" in failure["error"]


def test_the_api_unsubscribe_reports_the_profile(
    store: sa.Engine, policy: Policy, company: str, sqlite_url: str
) -> None:
    app = create_app(ApiSettings(store=Settings(sqlite_url)), policy)
    app.state.consent = runtime_with_eraser(store, policy, company)
    headers = {"Authorization": f"Bearer {staff_token(store)}"}
    with TestClient(app, headers=headers) as client:
        answer = client.post("/api/v1/unsubscribe", json={"contact": ANA})
    assert answer.status_code == 200, answer.text
    (profile,) = answer.json()["profile"]
    assert profile["deleted"]["marketing.subscribers"] == 1 and profile["error"] is None
