"""``dataward db upgrade`` and ``dataward db current``."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from dataward.cli.main import app
from dataward.store import head_revision

runner = CliRunner()


def test_current_on_an_empty_database_does_not_migrate(database_url: str) -> None:
    result = runner.invoke(app, ["db", "current", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"revision none; newest is {head_revision()}: run `dataward db upgrade`"
    )
    engine = sa.create_engine(database_url)
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_upgrade_then_current(database_url: str) -> None:
    for _ in range(2):  # the second run finds nothing to do
        result = runner.invoke(app, ["db", "upgrade", "--database-url", database_url])
        assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"database is at revision {head_revision()} (newest)"
    result = runner.invoke(app, ["db", "current", "--database-url", database_url])
    assert result.stdout.strip() == f"revision {head_revision()} (newest)"


def test_default_database_is_created_under_var(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATAWARD_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "var" / "dataward.db").is_file()
