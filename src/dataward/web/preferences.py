"""The preferences page: reached by a signed link sent to the contact, never by a login.

A link names one contact (an email or a phone) and expires after ``LINK_DAYS``; it is an
HMAC under the web links key, so nobody can make one for someone else's address. Asking
for a link reveals nothing: the answer is the same whether or not we know the contact,
and links are rate limited per contact and per client like request codes.
"""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dataward.consent import (
    Action,
    ConsentChange,
    ConsentRuntime,
    current_consents,
    is_suppressed,
    record_consent,
)
from dataward.consent.identity import CHANNELS
from dataward.consent.records import Status
from dataward.inventory.identity import Identity
from dataward.requests.context import Context
from dataward.requests.keys import request_keys
from dataward.requests.outbox import Message
from dataward.web.errors import PageError
from dataward.web.keys import WebKeys
from dataward.web.models import WebLinkRequest

LINK_DAYS = 7
PER_CONTACT_PER_HOUR, PER_CLIENT_PER_HOUR = 3, 20
PATH = "/privacy-center/preferences/"


def sign_link(keys: WebKeys, contact: Identity, expires_at: datetime) -> str:
    contact_part = base64.urlsafe_b64encode(str(contact).encode()).decode().rstrip("=")
    payload = f"{contact_part}.{int(expires_at.timestamp())}"
    return f"{payload}.{keys.sign(keys.links, 'preferences:' + payload)[:32]}"


def read_link(keys: WebKeys, token: str, now: datetime) -> Identity:
    """The contact a genuine, unexpired link names; a 403 or 410 page otherwise."""
    contact_part, _, rest = token.partition(".")
    expiry, _, signature = rest.partition(".")
    expected = keys.sign(keys.links, f"preferences:{contact_part}.{expiry}")[:32]
    if not hmac.compare_digest(expected, signature):
        raise PageError(403, "This link is not valid. Ask for a new one.")
    if not expiry.isdigit() or int(expiry) <= now.timestamp():
        raise PageError(410, "This link has expired. Ask for a new one.", "Link expired")
    padded = contact_part + "=" * (-len(contact_part) % 4)
    kind, _, value = base64.urlsafe_b64decode(padded).decode().partition(":")
    return Identity(kind, value)


def send_link(
    session: Session, context: Context, keys: WebKeys, contact: Identity, client: str
) -> None:
    """Send a preferences link to ``contact`` through the requests outbox; never commits."""
    digests = request_keys(session)
    contact_digest, client_digest = digests.digest(str(contact)), digests.digest(client)
    since = context.now() - timedelta(hours=1)
    for column, digest, limit in (
        (WebLinkRequest.contact_digest, contact_digest, PER_CONTACT_PER_HOUR),
        (WebLinkRequest.client_digest, client_digest, PER_CLIENT_PER_HOUR),
    ):
        count = session.execute(
            select(func.count()).where(column == digest, WebLinkRequest.created_at >= since)
        ).scalar_one()
        if count >= limit:
            raise PageError(429, "Too many links asked for. Try again in an hour.", "Please wait")
    session.add(
        WebLinkRequest(
            contact_digest=contact_digest, client_digest=client_digest, created_at=context.now()
        )
    )
    token = sign_link(keys, contact, context.now() + timedelta(days=LINK_DAYS))
    url = context.config.base_url.rstrip("/") + PATH + token
    body = (
        f"Manage your consents and marketing preferences here (the link works for "
        f"{LINK_DAYS} days):\n{url}\nIf you did not ask for this link, ignore this message."
    )
    channel = "email" if contact.kind == "email" else "phone"
    context.mailer.send(session, Message(channel, contact.value, "Your privacy preferences", body))


@dataclass(frozen=True)
class ConsentLine:
    purpose: str
    description: str
    activity: str
    status: str  # given / withdrawn / expired / none
    marketing: bool


@dataclass(frozen=True)
class Preferences:
    contact: Identity
    consents: list[ConsentLine]
    suppressed: bool
    channels: list[str]


def preferences(session: Session, runtime: ConsentRuntime, contact: Identity) -> Preferences:
    """The contact's consents (every consent purpose it may give here), marketing state."""
    now = datetime.now(UTC)
    held = {record.purpose: record for record in current_consents(session, str(contact))}
    marketing = {rule.id for rule in runtime.catalogue.marketing_consent_purposes()}
    lines = []
    for rule in runtime.catalogue.consent_purposes():
        record = held.get(rule.id)
        # A consent with a period (recruitment) is given on its own form; here it can end.
        if rule.needs_period and (record is None or record.status(now) is not Status.given):
            continue
        purpose = next(
            p for p in runtime.policy.activity(rule.activity).purposes if p.id == rule.id
        )
        status = record.status(now).value if record is not None else "none"
        activity = runtime.policy.activity(rule.activity).name
        lines.append(
            ConsentLine(rule.id, purpose.description, activity, status, rule.id in marketing)
        )
    channels = [name for name, kind in CHANNELS.items() if kind == contact.kind]
    suppressed = is_suppressed(session, contact, runtime.hasher)
    return Preferences(contact, lines, suppressed, channels)


ACTOR = "data_subject:privacy_center"


def save_consents(runtime: ConsentRuntime, shown: Preferences, given: set[str]) -> int:
    """Record a consent given or withdrawn for each box that changed; how many changed.

    A contact on the suppression list cannot turn marketing back on here: the list is
    the promise that an unsubscribed person is never contacted again.
    """
    changed = 0
    with runtime.writing() as session:
        for line in shown.consents:
            wanted = line.purpose in given
            if wanted == (line.status == "given") or (
                wanted and line.marketing and shown.suppressed
            ):
                continue
            change = _change(runtime, shown.contact, line.purpose, wanted)
            record_consent(session, runtime.catalogue, change, hasher=runtime.hasher, actor=ACTOR)
            changed += 1
    return changed


def subscribe_again(runtime: ConsentRuntime, shown: Preferences, given: set[str]) -> int:
    """A fresh consent to each ticked marketing purpose of a listed contact; how many.

    Only the person can take a contact off the do-not-contact list, by subscribing again
    (:mod:`dataward.consent.resubscribe`): the link proves this is the contact's owner, and
    the first consent lifts the listing, audited with the consent that lifted it.
    """
    wanted = [line.purpose for line in shown.consents if line.marketing and line.purpose in given]
    for purpose in wanted:
        runtime.resubscribe(_change(runtime, shown.contact, purpose, True), actor=ACTOR)
    return len(wanted)


def _change(runtime: ConsentRuntime, contact: Identity, purpose: str, given: bool) -> ConsentChange:
    return ConsentChange(
        identity=contact,
        purpose=purpose,
        action=Action.given if given else Action.withdrawn,
        notice_version=runtime.policy.metadata.version,
        source="privacy_center",
        channel="web",
    )
