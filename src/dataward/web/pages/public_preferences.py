"""Preferences: ask for a signed link, then manage consents and marketing through it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session

from dataward.api.deps import PolicyDep, RequestsDep, StoreDep
from dataward.api.routers.consent.deps import ConsentDep
from dataward.consent import ConsentInputError, ConsentRuntime, contact_identity
from dataward.consent.cookies import GPC_OPT_OUT, always_on, current_cookie_choice
from dataward.store import read_only
from dataward.web import preferences as prefs
from dataward.web.errors import page_router
from dataward.web.forms import Form as FormModel
from dataward.web.pages.public_cookies import VISITOR_COOKIE, gpc_of
from dataward.web.rendering import keys_for, render

router = page_router("/privacy-center/preferences")
SAVED = {
    "consents": "Your consent choices are saved.",
    "unsubscribed": "Done: we will send no more marketing to this contact.",
    "cookies": "Your cookie choice for this browser is saved.",
    "resubscribed": "Subscribed again: this contact is off the do-not-contact list.",
    "nothing": "Nothing changed: tick what you want to receive.",
}


class ContactForm(FormModel):
    contact: str = Field(default="", max_length=320)


class ConsentsForm(FormModel):
    given: list[str] = Field(default_factory=list, max_length=100)


@router.get("", response_class=HTMLResponse)
def ask(request: Request, sent: bool = False) -> HTMLResponse:
    """Ask for a link to the preferences page of an email address or phone number."""
    flash = "If we can write to that contact, a link is on its way." if sent else None
    return render(request, "public/preferences_ask.html.j2", flash=flash)


@router.post("", response_model=None)
def send(
    request: Request, form: Annotated[ContactForm, Form()], store: StoreDep, context: RequestsDep
) -> Response:
    try:
        contact = contact_identity(form.contact)
    except ConsentInputError as error:
        errors = {"contact": error.message}
        values = {"contact": form.contact}
        return render(request, "public/preferences_ask.html.j2", 422, errors=errors, values=values)
    client = request.client.host if request.client else "unknown"
    with Session(store) as session, session.begin():
        prefs.send_link(session, context, keys_for(request), contact, client)
    return RedirectResponse("/privacy-center/preferences?sent=1", 303)


@router.get("/{token}", response_class=HTMLResponse)
def page(
    request: Request, token: str, consent: ConsentDep, policy: PolicyDep, saved: str = ""
) -> HTMLResponse:
    """Consents, marketing channels and this browser's cookie categories."""
    contact = prefs.read_link(keys_for(request), token, datetime.now(UTC))
    visitor = request.cookies.get(VISITOR_COOKIE, "")
    with Session(read_only(consent.engine)) as session:
        shown = prefs.preferences(session, consent, contact)
        cookies = current_cookie_choice(session, policy, visitor, gpc=gpc_of(request))
    return render(
        request,
        "public/preferences.html.j2",
        shown=shown,
        token=token,
        cookies=cookies,
        policy=policy,
        flash=SAVED.get(saved),
        required_ids=always_on(policy),
        gpc_opt_out=GPC_OPT_OUT,
    )


@router.post("/{token}/consents", response_model=None)
def consents(
    request: Request, token: str, form: Annotated[ConsentsForm, Form()], consent: ConsentDep
) -> Response:
    shown = _shown_by_link(request, token, consent)
    prefs.save_consents(consent, shown, set(form.given))
    return RedirectResponse(f"{prefs.PATH}{token}?saved=consents", 303)


@router.post("/{token}/unsubscribe", response_model=None)
def unsubscribe(request: Request, token: str, consent: ConsentDep) -> Response:
    """Every marketing consent withdrawn and the contact listed (the consent package's rule)."""
    contact = prefs.read_link(keys_for(request), token, datetime.now(UTC))
    consent.unsubscribe(contact, source="privacy_center", actor=prefs.ACTOR)
    return RedirectResponse(f"{prefs.PATH}{token}?saved=unsubscribed", 303)


@router.post("/{token}/resubscribe", response_model=None)
def subscribe_again(
    request: Request, token: str, form: Annotated[ConsentsForm, Form()], consent: ConsentDep
) -> Response:
    """A listed contact subscribes again to the marketing it ticks, which lifts the listing."""
    given = prefs.subscribe_again(consent, _shown_by_link(request, token, consent), set(form.given))
    return RedirectResponse(
        f"{prefs.PATH}{token}?saved={'resubscribed' if given else 'nothing'}", 303
    )


def _shown_by_link(request: Request, token: str, consent: ConsentRuntime) -> prefs.Preferences:
    """The preferences of the contact a genuine, unexpired link names (a 403/410 page if not)."""
    contact = prefs.read_link(keys_for(request), token, datetime.now(UTC))
    with Session(read_only(consent.engine)) as session:
        return prefs.preferences(session, consent, contact)
