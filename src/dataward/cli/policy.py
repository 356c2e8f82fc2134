"""``dataward policy …``: check, write out, show and render the policy."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dataward.cli.policy_args import PolicyFile, policy_or_exit
from dataward.cli.policy_records import diff, export, ropa
from dataward.cli.policy_render import render
from dataward.policy import PolicyError, Severity, check_policy
from dataward.policy.loader import DEFAULT_POLICY_NAME, default_policy_text
from dataward.policy.phrases import anchor_phrase, period_phrase

app = typer.Typer(help="Check, write out, show and render the policy.", no_args_is_help=True)


@app.command()
def check(
    path: PolicyFile = None,
    strict: Annotated[bool, typer.Option(help="Exit with status 1 on warnings too.")] = False,
    as_of: Annotated[
        str | None, typer.Option(help="Judge assessment dates as of this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Validate a policy and report every problem with file, line, column and field.

    Errors (unknown keys, dangling references, impossible retention) exit with status 2.
    Warnings (a processor without an agreement, an overdue supplier assessment, a transfer
    without a safeguard) are printed; with --strict they exit with status 1.

    Example: dataward policy check my-policy.yaml --strict
    """
    day = date.fromisoformat(as_of) if as_of else date.today()
    if path is None:
        text, name = default_policy_text(), DEFAULT_POLICY_NAME
    else:
        text, name = path.read_text("utf-8"), str(path)
    try:
        policy, problems = check_policy(text, name, day)
    except PolicyError as error:
        policy, problems = None, error.problems
    out = Console()
    for problem in problems:
        style = "red" if problem.severity is Severity.error else "yellow"
        out.print(str(problem), style=style, markup=False, highlight=False)
    errors = sum(problem.severity is Severity.error for problem in problems)
    warnings = len(problems) - errors
    if policy is None or errors:
        out.print(f"{name}: {errors} error(s), {warnings} warning(s)", style="bold red")
        raise typer.Exit(2)
    rules = len(policy.retention_rules())
    out.print(
        f"{name}: OK — {len(policy.activities)} activities, {rules} retention rules, "
        f"{warnings} warning(s)",
        style="bold green" if not warnings else "bold yellow",
    )
    if warnings and strict:
        raise typer.Exit(1)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to write policy.yaml into.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing policy.yaml.")] = False,
) -> None:
    """Write the default policy out as the starting point for your own.

    Example: dataward policy init ./privacy && dataward policy check ./privacy/policy.yaml
    """
    target = directory / "policy.yaml"
    if target.exists() and not force:
        typer.echo(f"{target} exists; pass --force to overwrite it", err=True)
        raise typer.Exit(1)
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(default_policy_text(), "utf-8")
    typer.echo(f"wrote {target}")


@app.command()
def show(path: PolicyFile = None) -> None:
    """List the activities and their retention rules as a table.

    Example: dataward policy show
    """
    policy = policy_or_exit(path)
    table = Table(title="Retention rules", show_lines=False)
    for heading in ("activity", "role", "rule", "action", "period", "from"):
        table.add_column(heading, no_wrap=heading in ("activity", "rule"))
    for activity, rule in policy.retention_rules():
        if rule.anchor is None:
            start = rule.review_reason or ""
        else:
            start = anchor_phrase(rule.anchor, policy)
        table.add_row(
            activity.id,
            activity.role.value,
            rule.id,
            rule.action.value,
            period_phrase(rule),
            start,
        )
    Console().print(table)


app.command("ropa")(ropa)
app.command("diff")(diff)
app.command("export")(export)
app.command("render")(render)
