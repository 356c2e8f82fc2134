"""kill -9 a real ``dataward retention run`` mid-run, run again: same end state, clean audit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditEntry, verify
from dataward.retention.models import RetentionBatch, RetentionRun
from dataward.store import Settings, open_store
from tests.conftest import POSTGRES_ADMIN_URL
from tests.retention.company import ROWS, add_bulk_cdrs, create_company, inventory_yaml
from tests.retention.conftest import rows

AS_OF = "2026-03-15T12:00:00"
BULK = 2_500
BATCH = "10"
DATAWARD = str(Path(sys.executable).parent / "dataward")


@pytest.fixture
def twin_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same engine, for the uninterrupted run."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'twin.db'}"
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"dataward_twin_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _company(url: str, folder: Path, name: str) -> tuple[Path, str]:
    create_company(url)
    add_bulk_cdrs(url, BULK)
    inventory = folder / f"{name}.yaml"
    inventory.write_text(inventory_yaml(url), "utf-8")
    return inventory, f"sqlite:///{folder / f'{name}-store.db'}"


def _command(inventory: Path, store: str) -> list[str]:
    return [
        DATAWARD,
        "retention",
        "run",
        "--as-of",
        AS_OF,
        "--batch-size",
        BATCH,
        "-i",
        str(inventory),
        "--database-url",
        store,
    ]


def _ledger_rows(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    sa.text("SELECT count(*) FROM dataward_retention_ledger")
                ).scalar()
                or 0
            )
    except sa.exc.DBAPIError:
        return 0
    finally:
        engine.dispose()


def _start_and_kill(command: list[str], url: str, after_batches: int) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _ledger_rows(url) < after_batches:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "the run never reached the kill point"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if process.stderr:
        process.stderr.close()


def _state(url: str) -> dict[str, list[dict[str, object]]]:
    return {table: rows(url, table) for table in ROWS}


def _batches(store: str) -> dict[str, list[tuple[int, int]]]:
    engine = open_store(Settings(store))
    try:
        with Session(engine) as session:
            entries = session.scalars(
                sa.select(AuditEntry).where(AuditEntry.action == "retention.batch")
            ).all()
            per_step: dict[str, list[tuple[int, int]]] = {}
            for entry in entries:
                details = entry.details
                per_step.setdefault(details["step"], []).append(
                    (details["batch"], details["count"])
                )
            assert verify(session).broken is None
            mirrored = session.scalar(sa.select(sa.func.count()).select_from(RetentionBatch))
            assert mirrored == len(entries)
            runs = session.scalars(sa.select(RetentionRun)).all()
            assert [run.status for run in runs] == ["finished"]  # one run, resumed, finished
        return per_step
    finally:
        engine.dispose()


def test_killed_runs_resume_to_the_uninterrupted_end_state(
    database_url: str, twin_url: str, tmp_path: Path
) -> None:
    interrupted, interrupted_store = _company(database_url, tmp_path, "interrupted")
    straight, straight_store = _company(twin_url, tmp_path, "straight")
    assert _state(database_url) == _state(twin_url)

    _start_and_kill(_command(interrupted, interrupted_store), database_url, after_batches=3)
    first_kill = _ledger_rows(database_url)
    _start_and_kill(_command(interrupted, interrupted_store), database_url, first_kill + 5)
    finish = subprocess.run(_command(interrupted, interrupted_store), capture_output=True)
    assert finish.returncode == 0, finish.stderr.decode()
    assert subprocess.run(_command(straight, straight_store), capture_output=True).returncode == 0

    assert _state(database_url) == _state(twin_url)
    resumed, uninterrupted = _batches(interrupted_store), _batches(straight_store)
    assert resumed.keys() == uninterrupted.keys()
    for step, batches in resumed.items():
        numbers = [number for number, _ in batches]
        assert numbers == list(range(1, len(numbers) + 1)), step  # no gap, no double
        assert sum(count for _, count in batches) == sum(c for _, c in uninterrupted[step]), step
    assert _ledger_rows(database_url) == sum(len(batches) for batches in resumed.values())
