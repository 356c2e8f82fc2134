"""``dataward inventory``: check, scan, import and export the inventory of systems.

Thin: every command loads its inputs, calls :mod:`dataward.inventory`, and prints.
"""

from __future__ import annotations

import os
import textwrap
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from dataward.inventory.check import check_inventory
from dataward.inventory.connectors.base import ConnectorError
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.detectors import default_detectors
from dataward.inventory.fides import FidesError, import_fides, read_fides
from dataward.inventory.fides_export import dump_fides, export_fides
from dataward.inventory.findings import Finding, Severity, has_errors
from dataward.inventory.loader import dump_inventory, load_inventory
from dataward.inventory.model import Inventory, System
from dataward.inventory.problems import InventoryError
from dataward.inventory.scan import scan_system, suggestion
from dataward.inventory.taxonomy import TaxonomyMap
from dataward.policy.loader import load_policy
from dataward.policy.model import Policy
from dataward.policy.problems import PolicyError
from dataward.redact import build_redactor, region_settings

app = typer.Typer(
    help="The company's systems: which database holds whose data, and what each column is.",
    no_args_is_help=True,
)

InventoryOption = Annotated[
    Path,
    typer.Option(
        "--inventory",
        "-i",
        help="Inventory YAML file.",
        envvar="DATAWARD_INVENTORY",
        show_default=True,
    ),
]
PolicyOption = Annotated[
    Path | None, typer.Option("--policy", "-p", help="Policy YAML (default: the shipped one).")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of to stdout.")
]
STYLES = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _fail(lines: list[str]) -> typer.Exit:
    console = _console(stderr=True)
    for line in lines:
        console.print(Text(line, style="red"))
    return typer.Exit(1)


def _inventory(path: Path) -> Inventory:
    try:
        return load_inventory(path)
    except InventoryError as error:
        raise _fail([str(problem) for problem in error.problems]) from None


def _policy(path: Path | None) -> Policy:
    try:
        return load_policy(path)
    except PolicyError as error:
        raise _fail([str(problem) for problem in error.problems]) from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        _console().print(Text(text.rstrip("\n")))
    else:
        output.write_text(text, "utf-8")
        _console(stderr=True).print(Text(f"wrote {output}"))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _print_findings(findings: list[Finding]) -> None:
    console = _console()
    for finding in findings:
        line = Text()
        line.append(finding.severity.value, STYLES[finding.severity])
        line.append(f" {finding.where}: {finding.message}")
        console.print(line)
        if finding.fix:
            console.print(Text(textwrap.indent(finding.fix, "    "), style="green"))


@app.command()
def check(inventory: InventoryOption = Path("inventory.yaml"), policy: PolicyOption = None) -> None:
    """Check the inventory against the policy and the live systems; exit 1 on any error.

    Reports unreachable systems, missing tables and columns, datasets serving no known
    activity, retention rules bound to no dataset, and identity, relation and anchor
    columns without an index (with the CREATE INDEX statement to add).

    Example: dataward inventory check -i inventory.yaml -p policy.yaml
    """
    loaded = _inventory(inventory)
    findings = check_inventory(loaded, _policy(policy), default_registry(), os.environ)
    _print_findings(findings)
    errors = sum(finding.severity is Severity.error for finding in findings)
    counts = (
        _count(len(loaded.systems), "system"),
        _count(sum(1 for _ in loaded.datasets()), "dataset"),
    )
    result = _count(errors, "error") if errors else "ok"
    _console().print(Text(f"{counts[0]}, {counts[1]}: {result}"))
    if has_errors(findings):
        raise typer.Exit(1)


@app.command()
def scan(
    url: Annotated[str, typer.Argument(help="Database URL or Parquet folder; ${VAR} allowed.")],
    sample: Annotated[int, typer.Option(min=1, max=100_000, help="Rows sampled per table.")] = 100,
    connector: Annotated[
        str | None, typer.Option(help="sql or parquet (default: guessed).")
    ] = None,
    inventory: Annotated[
        Path | None, typer.Option("--inventory", "-i", help="Skip columns it annotates.")
    ] = None,
    system: Annotated[str | None, typer.Option(help="Inventory system of URL.")] = None,
    policy: PolicyOption = None,
    region: Annotated[str | None, typer.Option(help="Default phone region, e.g. HR.")] = None,
) -> None:
    """Sample each table and flag columns that hold personal data the inventory lacks.

    Detects emails, phone numbers, IP addresses, names, IBANs and card numbers, and, in
    free text, everything the redaction detectors find (except names). Prints an
    inventory snippet for the flagged columns. Reads at most --sample rows per table.

    Example: dataward inventory scan 'postgresql+psycopg://app:${PW}@db/app' --sample 200
    """
    kind = connector or ("sql" if "://" in url and not url.startswith("file:") else "parquet")
    match = _system_of(_inventory(inventory), system, url) if inventory else None
    datasets = match.datasets if match else []
    target = System(name="scanned", connector=kind, url=url, datasets=datasets)
    # The region also reads national numbers inside prose ("call (11) 91234-5678").
    prose = build_redactor(region_settings(region), names="off").analyzer
    try:
        flags = scan_system(
            target, default_registry(), default_detectors(region), sample, os.environ, prose
        )
    except ConnectorError as error:
        raise _fail([str(error)]) from None
    if not flags:
        _console().print(Text("no unannotated personal data found in the sample"))
        return
    table = Table("table", "column", "finding")
    for flag in flags:
        table.add_row(flag.table, flag.column, flag.reason)
    _console().print(table)
    taxonomy = TaxonomyMap(_policy(policy) if policy else _optional_default_policy())
    _console().print(Text(suggestion(flags, taxonomy)))
    raise typer.Exit(1)


def _system_of(inventory: Inventory, name: str | None, url: str) -> System | None:
    for candidate in inventory.systems:
        if candidate.name == name or (name is None and candidate.url == url):
            return candidate
    if name is not None:
        raise _fail([f"no system {name!r} in the inventory"])
    return None


def _optional_default_policy() -> Policy | None:
    try:
        return load_policy()
    except (PolicyError, OSError):
        return None  # the snippet then carries fides keys as placeholders


@app.command("import-fides")
def import_fides_command(
    dataset: Annotated[
        Path,
        typer.Argument(help="Fides dataset YAML (dataset: [...]).", exists=True, dir_okay=False),
    ],
    url: Annotated[
        str | None,
        typer.Option(
            help="Connection URL of the system (${VAR} allowed); default: the stored one."
        ),
    ] = None,
    policy: PolicyOption = None,
    activity: Annotated[
        str | None, typer.Option(help="Activity for collections whose data uses map to none.")
    ] = None,
    output: OutputOption = None,
) -> None:
    """Convert a Fides dataset into a dataward inventory.

    Collections become datasets, fields become columns (fides data categories mapped to
    the policy's categories), identities, primary keys and references (with direction)
    become identities and relations. Warnings name what needs a person's review.

    Example: dataward inventory import-fides shop.yml --url sqlite:///shop.db
    """
    try:
        datasets = read_fides(YAML(typ="safe", pure=True).load(dataset.read_text("utf-8")))
        conversion = import_fides(datasets, url, TaxonomyMap(_policy(policy)), activity)
    except FidesError as error:
        raise _fail([f"{dataset}: {problem}" for problem in error.problems]) from None
    except YAMLError as error:
        raise _fail([f"{dataset}: invalid YAML: {error}"]) from None
    for warning in conversion.warnings:
        _console(stderr=True).print(Text(f"warning: {warning}", style="yellow"))
    _write(dump_inventory(conversion.value), output)


class ExportFormat(StrEnum):
    fides = "fides"


@app.command()
def export(
    output_format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    inventory: InventoryOption = Path("inventory.yaml"),
    policy: PolicyOption = None,
    output: OutputOption = None,
) -> None:
    """Write the inventory in another format (Fides dataset YAML, validated by fideslang).

    URLs are written as templates: ${VAR} references stay references.

    Example: dataward inventory export --format fides -i inventory.yaml -o fides.yml
    """
    conversion = export_fides(_inventory(inventory), TaxonomyMap(_policy(policy)))
    for warning in conversion.warnings:
        _console(stderr=True).print(Text(f"warning: {warning}", style="yellow"))
    _write(dump_fides(conversion.value), output)


@app.command()
def connectors() -> None:
    """List the connectors and their options.

    Example: dataward inventory connectors
    """
    table = Table("name", "description", "options")
    for connector in default_registry():
        fields = connector.Config.model_fields
        options = ", ".join(f"{field.alias or name}" for name, field in fields.items())
        table.add_row(connector.name, connector.description, options or "-")
    _console().print(table)
