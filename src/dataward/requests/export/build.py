"""An access or portability export for one request: find, stream, summarise.

Every controller dataset the plan reaches is read with one indexed query (the person's
condition from :mod:`dataward.requests.locate.selection`), streamed batch by batch into
the archive. Processor datasets are left out: their data is the customer's to answer
for, and the request about them was forwarded (the README says so).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dataward.inventory.model import Inventory
from dataward.policy.model import Policy
from dataward.policy.render.wording import Phrasebook
from dataward.requests.export.summary import summarise, to_markdown
from dataward.requests.export.writer import BATCH, ExportResult, Part, write_export
from dataward.requests.locate.person import PersonPlan
from dataward.requests.locate.plan import Step
from dataward.requests.locate.planner_friendly import first_rows
from dataward.requests.locate.selection import cross_keys
from dataward.requests.models import DsrRequest


def _parts(plan: PersonPlan, key_limit: int) -> Iterator[Part]:
    for step in plan.controller_steps():
        cross_keys(plan.selector, step, key_limit)
        statement = plan.selector.rows(step)
        if statement is None:
            continue
        yield Part(str(step.address), _batches(plan, step, statement))


def _batches(plan: PersonPlan, step: Step, statement: Any) -> Any:
    def batches() -> Iterator[list[dict[str, Any]]]:
        # Most people have few rows: one plain query answers them in one round trip, where a
        # server-side cursor takes three. Only past a batch is the query streamed (the first
        # batch is read twice, a small price once a person has that many rows).
        connector = plan.selector.pool.connector(step.system)
        first = connector.rows(first_rows(statement, BATCH + 1))
        if len(first) <= BATCH:
            plan.selector.learn(step, first)
            if first:
                yield first
            return
        del first
        yield from connector.stream(statement, BATCH)

    return batches


def _readme(
    request: DsrRequest,
    policy: Policy,
    inventory: Inventory,
    plan: PersonPlan,
    counts: dict[str, int],
) -> str:
    phrases = Phrasebook.of(policy)
    lines = [
        f"# Your personal data held by {policy.controller.name}",
        "",
        f"Request {request.id} ({request.type}), received {request.received_at:%Y-%m-%d}.",
        "`data.json` holds everything in one machine-readable file; `csv/` one table per dataset.",
        "",
    ]
    if plan.processor:
        lines += [
            "Some data about you is processed on behalf of our customers (for example the content "
            "of messages they sent you). We are not its controller: your request about it was "
            "forwarded to those customers, who will answer you.",
            "",
        ]
    for step in plan.controller_steps():
        name = str(step.address)
        if counts.get(name):
            summary = summarise(
                policy, name, inventory.dataset(step.address), counts[name], phrases
            )
            lines.append(to_markdown(summary))
    if not any(counts.values()):
        lines.append("We found no personal data about you in our systems.")
    return "\n".join(lines) + "\n"


def build_export(
    path: Path,
    request: DsrRequest,
    policy: Policy,
    inventory: Inventory,
    plan: PersonPlan,
    key_limit: int,
) -> ExportResult:
    header = {
        "id": request.id,
        "type": request.type,
        "received_at": request.received_at,
        "controller": policy.controller.name,
    }
    return write_export(
        path,
        header,
        _parts(plan, key_limit),
        lambda counts: _readme(request, policy, inventory, plan, counts),
    )
