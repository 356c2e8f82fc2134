"""Options and the context shared by the ``dataward requests`` commands."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Engine

from dataward.cli.database import store_engine
from dataward.cli.policy_args import policy_or_exit
from dataward.inventory.loader import load_inventory
from dataward.requests.config import load_config
from dataward.requests.context import Context

InventoryOption = Annotated[
    Path | None,
    typer.Option(
        "--inventory", "-i", show_default=False,
        help="Inventory YAML. Default: $DATAWARD_INVENTORY, ./var/demo/inventory.yaml, "
        "./inventory.yaml.",
    ),
]  # fmt: skip
PolicyOption = Annotated[
    Path | None, typer.Option("--policy", "-p", help="Policy YAML (default: the shipped one).")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--requests-config",
        help="requests.yaml. Default: $DATAWARD_REQUESTS_CONFIG, else built-in defaults.",
    ),
]
ActorOption = Annotated[
    str | None, typer.Option("--by", help="Who acts (audit log). Default: the OS user.")
]


def actor_of(by: str | None) -> str:
    return f"staff:{by or os.environ.get('USER') or getpass.getuser()}"


@contextmanager
def requests_context(
    database_url: str | None,
    inventory: Path | None = None,
    policy: Path | None = None,
    config: Path | None = None,
    need_inventory: bool = False,
) -> Iterator[tuple[Engine, Context]]:
    from dataward.retention.sweep import inventory_path

    loaded = None
    path = inventory_path(inventory)
    if inventory is not None or path.exists():
        loaded = load_inventory(path)
    elif need_inventory:
        typer.echo(f"no inventory at {path}: pass --inventory", err=True)
        raise typer.Exit(2)
    context = Context(policy_or_exit(policy), load_config(config), loaded)
    with store_engine(database_url) as engine:
        try:
            yield engine, context
        finally:
            context.close()
