"""Every command is documented: an example in its --help, and a mention in the docs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer.main

from dataward.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Command, prefix: str) -> Iterator[tuple[str, click.Command]]:
    if hasattr(group, "commands"):
        for name, command in group.commands.items():
            yield from _commands(command, f"{prefix} {name}")
    else:
        yield prefix, group


COMMANDS = sorted(_commands(typer.main.get_command(app), "dataward"), key=lambda item: item[0])


def _docs_text() -> str:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text("utf-8") for page in pages if page.exists())


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_command_help_has_an_example(path: str, command: click.Command) -> None:
    assert command.help and "Example:" in command.help, f"{path} --help has no example"


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_command_is_documented(path: str) -> None:
    assert path in _docs_text(), f"`{path}` is not mentioned in README.md or docs/"
