"""What the consent commands share: options, the runtime, and errors printed as CLI errors."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dataward.cli.database import store_engine
from dataward.cli.policy_args import policy_or_exit
from dataward.consent import (
    ConsentInputError,
    ConsentRuntime,
    ContactHasher,
    PurposeCatalogue,
    SuppressionKeyError,
    TokenError,
    resolve_hasher,
)
from dataward.inventory.loader import load_inventory
from dataward.inventory.model import Inventory
from dataward.inventory.problems import InventoryError
from dataward.policy import Policy
from dataward.retention.sweep import inventory_path

PolicyPath = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        help="Policy YAML file. Default: the policy shipped with dataward.",
        exists=True,
        dir_okay=False,
    ),
]
By = Annotated[
    str | None,
    typer.Option("--by", help="Who does this, for the audit log. Default: cli:<login name>."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def actor(by: str | None) -> str:
    return by or f"cli:{getpass.getuser()}"


@dataclass(frozen=True)
class Tools:
    """What a write or a lookup needs: no in-memory index (that loads the whole list)."""

    engine: Engine
    policy: Policy
    catalogue: PurposeCatalogue
    hasher: ContactHasher

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session


@contextmanager
def consent_tools(database_url: str | None, policy: Path | None) -> Iterator[Tools]:
    """Store, policy and key for a command; consent input errors exit with status 2."""
    loaded = policy_or_exit(policy)
    with store_engine(database_url) as engine, input_errors():
        with Session(engine) as session, session.begin():
            hasher = resolve_hasher(session)
        yield Tools(engine, loaded, PurposeCatalogue(loaded), hasher)


@contextmanager
def consent_runtime(database_url: str | None, policy: Path | None) -> Iterator[ConsentRuntime]:
    """The decision runtime (loads the in-memory index) for a command."""
    loaded = policy_or_exit(policy)
    with store_engine(database_url) as engine, input_errors():
        yield ConsentRuntime.open(engine, loaded)


def inventory_or_exit(path: Path | None) -> Inventory:
    """The inventory at ``path`` (or the default one); its problems printed, exit 2 if it is bad."""
    try:
        return load_inventory(inventory_path(path))
    except InventoryError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None


@contextmanager
def input_errors() -> Iterator[None]:
    """Print a consent input error naming the field, and exit 2 (like a usage error)."""
    try:
        yield
    except (ConsentInputError, SuppressionKeyError, TokenError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
