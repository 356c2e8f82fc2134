"""Fixtures of the demo tests: tiny demos built into temporary folders, read with sqlite3."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dataward.demo.build import DemoOptions, DemoResult, build_demo
from dataward.demo.scale import Scale
from dataward.demo.systems import SYSTEMS, SystemBuilder

AS_OF = date(2025, 6, 30)
Build = Callable[..., DemoResult]


@pytest.fixture
def build(tmp_path: Path) -> Build:
    """Build a tiny demo into ``tmp_path / name`` (options overridable by keyword)."""

    def run(
        name: str = "demo", systems: Sequence[SystemBuilder] = SYSTEMS, **options: Any
    ) -> DemoResult:
        settings: dict[str, Any] = {"scale": Scale.parse("tiny"), "as_of": AS_OF}
        settings |= {"directory": tmp_path / name} | options
        return build_demo(DemoOptions(**settings), systems=systems)

    return run


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    """One tiny demo shared by the tests that only read it."""
    directory = tmp_path_factory.mktemp("tiny") / "demo"
    return build_demo(DemoOptions(Scale.parse("tiny"), AS_OF, directory=directory))


def sqlite_path(result: DemoResult, system: str) -> Path:
    return Path(result.urls[system].removeprefix("sqlite:///"))


def query(result: DemoResult, system: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(sqlite_path(result, system))
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def checksum(directory: Path) -> str:
    """A digest of every row of every table of every database in ``directory``."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.db")):
        connection = sqlite3.connect(path)
        try:
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall()
            for (table,) in tables:
                digest.update(f"{path.name}/{table}".encode())
                for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY id'):
                    digest.update(repr(row).encode())
        finally:
            connection.close()
    return digest.hexdigest()
