"""``dataward audit …``: read the audit log and verify its hash chain."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dataward.audit import ChainHead, list_entries
from dataward.audit import verify as verify_chain
from dataward.cli.database import DatabaseUrl, store_engine
from dataward.store import read_only

app = typer.Typer(
    help="Read the audit log and verify that nobody tampered with it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _chain_head(text: str | None) -> ChainHead | None:
    try:
        return ChainHead.parse(text) if text else None
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@app.command("list")
def list_(
    limit: Annotated[int, typer.Option(min=1, help="How many entries to show.")] = 20,
    action: Annotated[
        str | None,
        typer.Option(help="Only this action, or a prefix ending in .* (retention.*)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Show the newest audit entries, newest first.

    Example: [bold]dataward audit list --action 'retention.*' --limit 50[/bold]
    """
    with store_engine(database_url) as engine, Session(read_only(engine)) as session:
        entries = list_entries(session, limit=limit, action=action)
        if as_json:
            typer.echo(json.dumps([entry.as_dict() for entry in entries], ensure_ascii=False))
            return
        table = Table(title="Audit log (newest first)", box=box.SIMPLE_HEAD, show_edge=False)
        for heading in ("seq", "time (UTC)", "action"):
            table.add_column(heading, no_wrap=True)
        table.add_column("actor", overflow="fold", ratio=1)
        table.add_column("target", overflow="fold", ratio=1)
        table.add_column("details", overflow="fold", ratio=2)
        for entry in entries:
            time = entry.recorded_at.strftime("%Y-%m-%d %H:%M:%S")
            table.add_row(
                str(entry.seq), time, entry.action, entry.actor, entry.target, entry.details_json
            )
        Console().print(table)


@app.command()
def verify(
    expect_head: Annotated[
        str | None,
        typer.Option(
            help="A SEQ:HASH printed by an earlier verify and kept outside the database; "
            "fails if that entry is gone or differs (detects a rewritten chain).",
        ),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Check the hash chain; exit 1 naming the first edited, deleted, inserted or moved entry.

    On success it prints the head as SEQ:HASH: keep it where the database's admins cannot write.

    Pass it back later with --expect-head to detect a chain rewritten from some entry on.

    Example: [bold]dataward audit verify --expect-head 1042:9f86d081884c7d65…[/bold]
    """
    expected = _chain_head(expect_head)
    with store_engine(database_url) as engine, Session(read_only(engine)) as session:
        report = verify_chain(session, expected_head=expected)
    if report.broken is not None:
        where = "head" if report.broken.seq is None else f"seq {report.broken.seq}"
        typer.echo(
            f"audit log BROKEN at {where} ({report.broken.kind}): {report.broken.reason}. "
            f"{report.entries_checked} entries before it are intact.",
            err=True,
        )
        raise typer.Exit(1)
    head = report.head or "empty"
    typer.echo(f"audit log OK: {report.entries_checked} entries checked; head {head}")
