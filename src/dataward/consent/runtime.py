"""The consent part assembled: store, policy, key, memory and engine, kept in step.

What a sending system embeds for in-process decisions, and what the API and CLI use::

    runtime = ConsentRuntime.open(open_store(Settings.from_env()), load_policy())
    runtime.decide("subscriber_marketing", "ana@example.com", channel="email")

Freshness: writes made through this runtime are visible to its next decision. Writes by other
processes are picked up by a refresh at most ``refresh_seconds`` old (default 1 s), which a
decision triggers when due; a full reload every ``reload_seconds`` also catches rows erased
from the store (the incremental refresh only sees additions).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dataward.consent.bulk import BulkDecisions, decide_many
from dataward.consent.decision import Decision, DecisionEngine
from dataward.consent.keys import ContactHasher, resolve_hasher
from dataward.consent.ledger import ConsentChange
from dataward.consent.memory import ConsentMemory
from dataward.consent.purposes import PurposeCatalogue
from dataward.consent.resubscribe import Resubscribed, resubscribe
from dataward.consent.sync import Refreshed, StoreSync
from dataward.consent.unsubscribe import (
    ProfileEraser,
    Unsubscribed,
    erase_profiles,
    record_erasures,
    unsubscribe,
)
from dataward.inventory.identity import Identity
from dataward.policy import Policy
from dataward.store import read_only


@dataclass(frozen=True)
class Freshness:
    refresh_seconds: float = 1.0
    reload_seconds: float = 3600.0


class ConsentRuntime:
    def __init__(
        self,
        engine: Engine,
        policy: Policy,
        hasher: ContactHasher,
        *,
        erasers: Sequence[ProfileEraser] = (),
        freshness: Freshness = Freshness(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.policy = policy
        self.catalogue = PurposeCatalogue(policy)
        self.hasher = hasher
        self.erasers = list(erasers)
        self.freshness = freshness
        self._clock = clock
        self._lock = threading.Lock()
        self._loaded_at = self._refreshed_at = 0.0
        self._reload()

    @classmethod
    def open(
        cls,
        engine: Engine,
        policy: Policy,
        *,
        environ: Mapping[str, str] | None = None,
        erasers: Sequence[ProfileEraser] = (),
        freshness: Freshness = Freshness(),
    ) -> ConsentRuntime:
        """Resolve the suppression key (generating it on first use) and load the memory."""
        with Session(engine) as session, session.begin():
            hasher = resolve_hasher(session, environ)
        return cls(engine, policy, hasher, erasers=erasers, freshness=freshness)

    # --- decisions ---------------------------------------------------------------------

    def decide(
        self, purpose: str, identity: Identity | str, channel: str | None = None
    ) -> Decision:
        self.refresh_if_due()
        return self.decisions.decide(purpose, identity, channel)

    def decide_many(
        self,
        purpose: str,
        identities: Sequence[Identity | str],
        channel: str | None = None,
        *,
        skip_invalid: bool = False,
    ) -> BulkDecisions:
        self.refresh_if_due()
        return decide_many(self.decisions, purpose, identities, channel, skip_invalid=skip_invalid)

    # --- keeping memory in step ----------------------------------------------------------

    def is_due(self) -> bool:
        return self._clock() - self._refreshed_at >= self.freshness.refresh_seconds

    def refresh_if_due(self) -> None:
        if self.is_due():
            self.refresh(wait=False)

    def refresh(self, *, wait: bool = True) -> Refreshed | None:
        """Read what changed in the store. ``wait=False`` skips if another thread is at it."""
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            if self._clock() - self._loaded_at >= self.freshness.reload_seconds:
                self._reload()
                return None
            with Session(read_only(self.engine)) as session, session.begin():
                refreshed = self._sync.refresh(session)
            self._refreshed_at = self._clock()
            return refreshed
        finally:
            self._lock.release()

    def _reload(self) -> None:
        # A new memory is filled aside and swapped in whole: decisions never see a half load.
        memory = ConsentMemory(len(self.catalogue.by_index))
        sync = StoreSync(memory, self.catalogue, self.hasher)
        with Session(read_only(self.engine)) as session, session.begin():
            sync.refresh(session)
        self._sync = sync
        self.decisions = DecisionEngine(self.catalogue, memory, self.hasher)
        self._loaded_at = self._refreshed_at = self._clock()

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction for the consent services; commits at the end, then refreshes."""
        with Session(self.engine) as session, session.begin():
            yield session
        self.refresh()

    def resubscribe(self, change: ConsentChange, *, actor: str) -> Resubscribed:
        """Record a fresh marketing consent and lift the contact's suppression (committed)."""
        with self.writing() as session:
            return resubscribe(session, self.catalogue, change, hasher=self.hasher, actor=actor)

    def unsubscribe(self, contact: Identity, *, source: str, actor: str) -> Unsubscribed:
        """Unsubscribe and list ``contact`` (committed), then erase its marketing profiles
        (each eraser's outcome audited)."""
        with self.writing() as session:
            result = unsubscribe(
                session, self.catalogue, contact, source=source, hasher=self.hasher, actor=actor
            )
        if not self.erasers:
            return result
        outcomes = erase_profiles(self.erasers, contact)
        with Session(self.engine) as session, session.begin():
            record_erasures(session, outcomes, contact, hasher=self.hasher, actor=actor)
        return replace(result, erasures=tuple(outcomes))
