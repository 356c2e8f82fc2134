"""Outboxes: how a message reaches a requester (a code, a reply, a download link).

An outbox is a small class with ``name`` and ``send(session, message)``. The default,
``store``, keeps messages in dataward's own database, shown by ``dataward requests
outbox`` and the console, which suits local use and tests; ``smtp`` hands mail to a mail
server (:mod:`dataward.requests.smtp`) and ``sms_gateway`` texts to an HTTP SMS gateway
(:mod:`dataward.requests.sms`). :class:`ByChannel` sends each message through the
outbox of its channel (email, phone); a channel with no adapter configured keeps its
messages in the store. An outbox that cannot deliver raises :class:`DeliveryError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.requests.models import DsrOutboxMessage


@dataclass(frozen=True)
class Message:
    channel: str  # "email" or "phone"
    recipient: str
    subject: str
    body: str
    request_id: str | None = None


class Outbox(Protocol):
    name: ClassVar[str]

    def send(self, session: Session, message: Message) -> None: ...


class DeliveryError(RuntimeError):
    """A message could not be handed over (server down, refused); safe to show."""


class ByChannel:
    """Each message through the outbox of its channel: email or phone."""

    name: ClassVar[str] = "by_channel"

    def __init__(self, email: Outbox, phone: Outbox) -> None:
        self.outboxes = {"email": email, "phone": phone}

    def send(self, session: Session, message: Message) -> None:
        self.outboxes[message.channel].send(session, message)


class StoreOutbox:
    """Messages kept in the store (table ``dsr_outbox``), in the caller's transaction."""

    name: ClassVar[str] = "store"

    def send(self, session: Session, message: Message) -> None:
        session.add(
            DsrOutboxMessage(
                request_id=message.request_id,
                channel=message.channel,
                recipient=message.recipient,
                subject=message.subject[:300],
                body=message.body,
                created_at=datetime.now(UTC),
            )
        )


def outbox_messages(
    session: Session, *, request_id: str | None = None, limit: int = 50
) -> list[DsrOutboxMessage]:
    """The newest stored messages first (optionally of one request)."""
    statement = select(DsrOutboxMessage).order_by(DsrOutboxMessage.id.desc()).limit(limit)
    if request_id is not None:
        statement = statement.where(DsrOutboxMessage.request_id == request_id)
    return list(session.scalars(statement))
