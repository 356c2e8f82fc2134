"""Entry point of the ``dataward`` command: registers each command group."""

from __future__ import annotations

import typer

from dataward import __version__
from dataward.cli import (
    audit,
    campaign,
    consent,
    db,
    decide,
    demo,
    inventory,
    policy,
    serve,
    staff_users,
    suppression,
)
from dataward.cli import holds as holds_cli
from dataward.cli import redact as redact_cli
from dataward.cli import requests as requests_cli
from dataward.cli import retention as retention_cli
from dataward.cli import staff as staff_cli
from dataward.cli import worker as worker_cli

app = typer.Typer(
    name="dataward",
    help="dataward: a privacy notice written once as policy, enforced over real databases.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(policy.app, name="policy")
app.add_typer(db.app, name="db")
app.add_typer(audit.app, name="audit")
app.add_typer(inventory.app, name="inventory")
app.add_typer(redact_cli.app, name="redact")
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
app.add_typer(retention_cli.app, name="retention")
app.add_typer(holds_cli.app, name="holds")
app.command("worker")(worker_cli.worker)
app.add_typer(requests_cli.app, name="requests")
app.add_typer(staff_cli.app, name="staff")
staff_cli.app.add_typer(staff_users.app, name="user")
app.add_typer(consent.app, name="consent")
app.add_typer(suppression.app, name="suppression")
app.command("decide")(decide.decide)
app.add_typer(campaign.app, name="campaign")


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


def main() -> None:
    app()
