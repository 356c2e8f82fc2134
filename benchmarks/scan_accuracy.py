"""How well ``dataward inventory scan URL`` finds personal data: precision and recall on the demo.

Builds the demo company (fixed seed, into a temporary folder), scans every system's
database the way ``dataward inventory scan URL`` does without ``--inventory`` (same
detectors, same default ``--sample``, the same ``scan`` function on the raw database, so
every personal column should be flagged), and compares the flagged columns with the
demo's inventory, which is written from the same declarations as the tables:

* truth: a column is personal when the inventory gives it a ``category``; every other
  column (ids, timestamps without a category, columns the inventory does not list) is not;
* precision = flagged personal columns / flagged columns;
* recall = flagged personal columns / personal columns.

Per detector kind the scan emits (``email``, ``phone``…, and ``free text (<detector>)``
for prose in which the redaction detectors found something) the table gives precision;
recall per kind is over the detectable columns of that kind (below), flagged by any
detector.

"Detectable": the scanner claims emails, phone numbers, IP addresses, names, IBANs, card
numbers, and free text containing such data. Policy categories are coarse
(``name_and_contact`` covers names, emails, phones, addresses and countries), so a
personal column counts as detectable, with a kind, only when BOTH

1. its category's ``fides_keys`` name that kind (``user.contact.email``,
   ``user.contact.phone_number``, ``user.device.ip_address``, ``user.name``,
   ``user.financial.bank_account``, ``user.financial.credit_card``; for free text
   ``user.content.private``), and
2. its sampled values (the very rows the scan reads) show that kind, judged by simple
   oracles written here, independent of the scanner's detectors: more than half of the
   non-empty values are an address ``x@y.tld``; a ``+`` and 7-15 digits; an address
   :mod:`ipaddress` parses; two letters, two digits and 11-30 letters/digits (IBAN shape);
   13-19 digits (card shape); or, for names, the column name contains ``name`` and the
   values are one to four capitalised alphabetic words. Free text: the inventory marks
   the column ``free_text`` and at least one sampled value contains an email address or a
   ``+``-prefixed phone number (what the demo's people write about themselves).

Everything else personal (dates of birth, addresses, VAT and document numbers, job titles,
traffic metadata, timestamps…) is outside what the scanner claims; it still counts in the
overall recall, which is therefore low by design.

    .venv/bin/python benchmarks/scan_accuracy.py                  # scale small, seed 42
    .venv/bin/python benchmarks/scan_accuracy.py --scale tiny --keep var/scan-bench
"""

from __future__ import annotations

import argparse
import inspect
import ipaddress
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dataward.cli import inventory as inventory_cli
from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.scale import Scale
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.detectors import default_detectors
from dataward.inventory.loader import load_inventory
from dataward.inventory.model import Dataset, Inventory, System
from dataward.inventory.query import sample_select
from dataward.inventory.scan import Flag, scan
from dataward.policy.loader import load_policy
from dataward.redact import build_redactor

SEED = 42
AS_OF = date(2026, 1, 1)  # fixed: the same figures on any day
# The default of ``dataward inventory scan --sample``, read from the command itself.
SAMPLE: int = inspect.signature(inventory_cli.scan).parameters["sample"].default

# The kinds the scanner claims, and the fides key that must be in the column's category.
FIDES_KEY = {
    "email": "user.contact.email",
    "phone": "user.contact.phone_number",
    "ip_address": "user.device.ip_address",
    "person_name": "user.name",
    "iban": "user.financial.bank_account",
    "card_number": "user.financial.credit_card",
    "free_text": "user.content.private",
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+[\d\s().-]+$")
IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
CARD = re.compile(r"^\d{13,19}$")
NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$")
IN_PROSE = re.compile(r"[^@\s(]+@[^@\s]+\.[A-Za-z]{2,}|\+\d[\d\s().-]{6,}\d")


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_name(value: str) -> bool:
    words = value.split()
    return 1 <= len(words) <= 4 and all(
        NAME_WORD.match(word) and word[0].isupper() for word in words
    )


ORACLES = {
    "email": lambda value: bool(EMAIL.match(value)),
    "phone": lambda value: bool(PHONE.match(value)) and 7 <= len(re.sub(r"\D", "", value)) <= 15,
    "ip_address": _is_ip,
    "iban": lambda value: bool(IBAN.match(value.replace(" ", ""))),
    "card_number": lambda value: bool(CARD.match(re.sub(r"[ -]", "", value))),
    "person_name": _is_name,
}


def content_kind(column: str, values: list[str], free_text: bool) -> str | None:
    """What the sampled values are, by the oracles above (None: nothing the scanner claims)."""
    texts = [value.strip() for value in values if isinstance(value, str) and value.strip()]
    if not texts:
        return None
    if free_text:
        return "free_text" if any(IN_PROSE.search(text) for text in texts) else None
    for kind, oracle in ORACLES.items():
        if kind == "person_name" and "name" not in column.lower():
            continue
        if sum(oracle(text) for text in texts) * 2 > len(texts):
            return kind
    return None


@dataclass(frozen=True)
class Column:
    system: str
    table: str
    column: str
    category: str | None
    kind: str | None  # detectable kind, None when outside what the scanner claims
    flag: Flag | None

    @property
    def name(self) -> str:
        return f"{self.system}.{self.table}.{self.column}"

    @property
    def personal(self) -> bool:
        return self.category is not None

    @property
    def flagged(self) -> bool:
        return self.flag is not None

    @property
    def flag_kind(self) -> str | None:
        if self.flag is None:
            return None
        return f"free text ({self.flag.detector})" if self.flag.free_text else self.flag.detector


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    names: dict[str, list[str]] = field(default_factory=lambda: {"fp": [], "fn": []})

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def compare(inventory: Inventory, sample: int = SAMPLE) -> list[Column]:
    """Scan every system of ``inventory`` as if no inventory existed; one row per column."""
    fides_keys = {
        category.id: set(category.fides_keys) for category in load_policy().data_categories
    }
    registry, detectors = default_registry(), default_detectors()
    analyzer = build_redactor(names="off").analyzer
    columns: list[Column] = []
    for system in inventory.systems:
        datasets = {dataset.table_name: dataset for dataset in system.datasets}
        raw = System(name=system.name, connector=system.connector, url=system.url, datasets=[])
        with registry.connector(raw) as connector:
            flags = scan(connector, detectors, sample, free_text=analyzer)
            found = {(flag.table, flag.column): flag for flag in flags}
            for ref in connector.tables():
                info = connector.describe(ref)
                if info is None:
                    continue
                rows = connector.rows(sample_select(info.as_table(), sample))
                dataset = datasets.get(ref.name)
                for item in info.columns:
                    category, free_text = _annotation(dataset, item.name)
                    kind = None
                    if category is not None:
                        values = [row[item.name] for row in rows]
                        kind = content_kind(item.name, values, free_text)
                        if kind is not None and FIDES_KEY[kind] not in fides_keys[category]:
                            kind = None  # the category does not admit that kind of data
                    flag = found.get((ref.name, item.name))
                    columns.append(Column(system.name, ref.name, item.name, category, kind, flag))
    return columns


def _annotation(dataset: Dataset | None, column: str) -> tuple[str | None, bool]:
    entry = dataset.columns.get(column) if dataset is not None else None
    return (entry.category, entry.free_text) if entry is not None else (None, False)


def tally(columns: Iterable[Column]) -> Counts:
    counts = Counts()
    for column in columns:
        if column.flagged and column.personal:
            counts.tp += 1
        elif column.flagged:
            counts.fp += 1
            counts.names["fp"].append(f"{column.name} ({column.flag_kind})")
        elif column.personal:
            counts.fn += 1
            counts.names["fn"].append(f"{column.name} ({column.category}, {column.kind or '-'})")
    return counts


@dataclass(frozen=True)
class Report:
    overall: Counts  # every column; truth: has a category
    detectable: Counts  # recall over the detectable personal columns only
    by_flag: dict[str, Counts]  # precision of each kind the scan emitted
    by_kind: dict[str, Counts]  # recall over the detectable columns of each kind
    columns: int


def report(columns: list[Column]) -> Report:
    by_flag = {
        kind: tally(column for column in columns if column.flag_kind == kind)
        for kind in sorted({column.flag_kind for column in columns if column.flag_kind})
    }
    by_kind = {
        kind: tally(column for column in columns if column.kind == kind)
        for kind in sorted({column.kind for column in columns if column.kind})
    }
    detectable = tally(column for column in columns if column.kind is not None)
    return Report(tally(columns), detectable, by_flag, by_kind, len(columns))


def _row(label: str, counts: Counts, precision: bool = True, recall: bool = True) -> str:
    p = f"{counts.precision:.1%}" if precision else "-"
    r = f"{counts.recall:.1%}" if recall else "-"
    return f"| {label:<37} | {counts.tp:>3} | {counts.fp:>3} | {counts.fn:>3} | {p:>9} | {r:>6} |"


def table(result: Report) -> str:
    lines = [
        f"| {'columns':<37} |  TP |  FP |  FN | precision | recall |",
        f"|{'-' * 39}|----:|----:|----:|----------:|-------:|",
        _row(f"all ({result.columns} columns)", result.overall),
        _row("detectable personal only", result.detectable, precision=False),
    ]
    lines += [_row(f"flagged as {kind}", c, recall=False) for kind, c in result.by_flag.items()]
    lines += [_row(f"detectable {kind}", c, precision=False) for kind, c in result.by_kind.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="small")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sample", type=int, default=SAMPLE)
    parser.add_argument("--keep", type=Path, help="Build the demo here and keep it.")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dataward-scan-"))
    try:
        built = build_demo(DemoOptions(Scale.parse(args.scale), AS_OF, args.seed, folder))
        columns = compare(load_inventory(built.inventory), args.sample)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    result = report(columns)
    scanned = "dataward inventory scan URL" + (
        f" --sample {args.sample}" if args.sample != SAMPLE else ""
    )
    print(
        f"`{scanned}` on each of the {len(built.urls)} demo databases "
        f"(dataward demo --scale {args.scale} --seed {args.seed} --as-of {AS_OF}), "
        f"sample {args.sample} rows per table, no --inventory:\n"
    )
    print(table(result))
    for label, key in (("false positives", "fp"), ("false negatives", "fn")):
        names = result.overall.names[key]
        print(f"\n{label} ({len(names)}):")
        print("\n".join(f"  {name}" for name in names) or "  none")
    missed = result.detectable.names["fn"]
    print(f"\nfalse negatives among the detectable ({len(missed)}):")
    print("\n".join(f"  {name}" for name in missed) or "  none")
    extra = [
        f"{column.name} ({column.category}, {column.flag_kind})"
        for column in columns
        if column.flagged and column.personal and column.kind is None
    ]
    print(f"\nflagged personal columns outside the detectable set ({len(extra)}):")
    print("\n".join(f"  {name}" for name in extra) or "  none")
    command = " ".join(
        [".venv/bin/python benchmarks/scan_accuracy.py", *(sys.argv[1:] if argv is None else argv)]
    )
    print(f"\ncommand: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
