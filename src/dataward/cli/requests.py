"""``dataward requests …``: data-subject requests from the command line."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from dataward.cli import requests_views as views
from dataward.cli.database import DatabaseUrl
from dataward.cli.requests_setup import (
    ActorOption,
    ConfigOption,
    InventoryOption,
    PolicyOption,
    actor_of,
    requests_context,
)
from dataward.requests import pauses, staff, workflow
from dataward.requests.context import NoInventory
from dataward.requests.errors import NotFound, RateLimited, RequestInputError, TransitionError
from dataward.requests.intake import Submission, submit
from dataward.requests.outbox import DeliveryError
from dataward.requests.preview import preview as dry_run
from dataward.requests.query import request_row
from dataward.requests.verification import verify as verify_code

app = typer.Typer(
    help="Data-subject requests: intake, verification, deadlines, staff actions.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
console = Console(highlight=False)
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _fail(error: Exception) -> typer.Exit:
    field = getattr(error, "field", None)
    typer.echo(
        f"error: {field + ': ' if field else ''}{getattr(error, 'message', error)}", err=True
    )
    return typer.Exit(1)


KNOWN = (NotFound, TransitionError, RequestInputError, RateLimited, NoInventory, DeliveryError)


@app.command("submit")
def submit_request(
    type: Annotated[
        str,
        typer.Option(
            "--type",
            help="access, portability, rectification, erasure, restriction, objection, "
            "withdraw_consent, marketing_opt_out",
        ),
    ],
    country: Annotated[str, typer.Option(help="ISO 3166 code: HR, BR, US-CA.")],
    relationship: Annotated[
        str,
        typer.Option(
            help="customer, customer_contact, end_user, marketing_subscriber, job_applicant, …"
        ),
    ],
    email: Annotated[str | None, typer.Option(help="The requester's email.")] = None,
    phone: Annotated[str | None, typer.Option(help="The requester's phone.")] = None,
    change: Annotated[list[str], typer.Option(help="Rectification: field=value (repeat).")] = [],  # noqa: B006
    purpose: Annotated[
        list[str], typer.Option(help="Objection/withdrawal: a purpose id (repeat).")
    ] = [],  # noqa: B006
    database_url: DatabaseUrl = None,
    policy: PolicyOption = None,
    requests_config: ConfigOption = None,
) -> None:
    """Take a request in; a one-time code goes to each contact (see `dataward requests outbox`).

    Example: dataward requests submit --type access --email ana@example.com --country HR
    --relationship customer
    """
    changes = dict(item.split("=", 1) for item in change if "=" in item)
    submission = Submission(type, country, relationship, email, phone, changes, list(purpose))
    with requests_context(database_url, None, policy, requests_config) as (engine, context):
        try:
            with Session(engine) as session, session.begin():
                received = submit(session, context, submission, "cli")
                sent = ", ".join(received.channels)
                typer.echo(f"{received.request.id} {received.request.status}: code sent to {sent}")
        except KNOWN as error:
            raise _fail(error) from None


@app.command()
def verify(
    request_id: str,
    code: str,
    database_url: DatabaseUrl = None,
    policy: PolicyOption = None,
    requests_config: ConfigOption = None,
) -> None:
    """Enter a requester's one-time code.

    Example: dataward requests verify 4c0e… 123456
    """
    with requests_context(database_url, None, policy, requests_config) as (engine, context):
        with Session(engine) as session, session.begin():
            try:
                outcome = verify_code(
                    session, context, staff.get_request(session, request_id, lock=True), code
                )
            except NotFound as error:
                raise _fail(error) from None
        typer.echo(outcome.reason)
        if not outcome.ok:
            raise typer.Exit(1)


def _act(
    action: str,
    request_id: str,
    database_url: str | None,
    inventory: Any = None,
    policy: Any = None,
    config: Any = None,
    **kwargs: Any,
) -> None:
    with requests_context(database_url, inventory, policy, config) as (engine, context):
        try:
            if action in ("approve", "retry"):
                done = getattr(workflow, action)(engine, context, request_id, kwargs["actor"])
            else:
                service = pauses if action in ("pause", "resume") else staff
                with Session(engine, expire_on_commit=False) as session, session.begin():
                    done = getattr(service, action)(session, context, request_id, **kwargs)
        except KNOWN as error:
            raise _fail(error) from None
        typer.echo(f"{done.id} {done.status} (due by {request_row(done, context.now())['due_by']})")


@app.command()
def approve(
    request_id: str,
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
    inventory: InventoryOption = None,
    policy: PolicyOption = None,
    requests_config: ConfigOption = None,
) -> None:
    """Approve a verified request and carry it out now (export, erasure, …).

    Example: dataward requests approve 4c0e… --by dpo
    """
    _act(
        "approve", request_id, database_url, inventory, policy, requests_config, actor=actor_of(by)
    )


@app.command()
def preview(
    request_id: str,
    database_url: DatabaseUrl = None,
    inventory: InventoryOption = None,
    policy: PolicyOption = None,
    requests_config: ConfigOption = None,
) -> None:
    """The dry run of an erasure or rectification: what approving it would change (JSON).

    Rows per system and dataset, exemptions, forwarded datasets, Parquet files to rewrite;
    nothing is changed or recorded.
    Example: dataward requests preview 4c0e…
    """
    with requests_context(database_url, inventory, policy, requests_config) as (engine, context):
        try:
            with Session(engine) as session:
                found = dry_run(session, context, request_id)
        except KNOWN as error:
            raise _fail(error) from None
    typer.echo(json.dumps(found, indent=2, default=str))


@app.command()
def retry(
    request_id: str,
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
    inventory: InventoryOption = None,
    policy: PolicyOption = None,
    requests_config: ConfigOption = None,
) -> None:
    """Retry only the systems that failed (staff retry; also after retries ran out).

    Example: dataward requests retry 4c0e…
    """
    _act("retry", request_id, database_url, inventory, policy, requests_config, actor=actor_of(by))


@app.command()
def retry_due(
    database_url: DatabaseUrl = None,
    inventory: InventoryOption = None,
    policy: PolicyOption = None,
    requests_config: ConfigOption = None,
) -> None:
    """Run the automatic retries whose backoff has passed (for cron or a worker).

    Example: dataward requests retry-due
    """
    with requests_context(database_url, inventory, policy, requests_config) as (engine, context):
        for done in workflow.retry_due(engine, context):
            typer.echo(f"{done.id} {done.status}")


@app.command()
def extend(
    request_id: str,
    reason: Annotated[str, typer.Option(help="Why (told to the requester).")],
    by_units: Annotated[
        int | None,
        typer.Option(
            "--units", help="How much, in the deadline's unit. Default: the rest of the cap."
        ),
    ] = None,
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Extend a deadline within the jurisdiction's cap, with a reason.

    Example: dataward requests extend 4c0e… --reason "12 systems to search"
    """
    _act("extend", request_id, database_url, reason=reason, by=by_units, actor=actor_of(by))


@app.command()
def pause(
    request_id: str,
    reason: Annotated[str, typer.Option(help="What you wait for (told to the requester).")],
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Stop a request's clock while you wait for the requester, where the law allows it.

    The UK's "stop the clock"; a company-default deadline (policy) can be paused too.
    Example: dataward requests pause 4c0e… --reason "a copy of an identity document"
    """
    _act("pause", request_id, database_url, reason=reason, actor=actor_of(by))


@app.command()
def resume(
    request_id: str,
    note: Annotated[str, typer.Option(help="What arrived (kept with the pause).")] = "",
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Restart a paused request's clock; its deadline moves by the days it was paused.

    Example: dataward requests resume 4c0e… --note "identity document received"
    """
    _act("resume", request_id, database_url, note=note, actor=actor_of(by))


@app.command()
def reject(
    request_id: str,
    reason: Annotated[str, typer.Option(help="Why (told to the requester).")],
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Reject a request with a reason.

    Example: dataward requests reject 4c0e… --reason "manifestly unfounded: repeated"
    """
    _act("reject", request_id, database_url, reason=reason, actor=actor_of(by))


@app.command()
def complete(
    request_id: str,
    note: Annotated[str, typer.Option(help="Added to the reply.")] = "",
    by: ActorOption = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Close a ready request and send the reply (exports: a signed link).

    Example: dataward requests complete 4c0e…
    """
    _act("complete", request_id, database_url, actor=actor_of(by), note=note)


# Read-only views live in their own module; they register here, in the order of the help.
app.command("list")(views.list_)
app.command()(views.show)
app.command()(views.outbox)
app.command()(views.deadlines)
