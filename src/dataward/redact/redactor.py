"""The redactor: an analyzer and an operator, text in, :class:`RedactionResult` out."""

from __future__ import annotations

from collections.abc import Sequence

from dataward.redact.analyzer import Analyzer
from dataward.redact.model import RedactionResult
from dataward.redact.operators import Operator, Placeholder, apply


class Redactor:
    def __init__(self, analyzer: Analyzer, operator: Operator | None = None) -> None:
        self.analyzer = analyzer
        self.operator = operator or Placeholder()

    def redact(self, text: str) -> RedactionResult:
        findings = self.analyzer.analyze(text)
        return RedactionResult(apply(text, findings, self.operator), tuple(findings))

    def redact_many(self, texts: Sequence[str]) -> list[RedactionResult]:
        """Like :meth:`redact` per text, but the name model sees the texts in batches."""
        batches = self.analyzer.analyze_batch(texts)
        return [
            RedactionResult(apply(text, findings, self.operator), tuple(findings))
            for text, findings in zip(texts, batches, strict=True)
        ]
