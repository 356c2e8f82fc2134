"""``dataward consent birth-date`` and ``import-birth-dates``: what the minimum-age check reads."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Annotated

import typer

from dataward.cli.consent_common import By, PolicyPath, actor, consent_tools, inventory_or_exit
from dataward.cli.database import DatabaseUrl
from dataward.cli.retention import InventoryFile
from dataward.consent import ConsentInputError, parse_identity, record_birth_date
from dataward.consent.ages import (
    BirthDate,
    birth_date_datasets,
    import_birth_dates,
    under_age_birth_dates,
)
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.model import DatasetAddress


def birth_date(
    identity: Annotated[str, typer.Argument(help="An email, a +E.164 phone, or kind:value.")],
    born: Annotated[str, typer.Argument(metavar="BIRTH_DATE", help="YYYY-MM-DD.")],
    source: Annotated[str, typer.Option(help="Where the date comes from.")] = "cli",
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Record IDENTITY's birth date, which the minimum-age check reads.

    Under the policy's minimum age (16), decisions for consent purposes and for the
    customers' activities are denied with under_age. The date recorded last holds, so a
    wrong one is corrected by recording the right one.

    Example: [bold]dataward consent birth-date kid@example.com 2011-04-02 --source signup[/bold]
    """
    try:
        day = date.fromisoformat(born)
    except ValueError:
        raise typer.BadParameter(f"{born!r} is not a date (YYYY-MM-DD)") from None
    with consent_tools(database_url, policy) as tools, tools.transaction() as session:
        subject = parse_identity(identity)
        record_birth_date(
            session, subject, day, source=source, hasher=tools.hasher, actor=actor(by)
        )
    typer.echo(f"{subject}: born {day.isoformat()}")


def import_birth_dates_command(
    dataset: Annotated[
        list[str] | None,
        typer.Option(help="system.dataset to read (repeatable). Default: every dataset of the "
                     "inventory that names a date_of_birth column."),
    ] = None,
    inventory: InventoryFile = None,
    policy: PolicyPath = None,
    by: By = None,
    database_url: DatabaseUrl = None,
) -> None:  # fmt: skip
    """Import the birth dates of the people under the minimum age from the company's systems.

    Reads each dataset whose inventory entry names its date_of_birth column, asking the
    database only for the rows of people younger than the policy's minimum age (a
    date_of_birth > cutoff condition): no adult's birth date is read. Each one is recorded
    for every identity of its row (email, phone), so decisions about those contacts say
    under_age. Retention deletes under-16 accounts: import before a retention run.

    Example: [bold]dataward consent import-birth-dates --dataset messaging.customers[/bold]
    """
    loaded = inventory_or_exit(inventory)
    addresses = [_address(text) for text in dataset] if dataset else birth_date_datasets(loaded)
    now = datetime.now(UTC)
    with consent_tools(database_url, policy) as tools:
        minimum_age = tools.catalogue.minimum_age
        if minimum_age is None:
            raise ConsentInputError("policy", "the policy sets no minimum age (children:)")
        found: list[BirthDate] = []
        for address in addresses:
            if address not in birth_date_datasets(loaded):
                raise ConsentInputError("dataset", f"{address} names no date_of_birth column")
            found.extend(
                under_age_birth_dates(
                    loaded, address, minimum_age=minimum_age, as_of=now,
                    registry=default_registry(), environ=os.environ,
                )
            )  # fmt: skip
        with tools.transaction() as session:
            result = import_birth_dates(
                session, found, hasher=tools.hasher, actor=actor(by),
                datasets=[str(address) for address in addresses],
            )  # fmt: skip
    typer.echo(
        f"read {result.read} birth dates under {minimum_age} from "
        f"{', '.join(result.datasets) or 'no dataset'}; recorded {result.recorded} new"
    )


def _address(text: str) -> DatasetAddress:
    system, _, name = text.partition(".")
    return DatasetAddress(system, name)
