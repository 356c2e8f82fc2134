"""Every detector, its options and every entity type are documented in docs/redaction.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dataward.redact import BUILTINS, Detector, Entity

DOCS = Path(__file__).resolve().parents[2] / "docs" / "redaction.md"


@pytest.mark.parametrize("cls", BUILTINS, ids=lambda cls: cls.name)
def test_detector_and_options_are_documented(cls: type[Detector[Any]]) -> None:
    text = DOCS.read_text("utf-8")
    section = text.split(f"### `{cls.name}`", 1)
    assert len(section) == 2, f"no section for detector {cls.name}"
    body = section[1].split("\n### ", 1)[0]
    for option in cls.config_model.model_fields:
        if option not in {"enabled", "min_score"}:
            assert f"`{option}`" in body, f"{cls.name}.{option} undocumented"


@pytest.mark.parametrize("entity", list(Entity), ids=str)
def test_entity_is_documented(entity: Entity) -> None:
    assert f"`<{entity.value}>`" in DOCS.read_text("utf-8")
