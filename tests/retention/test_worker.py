"""The worker's schedule: intervals, start-to-start timing, a failed sweep does not stop it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dataward.retention.worker import parse_every, run_every


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1d", 86400), ("12h", 43200), ("30m", 1800), ("90s", 90), ("1h30m", 5400)],
)
def test_intervals(text: str, seconds: int) -> None:
    assert parse_every(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "1w", "daily", "0s", "5"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(ValueError):
        parse_every(text)


def test_sleeps_the_rest_of_the_interval_and_survives_a_failure() -> None:
    clock = iter([0.0, 10.0, 100.0, 130.0, 200.0, 201.0])
    slept: list[float] = []
    calls: list[int] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database down")

    failures = run_every(
        timedelta(seconds=60),
        sweep,
        on_error=errors.append,
        sleep=slept.append,
        monotonic=lambda: next(clock),
        ticks=3,
    )
    assert len(calls) == 3 and failures == 1 and str(errors[0]) == "database down"
    assert slept == [50.0, 30.0]
