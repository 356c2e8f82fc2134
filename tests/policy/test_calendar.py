"""Calendar arithmetic: examples from the notice, then properties over random instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataward.policy.calendar import (
    Alignment,
    Offset,
    add_months,
    align,
    due_at,
    exclusive_cutoff,
    is_due,
)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (utc(2023, 1, 31), 1, utc(2023, 2, 28, 23, 59, 59, 999_999)),
        (utc(2024, 1, 31), 1, utc(2024, 2, 29, 23, 59, 59, 999_999)),
        (utc(2024, 2, 29), 12, utc(2025, 2, 28, 23, 59, 59, 999_999)),
        (utc(2024, 3, 31), -1, utc(2024, 2, 29, 23, 59, 59, 999_999)),
        (utc(2024, 1, 28, 10), 1, utc(2024, 2, 28, 10)),
        (utc(2023, 12, 15, 9, 30), 1, utc(2024, 1, 15, 9, 30)),
        (utc(2023, 5, 31), 25, utc(2025, 6, 30, 23, 59, 59, 999_999)),
    ],
)
def test_add_months_clamps_the_day(start: datetime, months: int, expected: datetime) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("moment", "alignment", "expected"),
    [
        (utc(2024, 1, 31, 23, 59), Alignment.end_of_month, utc(2024, 2, 1)),
        (utc(2024, 1, 1), Alignment.end_of_month, utc(2024, 2, 1)),
        (utc(2024, 12, 5), Alignment.end_of_month, utc(2025, 1, 1)),
        (utc(2024, 6, 5), Alignment.end_of_year, utc(2025, 1, 1)),
        (utc(2024, 1, 1), Alignment.end_of_year, utc(2025, 1, 1)),
        (utc(2024, 2, 28, 18), Alignment.end_of_day, utc(2024, 2, 29)),
        (utc(2024, 2, 28, 18), Alignment.instant, utc(2024, 2, 28, 18)),
    ],
)
def test_alignment(moment: datetime, alignment: Alignment, expected: datetime) -> None:
    assert align(moment, alignment) == expected


def test_cdr_contact_is_stripped_twelve_months_after_the_end_of_the_month() -> None:
    sent = utc(2024, 1, 31, 23, 59)
    clock = (Alignment.end_of_month, Offset(months=12))
    assert due_at(sent, *clock) == utc(2025, 2, 1)
    assert not is_due(sent, *clock, as_of=utc(2025, 1, 31, 23, 59, 59))
    assert is_due(sent, *clock, as_of=utc(2025, 2, 1))
    assert exclusive_cutoff(*clock, as_of=utc(2025, 2, 1)) == utc(2024, 2, 1)


def test_cdr_rest_is_kept_ten_years_following_the_year() -> None:
    clock = (Alignment.end_of_year, Offset(years=10))
    assert due_at(utc(2015, 3, 1), *clock) == utc(2026, 1, 1)
    assert exclusive_cutoff(*clock, as_of=utc(2026, 11, 28)) == utc(2016, 1, 1)


def test_clamping_keeps_the_order_of_timestamps() -> None:
    # 28 Aug 23:00 + 6 months is 28 Feb 23:00; 29 Aug 00:00 is later, so must not be due first.
    assert add_months(utc(2026, 8, 29), 6) > add_months(utc(2026, 8, 28, 23), 6)
    clock = (Alignment.instant, Offset(months=6))
    as_of = utc(2027, 2, 28, 11)
    assert not is_due(utc(2026, 8, 28, 12), *clock, as_of=as_of)
    assert exclusive_cutoff(*clock, as_of=as_of) == utc(2026, 8, 28, 11, 0, 0, 1)


def test_naive_datetimes_are_utc() -> None:
    assert is_due(datetime(2020, 1, 1), Alignment.instant, Offset(days=1), datetime(2020, 1, 2))


def test_negative_offsets_are_rejected() -> None:
    with pytest.raises(ValueError, match="months must not be negative"):
        Offset(months=-1)


# Timestamps from 1990 to 2060 cover many leap years, month ends and the 2000 leap century.
instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31), timezones=st.just(UTC)
)
# Bias towards month ends and midnights, where clamping and alignment bite.
edge_instants = st.builds(
    lambda year, month, day_back, seconds: (
        add_months(utc(year, month, 1), 1) - timedelta(days=day_back, seconds=seconds)
    ),
    st.integers(1990, 2060),
    st.integers(1, 12),
    st.integers(0, 3),
    st.sampled_from([0, 1, 86_399]),
)
any_instant = st.one_of(instants, edge_instants)
offsets = st.builds(Offset, st.integers(0, 12), st.integers(0, 40), st.integers(0, 400))
alignments = st.sampled_from(list(Alignment))


@settings(max_examples=400, deadline=None)
@given(moment=any_instant, as_of=any_instant, alignment=alignments, offset=offsets)
def test_due_exactly_below_the_cutoff(
    moment: datetime, as_of: datetime, alignment: Alignment, offset: Offset
) -> None:
    cutoff = exclusive_cutoff(alignment, offset, as_of)
    assert is_due(moment, alignment, offset, as_of) == (moment < cutoff)
    # The boundary itself: just below is due, the cutoff is not.
    assert is_due(cutoff - timedelta(microseconds=1), alignment, offset, as_of)
    assert not is_due(cutoff, alignment, offset, as_of)


@settings(max_examples=300, deadline=None)
@given(a=any_instant, b=any_instant, as_of=any_instant, alignment=alignments, offset=offsets)
def test_due_is_monotone_in_the_timestamp(
    a: datetime, b: datetime, as_of: datetime, alignment: Alignment, offset: Offset
) -> None:
    earlier, later = sorted((a, b))
    if is_due(later, alignment, offset, as_of):
        assert is_due(earlier, alignment, offset, as_of)


@settings(max_examples=300, deadline=None)
@given(moment=any_instant, a=any_instant, b=any_instant, alignment=alignments, offset=offsets)
def test_due_is_monotone_in_as_of(
    moment: datetime, a: datetime, b: datetime, alignment: Alignment, offset: Offset
) -> None:
    earlier, later = sorted((a, b))
    if is_due(moment, alignment, offset, earlier):
        assert is_due(moment, alignment, offset, later)
    assert exclusive_cutoff(alignment, offset, earlier) <= exclusive_cutoff(
        alignment, offset, later
    )


@settings(max_examples=400, deadline=None)
@given(
    moment=any_instant,
    step=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)),
    alignment=alignments,
    offset=offsets,
)
def test_due_at_never_decreases(
    moment: datetime, step: timedelta, alignment: Alignment, offset: Offset
) -> None:
    assert due_at(moment, alignment, offset) <= due_at(moment + step, alignment, offset)


@settings(max_examples=300, deadline=None)
@given(moment=any_instant, alignment=alignments)
def test_alignment_never_moves_backwards_and_lands_on_a_boundary(
    moment: datetime, alignment: Alignment
) -> None:
    aligned = align(moment, alignment)
    assert aligned >= moment
    if alignment is not Alignment.instant:
        assert aligned > moment
        assert (aligned.hour, aligned.minute, aligned.second, aligned.microsecond) == (0, 0, 0, 0)
