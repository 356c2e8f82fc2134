"""The sweep on a schedule, in the foreground: ``dataward worker --every 1d``.

Each tick loads the policy and inventory afresh, so edits take effect at the next sweep.
A failed sweep is reported and the next tick tries again (a resumable run picks up where
the failed one stopped). cron or a systemd timer calling ``dataward retention run`` do the
same without a long-lived process (docs/retention.md).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> timedelta:
    """``1d``, ``12h``, ``30m``, ``90s`` (or combined: ``1h30m``)."""
    parts = re.findall(r"(\d+)\s*([smhd])", text.strip().lower())
    if not parts or "".join(f"{n}{u}" for n, u in parts) != re.sub(r"\s", "", text.lower()):
        raise ValueError(f"not an interval: {text!r} (use e.g. 1d, 12h, 30m)")
    seconds = sum(int(number) * _UNITS[unit] for number, unit in parts)
    if seconds < 1:
        raise ValueError("the interval must be at least one second")
    return timedelta(seconds=seconds)


def run_every(
    every: timedelta,
    sweep: Callable[[], None],
    *,
    once: bool = False,
    on_error: Callable[[BaseException], None] = lambda error: None,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    ticks: int | None = None,
) -> int:
    """Sweep now and then every ``every`` (measured start to start); returns failures.

    ``once`` sweeps one time and stops. ``ticks`` bounds the loop (tests).
    """
    failures = 0
    done = 0
    while True:
        started = monotonic()
        try:
            sweep()
        except Exception as error:  # a bad sweep must not end the schedule
            failures += 1
            on_error(error)
        done += 1
        if once or (ticks is not None and done >= ticks):
            return failures
        sleep(max(0.0, every.total_seconds() - (monotonic() - started)))
