"""Erasure in a folder of Parquet files: the person's files rewritten, nothing else touched.

A SQLite ``crm`` and a Parquet ``lake`` with two datasets: ``signups`` (the person's own
rows: deleted) and ``cdr`` (customers' records naming the person as end-user: their
number nulled, the rows kept), partitioned by month, one file in zstd.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import verify as verify_audit
from dataward.inventory.loader import parse_inventory
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.requests import workflow
from dataward.requests.context import Context
from dataward.requests.errors import TransitionError
from dataward.requests.kinds import Status
from dataward.requests.preview import preview
from tests.requests.company import ANA, BOB_PHONE, create_company
from tests.requests.conftest import VerifiedFactory, make_config

INVENTORY = """
version: 1
systems:
  - name: crm
    url: {crm}
    datasets:
      - name: customers
        activities: [account_data]
        identities:
          - {{column: email, kind: email, subject: individual_customer}}
          - {{column: phone, kind: phone, subject: individual_customer}}
          - {{column: id, kind: customer_id, subject: individual_customer}}
        columns: {{email: {{category: name_and_contact}}, name: {{category: name_and_contact}}}}
  - name: lake
    connector: parquet
    url: {lake}
    datasets:
      - name: signups
        activities: [account_data]
        identities: [{{column: email, kind: email, subject: individual_customer}}]
        columns: {{email: {{category: name_and_contact}}, source: {{}}}}
      - name: cdr
        activities: [traffic_data]
        erasure: null
        identities: [{{column: destination, kind: phone, subject: end_user}}]
        relations: [{{column: customer_id, matches: crm.customers.id, subject: customer}}]
        columns: {{destination: {{category: end_user_contact}}}}
"""


def write(path: Path, rows: str, codec: str = "snappy") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as duck:
        duck.execute(f"COPY ({rows}) TO ? (FORMAT PARQUET, COMPRESSION {codec})", [str(path)])


def lake_of(root: Path) -> Path:
    ana, bob = ANA["email"], BOB_PHONE
    write(
        root / "signups/month=2024-01/part-0.parquet",
        f"SELECT * FROM (VALUES (1, '{ana}', 'web'), (2, 'ivo@example.com', 'app')) "
        "AS t(id, email, source)",
    )
    write(
        root / "signups/month=2024-02/part-0.parquet",
        "SELECT 3 AS id, 'x@example.com' AS email, 'web' AS source",
    )
    write(
        root / "cdr/month=2024-01/part-0.parquet",
        f"SELECT i AS id, 2 AS customer_id, CASE WHEN i % 2 = 0 THEN '{ANA['phone']}' "
        f"ELSE '{bob}' END AS destination FROM range(10) t(i)",
        codec="zstd",
    )
    write(
        root / "cdr/month=2024-02/part-0.parquet",
        f"SELECT 100 AS id, 2 AS customer_id, '{bob}' AS destination",
    )
    return root


def read(path: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect() as duck:
        return duck.execute(
            "SELECT * FROM read_parquet(?, hive_partitioning = false) ORDER BY id", [str(path)]
        ).fetchall()


def stamps(root: Path) -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns for path in sorted(root.rglob("*"))}


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    return lake_of(tmp_path / "lake")


@pytest.fixture
def inventory(tmp_path: Path, lake: Path) -> Inventory:
    crm, messaging = f"sqlite:///{tmp_path / 'crm.db'}", f"sqlite:///{tmp_path / 'm.db'}"
    create_company(crm, messaging)
    return parse_inventory(INVENTORY.format(crm=crm, lake=lake), "inventory.yaml")


@pytest.fixture
def context(policy: Policy, inventory: Inventory, tmp_path: Path) -> Any:
    made = Context(policy, make_config(tmp_path, legal_duties=[]), inventory)
    yield made
    made.close()


def test_the_preview_counts_and_changes_nothing(
    store: sa.Engine, context: Context, verified: VerifiedFactory, lake: Path
) -> None:
    request_id = verified("erasure", email=ANA["email"], phone=ANA["phone"])
    before = stamps(lake)
    with Session(store) as session:
        found = preview(session, context, request_id)
    assert found["systems"]["lake"]["rows"] == {"lake.cdr": 5, "lake.signups": 1}
    assert found["systems"]["lake"]["files"] == {
        "cdr/month=2024-01/part-0.parquet": 5,
        "signups/month=2024-01/part-0.parquet": 1,
    }
    assert found["systems"]["crm"]["rows"] == {"crm.customers": 1}
    assert stamps(lake) == before


def test_erasure_rewrites_only_the_files_that_hold_the_person(
    store: sa.Engine, context: Context, verified: VerifiedFactory, lake: Path
) -> None:
    untouched = lake / "signups/month=2024-02/part-0.parquet"
    untouched_at = untouched.stat().st_mtime_ns
    request_id = verified("erasure", email=ANA["email"], phone=ANA["phone"])
    done = workflow.approve(store, context, request_id, "staff:dpo")

    assert done.status == Status.ready, done.result
    assert done.result["scan"]["passed"]
    [lake_task] = [task for task in done.result["tasks"] if task["system"] == "lake"]
    assert lake_task["result"]["rows"] == {"lake.cdr": 5, "lake.signups": 1}
    assert set(lake_task["result"]["files"]) == {
        "cdr/month=2024-01/part-0.parquet",
        "signups/month=2024-01/part-0.parquet",
    }
    # Her signup is gone, Ivo's stays; the other month's file was not rewritten.
    assert read(lake / "signups/month=2024-01/part-0.parquet") == [(2, "ivo@example.com", "app")]
    assert untouched.stat().st_mtime_ns == untouched_at
    # The CDRs stay, with her number nulled and Bob's kept; the file is still zstd.
    cdrs = read(lake / "cdr/month=2024-01/part-0.parquet")
    assert len(cdrs) == 10
    assert {row[2] for row in cdrs} == {None, BOB_PHONE}
    with duckdb.connect() as duck:
        codec = duck.execute(
            "SELECT DISTINCT compression FROM parquet_metadata(?)",
            [str(lake / "cdr/month=2024-01/part-0.parquet")],
        ).fetchall()
    assert codec == [("ZSTD",)]
    assert not [path for path in lake.rglob("*") if path.name.endswith(".tmp")]
    with Session(store) as session:
        assert verify_audit(session).ok


def test_a_second_erasure_finds_nothing_to_rewrite(
    store: sa.Engine, context: Context, verified: VerifiedFactory, lake: Path
) -> None:
    first = verified("erasure", email=ANA["email"], phone=ANA["phone"])
    workflow.approve(store, context, first, "staff:dpo")
    after = stamps(lake)
    again = verified("erasure", email=ANA["email"], phone=ANA["phone"])
    done = workflow.approve(store, context, again, "staff:dpo")
    [lake_task] = [task for task in done.result["tasks"] if task["system"] == "lake"]
    assert lake_task["result"]["files"] == {}
    assert stamps(lake) == after


def test_parquet_is_not_rectified_in_place(
    store: sa.Engine, context: Context, verified: VerifiedFactory, lake: Path
) -> None:
    request_id = verified("rectification", email=ANA["email"], changes={"email": "a@example.org"})
    done = workflow.approve(store, context, request_id, "staff:dpo")
    [lake_task] = [task for task in done.result["tasks"] if task["system"] == "lake"]
    assert "not rectified in place" in lake_task["error"]
    assert read(lake / "signups/month=2024-01/part-0.parquet")[0][1] == ANA["email"]


def test_only_data_changing_requests_have_a_preview(
    store: sa.Engine, context: Context, verified: VerifiedFactory
) -> None:
    request_id = verified("access", email=ANA["email"])
    with Session(store) as session, pytest.raises(TransitionError, match="changes no data"):
        preview(session, context, request_id)
