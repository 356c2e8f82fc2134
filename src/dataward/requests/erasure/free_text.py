"""An erased person's own identifiers inside other records' free text, found and replaced.

Erasing a person deletes or anonymises their rows, but their email, phone and name also
appear in text that others wrote: a colleague's ticket ("call Ana Horvat on 091 …"), a
survey answer. Once every system is done, each free-text column (``free_text: true``) of
every controller dataset is searched, in two stages:

1. the database narrows the rows with ``LIKE``: the lower-cased text contains the email,
   or the name's last word, or the phone's national digits. Every way of writing the
   number holds those digits in order with only separators between: on PostgreSQL the
   text's digits alone contain them (``LIKE '%911234567%'``), which a GIN trigram index
   answers (:mod:`dataward.inventory.free_text`, advised by ``inventory check``); SQLite
   and MariaDB match them with anything between (``%9%1%1%2%3%4%5%6%7%``), by a scan;
2. :func:`dataward.redact.redact_known` reads only those rows and replaces the exact
   identifiers; the changed rows are written back by primary key, locked since the read.

Names come from identity columns of a name kind (``name``) in the person's own rows. Other
identifiers (a customer id such as ``1``) are not searched: as words in prose they would
match far too much. The erasure's exemptions apply: a hold on the person stops the search;
datasets under a legal hold or a legal duty are left alone, and so are the rows of a
customer under a hold and processor datasets (the customer decides on its content). Each
erasure's plan names the datasets to be searched in its audit entry, committed before
anything is changed (:func:`searched_datasets`); each dataset's changes are audited once
they commit, with counts per type, never the values. Systems are searched at once, on
``parallel_systems`` threads.
The verification scan repeats the search and fails while a mention remains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import phonenumbers
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.inventory.connectors.base import ConnectorError, first_line
from dataward.inventory.connectors.sql import SqlConnector
from dataward.inventory.free_text import digits, lowered, searched_columns, trigram_indexed
from dataward.inventory.identity import EMAIL, PHONE
from dataward.inventory.lookup import table_ref
from dataward.inventory.model import DatasetAddress
from dataward.redact import RedactionService, phone_regions
from dataward.redact.known import NAME_KINDS
from dataward.requests.context import Context
from dataward.requests.erasure.exemptions import Exemptions, find_exemptions
from dataward.requests.erasure.run import FAILURES
from dataward.requests.erasure.statements import customer_exclusion
from dataward.requests.locate.person import customer_column
from dataward.retention.actions import write_back
from dataward.retention.redaction import redaction_service

BATCH = 500  # candidate rows read (and, when redacting, locked) at a time
ESCAPE = "/"
Identifiers = Mapping[str, Sequence[Any]]
# SET LOCAL for both, in one round trip.
INDEXED_PLANS_ONLY = sa.text(
    "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
)


@dataclass(frozen=True)
class Search:
    """One person's identifiers, and what rows that may hold them contain."""

    pairs: tuple[tuple[str, str], ...]  # (kind, value), as redact_known takes them
    lowered: tuple[str, ...]  # LIKE patterns on the lower-cased text: emails, surnames
    numbers: tuple[str, ...]  # phones' national significant numbers, digits only

    def condition(
        self, table: sa.TableClause, columns: Sequence[str], dialect: sa.Dialect
    ) -> sa.ColumnElement[bool]:
        """Rows whose ``columns`` may mention the person, written for ``dialect``."""
        matches: list[sa.ColumnElement[bool]] = [
            lowered(table.c[name]).like(pattern, escape=ESCAPE)
            for name in columns
            for pattern in self.lowered
        ]
        for name in columns:
            for number in self.numbers:
                # The digits in order, whatever sits between them: cheap on every database.
                spread: sa.ColumnElement[bool] = table.c[name].like("%" + "%".join(number) + "%")
                if dialect.name == "postgresql":
                    # The same digits side by side, on the expression a trigram index serves;
                    # ANDed after the cheap test, a sequential scan (small tables) runs
                    # regexp_replace only on the rows that passed it.
                    spread = sa.and_(spread, digits(table.c[name]).like(f"%{number}%"))
                matches.append(spread)
        return sa.or_(*matches)


def _like(text: str) -> str:
    """``%text%`` with LIKE's wildcards escaped, and each non-ASCII letter matching any one
    character: SQLite lower-cases ASCII only, and a name may be written without diacritics."""
    escaped = "".join(
        ESCAPE + char if char in f"%_{ESCAPE}" else (char if char.isascii() else "_")
        for char in text.lower()
    )
    return f"%{escaped}%"


def _national_digits(value: str, region: str) -> str:
    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(value, region))
    except phonenumbers.NumberParseException:
        return "".join(char for char in value if char.isdigit())


def search_for(identifiers: Identifiers, regions: Sequence[str]) -> Search | None:
    """The search for these identifiers (kind → values), or None when none can be searched."""
    pairs: list[tuple[str, str]] = []
    patterns: list[str] = []
    numbers: list[str] = []
    for kind, values in sorted(identifiers.items()):
        for value in (str(item).strip() for item in values):
            if kind == EMAIL and value:
                patterns.append(_like(value))
            elif kind in NAME_KINDS and value.split():
                patterns.append(_like(value.split()[-1]))  # every spelling holds the surname
            elif kind == PHONE and (number := _national_digits(value, regions[0])):
                numbers.append(number)
            else:
                continue
            pairs.append((kind, value))
    return Search(tuple(pairs), tuple(patterns), tuple(numbers)) if pairs else None


def _candidates(
    connection: Connection,
    table: sa.TableClause,
    keys: Sequence[str],
    columns: Sequence[str],
    condition: sa.ColumnElement[bool],
    lock: bool,
) -> Iterator[list[dict[str, Any]]]:
    """The rows ``condition`` selects, by key, ``BATCH`` at a time (locked, when ``lock``).

    Keyset pagination, since rows the search matches but that hold nothing to replace
    (another number with the same digits) match again after the batch is written.
    """
    key = sa.tuple_(*(table.c[name] for name in keys)) if len(keys) > 1 else table.c[keys[0]]
    after: Any = None
    while True:
        bounded = condition if after is None else sa.and_(condition, key > after)
        statement = sa.select(*(table.c[name] for name in (*keys, *columns))).where(bounded)
        statement = statement.order_by(key).limit(BATCH)
        if lock:
            statement = statement.with_for_update()
        found = [dict(row) for row in connection.execute(statement).mappings()]
        if found:
            yield found
        if len(found) < BATCH:
            return
        last = found[-1]
        after = tuple(last[name] for name in keys) if len(keys) > 1 else last[keys[0]]


@dataclass(frozen=True)
class Place:
    """A controller dataset with free-text columns."""

    address: DatasetAddress
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Mentions:
    """Where and how to look for one person in free text, with the exemptions in force."""

    context: Context
    search: Search
    places: tuple[Place, ...]
    exemptions: Exemptions
    service: RedactionService
    regions: list[str]

    @classmethod
    def build(cls, engine: Engine, context: Context, identifiers: Identifiers) -> Mentions | None:
        """None when there is nothing to search, or a hold on the person stops the erasure."""
        inventory = context.connectors().inventory
        regions = phone_regions(inventory.identity.default_region)
        search = search_for(identifiers, regions)
        places = _places(context)
        if search is None or not places:
            return None
        # Most of these datasets are not the person's own: their holds and duties are not
        # among the erasure's exemptions yet.
        names = [str(place.address) for place in places]
        with Session(engine) as session:
            found = find_exemptions(session, context.config, identifiers, names, context.now())
        if found.person_held:
            return None
        return cls(context, search, places, found, redaction_service(inventory), regions)

    def exempt(self, place: Place) -> str | None:
        exemption = self.exemptions.datasets.get(str(place.address))
        return None if exemption is None else exemption.reason

    def visit(self, place: Place, write: bool) -> tuple[int, Counter[str]]:
        """Rows holding a mention (replaced when ``write``), and the findings per type.

        One transaction on the dataset's database; raises what :data:`FAILURES` lists.
        """
        pool = self.context.connectors()
        connector = pool.connector(place.address.system)
        if not isinstance(connector, SqlConnector):
            raise ConnectorError(f"system {place.address.system!r} ({connector.name}) is not SQL")
        keys = _primary_key(connector, self.context, place.address)
        info, table = pool.described(place.address)
        column = customer_column(pool.inventory, place.address, self.context.policy)
        kept = customer_exclusion(table, column, list(self.exemptions.held_customers))
        condition = self.search.condition(table, place.columns, connector.dialect)
        if kept is not None:
            condition = sa.and_(condition, kept)
        rows, counts = 0, Counter[str]()
        with connector.engine.begin() as connection:
            if trigram_indexed(info, place.columns, connector.dialect):
                # pg_trgm prices an index scan by the pattern's trigrams, though more of
                # them only make it more selective: for an email the planner prices the
                # bitmap scans above reading the table (or walking it in key order, for
                # the ORDER BY), and reads 10k tickets in 12 ms for what the indexes answer
                # in about 1 ms. Only this transaction's plans change.
                connection.execute(INDEXED_PLANS_ONLY)
            for batch in _candidates(connection, table, keys, place.columns, condition, write):
                redacted = self.service.redact_known_batch(
                    batch, place.columns, self.search.pairs, regions=self.regions
                )
                if write:
                    write_back(connection, table, keys, place.columns, batch, redacted)
                rows += len(redacted.changed)
                counts.update(redacted.counts)
        return rows, counts


def _places(context: Context) -> tuple[Place, ...]:
    """The free-text columns of every controller dataset (processor content is the
    customer's to decide on)."""
    found = []
    for address, dataset in context.connectors().inventory.datasets():
        columns = searched_columns(context.policy, dataset)
        if columns:
            found.append(Place(address, columns))
    return tuple(found)


def searched_datasets(context: Context) -> list[str]:
    """The datasets whose free text an erasure searches for the person's mentions."""
    return [str(place.address) for place in _places(context)]


def _primary_key(connector: SqlConnector, context: Context, address: DatasetAddress) -> list[str]:
    inventory = context.connectors().inventory
    declared = inventory.dataset(address).primary_key
    if declared:
        return list(declared)
    ref = table_ref(inventory, address)
    schema = ref.schema or connector.settings.schema_name
    found = sa.inspect(connector.engine).get_pk_constraint(ref.name, schema=schema)
    if not found.get("constrained_columns"):
        raise ConnectorError(f"{address} has no primary key (inventory `primary_key`)")
    return list(found["constrained_columns"])


Visited = tuple[int, Counter[str]] | str  # (rows, findings per type), or why it failed


def _visit_all(mentions: Mentions, write: bool) -> dict[Place, Visited]:
    """Every place not exempt, each in a transaction of its own. Systems are visited on up
    to ``parallel_systems`` threads at once (each mostly waits on its database); the places
    of one system one after another, so no two of our transactions contend for one
    database (SQLite refuses the second writer)."""

    def visit_system(places: list[Place]) -> list[Visited]:
        outcomes: list[Visited] = []
        for place in places:
            try:
                outcomes.append(mentions.visit(place, write))
            except FAILURES as error:
                mentions.context.connectors().discard(place.address.system)
                outcomes.append(first_line(error))
        return outcomes

    by_system: dict[str, list[Place]] = {}
    for place in mentions.places:
        if mentions.exempt(place) is None:
            by_system.setdefault(place.address.system, []).append(place)
    if not by_system:
        return {}
    workers = min(len(by_system), mentions.context.config.parallel_systems)
    with ThreadPoolExecutor(workers, thread_name_prefix="free-text") as pool:
        outcomes = pool.map(visit_system, by_system.values())
        return {
            place: outcome
            for places, visited in zip(by_system.values(), outcomes, strict=True)
            for place, outcome in zip(places, visited, strict=True)
        }


def redact_mentions(
    mentions: Mentions | None,
    engine: Engine,
    request_id: str,
    actor: str,
    previous: Mapping[str, Any],
) -> dict[str, Any]:
    """Replace the person's identifiers in every free-text column; audit each dataset.

    Returns dataset → ``{"rows", "findings"}``, added to ``previous`` (what an earlier
    attempt of the same request replaced), or ``{"skipped": why}`` / ``{"error": why}``.
    """
    report = dict(previous)
    if mentions is None:
        return report
    visited = _visit_all(mentions, write=True)
    with Session(engine) as session, session.begin():
        for place in mentions.places:
            name = str(place.address)
            outcome = visited.get(place)
            if outcome is None:
                report[name] = {"skipped": mentions.exempt(place)}
                continue
            if isinstance(outcome, str):
                report[name] = {"error": outcome}
                continue
            rows, counts = outcome
            earlier = report.get(name, {})
            total = Counter(earlier.get("findings", {})) + counts
            report[name] = {"rows": earlier.get("rows", 0) + rows, "findings": dict(total)}
            if rows:
                AuditLog().append(
                    session,
                    actor=actor,
                    action="request.mentions_redacted",
                    target=f"request:{request_id}",
                    details={"dataset": name, "rows": rows, "findings": dict(counts)},
                )
    return report


def with_mentions(scan: Mapping[str, Any], mentions: Mentions | None) -> dict[str, Any]:
    """The verification scan with its free-text part, ``"free_text"``: dataset →
    ``{"remaining", "status", "reason"}`` (``clear``; ``exempt``: a hold or legal duty;
    ``remains``; ``unreachable``). The scan passes only if each one is clear or exempt.
    """
    report = {} if mentions is None else _remaining(mentions)
    passed = all(item["status"] in ("clear", "exempt") for item in report.values())
    return {**scan, "passed": bool(scan["passed"]) and passed, "free_text": report}


def _remaining(mentions: Mentions) -> dict[str, Any]:
    report: dict[str, Any] = {}
    visited = _visit_all(mentions, write=False)
    for place in mentions.places:
        name = str(place.address)
        outcome = visited.get(place)
        if outcome is None:
            report[name] = {"remaining": None, "status": "exempt", "reason": mentions.exempt(place)}
        elif isinstance(outcome, str):
            report[name] = {"remaining": None, "status": "unreachable", "reason": outcome}
        elif outcome[0]:
            report[name] = {
                "remaining": outcome[0],
                "status": "remains",
                "reason": "mentioned in free text",
            }
        else:
            report[name] = {"remaining": 0, "status": "clear", "reason": ""}
    return report
