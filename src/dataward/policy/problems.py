"""Problems found in a policy file, each with the place in the YAML that caused it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dataward.yamlsource import FieldPath, dotted

Path = FieldPath


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    path: Path
    message: str
    value: Any = None
    severity: Severity = Severity.error

    @property
    def dotted_path(self) -> str:
        return dotted(self.path) or "(document)"

    def __str__(self) -> str:
        shown = "" if self.value is None else f" (got {self.value!r})"
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity.value}: "
            f"{self.dotted_path}: {self.message}{shown}"
        )


class PolicyError(Exception):
    """The policy could not be loaded; ``problems`` lists every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
