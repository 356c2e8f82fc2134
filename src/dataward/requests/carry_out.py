"""Carrying out an approved request: forwarding, the export, the per-system run and scan.

Called by :mod:`.workflow`; each function owns its store transactions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.inventory.connectors.base import first_line
from dataward.inventory.model import ErasureAction
from dataward.requests import routing
from dataward.requests.context import Context
from dataward.requests.effects import identities as contact_identities
from dataward.requests.erasure import tasks as task_rows
from dataward.requests.erasure.exemptions import (
    Exemptions,
    anonymise_parents,
    find_exemptions,
    suppression_kept,
)
from dataward.requests.erasure.free_text import (
    Mentions,
    redact_mentions,
    searched_datasets,
    with_mentions,
)
from dataward.requests.erasure.run import (
    FAILURES,
    DatasetWork,
    Keyed,
    read_keys,
    request_identities,
    run_systems,
)
from dataward.requests.erasure.scan import scan
from dataward.requests.erasure.statements import erasure_plan
from dataward.requests.erasure.work import erasure_work, rectification_work
from dataward.requests.errors import NotFound
from dataward.requests.export.build import build_export
from dataward.requests.kinds import RequestType, Status
from dataward.requests.locate.person import (
    CUSTOMER_KIND,
    PersonPlan,
    discovered_identities,
    is_processor_dataset,
    plan_for,
)
from dataward.requests.models import DsrRequest
from dataward.retention.keys import PSEUDONYM_KEY, Pseudonymiser, managed_key


def load(session: Session, request_id: str, lock: bool = True) -> DsrRequest:
    request = session.get(DsrRequest, request_id, with_for_update=lock)
    if request is None:
        raise NotFound(f"no request {request_id}")
    return request


def finish(
    engine: Engine,
    request_id: str,
    status: Status,
    actor: str,
    action: str,
    with_tasks: bool = False,
    **result: Any,
) -> DsrRequest:
    """Record the outcome (and, ``with_tasks``, the tasks' summary) and audit it."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        request = load(session, request_id)
        if with_tasks:
            result["tasks"] = task_rows.summary(task_rows.tasks_of(session, request_id))
        request.status = status.value
        request.set_result(**result)
        AuditLog().append(
            session,
            actor=actor,
            action=action,
            target=f"request:{request.id}",
            details={"status": status.value},
        )
        return request


def identifiers(request: DsrRequest, plan: PersonPlan) -> dict[str, list[Any]]:
    """The person's identifiers: the contacts given and the ids found on the way (kept from
    the first run: after an erasure they can no longer be found)."""
    found: dict[str, list[Any]] = {
        k: list(v) for k, v in request.result.get("identifiers", {}).items()
    }
    try:
        discovered = discovered_identities(plan, plan.selector.pool.inventory)
    except FAILURES:
        discovered = {}
    for kind, values in discovered.items():
        found[kind] = sorted({*found.get(kind, []), *values}, key=str)
    return found | request_identities(request)


def forward(
    engine: Engine,
    context: Context,
    request: DsrRequest,
    plan: PersonPlan,
    actor: str,
    found: Callable[[], dict[str, list[Any]]],
) -> dict[str, Any]:
    """Forward the processor part once; a person who is the customer is not sent to themselves.

    ``found`` gives the person's identifiers; it is called only when some customer's data
    holds the person, since finding the ids costs queries in every system.
    """
    if "forwarding" in request.result or not plan.processor:
        return dict(request.result.get("forwarding", {}))
    customers, errors = routing.customers_of(plan, context.policy)
    datasets = sorted(str(address) for address in plan.processor)
    if not customers and not errors:
        # Nothing to deliver, so nothing a retry could send twice: no store transactions.
        return {"deliveries": [], "errors": [], "datasets": datasets}
    own = {str(value) for value in found().get(CUSTOMER_KIND, [])}
    customers = {customer: names for customer, names in customers.items() if customer not in own}
    # The deliveries and the request's record of them commit together: a retry after a
    # crash between two commits would have forwarded the request a second time.
    with Session(engine) as session, session.begin():
        locked = load(session, request.id)
        deliveries = routing.forward(session, context, locked, customers, actor)
        forwarding = {"deliveries": deliveries, "errors": errors, "datasets": datasets}
        if not errors:
            locked.set_result(forwarding=forwarding)
    return forwarding


def carry_out_export(
    engine: Engine,
    context: Context,
    request: DsrRequest,
    plan: PersonPlan,
    actor: str,
    forwarded: dict[str, Any],
) -> DsrRequest:
    path = context.export_dir / f"{request.id}.zip"
    inventory = plan.selector.pool.inventory
    try:
        result = build_export(
            path, request, context.policy, inventory, plan, context.config.max_cross_system_keys
        )
    except FAILURES as error:
        for system in plan.systems():
            plan.selector.pool.discard(system)
        return finish(
            engine,
            request.id,
            Status.waiting_for_staff,
            actor,
            "request.export_failed",
            error=first_line(error),
        )
    with Session(engine, expire_on_commit=False) as session, session.begin():
        locked = load(session, request.id)
        locked.export_path = str(result.path.resolve())
        locked.status = Status.ready.value
        locked.set_result(export={"rows": result.rows, "bytes": result.size}, forwarding=forwarded)
        details = {"rows": sum(result.rows.values()), "bytes": result.size}
        AuditLog().append(
            session,
            actor=actor,
            action="request.exported",
            target=f"request:{request.id}",
            details=details,
        )
        return locked


def _parents(plan: PersonPlan) -> dict[str, list[str]]:
    """Dataset → the same-system datasets its relations point at (its parents)."""
    return {
        str(step.address): [
            str(hop.source.dataset_address) for hop in step.hops if hop.source.system == step.system
        ]
        for step in plan.steps
    }


@dataclass
class Prepared:
    """A system request ready to run: its plan, exemptions, work and the systems due."""

    request: DsrRequest
    plan: PersonPlan
    found: dict[str, list[Any]]
    exemptions: Exemptions
    work: DatasetWork
    keyed: Keyed
    created: bool
    free_text: list[str]  # datasets whose free text an erasure searches for mentions

    def planned(self) -> dict[str, list[str]]:
        """What the request will change, for the audit entry committed before any of it."""
        planned = {"systems": self.plan.systems()}
        if self.free_text:
            planned["free_text"] = self.free_text
        return planned


def work_for(
    session: Session,
    request: DsrRequest,
    plan: PersonPlan,
    exemptions: Exemptions,
    counting_only: bool = False,
) -> DatasetWork:
    """What the request does to each dataset; ``counting_only``: for a dry run, which
    neither needs nor creates the pseudonym key."""
    inventory = plan.selector.pool.inventory
    if RequestType(request.type) is not RequestType.erasure:
        return rectification_work(inventory, dict(request.details.get("changes", {})))
    exemptions.kept = suppression_kept(session, contact_identities(request))
    anonymise_parents(exemptions, _parents(plan))
    # The pseudonym key is read only where some dataset pseudonymises.
    datasets = [inventory.dataset(step.address) for step in plan.controller_steps()]
    needed = any(
        dataset.erasure is ErasureAction.pseudonymise
        or any(column.erasure is ErasureAction.pseudonymise for column in dataset.columns.values())
        for dataset in datasets
    )
    key = managed_key(session, PSEUDONYM_KEY) if needed and not counting_only else b"unused"
    pseudonymiser = Pseudonymiser(key)
    return erasure_work(inventory, pseudonymiser, set(exemptions.anonymised))


def prepare_systems(
    session: Session, context: Context, locked: DsrRequest, manual: bool
) -> Prepared:
    """Phases 1-2 in the caller's transaction: plan the tasks, read the keys, mark what is due.

    The caller commits it (with the approval, when approving) before anything is changed.
    """
    pool = context.connectors()
    plan = plan_for(pool.inventory, context.policy, pool, request_identities(locked))
    found = identifiers(locked, plan)
    created = task_rows.plan_tasks(session, locked, plan.systems(), context.now())
    names = [str(step.address) for step in plan.controller_steps()]
    exemptions = find_exemptions(session, context.config, found, names, context.now())
    work = work_for(session, locked, plan, exemptions)
    # A hold on the person stops the whole erasure; the reply names the case.
    keyed = (
        Keyed() if exemptions.person_held else read_keys(session, context, locked.id, plan, manual)
    )
    erasure = RequestType(locked.type) is RequestType.erasure
    free_text = searched_datasets(context) if erasure and not exemptions.person_held else []
    return Prepared(locked, plan, found, exemptions, work, keyed, created, free_text)


def audit_prepared(session: Session, prepared: Prepared, actor: str) -> None:
    if prepared.created and not prepared.request.approved_by:
        task_rows.audit_planned(session, prepared.request, prepared.planned())
    for task in prepared.keyed.blocked:
        task_rows.audit_failure(session, task, actor)


def run_prepared(engine: Engine, context: Context, prepared: Prepared, actor: str) -> DsrRequest:
    """Phases 3-4: forward the processor part, run the due systems, scan, record."""
    request, plan, exemptions = prepared.request, prepared.plan, prepared.exemptions
    kind = RequestType(request.type)
    forwarded = forward(engine, context, request, plan, actor, lambda: prepared.found)
    states = dict(prepared.keyed.states)
    states |= run_systems(
        engine, context, request.id, plan, exemptions, prepared.work, actor, prepared.keyed.due
    )
    status = Status.ready if exemptions.person_held else task_rows.overall(states.values())
    result: dict[str, Any] = {
        "exemptions": [item.as_dict() for item in exemptions.all()],
        "identifiers": prepared.found,
        "forwarding": forwarded,
    }
    if status is Status.ready and kind is RequestType.erasure:
        # One search (and one look at the exemptions) serves the redaction and its check.
        mentions = Mentions.build(engine, context, prepared.found)
        previous = request.result.get("free_text", {})
        result["free_text"] = redact_mentions(mentions, engine, request.id, actor, previous)
        result["scan"] = with_mentions(_scan(context, prepared), mentions)
        if not result["scan"]["passed"]:
            status = Status.waiting_for_staff
    done = "request.erased" if kind is RequestType.erasure else "request.rectified"
    action = done if status is Status.ready else "request.incomplete"
    return finish(engine, request.id, status, actor, action, with_tasks=True, **result)


def _scan(context: Context, prepared: Prepared) -> dict[str, Any]:
    exemptions, inventory = prepared.exemptions, prepared.plan.selector.pool.inventory
    explained = exemptions.explained()
    for address, dataset in inventory.datasets():
        if is_processor_dataset(context.policy, dataset):
            explained[str(address)] = "processor data: the customer decides, and was told"
        if exemptions.person_held:
            explained[str(address)] = exemptions.person_held[0].reason
    kept_rows = {
        str(address)
        for address, dataset in inventory.datasets()
        if not erasure_plan(dataset, str(address) in exemptions.anonymised).delete
    }
    parallel = context.config.parallel_systems
    return scan(prepared.plan.selector.pool, prepared.found, explained, kept_rows, parallel)
