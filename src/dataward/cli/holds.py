"""``dataward holds …``: legal holds that keep rows from retention until released."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dataward.cli.database import DatabaseUrl, store_engine
from dataward.cli.retention import parse_as_of
from dataward.holds import HoldError, HoldRequest, HoldScope, create_hold, list_holds, release_hold
from dataward.inventory.identity import Normaliser

app = typer.Typer(
    help="Legal holds: keep a person's, a customer's or a dataset's rows until released.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

By = Annotated[str, typer.Option("--by", help="Who does this (recorded in the audit log).")]


def _scope(subject: str | None, customer: str | None, dataset: str | None) -> tuple[HoldScope, str]:
    given = [
        (scope, value)
        for scope, value in (
            (HoldScope.subject, subject),
            (HoldScope.customer, customer),
            (HoldScope.dataset, dataset),
        )
        if value
    ]
    if len(given) != 1:
        raise typer.BadParameter("give exactly one of --subject, --customer or --dataset")
    return given[0]


@app.command()
def create(
    case: Annotated[str, typer.Option(help="The case (matter, request) the hold belongs to.")],
    reason: Annotated[str, typer.Option(help="Why the rows must be kept.")],
    subject: Annotated[
        str | None, typer.Option(help="A person's identity: an email, a phone, or any --kind.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="The identity kind of --subject (default: guessed).")
    ] = None,
    customer: Annotated[str | None, typer.Option(help="A customer id.")] = None,
    dataset: Annotated[str | None, typer.Option(help="A whole dataset: system.dataset.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Start (default: now).")] = None,
    until: Annotated[str | None, typer.Option(help="End (default: until released).")] = None,
    region: Annotated[
        str | None, typer.Option(help="Region for phones without a country code, e.g. HR.")
    ] = None,
    by: By = "cli",
    database_url: DatabaseUrl = None,
) -> None:
    """Place a legal hold; retention skips what it covers until it ends or is released.

    Example: [bold]dataward holds create --case LIT-7 --subject ana@example.com
    --reason "Litigation hold"[/bold]
    """
    scope, value = _scope(subject, customer, dataset)
    request = HoldRequest(
        case=case, scope=scope, value=value, reason=reason, kind=kind,
        starts_at=parse_as_of(start), ends_at=parse_as_of(until),
    )  # fmt: skip
    try:
        with store_engine(database_url) as engine, Session(engine) as session, session.begin():
            hold = create_hold(session, request, created_by=by, normaliser=Normaliser(region))
            hold_id = hold.id
    except HoldError as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(f"hold {hold_id} placed ({scope.value}, case {case})")


@app.command()
def release(
    hold_id: Annotated[int | None, typer.Argument(help="The hold's id.")] = None,
    case: Annotated[str | None, typer.Option(help="Release every active hold of a case.")] = None,
    by: By = "cli",
    database_url: DatabaseUrl = None,
) -> None:
    """Release a hold (or every active hold of --case); the next run deletes what is due.

    Example: [bold]dataward holds release 3 --by "legal@example.com"[/bold]
    """
    if (hold_id is None) == (case is None):
        raise typer.BadParameter("give a hold id or --case, not both")
    try:
        with store_engine(database_url) as engine, Session(engine) as session, session.begin():
            if hold_id is not None:
                ids = [hold_id]
            else:
                holds = list_holds(session, case=case, active_at=datetime.now(UTC))
                ids = [hold.id for hold in holds if hold.released_at is None]
            for item in ids:
                release_hold(session, item, released_by=by)
    except HoldError as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(f"released {len(ids)} hold(s): {', '.join(map(str, ids)) or 'none'}")


@app.command("list")
def list_command(
    case: Annotated[str | None, typer.Option(help="Only this case.")] = None,
    active: Annotated[bool, typer.Option("--active", help="Only holds active now.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """List legal holds, oldest first.

    Example: [bold]dataward holds list --active --case LIT-7[/bold]
    """
    with store_engine(database_url) as engine, Session(engine) as session:
        active_at = datetime.now(UTC) if active else None
        data = [hold.as_dict() for hold in list_holds(session, case=case, active_at=active_at)]
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    table = Table(title="Legal holds")
    for heading in ("id", "case", "scope", "kind", "value", "from", "until", "released", "reason"):
        table.add_column(heading, overflow="fold")
    for hold in data:
        table.add_row(
            str(hold["id"]), hold["case"], hold["scope"], hold["kind"], hold["value"],
            (hold["from"] or "")[:16], (hold["until"] or "")[:16],
            (hold["released_at"] or "")[:16], hold["reason"],
        )  # fmt: skip
    Console().print(table)
