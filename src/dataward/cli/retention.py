"""``dataward retention …``: the retention plan (dry run), the run, customers' own periods."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dataward.cli.database import DatabaseUrl, store_engine
from dataward.cli.retention_view import RichProgress, plan_tables, summary_table
from dataward.inventory.problems import InventoryError
from dataward.policy.calendar import Offset
from dataward.policy.problems import PolicyError
from dataward.retention import customers
from dataward.retention.job import DEFAULT_BATCH_SIZE, RunOptions
from dataward.retention.sweep import Sources, inventory_path, plan, run
from dataward.store import Settings

app = typer.Typer(
    help="Retention: what is due when and why (plan), and deleting it (run).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
customer_app = typer.Typer(
    help="Customers' own retention periods for the message content they send (processor).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(customer_app, name="customer")

AsOf = Annotated[
    str | None,
    typer.Option(
        help="Judge what is due at this UTC date or time (YYYY-MM-DD[THH:MM]). Default: now."
    ),
]
InventoryFile = Annotated[
    Path | None,
    typer.Option(
        "--inventory", "-i", help="Inventory YAML. Default: $DATAWARD_INVENTORY, "
        "./var/demo/inventory.yaml if present, else ./inventory.yaml.", show_default=False,
    ),
]  # fmt: skip
PolicyFile = Annotated[
    Path | None, typer.Option("--policy", "-p", help="Policy YAML (default: the shipped one).")
]


def parse_as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"not a date or time: {text!r} (use YYYY-MM-DD)") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def sources_of(database_url: str | None, inventory: Path | None, policy: Path | None) -> Sources:
    settings = Settings(database_url) if database_url else Settings.from_env()
    return Sources(settings, inventory_path(inventory), policy)


def _exit_on_bad_files(error: PolicyError | InventoryError) -> typer.Exit:
    console = Console(stderr=True, highlight=False)
    for problem in error.problems:
        console.print(str(problem), markup=False)
    return typer.Exit(2)


@app.command("plan")
def plan_command(
    as_of: AsOf = None,
    inventory: InventoryFile = None,
    policy: PolicyFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Show what a run would do, per rule and dataset; changes nothing.

    Per step: the action, the cutoff (rows whose anchor is before it are due), the rows due,
    the rows held back by legal holds and the oldest due anchor; then the rules a person must
    decide (review), those pending another module, and rules bound to no dataset.

    Example: [bold]dataward retention plan --as-of 2026-01-01 --json[/bold]
    """
    sources = sources_of(database_url, inventory, policy)
    try:
        result = plan(sources, parse_as_of(as_of))
    except (PolicyError, InventoryError) as error:
        raise _exit_on_bad_files(error) from None
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    console = Console()
    for table in plan_tables(result):
        console.print(table)


@app.command("run")
def run_command(
    as_of: AsOf = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Rows per batch (bounds lock time).")
    ] = DEFAULT_BATCH_SIZE,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only print the plan.")] = False,
    count: Annotated[
        bool, typer.Option(help="Count due rows first, for progress bars with a total.")
    ] = True,
    inventory: InventoryFile = None,
    policy: PolicyFile = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Delete, null, pseudonymise or suppress what is due, in bounded, audited batches.

    Resumes an unfinished run (same --as-of, or none given) where it stopped; a second run
    over the same data changes nothing. Exit status 1 when a step failed.

    Example: [bold]dataward retention run --as-of 2026-01-01 --batch-size 5000[/bold]
    """
    if dry_run:
        plan_command(as_of, inventory, policy, False, database_url)
        return
    sources = sources_of(database_url, inventory, policy)
    console = Console()
    options = RunOptions(batch_size=batch_size, count=count)
    try:
        with RichProgress(console) as progress:
            report = run(sources, parse_as_of(as_of), options, progress)
    except (PolicyError, InventoryError) as error:
        raise _exit_on_bad_files(error) from None
    console.print(summary_table(report))
    if any(outcome.status == "failed" for outcome in report.outcomes):
        raise typer.Exit(1)


@customer_app.command("set")
def customer_set(
    customer_id: Annotated[str, typer.Argument(help="The customer's id (as in the inventory).")],
    years: Annotated[int, typer.Option(min=0, max=100)] = 0,
    months: Annotated[int, typer.Option(min=0, max=1200)] = 0,
    days: Annotated[int, typer.Option(min=0, max=36500)] = 0,
    set_by: Annotated[str, typer.Option(help="Who gave the instruction.")] = "cli",
    database_url: DatabaseUrl = None,
) -> None:
    """Set a customer's retention period for its message content (replaces any earlier one).

    Example: [bold]dataward retention customer set 42 --months 3[/bold]
    """
    try:
        with store_engine(database_url) as engine, Session(engine) as session, session.begin():
            customers.set_instruction(
                session, customer_id, Offset(years, months, days), set_by=set_by
            )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(f"customer {customer_id}: content kept {years}y {months}m {days}d")


@customer_app.command("clear")
def customer_clear(
    customer_id: Annotated[str, typer.Argument(help="The customer's id.")],
    cleared_by: Annotated[str, typer.Option(help="Who cleared it.")] = "cli",
    database_url: DatabaseUrl = None,
) -> None:
    """Remove a customer's own period: the policy's default applies again.

    Example: [bold]dataward retention customer clear 42[/bold]
    """
    with store_engine(database_url) as engine, Session(engine) as session, session.begin():
        found = customers.clear_instruction(session, customer_id, cleared_by=cleared_by)
    typer.echo(f"customer {customer_id}: " + ("cleared" if found else "had no instruction"))


@customer_app.command("list")
def customer_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """List the customers' own retention periods.

    Example: [bold]dataward retention customer list --json[/bold]
    """
    with store_engine(database_url) as engine, Session(engine) as session:
        rows = customers.list_instructions(session)
        data = [
            {"customer_id": row.customer_id, "years": row.years, "months": row.months,
             "days": row.days, "set_by": row.set_by, "set_at": row.set_at.isoformat()}
            for row in rows
        ]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(data))
        return
    table = Table(title="Customers' retention for message content (others: the policy default)")
    for heading in ("customer", "years", "months", "days", "set by", "set at"):
        table.add_column(heading)
    for item in data:
        table.add_row(*(str(value) for value in item.values()))
    Console().print(table)
