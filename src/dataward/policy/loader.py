"""Loading a policy from YAML: all or nothing, every problem named with file, line and field."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dataward.policy.checks import run_checks
from dataward.policy.model import Policy
from dataward.policy.problems import Path as FieldPath
from dataward.policy.problems import PolicyError, Problem, Severity
from dataward.yamlsource import YamlSyntaxError, locate, parse_yaml, validation_details

DEFAULT_POLICY_NAME = "default policy"


def default_policy_text() -> str:
    return (resources.files("dataward.policy") / "default" / "policy.yaml").read_text("utf-8")


class SourceMap:
    """Places problems at the line and column of their field in the parsed YAML."""

    def __init__(self, file: str, tree: Any) -> None:
        self.file = file
        self.tree = tree

    def problem(
        self,
        path: FieldPath,
        message: str,
        value: Any = None,
        severity: Severity = Severity.error,
    ) -> Problem:
        line, column = locate(self.tree, path)
        return Problem(self.file, line, column, path, message, value, severity)


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
    try:
        tree = parse_yaml(text)
    except YamlSyntaxError as error:
        raise PolicyError([Problem(file, error.line, error.column, (), error.message)]) from None
    source = SourceMap(file, tree)
    if not isinstance(tree, dict):
        return None, [source.problem((), "a policy is a YAML mapping", type(tree).__name__)]
    try:
        policy = Policy.model_validate(tree)
    except ValidationError as error:
        return None, [source.problem(*detail) for detail in validation_details(error)]
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
