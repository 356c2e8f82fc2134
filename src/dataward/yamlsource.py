"""YAML documents that remember where each field came from.

The policy and the inventory are both hand-written YAML, and both promise errors that name
file, line, column and field. This module parses with ruamel.yaml's round-trip loader (which
keeps positions; PyYAML drops them), finds the position of a field path, and turns pydantic
validation errors into (path, message, value) triples a loader can place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError

FieldPath = tuple[str | int, ...]

# Pydantic puts validator kinds into error locations; they are not fields of the document.
_VALIDATOR_STEPS = frozenset({"function-after", "function-before", "function-wrap"})


def dotted(path: FieldPath) -> str:
    """``("activities", 0, "retention")`` → ``activities[0].retention``."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts)


@dataclass(frozen=True)
class YamlSyntaxError(Exception):
    """The text is not YAML (or repeats a key); line and column are 1-based."""

    line: int
    column: int
    message: str


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str) -> Any:
    """Parse YAML keeping positions; raises :class:`YamlSyntaxError`."""
    try:
        return round_trip_yaml().load(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlSyntaxError(line, column, f"duplicate key: {error.problem}") from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"invalid YAML: {error.problem or error.context}"
        raise YamlSyntaxError(line, column, message) from None


def locate(tree: Any, path: FieldPath) -> tuple[int, int]:
    """The 1-based line and column of the deepest part of ``path`` found in ``tree``."""
    node = tree
    line, column = 0, 0
    for part in path:
        if isinstance(node, CommentedMap) and part in node:
            line, column = node.lc.key(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
        else:
            break
    return line + 1, column + 1


def validation_details(error: ValidationError) -> Iterator[tuple[FieldPath, str, Any]]:
    """Each pydantic error as (field path, message, offending value or None)."""
    for detail in error.errors(include_url=False):
        path: FieldPath = tuple(part for part in detail["loc"] if part not in _VALIDATOR_STEPS)
        value = detail.get("input")
        if detail["type"] == "missing" or isinstance(value, dict | list):
            value = None
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = f"unknown key {path[-1]!r}"
        yield path, message, value
