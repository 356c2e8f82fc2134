"""What the decision engine reads: the store's consent facts, held compactly in memory.

Per consent purpose one ``dict`` from identity to a packed int: the expiry in epoch seconds
shifted left one bit, plus 1 if withdrawn (0 expiry = none). An int instead of an object per
consent saves ~100 bytes a record and makes the check two integer operations. Flags and ages
are rare, so they are plain dicts that stay empty (and cost one falsy test) until used.

Filled and kept current by :class:`dataward.consent.sync.StoreSync`; the engine only reads.
"""

from __future__ import annotations

from datetime import date, datetime

from dataward.consent.hashindex import SuppressionIndex

ANY_PURPOSE = "*"  # a flag that names no purpose (purpose ids never contain '*')
WITHDRAWN_BIT = 1
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def pack_consent(withdrawn: bool, expires_at: datetime | None) -> int:
    # Seconds rounded down: a consent ends up to a second early, never late.
    expiry = int(expires_at.timestamp()) if expires_at is not None else 0
    return (expiry << 1) | (WITHDRAWN_BIT if withdrawn else 0)


def day_number(moment: date) -> int:
    """Days since 1970-01-01, comparable with ``int(epoch_seconds // 86400)``."""
    return moment.toordinal() - EPOCH_ORDINAL


def adult_from(birth_date: date, minimum_age: int) -> int:
    """The day number on which someone born on ``birth_date`` reaches ``minimum_age``."""
    try:
        birthday = birth_date.replace(year=birth_date.year + minimum_age)
    except ValueError:  # born 29 February: of age on 1 March in a common year
        birthday = date(birth_date.year + minimum_age, 3, 1)
    return day_number(birthday)


class ConsentMemory:
    def __init__(self, purposes: int) -> None:
        self.suppression = SuppressionIndex()
        self.consents: list[dict[str, int]] = [{} for _ in range(purposes)]
        self.objections: dict[str, frozenset[str]] = {}
        self.restrictions: dict[str, frozenset[str]] = {}
        self.adult_from: dict[str, int] = {}

    @property
    def consent_records(self) -> int:
        return sum(len(states) for states in self.consents)

    def set_flags(self, kind: str, identity: str, purposes: frozenset[str]) -> None:
        table = self.objections if kind == "objection" else self.restrictions
        if purposes:
            table[identity] = purposes
        else:
            table.pop(identity, None)
