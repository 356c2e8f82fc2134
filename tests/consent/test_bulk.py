"""The bulk check answers exactly as one decision at a time, on every path it takes."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from dataward.consent.hashindex import SuppressionIndex
from dataward.consent.identity import decision_key, plain_email_keys
from dataward.consent.memory import ABSENT, ConsentMemory
from dataward.inventory.identity import Identity
from tests.consent.factories import listed, record
from tests.consent.test_identity import emails

NOW = datetime.now(UTC)
PURPOSES = ["subscriber_marketing", "b2b_marketing", "administer_agreements", "campaign_statistics"]


@pytest.fixture
def population(runtime: ConsentRuntime) -> list[str]:
    """Forty people with every kind of fact, in one store; their identities as a sender
    writes them (spelling, case and kind vary)."""
    rng = random.Random(7)
    people = [f"p{n}@example.com" for n in range(30)] + [f"+38591123{n:04d}" for n in range(10)]
    for number, person in enumerate(people):
        roll = number % 8
        if roll in (0, 1, 2):
            action = Action.withdrawn if roll == 1 else Action.given
            expires = NOW - timedelta(days=1) if roll == 2 else None
            at = NOW - timedelta(days=30)
            record(runtime, person, "subscriber_marketing", action, at=at, expires_at=expires)
        if number % 5 == 0:
            listed(runtime, person)
    with runtime.writing() as session:
        for person in rng.sample(people, 6):
            kind = rng.choice([FlagKind.objection, FlagKind.restriction])
            purpose = rng.choice([None, "b2b_marketing"])
            set_flag(
                session, runtime.catalogue, parse_identity(person), kind, purpose=purpose,
                source="test", hasher=runtime.hasher, actor="test",
            )  # fmt: skip
        for person in rng.sample(people, 4):
            born = date.today() - timedelta(days=365 * rng.choice([14, 30]))
            record_birth_date(
                session, parse_identity(person), born, source="test",
                hasher=runtime.hasher, actor="test",
            )  # fmt: skip
    spelled = [person.upper() if n % 7 == 0 else person for n, person in enumerate(people)]
    return [*spelled, "nobody@example.org", "subject:cust-9", "+385 91 999 0000"]


@pytest.mark.parametrize("purpose", PURPOSES)
def test_bulk_equals_single_with_every_kind_of_fact(
    runtime: ConsentRuntime, population: list[str], purpose: str
) -> None:
    single = [runtime.decide(purpose, who) for who in population]
    assert runtime.decide_many(purpose, population).decisions == single
    emails_only = [who for who in population if "@" in who and who == who.lower()]
    plain = runtime.decide_many(purpose, emails_only)  # the one-regex path
    assert plain.decisions == [runtime.decide(purpose, who) for who in emails_only]


def test_the_tally_counts_each_decision_and_reason(
    runtime: ConsentRuntime, population: list[str]
) -> None:
    result = runtime.decide_many("subscriber_marketing", population)
    assert sum(result.outcomes.values()) == len(population)
    assert result.allowed == sum(decision.allowed for decision in result.decisions)
    every = [reason for decision in result.decisions for reason in decision.reasons]
    assert dict(result.reasons) == {reason: every.count(reason) for reason in set(every)}
    assert list(result.reasons) == [reason for reason in Reason if reason in result.reasons]


def test_a_channel_that_cannot_reach_every_identity(runtime: ConsentRuntime) -> None:
    with pytest.raises(ConsentInputError, match="needs a phone") as raised:
        runtime.decide_many("subscriber_marketing", ["a@example.com", "b@example.com"], "sms")
    assert raised.value.field == "identities[0]"
    skipped = runtime.decide_many(
        "subscriber_marketing", ["a@example.com", "+385911234567"], "sms", skip_invalid=True
    )
    assert [decision.reasons for decision in skipped.decisions] == [
        (Reason.invalid_identity,),
        (Reason.no_consent,),
    ]


@settings(max_examples=300)
@given(st.lists(emails | st.sampled_from(["+385911234567", " a@b.io", "A@B.IO", "a\nb@c.io"])))
def test_the_one_regex_path_agrees_with_each_identity_read_alone(raws: list[str]) -> None:
    keys = plain_email_keys(raws)
    if keys is None:
        return  # the bulk check then reads each one on its own
    assert len(keys) == len(raws)
    for raw, key in zip(raws, keys, strict=True):
        assert decision_key(raw) == ("email", key)


def test_canonical_emails_take_the_one_regex_path() -> None:
    raws = ["ana@example.com", "Bob.Smith+news@Mail.Example.ORG", "x_y-z@a-b.c0.io"]
    assert plain_email_keys(raws) == [f"email:{raw.lower()}" for raw in raws]
    for odd in (["+385911234567"], ["ana@example.test"], ["a@-x.com"], [Identity("email", "a")]):
        assert plain_email_keys(odd) is None


def test_the_consent_table_answers_like_the_dict_and_follows_changes() -> None:
    memory = ConsentMemory(1)
    for number in range(1000):
        memory.set_consent(0, f"email:c{number}@example.com", number * 2)
    keys = [f"email:c{number}@example.com" for number in range(990, 1010)]
    table = memory.consent_table(0)
    assert table.lookup(keys).tolist() == [memory.consents[0].get(key, ABSENT) for key in keys]
    assert memory.consent_table(0) is table  # nothing changed: not rebuilt
    memory.set_consent(0, "email:c1005@example.com", 7)
    assert memory.consent_table(0).lookup(["email:c1005@example.com"]).tolist() == [7]


def test_the_suppression_index_forgets_a_lifted_contact() -> None:
    index = SuppressionIndex(np.arange(10, 20, dtype=np.uint64))
    index.add([5, 99])
    assert index.discard([12, 99, 1000]) == 2
    assert 12 not in index and 99 not in index and 13 in index and 5 in index
    assert len(index) == 10
    assert index.contains_many(np.array([5, 12, 19], dtype=np.uint64)).tolist() == [
        True,
        False,
        True,
    ]
