"""``dataward worker``: the retention sweep on a schedule, in the foreground."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from dataward.cli.database import DatabaseUrl
from dataward.cli.retention import InventoryFile, PolicyFile, sources_of
from dataward.cli.retention_view import summary_table
from dataward.retention.job import DEFAULT_BATCH_SIZE, RunOptions
from dataward.retention.sweep import run
from dataward.retention.worker import parse_every, run_every


def worker(
    every: Annotated[str, typer.Option(help="Interval between sweeps: 1d, 12h, 30m.")] = "1d",
    once: Annotated[bool, typer.Option("--once", help="Sweep once and exit.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows per batch.")] = DEFAULT_BATCH_SIZE,
    inventory: InventoryFile = None,
    policy: PolicyFile = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Run the retention sweep now and then every --every, until stopped (Ctrl-C).

    Each sweep is `dataward retention run` at the current time; a failed sweep is reported
    and retried at the next tick. For cron or a systemd timer instead, see docs/retention.md.

    Example: [bold]dataward worker --every 12h[/bold]
    """
    try:
        interval = parse_every(every)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    sources = sources_of(database_url, inventory, policy)
    console = Console()

    def sweep() -> None:
        report = run(sources, None, RunOptions(batch_size=batch_size, count=False))
        console.print(summary_table(report))

    def report_error(error: BaseException) -> None:
        console.print(f"[red]sweep failed:[/red] {error}")

    console.print(f"dataward worker: sweeping every {interval} (Ctrl-C to stop)")
    failures = run_every(interval, sweep, once=once, on_error=report_error)
    if once and failures:
        raise typer.Exit(1)
