"""The demo on PostgreSQL: one database per system, published by renaming, or dropped."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.scale import Scale
from dataward.demo.spec import SystemSpec
from dataward.demo.systems import crm, facilities
from dataward.demo.world import World
from dataward.inventory.check import check_inventory
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.findings import Severity
from dataward.inventory.loader import load_inventory
from dataward.policy.loader import load_policy
from tests.conftest import POSTGRES_ADMIN_URL, _server_or_skip
from tests.demo.conftest import AS_OF

pytestmark = pytest.mark.postgres


def _databases(admin: sa.Engine, prefix: str) -> list[str]:
    with admin.connect() as connection:
        names = connection.execute(sa.text("SELECT datname FROM pg_database")).scalars()
        return sorted(name for name in names if name.startswith(prefix))


@pytest.fixture
def prefix() -> Iterator[str]:
    """A prefix no parallel run shares; every database with it is dropped afterwards."""
    admin = _server_or_skip(POSTGRES_ADMIN_URL)
    prefix = f"dataward_demo_t{uuid.uuid4().hex[:8]}_"
    try:
        yield prefix
    finally:
        for name in _databases(admin, prefix):
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _options(prefix: str, directory: Path, seed: int = 42, workers: int = 1) -> DemoOptions:
    scale = Scale.parse("tiny")
    return DemoOptions(scale, AS_OF, seed, directory, POSTGRES_ADMIN_URL, prefix, workers)


def test_a_tiny_demo_on_postgresql_passes_the_inventory_check(prefix: str, tmp_path: Path) -> None:
    result = build_demo(_options(prefix, tmp_path, workers=2))  # CDRs COPYed by two workers
    admin = sa.create_engine(POSTGRES_ADMIN_URL)
    try:
        assert _databases(admin, prefix) == sorted(f"{prefix}{system}" for system in result.urls)
    finally:
        admin.dispose()
    assert result.inventory == tmp_path / "inventory-postgres.yaml"
    inventory = load_inventory(result.inventory)
    findings = check_inventory(inventory, load_policy(), default_registry(), {})
    assert [f for f in findings if f.severity is Severity.error] == []
    # The demo follows its own advice: free text searched by erasure has trigram indexes.
    assert [f for f in findings if f.code == "missing-text-index"] == []
    engine = sa.create_engine(result.urls["messaging"])
    try:
        with engine.connect() as connection:
            count = connection.execute(sa.text("SELECT count(DISTINCT id) FROM cdrs")).scalar_one()
            sql = sa.text("SELECT count(*) FROM message_content")
            content = connection.execute(sql).scalar_one()
            minors = connection.execute(
                sa.text("SELECT count(*) FROM customers WHERE birth_date > :day"),
                {"day": AS_OF.replace(year=AS_OF.year - 16)},
            ).scalar_one()
    finally:
        engine.dispose()
    assert count == 2_000
    assert content == 100
    assert minors >= 2


def test_a_rebuild_replaces_the_databases(prefix: str, tmp_path: Path) -> None:
    first = build_demo(_options(prefix, tmp_path))
    second = build_demo(_options(prefix, tmp_path, seed=7))
    assert first.urls == second.urls
    engine = sa.create_engine(second.urls["crm"])
    try:
        with engine.connect() as connection:
            email = connection.execute(sa.text("SELECT email FROM prospects WHERE id = 1"))
            assert email.scalar_one() != first.featured[0].email  # seed 7's data, not 42's
    finally:
        engine.dispose()
    admin = sa.create_engine(POSTGRES_ADMIN_URL)
    try:
        assert len(_databases(admin, prefix)) == 11  # the staging names are gone
    finally:
        admin.dispose()


def test_a_failed_build_drops_every_database_it_created(prefix: str, tmp_path: Path) -> None:
    def broken(world: World) -> SystemSpec:
        raise RuntimeError("generator failed")

    with pytest.raises(RuntimeError):
        build_demo(_options(prefix, tmp_path), systems=(crm.system, facilities.system, broken))
    admin = sa.create_engine(POSTGRES_ADMIN_URL)
    try:
        assert _databases(admin, prefix) == []
    finally:
        admin.dispose()
    assert list(tmp_path.iterdir()) == []
