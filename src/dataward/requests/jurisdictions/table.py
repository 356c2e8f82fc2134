"""The jurisdiction table: the reference data (copied verbatim) plus its structured reading.

``data/jurisdictions.yaml`` is a copy of the shared reference table, sources and all;
``data/clocks.yaml`` says which request types each law's deadline covers and adds the
second clocks the reference writes in prose. :func:`load_table` joins them into frozen
:class:`Jurisdiction` values. A deadline without a number, or one the reference marks
``verified: false``, becomes a clock with ``period=None`` and a note: the company default
applies there, labelled as policy (see :mod:`.deadlines`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from dataward.requests.jurisdictions.periods import Period, Unit
from dataward.requests.jurisdictions.public_holidays import HolidaySource
from dataward.requests.kinds import RequestType

ALL_TYPES = frozenset(RequestType)


@dataclass(frozen=True)
class Clock:
    """One deadline of one law: which request types it covers and how long it runs."""

    id: str
    kind: str  # "response" or "acknowledgement"
    applies_to: frozenset[RequestType]
    period: Period | None  # None: the law sets no usable number (see ``note``)
    verified: bool
    citation: str
    source: str
    extension: Period | None = None
    # "none": the law provides no extension; "fixed": up to ``extension``; "unverified".
    extension_rule: str = "none"
    extension_condition: str = ""
    note: str = ""


@dataclass(frozen=True)
class PauseRule:
    """The law lets the response clock stop while the controller awaits what it asked for."""

    condition: str
    citation: str
    source: str


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    law: str
    authority: str
    rights: tuple[str, ...]
    verified: bool
    notes: str
    clocks: tuple[Clock, ...] = ()
    roll_forward: bool = False
    other_deadlines: tuple[str, ...] = field(default=())
    holidays: HolidaySource | None = None  # whose public holidays business days skip
    pause: PauseRule | None = None  # None: the law's clock never stops

    def clock_for(self, request_type: RequestType, kind: str = "response") -> Clock | None:
        for clock in self.clocks:
            if clock.kind == kind and request_type in clock.applies_to:
                return clock
        return None


def _read(name: str) -> Any:
    text = resources.files("dataward.requests.jurisdictions").joinpath("data", name).read_text()
    return YAML(typ="safe").load(text)


def _period(spec: dict[str, Any] | None) -> tuple[Period | None, str]:
    """A period, or None with the reason it is unusable ("none", "unverified", ...)."""
    if not spec:
        return None, "none"
    value, unit = spec.get("value"), spec.get("unit")
    if isinstance(value, int) and isinstance(unit, str) and unit in Unit.__members__:
        return Period(value, Unit(unit)), "fixed"
    return None, "unverified" if value == "unverified" else "none"


def _types(spec: Any) -> frozenset[RequestType]:
    if spec == "all":
        return ALL_TYPES
    return frozenset(RequestType(item) for item in spec)


def _main_clock(entry: dict[str, Any], overlay: dict[str, Any]) -> Clock:
    deadline = entry.get("response_deadline") or {}
    period, state = _period(deadline)
    extension, extension_rule = _period(entry.get("extension"))
    verified = bool(entry.get("verified")) and period is not None
    note = ""
    if period is None:
        note = "the law sets no number" if state == "none" else "the figure is unverified"
    elif not verified:
        note = f"reported as {period}, not verified"
    return Clock(
        id="response",
        kind="response",
        applies_to=_types(overlay.get("applies_to", "all")),
        period=period if verified else None,
        verified=verified,
        citation=str(deadline.get("citation", "")),
        source=str(deadline.get("source", "")),
        extension=extension,
        extension_rule=extension_rule,
        extension_condition=str((entry.get("extension") or {}).get("condition", "")),
        note=note,
    )


def _extra_clock(spec: dict[str, Any]) -> Clock:
    period, _ = _period(spec["deadline"])
    extension, extension_rule = _period(spec.get("extension"))
    verified = bool(spec.get("verified")) and period is not None
    return Clock(
        id=spec["id"],
        kind=spec.get("kind", "response"),
        applies_to=_types(spec["applies_to"]),
        period=period if verified else None,
        verified=verified,
        citation=spec["citation"],
        source=spec["source"],
        extension=extension,
        extension_rule=extension_rule,
        note="" if verified else f"reported as {period}, not verified",
    )


def _holidays(spec: dict[str, str] | None) -> HolidaySource | None:
    return HolidaySource(spec["country"], spec.get("subdivision")) if spec else None


def _jurisdiction(entry: dict[str, Any], overlay: dict[str, Any]) -> Jurisdiction:
    # Extra clocks come first: they name their request types more narrowly than the main one.
    clocks = [_extra_clock(spec) for spec in overlay.get("clocks", [])]
    clocks.append(_main_clock(entry, overlay))
    return Jurisdiction(
        code=entry["code"],
        name=entry["name"],
        law=entry["law"],
        authority=entry["authority"],
        rights=tuple(entry.get("rights") or ()),
        verified=bool(entry.get("verified")),
        notes=str(entry.get("notes", "")),
        clocks=tuple(clocks),
        roll_forward=bool(overlay.get("roll_forward", False)),
        other_deadlines=tuple(entry.get("other_deadlines") or ()),
        holidays=_holidays(overlay.get("holidays")),
        pause=PauseRule(**overlay["pause"]) if overlay.get("pause") else None,
    )


@dataclass(frozen=True)
class JurisdictionTable:
    jurisdictions: dict[str, Jurisdiction]
    weekends: dict[str, tuple[str, ...]]

    def get(self, code: str) -> Jurisdiction | None:
        return self.jurisdictions.get(code)

    def __iter__(self) -> Iterator[Jurisdiction]:
        return iter(self.jurisdictions.values())


@cache
def load_table() -> JurisdictionTable:
    """The packaged table (read once per process; the values are frozen)."""
    reference = _read("jurisdictions.yaml")["jurisdictions"]
    overlay = _read("clocks.yaml")
    by_code = overlay.get("jurisdictions", {})
    table = {
        entry["code"]: _jurisdiction(entry, by_code.get(entry["code"], {})) for entry in reference
    }
    weekends = {code: tuple(days) for code, days in overlay.get("weekends", {}).items()}
    return JurisdictionTable(table, weekends)
