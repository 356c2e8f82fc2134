"""Moving a contact to the suppression list before its profile is deleted.

The notice keeps "only your email address or phone number on a suppression list, so that
you get no more messages from us". The list is the consent part's (``suppression_list``,
:mod:`dataward.consent.suppression`): one list, one key, whoever adds to it. Only the keyed
hash of the normalised contact is stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from dataward.consent.keys import ContactHasher
from dataward.consent.suppression import insert_hashes
from dataward.inventory.identity import Identity, Normaliser


def contact_identity(kind: str, raw: str, normaliser: Normaliser) -> Identity:
    """The normalised contact; an unparseable one is kept trimmed and lower-cased."""
    try:
        return normaliser.identity(kind, raw)
    except ValueError:
        return Identity(kind, raw.strip().lower())


def suppress_contacts(
    session: Session,
    contacts: Iterable[tuple[str, str]],
    rule: str,
    hasher: ContactHasher,
    normaliser: Normaliser,
) -> int:
    """Add ``(kind, raw contact)`` pairs to the list; returns how many were new. Never commits."""
    digests = [
        hasher.digest(str(contact_identity(kind, raw, normaliser))) for kind, raw in contacts
    ]
    return insert_hashes(session, digests, hasher.key_id, "retention", f"retention:{rule}")
