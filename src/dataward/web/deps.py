"""Dependencies of the pages: store sessions, the logged-in staff member, CSRF on POST.

Reading pages use a read-only session (on SQLite a plain BEGIN, which never waits for the
write lock); pages that change something open their own transaction in the handler, so
the change and its audit entry have committed before the browser follows the redirect.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from dataward.api.deps import StoreDep
from dataward.staff import StaffMember
from dataward.store import read_only
from dataward.web import csrf
from dataward.web.accounts import member_of
from dataward.web.errors import PageError, Redirect
from dataward.web.rendering import keys_for
from dataward.web.sessions import COOKIE, load_session


def read_session(store: StoreDep) -> Iterator[Session]:
    with Session(read_only(store)) as session, session.begin():
        yield session


ReadDep = Annotated[Session, Depends(read_session)]


async def csrf_guard(request: Request) -> None:
    """Router-wide: a POST without this server's token for this browser is refused."""
    if request.method != "POST":
        return
    form = await request.form()
    submitted = form.get(csrf.FIELD)
    if not isinstance(submitted, str) or not csrf.is_valid(request, keys_for(request), submitted):
        raise PageError(
            403,
            "This form did not come from this site, or it has expired. "
            "Go back, reload the page and send it again.",
            "Form refused",
        )


def console_member(request: Request, store: StoreDep) -> StaffMember:
    """The logged-in staff member; anyone else is sent to the login page."""
    cookie = request.cookies.get(COOKIE, "")
    logged_in = None
    if cookie:
        with Session(read_only(store)) as session:
            logged_in = load_session(session, cookie, keys_for(request), datetime.now(UTC))
    if logged_in is None:
        raise Redirect(f"/console/login?next={quote(request.url.path)}")
    request.state.logged_in = logged_in
    request.state.member = member_of(logged_in.user)
    return request.state.member  # type: ignore[no-any-return]


MemberDep = Annotated[StaffMember, Depends(console_member)]


def console_writer(member: MemberDep) -> StaffMember:
    """Actions that change something: an auditor reads only."""
    if not member.can_write:
        raise PageError(403, f"Your role ({member.role.value.replace('_', ' ')}) may only read.")
    return member


WriterDep = Annotated[StaffMember, Depends(console_writer)]
