"""Country addenda for the rendered notice: authority, deadline and local rights per law.

The notice renderer stays pure and knows nothing of requests: whoever renders (the API,
the CLI) calls :func:`addenda` and hands the data over. Each addendum says whether its
deadline is the law's (with the citation) or the company's default ("policy, not law").
"""

from __future__ import annotations

from dataclasses import dataclass

from dataward.policy.model import Policy
from dataward.requests.jurisdictions.periods import Period, Unit
from dataward.requests.jurisdictions.table import JurisdictionTable, load_table
from dataward.requests.kinds import RequestType

DEFAULT_PERIOD = Period(30, Unit.calendar_days)


@dataclass(frozen=True)
class Addendum:
    code: str
    name: str
    law: str
    authority: str
    deadline: str  # "1 month" / "30 calendar days"
    basis: str  # "law" or "policy"
    citation: str  # the law's words, or why the company default applies
    extension: str  # "up to 2 months more" / "" when none
    local_rights: tuple[str, ...]  # rights this law adds to those the notice lists
    verified: bool
    sources: tuple[str, ...]


def _local_rights(rights: tuple[str, ...], general: set[str]) -> tuple[str, ...]:
    local = []
    for right in rights:
        name = right.removeprefix("extra:")
        if name not in general:
            local.append(name.replace("_", " "))
    return tuple(local)


def addenda(
    policy: Policy, table: JurisdictionTable | None = None, default: Period = DEFAULT_PERIOD
) -> list[Addendum]:
    """One addendum per jurisdiction of the table, in the table's order."""
    table = table or load_table()
    general = {statement.right.value for statement in policy.rights}
    result = []
    for jurisdiction in table:
        clock = jurisdiction.clock_for(RequestType.access)
        if clock is not None and clock.period is not None:
            deadline, basis, citation = str(clock.period), "law", clock.citation
            extension = f"up to {clock.extension} more" if clock.extension else ""
        else:
            why = clock.note if clock is not None else "no statutory deadline"
            deadline, basis, citation = str(default), "policy", f"policy, not law: {why}"
            extension = ""
        sources = tuple(clock.source for clock in jurisdiction.clocks if clock.source)
        result.append(
            Addendum(
                code=jurisdiction.code,
                name=jurisdiction.name,
                law=jurisdiction.law,
                authority=jurisdiction.authority,
                deadline=deadline,
                basis=basis,
                citation=citation,
                extension=extension,
                local_rights=_local_rights(jurisdiction.rights, general),
                verified=jurisdiction.verified,
                sources=sources,
            )
        )
    return result
