"""``dataward db …``: create and migrate dataward's own database."""

from __future__ import annotations

import typer

from dataward.cli.database import DatabaseUrl, store_engine
from dataward.store import current_revision, head_revision

app = typer.Typer(
    help="Create and migrate dataward's own database.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@app.command()
def upgrade(database_url: DatabaseUrl = None) -> None:
    """Migrate the database to the newest schema, creating it when empty.

    Safe to repeat, also from several machines at once; commands run it on start too.

    Example: [bold]dataward db upgrade --database-url postgresql+psycopg://dw@db/dataward[/bold]
    """
    with store_engine(database_url) as engine:
        typer.echo(f"database is at revision {current_revision(engine)} (newest)")


@app.command()
def current(database_url: DatabaseUrl = None) -> None:
    """Show the database's schema revision and the newest one this dataward ships.

    Read-only: it never migrates.

    Example: [bold]dataward db current --database-url sqlite:///var/dataward.db[/bold]
    """
    with store_engine(database_url, migrate=False) as engine:
        revision = current_revision(engine)
    head = head_revision()
    if revision == head:
        typer.echo(f"revision {revision} (newest)")
    else:
        typer.echo(f"revision {revision or 'none'}; newest is {head}: run `dataward db upgrade`")
