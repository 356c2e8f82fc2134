"""``dataward policy ropa | diff | export``: records built from the policy.

Thin commands: each loads the policy, calls one function of :mod:`dataward.policy` and
writes the result. They are registered on the ``policy`` group in
:mod:`dataward.cli.policy`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dataward.cli.policy_args import PolicyFile, policy_or_exit
from dataward.policy.diff import diff_policies
from dataward.policy.fides_export import build_fides, fides_yaml
from dataward.policy.ropa import ropa_rows, write_csv, write_xlsx


class RopaFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    fides = "fides"


OldFile = Annotated[
    Path, typer.Argument(help="The earlier policy version.", exists=True, dir_okay=False)
]
NewFile = Annotated[
    Path, typer.Argument(help="The later policy version.", exists=True, dir_okay=False)
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write. Default: standard output."),
]


def ropa(
    path: PolicyFile = None,
    format: Annotated[RopaFormat, typer.Option(help="csv or xlsx.")] = RopaFormat.csv,
    output: Output = None,
) -> None:
    """Write the GDPR Art. 30 record of processing activities: one row per activity.

    Controller activities fill Art. 30(1); processor activities Art. 30(2), with "each
    customer" as the controller. XLSX needs --output.

    Example: dataward policy ropa --format xlsx --output ropa.xlsx
    """
    rows = ropa_rows(policy_or_exit(path))
    if format is RopaFormat.xlsx:
        if output is None:
            raise typer.BadParameter("an XLSX workbook needs --output FILE", param_hint="--output")
        write_xlsx(rows, output)
    elif output is None:
        write_csv(rows, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as stream:
            write_csv(rows, stream)
    if output is not None:
        typer.echo(f"wrote {output} ({len(rows)} activities)", err=True)


def diff(
    old: OldFile,
    new: NewFile,
    format: Annotated[DiffFormat, typer.Option(help="text or json.")] = DiffFormat.text,
) -> None:
    """List every changed promise between two versions of a policy, in plain words.

    Items are compared by id. Exit status, as diff(1): 0 when the policies promise the
    same, 1 when something changed, 2 when a policy cannot be loaded.

    Example: dataward policy diff policy-2023.yaml policy.yaml
    """
    before, after = policy_or_exit(old), policy_or_exit(new)
    changes = diff_policies(before, after)
    if format is DiffFormat.json:
        document = {
            "old": {"file": str(old), "version": before.metadata.version},
            "new": {"file": str(new), "version": after.metadata.version},
            "changes": [change.as_dict() for change in changes],
        }
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif changes:
        for change in changes:
            typer.echo(f"- {change.sentence}")
    else:
        typer.echo(f"No changed promises between {old} and {new}.")
    if changes:
        raise typer.Exit(1)


def export(
    path: PolicyFile = None,
    format: Annotated[ExportFormat, typer.Option(help="fides.")] = ExportFormat.fides,
    output: Output = None,
) -> None:
    """Export the policy as a Fides manifest: an organization and one system per activity.

    The manifest is validated with fideslang's models before it is written. Items without a
    fideslang key get a default, listed on standard error.

    Example: dataward policy export --format fides --output fides/policy.yml
    """
    policy = policy_or_exit(path)
    exported = build_fides(policy)
    for line in exported.defaults:
        typer.echo(f"default: {line}", err=True)
    text = fides_yaml(exported, policy)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")
        typer.echo(f"wrote {output} ({len(policy.activities)} systems)", err=True)
