"""The policy argument every ``dataward policy …`` command takes, and loading it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dataward.policy import Policy, PolicyError, load_policy

PolicyFile = Annotated[
    Path | None,
    typer.Argument(
        help="Policy YAML file. Default: the policy shipped with dataward.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]


def policy_or_exit(path: Path | None) -> Policy:
    """Load a policy for a command, or print every error and exit with status 2."""
    try:
        return load_policy(path)
    except PolicyError as error:
        err = Console(stderr=True)
        for problem in error.problems:
            err.print(str(problem), markup=False, highlight=False)
        raise typer.Exit(2) from None
