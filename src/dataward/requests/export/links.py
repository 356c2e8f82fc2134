"""Signed, expiring download links: the link is the permission, so it must not be forgeable.

``/api/v1/requests/{id}/export?expires=EPOCH&signature=HMAC`` with the HMAC over the
request id and the expiry, under the links key (:mod:`dataward.requests.keys`). A link
past its expiry, or for another request, or with a changed digit, is refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from dataward.requests.keys import RequestKeys


def _message(request_id: str, expires: int) -> str:
    return f"export:{request_id}:{expires}"


def sign_link(
    keys: RequestKeys, base_url: str, request_id: str, now: datetime, ttl: timedelta
) -> tuple[str, datetime]:
    """The download URL and the moment it stops working."""
    expires_at = now + ttl
    expires = int(expires_at.timestamp())
    query = urlencode({"expires": expires, "signature": keys.sign(_message(request_id, expires))})
    return f"{base_url.rstrip('/')}/api/v1/requests/{request_id}/export?{query}", expires_at


def check_link(
    keys: RequestKeys, request_id: str, expires: int, signature: str, now: datetime
) -> str | None:
    """None when the link is good, else why it is not ("expired", "bad signature")."""
    if not keys.check(_message(request_id, expires), signature):
        return "bad signature"
    if now.timestamp() >= expires:
        return "expired"
    return None
