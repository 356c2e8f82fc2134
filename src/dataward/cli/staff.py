"""``dataward staff token …``: bearer tokens for the staff API."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dataward.cli import staff_users
from dataward.cli.database import DatabaseUrl, store_engine
from dataward.cli.requests_setup import ActorOption, actor_of
from dataward.staff import Role, create_token, list_tokens, revoke_token

app = typer.Typer(
    help="Staff access to the API: bearer tokens with a role.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
token_app = typer.Typer(
    help="Create, list and revoke staff tokens.", no_args_is_help=True, rich_markup_mode="rich"
)
app.add_typer(token_app, name="token")
app.add_typer(staff_users.app, name="user")


@token_app.command("create")
def create(
    role: Annotated[Role, typer.Option(help="admin, privacy_officer, or auditor (read-only).")],
    name: Annotated[str, typer.Option(help="Whose token (shown in the audit log).")],
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create a token and print it once; only its hash is stored.

    Example: dataward staff token create --role privacy_officer --name dpo
    """
    with store_engine(database_url) as engine, Session(engine) as session, session.begin():
        token, row = create_token(session, name=name, role=role, created_by=actor_of(by))
        typer.echo(token)
        typer.echo(
            f"token {row.id} for {row.name} ({row.role}): keep it, it is not shown again", err=True
        )


@token_app.command("list")
def list_(database_url: DatabaseUrl = None) -> None:
    """List tokens (never the secrets).

    Example: dataward staff token list
    """
    table = Table("id", "name", "role", "created", "revoked")
    with store_engine(database_url) as engine, Session(engine) as session:
        for row in list_tokens(session):
            revoked = f"{row.revoked_at:%Y-%m-%d}" if row.revoked_at else ""
            table.add_row(str(row.id), row.name, row.role, f"{row.created_at:%Y-%m-%d}", revoked)
    Console().print(table)


@token_app.command("revoke")
def revoke(token_id: int, by: ActorOption = None, database_url: DatabaseUrl = None) -> None:
    """Revoke a token: it stops working at once.

    Example: dataward staff token revoke 3
    """
    with store_engine(database_url) as engine, Session(engine) as session, session.begin():
        try:
            row = revoke_token(session, token_id, revoked_by=actor_of(by))
        except ValueError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"token {row.id} ({row.name}) revoked")
