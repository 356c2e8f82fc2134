"""``inventory scan``: sample every table and flag personal data the inventory does not name.

Each table is read with one bounded ``SELECT ... LIMIT n``; the sampled string values go
through the detector registry. A column is flagged when most of its values match one
detector (or its name says so and no value contradicts it), or when it holds free text in
which one of the redaction detectors (:mod:`dataward.redact`, without names) finds
something. The result comes with an inventory snippet to paste.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dataward.inventory.connectors.base import Connector
from dataward.inventory.connectors.registry import ConnectorRegistry
from dataward.inventory.detectors import Detector, DetectorRegistry
from dataward.inventory.loader import dump_yaml
from dataward.inventory.model import Dataset, System
from dataward.inventory.query import sample_select
from dataward.inventory.taxonomy import TaxonomyMap
from dataward.redact import Analyzer, build_redactor

FREE_TEXT_WORDS = 4  # mean words per value from which a column reads as prose


@dataclass(frozen=True)
class Flag:
    table: str
    column: str
    detector: str
    share: float  # of the sampled non-empty text values that matched
    sampled: int
    by_name: bool
    free_text: bool
    fides_category: str
    identity_kind: str | None

    @property
    def reason(self) -> str:
        if self.free_text:
            return f"free text containing {self.detector} ({self.sampled} sampled)"
        share = f"{self.share:.0%} of {self.sampled} sampled"
        return f"{self.detector}: {share}" + (", and the column name" if self.by_name else "")


def _share(detector: Detector, values: list[str], by_name: bool) -> float:
    if not values:
        return 0.0
    matches = detector.matches_named if by_name else detector.matches
    return sum(matches(value) for value in values) / len(values)


def classify(
    table: str,
    column: str,
    values: list[str],
    detectors: DetectorRegistry,
    threshold: float,
    free_text: Analyzer | None = None,
) -> Flag | None:
    """The most convincing detector for one column's sampled values, if any."""
    best: tuple[float, Detector, bool] | None = None
    for detector in detectors:
        by_name = detector.column_hint(column)
        share = _share(detector, values, by_name)
        convincing = share >= threshold or (by_name and (not values or share > 0))
        if convincing and (best is None or share > best[0]):
            best = (share, detector, by_name)
    if best is not None:
        share, detector, by_name = best
        return Flag(
            table, column, detector.name, share, len(values), by_name, False,
            detector.fides_category, detector.identity_kind,
        )  # fmt: skip
    if values and sum(len(value.split()) for value in values) / len(values) >= FREE_TEXT_WORDS:
        # Prose goes through the redaction detectors, which find data inside sentences.
        analyzer = free_text or build_redactor(names="off").analyzer
        for found in analyzer.analyze_batch(values):
            if found:
                return Flag(
                    table, column, found[0].detector, 0.0, len(values), False, True,
                    found[0].fides_category, None,
                )  # fmt: skip
    return None


def scan(
    connector: Connector,
    detectors: DetectorRegistry,
    sample: int,
    known: dict[str, Dataset] | None = None,
    threshold: float = 0.5,
    free_text: Analyzer | None = None,
) -> list[Flag]:
    """Flags for columns holding personal data that ``known`` (table → dataset) leaves out."""
    known = known or {}
    flags = []
    for ref in connector.tables():
        info = connector.describe(ref)
        if info is None:
            continue
        rows = connector.rows(sample_select(info.as_table(), sample))
        dataset = known.get(ref.name)
        for column in info.columns:
            if dataset is not None and _annotated(dataset, column.name):
                continue
            values = [row[column.name] for row in rows]
            texts = [value for value in values if isinstance(value, str) and value.strip()]
            if values and not texts and any(value is not None for value in values):
                continue  # numbers, dates, blobs: the value detectors read text only
            free_text = free_text or build_redactor(names="off").analyzer
            flag = classify(ref.name, column.name, texts, detectors, threshold, free_text)
            if flag is not None:
                flags.append(flag)
    return flags


def scan_system(
    system: System,
    registry: ConnectorRegistry,
    detectors: DetectorRegistry,
    sample: int,
    environ: Mapping[str, str] | None = None,
    free_text: Analyzer | None = None,
) -> list[Flag]:
    """Open ``system`` and scan it; columns its datasets annotate are skipped.

    ``free_text`` reads prose (default: the redaction detectors without names, for the
    default phone regions). Raises :class:`ConnectorError` (URL masked) when the system
    cannot be reached.
    """
    known = {dataset.table_name: dataset for dataset in system.datasets}
    with registry.connector(system, environ) as connector:
        return scan(connector, detectors, sample, known, free_text=free_text)


def _annotated(dataset: Dataset, column: str) -> bool:
    return column in dataset.columns or any(item.column == column for item in dataset.identities)


def suggestion(flags: Iterable[Flag], taxonomy: TaxonomyMap) -> str:
    """An inventory snippet (datasets) for the flagged columns, to review and paste."""
    tables: dict[str, dict[str, Any]] = {}
    for flag in flags:
        entry = tables.setdefault(
            flag.table, {"name": flag.table, "activities": [], "identities": [], "columns": {}}
        )
        category = taxonomy.category([flag.fides_category])
        column: dict[str, Any] = {"category": category or f"TODO_{flag.fides_category}"}
        if flag.free_text:
            column["free_text"] = True
        entry["columns"][flag.column] = column
        if flag.identity_kind:
            entry["identities"].append({"column": flag.column, "kind": flag.identity_kind})
    datasets = []
    for entry in tables.values():
        if not entry["identities"]:
            del entry["identities"]
        datasets.append(entry)
    header = "# Review before use: fill `activities`, check each category and erasure.\n"
    return header + dump_yaml({"datasets": datasets})
