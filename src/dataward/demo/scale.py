"""How big the demo company is: one number, the CDR rows, and everything sized from it.

The CDR table is what grows in a real messaging company, so the scale is its row count;
the number of people (and with them customers, subscribers, applicants…) grows with its
square root, so ``large`` is a big traffic table over a population that still builds in
seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NAMED_SCALES = {"tiny": 2_000, "small": 100_000, "large": 10_000_000}
MAX_CDRS = 2_000_000_000


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


@dataclass(frozen=True)
class Scale:
    """Row counts of the demo; ``cdrs`` is exact, the rest follow from it."""

    name: str
    cdrs: int

    @classmethod
    def parse(cls, text: str) -> Scale:
        """``tiny``, ``small``, ``large`` or a CDR row count (``250000``, ``2_500_000``)."""
        key = text.strip().lower()
        if key in NAMED_SCALES:
            return cls(key, NAMED_SCALES[key])
        try:
            cdrs = int(key)
        except ValueError:
            names = ", ".join(NAMED_SCALES)
            message = f"scale must be one of {names} or a number of CDRs, not {text!r}"
            raise ValueError(message) from None
        if not 100 <= cdrs <= MAX_CDRS:
            raise ValueError(f"scale must be between 100 and {MAX_CDRS:_} CDRs, not {cdrs:_}")
        return cls(str(cdrs), cdrs)

    @property
    def people(self) -> int:
        """The shared population: every person in every system is one of these."""
        return _clamp(6 * math.sqrt(self.cdrs), 200, 20_000)

    @property
    def customers(self) -> int:
        return max(16, self.people // 10)

    @property
    def end_users(self) -> int:
        """Phone numbers and addresses that receive customers' messages (CDR end-users)."""
        return _clamp(self.cdrs / 50, 300, 200_000)

    @property
    def activity_logs(self) -> int:
        """Rows of usage logs and of page views each."""
        return _clamp(self.cdrs / 10, 400, 400_000)

    @property
    def heavy_users(self) -> int:
        return 2 if self.cdrs < 100_000 else (3 if self.cdrs < 1_000_000 else 5)

    @property
    def heavy_rows(self) -> int:
        """CDRs of each heavy end-user: 10,000+ from ``small`` up, a twentieth below."""
        if self.cdrs < 100_000:
            return self.cdrs // 20
        return max(10_000, self.cdrs // 500)

    def share(self, divisor: int, minimum: int) -> int:
        """A count proportional to the population (``people // divisor``, at least minimum)."""
        return max(minimum, self.people // divisor)
