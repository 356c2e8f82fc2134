"""The audit log, newest first, and a button that walks the whole hash chain to verify it."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from dataward.api.deps import StoreDep
from dataward.audit import VerifyReport, list_entries, verify
from dataward.store import read_only
from dataward.web.deps import MemberDep
from dataward.web.errors import page_router
from dataward.web.queue import details_text
from dataward.web.rendering import render

router = page_router("/console/audit")
LIMIT = 100


def _page(
    request: Request, store: StoreDep, action: str, report: VerifyReport | None
) -> HTMLResponse:
    with Session(read_only(store)) as session:
        entries = list_entries(session, limit=LIMIT, action=action.strip() or None)
    return render(
        request,
        "console/audit.html.j2",
        entries=entries,
        action=action,
        report=report,
        details_text=details_text,
    )


@router.get("", response_class=HTMLResponse)
def index(request: Request, member: MemberDep, store: StoreDep, action: str = "") -> HTMLResponse:
    """The newest entries; ``action`` filters (``request.*`` for every request action)."""
    return _page(request, store, action, None)


@router.post("/verify", response_class=HTMLResponse)
def check(request: Request, member: MemberDep, store: StoreDep) -> HTMLResponse:
    """Verify the chain (reading only: every role may), and show the result on the page."""
    with Session(read_only(store)) as session, session.begin():
        report = verify(session)
    return _page(request, store, "", report)
