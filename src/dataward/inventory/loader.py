"""Loading an inventory from YAML: all or nothing, every problem named with its place.

Each problem names the file, line and column, the system and dataset it sits in (by
name, read from the raw YAML so that even a dataset that failed validation is named)
and the field inside it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from dataward.inventory.connectors.registry import ConnectorRegistry, default_registry
from dataward.inventory.model import Inventory
from dataward.inventory.problems import FieldPath, InventoryError, InventoryProblem, dotted
from dataward.inventory.validate import run_checks
from dataward.yamlsource import (
    YamlSyntaxError,
    locate,
    parse_yaml,
    round_trip_yaml,
    validation_details,
)

DEFAULT_INVENTORY = Path("inventory.yaml")


class SourceMap:
    """Finds where a field path sits in the parsed YAML tree, and which system and dataset."""

    def __init__(self, file: str, tree: Any) -> None:
        self.file = file
        self.tree = tree

    def _name_at(self, path: FieldPath) -> str | None:
        node = self.tree
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        name = node.get("name") if isinstance(node, dict) else None
        return str(name) if name is not None else f"#{path[-1]}"

    def problem(self, path: FieldPath, message: str, value: Any = None) -> InventoryProblem:
        line, column = locate(self.tree, path)
        system = dataset = None
        field = path
        if len(path) >= 2 and path[0] == "systems":
            system = self._name_at(path[:2])
            field = path[2:]
            if len(path) >= 4 and path[2] == "datasets":
                dataset = self._name_at(path[:4])
                field = path[4:]
        return InventoryProblem(
            self.file, line, column, message, system, dataset, dotted(field), value
        )


def parse_inventory(
    text: str, file: str = "<inventory>", registry: ConnectorRegistry | None = None
) -> Inventory:
    """Parse and check an inventory; raises :class:`InventoryError` listing every problem."""
    try:
        tree = parse_yaml(text)
    except YamlSyntaxError as error:
        problem = InventoryProblem(file, error.line, error.column, error.message)
        raise InventoryError([problem]) from None
    source = SourceMap(file, tree)
    if not isinstance(tree, dict):
        raise InventoryError([source.problem((), "an inventory is a YAML mapping")])
    try:
        inventory = Inventory.model_validate(tree)
    except ValidationError as error:
        problems = [source.problem(*detail) for detail in validation_details(error)]
        raise InventoryError(problems) from None
    problems = run_checks(inventory, source.problem, registry or default_registry())
    if problems:
        raise InventoryError(problems)
    return inventory


def load_inventory(
    path: Path | str = DEFAULT_INVENTORY, registry: ConnectorRegistry | None = None
) -> Inventory:
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except OSError as error:
        raise InventoryError(
            [InventoryProblem(str(file), 0, 0, f"cannot read: {error.strerror}")]
        ) from None
    return parse_inventory(text, str(file), registry)


def _compact(value: Any) -> Any:
    """Small leaves in flow style (``[a, b]``, ``{column: email, kind: email}``), as people
    write them by hand; anything holding a list or mapping stays in block style."""
    if isinstance(value, dict):
        node = CommentedMap((key, _compact(item)) for key, item in value.items())
        if all(not isinstance(item, dict | list) for item in value.values()):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_compact(item) for item in value)
        if all(not isinstance(item, dict | list) for item in value):
            seq.fa.set_flow_style()
        return seq
    return value


def dump_yaml(data: Any) -> str:
    """YAML text in the inventory's hand-written style (used for snippets and exports too)."""
    buffer = io.StringIO()
    yaml = round_trip_yaml()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.dump(_compact(data), buffer)
    return buffer.getvalue()


def dump_inventory(inventory: Inventory) -> str:
    """YAML text of an inventory, defaults left out; URL templates are written as loaded."""
    data = inventory.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return dump_yaml({"version": 1, **data})
