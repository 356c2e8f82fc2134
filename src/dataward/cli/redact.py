"""``dataward redact …``: remove personal data from free text, and list the detectors.

Thin: reads the text, builds a redactor from the options, prints its result.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dataward.redact import DetectorRegistry, Pseudonym, SettingsError, build_redactor
from dataward.redact.detectors.names import ModelUnavailable, model_installed
from dataward.redact.registry import NamesMode

KEY_VARIABLE = "DATAWARD_REDACT_KEY"

app = typer.Typer(
    help="Find and remove personal data in free text (tickets, survey answers, transcripts).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@app.command("text")
def text(
    file: Annotated[
        Path | None, typer.Argument(help="Text file to read (default: standard input).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the redacted text and the findings as JSON.")
    ] = False,
    pseudonymise: Annotated[
        bool,
        typer.Option(
            "--pseudonymise",
            help=f"Keyed pseudonyms (<EMAIL:3f9a…>), not placeholders; key in ${KEY_VARIABLE}.",
        ),
    ] = False,
    region: Annotated[
        list[str] | None,
        typer.Option("--region", help="Phone region for national numbers (repeatable): GB, HR…"),
    ] = None,
    names: Annotated[
        NamesMode, typer.Option(help="Person names via spaCy: auto (if installed), on, off.")
    ] = "auto",
) -> None:
    """Replace personal data in text with <EMAIL>, <PHONE>… (stdin to stdout).

    Example: [bold]echo 'Call Ana on +385 91 234 5678' | dataward redact text --json[/bold]
    """
    settings = {"phone": {"regions": [r.upper() for r in region]}} if region else {}
    try:
        operator = Pseudonym(_key()) if pseudonymise else None
        redactor = build_redactor(settings, names=names, operator=operator)
    except (SettingsError, ModelUnavailable, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    source = file.read_text("utf-8") if file else sys.stdin.read()
    result = redactor.redact(source)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        typer.echo(result.text, nl=False)


@app.command("detectors")
def detectors() -> None:
    """List the detectors, what each finds, and whether it can run here.

    Example: [bold]dataward redact detectors[/bold]
    """
    registry = DetectorRegistry()
    table = Table("detector", "finds", "options", "status")
    for name in registry.names():
        cls = registry.get(name)
        options = ", ".join(key for key in cls.config_model.model_fields if key != "enabled")
        status = "ready"
        if name == "person_name":
            model = str(cls.config_model.model_fields["model"].default)
            status = "ready" if model_installed(model) else f"model {model} not installed"
        table.add_row(name, cls.entity.value, options, status)
    Console(highlight=False).print(table)


def _key() -> bytes:
    raw = os.environ.get(KEY_VARIABLE, "")
    if not raw:
        raise ValueError(f"--pseudonymise needs a key of 16+ bytes in ${KEY_VARIABLE}")
    return raw.encode()
