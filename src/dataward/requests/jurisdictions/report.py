"""The deadline table as rows, for ``dataward requests deadlines``, the API and the docs."""

from __future__ import annotations

from dataward.requests.errors import RequestInputError
from dataward.requests.jurisdictions.deadlines import POLICY_LABEL
from dataward.requests.jurisdictions.table import JurisdictionTable, load_table
from dataward.requests.kinds import RequestType


def deadline_rows(
    request_type: str, table: JurisdictionTable | None = None, default_days: int = 30
) -> list[dict[str, str]]:
    try:
        kind = RequestType(request_type)
    except ValueError:
        raise RequestInputError("type", f"unknown request type {request_type!r}") from None
    table = table or load_table()
    rows = []
    for jurisdiction in table:
        clock = jurisdiction.clock_for(kind)
        if clock is not None and clock.period is not None:
            deadline, basis = str(clock.period), "law (verified)"
            extension = f"+{clock.extension}" if clock.extension else clock.extension_rule
        else:
            note = clock.note if clock is not None else f"no statutory deadline for {kind.value}"
            deadline, basis, extension = (
                f"{default_days} calendar days",
                f"{POLICY_LABEL}: {note}",
                "",
            )
        others = [
            f"{other.kind} {other.period} ({', '.join(sorted(t.value for t in other.applies_to))})"
            for other in jurisdiction.clocks
            if other is not clock and other.period is not None
        ]
        rows.append(
            {
                "code": jurisdiction.code,
                "name": jurisdiction.name,
                "deadline": deadline,
                "basis": basis,
                "extension": extension,
                "other": "; ".join(others),
                "roll_forward": "yes" if jurisdiction.roll_forward else "",
            }
        )
    return rows


def markdown_table(request_type: str = "access") -> str:
    """The table as Markdown (docs/requests.md embeds it; a test keeps them equal)."""
    lines = [
        "| code | jurisdiction | deadline | basis | extension | other clocks |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in deadline_rows(request_type):
        cells = [
            row[key].replace("|", "/")
            for key in ("code", "name", "deadline", "basis", "extension", "other")
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


__all__ = ["deadline_rows", "markdown_table"]
