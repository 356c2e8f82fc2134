"""Fixtures of the inventory tests: the test policy, inventories written to files, engines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dataward.inventory.loader import parse_inventory
from dataward.inventory.model import Inventory
from dataward.policy.loader import load_policy
from dataward.policy.model import Policy
from tests.inventory.shop import FIXTURES

POLICY_FILE = FIXTURES / "policy.yaml"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def any_database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test on SQLite, PostgreSQL and MariaDB, each a fresh empty database."""
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(POLICY_FILE)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, "utf-8")
        return path

    return write


def inventory_of(text: str) -> Inventory:
    return parse_inventory(text, "inventory.yaml")
