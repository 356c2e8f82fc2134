"""The rendered default notice states every retention period the reference notice states.

Each row pairs a phrase quoted from the reference notice (``reference-notice.txt``, a copy of
the notice the default policy encodes) with the words the renderer must generate for it,
inside the section of the activity that encodes it: number word, number, unit and anchor.
The renderer's wording may differ from the reference ("following the year of" where the
reference says "after the end of the year when"), but never the period or its anchor.
A final test scans the reference for every "word (N) unit" period, so a period that the
table forgets fails as well.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from dataward.policy import load_policy
from dataward.policy.render import render_notice

REFERENCE = Path(__file__).with_name("reference-notice.txt")

# (activity id, phrase in the reference, phrase in the rendered section)
PERIODS = [
    (
        "account_data",
        "twelve (12) months after the end of our business relationship with the customer",
        "account users and business contacts: deleted twelve (12) months after the end of our "
        "business relationship",
    ),
    (
        "account_data",
        "individuals who are our customers are retained for seven (7) years after the end of "
        "our business relationship",
        "individuals who are our customers: deleted seven (7) years after the end of our "
        "business relationship",
    ),
    (
        "account_data",
        "seven (7) years after the resolving of the support request",
        "seven (7) years after the resolving of the support request",
    ),
    (
        "traffic_data",
        "twelve (12) months after the end of the month in which the communication took place",
        "twelve (12) months after the end of the month in which the communication took place",
    ),
    (
        "traffic_data",
        "for up to ten (10) years following the year of communication",
        "for up to ten (10) years following the year of the communication",
    ),
    ("usage_data", "retained for up to three (3) years", "kept for up to three (3) years"),
    (
        "behaviour_analytics",
        "up to twenty-five (25) months after it was generated",
        "up to twenty-five (25) months after it was generated",
    ),
    (
        "suppliers",
        "twelve (12) months after the end of our business relationship with the supplier",
        "business contacts: deleted twelve (12) months after the end of our business relationship",
    ),
    (
        "suppliers",
        "individuals who are our suppliers will be deleted seven (7) years after the end of our "
        "business relationship",
        "individuals who are our suppliers: deleted seven (7) years after the end of our "
        "business relationship",
    ),
    (
        "prospects",
        "six (6) months after our last communication unless we enter into a business agreement",
        "six (6) months after our last communication, unless we enter into a business agreement",
    ),
    ("event_organisation", "two (2) years after the event", "two (2) years after the event"),
    (
        "event_organisation",
        "within sixty (60) days after the event day",
        "sixty (60) days after the day of the event",
    ),
    (
        "market_research_interviews",
        "one (1) year after the interview date",
        "one (1) year after the interview date",
    ),
    (
        "ux_research_hub",
        "one (1) year after the interview date",
        "one (1) year after the interview",
    ),
    (
        "recruitment",
        "within thirty days following the receipt of the email",
        "thirty (30) days after the receipt of the email",
    ),
    (
        "social_impact",
        "at the latest one (1) year after the initial communication date",
        "up to one (1) year after the initial communication",
    ),
    (
        "social_impact",
        "three (3) years after the end of the year when we last communicated",
        "three (3) years following the year of our last communication",
    ),
    (
        "office_visitors",
        "ninety (90) days after the recording date",
        "ninety (90) days after the recording date",
    ),
    # Promises without a number, worded from the rule's action and anchor all the same.
    (
        "communications_content",
        "according to the customer’s instructions",
        "according to the customer's instructions",
    ),
    ("marketing", "we will only keep a suppression list", "kept only on the suppression list"),
    ("anonymous_surveys", "it will be promptly deleted", "promptly after"),
]

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).lower()


@cache
def reference() -> str:
    return normalise(REFERENCE.read_text("utf-8"))


@cache
def rendered_sections() -> dict[str, str]:
    """The rendered default notice split into its activity sections, by activity id."""
    markdown = render_notice(load_policy())
    sections: dict[str, str] = {}
    for chunk in re.split(r"^(?=#{2,3} )", markdown, flags=re.MULTILINE):
        found = re.match(r'### <a id="activity-([a-z0-9_]+)"></a>', chunk)
        if found:
            sections[found.group(1)] = normalise(chunk)
    return sections


@pytest.mark.parametrize(("activity", "quoted", "generated"), PERIODS)
def test_reference_period_is_rendered(activity: str, quoted: str, generated: str) -> None:
    assert normalise(quoted) in reference(), "the quote is not in the reference notice"
    section = rendered_sections()[activity]
    assert normalise(generated) in section, f"{activity} does not say {generated!r}"


def test_every_period_of_the_reference_is_in_the_table() -> None:
    period = re.compile(r"[a-z-]+ \(\d+\) (?:years?|months?|days?)")
    stated = set(period.findall(reference()))
    covered = {found for _, quoted, _ in PERIODS for found in period.findall(normalise(quoted))}
    assert stated <= covered, f"periods of the reference without a row: {stated - covered}"
