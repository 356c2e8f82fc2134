"""Concurrent writes for one subject never lose a withdrawal (services and HTTP, on PostgreSQL)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from dataward.consent import Action, ConsentRuntime, consent_history, current_consent
from tests.api.testclient import TestClient
from tests.consent.factories import record

WORKERS = 8
WRITES = 12
SUBJECT = "email:race@example.com"
BASE = datetime.now(UTC) - timedelta(days=1)


def _race(work: Callable[[int], None]) -> None:
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        start.wait()
        try:
            work(worker)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(worker,)) for worker in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def _plan(worker: int) -> list[tuple[Action, datetime]]:
    """Random actions at distinct times; worker 0's last write is the latest: a withdrawal."""
    rng = random.Random(worker)
    plan = [
        (rng.choice(list(Action)), BASE + timedelta(microseconds=rng.randrange(10**8) * 8 + worker))
        for _ in range(WRITES)
    ]
    if worker == 0:
        plan.append((Action.withdrawn, BASE + timedelta(hours=2)))
    return plan


def _assert_latest_event_holds(runtime: ConsentRuntime) -> None:
    with Session(runtime.engine) as session:
        history = consent_history(session, SUBJECT, "subscriber_marketing")
        state = current_consent(session, SUBJECT, "subscriber_marketing")
    assert len(history) == WORKERS * WRITES + 1
    latest = max(history, key=lambda event: (event.occurred_at, event.id))
    assert state is not None
    assert (state.event_id, state.action) == (latest.id, Action.withdrawn)
    runtime.refresh()
    assert not runtime.decide("subscriber_marketing", SUBJECT).allowed


@pytest.mark.postgres
def test_parallel_service_writes(on_postgres: str, runtime: ConsentRuntime) -> None:
    def work(worker: int) -> None:
        for action, moment in _plan(worker):
            record(runtime, SUBJECT, "subscriber_marketing", action, at=moment)

    _race(work)
    _assert_latest_event_holds(runtime)


@pytest.mark.postgres
def test_parallel_http_writes(
    on_postgres: str, client: TestClient, runtime: ConsentRuntime
) -> None:
    def work(worker: int) -> None:
        for action, moment in _plan(worker):
            response = client.post(
                "/api/v1/consents",
                json={
                    "identity": SUBJECT, "purpose": "subscriber_marketing",
                    "action": action.value, "notice_version": "v1", "source": f"w{worker}",
                    "occurred_at": moment.isoformat(),
                },
            )  # fmt: skip
            assert response.status_code == 201, response.text

    _race(work)
    _assert_latest_event_holds(runtime)


@pytest.fixture
def on_postgres(database_url: str) -> str:
    """Only the PostgreSQL run: SQLite serialises every writer anyway."""
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrency is tested on PostgreSQL")
    return database_url
