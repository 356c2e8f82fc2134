"""Every inventory key and connector option is documented in docs/inventory.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.model import (
    Column,
    Dataset,
    HandledOutside,
    IdentityColumn,
    IdentitySettings,
    Inventory,
    Relation,
    System,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "inventory.md"
MODELS: list[type[BaseModel]] = [
    Inventory,
    IdentitySettings,
    HandledOutside,
    System,
    Dataset,
    IdentityColumn,
    Relation,
    Column,
]


def keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


@pytest.mark.parametrize("key", sorted({key for model in MODELS for key in keys(model)}), ids=str)
def test_inventory_key_is_documented(key: str) -> None:
    # As a key cell of a reference table: `key`, `parent.key` or `parent[].key`.
    assert re.search(rf"^\| `([a-z_\[\].]*\.)?{key}` \|", DOCS.read_text("utf-8"), re.M)


@pytest.mark.parametrize(
    "option",
    [
        f"{connector.name}:{key}"
        for connector in default_registry()
        for key in keys(connector.Config)
    ],
)
def test_connector_option_is_documented(option: str) -> None:
    name, key = option.split(":")
    text = DOCS.read_text("utf-8")
    section = text.split(f"### `{name}`", 1)[1].split("\n## ", 1)[0]
    assert f"`{key}`" in section
