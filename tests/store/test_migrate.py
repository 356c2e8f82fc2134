from __future__ import annotations

import ast
import importlib
import multiprocessing
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dataward.store import (
    Base,
    Settings,
    create_engine,
    current_revision,
    head_revision,
    open_store,
    upgrade,
)
from dataward.store.migrate import MIGRATIONS_DIR


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(Settings(database_url))
    yield engine
    engine.dispose()


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_empty_database_has_no_revision(engine: sa.Engine) -> None:
    assert current_revision(engine) is None
    assert _tables(engine) == set()


def test_upgrade_from_empty_reaches_head(engine: sa.Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert {"alembic_version", "audit_entry", "audit_head"} <= _tables(engine)
    with engine.connect() as connection:
        head = connection.execute(sa.text("SELECT id, seq, hash FROM audit_head")).all()
    assert head == [(1, 0, "0" * 64)]


def test_upgrade_is_idempotent(engine: sa.Engine) -> None:
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM audit_head")).scalar() == 1


def test_open_store_migrates(database_url: str) -> None:
    engine = open_store(Settings(database_url))
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def _model_modules() -> list[str]:
    """MODEL_MODULES from env.py, read without running it (importing env.py migrates)."""
    tree = ast.parse((MIGRATIONS_DIR / "env.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MODEL_MODULES":
            return list(ast.literal_eval(node.value))
    raise AssertionError("env.py has no MODEL_MODULES")


def test_models_match_migrations(engine: sa.Engine) -> None:
    """The tables the migrations build are the ones the models describe (autogenerate: none)."""
    for module in _model_modules():
        importlib.import_module(module)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def _upgrade_in_a_process(database_url: str) -> str | None:
    engine = create_engine(Settings(database_url))
    try:
        upgrade(engine)
        return current_revision(engine)
    finally:
        engine.dispose()


def test_concurrent_upgrades_from_empty(database_url: str) -> None:
    # Separate processes, as when several servers start at once against one empty database.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(4, mp_context=context) as pool:
        revisions = list(pool.map(_upgrade_in_a_process, [database_url] * 4))
    assert revisions == [head_revision()] * 4


def test_concurrent_upgrades_from_threads(database_url: str) -> None:
    engines = [create_engine(Settings(database_url)) for _ in range(4)]
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(upgrade, engines))
        assert current_revision(engines[0]) == head_revision()
    finally:
        for engine in engines:
            engine.dispose()


def test_upgrade_imports_no_feature_models(sqlite_url: str) -> None:
    # A fresh interpreter: in this one, other tests have imported the models already.
    script = (
        "import sys; from dataward.store import Settings, open_store; "
        f"open_store(Settings({sqlite_url!r})).dispose(); "
        "print(sorted(m for m in sys.modules if m.endswith('.models')))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
