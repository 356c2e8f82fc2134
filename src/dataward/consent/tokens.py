"""Signed one-click unsubscribe links (RFC 8058).

A marketing message carries two headers::

    List-Unsubscribe: <https://privacy.example.com/api/v1/unsubscribe/one-click/TOKEN>
    List-Unsubscribe-Post: List-Unsubscribe=One-Click

and the mail client unsubscribes with a ``POST`` of ``List-Unsubscribe=One-Click`` to that
URL, without a login. The token is the only proof the request is genuine, so it is signed:
``base64url(contact) . expiry . base64url(HMAC-SHA256(token key, both)[:16])``. The token key
is derived from the suppression key. The contact travels in the link (as in every mail
provider's unsubscribe link) because the marketing profile is found, and deleted, by it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from datetime import UTC, datetime

from dataward.consent.errors import TokenError
from dataward.consent.keys import ContactHasher
from dataward.inventory.identity import Identity

ONE_CLICK_PATH = "/api/v1/unsubscribe/one-click/"
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


def sign_token(hasher: ContactHasher, contact: Identity, expires_at: datetime) -> str:
    payload = f"{_encode(str(contact).encode())}.{int(expires_at.timestamp())}"
    return f"{payload}.{_signature(hasher, payload)}"


def read_token(hasher: ContactHasher, token: str, now: datetime | None = None) -> Identity:
    """The contact a genuine, unexpired token names; raises :class:`TokenError` otherwise."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("the unsubscribe link is damaged (not three parts)")
    contact_part, expiry_part, signature = parts
    payload = f"{contact_part}.{expiry_part}"
    if not hmac.compare_digest(signature, _signature(hasher, payload)):
        raise TokenError("the unsubscribe link was not issued by us, or was altered")
    try:
        expiry = int(expiry_part)
        kind, _, value = _decode(contact_part).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        raise TokenError("the unsubscribe link is damaged") from None
    moment = now or datetime.now(UTC)
    if expiry <= moment.timestamp():
        raise TokenError("the unsubscribe link has expired", expired=True)
    return Identity(kind, value)


def one_click_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + ONE_CLICK_PATH + token


def list_unsubscribe_headers(url: str, mailto: str | None = None) -> dict[str, str]:
    """The two headers a sender adds to each marketing message (RFC 2369 and RFC 8058)."""
    targets = f"<{url}>" + (f", <mailto:{mailto}>" if mailto else "")
    return {"List-Unsubscribe": targets, "List-Unsubscribe-Post": ONE_CLICK_BODY}


def _signature(hasher: ContactHasher, payload: str) -> str:
    return _encode(hmac.digest(hasher.token_key, payload.encode(), "sha256")[:16])


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as error:
        raise ValueError(str(error)) from None
