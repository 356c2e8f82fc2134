"""The dry run of an erasure or rectification: what approving it would change, changing nothing.

Per system and dataset, the rows the approval would delete, anonymise or correct (a
count, in a transaction that is rolled back), the datasets an exemption keeps and why,
the processor datasets that would be forwarded to customers, and for Parquet folders
the files that would be rewritten. It plans as approval does (:mod:`.carry_out`), but
writes nothing: no task rows, no keys kept, no audit entry, no pseudonym key created.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dataward.inventory.connectors.base import first_line
from dataward.requests.carry_out import identifiers, work_for
from dataward.requests.context import Context
from dataward.requests.erasure.exemptions import find_exemptions
from dataward.requests.erasure.run import FAILURES, request_identities, system_work
from dataward.requests.errors import TransitionError
from dataward.requests.kinds import FINAL, SYSTEM_TYPES
from dataward.requests.locate.person import plan_for
from dataward.requests.locate.selection import cross_keys
from dataward.requests.staff import get_request


def preview(session: Session, context: Context, request_id: str) -> dict[str, Any]:
    request = get_request(session, request_id)
    if request.type not in SYSTEM_TYPES:
        raise TransitionError(f"request {request_id} is {request.type}: it changes no data")
    if request.status in FINAL:
        raise TransitionError(f"request {request_id} is {request.status}: nothing left to do")
    pool = context.connectors()
    plan = plan_for(pool.inventory, context.policy, pool, request_identities(request))
    found = identifiers(request, plan)
    names = [str(step.address) for step in plan.controller_steps()]
    exemptions = find_exemptions(session, context.config, found, names, context.now())
    work = work_for(session, request, plan, exemptions, counting_only=True)
    systems: dict[str, Any] = {}
    if not exemptions.person_held:
        limit = context.config.max_cross_system_keys
        for system in plan.systems():
            try:
                for step in plan.controller_steps():
                    if step.system == system:
                        cross_keys(plan.selector, step, limit)
                systems[system] = system_work(context, plan, system, exemptions, work, dry_run=True)
            except FAILURES as error:
                pool.discard(system)
                systems[system] = {"error": first_line(error)}
    return {
        "request": request.id,
        "type": request.type,
        "systems": systems,
        "exemptions": [item.as_dict() for item in exemptions.all()],
        "forwarded": sorted(str(step.address) for step in plan.processor_steps()),
    }
