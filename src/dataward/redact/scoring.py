"""Per-entity precision and recall of predicted spans against a labelled corpus.

A prediction is correct when it overlaps a gold span of the same entity type (any
overlap, so "Zagreb" inside a labelled address counts for the address); a gold span is
found when some prediction of its type overlaps it. Predictions whose type maps to no
entity ("OTHER") count as correct if they overlap any gold span, else as false alarms.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dataward.redact.corpus import Document

OTHER = "OTHER"
Prediction = tuple[int, int, str]  # start, end, entity value or OTHER


@dataclass
class Score:
    true_positives: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def precision(self, entity: str) -> float | None:
        predicted = self.predicted[entity]
        return self.true_positives[entity] / predicted if predicted else None

    def recall(self, entity: str) -> float | None:
        gold = self.gold[entity]
        return self.found[entity] / gold if gold else None


def score(documents: Sequence[Document], predictions: Iterable[Sequence[Prediction]]) -> Score:
    result = Score()
    for doc, predicted in zip(documents, predictions, strict=True):
        for span in doc.spans:
            result.gold[span.entity.value] += 1
            if any(_hit(p, span.start, span.end) and p[2] == span.entity.value for p in predicted):
                result.found[span.entity.value] += 1
        for start, end, entity in predicted:
            result.predicted[entity] += 1
            hit = any(
                _hit((start, end, entity), s.start, s.end)
                and (entity == OTHER or s.entity.value == entity)
                for s in doc.spans
            )
            result.true_positives[entity] += hit
    return result


def _hit(prediction: Prediction, start: int, end: int) -> bool:
    return prediction[0] < end and start < prediction[1]
