"""CSRF tokens: every form carries one, every POST to a page is refused without it.

A token is an HMAC that only this server can make, bound to something a cross-site
attacker cannot read: the console session id for staff, or a random per-browser cookie
for the public pages (and the login form). A forged form from another site has neither.
"""

from __future__ import annotations

import secrets

from fastapi import Request, Response

from dataward.web.keys import WebKeys
from dataward.web.sessions import COOKIE as SESSION_COOKIE

COOKIE = "dataward_csrf"
FIELD = "csrf"


def _visitor_seed(request: Request) -> str:
    seed: str | None = request.cookies.get(COOKIE) or getattr(request.state, "csrf_seed", None)
    if not seed:
        seed = request.state.csrf_seed = secrets.token_urlsafe(24)
    return seed


def token_for(request: Request, keys: WebKeys) -> str:
    """The token for the forms of this page (creates the visitor cookie when missing)."""
    logged_in = getattr(request.state, "logged_in", None)
    if logged_in is not None:
        return keys.sign(keys.csrf, f"session:{logged_in.session_id}")
    return keys.sign(keys.csrf, f"visitor:{_visitor_seed(request)}")


def set_visitor_cookie(request: Request, response: Response) -> None:
    """Send the visitor cookie a page's token was bound to, if it was made for this page."""
    seed = getattr(request.state, "csrf_seed", None)
    if seed and request.cookies.get(COOKIE) != seed:
        secure = request.url.scheme == "https"
        response.set_cookie(COOKIE, seed, httponly=True, samesite="lax", secure=secure, path="/")


def is_valid(request: Request, keys: WebKeys, submitted: str) -> bool:
    if not submitted:
        return False
    visitor = request.cookies.get(COOKIE)
    if visitor and WebKeys.check(keys.csrf, f"visitor:{visitor}", submitted):
        return True
    session_id, _, signature = request.cookies.get(SESSION_COOKIE, "").partition(".")
    return bool(
        session_id
        and WebKeys.check(keys.sessions, session_id, signature)
        and WebKeys.check(keys.csrf, f"session:{session_id}", submitted)
    )
