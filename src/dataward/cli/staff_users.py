"""``dataward staff user …``: console logins (name, password, role) for the privacy team."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from dataward.cli.database import DatabaseUrl, store_engine
from dataward.cli.requests_setup import ActorOption, actor_of
from dataward.staff import Role
from dataward.web.accounts import AccountError, create_user, disable_user, list_users
from dataward.web.passwords import PasswordError

app = typer.Typer(
    help="Console users: log in to /console with a name and a password.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@app.command("create")
def create(
    role: Annotated[Role, typer.Option(help="admin, privacy_officer, or auditor (read-only).")],
    name: Annotated[str, typer.Option(help="The user name to log in with.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Create a console user; the password is asked for (twice) and stored as a scrypt hash.

    The first admin is created this way, on the machine that holds the store.

    Example: dataward staff user create --role admin --name alice
    """
    password = _password(password_stdin)
    with store_engine(database_url) as engine, Session(engine) as session, session.begin():
        try:
            user = create_user(
                session,
                name=name,
                role=role,
                password=password,
                created_by=actor_of(by),
                now=datetime.now(UTC),
            )
        except (AccountError, PasswordError) as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"user {user.name} ({user.role}) created: log in at /console/login")


@app.command("list")
def list_(database_url: DatabaseUrl = None) -> None:
    """List console users (never their passwords).

    Example: dataward staff user list
    """
    table = Table("id", "name", "role", "created", "state")
    with store_engine(database_url) as engine, Session(engine) as session:
        for user in list_users(session):
            state = f"disabled {user.disabled_at:%Y-%m-%d}" if user.disabled_at else "active"
            table.add_row(str(user.id), user.name, user.role, f"{user.created_at:%Y-%m-%d}", state)
    Console().print(table)


@app.command("disable")
def disable(name: str, by: ActorOption = None, database_url: DatabaseUrl = None) -> None:
    """Disable a user: their sessions end at once and they can no longer log in.

    Example: dataward staff user disable alice
    """
    with store_engine(database_url) as engine, Session(engine) as session, session.begin():
        try:
            disable_user(session, name, disabled_by=actor_of(by), now=datetime.now(UTC))
        except AccountError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"user {name} disabled")
