"""Read-only ``dataward requests`` commands: list, show, outbox, deadlines."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dataward.cli.database import DatabaseUrl
from dataward.cli.requests_setup import requests_context
from dataward.requests import staff
from dataward.requests.errors import NotFound, RequestInputError
from dataward.requests.outbox import outbox_messages
from dataward.requests.query import list_requests, request_row, request_view

console = Console(highlight=False)
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _fail(error: Exception) -> typer.Exit:
    field = getattr(error, "field", None)
    typer.echo(
        f"error: {field + ': ' if field else ''}{getattr(error, 'message', error)}", err=True
    )
    return typer.Exit(1)


def list_(
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open requests past their deadline.")
    ] = False,
    due_this_week: Annotated[
        bool, typer.Option("--due-this-week", help="Only open requests due in the next 7 days.")
    ] = False,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    as_json: Json = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Requests by deadline, soonest first; the deadline's basis (law or policy) is shown.

    Example: dataward requests list --overdue
    """
    with requests_context(database_url) as (engine, context), Session(engine) as session:
        rows = [
            request_row(item, context.now())
            for item in list_requests(
                session, context.now(), status=status, overdue=overdue, due_this_week=due_this_week
            )
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("id", "type", "status", "jurisdiction", "due by", "basis", "overdue")
    for row in rows:
        basis = "law" if row["deadline_basis"] == "law" else "policy, not law"
        table.add_row(
            row["id"],
            row["type"],
            row["status"] + (" (paused)" if row["paused_since"] else ""),
            row["jurisdiction"],
            row["due_by"],
            basis,
            "yes" if row["overdue"] else "",
        )
    console.print(table)


def show(request_id: str, database_url: DatabaseUrl = None) -> None:
    """Everything about one request, as JSON: deadline, extensions, tasks, scan, deliveries.

    Example: dataward requests show 4c0e…
    """
    with requests_context(database_url) as (engine, context), Session(engine) as session:
        try:
            view: dict[str, Any] = request_view(
                session, staff.get_request(session, request_id), context.now()
            )
        except NotFound as error:
            raise _fail(error) from None
    typer.echo(json.dumps(view, indent=2, default=str))


def outbox(
    request: Annotated[
        str | None, typer.Option("--request", help="Only this request's messages.")
    ] = None,
    limit: int = 20,
    database_url: DatabaseUrl = None,
) -> None:
    """Messages in the store outbox (codes, replies), newest first, for local use.

    Example: dataward requests outbox --request 4c0e…
    """
    with requests_context(database_url) as (engine, _), Session(engine) as session:
        for message in outbox_messages(session, request_id=request, limit=limit):
            when = f"{message.created_at:%Y-%m-%d %H:%M}"
            typer.echo(f"--- {when} to {message.recipient} ({message.channel}): {message.subject}")
            typer.echo(message.body)


def deadlines(
    request_type: Annotated[
        str, typer.Option("--type", help="The request type to show deadlines for.")
    ] = "access",
    as_json: Json = False,
) -> None:
    """The deadline per jurisdiction from the packaged table: law (verified) or policy, not law.

    Example: dataward requests deadlines --type erasure
    """
    from dataward.requests.jurisdictions.report import deadline_rows

    try:
        rows = deadline_rows(request_type)
    except RequestInputError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("code", "jurisdiction", "deadline", "basis", "extension", "other clocks")
    for row in rows:
        table.add_row(
            row["code"], row["name"], row["deadline"], row["basis"], row["extension"], row["other"]
        )
    console.print(table)
