"""A person's rows selected with keys bound as values, or kept in a subquery: the same rows.

Past ``inline_keys`` keys, a relation stays a subquery (``= ANY (ARRAY(...))`` on
PostgreSQL, ``IN (SELECT ...)`` elsewhere); here the limit is 0, so every relation takes
that form, on every engine, for reading and for an erasure's statements.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dataward.inventory.connectors.sql import SqlConnector
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.requests.erasure.statements import Plan, erase
from dataward.requests.locate.person import plan_for
from dataward.requests.locate.pool import ConnectorPool
from dataward.requests.locate.selection import INLINE_KEYS
from tests.requests.company import ANA
from tests.requests.conftest import WITH_MARIADB, Urls, company_urls


@pytest.fixture(params=WITH_MARIADB)
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Urls]:
    with company_urls(request.param, tmp_path) as made:
        yield made


@pytest.fixture
def pool(inventory: Inventory) -> Iterator[ConnectorPool]:
    with ConnectorPool(inventory) as made:
        yield made


def person_rows(policy: Policy, pool: ConnectorPool, inline_keys: int) -> dict[str, list[int]]:
    identities = {"email": [ANA["email"]], "phone": [ANA["phone"]]}
    plan = plan_for(pool.inventory, policy, pool, identities, inline_keys=inline_keys)
    found = {}
    for step in plan.steps:
        statement = plan.selector.rows(step)
        if statement is not None:
            rows = pool.connector(step.system).rows(statement)
            found[str(step.address)] = sorted(row["id"] for row in rows)
    return found


def test_subqueries_and_bound_keys_find_the_same_rows(policy: Policy, pool: ConnectorPool) -> None:
    bound = person_rows(policy, pool, INLINE_KEYS)
    kept = person_rows(policy, pool, 0)
    assert bound == kept
    assert bound["crm.orders"] == [2, 4, 6] and bound["crm.tickets"] == [1]


def test_an_erasure_statement_runs_with_the_subquery(policy: Policy, pool: ConnectorPool) -> None:
    plan = plan_for(pool.inventory, policy, pool, {"email": [ANA["email"]]}, inline_keys=0)
    [orders] = [step for step in plan.steps if str(step.address) == "crm.orders"]
    condition = plan.selector.condition(orders)
    assert condition is not None
    connector = pool.connector("crm")
    assert isinstance(connector, SqlConnector)
    with connector.engine.begin() as connection:
        table = plan.selector.table(orders)
        deleted = erase(connection, table, Plan(True), condition, lambda value, _: str(value))
    assert deleted == 3
    with connector.engine.connect() as connection:
        left = connection.execute(sa.text("SELECT count(*) FROM orders WHERE customer_id = 1"))
        assert left.scalar_one() == 0
