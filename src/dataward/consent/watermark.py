"""Reading only the rows added since last time, without missing a late commit.

"Rows with ``id`` above the highest seen" misses rows on PostgreSQL: transaction A takes id
100, B takes 101 and commits first; a reader then sees 101, and A's row 100 commits below the
watermark. So every hole below the watermark is remembered as a *gap* and read again until it
fills or grows old (a rolled-back insert leaves a hole forever). Re-reading a row must be
harmless: every consumer applies rows idempotently.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from dataward.consent.hashindex import sorted_unique

# How long a hole may stay open: longer than any transaction that inserts (a 10-million-row
# import commits within minutes). An empty gap costs one index probe per refresh.
GAP_TTL_SECONDS = 3600.0
MAX_GAPS = 1000


@dataclass
class Gap:
    low: int
    high: int
    seen_at: float

    @property
    def size(self) -> int:
        return self.high - self.low + 1


@dataclass
class IdWatermark:
    high: int = 0
    gaps: list[Gap] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic

    def pending(self, column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        """The rows not read yet: above the watermark, or inside a gap."""
        conditions = [column > self.high]
        conditions += [and_(column >= gap.low, column <= gap.high) for gap in self.gaps]
        return or_(*conditions)

    def advance(self, ids: npt.ArrayLike) -> None:
        """Record that the rows with ``ids`` were read (in any order)."""
        now = self.clock()
        seen = sorted_unique(np.asarray(ids, dtype=np.int64))
        self.gaps = [
            gap
            for gap in self.gaps
            if not _filled(gap, seen) and now - gap.seen_at < GAP_TTL_SECONDS
        ]
        fresh = seen[seen > self.high]
        if len(fresh):
            edges = np.concatenate(([self.high], fresh))
            for position in np.flatnonzero(np.diff(edges) > 1):
                low, high = int(edges[position]) + 1, int(edges[position + 1]) - 1
                self.gaps.append(Gap(low, high, now))
            self.high = int(fresh[-1])
        del self.gaps[:-MAX_GAPS]


def _filled(gap: Gap, seen: npt.NDArray[np.int64]) -> bool:
    inside = np.searchsorted(seen, gap.high, side="right") - np.searchsorted(seen, gap.low)
    return bool(inside >= gap.size)
