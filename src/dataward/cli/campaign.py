"""``dataward campaign check``: run a marketing campaign's recipients through the bulk check."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dataward.cli.consent_common import (
    AsJson,
    PolicyPath,
    consent_runtime,
    input_errors,
    inventory_or_exit,
)
from dataward.cli.database import DatabaseUrl
from dataward.cli.retention import InventoryFile
from dataward.consent.campaign import (
    CampaignReport,
    campaign_datasets,
    channel_kind,
    check_campaign,
    read_recipients,
)
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.model import DatasetAddress, Inventory

app = typer.Typer(
    help="Marketing campaigns: who may be contacted, and why the others may not.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@app.command()
def check(
    purpose: Annotated[str, typer.Option(help="The campaign's purpose.")] = "subscriber_marketing",
    channel: Annotated[str, typer.Option(help="email, sms, voice, whatsapp…")] = "email",
    dataset: Annotated[
        list[str] | None,
        typer.Option(help="system.dataset to read recipients from (repeatable). Default: "
                     "every dataset of the purpose's activity with a contact of the channel."),
    ] = None,
    inventory: InventoryFile = None,
    as_json: AsJson = False,
    policy: PolicyPath = None,
    database_url: DatabaseUrl = None,
) -> None:  # fmt: skip
    """Read the campaign's recipients from the company's systems and decide for each.

    Prints how many may be contacted and how many are blocked, by the strongest reason
    (suppressed, objection, restriction, under age, consent withdrawn, expired, none), so the
    counts add up; --json also lists every reason that applies. Nothing is sent or changed.

    Example: [bold]dataward campaign check --purpose subscriber_marketing --channel email[/bold]
    """
    loaded = inventory_or_exit(inventory)
    with consent_runtime(database_url, policy) as runtime, input_errors():
        rule = runtime.catalogue.get(purpose)
        kind = channel_kind(channel)
        if dataset:
            targets = [_target(loaded, text, kind) for text in dataset]
        else:
            targets = campaign_datasets(loaded, rule.activity, kind)
        recipients = read_recipients(loaded, targets, default_registry(), os.environ)
        sources = [f"{address}.{column}" for address, column in targets]
        report = check_campaign(runtime.decisions, purpose, recipients, channel, sources)
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
    else:
        _print(report)


def _target(inventory: Inventory, text: str, kind: str) -> tuple[DatasetAddress, str]:
    system, _, name = text.partition(".")
    try:
        found = inventory.dataset(DatasetAddress(system, name))
    except KeyError:
        raise typer.BadParameter(f"{text!r} is not a dataset of the inventory") from None
    for identity in found.identities:
        if identity.kind == kind:
            return DatasetAddress(system, name), identity.column
    raise typer.BadParameter(f"{text} has no {kind} identity column")


def _print(report: CampaignReport) -> None:
    console = Console()
    console.print(
        f"Campaign [bold]{report.purpose}[/bold] by {report.channel} "
        f"(policy {report.policy_version}), recipients from {', '.join(report.sources) or '-'}"
    )
    table = Table()
    table.add_column("recipients")
    table.add_column("count", justify="right")
    table.add_column("share", justify="right")
    rows = [("may be contacted", report.allowed), ("blocked", report.blocked)]
    rows += [(f"  blocked: {reason}", count) for reason, count in report.blocked_by.items()]
    for label, count in rows:
        share = f"{100 * count / report.recipients:.1f}%" if report.recipients else "-"
        table.add_row(label, str(count), share)
    table.add_row("total", str(report.recipients), "")
    console.print(table)
