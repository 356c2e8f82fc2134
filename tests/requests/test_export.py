"""Access and portability exports: complete, explained per dataset, streamed in flat memory."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.policy import Policy
from dataward.requests import staff, workflow
from dataward.requests.context import Context
from dataward.requests.erasure.run import request_identities
from dataward.requests.export.build import build_export
from dataward.requests.export.links import check_link
from dataward.requests.keys import request_keys
from dataward.requests.kinds import Status
from dataward.requests.locate.person import plan_for
from dataward.requests.locate.pool import ConnectorPool
from dataward.requests.models import DsrRequest
from tests.requests.company import ANA, BOB_PHONE, HEAVY, company_inventory, create_company
from tests.requests.conftest import VerifiedFactory, make_config


def test_access_export_holds_every_dataset_with_its_purposes(
    store: sa.Engine, context: Context, verified: VerifiedFactory
) -> None:
    request_id = verified("access", email=ANA["email"])
    done = workflow.approve(store, context, request_id, "staff:dpo")
    assert done.status == Status.ready
    assert done.export_path is not None
    with zipfile.ZipFile(done.export_path) as archive:
        names = set(archive.namelist())
        data = json.loads(archive.read("data.json"))
        readme = archive.read("README.md").decode()
        orders = list(csv.DictReader(io.StringIO(archive.read("csv/crm.orders.csv").decode())))
    counts = {name: len(rows) for name, rows in data["datasets"].items()}
    assert counts == {
        "crm.customers": 1,
        "crm.orders": 3,
        "crm.invoices": 2,
        "crm.tickets": 1,
        "messaging.usage_events": 5,
    }
    assert data["datasets"]["crm.customers"][0]["email"] == ANA["email"]
    assert {"csv/crm.customers.csv", "csv/messaging.usage_events.csv", "README.md"} <= names
    assert {row["customer_id"] for row in orders} == {"1"}
    # Art. 15(1): purposes with legal basis, categories, sources, recipients, retention.
    for heading in (
        "Why we hold it",
        "What kind of data",
        "Where it comes from",
        "Who receives it",
        "How long we keep it",
    ):
        assert heading in readme
    assert "legal basis: our legitimate interests" in readme


def test_end_user_export_leaves_processor_data_to_the_customer(
    store: sa.Engine, context: Context, verified: VerifiedFactory
) -> None:
    request_id = verified("access", phone=BOB_PHONE, relationship="end_user")
    done = workflow.approve(store, context, request_id, "staff:dpo")
    with zipfile.ZipFile(str(done.export_path)) as archive:
        data = json.loads(archive.read("data.json"))
        readme = archive.read("README.md").decode()
    assert [name for name, rows in data["datasets"].items() if rows] == ["messaging.cdr"]
    assert "messaging.message_content" not in data["datasets"]
    assert "forwarded to those customers" in readme
    assert done.result["forwarding"]["deliveries"][0]["customer"] == "1"


def test_completion_sends_a_signed_link_that_expires(
    store: sa.Engine, context: Context, verified: VerifiedFactory
) -> None:
    request_id = verified("access", email=ANA["email"])
    workflow.approve(store, context, request_id, "staff:dpo")
    with Session(store) as session, session.begin():
        staff.complete(session, context, request_id, "staff:dpo")
    with Session(store) as session:
        request = session.get(DsrRequest, request_id)
        assert request is not None and request.status == Status.completed
        keys = request_keys(session)
        expires = int(request.result["link_expires_at"] and 0) or 0
        assert (
            check_link(
                keys,
                request_id,
                expires,
                keys.sign(f"export:{request_id}:{expires}"),
                context.now(),
            )
            == "expired"
        )
        assert check_link(keys, request_id, 2**40, "0" * 64, context.now()) == "bad signature"
        assert (
            check_link(
                keys, request_id, 2**40, keys.sign(f"export:{request_id}:{2**40}"), context.now()
            )
            is None
        )


def _peak_export_memory(tmp_path: Path, policy: Policy, heavy_rows: int) -> tuple[int, int]:
    folder = tmp_path / str(heavy_rows)
    folder.mkdir()
    crm, messaging = f"sqlite:///{folder / 'crm.db'}", f"sqlite:///{folder / 'messaging.db'}"
    create_company(crm, messaging, heavy_rows=heavy_rows)
    inventory = company_inventory(crm, messaging)
    request = DsrRequest(id=f"heavy-{heavy_rows}", type="access", email=HEAVY["email"])
    request.received_at = Context(policy, make_config(tmp_path)).now()
    with ConnectorPool(inventory) as pool:
        plan = plan_for(inventory, policy, pool, request_identities(request))
        build_export(folder / "warm.zip", request, policy, inventory, plan, 1000)  # warm caches
        plan = plan_for(inventory, policy, pool, request_identities(request))
        tracemalloc.start()
        try:
            result = build_export(folder / "export.zip", request, policy, inventory, plan, 1000)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak, sum(result.rows.values())


def test_export_memory_does_not_grow_with_the_persons_rows(tmp_path: Path, policy: Policy) -> None:
    small_peak, small_rows = _peak_export_memory(tmp_path, policy, 2_000)
    large_peak, large_rows = _peak_export_memory(tmp_path, policy, 40_000)
    assert large_rows == 2 * 40_000 + 1 and small_rows == 2 * 2_000 + 1
    # 20x the rows; memory holds one batch at a time, so the peak barely moves.
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
    assert large_peak < 8 * 2**20
