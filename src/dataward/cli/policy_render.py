"""``dataward policy render``: the privacy notice, or one just-in-time text, from the policy.

Registered on the ``policy`` group in :mod:`dataward.cli.policy`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dataward.cli.policy_args import PolicyFile, policy_or_exit
from dataward.policy.render import (
    DEFAULT_NOTICE_URL,
    NoticeFormat,
    UnknownActivityError,
    render_activity_notice,
    render_notice,
)
from dataward.requests.jurisdictions import addenda


def render(
    path: PolicyFile = None,
    format: Annotated[
        NoticeFormat, typer.Option("--format", "-f", help="md (Markdown) or html (a full page).")
    ] = NoticeFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write. Default: standard output."),
    ] = None,
    activity: Annotated[
        str | None,
        typer.Option(help="Only the just-in-time text for this activity id (a collection point)."),
    ] = None,
    notice_url: Annotated[
        str, typer.Option(help="Where the full notice is published (linked from --activity).")
    ] = DEFAULT_NOTICE_URL,
) -> None:
    """Render the privacy notice from the policy: an overview per relationship, then each
    activity in full (data, sources, purposes and legal basis, retention, sharing, transfers),
    security, rights, retention exceptions, children and changes. Retention periods are
    worded from the rules themselves.

    With --activity, render only the short text shown where that activity collects data
    (a sign-up or event form). An unknown id exits with status 2 and lists the valid ids.

    Example: dataward policy render --format html --output privacy.html
    """
    policy = policy_or_exit(path)
    try:
        if activity is None:
            text = render_notice(policy, format, addenda(policy))
        else:
            text = render_activity_notice(policy, activity, format, notice_url)
    except UnknownActivityError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if output is None:
        typer.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, "utf-8")
    typer.echo(f"wrote {output}", err=True)
