"""``dataward consent …``: record consent given or withdrawn, and show a subject's consents."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dataward.cli import consent_ages
from dataward.cli.consent_common import AsJson, By, PolicyPath, Tools, actor, consent_tools
from dataward.cli.database import DatabaseUrl
from dataward.cli.retention import InventoryFile
from dataward.consent import (
    Action,
    ConsentChange,
    ConsentInputError,
    active_flags,
    consent_history,
    current_consents,
    expiry_after,
    parse_identity,
    record_consent,
)
from dataward.consent.dataset_import import ConsentColumns, consents_from_dataset
from dataward.consent.ledger_import import import_consents, read_csv
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.loader import load_inventory
from dataward.inventory.model import DatasetAddress
from dataward.retention.sweep import inventory_path
from dataward.store import read_only

app = typer.Typer(
    help="The consent ledger: record consent given or withdrawn; show a subject's consents.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

Identity = Annotated[str, typer.Argument(help="An email, a +E.164 phone, or kind:value.")]
Purpose = Annotated[str, typer.Argument(help="A purpose id of the policy.")]
Source = Annotated[str, typer.Option(help="Where the consent was collected.")]
Channel = Annotated[str | None, typer.Option(help="How it was collected (web, sms…).")]
At = Annotated[str | None, typer.Option(help="When it happened (ISO 8601). Default: now.")]
Expires = Annotated[str | None, typer.Option(help="When it expires (ISO 8601).")]
Months = Annotated[int | None, typer.Option(help="Or: the consented period in months.", min=1)]
NoticeVersion = Annotated[str, typer.Option(help="The notice version the subject saw.")]
WithdrawNotice = Annotated[str | None, typer.Option(help="Default: the policy's version.")]
History = Annotated[bool, typer.Option("--history", help="Every event, not only the state.")]


def _time(text: str | None, name: str) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 time", param_hint=name) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _record(
    change_for: Callable[[Tools], ConsentChange],
    database_url: str | None,
    policy: Path | None,
    by: str | None,
) -> None:
    with consent_tools(database_url, policy) as tools, tools.transaction() as session:
        state = record_consent(
            session, tools.catalogue, change_for(tools), hasher=tools.hasher, actor=actor(by)
        )
        status = state.status(datetime.now(UTC)).value
    typer.echo(f"{state.identity} {state.purpose}: {status} (event {state.event_id})")


@app.command()
def give(
    identity: Identity,
    purpose: Purpose,
    notice_version: NoticeVersion,
    source: Source = "cli",
    channel: Channel = None,
    at: At = None,
    expires: Expires = None,
    months: Months = None,
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:  # fmt: skip
    """Record that IDENTITY consented to PURPOSE (a purpose whose legal basis is consent).

    Recruitment purposes need the consented period: --expires or --months.

    Example: [bold]dataward consent give ana@example.com job_applications
    --notice-version 2023-02-22 --months 24[/bold]
    """
    occurred_at = _time(at, "--at")
    expires_at = _time(expires, "--expires")
    if months is not None:
        if expires_at is not None:
            raise typer.BadParameter("give --expires or --months, not both")
        expires_at = expiry_after(occurred_at or datetime.now(UTC), months=months)
    _record(
        lambda _: ConsentChange(
            parse_identity(identity), purpose, Action.given, notice_version, source, channel,
            occurred_at, expires_at,
        ),
        database_url, policy, by,
    )  # fmt: skip


@app.command()
def withdraw(
    identity: Identity,
    purpose: Purpose,
    source: Source = "cli",
    notice_version: WithdrawNotice = None,
    at: At = None,
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:  # fmt: skip
    """Record that IDENTITY withdrew consent to PURPOSE.

    Example: [bold]dataward consent withdraw ana@example.com subscriber_marketing
    --source phone[/bold]
    """
    occurred_at = _time(at, "--at")
    _record(
        lambda tools: ConsentChange(
            parse_identity(identity), purpose, Action.withdrawn,
            notice_version or tools.policy.metadata.version, source, occurred_at=occurred_at,
        ),
        database_url, policy, by,
    )  # fmt: skip


@app.command()
def show(
    identity: Identity,
    history: History = False,
    as_json: AsJson = False,
    policy: PolicyPath = None,
    database_url: DatabaseUrl = None,
) -> None:  # fmt: skip
    """Show IDENTITY's current consent per purpose (expired counts as absent), and its flags.

    Example: [bold]dataward consent show ana@example.com --history[/bold]
    """
    now = datetime.now(UTC)
    with consent_tools(database_url, policy) as tools:
        try:
            key = str(parse_identity(identity))
        except ConsentInputError as error:
            raise typer.BadParameter(error.message, param_hint="IDENTITY") from None
        with Session(read_only(tools.engine)) as session:
            states = [state.as_dict(now) for state in current_consents(session, key)]
            events = [event.as_dict() for event in consent_history(session, key)] if history else []
            flags = [
                f"{flag.kind.value}:{flag.purpose or '*'}" for flag in active_flags(session, key)
            ]
    if as_json:
        typer.echo(
            json.dumps({"identity": key, "consents": states, "events": events, "flags": flags})
        )
        return
    table = Table(title=f"Consents of {key}")
    for heading in ("purpose", "status", "since", "expires", "notice", "source"):
        table.add_column(heading)
    for state in states:
        expires_at = (state["expires_at"] or "-")[:19]
        table.add_row(
            state["purpose"], state["status"], state["since"][:19], expires_at,
            state["notice_version"], state["source"],
        )  # fmt: skip
    console = Console()
    console.print(table)
    if flags:
        console.print("flags: " + ", ".join(flags))
    for event in events:
        console.print(
            f"{event['occurred_at'][:19]}  {event['purpose']}  {event['action']}  "
            f"(notice {event['notice_version']}, {event['source']})", markup=False,
        )  # fmt: skip


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV with a header row.", exists=True)],
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import consent records (a marketing tool's history) from CSV, all or nothing.

    Columns: identity, purpose, action (given|withdrawn), occurred_at, notice_version,
    source, and optionally expires_at and channel. A newer withdrawal already in the ledger
    is never overridden by an older imported "given".

    Example: [bold]dataward consent import newsletter-optins.csv[/bold]
    """
    with (
        consent_tools(database_url, policy) as tools,
        tools.transaction() as session,
        file.open(encoding="utf-8", newline="") as stream,
    ):
        result = import_consents(
            session, tools.catalogue, read_csv(stream), actor=actor(by),
            source=f"import:{file.name}", hasher=tools.hasher,
        )  # fmt: skip
    typer.echo(f"imported {result.events} events of {result.subjects} subjects")


@app.command("import-dataset")
def import_dataset(
    dataset: Annotated[str, typer.Argument(help="system.dataset of the inventory.")],
    purpose: Annotated[str, typer.Option(help="The consent purpose the opt-ins were for.")],
    given_column: Annotated[str, typer.Option(help="Column with the opt-in time.")],
    notice_version: NoticeVersion,
    withdrawn_column: Annotated[
        str | None, typer.Option(help="Column with the opt-out time (NULL if none).")
    ] = None,
    kind: Annotated[str, typer.Option(help="Identity kind naming the subject.")] = "email",
    inventory: InventoryFile = None,
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import the consent evidence a system already keeps: opt-in and opt-out times.

    One "given" per row at the opt-in time, and a "withdrawn" at the opt-out time where
    there is one. All or nothing; newer withdrawals already in the ledger stay.

    Example: [bold]dataward consent import-dataset marketing.subscribers --purpose
    subscriber_marketing --given-column subscribed_at --withdrawn-column unsubscribed_at
    --notice-version 2023-02-22[/bold]
    """
    system, _, name = dataset.partition(".")
    columns = ConsentColumns(DatasetAddress(system, name), kind, given_column, withdrawn_column)
    loaded = load_inventory(inventory_path(inventory))
    with consent_tools(database_url, policy) as tools, tools.transaction() as session:
        changes = consents_from_dataset(
            loaded, columns, purpose=purpose, notice_version=notice_version,
            registry=default_registry(), environ=os.environ,
        )  # fmt: skip
        result = import_consents(
            session, tools.catalogue, changes, actor=actor(by), source=f"import:{dataset}",
            hasher=tools.hasher,
        )  # fmt: skip
    typer.echo(f"imported {result.events} events of {result.subjects} subjects from {dataset}")


# Birth dates live in their own module; they are commands of this group all the same.
app.command("birth-date")(consent_ages.birth_date)
app.command("import-birth-dates")(consent_ages.import_birth_dates_command)
