"""Each consent test gets its own migrated store (SQLite, and PostgreSQL when marked)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.api import ApiSettings, create_app
from dataward.consent import ConsentRuntime
from dataward.policy import Policy, load_policy
from dataward.staff import Role, create_token
from dataward.store import Settings, open_store
from tests.api.testclient import TestClient

# A fixed key: tests must not depend on DATAWARD_SUPPRESSION_KEY being set, or not.
KEY_ENVIRONMENT = {"DATAWARD_SUPPRESSION_KEY": "11" * 32}


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = open_store(Settings(database_url))
    yield engine
    engine.dispose()


@pytest.fixture
def runtime(engine: sa.Engine, policy: Policy) -> ConsentRuntime:
    return ConsentRuntime.open(engine, policy, environ=KEY_ENVIRONMENT)


def company_url(request: pytest.FixtureRequest, tmp_path: Path, file_name: str) -> str:
    """The company's database for a fixture with params "sqlite" (a file named ``file_name``)
    and "postgres" (a new database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / file_name}"
    return str(request.getfixturevalue("postgres_url"))


def staff_token(engine: sa.Engine, role: Role = Role.admin) -> str:
    with Session(engine) as session, session.begin():
        token, _ = create_token(session, name=f"test-{role.value}", role=role, created_by="test")
    return token


@pytest.fixture
def client(
    database_url: str, engine: sa.Engine, runtime: ConsentRuntime, policy: Policy
) -> Iterator[TestClient]:
    """A client of a fresh app on the test's store, authenticated as an admin."""
    app = create_app(ApiSettings(store=Settings(database_url)), policy)
    app.state.consent = runtime  # the runtime built with the test key
    headers = {"Authorization": f"Bearer {staff_token(engine)}"}
    with TestClient(app, headers=headers) as client:
        yield client
