"""The MariaDB path: DELETE … ORDER BY … LIMIT, one probe into the held-keys table."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from dataward.holds import HoldRequest, HoldScope, create_hold
from dataward.inventory.loader import parse_inventory
from dataward.policy import Policy
from dataward.retention import RunOptions, Systems, run_retention
from dataward.store import Settings, open_store
from tests.retention.company import AS_OF, create_company, inventory_yaml
from tests.retention.conftest import rows
from tests.retention.test_run import expected_company


@pytest.mark.mariadb
def test_run_on_mariadb(mariadb_url: str, tmp_path: Path, default_policy: Policy) -> None:
    create_company(mariadb_url)
    inventory = parse_inventory(inventory_yaml(mariadb_url), "inventory.yaml")
    store = open_store(Settings(f"sqlite:///{tmp_path / 'dataward.db'}"))
    try:
        with Session(store) as session, session.begin():
            request = HoldRequest("C", HoldScope.subject, "+385911000001", "litigation")
            create_hold(session, request, created_by="legal")
        with Systems(inventory) as systems:
            report = run_retention(
                store, default_policy, inventory, systems, as_of=AS_OF,
                options=RunOptions(batch_size=4),
            )  # fmt: skip
    finally:
        store.dispose()
    assert all(outcome.status == "done" for outcome in report.outcomes), report.outcomes
    expected = expected_company()
    held = next(cdr for cdr in rows(mariadb_url, "cdrs") if cdr["id"] == 1)
    assert held["end_user_phone"] == "+385911000001"  # CDR 1 was due, but held
    for table in ("customers", "prospects", "sourced_candidates", "subscribers"):
        assert rows(mariadb_url, table) == expected[table], table
    # MariaDB's DATETIME keeps whole seconds: compare the expected rows at that precision.
    seconds = [{**c, "sent_at": c["sent_at"].replace(microsecond=0)} for c in expected["cdrs"]]
    assert [cdr for cdr in rows(mariadb_url, "cdrs") if cdr["id"] != 1] == seconds
