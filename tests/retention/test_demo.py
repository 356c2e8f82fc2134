"""Every rule of the default policy over the demo company: what is due goes, nothing else.

The WHERE clauses below are written by hand from the notice for as_of 2026-11-28 00:00 UTC
(the demo's own clock); they never call the engine. Timestamps are written with six
fraction digits, as the demo stores them, so the text comparison of SQLite agrees with the
time comparison of PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.scale import Scale
from dataward.inventory.loader import load_inventory
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.retention import RunOptions, Systems, run_retention
from dataward.store import Settings, open_store
from tests.conftest import POSTGRES_ADMIN_URL, _server_or_skip

AS_OF = datetime(2026, 11, 28, tzinfo=UTC)
UNDER_16 = "customer_id IN (SELECT id FROM customers WHERE birth_date > '2010-11-28')"


def ts(text: str) -> str:
    return f"'{text} 00:00:00.000000'"


# dataset → [(rule, due condition)]; a null rule's condition includes "something left to null".
DUE: dict[str, list[tuple[str, str]]] = {
    "messaging.customers": [
        ("individual_customers", f"relationship_ended_at <= {ts('2019-11-28')}"),
        ("minimum_age", "birth_date > '2010-11-28'"),
    ],
    "messaging.accounts": [("minimum_age", UNDER_16)],
    "messaging.account_users": [
        (
            "account_users_and_business_contacts",
            f"customer_relationship_ended_at <= {ts('2025-11-28')}",
        ),
    ],
    "messaging.business_contacts": [
        ("account_users_and_business_contacts", f"relationship_ended_at <= {ts('2025-11-28')}"),
        ("minimum_age", UNDER_16),
    ],
    "messaging.cdrs": [
        ("cdr_other_traffic_data", f"sent_at < {ts('2016-01-01')}"),
        ("minimum_age", UNDER_16),
        (
            "cdr_end_user_contact",
            f"sent_at < {ts('2025-11-01')} AND "
            "(end_user_phone IS NOT NULL OR end_user_email IS NOT NULL)",
        ),
    ],
    "messaging.message_content": [
        ("communications_content", f"sent_at < {ts('2025-11-01')}"),
        ("minimum_age", UNDER_16),
    ],
    "messaging.usage_logs": [("usage_data", f"logged_at <= {ts('2023-11-28')}")],
    "support.tickets": [("customer_support_data", f"resolved_at <= {ts('2019-11-28')}")],
    "analytics.page_views": [("behaviour_analytics_data", f"viewed_at <= {ts('2024-10-28')}")],
    "procurement.supplier_contacts": [
        ("supplier_business_contacts", f"relationship_ended_at <= {ts('2025-11-28')}"),
    ],
    "procurement.suppliers": [
        ("individual_suppliers", f"relationship_ended_at <= {ts('2019-11-28')}"),
    ],
    "crm.prospects": [
        (
            "prospects",
            f"last_communication_at <= {ts('2026-05-28')} AND agreement_signed_at IS NULL",
        ),
    ],
    "marketing.subscribers": [
        ("subscriber_unsubscribes", f"unsubscribed_at <= {ts('2026-11-28')}")
    ],
    "marketing.b2b_contacts": [
        ("b2b_contact_objects", f"objected_at <= {ts('2026-11-28')}"),
        ("b2b_relationship_ends", f"relationship_ended_at <= {ts('2026-11-28')}"),
    ],
    "events.registrations": [
        ("event_registration", f"event_date <= {ts('2024-11-28')}"),
        ("former_participants_object", f"objected_at <= {ts('2026-11-28')}"),
    ],
    "events.logistics": [("event_logistics", f"event_date < {ts('2026-09-29')}")],
    "research.interviews": [("market_research_recordings", f"interview_at <= {ts('2025-11-28')}")],
    "recruiting.applicants": [
        ("recruitment_consent_period", f"consent_ends_at <= {ts('2026-11-28')}"),
    ],
    "recruiting.sourced_candidates": [
        ("recruitment_consent_period", f"consent_until <= {ts('2026-11-28')}"),
        (
            "sourced_candidate_without_consent",
            f"recruitment_email_at <= {ts('2026-10-29')} AND consent_given_at IS NULL",
        ),
    ],
    "social_impact.individual_contacts": [
        ("individual_contacts", f"first_contact_at <= {ts('2025-11-28')}"),
    ],
    "social_impact.organisation_requests": [
        ("organisation_requests", f"last_communication_at < {ts('2023-01-01')}"),
    ],
    "facilities.visit_services": [
        ("visitor_services_withdrawal", f"consent_withdrawn_at <= {ts('2026-11-28')}"),
    ],
    "facilities.cctv_recordings": [("cctv_recordings", f"recorded_at <= {ts('2026-08-30')}")],
    "facilities.chatbot_users": [
        ("chatbot_withdrawal", f"consent_withdrawn_at <= {ts('2026-11-28')}")
    ],
}
NULLED = {"messaging.cdrs": ("end_user_phone", "end_user_email")}


@pytest.fixture
def demo(database_url: str, tmp_path: Path) -> Iterator[Path]:
    """The tiny demo company on the engine under test; its inventory's path."""
    options = DemoOptions(Scale.parse("tiny"), date(2026, 11, 28), directory=tmp_path / "demo")
    if database_url.startswith("sqlite"):
        yield build_demo(options).inventory
        return
    admin = _server_or_skip(POSTGRES_ADMIN_URL)
    prefix = f"dw_rt_{uuid.uuid4().hex[:8]}_"
    try:
        server = DemoOptions(
            options.scale,
            options.as_of,
            directory=options.directory,
            server=POSTGRES_ADMIN_URL,
            prefix=prefix,
        )
        yield build_demo(server).inventory
    finally:
        with admin.connect() as connection:
            names = connection.execute(
                sa.text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                {"p": prefix + "%"},
            ).scalars()
            for name in list(names):
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _engine(inventory: Inventory, address: str) -> sa.Engine:
    return sa.create_engine(inventory.system(address.split(".")[0]).url)


def _count(inventory: Inventory, address: str, condition: str) -> int:
    engine = _engine(inventory, address)
    try:
        with engine.connect() as connection:
            table = address.split(".")[1]
            sql = f"SELECT count(*) FROM {table} WHERE {condition}"
            return int(connection.execute(sa.text(sql)).scalar() or 0)
    finally:
        engine.dispose()


def _not_due_rows(
    inventory: Inventory, address: str, hide: tuple[str, ...] = (), extra: str = ""
) -> list[tuple[object, ...]]:
    """Rows no row rule touches, whole; ``hide`` leaves out columns a null rule rewrites."""
    rules = [condition for rule, condition in DUE[address] if rule != "cdr_end_user_contact"]
    untouched = " OR ".join(f"({condition})" for condition in [*rules, *([extra] if extra else [])])
    engine = _engine(inventory, address)
    try:
        table = sa.Table(address.split(".")[1], sa.MetaData(), autoload_with=engine)
        columns = [column for column in table.columns if column.name not in hide]
        statement = (
            sa.select(*columns)
            .where(sa.text(f"CASE WHEN {untouched} THEN 1 ELSE 0 END = 0"))
            .order_by(table.c.id)
        )
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(statement)]
    finally:
        engine.dispose()


def test_every_rule_over_the_demo_company(
    demo: Path, tmp_path: Path, default_policy: Policy
) -> None:
    inventory = load_inventory(demo)
    bound = {f"{address}" for address, _ in inventory.datasets()}
    assert set(DUE) <= bound
    due_before = {
        (address, rule): _count(inventory, address, condition)
        for address, rules in DUE.items()
        for rule, condition in rules
    }
    kept_before = {
        address: _not_due_rows(inventory, address, NULLED.get(address, ())) for address in DUE
    }
    assert sum(1 for count in due_before.values() if count) >= len(due_before) - 3, due_before
    recent_cdrs = _not_due_rows(inventory, "messaging.cdrs", extra=f"sent_at < {ts('2025-11-01')}")
    assert recent_cdrs, "the demo has CDRs younger than the contact rule"

    store = open_store(Settings(f"sqlite:///{tmp_path / 'store.db'}"))
    try:
        with Systems(inventory) as systems:
            report = run_retention(
                store,
                default_policy,
                inventory,
                systems,
                as_of=AS_OF,
                options=RunOptions(batch_size=37),
            )
    finally:
        store.dispose()
    assert all(outcome.status == "done" for outcome in report.outcomes), report.outcomes
    ran = {(outcome.dataset, outcome.rule) for outcome in report.outcomes}
    assert set(due_before) <= ran  # each hand-written rule was carried out by a step

    for address, rules in DUE.items():
        for rule, condition in rules:
            assert _count(inventory, address, condition) == 0, (address, rule)
    for address, rows in kept_before.items():
        assert _not_due_rows(inventory, address, NULLED.get(address, ())) == rows, address
    # CDRs of the last months keep their end-user contact too.
    assert (
        _not_due_rows(inventory, "messaging.cdrs", extra=f"sent_at < {ts('2025-11-01')}")
        == recent_cdrs
    )
