"""kill -9 a real ``dataward retention run`` mid-run, run again: same end state, clean audit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.retention.company import ROWS, add_bulk_cdrs, create_company, inventory_yaml
from tests.retention.conftest import rows
from tests.retention.interrupt import (
    assert_same_batches,
    interrupt_twice_then_finish,
    retention_command,
    run_files,
)

BULK = 2_500


def _company(url: str, folder: Path, name: str) -> tuple[Path, str]:
    create_company(url)
    add_bulk_cdrs(url, BULK)
    return run_files(folder, name, inventory_yaml(url))


def _state(url: str) -> dict[str, list[dict[str, object]]]:
    return {table: rows(url, table) for table in ROWS}


def test_killed_runs_resume_to_the_uninterrupted_end_state(
    database_url: str, twin_url: str, tmp_path: Path
) -> None:
    interrupted, interrupted_store = _company(database_url, tmp_path, "interrupted")
    straight, straight_store = _company(twin_url, tmp_path, "straight")
    assert _state(database_url) == _state(twin_url)

    interrupt_twice_then_finish(retention_command(interrupted, interrupted_store), database_url)
    straight_run = subprocess.run(retention_command(straight, straight_store), capture_output=True)
    assert straight_run.returncode == 0

    assert _state(database_url) == _state(twin_url)
    assert_same_batches(interrupted_store, straight_store, database_url)
