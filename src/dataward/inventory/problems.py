"""Problems found in an inventory file, each naming file, line, system, dataset and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dataward.yamlsource import FieldPath, dotted

__all__ = ["FieldPath", "InventoryError", "InventoryProblem", "dotted"]


@dataclass(frozen=True)
class InventoryProblem:
    file: str
    line: int
    column: int
    message: str
    system: str | None = None
    dataset: str | None = None
    field: str = ""
    value: Any = None

    def __str__(self) -> str:
        where: list[str] = []
        if self.system is not None:
            where.append(f"system {self.system!r}")
        if self.dataset is not None:
            where.append(f"dataset {self.dataset!r}")
        if self.field:
            where.append(f"field {self.field!r}")
        shown = "" if self.value is None else f" (got {self.value!r})"
        place = f"{self.file}:{self.line}:{self.column}"
        context = f" {', '.join(where)}:" if where else ""
        return f"{place}:{context} {self.message}{shown}"


class InventoryError(Exception):
    """The inventory could not be loaded; ``problems`` lists every error found."""

    def __init__(self, problems: list[InventoryProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
