"""What the policy says about each purpose, compiled once into what a decision needs.

Every rule here is read from the policy rather than written in code, so that changing the
notice changes the behaviour:

- a purpose whose legal basis is ``consent`` needs a current consent;
- a purpose whose ``fides_use`` is ``marketing.*`` is direct marketing: the suppression list
  and an objection stop it whatever its basis (GDPR Art. 21(2)–(3));
- a consent purpose of an activity with a retention rule anchored at ``consent_end`` needs
  its period (recruitment: "for a period specified in the consent form");
- a purpose of an activity about the subjects of the children rule (customers, account
  users), and every consent purpose, is denied to a person under the minimum age.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dataward.consent.errors import ConsentInputError
from dataward.policy import Policy
from dataward.policy.model import Activity, LegalBasis, Purpose

CONSENT_END_EVENT = "consent_end"
MARKETING_USE = "marketing"
# Bases an objection (Art. 21(1)) applies to when it names no purpose.
OBJECTABLE_BASES = frozenset({LegalBasis.legitimate_interests, LegalBasis.public_task})


@dataclass(frozen=True, slots=True)
class PurposeRule:
    """One purpose, with its decision inputs precomputed (fields, not properties: a decision
    reads them on every call)."""

    id: str
    activity: str
    legal_basis: LegalBasis
    index: int  # position in the catalogue: consent states are kept per index
    marketing: bool
    needs_consent: bool
    needs_period: bool
    minors_excluded: bool
    objectable: bool  # an objection that names no purpose stops this one
    restrictable: bool  # a restriction that names no purpose stops this one


def _rule(activity: Activity, purpose: Purpose, index: int, children: set[str]) -> PurposeRule:
    basis = purpose.legal_basis
    marketing = (purpose.fides_use or "").split(".")[0] == MARKETING_USE
    return PurposeRule(
        id=purpose.id,
        activity=activity.id,
        legal_basis=basis,
        index=index,
        marketing=marketing,
        needs_consent=basis is LegalBasis.consent,
        needs_period=basis is LegalBasis.consent and _ends_with_consent(activity),
        minors_excluded=bool(children.intersection(activity.subjects)),
        objectable=marketing or basis in OBJECTABLE_BASES,
        # Art. 18(2): restricted data may still serve legal claims and legal duties.
        restrictable=basis is not LegalBasis.legal_obligation,
    )


class PurposeCatalogue:
    """The policy's purposes by id, with lookups that raise errors naming the field."""

    def __init__(self, policy: Policy) -> None:
        self.policy_version = policy.metadata.version
        self.minimum_age = policy.children.minimum_age if policy.children else None
        children = set(policy.children.subjects) if policy.children else set()
        owners: dict[str, list[str]] = defaultdict(list)
        rules: dict[str, PurposeRule] = {}
        for activity in policy.activities:
            for purpose in activity.purposes:
                owners[purpose.id].append(activity.id)
                if purpose.id in rules:
                    continue
                rules[purpose.id] = _rule(activity, purpose, len(rules), children)
        # A purpose id two activities share is ambiguous: refuse it rather than guess.
        self._ambiguous = {pid: acts for pid, acts in owners.items() if len(acts) > 1}
        self.rules = {pid: rule for pid, rule in rules.items() if pid not in self._ambiguous}
        self.by_index = list(rules.values())

    def get(self, purpose: str, *, field: str = "purpose") -> PurposeRule:
        rule = self.rules.get(purpose)
        if rule is not None:
            return rule
        if purpose in self._ambiguous:
            activities = ", ".join(self._ambiguous[purpose])
            raise ConsentInputError(
                field, f"purpose {purpose!r} is defined by several activities ({activities})"
            )
        raise ConsentInputError(
            field,
            f"unknown purpose {purpose!r}: not in the policy (version {self.policy_version})",
        )

    def consent_purpose(self, purpose: str, *, field: str = "purpose") -> PurposeRule:
        """The purpose, which must rely on consent: recording consent for others is a mistake."""
        rule = self.get(purpose, field=field)
        if not rule.needs_consent:
            raise ConsentInputError(
                field,
                f"purpose {purpose!r} relies on {rule.legal_basis.value}, not consent: "
                "consent cannot be recorded for it",
            )
        return rule

    def consent_purposes(self) -> list[PurposeRule]:
        return [rule for rule in self.rules.values() if rule.needs_consent]

    def marketing_consent_purposes(self) -> list[PurposeRule]:
        """What an unsubscribe withdraws: every consent of an activity that markets.

        The whole activity, not only the ``marketing.*`` purposes: unsubscribing from the
        newsletter also ends the open-and-click statistics gathered on it.
        """
        marketing = self.marketing_activities()
        return [rule for rule in self.consent_purposes() if rule.activity in marketing]

    def marketing_activities(self) -> set[str]:
        """The activities with a direct-marketing purpose: where a marketing profile lives."""
        return {rule.activity for rule in self.rules.values() if rule.marketing}


def _ends_with_consent(activity: Activity) -> bool:
    return any(
        rule.anchor is not None and rule.anchor.event == CONSENT_END_EVENT
        for rule in activity.retention
    )
