"""Erasure across two systems: exemptions, the verification scan, one system down then retry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import verify as verify_audit
from dataward.holds import HoldRequest, HoldScope, create_hold
from dataward.requests import staff, workflow
from dataward.requests.context import Context
from dataward.requests.kinds import Status, TaskStatus
from dataward.requests.models import DsrRequest
from tests.requests.company import ANA, BOB_PHONE, IVO, company_inventory
from tests.requests.conftest import WITH_MARIADB, Urls, VerifiedFactory, company_urls


@pytest.fixture(params=WITH_MARIADB)
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Urls]:
    """Erasure runs on MariaDB too: the sql connector claims it, so the tests prove it."""
    with company_urls(request.param, tmp_path) as made:
        yield made


def count(url: str, sql: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(sql)).scalar_one())
    finally:
        engine.dispose()


def test_erasure_across_two_systems_with_exemptions_and_scan(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    request_id = verified("erasure", email=ANA["email"])
    done = workflow.approve(store, context, request_id, "staff:dpo")

    assert done.status == Status.ready, done.result
    # Invoices the law keeps refer to the customer: its row stays, anonymised.
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE id = 1 AND email IS NULL") == 1
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE name = 'Ana Horvat'") == 0
    assert count(urls.crm, "SELECT count(*) FROM orders WHERE customer_id = 1") == 0
    assert count(urls.messaging, "SELECT count(*) FROM usage_events WHERE customer_id = 1") == 0
    # The legal duty keeps invoices; the ticket is pseudonymised and its body nulled.
    assert count(urls.crm, "SELECT count(*) FROM invoices WHERE customer_id = 1") == 2
    assert (
        count(
            urls.crm,
            "SELECT count(*) FROM tickets WHERE contact_name LIKE 'pz1:%' AND body IS NULL",
        )
        == 1
    )
    # Nobody else is touched.
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE id = 2") == 1
    assert count(urls.messaging, "SELECT count(*) FROM usage_events WHERE customer_id = 2") == 5
    result = done.result
    assert result["scan"]["passed"] is True
    assert result["scan"]["datasets"]["crm.customers"]["status"] == "exempt"
    assert result["scan"]["datasets"]["crm.orders"] == {
        "remaining": 0,
        "status": "clear",
        "reason": "",
    }
    assert {(item["kind"], item["scope"]) for item in result["exemptions"]} == {
        ("legal_duty", "crm.invoices"),
        ("legal_duty", "crm.customers"),
    }
    assert result["identifiers"]["customer_id"] == [1]
    with Session(store) as session:
        assert verify_audit(session).ok


def test_one_system_down_then_retry_resumes_only_the_failed_one(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory, tmp_path: Path
) -> None:
    request_id = verified("erasure", email=ANA["email"])
    working = context.inventory
    assert working is not None
    # messaging is unreachable: a URL to a database that does not exist.
    broken_url = (
        f"sqlite:///{tmp_path / 'missing.db'}"
        if urls.messaging.startswith("sqlite")
        else sa.make_url(urls.messaging).set(port=1).render_as_string(hide_password=False)
    )
    down = Context(context.policy, context.config, company_inventory(urls.crm, broken_url))
    try:
        first = workflow.approve(store, down, request_id, "staff:dpo")
    finally:
        down.close()
    assert first.status == Status.failed
    tasks = {task["system"]: task for task in first.result["tasks"]}
    assert tasks["crm"]["status"] == TaskStatus.done
    assert tasks["messaging"]["status"] in (TaskStatus.failed, TaskStatus.blocked)
    assert tasks["messaging"]["error"]
    # crm is erased already; the keys crm gave messaging were saved before that.
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE email = 'ana@example.com'") == 0
    assert count(urls.messaging, "SELECT count(*) FROM usage_events WHERE customer_id = 1") == 5

    second = workflow.retry(store, context, request_id, "staff:dpo")
    assert second.status == Status.ready
    tasks = {task["system"]: task for task in second.result["tasks"]}
    assert tasks["messaging"]["result"]["rows"]["messaging.usage_events"] == 5
    assert tasks["crm"]["attempts"] == 0  # crm was not run again
    assert count(urls.messaging, "SELECT count(*) FROM usage_events WHERE customer_id = 1") == 0


def test_retries_are_bounded_then_the_request_waits_for_staff(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory, tmp_path: Path
) -> None:
    request_id = verified("erasure", email=ANA["email"])
    down = Context(
        context.policy, context.config.model_copy(update={"max_system_attempts": 2}),
        company_inventory(urls.crm, f"sqlite:///{tmp_path / 'gone.db'}"),
    )  # fmt: skip
    try:
        assert workflow.approve(store, down, request_id, "x").status == Status.failed
        assert (
            workflow.process(store, down, request_id, "x", manual=True).status
            == Status.waiting_for_staff
        )
    finally:
        down.close()
    with Session(store) as session:
        assert session.get_one(DsrRequest, request_id).status == Status.waiting_for_staff
    assert workflow.retry(store, context, request_id, "staff:dpo").status == Status.ready


def test_a_legal_hold_on_the_person_blocks_the_erasure_and_is_explained(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    with Session(store) as session, session.begin():
        create_hold(
            session,
            HoldRequest("CASE-7", HoldScope.subject, ANA["email"], "litigation", kind="email"),
            created_by="legal",
        )
    request_id = verified("erasure", email=ANA["email"])
    done = workflow.approve(store, context, request_id, "staff:dpo")
    assert done.status == Status.ready
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE id = 1") == 1
    assert done.result["exemptions"][0]["kind"] == "legal_hold"
    assert "CASE-7" in done.result["exemptions"][0]["reason"]
    assert done.result["scan"]["datasets"]["crm.customers"]["status"] == "exempt"
    with Session(store) as session, session.begin():
        completed = staff.complete(session, context, request_id, "staff:dpo")
        assert completed.status == Status.completed


def test_a_customer_hold_keeps_that_customers_rows(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    with Session(store) as session, session.begin():
        create_hold(
            session, HoldRequest("CASE-9", HoldScope.customer, "1", "audit"), created_by="legal"
        )
    request_id = verified("erasure", email=ANA["email"])
    done = workflow.approve(store, context, request_id, "staff:dpo")
    assert count(urls.messaging, "SELECT count(*) FROM usage_events WHERE customer_id = 1") == 5
    assert count(urls.crm, "SELECT count(*) FROM customers WHERE id = 1") == 1
    assert any(item["scope"] == "customer:1" for item in done.result["exemptions"])


def test_suppression_entry_is_kept_and_explained(
    store: sa.Engine, context: Context, verified: VerifiedFactory
) -> None:
    opt_out = verified("marketing_opt_out", email=ANA["email"], relationship="marketing_subscriber")
    assert workflow.automatic(store, context, opt_out).status == Status.completed
    request_id = verified("erasure", email=ANA["email"])
    done = workflow.approve(store, context, request_id, "staff:dpo")
    kinds = {item["kind"] for item in done.result["exemptions"]}
    assert "suppression_list" in kinds


def test_end_user_erasure_nulls_traffic_data_and_forwards_content(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    request_id = verified("erasure", phone=BOB_PHONE, relationship="end_user")
    done = workflow.approve(store, context, request_id, "staff:dpo")
    assert done.status == Status.ready
    assert count(urls.messaging, f"SELECT count(*) FROM cdr WHERE destination = '{BOB_PHONE}'") == 0
    assert count(urls.messaging, "SELECT count(*) FROM cdr WHERE customer_id = 1") == 4  # rows kept
    # Message content is the customer's (we are processor): forwarded, not erased.
    assert (
        count(
            urls.messaging,
            f"SELECT count(*) FROM message_content WHERE destination = '{BOB_PHONE}'",
        )
        == 3
    )
    deliveries = done.result["forwarding"]["deliveries"]
    assert deliveries == [
        {"customer": "1", "channel": "none", "status": "no_endpoint", "error": ""}
    ]
    assert done.result["scan"]["datasets"]["messaging.message_content"]["status"] == "exempt"
    assert IVO["customer_id"] == 2
