"""The spaCy name detector: with a tiny model trained here, and with the installed one.

The tiny model is trained in a few seconds from the labelled corpus, so the loading,
windowing and offset code is tested even where no English model package is installed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

spacy = pytest.importorskip("spacy")
from spacy.training import Example  # noqa: E402

from dataward.redact import Analyzer, Redactor  # noqa: E402
from dataward.redact.corpus import generate  # noqa: E402
from dataward.redact.detectors.email import EmailDetector  # noqa: E402
from dataward.redact.detectors.names import (  # noqa: E402
    DEFAULT_MODEL,
    NamesConfig,
    PersonNameDetector,
    candidate_windows,
    model_installed,
)
from dataward.redact.model import Entity  # noqa: E402
from dataward.redact.scoring import score  # noqa: E402

SMALL_NER = {
    "model": {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "hidden_width": 32,
        "maxout_pieces": 2,
        "use_upper": True,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "width": 48, "depth": 2, "embed_size": 2000, "window_size": 1,
            "maxout_pieces": 2, "subword_features": True, "pretrained_vectors": None,
        },
    }
}  # fmt: skip


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blank English pipeline with an NER trained on corpus transcripts and tickets."""
    nlp = spacy.blank("en")
    nlp.add_pipe("ner", config=SMALL_NER).add_label("PERSON")
    examples = []
    for doc in generate(160, seed=3):
        ents = [(s.start, s.end, "PERSON") for s in doc.spans if s.entity is Entity.PERSON]
        examples.append(Example.from_dict(nlp.make_doc(doc.text), {"entities": ents}))
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(6):
        rng.shuffle(examples)
        for start in range(0, len(examples), 16):
            nlp.update(examples[start : start + 16], sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("model") / "tiny_en_ner"
    nlp.to_disk(path)
    return path


def test_loads_a_model_by_path_and_finds_names_with_exact_offsets(tiny_model: Path) -> None:
    detector = PersonNameDetector(NamesConfig(model=str(tiny_model)))
    docs = generate(60, seed=11)
    found = detector.find_batch([doc.text for doc in docs])
    result = score(docs, [[(f.start, f.end, f.entity.value) for f in fs] for fs in found])
    assert (result.recall("PERSON") or 0) > 0.6 and (result.precision("PERSON") or 0) > 0.6
    for doc, findings in zip(docs, found, strict=True):
        for finding in findings:
            value = doc.text[finding.start : finding.end]
            assert value == value.strip() and value[0].isupper()


def test_names_are_read_with_other_findings_masked(tiny_model: Path) -> None:
    detector = PersonNameDetector(NamesConfig(model=str(tiny_model)))
    redactor = Redactor(Analyzer([EmailDetector(), detector]))
    text = "Interviewer: Thanks, Marta Binaghi. We'll send the voucher to marta@example.net."
    redacted = redactor.redact(text).text
    assert "marta@example.net" not in redacted and "<EMAIL>" in redacted


def test_windows_cover_capitalised_words_and_skip_plain_prose() -> None:
    assert candidate_windows("the printer is broken again and nobody cares") == []
    text = "yesterday the printer broke and Ana Horvat from billing called about it"
    ((start, end),) = candidate_windows(text)
    assert start <= text.index("Ana") and end >= text.index("Horvat") + len("Horvat")
    assert candidate_windows("Thanks. The Printer") == [(0, len("Thanks. The Printer"))]


@pytest.mark.skipif(not model_installed(DEFAULT_MODEL), reason="names model not installed")
def test_the_installed_english_model_finds_people_not_products() -> None:
    detector = PersonNameDetector()
    text = "Hi, this is Maria Kovačić. My colleague John Smith uses the Android app."
    found = {text[f.start : f.end] for f in detector.find(text)}
    assert {"Maria Kovačić", "John Smith"} <= found and "Android" not in found


class _RecordingPipeline:
    """Stands in for spaCy: records what the model would read and finds nothing."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def pipe(self, texts: Iterable[str], batch_size: int) -> Iterator[SimpleNamespace]:
        for text in texts:
            self.read.append(text)
            yield SimpleNamespace(ents=())


def test_acronyms_and_known_names_are_no_candidates() -> None:
    assert candidate_windows("the IBAN and the SMS code arrived") == []
    text = "yesterday Ana Horvat called"
    known = [(text.index("Ana Horvat"), text.index("Ana Horvat") + len("Ana Horvat"))]
    assert candidate_windows(text, known) == []


def test_speaker_names_are_found_everywhere_in_a_transcript_without_the_model() -> None:
    nlp = _RecordingPipeline()
    detector = PersonNameDetector(nlp=nlp)  # type: ignore[arg-type]
    text = (
        "Interviewer: Could you introduce yourself?\n"
        "Ana Horvat: Sure, I'm Ana Horvat and I work at Acme.\n"
        "Interviewer: Thanks, Ana Horvat."
    )
    found = [text[f.start : f.end] for f in detector.find(text)]
    assert found.count("Ana Horvat") == 3
    assert not any("Ana Horvat" in piece for piece in nlp.read)
    assert any("Acme" in piece for piece in nlp.read)
