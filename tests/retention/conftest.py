"""Fixtures of the retention tests: the company on SQLite or PostgreSQL, a store, a runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.holds import HoldRequest, HoldScope, create_hold, release_hold
from dataward.inventory.loader import parse_inventory
from dataward.inventory.model import Inventory
from dataward.policy import Policy, load_policy
from dataward.policy.model import RetentionAction
from dataward.retention import RunOptions, RunReport, Systems, make_plan, prepare, run_retention
from dataward.retention.plan import Plan
from dataward.store import Settings, open_store
from tests.conftest import POSTGRES_ADMIN_URL, new_postgres_database
from tests.retention.company import AS_OF, create_company, inventory_yaml


@pytest.fixture(scope="session")
def default_policy() -> Policy:
    return load_policy()


@pytest.fixture
def company_url(database_url: str) -> str:
    create_company(database_url)
    return database_url


@pytest.fixture
def inventory(company_url: str) -> Inventory:
    return parse_inventory(inventory_yaml(company_url), "inventory.yaml")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = open_store(Settings(f"sqlite:///{tmp_path / 'dataward.db'}"))
    yield engine
    engine.dispose()


@pytest.fixture
def twin_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same engine, for an uninterrupted run to compare with."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'twin.db'}"
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with new_postgres_database(admin, "dataward_twin") as url:
        yield url


Runner = Callable[..., RunReport]
Planner = Callable[..., Plan]


@pytest.fixture
def run(store: sa.Engine, inventory: Inventory, default_policy: Policy) -> Runner:
    def run(
        as_of: datetime = AS_OF,
        policy: Policy | None = None,
        batch_size: int = 10_000,
        **kwargs: Any,
    ) -> RunReport:
        with Systems(inventory) as systems:
            return run_retention(
                store,
                policy or default_policy,
                inventory,
                systems,
                as_of=as_of,
                options=RunOptions(batch_size=batch_size),
                **kwargs,
            )

    return run


@pytest.fixture
def plan(store: sa.Engine, inventory: Inventory, default_policy: Policy) -> Planner:
    def plan(as_of: datetime = AS_OF, policy: Policy | None = None) -> Plan:
        with Systems(inventory) as systems, Session(store) as session:
            prepared = prepare(session, policy or default_policy, inventory, as_of, systems)
            return make_plan(prepared, systems)

    return plan


def rows(url: str, table: str) -> list[dict[str, Any]]:
    """Every row of a governed table, by id: read with plain SQLAlchemy reflection."""
    engine = sa.create_engine(url)
    try:
        reflected = sa.Table(table, sa.MetaData(), autoload_with=engine)
        with engine.connect() as connection:
            result = connection.execute(sa.select(reflected).order_by(reflected.c.id))
            return [dict(row._mapping) for row in result]
    finally:
        engine.dispose()


def with_action(policy: Policy, rule_id: str, action: RetentionAction) -> Policy:
    """``policy`` with one retention rule acting otherwise (a company's own choice)."""
    activities = []
    for activity in policy.activities:
        rules = [
            rule.model_copy(update={"action": action}) if rule.id == rule_id else rule
            for rule in activity.retention
        ]
        activities.append(activity.model_copy(update={"retention": rules}))
    return policy.model_copy(update={"activities": activities})


def place_hold(store: sa.Engine, scope: HoldScope, value: str, kind: str | None = None) -> int:
    with Session(store) as session, session.begin():
        request = HoldRequest("CASE-1", scope, value, "litigation", kind=kind)
        return create_hold(session, request, created_by="legal").id


def lift_hold(store: sa.Engine, hold_id: int) -> None:
    with Session(store) as session, session.begin():
        release_hold(session, hold_id, released_by="legal")
