"""Consent: the ledger, cookie choices, the suppression list, and the decision engine.

Glossary
--------
consent event
    One consent given or withdrawn by a subject for a purpose of the policy, with the notice
    version shown, the source, the time and an optional expiry. Appended, never changed.
current consent
    The latest event of a subject and purpose by (time, id); an expired consent counts as
    absent. Kept in ``consent_state`` and re-derived under a per-subject lock on every write.
suppression list
    Contacts never to be marketed to again, kept only as HMAC-SHA256 hashes of the normalised
    email or phone under a managed key (:mod:`dataward.consent.keys`).
flag
    An objection (Art. 21) or restriction (Art. 18) set by a data-subject request.
decision
    ``Decision(allowed, reasons, policy_version)`` for a purpose, an identity and optionally
    a channel, answered from memory in microseconds (:mod:`dataward.consent.decision`).

Worked example from the notice (Section 5.4): "Marketing: until unsubscribe, then only the
contact on the suppression list." Ana subscribes through a webform: a ``given`` event for
purpose ``subscriber_marketing`` (legal basis consent). ``decide("subscriber_marketing",
"ana@example.com")`` is allowed (``consent_given``). She clicks the one-click link in a
newsletter: her consent is withdrawn, ``HMAC(key, "ana@example.com")`` joins the list and her
marketing profile is erased. The same question is now denied with ``consent_withdrawn`` and
``suppressed`` — and ``b2b_marketing`` (legitimate interest) is denied too: the list stops
every marketing purpose.

She may subscribe again later: a fresh consent lifts the entry
(:mod:`dataward.consent.resubscribe`), which stays as history.

Entry points for other parts: :func:`suppress` (the retention engine lists a contact),
:func:`set_flag` and :func:`record_birth_date` (the requests module), :func:`consent_end` and
:func:`ended_consents` (retention rules anchored at ``consent_end``). The marketing profile is
found and deleted through the inventory (:mod:`dataward.consent.profiles`); birth dates are
imported from it (:mod:`dataward.consent.ages`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dataward.consent.errors import ConsentInputError, SuppressionKeyError, TokenError
from dataward.consent.flags import FlagKind, active_flags, record_birth_date, set_flag
from dataward.consent.identity import contact_identity, decision_identity, parse_identity
from dataward.consent.keys import ContactHasher, resolve_hasher
from dataward.consent.ledger import ConsentChange, expiry_after, record_consent
from dataward.consent.purposes import PurposeCatalogue, PurposeRule
from dataward.consent.queries import (
    EndedConsent,
    consent_end,
    consent_history,
    current_consent,
    current_consents,
    ended_consents,
)
from dataward.consent.records import Action, ConsentRecord, EventRecord, Status
from dataward.consent.suppression import Suppressed, is_suppressed, suppress

if TYPE_CHECKING:
    from dataward.consent.bulk import BulkDecisions, decide_many
    from dataward.consent.decision import Decision, DecisionEngine, Reason
    from dataward.consent.runtime import ConsentRuntime, Freshness

# The decision engine's names load NumPy, on first use: retention and the other commands
# that only list or check contacts start without it (a third of a second).
_ON_FIRST_USE = {
    "BulkDecisions": "dataward.consent.bulk",
    "decide_many": "dataward.consent.bulk",
    "Decision": "dataward.consent.decision",
    "DecisionEngine": "dataward.consent.decision",
    "Reason": "dataward.consent.decision",
    "ConsentRuntime": "dataward.consent.runtime",
    "Freshness": "dataward.consent.runtime",
}


def __getattr__(name: str) -> Any:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Action",
    "BulkDecisions",
    "ConsentChange",
    "ConsentInputError",
    "ConsentRecord",
    "ConsentRuntime",
    "ContactHasher",
    "Decision",
    "DecisionEngine",
    "EndedConsent",
    "EventRecord",
    "FlagKind",
    "Freshness",
    "PurposeCatalogue",
    "PurposeRule",
    "Reason",
    "Status",
    "Suppressed",
    "SuppressionKeyError",
    "TokenError",
    "active_flags",
    "consent_end",
    "consent_history",
    "contact_identity",
    "current_consent",
    "current_consents",
    "decide_many",
    "decision_identity",
    "ended_consents",
    "expiry_after",
    "is_suppressed",
    "parse_identity",
    "record_birth_date",
    "record_consent",
    "resolve_hasher",
    "set_flag",
    "suppress",
]
