"""Public holidays in deadlines: the calendars the jurisdictions with business-day clocks use.

Properties over every such jurisdiction's real calendar (the pinned ``holidays`` data),
then cases read from a calendar, then the configuration's errors.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from ruamel.yaml import YAML

from dataward.requests.config import RequestsConfig
from dataward.requests.jurisdictions import Period, Unit, due_at, load_table
from dataward.requests.jurisdictions.deadlines import deadlines_for
from dataward.requests.jurisdictions.periods import add_business_days
from dataward.requests.jurisdictions.public_holidays import PublicHolidays
from dataward.requests.kinds import RequestType

RULES = RequestsConfig().deadline_rules()
DAY_UNITS = {Unit.business_days.value, Unit.working_days.value}


def _counting() -> list[str]:
    """Jurisdictions with a clock that skips non-business days, as the data states it
    (verified or not: an unverified figure may be confirmed later), or a roll-forward."""
    data = resources.files("dataward.requests.jurisdictions").joinpath("data")
    reference = YAML(typ="safe").load(data.joinpath("jurisdictions.yaml").read_text())
    overlay = YAML(typ="safe").load(data.joinpath("clocks.yaml").read_text())["jurisdictions"]
    found = set()
    for entry in reference["jurisdictions"]:
        extra = overlay.get(entry["code"], {})
        units = [
            (entry.get("response_deadline") or {}).get("unit"),
            (entry.get("extension") or {}).get("unit"),
            *(clock["deadline"].get("unit") for clock in extra.get("clocks", [])),
        ]
        if extra.get("roll_forward") or DAY_UNITS & set(units):
            found.add(entry["code"])
    return sorted(found)


COUNTING = _counting()
codes = st.sampled_from(COUNTING)
starts = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2079, 12, 31), timezones=st.just(UTC)
)
units = st.sampled_from([Unit.business_days, Unit.working_days, Unit.calendar_days, Unit.months])


def test_every_jurisdiction_that_counts_business_days_skips_its_public_holidays() -> None:
    assert COUNTING == ["AR", "CO", "EG", "GB", "PH", "US-CA"]
    for code in COUNTING:
        assert isinstance(RULES.calendars.get(code), PublicHolidays), code


@settings(max_examples=300)
@given(codes, starts, st.integers(1, 60), st.sampled_from([Unit.business_days, Unit.working_days]))
def test_a_business_day_deadline_never_ends_on_a_weekend_or_holiday(
    code: str, start: datetime, count: int, unit: Unit
) -> None:
    calendar = RULES.calendars.get(code)
    last = (due_at(Period(count, unit), start, calendar) - timedelta(microseconds=1)).date()
    assert calendar.is_business_day(last)


@settings(max_examples=300)
@given(codes, starts, units, st.integers(0, 40), st.integers(0, 40))
def test_more_days_never_give_an_earlier_deadline(
    code: str, start: datetime, unit: Unit, first: int, second: int
) -> None:
    calendar = RULES.calendars.get(code)
    fewer, more = sorted((first, second))
    for roll in (False, True):
        earlier = due_at(Period(fewer, unit), start, calendar, roll_forward=roll)
        later = due_at(Period(more, unit), start, calendar, roll_forward=roll)
        assert earlier <= later


@settings(max_examples=200)
@given(codes, starts, st.integers(1, 12))
def test_a_rolled_deadline_ends_on_a_business_day(code: str, start: datetime, months: int) -> None:
    calendar = RULES.calendars.get(code)
    plain = due_at(Period(months, Unit.months), start, calendar)
    rolled = due_at(Period(months, Unit.months), start, calendar, roll_forward=True)
    assert rolled >= plain
    assert calendar.is_business_day((rolled - timedelta(microseconds=1)).date())


@pytest.mark.parametrize(
    ("code", "day", "name"),
    [
        ("GB", date(2026, 12, 25), "Christmas Day"),
        ("US-CA", date(2026, 3, 31), "Cesar Chavez Day"),
        ("CO", date(2026, 7, 20), "Independence Day"),
        ("EG", date(2026, 7, 23), "July 23 Revolution Day"),
        ("PH", date(2026, 6, 12), "Independence Day"),
    ],
)
def test_public_holidays_are_not_business_days(code: str, day: date, name: str) -> None:
    calendar = RULES.calendars.get(code)
    assert isinstance(calendar, PublicHolidays)
    assert calendar.holiday(day) == name
    assert not calendar.is_business_day(day)


def test_colombian_business_days_skip_the_holiday_and_the_weekend() -> None:
    # Received Friday 17 July 2026; Monday 20 July is Independence Day.
    calendar = RULES.calendars.get("CO")
    assert add_business_days(date(2026, 7, 17), 1, calendar) == date(2026, 7, 21)
    received = datetime(2026, 7, 17, 10, tzinfo=UTC)
    reclamo = deadlines_for(load_table(), "CO", RequestType.erasure, received, RULES)[0]
    # 15 business days: 21 July .. 10 August, with 7 August (Battle of Boyacá) skipped.
    assert reclamo.period == Period(15, Unit.business_days)
    assert reclamo.due_at == datetime(2026, 8, 12, tzinfo=UTC)


def test_a_uk_deadline_ending_on_a_bank_holiday_rolls_to_the_next_working_day() -> None:
    # One month from 25 November 2026 ends on Friday 25 December: Christmas, then
    # Boxing Day (a Saturday, observed on Monday 28) and the weekend: Tuesday 29.
    received = datetime(2026, 11, 25, 9, tzinfo=UTC)
    response = deadlines_for(load_table(), "GB", RequestType.access, received, RULES)[0]
    assert response.due_at == datetime(2026, 12, 30, tzinfo=UTC)


def test_egypt_works_sundays_and_rests_on_friday_and_saturday() -> None:
    calendar = RULES.calendars.get("EG")
    assert calendar.is_business_day(date(2026, 9, 6))  # a Sunday
    assert not calendar.is_business_day(date(2026, 9, 4))  # a Friday


def test_company_dates_are_added_to_the_public_holidays() -> None:
    rules = RequestsConfig(holidays={"CO": [date(2026, 7, 21)]}).deadline_rules()
    assert add_business_days(date(2026, 7, 17), 1, rules.calendars.get("CO")) == date(2026, 7, 22)


def test_a_subdivision_gives_that_region_its_own_holidays() -> None:
    # Easter Monday is a bank holiday in England and Wales, not in Scotland.
    easter_monday = date(2026, 4, 6)
    england = RequestsConfig(holiday_subdivisions={"GB": "ENG"}).deadline_rules()
    scotland = RequestsConfig(holiday_subdivisions={"GB": "SCT"}).deadline_rules()
    assert not england.calendars.get("GB").is_business_day(easter_monday)
    assert scotland.calendars.get("GB").is_business_day(easter_monday)


@pytest.mark.parametrize(
    ("subdivisions", "message"),
    [
        ({"GB": "XX"}, "country GB has no subdivision 'XX'"),
        ({"HR": "ZG"}, "HR: no public holiday calendar for this jurisdiction"),
    ],
)
def test_unknown_subdivisions_are_refused_naming_them(
    subdivisions: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match="holiday_subdivisions") as raised:
        RequestsConfig(holiday_subdivisions=subdivisions)
    assert message in str(raised.value)
