"""``dataward suppression …``: the marketing suppression list, kept as keyed hashes only."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from dataward.cli.consent_common import By, PolicyPath, actor, consent_tools
from dataward.cli.database import DatabaseUrl
from dataward.cli.retention import InventoryFile
from dataward.consent import Action, ConsentChange, contact_identity, is_suppressed, suppress
from dataward.consent.exchange import export_lines, import_contacts, import_hashes
from dataward.consent.profiles import profile_erasers
from dataward.consent.resubscribe import resubscribe as resubscribe_contact
from dataward.consent.tokens import list_unsubscribe_headers, one_click_url, sign_token
from dataward.consent.unsubscribe import (
    Erasure,
    erase_profiles,
    record_erasures,
    unsubscribe,
)
from dataward.retention.sweep import inventory_path
from dataward.store import read_only

app = typer.Typer(
    help="The marketing suppression list: contacts never to be messaged again, as keyed hashes.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

Contact = Annotated[str, typer.Argument(help="An email address or a +E.164 phone number.")]


@app.command()
def add(
    contact: Contact,
    reason: Annotated[str, typer.Option(help="unsubscribe, complaint, bounce…")] = "unsubscribe",
    source: Annotated[str, typer.Option(help="Who asked.")] = "cli",
    inventory: InventoryFile = None,
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Unsubscribe CONTACT: withdraw its marketing consents, list its keyed hash, and delete
    its marketing profile (its rows in the inventory's marketing datasets; audited).

    With --reason other than unsubscribe, only list it (a complaint, a hard bounce).

    Example: [bold]dataward suppression add ana@example.com --source support-ticket-4411[/bold]
    """
    who = actor(by)
    outcomes: list[Erasure] = []
    with consent_tools(database_url, policy) as tools:
        identity = contact_identity(contact)
        with tools.transaction() as session:
            if reason == "unsubscribe":
                result = unsubscribe(
                    session,
                    tools.catalogue,
                    identity,
                    source=source,
                    hasher=tools.hasher,
                    actor=who,
                )
                added, withdrawn = result.newly_listed, result.withdrawn
            else:
                listed = suppress(session, identity, reason, source, hasher=tools.hasher, actor=who)
                added, withdrawn = listed.added, []
        if reason == "unsubscribe":  # after the commit: a failing eraser cannot undo it
            erasers = profile_erasers(tools.catalogue, tools.engine, inventory_path(inventory))
            outcomes = erase_profiles(erasers, identity)
            with tools.transaction() as session:
                record_erasures(session, outcomes, identity, hasher=tools.hasher, actor=who)
    note = f"; consent withdrawn: {', '.join(withdrawn)}" if withdrawn else ""
    typer.echo(f"{'listed' if added else 'already listed'}: {identity}{note}")
    for outcome in outcomes:
        typer.echo(f"profile ({outcome.eraser}): {_erasure_text(outcome)}")


def _erasure_text(outcome: Erasure) -> str:
    if outcome.error is not None:
        return f"FAILED: {outcome.error}"
    parts = [f"{name} {rows} row(s) deleted" for name, rows in outcome.datasets.items()]
    parts += [f"{name} kept ({why})" for name, why in outcome.kept.items()]
    return "; ".join(parts) or f"{outcome.erased} erased"


@app.command()
def resubscribe(
    contact: Contact,
    notice_version: Annotated[str, typer.Option(help="The notice version the person saw.")],
    source: Annotated[str, typer.Option(help="Where the new consent was collected.")],
    purpose: Annotated[
        str, typer.Option(help="The marketing consent purpose subscribed to.")
    ] = "subscriber_marketing",
    channel: Annotated[str | None, typer.Option(help="How it was collected (web…).")] = None,
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """CONTACT subscribes again: record the fresh consent and lift its suppression entry.

    Only a consent given now (after the contact was listed) lifts the list; the lifted
    entry stays as history, with the consent event that lifted it. Audited.

    Example: [bold]dataward suppression resubscribe ana@example.com --notice-version
    2023-02-22 --source webform:newsletter --channel web[/bold]
    """
    with consent_tools(database_url, policy) as tools, tools.transaction() as session:
        change = ConsentChange(
            contact_identity(contact), purpose, Action.given, notice_version, source, channel
        )
        done = resubscribe_contact(
            session, tools.catalogue, change, hasher=tools.hasher, actor=actor(by)
        )
    what = "suppression lifted" if done.lifted else "it was not listed"
    event = done.consent.event_id
    typer.echo(f"{change.identity}: {done.consent.purpose} given (event {event}); {what}")


@app.command()
def check(contact: Contact, policy: PolicyPath = None, database_url: DatabaseUrl = None) -> None:
    """Is CONTACT on the list? Exit status 0 if it is, 1 if not.

    Example: [bold]dataward suppression check +385911234567 && echo "do not send"[/bold]
    """
    with consent_tools(database_url, policy) as tools:
        identity = contact_identity(contact)
        with Session(read_only(tools.engine)) as session:
            listed = is_suppressed(session, identity, tools.hasher)
    typer.echo(f"{identity}: {'suppressed' if listed else 'not suppressed'}")
    raise typer.Exit(0 if listed else 1)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A file of hashes (an export), or of contacts.")],
    contacts: Annotated[
        bool, typer.Option("--contacts", help="The file holds contacts, one a line: hash them.")
    ] = False,
    source: Annotated[str | None, typer.Option(help="Default: import:<file name>.")] = None,
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Add every hash of an exported list (made with the same key), or every contact of a file.

    All or nothing: one unreadable line rejects the file, naming the line.

    Example: [bold]dataward suppression import partner-export.txt[/bold]
    """
    origin = source or f"import:{file.name}"
    with (
        consent_tools(database_url, policy) as tools,
        tools.transaction() as session,
        file.open(encoding="utf-8") as lines,
    ):
        reader = import_contacts if contacts else import_hashes
        result = reader(session, lines, tools.hasher, source=origin, actor=actor(by))
    typer.echo(f"read {result.read}, added {result.added}, already listed {result.already_listed}")


@app.command()
def export(
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
    policy: PolicyPath = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the list as hashes: a header naming the key id, then one hex HMAC a line.

    Example: [bold]dataward suppression export --output suppression-2026-05.txt[/bold]
    """
    with (
        consent_tools(database_url, policy) as tools,
        Session(read_only(tools.engine)) as session,
    ):
        target = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            target.writelines(export_lines(session, tools.hasher))
        finally:
            if output:
                target.close()


@app.command()
def link(
    contact: Contact,
    base_url: Annotated[str, typer.Option(help="Where dataward's API is reachable.")],
    days: Annotated[int, typer.Option(help="How long the link works.", min=1)] = 365,
    policy: PolicyPath = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Print a signed RFC 8058 one-click unsubscribe link and the headers that carry it.

    Example: [bold]dataward suppression link ana@example.com
    --base-url https://privacy.example.com[/bold]
    """
    with consent_tools(database_url, policy) as tools:
        identity = contact_identity(contact)
        expires_at = datetime.now(UTC) + timedelta(days=days)
        url = one_click_url(base_url, sign_token(tools.hasher, identity, expires_at))
    for name, value in list_unsubscribe_headers(url).items():
        typer.echo(f"{name}: {value}")
