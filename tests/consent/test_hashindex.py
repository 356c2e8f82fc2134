"""The numpy suppression index answers exactly like a Python set, whatever is added when."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dataward.consent import hashindex
from dataward.consent.hashindex import SuppressionIndex

# Small values collide often (duplicates, repeats); large ones reach the top of uint64.
values = st.one_of(st.integers(0, 50), st.integers(0, 2**64 - 1))


@settings(max_examples=200, deadline=None)
@given(
    initial=st.lists(values, max_size=40),
    batches=st.lists(st.lists(values, max_size=30), max_size=6),
    probes=st.lists(values, max_size=40),
    merge_at=st.sampled_from([1, 4, 64, 4096]),
)
def test_the_index_answers_like_a_set(
    initial: list[int], batches: list[list[int]], probes: list[int], merge_at: int
) -> None:
    original = hashindex.MERGE_AT
    hashindex.MERGE_AT = merge_at  # exercise both the recent set and the merged array
    try:
        index = SuppressionIndex(initial)
        expected = set(initial)
        for batch in batches:
            assert index.add(batch) == len(set(batch) - expected)
            expected |= set(batch)
            assert len(index) == len(expected)
        everything = [*probes, *expected]
        assert [value in index for value in everything] == [v in expected for v in everything]
        many = index.contains_many(np.array(everything, dtype=np.uint64))
        assert many.tolist() == [value in expected for value in everything]
    finally:
        hashindex.MERGE_AT = original


def test_memory_is_eight_bytes_a_contact_once_merged() -> None:
    index = SuppressionIndex(np.arange(1_000_000, dtype=np.uint64) * 7919)
    assert index.nbytes == 8_000_000
    index.add([1, 2, 3])
    assert index.nbytes < 8_000_000 + 1000
