"""Fixtures of the request tests: a store and a two-system company, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.inventory.model import Inventory
from dataward.policy import Policy, load_policy
from dataward.requests.config import LegalDuty, RequestsConfig
from dataward.requests.context import Context
from dataward.requests.intake import Submission, submit
from dataward.requests.models import DsrOutboxMessage, DsrRequest
from dataward.requests.verification import verify
from dataward.store import Settings, open_store, read_only
from tests.conftest import MARIADB_ADMIN_URL, POSTGRES_ADMIN_URL, _server_or_skip
from tests.requests.company import company_inventory, create_company


@dataclass(frozen=True)
class Urls:
    store: str
    crm: str
    messaging: str


@contextmanager
def server_urls(admin_url: str, count: int) -> Iterator[list[str]]:
    """``count`` new databases on the server at ``admin_url``, dropped afterwards."""
    admin = _server_or_skip(admin_url)
    quote = admin.dialect.identifier_preparer.quote
    names = [f"dataward_test_{uuid.uuid4().hex[:12]}" for _ in range(count)]
    force = " WITH (FORCE)" if admin.dialect.name == "postgresql" else ""
    with admin.connect() as connection:
        for name in names:
            connection.execute(sa.text(f"CREATE DATABASE {quote(name)}"))
    try:
        yield [admin.url.set(database=name).render_as_string(hide_password=False) for name in names]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(sa.text(f"DROP DATABASE IF EXISTS {quote(name)}{force}"))
        admin.dispose()


@contextmanager
def company_urls(engine: str, tmp_path: Path) -> Iterator[Urls]:
    """The store and the two systems on ``engine``: sqlite, postgres or mariadb.

    dataward's store runs on SQLite or PostgreSQL; with ``mariadb`` only the company's
    systems are on MariaDB (the store stays on SQLite).
    """
    if engine == "sqlite":
        yield Urls(*(f"sqlite:///{tmp_path / name}.db" for name in ("store", "crm", "messaging")))
    elif engine == "postgres":
        with server_urls(POSTGRES_ADMIN_URL, 3) as made:
            yield Urls(*made)
    else:
        with server_urls(MARIADB_ADMIN_URL, 2) as made:
            yield Urls(f"sqlite:///{tmp_path / 'store'}.db", *made)


# For a test module whose own ``urls`` fixture runs it on MariaDB too (erasure, selection).
WITH_MARIADB = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Urls]:
    with company_urls(request.param, tmp_path) as made:
        yield made


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture
def store(urls: Urls) -> Iterator[sa.Engine]:
    engine = open_store(Settings(urls.store))
    yield engine
    engine.dispose()


@pytest.fixture
def inventory(urls: Urls) -> Inventory:
    create_company(urls.crm, urls.messaging)
    return company_inventory(urls.crm, urls.messaging)


def make_config(tmp_path: Path, **overrides: Any) -> RequestsConfig:
    values: dict[str, Any] = {
        "export_dir": tmp_path / "exports",
        "legal_duties": [
            LegalDuty(dataset="crm.invoices", law="tax law", reason="invoices are kept 10 years")
        ],
        "retry_backoff_seconds": 1,
        "webhook_backoff_seconds": 0,
        "webhook_attempts": 2,
    }
    return RequestsConfig(**(values | overrides))


@pytest.fixture
def context(policy: Policy, inventory: Inventory, tmp_path: Path) -> Iterator[Context]:
    made = Context(policy, make_config(tmp_path), inventory)
    yield made
    made.close()


def last_code(engine: sa.Engine, request_id: str, channel: str = "email") -> str:
    with Session(read_only(engine)) as session:
        message = session.scalars(
            sa.select(DsrOutboxMessage)
            .where(DsrOutboxMessage.request_id == request_id, DsrOutboxMessage.channel == channel)
            .order_by(DsrOutboxMessage.id.desc())
        ).first()
        assert message is not None
        found = re.search(r"\b(\d{6})\b", message.body)
        assert found is not None
        return found.group(1)


VerifiedFactory = Callable[..., str]


@pytest.fixture
def verified(store: sa.Engine, context: Context) -> VerifiedFactory:
    """Submit and verify a request; returns its id."""

    def make(type: str, email: str | None = None, phone: str | None = None, **extra: Any) -> str:
        fields = {"country": "HR", "relationship": "customer"} | extra
        with Session(store) as session, session.begin():
            received = submit(
                session, context, Submission(type=type, email=email, phone=phone, **fields), "test"
            )
            request_id = received.request.id
        for channel in received.channels:
            code = last_code(store, request_id, channel)
            with Session(store) as session, session.begin():
                request = session.get_one(DsrRequest, request_id)
                outcome = verify(session, context, request, code)
                assert outcome.ok, outcome
        return request_id

    return make
