"""``inventory scan`` keeps finding the demo company's personal data (benchmarks/scan_accuracy.py).

The same comparison as the benchmark, on the tiny demo: the floors are the figures measured
on it (seed 42) minus a small margin, so a detector that starts missing columns, or
flagging ids and timestamps, fails here before the README's figures go stale.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.scale import Scale
from dataward.inventory.loader import load_inventory

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "scan_accuracy.py"
MARGIN = 0.05
# Measured on the tiny demo, seed 42: 292 columns, 165 personal, 84 of them detectable.
PRECISION = 1.0  # 89 flagged, 0 false positives
RECALL = 89 / 165  # 53.9%: most personal columns hold nothing the scanner claims to find
DETECTABLE_RECALL = 84 / 84
KIND_RECALL = {
    "email": 1.0,
    "phone": 1.0,
    "ip_address": 1.0,
    "iban": 1.0,
    "free_text": 1.0,
    "person_name": 1.0,
}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scan_accuracy", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("scan-demo")
    built = build_demo(DemoOptions(Scale.parse("tiny"), bench.AS_OF, bench.SEED, folder))
    yield bench.report(bench.compare(load_inventory(built.inventory)))


def test_scan_uses_the_command_default_sample(bench: ModuleType) -> None:
    assert bench.SAMPLE == 100


def test_precision_and_recall_stay_above_the_measured_levels(result: Any) -> None:
    overall, detectable = result.overall, result.detectable
    assert overall.precision >= PRECISION - MARGIN, overall.names["fp"]
    assert overall.recall >= RECALL - MARGIN, overall.names["fn"]
    assert detectable.recall >= DETECTABLE_RECALL - MARGIN, detectable.names["fn"]


def test_every_kind_stays_above_its_measured_level(result: Any) -> None:
    by_flag, by_kind = result.by_flag, result.by_kind
    for kind, counts in by_flag.items():
        assert counts.precision >= PRECISION - MARGIN, (kind, counts.names["fp"])
    assert set(by_kind) == set(KIND_RECALL)
    for kind, floor in KIND_RECALL.items():
        assert by_kind[kind].recall >= floor - MARGIN, (kind, by_kind[kind].names["fn"])
