"""Scales, and the heavy end-users that make a data-subject request about them big."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dataward.demo.scale import Scale
from dataward.demo.systems.traffic import Traffic
from dataward.demo.timeline import Timeline
from dataward.demo.world import World


@pytest.mark.parametrize(
    ("text", "cdrs"),
    [
        ("tiny", 2_000),
        ("small", 100_000),
        ("LARGE", 10_000_000),
        ("250000", 250_000),
        ("2_500_000", 2_500_000),
    ],
)
def test_a_scale_is_named_or_a_number_of_cdrs(text: str, cdrs: int) -> None:
    assert Scale.parse(text).cdrs == cdrs


@pytest.mark.parametrize("text", ["huge", "12.5", "10", "-5", "3000000000"])
def test_other_scales_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="scale must be"):
        Scale.parse(text)


def test_small_has_heavy_end_users_with_10000_cdrs_each() -> None:
    world = World.build(42, Scale.parse("small"), Timeline(date(2025, 6, 30)))
    phones: Counter[str | None] = Counter()
    total = 0
    for table, rows in Traffic(world).batches():
        if table == "cdrs":
            phones.update(row[7] for row in rows)  # end_user_phone
            total += len(rows)
    heavy = [person.phone for person in world.population.featured[:3]]
    assert total == 100_000
    assert all(phones[phone] >= 10_000 for phone in heavy)
    assert {phone for phone, _ in phones.most_common(4) if phone} >= set(heavy)


def test_a_history_that_ends_on_29_february_starts_on_28_february() -> None:
    timeline = Timeline(date(2024, 2, 29))
    assert timeline.start.date() == date(2012, 2, 28)
    assert timeline.month_starts()[1].date() == date(2012, 3, 1)
