"""``dataward demo``: build the synthetic demo company. Thin: options in, a table out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from dataward.demo.build import (
    DEFAULT_DIRECTORY,
    DEFAULT_PREFIX,
    DemoOptions,
    DemoResult,
    build_demo,
)
from dataward.demo.scale import Scale
from dataward.demo.targets.base import DemoError


class _Bars:
    """One rich progress bar per system, fed by the build's progress callbacks."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def start(self, system: str, rows: int) -> None:
        self.tasks[system] = self.progress.add_task(system, total=rows)

    def advance(self, system: str, rows: int) -> None:
        self.progress.advance(self.tasks[system], rows)

    def indexing(self, system: str) -> None:
        self.progress.update(self.tasks[system], description=f"{system} (indexing)")

    def finish(self, system: str) -> None:
        self.progress.update(self.tasks[system], description=system)


def _parse(scale: str, as_of: str | None) -> tuple[Scale, date]:
    try:
        parsed = Scale.parse(scale)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--scale") from None
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise typer.BadParameter(
            f"not a date (YYYY-MM-DD): {as_of!r}", param_hint="--as-of"
        ) from None
    return parsed, day


def _summary(console: Console, result: DemoResult) -> None:
    table = Table("system", "dataset", "rows", title="dataward demo company")
    for item in result.datasets:
        table.add_row(item.system, item.dataset, f"{item.rows:,}")
    table.add_section()
    table.add_row("total", "", f"{result.total_rows:,}")
    console.print(table)
    people = Table("featured person", "email", "phone", title="Found in many systems")
    for person in result.featured:
        people.add_row(person.name, person.email, person.phone)
    console.print(people)
    rate = result.total_rows / result.seconds if result.seconds else 0
    console.print(Text(f"built in {result.seconds:.1f} s ({rate:,.0f} rows/s)"))
    console.print(Text(f"inventory: {result.inventory}"))
    console.print(Text(f"next: dataward inventory check -i {result.inventory}", style="green"))


def demo(
    scale: Annotated[
        str, typer.Option(help="tiny (2k CDRs), small (100k), large (10M) or a number of CDRs.")
    ] = "small",
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 42,
    into: Annotated[
        Path, typer.Option("--into", help="Folder of the SQLite files and the inventory.")
    ] = DEFAULT_DIRECTORY,
    server: Annotated[
        str | None,
        typer.Option(help="PostgreSQL server URL: build one database per system there instead."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Day the history ends (YYYY-MM-DD; today).")
    ] = None,
    prefix: Annotated[
        str, typer.Option(help="Name prefix of the PostgreSQL databases.")
    ] = DEFAULT_PREFIX,
) -> None:
    """Build a synthetic company, with every kind of data the privacy notice names.

    Eleven systems, each its own database (SQLite files in --into, or PostgreSQL
    databases on --server, replaced if they exist), with twelve years of history
    before --as-of, plus the inventory that describes them (--into/inventory.yaml, or
    inventory-postgres.yaml for --server). A failed build leaves nothing behind.

    Example: dataward demo --scale small --seed 42 --into var/demo
    """
    parsed, day = _parse(scale, as_of)
    options = DemoOptions(parsed, day, seed, into, server, prefix)
    console = Console(highlight=False)
    columns = (
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console) as progress:
            result = build_demo(options, _Bars(progress))
    except DemoError as error:
        Console(stderr=True).print(Text(f"error: {error}", style="red"))
        raise typer.Exit(1) from None
    _summary(console, result)
