"""The in-memory suppression index: a sorted array of 64-bit hash prefixes.

100 million contacts must fit in a few GB: a Python set of ints costs ~60 bytes a member,
a sorted ``uint64`` array 8. Lookups are binary searches (``np.searchsorted``), vectorised for
a bulk check. Additions go to a small frozen set first and are merged into the array once it
grows, so a single unsubscribe does not copy 100 million entries. Removals (a contact who
subscribes again, rare) copy the array.

Only the first 8 bytes of each HMAC are kept. Two contacts sharing a prefix (odds ~n/2^64
per lookup: 1 in 1.8 billion at 10 million entries) make the second one look suppressed,
which errs on the safe side: a message not sent, never an unsubscribed person contacted.

Readers take no lock: every change builds a new ``_Snapshot`` and swaps one reference, so a
reader sees the index before or after a change, never half of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

T = TypeVar("T", bound=np.generic)

Hashes = npt.NDArray[np.uint64]
EMPTY: Hashes = np.zeros(0, dtype=np.uint64)
# Merge the recent additions into the array past this many: a merge costs one pass over the
# array (~30 ms at 10 million), a lookup in the frozen set nothing measurable.
MERGE_AT = 4096


@dataclass(frozen=True, slots=True)
class _Snapshot:
    base: Hashes  # sorted, unique
    recent: frozenset[int]  # not in base


def sorted_unique(values: npt.NDArray[T]) -> npt.NDArray[T]:
    """Sorted distinct values. ``np.unique`` is not used: numpy 2 answers it with a hash
    table that took 12 s for 10 million integers here, where a sort takes 0.1 s."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def as_hashes(values: Iterable[int] | Hashes) -> Hashes:
    if isinstance(values, np.ndarray):
        return values.astype(np.uint64, copy=False)
    return np.fromiter(values, dtype=np.uint64)


class SuppressionIndex:
    def __init__(self, hashes: Iterable[int] | Hashes = ()) -> None:
        self._snap = _Snapshot(sorted_unique(as_hashes(hashes)), frozenset())

    def __len__(self) -> int:
        snap = self._snap
        return len(snap.base) + len(snap.recent)

    @property
    def nbytes(self) -> int:
        """Memory held: the array, plus the recent set (~90 bytes a member in CPython)."""
        snap = self._snap
        return snap.base.nbytes + 90 * len(snap.recent)

    def __contains__(self, value: int) -> bool:
        snap = self._snap
        if value in snap.recent:
            return True
        base = snap.base
        if not len(base):
            return False
        # Search with a numpy scalar: a Python int makes numpy convert the whole array.
        probe = np.uint64(value)
        position = int(base.searchsorted(probe))
        return position < len(base) and base[position] == probe

    def contains_many(self, values: Hashes) -> npt.NDArray[np.bool_]:
        """Membership of each value, vectorised; sorting first keeps the searches cache-warm."""
        values = as_hashes(values)
        snap = self._snap
        found = np.zeros(len(values), dtype=bool)
        if len(snap.base) and len(values):
            order = np.argsort(values)
            ordered = values[order]
            positions = np.searchsorted(snap.base, ordered)
            np.minimum(positions, len(snap.base) - 1, out=positions)
            found[order] = snap.base[positions] == ordered
        if snap.recent:
            found |= np.isin(values, _array(snap.recent))
        return found

    def add(self, values: Iterable[int] | Hashes) -> int:
        """Add hashes; returns how many were new. Callers serialise writers (readers need not)."""
        snap = self._snap
        fresh = sorted_unique(as_hashes(values))
        if not len(fresh):
            return 0
        if len(snap.base):
            positions = np.minimum(np.searchsorted(snap.base, fresh), len(snap.base) - 1)
            fresh = fresh[snap.base[positions] != fresh]
        recent = _array(snap.recent)
        if len(recent):
            fresh = fresh[~np.isin(fresh, recent)]
        if not len(fresh):
            return 0
        if len(recent) + len(fresh) < MERGE_AT:
            self._snap = _Snapshot(snap.base, snap.recent.union(fresh.tolist()))
        else:
            pending = sorted_unique(np.concatenate([recent, fresh]))
            self._snap = _Snapshot(_merge(snap.base, pending), frozenset())
        return len(fresh)

    def discard(self, values: Iterable[int] | Hashes) -> int:
        """Remove hashes (a contact subscribed again); returns how many were held.

        Rare, so a removal from the array simply copies it: one pass, like a merge.
        """
        snap = self._snap
        gone = sorted_unique(as_hashes(values))
        if not len(gone):
            return 0
        recent = snap.recent.difference(gone.tolist())
        base = snap.base
        if len(base):
            positions = np.minimum(np.searchsorted(base, gone), len(base) - 1)
            base = np.delete(base, positions[base[positions] == gone])
        removed = len(snap.recent) - len(recent) + len(snap.base) - len(base)
        if removed:
            self._snap = _Snapshot(base, recent)
        return removed


def _array(values: frozenset[int]) -> Hashes:
    return np.fromiter(values, dtype=np.uint64, count=len(values))


def _merge(base: Hashes, extra: Hashes) -> Hashes:
    """Sorted union of a sorted unique array and sorted new values not in it, in O(n)."""
    return np.insert(base, np.searchsorted(base, extra), extra)
