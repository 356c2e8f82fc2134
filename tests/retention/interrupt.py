"""Running the real ``dataward retention run`` in a subprocess, and killing it with -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditEntry, verify
from dataward.retention.models import RetentionBatch, RetentionRun
from dataward.store import Settings, open_store

AS_OF = "2026-03-15T12:00:00"
BATCH = "10"
DATAWARD = str(Path(sys.executable).parent / "dataward")


def retention_command(inventory: Path, store: str) -> list[str]:
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


def run_files(folder: Path, name: str, inventory: str) -> tuple[Path, str]:
    """The inventory file (holding ``inventory``) and the store URL of a run named ``name``."""
    path = folder / f"{name}.yaml"
    path.write_text(inventory, "utf-8")
    return path, f"sqlite:///{folder / f'{name}-store.db'}"


def ledger_rows(url: str) -> int:
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


def start_and_kill(command: list[str], url: str, after_batches: int) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while ledger_rows(url) < after_batches:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "the run never reached the kill point"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if process.stderr:
        process.stderr.close()


def audited_batches(store: str) -> dict[str, list[tuple[int, int]]]:
    """Per step, the (batch, rows) of its audit entries; checks the chain and the mirror."""
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


def interrupt_twice_then_finish(command: list[str], url: str) -> None:
    """Kill the run after its third batch, again five batches later, then let it finish."""
    start_and_kill(command, url, after_batches=3)
    start_and_kill(command, url, ledger_rows(url) + 5)
    finish = subprocess.run(command, capture_output=True)
    assert finish.returncode == 0, finish.stderr.decode()


def assert_same_batches(interrupted_store: str, straight_store: str, url: str) -> None:
    """Resumed batches are numbered without gap or double and add up to the straight run's."""
    resumed, uninterrupted = audited_batches(interrupted_store), audited_batches(straight_store)
    assert resumed.keys() == uninterrupted.keys()
    for step, batches in resumed.items():
        numbers = [number for number, _ in batches]
        assert numbers == list(range(1, len(numbers) + 1)), step  # no gap, no double
        assert sum(count for _, count in batches) == sum(c for _, c in uninterrupted[step]), step
    assert ledger_rows(url) == sum(len(batches) for batches in resumed.values())
