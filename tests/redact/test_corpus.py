"""The labelled corpus is consistent, reproducible, and the structured detectors score on it."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys

from dataward.redact import build_redactor
from dataward.redact.corpus import generate
from dataward.redact.model import Entity
from dataward.redact.scoring import score


def test_spans_point_at_their_values_and_never_overlap() -> None:
    for doc in generate(90, seed=5, filler=3):
        for span in doc.spans:
            value = doc.text[span.start : span.end]
            assert value and value == value.strip(), (doc.kind, value)
        ordered = sorted(doc.spans, key=lambda s: s.start)
        assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))


def test_the_same_seed_gives_the_same_corpus() -> None:
    assert generate(12, seed=9) == generate(12, seed=9)
    assert generate(12, seed=9) != generate(12, seed=10)


def test_structured_detectors_on_a_fresh_seed() -> None:
    # A regression guard on a seed the detectors were not tuned on; see docs/redaction.md
    # for why this corpus flatters any detector written against it.
    docs = generate(240, seed=2024)
    analyzer = build_redactor(names="off").analyzer
    predicted = [[(f.start, f.end, f.entity.value) for f in analyzer.analyze(d.text)] for d in docs]
    result = score(docs, predicted)
    for entity in Entity:
        if entity in {Entity.PERSON, Entity.IDENTIFIER} or not result.gold[entity.value]:
            continue
        assert (result.precision(entity.value) or 0) >= 0.97, entity
        assert (result.recall(entity.value) or 0) >= 0.9, entity


def test_a_seed_gives_the_same_corpus_in_every_process() -> None:
    """Benchmarks compare runs made in different processes: the hash seed must not matter."""
    program = (
        "import hashlib; from dataward.redact.corpus import generate; "
        "print(hashlib.sha256(''.join(d.text for d in generate(64, seed=7)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
