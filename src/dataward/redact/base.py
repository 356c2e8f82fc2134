"""The detector interface: a small class with a ``name``, an entity and a typed config.

Presidio-style: defaults live in class attributes, and each detector overrides one hook,
:meth:`Detector.find`, which yields findings for a text. Configs are pydantic models that
reject unknown keys, so a typo in a settings file fails at load time, not silently.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field

from dataward.redact.model import Entity, Finding


class DetectorConfig(BaseModel):
    """Options every detector has; subclasses add their own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    # Findings scoring below this are dropped (scores are the detector's confidence).
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)


ConfigT = TypeVar("ConfigT", bound=DetectorConfig)


class Detector(ABC, Generic[ConfigT]):
    """Finds one kind of personal data in free text."""

    name: ClassVar[str]
    entity: ClassVar[Entity]
    config_model: ClassVar[type[DetectorConfig]] = DetectorConfig
    score: ClassVar[float] = 0.9
    # Read the text with the other detectors' findings masked out (same length, one
    # token each): a name model then spends nothing on an IBAN's six groups of digits.
    reads_masked: ClassVar[bool] = False

    def __init__(self, config: ConfigT | None = None) -> None:
        self.config: ConfigT = config if config is not None else cast(ConfigT, self.config_model())

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Detector[Any]:
        """Build from untyped settings (YAML, CLI); raises pydantic's ValidationError."""
        return cls(cast(ConfigT, cls.config_model.model_validate(dict(options))))

    @abstractmethod
    def find(self, text: str) -> Iterator[Finding]:
        """Every occurrence in ``text``; overlaps with other detectors are resolved later."""

    def find_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Findings per text; detectors with a per-call cost (a model) batch here."""
        return [list(self.find(text)) for text in texts]

    def finding(self, start: int, end: int, score: float | None = None) -> Finding:
        return Finding(start, end, self.entity, self.name, self.score if score is None else score)


def starts_word(text: str, start: int, also: str = "") -> bool:
    """Whether nothing word-like is glued before ``start``.

    Detectors check this in Python instead of opening their regex with ``\\b`` or a
    lookbehind: a regex that starts with a plain character class lets the regex engine
    skip ahead quickly, which makes the scan several times faster.
    """
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in also)


def one_of(words: Iterable[str]) -> str:
    """A regex for any of ``words`` (plain text), the first that fits where several do.

    The words are grouped by first character (``"b(?:orn|\\.)|d(?:ob)"``): the regex engine
    tries the alternatives of a group one after the other, so at each place it compares a
    character per group instead of one per word. Words that start differently never fit
    at the same place, so the grouping changes no match.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


def backwards(words: str) -> str:
    """``"no|no."`` as a regex for any of the words spelt backwards, for :class:`Cue`."""
    return one_of(word[::-1] for word in words.split("|"))


class Cue:
    """Words ("order", "tel", "DOB") of which one must stand just before a finding.

    One of ``words`` ("order|ticket", lower case) must end the lower-cased ``width``
    characters before the finding, followed only by what ``gap`` allows: a regex read
    backwards from the finding (spell its words with :func:`backwards`). A line break just
    before the finding comes before the gap: a cue on the line above counts ("DOB:\\n…").

    The check reads that context backwards too: a search forwards would try the cue words
    at each of its positions in turn, while read from the finding the match has one place
    to start, which makes it several times faster.
    """

    def __init__(self, words: str, gap: str = "", width: int = 40) -> None:
        self.width = width
        self._backwards = re.compile(rf"\n?{gap}(?:{backwards(words)})\b")

    def before(self, text: str, start: int) -> bool:
        context = text[max(0, start - self.width) : start].lower()
        return self._backwards.match(context[::-1]) is not None
