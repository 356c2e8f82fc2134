"""Entry point of the ``dataward`` command: registers each command group.

A group's module imports its whole part (retention pulls in the policy renderer, redact pulls
in spaCy), so ``main`` registers only the group named on the command line: a scheduled
``dataward retention run`` starts in a fraction of the time it takes to import every part.
``app`` (for tests and ``--help``) has them all.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from typing import Literal

import typer

from dataward import __version__

# name on the command line → (module under dataward.cli, attribute, a group or one command)
Entry = tuple[str, str, Literal["group", "command"]]
ENTRIES: dict[str, Entry] = {
    "policy": ("policy", "app", "group"),
    "db": ("db", "app", "group"),
    "audit": ("audit", "app", "group"),
    "inventory": ("inventory", "app", "group"),
    "redact": ("redact", "app", "group"),
    "serve": ("serve", "serve", "command"),
    "demo": ("demo", "demo", "command"),
    "retention": ("retention", "app", "group"),
    "holds": ("holds", "app", "group"),
    "worker": ("worker", "worker", "command"),
    "requests": ("requests", "app", "group"),
    "staff": ("staff", "app", "group"),
    "consent": ("consent", "app", "group"),
    "suppression": ("suppression", "app", "group"),
    "decide": ("decide", "decide", "command"),
    "campaign": ("campaign", "app", "group"),
}


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(__version__)
        raise typer.Exit()


def _version(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        is_eager=True,
        callback=_print_version,
    ),
) -> None:
    """Eager, so ``dataward --version`` answers without a command."""


def build_app(names: Iterable[str] = ENTRIES) -> typer.Typer:
    """The ``dataward`` command with the named groups registered, in the order of ENTRIES."""
    root = typer.Typer(
        name="dataward",
        help="dataward: a privacy notice written once as policy, enforced over real databases.",
        no_args_is_help=True,
        add_completion=False,
    )
    root.callback()(_version)
    wanted = set(names)
    for name, (module_name, attribute, kind) in ENTRIES.items():
        if name not in wanted:
            continue
        target = getattr(importlib.import_module(f"dataward.cli.{module_name}"), attribute)
        if kind == "group":
            root.add_typer(target, name=name)
        else:
            root.command(name)(target)
    return root


def __getattr__(name: str) -> typer.Typer:
    # ``from dataward.cli.main import app`` builds the full command on first use only.
    if name == "app":
        return build_app()
    raise AttributeError(name)


def main() -> None:
    asked = sys.argv[1] if len(sys.argv) > 1 else ""
    build_app([asked] if asked in ENTRIES else ENTRIES)()
