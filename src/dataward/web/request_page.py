"""One request in the console: facts, deadline, systems, timeline, and the actions it allows.

:func:`outcome` runs a staff action and answers like a form should: back to the request
with a confirmation, or the same page with the problem beside the field it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.requests.context import Context, NoInventory
from dataward.requests.errors import NotFound, RequestInputError, TransitionError
from dataward.requests.kinds import APPROVABLE, COMPLETABLE, OPEN, REJECTABLE, RETRYABLE, Status
from dataward.requests.outbox import outbox_messages
from dataward.requests.query import request_view
from dataward.staff import StaffMember
from dataward.store import read_only
from dataward.web.intake import find
from dataward.web.queue import details_text, result_lines, timeline
from dataward.web.rendering import render

DONE = {
    "approved": "Approved and carried out.",
    "retried": "Retried the systems that were not done.",
    "extended": "Deadline extended; the requester was told why.",
    "rejected": "Rejected; the requester was told why.",
    "completed": "Completed; the reply was sent.",
}


def actions_for(status: str) -> dict[str, bool]:
    """Which actions the request's status allows (the requests package's transitions)."""
    current = Status(status)
    return {
        "approve": current in APPROVABLE,
        "retry": current in RETRYABLE,
        "extend": current in OPEN,
        "reject": current in REJECTABLE,
        "complete": current in COMPLETABLE,
    }


def request_page(
    request: Request,
    store: Engine,
    context: Context,
    request_id: str,
    member: StaffMember,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    flash: str | None = None,
    problem: str | None = None,
) -> HTMLResponse:
    now = context.now()
    with Session(read_only(store)) as session:
        found = find(session, request_id)
        view = request_view(session, found, now)
        steps = timeline(session, request_id)
        messages = outbox_messages(session, request_id=request_id, limit=20)
    return render(
        request,
        "console/request.html.j2",
        status,
        view=view,
        steps=steps,
        messages=messages if member.can_write else [],
        actions=actions_for(found.status),
        errors=errors or {},
        values=values or {},
        flash=flash,
        problem=problem,
        details_text=details_text,
        result=result_lines(found.result),
    )


def outcome(
    request: Request,
    store: Engine,
    context: Context,
    request_id: str,
    done: str,
    action: Callable[[], Any],
    prefix: str = "",
    values: dict[str, str] | None = None,
) -> Response:
    """Run ``action``; on success back to the request, else the page with the problem."""
    member: StaffMember = request.state.member
    try:
        action()
    except RequestInputError as error:
        errors = {prefix + error.field: error.message}
        return request_page(request, store, context, request_id, member, 422, errors, values)
    except NotFound as error:
        return request_page(request, store, context, request_id, member, 404, problem=str(error))
    except NoInventory as error:
        return request_page(request, store, context, request_id, member, 503, problem=str(error))
    except TransitionError as error:
        return request_page(request, store, context, request_id, member, 409, problem=str(error))
    return RedirectResponse(f"/console/requests/{request_id}?done={done}", 303)
