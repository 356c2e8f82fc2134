"""``dataward audit list`` and ``dataward audit verify`` against a real database."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from dataward.cli.main import app
from dataward.store import Settings, open_store
from tests.audit.factories import append_entries, execute, head

runner = CliRunner()


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = open_store(Settings(database_url))
    append_entries(engine, 4)
    yield engine
    engine.dispose()


def _run(database_url: str, *args: str) -> Result:
    return runner.invoke(app, [*args, "--database-url", database_url])


def test_verify_intact_log_exits_0_and_prints_the_head(
    engine: sa.Engine, database_url: str
) -> None:
    result = _run(database_url, "audit", "verify")
    seq, hash_ = head(engine)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"audit log OK: 4 entries checked; head {seq}:{hash_}"


def test_verify_tampered_log_exits_1_naming_the_entry(engine: sa.Engine, database_url: str) -> None:
    execute(engine, "UPDATE audit_entry SET target = 'dataset:other' WHERE seq = 2")
    result = _run(database_url, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("audit log BROKEN at seq 2 (edited): entry 2 was changed")
    assert "1 entries before it are intact" in result.stderr


def test_verify_against_a_recorded_head(engine: sa.Engine, database_url: str) -> None:
    seq, hash_ = head(engine)
    assert _run(database_url, "audit", "verify", "--expect-head", f"{seq}:{hash_}").exit_code == 0
    wrong = f"{seq}:{'0' * 64}"
    result = _run(database_url, "audit", "verify", "--expect-head", wrong)
    assert result.exit_code == 1
    assert "BROKEN at seq 4 (edited)" in result.stderr


def test_verify_rejects_a_malformed_head(engine: sa.Engine, database_url: str) -> None:
    result = _run(database_url, "audit", "verify", "--expect-head", "4:abc")
    assert result.exit_code == 2
    assert "SEQ:HASH" in result.output


def test_verify_reads_the_url_from_the_environment(engine: sa.Engine, database_url: str) -> None:
    result = runner.invoke(app, ["audit", "verify"], env={"DATAWARD_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "4 entries checked" in result.stdout


def test_verify_migrates_an_empty_database(sqlite_url: str) -> None:
    result = _run(sqlite_url, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "audit log OK: 0 entries checked; head empty"


def test_list_json(engine: sa.Engine, database_url: str) -> None:
    result = _run(database_url, "audit", "list", "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert [entry["seq"] for entry in entries] == [4, 3]
    assert entries[0]["action"] == "retention.batch"
    assert entries[0]["details"] == {"batch": 4, "rows": 4000, "rule": "cdr_phone_12m"}
    assert entries[0]["hash"] == head(engine)[1]


def test_list_filters_by_action(engine: sa.Engine, database_url: str) -> None:
    result = _run(database_url, "audit", "list", "--json", "--action", "request.approved")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_list_table(engine: sa.Engine, database_url: str) -> None:
    result = _run(database_url, "audit", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    newest = next(line for line in lines if line.strip().startswith("4 "))
    assert "2025-02-01 00:00:03" in newest and "retention.batch" in newest
    assert lines.index(newest) < next(i for i, line in enumerate(lines) if "00:00:00" in line)
