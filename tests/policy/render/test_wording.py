"""Retention sentences are generated from the rule's structure: a table of rules and words."""

from __future__ import annotations

from typing import Any

import pytest

from dataward.policy.model import Period, RetentionAction, RetentionRule
from dataward.policy.render.wording import (
    VERBS,
    Phrasebook,
    number_word,
    period_words,
    quantity,
    retention_sentence,
)

PHRASES = Phrasebook(
    anchors={
        "relationship_end": "the end of our business relationship",
        "communication": "the communication",
        "event_day": "the event",
        "last_contact": "our last communication",
        "unsubscribe": "you unsubscribe",
    },
    conditions={
        "agreement_signed": "we enter into a business agreement with you or your organisation",
        "consent_given": "you give us your consent",
    },
)


def rule(**fields: Any) -> RetentionRule:
    base: dict[str, Any] = {
        "id": "r",
        "description": "Personal data",
        "data_categories": ["contact"],
        "action": "delete",
    }
    return RetentionRule.model_validate(base | fields)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (1, "one"),
        (12, "twelve"),
        (19, "nineteen"),
        (20, "twenty"),
        (25, "twenty-five"),
        (60, "sixty"),
        (90, "ninety"),
        (100, "one hundred"),
        (101, "one hundred and one"),
        (365, "three hundred and sixty-five"),
        (1000, "one thousand"),
        (1001, "one thousand and one"),
        (1250, "one thousand two hundred and fifty"),
    ],
)
def test_number_words(number: int, words: str) -> None:
    assert number_word(number) == words


def test_negative_numbers_have_no_words() -> None:
    with pytest.raises(ValueError, match="negative"):
        number_word(-1)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ({"months": 12}, "twelve (12) months"),
        ({"years": 1}, "one (1) year"),
        ({"days": 1}, "one (1) day"),
        ({"years": 1, "months": 6}, "one (1) year and six (6) months"),
        ({"years": 1, "months": 2, "days": 3}, "one (1) year, two (2) months and three (3) days"),
        ({"months": 2, "days": 15}, "two (2) months and fifteen (15) days"),
        ({}, ""),
    ],
)
def test_period_words(period: dict[str, int], words: str) -> None:
    assert period_words(Period(**period)) == words


def test_quantity_is_singular_only_for_one() -> None:
    assert quantity(1, "month") == "one (1) month"
    assert quantity(0, "day") == "zero (0) days"


CASES = [
    pytest.param(
        {"anchor": {"event": "relationship_end"}, "offset": {"years": 7}},
        "Personal data: deleted seven (7) years after the end of our business relationship.",
        id="instant",
    ),
    pytest.param(
        {
            "action": "null",
            "anchor": {"event": "communication", "align": "end_of_month"},
            "offset": {"months": 12},
        },
        "Personal data: removed from the record twelve (12) months after the end of the month "
        "in which the communication took place.",
        id="end_of_month",
    ),
    pytest.param(
        {"anchor": {"event": "communication", "align": "end_of_year"}, "offset": {"years": 3}},
        "Personal data: deleted three (3) years following the year of the communication.",
        id="end_of_year",
    ),
    pytest.param(
        {"anchor": {"event": "event_day", "align": "end_of_day"}, "offset": {"days": 60}},
        "Personal data: deleted sixty (60) days after the day of the event.",
        id="end_of_day",
    ),
    pytest.param(
        {"anchor": {"event": "relationship_end"}, "offset": {"years": 1, "months": 6}},
        "Personal data: deleted one (1) year and six (6) months after the end of our business "
        "relationship.",
        id="combined_offset",
    ),
    pytest.param(
        {
            "anchor": {"event": "communication", "align": "end_of_year"},
            "offset": {"years": 10},
            "up_to": True,
        },
        "Personal data: kept for up to ten (10) years following the year of the communication.",
        id="up_to",
    ),
    pytest.param(
        {
            "action": "null",
            "anchor": {"event": "communication"},
            "offset": {"months": 3},
            "up_to": True,
        },
        "Personal data: kept for up to three (3) months after the communication, then removed "
        "from the record.",
        id="up_to_then_another_action",
    ),
    pytest.param(
        {
            "anchor": {"event": "last_contact"},
            "offset": {"months": 6},
            "unless": ["agreement_signed"],
        },
        "Personal data: deleted six (6) months after our last communication, unless we enter "
        "into a business agreement with you or your organisation.",
        id="unless",
    ),
    pytest.param(
        {
            "anchor": {"event": "last_contact"},
            "offset": {"days": 30},
            "unless": ["agreement_signed", "consent_given"],
        },
        "Personal data: deleted thirty (30) days after our last communication, unless we enter "
        "into a business agreement with you or your organisation or you give us your consent.",
        id="unless_either",
    ),
    pytest.param(
        {
            "anchor": {"event": "communication", "align": "end_of_month"},
            "offset": {"months": 12},
            "period_set_by": "customer",
        },
        "Personal data: deleted according to the customer's instructions (default: twelve (12) "
        "months after the end of the month in which the communication took place).",
        id="customer_sets_the_period",
    ),
    pytest.param(
        {"action": "review", "review_reason": "Kept as long as local legislation requires."},
        "Personal data: kept as long as local legislation requires.",
        id="review",
    ),
    pytest.param(
        {"action": "review", "review_reason": "EU law decides."},
        "Personal data: EU law decides.",
        id="review_keeps_an_acronym",
    ),
    pytest.param(
        {"action": "suppress", "anchor": {"event": "unsubscribe"}, "offset": {}},
        "Personal data: kept only on the suppression list promptly after you unsubscribe.",
        id="zero_offset",
    ),
    pytest.param(
        {
            "action": "redact",
            "anchor": {"event": "communication", "align": "end_of_month"},
            "offset": {},
            "up_to": True,
        },
        "Personal data: removed from the text at the end of the month in which the "
        "communication took place.",
        id="zero_offset_aligned_ignores_up_to",
    ),
]


@pytest.mark.parametrize(("fields", "sentence"), CASES)
def test_retention_sentence(fields: dict[str, Any], sentence: str) -> None:
    assert retention_sentence(rule(**fields), PHRASES) == sentence


@pytest.mark.parametrize("action", [a for a in RetentionAction if a is not RetentionAction.review])
def test_every_action_has_a_verb(action: RetentionAction) -> None:
    fields = {"action": action.value, "anchor": {"event": "event_day"}, "offset": {"years": 2}}
    sentence = retention_sentence(rule(**fields), PHRASES)
    assert sentence == f"Personal data: {VERBS[action]} two (2) years after the event."


def test_description_prose_is_trimmed() -> None:
    fields = {"description": "  Usage\n data. ", "anchor": {"event": "event_day"}}
    sentence = retention_sentence(rule(**fields, offset={"years": 3}), PHRASES)
    assert sentence == "Usage data: deleted three (3) years after the event."
