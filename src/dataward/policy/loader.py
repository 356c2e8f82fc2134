"""Loading a policy from YAML: all or nothing, every problem named with file, line and field."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError

from dataward.policy.checks import run_checks
from dataward.policy.model import Policy
from dataward.policy.problems import Path as FieldPath
from dataward.policy.problems import PolicyError, Problem, Severity

DEFAULT_POLICY_NAME = "default policy"


def default_policy_text() -> str:
    return (resources.files("dataward.policy") / "default" / "policy.yaml").read_text("utf-8")


class SourceMap:
    """Finds the line and column (1-based) of a field path in the parsed YAML tree."""

    def __init__(self, file: str, tree: Any) -> None:
        self.file = file
        self.tree = tree

    def locate(self, path: FieldPath) -> tuple[int, int]:
        node = self.tree
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

    def problem(
        self,
        path: FieldPath,
        message: str,
        value: Any = None,
        severity: Severity = Severity.error,
    ) -> Problem:
        line, column = self.locate(path)
        return Problem(self.file, line, column, path, message, value, severity)


def _parse_yaml(text: str, file: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"duplicate key: {error.problem}"
        raise PolicyError([Problem(file, line, column, (), message)]) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"invalid YAML: {error.problem or error.context}"
        raise PolicyError([Problem(file, line, column, (), message)]) from None


def _validation_problems(error: ValidationError, source: SourceMap) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        path: FieldPath = tuple(part for part in detail["loc"] if part != "function-after")
        value = detail.get("input")
        if detail["type"] == "missing" or isinstance(value, dict | list):
            value = None
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = f"unknown key {path[-1]!r}"
        problems.append(source.problem(path, message, value))
    return problems


def parse_policy(text: str, file: str = "<policy>", as_of: date | None = None) -> Policy:
    """Parse and check a policy. Raises :class:`PolicyError` listing every error found.

    Warnings (e.g. an overdue supplier assessment) do not stop loading; use
    :func:`check_policy` to see them.
    """
    policy, problems = check_policy(text, file, as_of)
    errors = [problem for problem in problems if problem.severity is Severity.error]
    if errors or policy is None:
        raise PolicyError(errors)
    return policy


def check_policy(
    text: str, file: str = "<policy>", as_of: date | None = None
) -> tuple[Policy | None, list[Problem]]:
    """Parse a policy and return it (or None) with every problem found, errors and warnings."""
    tree = _parse_yaml(text, file)
    source = SourceMap(file, tree)
    if not isinstance(tree, dict):
        return None, [source.problem((), "a policy is a YAML mapping", type(tree).__name__)]
    try:
        policy = Policy.model_validate(tree)
    except ValidationError as error:
        return None, _validation_problems(error, source)
    return policy, run_checks(policy, source.problem, as_of or date.today())


def load_policy(path: Path | str | None = None, as_of: date | None = None) -> Policy:
    """Load the policy at ``path``, or the default policy shipped with dataward."""
    if path is None:
        return parse_policy(default_policy_text(), DEFAULT_POLICY_NAME, as_of)
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except OSError as error:
        raise PolicyError(
            [Problem(str(file), 0, 0, (), f"cannot read: {error.strerror}")]
        ) from None
    return parse_policy(text, str(file), as_of)
