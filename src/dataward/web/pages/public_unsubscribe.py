"""One-click unsubscribe pages for people, over the consent package's signed links.

The link in a message's body leads here (the ``List-Unsubscribe`` header's URL is the API's
RFC 8058 endpoint, for mail clients). Opening the page changes nothing: link scanners open
every URL in a message. The button does it: consent withdrawn, contact listed, profile erased.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dataward.api.routers.consent.deps import ConsentDep
from dataward.consent import ConsentRuntime, TokenError
from dataward.consent.tokens import read_token
from dataward.inventory.identity import Identity
from dataward.web.errors import PageError, page_router
from dataward.web.rendering import render

router = page_router("/privacy-center/unsubscribe")


def _contact(runtime: ConsentRuntime, token: str) -> Identity:
    try:
        return read_token(runtime.hasher, token)
    except TokenError as error:
        status = 410 if error.expired else 403
        raise PageError(status, f"{str(error).capitalize()}.", "Link not usable") from None


@router.get("/{token}", response_class=HTMLResponse)
def confirm(request: Request, token: str, consent: ConsentDep, done: bool = False) -> HTMLResponse:
    """One button; after it, the same page confirms what was done."""
    contact = _contact(consent, token)
    return render(request, "public/unsubscribe.html.j2", contact=contact, token=token, done=done)


@router.post("/{token}", response_model=None)
def unsubscribe(request: Request, token: str, consent: ConsentDep) -> Response:
    contact = _contact(consent, token)
    consent.unsubscribe(contact, source="privacy_center", actor="one_click")
    return RedirectResponse(f"/privacy-center/unsubscribe/{token}?done=1", 303)
