"""Cookie consent: a website visitor's choice per cookie category, and Global Privacy Control.

Categories come from the policy (``cookie_categories``). A category whose legal basis is not
consent (necessary cookies) is always on and cannot be refused; every other category is off
until chosen. A browser that sends ``Sec-GPC: 1`` has opted out of advertising: advertising
is then refused whatever the stored choice says, both when the choice is recorded and
whenever it is read back (the signal belongs to each request, not to the stored record).

Every recorded choice is audited (``consent.cookie_choice``) in the same transaction, with the
categories granted and the GPC signal: the evidence that a cookie was placed with consent.
The visitor appears there only as a keyed pseudonym of the visitor id (an online identifier
is personal data, and the audit log is never erased).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError
from dataward.consent.keys import ContactHasher, resolve_hasher
from dataward.consent.models import CookieConsent
from dataward.policy import Policy
from dataward.policy.model import LegalBasis

# What a GPC signal opts out of: the sale or sharing of personal data for advertising.
GPC_OPT_OUT = frozenset({"advertising"})
VISITOR_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
VISITOR_PREFIX = "visitor:"  # pseudonyms of visitor ids never equal a subject's


@dataclass(frozen=True)
class CookieChoice:
    visitor_id: str
    categories: dict[str, bool]
    gpc: bool
    notice_version: str
    recorded_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "visitor_id": self.visitor_id,
            "categories": self.categories,
            "gpc": self.gpc,
            "notice_version": self.notice_version,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
        }


def always_on(policy: Policy) -> set[str]:
    return {c.id for c in policy.cookie_categories if c.legal_basis is not LegalBasis.consent}


def record_cookie_choice(
    session: Session,
    policy: Policy,
    choices: Mapping[str, bool],
    *,
    visitor_id: str | None,
    gpc: bool,
    notice_version: str | None = None,
    hasher: ContactHasher | None = None,
    actor: str = "website_visitor",
) -> CookieChoice:
    """Store a visitor's choice (a new visitor id when none is given) and audit it; never
    commits. Without ``hasher`` the key in force is read, for the audit pseudonym."""
    known = {category.id for category in policy.cookie_categories}
    for name in choices:
        if name not in known:
            raise ConsentInputError(
                f"categories.{name}",
                f"unknown cookie category; the policy has: {', '.join(sorted(known))}",
            )
    if visitor_id is not None and not VISITOR_ID.fullmatch(visitor_id):
        raise ConsentInputError("visitor_id", "must be 16-64 letters, digits, '-' or '_'")
    visitor = visitor_id or secrets.token_urlsafe(18)
    granted = {name for name, on in choices.items() if on} | always_on(policy)
    if gpc:
        granted -= GPC_OPT_OUT
    row = CookieConsent(
        visitor_id=visitor,
        granted=",".join(sorted(granted)),
        gpc=gpc,
        notice_version=notice_version or policy.metadata.version,
        recorded_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    hasher = hasher or resolve_hasher(session)
    AuditLog().append(
        session,
        actor=actor,
        action="consent.cookie_choice",
        target=f"cookie_visitor:{hasher.pseudonym(VISITOR_PREFIX + visitor)}",
        details={
            "choice_id": row.id,
            "granted": sorted(granted),
            "gpc": gpc,
            "notice_version": row.notice_version,
        },
    )
    return _choice(policy, row, gpc)


def current_cookie_choice(
    session: Session, policy: Policy, visitor_id: str, *, gpc: bool
) -> CookieChoice:
    """The visitor's latest choice, or the default (only always-on categories) when none."""
    row = session.execute(
        select(CookieConsent)
        .where(CookieConsent.visitor_id == visitor_id)
        .order_by(CookieConsent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return _choice(policy, row, gpc, visitor_id)


def _choice(
    policy: Policy, row: CookieConsent | None, gpc: bool, visitor_id: str = ""
) -> CookieChoice:
    granted = set(row.granted.split(",")) if row is not None and row.granted else set()
    granted |= always_on(policy)
    if gpc or (row is not None and row.gpc):
        granted -= GPC_OPT_OUT
    return CookieChoice(
        visitor_id=row.visitor_id if row is not None else visitor_id,
        categories={c.id: c.id in granted for c in policy.cookie_categories},
        gpc=gpc,
        notice_version=row.notice_version if row is not None else policy.metadata.version,
        recorded_at=row.recorded_at if row is not None else None,
    )
