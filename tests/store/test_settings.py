from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dataward.store import Settings


def test_default_is_sqlite_under_var_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.database_url == f"sqlite:///{tmp_path / 'var' / 'dataward.db'}"
    assert not (tmp_path / "var").exists(), "reading settings must not touch the disk"


def test_environment_variable_wins() -> None:
    url = "postgresql+psycopg://dataward@db.internal:5432/dataward"
    assert Settings.from_env({"DATAWARD_DATABASE_URL": url}).database_url == url


def test_blank_variable_means_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert Settings.from_env({"DATAWARD_DATABASE_URL": "  "}).database_url.startswith("sqlite:")


def test_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAWARD_DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    assert Settings.from_env().database_url == "sqlite:////tmp/elsewhere.db"


def test_settings_are_frozen() -> None:
    settings = Settings("sqlite://")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.database_url = "sqlite:///other.db"  # type: ignore[misc]
