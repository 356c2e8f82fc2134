"""Unsubscribing: ``POST /api/v1/unsubscribe`` (staff) and the RFC 8058 one-click link (public).

``GET`` on a one-click link only shows a confirmation page: mail scanners and link
previewers fetch every URL in a message, and RFC 8058 forbids acting on a GET for exactly
that reason. The mail client's ``POST`` (body ``List-Unsubscribe=One-Click``) unsubscribes.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, Field

from dataward.api.deps import WriterDep
from dataward.api.routers.consent.deps import ConsentDep, ConsentRoute
from dataward.consent import Action, ConsentChange, TokenError, contact_identity
from dataward.consent.tokens import (
    ONE_CLICK_BODY,
    list_unsubscribe_headers,
    one_click_url,
    read_token,
    sign_token,
)

router = APIRouter(prefix="/api/v1", tags=["consent"], route_class=ConsentRoute)

CONFIRM_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head>
<body><main>
<h1>Unsubscribe {contact}?</h1>
<p>You will receive no more marketing messages from us at this address.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>
</main></body></html>
"""


class UnsubscribeRequest(BaseModel):
    contact: str = Field(max_length=320, examples=["ana@example.com"])
    source: str = Field(default="api", max_length=100)


class LinkRequest(BaseModel):
    contact: str = Field(max_length=320, examples=["ana@example.com"])
    valid_days: int = Field(default=365, ge=1, le=3650)
    mailto: str | None = Field(default=None, max_length=320)


class ResubscribeRequest(BaseModel):
    contact: str = Field(max_length=320, examples=["ana@example.com"])
    purpose: str = Field(default="subscriber_marketing", max_length=64)
    notice_version: str = Field(max_length=64, examples=["2023-02-22"])
    source: str = Field(max_length=100, examples=["webform:newsletter"])
    channel: str | None = Field(default=None, max_length=32, examples=["web"])
    occurred_at: datetime | None = Field(
        default=None, description="When the person subscribed again (default: now)."
    )


@router.post("/unsubscribe")
def unsubscribe(body: UnsubscribeRequest, consent: ConsentDep, staff: WriterDep) -> dict[str, Any]:
    """Withdraw marketing consent, list the contact's keyed hash, delete the marketing profile
    (rows deleted per dataset, and any kept by a legal hold, under ``profile``)."""
    contact = contact_identity(body.contact)
    result = consent.unsubscribe(contact, source=body.source, actor=staff.actor)
    return {
        "suppressed": True,
        "newly_listed": result.newly_listed,
        "withdrawn": result.withdrawn,
        "hash_prefix": result.hash_prefix,
        "profile": [
            {
                "eraser": outcome.eraser,
                "deleted": outcome.datasets or outcome.erased,
                "kept": outcome.kept,
                "error": outcome.error,
            }
            for outcome in result.erasures
        ],
    }


@router.post("/resubscribe", status_code=201)
def resubscribe(body: ResubscribeRequest, consent: ConsentDep, staff: WriterDep) -> dict[str, Any]:
    """The contact subscribes again: record the fresh consent (given after the contact was
    listed) and lift its suppression entry, which stays as history. 201 also when the contact
    was not listed (``lifted`` false): the consent is recorded all the same."""
    change = ConsentChange(
        identity=contact_identity(body.contact),
        purpose=body.purpose,
        action=Action.given,
        notice_version=body.notice_version,
        source=body.source,
        channel=body.channel,
        occurred_at=body.occurred_at,
    )
    done = consent.resubscribe(change, actor=staff.actor)
    return {
        "lifted": done.lifted,
        "hash_prefix": done.hash_prefix,
        "consent": done.consent.as_dict(datetime.now(UTC)),
    }


@router.post("/unsubscribe/links")
def issue_link(
    body: LinkRequest, request: Request, consent: ConsentDep, _staff: WriterDep
) -> dict[str, Any]:
    """A signed one-click link for a contact, and the two headers to put in the message."""
    contact = contact_identity(body.contact)
    expires_at = datetime.now(UTC) + timedelta(days=body.valid_days)
    url = one_click_url(str(request.base_url), sign_token(consent.hasher, contact, expires_at))
    return {
        "url": url,
        "expires_at": expires_at.isoformat(),
        "headers": list_unsubscribe_headers(url, body.mailto),
    }


@router.get("/unsubscribe/one-click/{token}", response_class=HTMLResponse)
def confirm_page(token: str, consent: ConsentDep) -> HTMLResponse:
    """A page with one button; opening the link changes nothing."""
    try:
        contact = read_token(consent.hasher, token)
    except TokenError as error:
        return HTMLResponse(f"<p>{html.escape(str(error))}</p>", status_code=_status(error))
    return HTMLResponse(CONFIRM_PAGE.format(contact=html.escape(contact.value)))


@router.post("/unsubscribe/one-click/{token}", response_class=PlainTextResponse)
async def one_click(token: str, request: Request, consent: ConsentDep) -> PlainTextResponse:
    """RFC 8058: the body must be ``List-Unsubscribe=One-Click``; no cookie, no login."""
    body = (await request.body()).decode("utf-8", "replace").strip()
    if ONE_CLICK_BODY not in body.split("&"):
        return PlainTextResponse(f"the body must be {ONE_CLICK_BODY}", status_code=400)
    try:
        contact = read_token(consent.hasher, token)
    except TokenError as error:
        return PlainTextResponse(str(error), status_code=_status(error))
    # The database work runs in a worker thread, off the event loop.
    await run_in_threadpool(consent.unsubscribe, contact, source="one_click", actor="one_click")
    return PlainTextResponse("unsubscribed")


def _status(error: TokenError) -> int:
    return 410 if error.expired else 403
