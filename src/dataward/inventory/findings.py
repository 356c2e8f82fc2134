"""What ``inventory check`` and ``inventory scan`` report: one finding per problem."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Finding:
    """One problem, where it is, and (when dataward knows it) the exact fix."""

    severity: Severity
    code: str
    message: str
    system: str | None = None
    dataset: str | None = None
    fix: str | None = None

    @property
    def where(self) -> str:
        if self.system and self.dataset:
            return f"{self.system}.{self.dataset}"
        return self.system or "inventory"

    def __str__(self) -> str:
        text = f"{self.severity.value}: {self.where}: {self.message}"
        return f"{text}\n  fix: {self.fix}" if self.fix else text


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.severity is Severity.error for finding in findings)
