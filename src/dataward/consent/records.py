"""Value objects of the ledger: what was recorded, and what holds now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from dataward.consent.models import ConsentEvent, ConsentState


class Action(StrEnum):
    given = "given"
    withdrawn = "withdrawn"


class Status(StrEnum):
    """The current consent: expired counts as absent, but is told apart for the reasons."""

    given = "given"
    withdrawn = "withdrawn"
    expired = "expired"


@dataclass(frozen=True)
class EventRecord:
    """One entry of the history, as recorded."""

    id: int
    identity: str
    purpose: str
    action: Action
    occurred_at: datetime
    recorded_at: datetime
    expires_at: datetime | None
    notice_version: str
    source: str
    channel: str | None

    @classmethod
    def of(cls, row: ConsentEvent) -> EventRecord:
        return cls(
            id=row.id,
            identity=row.identity,
            purpose=row.purpose,
            action=Action(row.action),
            occurred_at=row.occurred_at,
            recorded_at=row.recorded_at,
            expires_at=row.expires_at,
            notice_version=row.notice_version,
            source=row.source,
            channel=row.channel,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "identity": self.identity,
            "purpose": self.purpose,
            "action": self.action.value,
            "occurred_at": self.occurred_at.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "expires_at": _iso(self.expires_at),
            "notice_version": self.notice_version,
            "source": self.source,
            "channel": self.channel,
        }


@dataclass(frozen=True)
class ConsentRecord:
    """The current consent of a subject for a purpose: the latest event by (time, id)."""

    identity: str
    purpose: str
    action: Action
    occurred_at: datetime
    expires_at: datetime | None
    ends_at: datetime | None
    notice_version: str
    source: str
    event_id: int

    @classmethod
    def of(cls, row: ConsentState) -> ConsentRecord:
        return cls(
            identity=row.identity,
            purpose=row.purpose,
            action=Action(row.action),
            occurred_at=row.occurred_at,
            expires_at=row.expires_at,
            ends_at=row.ends_at,
            notice_version=row.notice_version,
            source=row.source,
            event_id=row.event_id,
        )

    def status(self, now: datetime) -> Status:
        if self.action is Action.withdrawn:
            return Status.withdrawn
        if self.expires_at is not None and self.expires_at <= now:
            return Status.expired
        return Status.given

    def as_dict(self, now: datetime) -> dict[str, Any]:
        return {
            "identity": self.identity,
            "purpose": self.purpose,
            "status": self.status(now).value,
            "since": self.occurred_at.isoformat(),
            "expires_at": _iso(self.expires_at),
            "ends_at": _iso(self.ends_at),
            "notice_version": self.notice_version,
            "source": self.source,
            "event_id": self.event_id,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
