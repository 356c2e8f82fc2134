"""Every reason a decision can give, as a table of cases over the default policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from dataward.consent import (
    Action,
    ConsentInputError,
    ConsentRuntime,
    FlagKind,
    Reason,
    parse_identity,
    record_birth_date,
    set_flag,
)
from tests.consent.factories import listed, record

NOW = datetime.now(UTC)
ANA = "ana@example.com"
Setup = Callable[[ConsentRuntime], None]


def flag(identity: str, kind: FlagKind, purpose: str | None = None) -> Setup:
    def setup(runtime: ConsentRuntime) -> None:
        with runtime.writing() as session:
            set_flag(
                session, runtime.catalogue, parse_identity(identity), kind, purpose=purpose,
                source="test", hasher=runtime.hasher, actor="test",
            )  # fmt: skip

    return setup


def born(identity: str, years_ago: int) -> Setup:
    def setup(runtime: ConsentRuntime) -> None:
        with runtime.writing() as session:
            birth = date.today().replace(year=date.today().year - years_ago) - timedelta(days=1)
            record_birth_date(
                session, parse_identity(identity), birth, source="signup",
                hasher=runtime.hasher, actor="test",
            )  # fmt: skip

    return setup


def consent(
    identity: str,
    purpose: str,
    action: Action = Action.given,
    at: datetime | None = None,
    expires_at: datetime | None = None,
) -> Setup:
    def setup(runtime: ConsentRuntime) -> None:
        record(runtime, identity, purpose, action, at=at, expires_at=expires_at)

    return setup


def suppressed(contact: str) -> Setup:
    def setup(runtime: ConsentRuntime) -> None:
        listed(runtime, contact)

    return setup


@dataclass(frozen=True)
class Case:
    id: str
    purpose: str
    identity: str
    allowed: bool
    reasons: list[Reason]
    setup: list[Setup] = field(default_factory=list)
    channel: str | None = None


CASES = [
    Case("no consent", "subscriber_marketing", ANA, False, [Reason.no_consent]),
    Case("consent given", "subscriber_marketing", ANA, True, [Reason.consent_given],
         [consent(ANA, "subscriber_marketing")]),
    Case("consent withdrawn", "subscriber_marketing", ANA, False, [Reason.consent_withdrawn],
         [consent(ANA, "subscriber_marketing"),
          consent(ANA, "subscriber_marketing", Action.withdrawn)]),
    Case("consent expired", "subscriber_marketing", ANA, False, [Reason.consent_expired],
         [consent(ANA, "subscriber_marketing", at=NOW - timedelta(days=2),
                  expires_at=NOW - timedelta(days=1))]),
    Case("consent not yet expired", "subscriber_marketing", ANA, True, [Reason.consent_given],
         [consent(ANA, "subscriber_marketing", expires_at=NOW + timedelta(days=1))]),
    Case("legal basis", "deliver_communications", ANA, True, [Reason.legal_basis]),
    Case("objection to the purpose", "b2b_marketing", ANA, False, [Reason.objection],
         [flag(ANA, FlagKind.objection, "b2b_marketing")]),
    Case("objection to all stops legitimate interests", "manage_traffic", ANA, False,
         [Reason.objection], [flag(ANA, FlagKind.objection)]),
    Case("objection to all leaves a contract", "deliver_communications", ANA, True,
         [Reason.legal_basis], [flag(ANA, FlagKind.objection)]),
    Case("objection lifted", "b2b_marketing", ANA, True, [Reason.legal_basis],
         [flag(ANA, FlagKind.objection, "b2b_marketing"),
          lambda runtime: _lift(runtime, ANA, FlagKind.objection, "b2b_marketing")]),
    Case("restriction", "manage_traffic", ANA, False, [Reason.restriction],
         [flag(ANA, FlagKind.restriction)]),
    Case("restriction leaves legal duties", "law_enforcement_retention", ANA, True,
         [Reason.legal_basis], [flag(ANA, FlagKind.restriction)]),
    Case("suppressed email", "b2b_marketing", ANA, False, [Reason.suppressed],
         [suppressed(ANA)], "email"),
    Case("suppressed phone by sms", "b2b_marketing", "+385 91 123 4567", False,
         [Reason.suppressed], [suppressed("+385911234567")], "sms"),
    Case("suppression stops marketing only", "manage_traffic", ANA, True, [Reason.legal_basis],
         [suppressed(ANA)]),
    Case("suppressed and withdrawn", "subscriber_marketing", ANA, False,
         [Reason.suppressed, Reason.consent_withdrawn],
         [consent(ANA, "subscriber_marketing", Action.withdrawn), suppressed(ANA)]),
    Case("under 16 customer account", "administer_agreements", "subject:cust-7", False,
         [Reason.under_age], [born("subject:cust-7", 14)]),
    Case("under 16 cannot consent", "subscriber_marketing", ANA, False,
         [Reason.under_age, Reason.no_consent],
         [born(ANA, 15)]),
    Case("16 and over", "administer_agreements", "subject:cust-7", True, [Reason.legal_basis],
         [born("subject:cust-7", 16)]),
    Case("age does not matter outside children's activities", "b2b_marketing", ANA, True,
         [Reason.legal_basis], [born(ANA, 15)]),
]  # fmt: skip


def _lift(runtime: ConsentRuntime, identity: str, kind: FlagKind, purpose: str) -> None:
    with runtime.writing() as session:
        set_flag(
            session, runtime.catalogue, parse_identity(identity), kind, active=False,
            purpose=purpose, source="test", hasher=runtime.hasher, actor="test",
        )  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_decision(runtime: ConsentRuntime, case: Case) -> None:
    for step in case.setup:
        step(runtime)
    decision = runtime.decide(case.purpose, case.identity, case.channel)
    assert (decision.allowed, list(decision.reasons)) == (case.allowed, case.reasons)
    assert decision.policy_version == "2023-02-22"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bulk_answers_like_single(runtime: ConsentRuntime, case: Case) -> None:
    for step in case.setup:
        step(runtime)
    other = "+385917654321" if case.channel == "sms" else "nobody@example.org"
    bulk = runtime.decide_many(case.purpose, [case.identity, other], case.channel)
    assert bulk.decisions[0] == runtime.decide(case.purpose, case.identity, case.channel)


def test_a_fresh_runtime_loads_the_same_facts(runtime: ConsentRuntime) -> None:
    for case in CASES:
        for step in case.setup:
            step(runtime)
    reloaded = ConsentRuntime.open(runtime.engine, runtime.policy, environ={
        "DATAWARD_SUPPRESSION_KEY": "11" * 32})  # fmt: skip
    for case in CASES[:3] + CASES[-5:]:
        assert reloaded.decide(case.purpose, case.identity, case.channel) == runtime.decide(
            case.purpose, case.identity, case.channel
        )


@pytest.mark.parametrize(
    ("purpose", "identity", "channel", "field", "words"),
    [
        ("no_such_purpose", ANA, None, "purpose", "unknown purpose"),
        ("subscriber_marketing", "not an identity", None, "identity", "cannot tell"),
        ("subscriber_marketing", "ana@@example", None, "identity", "not a valid email"),
        ("subscriber_marketing", "+1 nope", None, "identity", "not a valid phone"),
        ("subscriber_marketing", ANA, "sms", "channel", "needs a phone"),
        ("subscriber_marketing", ANA, "pigeon", "channel", "unknown channel"),
    ],
)
def test_bad_input_names_the_field(
    runtime: ConsentRuntime, purpose: str, identity: str, channel: str | None, field: str,
    words: str,
) -> None:  # fmt: skip
    with pytest.raises(ConsentInputError) as raised:
        runtime.decide(purpose, identity, channel)
    assert raised.value.field == field
    assert words in raised.value.message


def test_bulk_names_the_bad_identity_or_skips_it(runtime: ConsentRuntime) -> None:
    with pytest.raises(ConsentInputError) as raised:
        runtime.decide_many("b2b_marketing", [ANA, "junk"])
    assert raised.value.field == "identities[1]"
    skipped = runtime.decide_many("b2b_marketing", [ANA, "junk"], skip_invalid=True)
    assert skipped.decisions[1].reasons == (Reason.invalid_identity,)
    assert (skipped.allowed, skipped.denied) == (1, 1)
