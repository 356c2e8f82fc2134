"""The staff actions on a request, each one call of the requests package in a transaction.

Approve and retry own their transactions inside the requests package (they reach the
company's systems between commits); extend, reject and complete are store-only services
that never commit, so the transaction is opened here.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.requests import staff, workflow
from dataward.requests.context import Context
from dataward.requests.errors import RequestInputError
from dataward.web.forms import ExtendForm, NoteForm, RejectForm


def approve(store: Engine, context: Context, request_id: str, actor: str) -> None:
    workflow.approve(store, context, request_id, actor)


def retry(store: Engine, context: Context, request_id: str, actor: str) -> None:
    workflow.retry(store, context, request_id, actor)


def extend(store: Engine, context: Context, request_id: str, actor: str, form: ExtendForm) -> None:
    if form.extend_by and not form.extend_by.isdigit():
        raise RequestInputError("by", "a whole number of days or months, or leave it empty")
    by = int(form.extend_by) if form.extend_by else None
    with Session(store) as session, session.begin():
        staff.extend(session, context, request_id, form.extend_reason, by, actor)


def reject(store: Engine, context: Context, request_id: str, actor: str, form: RejectForm) -> None:
    with Session(store) as session, session.begin():
        staff.reject(session, context, request_id, form.reject_reason, actor)


def complete(store: Engine, context: Context, request_id: str, actor: str, form: NoteForm) -> None:
    with Session(store) as session, session.begin():
        staff.complete(session, context, request_id, actor, form.note)
