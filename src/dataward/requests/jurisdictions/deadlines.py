"""A request's deadlines: which clock of which law applies, and when it runs out.

Every deadline says where it comes from. ``basis="law"`` carries the citation and source
of a verified figure; ``basis="policy"`` is the company default (30 calendar days unless
configured), used where the law sets no number, the figure is unverified, or the country
has no entry, and it is labelled "policy, not law" wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dataward.requests.errors import ExtensionError
from dataward.requests.jurisdictions.holidays import CalendarRegistry
from dataward.requests.jurisdictions.periods import Period, Unit, due_at
from dataward.requests.jurisdictions.table import Clock, Jurisdiction, JurisdictionTable
from dataward.requests.kinds import RequestType

POLICY_LABEL = "policy, not law"


@dataclass(frozen=True)
class DeadlineRules:
    """The company's own defaults, applied where the law gives no usable number."""

    default: Period
    default_extension: Period | None
    calendars: CalendarRegistry


@dataclass(frozen=True)
class Deadline:
    kind: str  # "response" or "acknowledgement"
    jurisdiction: str | None
    clock: str
    period: Period
    due_at: datetime
    basis: str  # "law" or "policy"
    citation: str
    source: str
    note: str
    extension_cap: Period | None  # None: no extension allowed
    extension_rule: str

    @property
    def label(self) -> str:
        return f"law: {self.citation}" if self.basis == "law" else POLICY_LABEL

    def as_dict(self) -> dict[str, Any]:
        cap = self.extension_cap
        return {
            "kind": self.kind,
            "jurisdiction": self.jurisdiction,
            "clock": self.clock,
            "period": {"value": self.period.value, "unit": self.period.unit.value},
            "due_at": self.due_at.isoformat(),
            "basis": self.basis,
            "label": self.label,
            "citation": self.citation,
            "source": self.source,
            "note": self.note,
            "extension_cap": {"value": cap.value, "unit": cap.unit.value} if cap else None,
            "extension_rule": self.extension_rule,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deadline:
        cap = data.get("extension_cap")
        return cls(
            kind=data["kind"],
            jurisdiction=data.get("jurisdiction"),
            clock=data["clock"],
            period=Period(data["period"]["value"], Unit(data["period"]["unit"])),
            due_at=datetime.fromisoformat(data["due_at"]),
            basis=data["basis"],
            citation=data.get("citation", ""),
            source=data.get("source", ""),
            note=data.get("note", ""),
            extension_cap=Period(cap["value"], Unit(cap["unit"])) if cap else None,
            extension_rule=data.get("extension_rule", "none"),
        )


def _from_clock(
    clock: Clock, jurisdiction: Jurisdiction, received_at: datetime, rules: DeadlineRules
) -> Deadline:
    assert clock.period is not None
    return Deadline(
        kind=clock.kind,
        jurisdiction=jurisdiction.code,
        clock=clock.id,
        period=clock.period,
        due_at=due_at(
            clock.period,
            received_at,
            rules.calendars.get(jurisdiction.code),
            roll_forward=jurisdiction.roll_forward,
        ),
        basis="law",
        citation=clock.citation,
        source=clock.source,
        note=clock.note,
        extension_cap=clock.extension if clock.extension_rule == "fixed" else None,
        extension_rule=clock.extension_rule,
    )


def _policy(
    jurisdiction: Jurisdiction | None, note: str, received_at: datetime, rules: DeadlineRules
) -> Deadline:
    code = jurisdiction.code if jurisdiction else None
    return Deadline(
        kind="response",
        jurisdiction=code,
        clock="company_default",
        period=rules.default,
        due_at=due_at(rules.default, received_at, rules.calendars.get(code or "")),
        basis="policy",
        citation="",
        source="",
        note=note,
        extension_cap=rules.default_extension,
        extension_rule="fixed" if rules.default_extension else "none",
    )


def deadlines_for(
    table: JurisdictionTable,
    code: str,
    request_type: RequestType,
    received_at: datetime,
    rules: DeadlineRules,
) -> list[Deadline]:
    """The response deadline first, then any acknowledgement deadline the law sets."""
    jurisdiction = table.get(code)
    if jurisdiction is None:
        return [_policy(None, f"no entry for {code} in the jurisdiction table", received_at, rules)]
    clock = jurisdiction.clock_for(request_type)
    if clock is None:
        note = f"{jurisdiction.name}: no statutory deadline for {request_type.value} requests"
        response = _policy(jurisdiction, note, received_at, rules)
    elif clock.period is None:
        note = f"{jurisdiction.name}: {clock.note}" + (
            f" ({clock.citation})" if clock.citation else ""
        )
        response = _policy(jurisdiction, note, received_at, rules)
    else:
        response = _from_clock(clock, jurisdiction, received_at, rules)
    deadlines = [response]
    acknowledgement = jurisdiction.clock_for(request_type, "acknowledgement")
    if acknowledgement is not None and acknowledgement.period is not None:
        deadlines.append(_from_clock(acknowledgement, jurisdiction, received_at, rules))
    return deadlines


def due_after(
    deadline: Deadline, start: datetime, extension: int, rules: DeadlineRules, roll_forward: bool
) -> datetime:
    """The deadline's end counted from ``start``, lengthened by ``extension`` of its units."""
    period = Period(deadline.period.value + extension, deadline.period.unit)
    calendar = rules.calendars.get(deadline.jurisdiction or "")
    return due_at(period, start, calendar, roll_forward=roll_forward)


def paused_for(paused_at: datetime, resumed_at: datetime, unit: Unit) -> timedelta:
    """How far a pause moves a clock: the exact time for one counted in hours, else whole
    days, from the day it stopped to the day it restarted (a pause within one day moves
    nothing: that day was counted anyway)."""
    if unit is Unit.hours:
        return resumed_at - paused_at
    return timedelta(
        days=(resumed_at.astimezone(UTC).date() - paused_at.astimezone(UTC).date()).days
    )


def extended_due_at(
    deadline: Deadline,
    start: datetime,
    already: int,
    by: int | None,
    now: datetime,
    current_due: datetime,
    rules: DeadlineRules,
    roll_forward: bool = False,
) -> tuple[int, datetime]:
    """(total extension, new due) after extending by ``by`` units (default: what is left).

    ``start``: when the clock started (receipt, moved later by the time it was paused).
    The notice rule of every law in the table is that the requester hears of the extension
    within the original period, so an overdue request cannot be extended.
    """
    cap = deadline.extension_cap
    if cap is None:
        why = {
            "unverified": "the extension allowed by this law is unverified: ask counsel",
            "none": "this law (or the company policy) allows no extension",
        }
        raise ExtensionError(why.get(deadline.extension_rule, why["none"]))
    if now >= current_due:
        raise ExtensionError("the deadline has passed: extensions must be notified before it")
    left = cap.value - already
    step = left if by is None else by
    if step <= 0 or step > left:
        raise ExtensionError(f"the extension can add at most {left} more ({cap} in all)")
    total = already + step
    if cap.unit != deadline.period.unit:
        raise ExtensionError(
            f"cannot add {cap.unit} to a deadline counted in {deadline.period.unit}"
        )
    return total, due_after(deadline, start, total, rules, roll_forward)
