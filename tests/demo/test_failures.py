"""A failed build leaves nothing behind, and a previous demo exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dataward.demo.spec import Batch, SystemSpec, TableSpec
from dataward.demo.systems import SYSTEMS, crm, messaging
from dataward.demo.systems.traffic import Traffic
from dataward.demo.targets.base import DemoError
from dataward.demo.world import World
from tests.demo.conftest import Build, checksum


def _broken(world: World) -> SystemSpec:
    raise RuntimeError("generator failed")


def _unknown_activity(world: World) -> SystemSpec:
    spec = crm.system(world)
    table = spec.tables[0]
    wrong = TableSpec(table.name, table.description, table.columns, ["no_such_activity"], 0)
    return SystemSpec("wrong", "An inventory the policy rejects.", [wrong])


@dataclass(frozen=True)
class FailingShare:
    """A share of the CDRs whose worker process fails (importable from the spawned child)."""

    def batches(self) -> Iterator[Batch]:
        raise RuntimeError("worker failed")


def _failing_workers(world: World) -> SystemSpec:
    spec = messaging.system(world)
    cdrs = next(table for table in spec.tables if table.name == "cdrs")
    cdrs.split = lambda parts: [FailingShare() for _ in range(parts)]
    return spec


def test_a_worker_process_failing_leaves_nothing(build: Build, tmp_path: Path) -> None:
    with pytest.raises(DemoError, match="a worker process failed"):
        build(workers=2, systems=(_failing_workers, *SYSTEMS[1:]))
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_target_fails_before_any_work(build: Build, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(DemoError, match="cannot write the demo"):
        build(directory=tmp_path / "file" / "demo")
    with pytest.raises(DemoError, match="is not a folder"):
        build(directory=tmp_path / "file")
    assert [path.name for path in tmp_path.iterdir()] == ["file"]


def test_a_generator_failing_mid_build_leaves_nothing(build: Build, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="generator failed"):
        build(systems=(messaging.system, _broken))
    assert list(tmp_path.iterdir()) == []


def test_a_failure_inside_the_cdr_load_leaves_nothing(
    build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    month = Traffic._month
    calls = []

    def fail_on_the_third_month(self: Traffic, index: int, count: int, first_id: int) -> list:  # type: ignore[type-arg]
        calls.append(index)
        if len(calls) == 3:
            raise OSError("disk full")
        return month(self, index, count, first_id)

    monkeypatch.setattr(Traffic, "_month", fail_on_the_third_month)
    with pytest.raises(OSError, match="disk full"):
        build()
    assert list(tmp_path.iterdir()) == []


def test_an_inventory_the_policy_rejects_fails_the_build(build: Build, tmp_path: Path) -> None:
    with pytest.raises(DemoError, match="unknown activity 'no_such_activity'"):
        build(systems=(crm.system, _unknown_activity))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rebuild_keeps_the_previous_demo(build: Build, tmp_path: Path) -> None:
    first = build()
    before = checksum(first.inventory.parent)
    inventory = first.inventory.read_text("utf-8")
    with pytest.raises(RuntimeError):
        build(seed=7, systems=(messaging.system, crm.system, _broken))
    assert checksum(first.inventory.parent) == before
    assert first.inventory.read_text("utf-8") == inventory
    assert [path.name for path in tmp_path.iterdir()] == ["demo"]
