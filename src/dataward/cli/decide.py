"""``dataward decide PURPOSE IDENTITY``: the decision API from the command line."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dataward.cli.consent_common import AsJson, PolicyPath, consent_runtime
from dataward.cli.database import DatabaseUrl
from dataward.consent.decision import explain


def decide(
    purpose: Annotated[str, typer.Argument(help="A purpose id of the policy.")],
    identity: Annotated[str, typer.Argument(help="An email, a +E.164 phone, or kind:value.")],
    channel: Annotated[str | None, typer.Option(help="email, sms, voice, whatsapp…")] = None,
    as_json: AsJson = False,
    policy: PolicyPath = None,
    database_url: DatabaseUrl = None,
) -> None:
    """May PURPOSE use IDENTITY now? Prints the decision and its reasons.

    Exit status 0 when allowed, 1 when denied (2 for bad input), so scripts can branch on it.

    Example: [bold]dataward decide subscriber_marketing ana@example.com --channel email[/bold]
    """
    with consent_runtime(database_url, policy) as runtime:
        decision = runtime.decide(purpose, identity, channel)
        rule = runtime.catalogue.get(purpose)
    minimum_age = runtime.catalogue.minimum_age
    reasons = [(reason.value, explain(reason, rule, minimum_age)) for reason in decision.reasons]
    if as_json:
        payload = {
            "allowed": decision.allowed,
            "purpose": rule.id,
            "reasons": [{"code": code, "message": message} for code, message in reasons],
            "policy_version": decision.policy_version,
        }
        typer.echo(json.dumps(payload))
    else:
        typer.echo(f"{'ALLOWED' if decision.allowed else 'DENIED'}: {rule.id} for {identity}")
        for code, message in reasons:
            typer.echo(f"  {code}: {message}")
        typer.echo(f"  (policy {decision.policy_version})")
    raise typer.Exit(0 if decision.allowed else 1)
