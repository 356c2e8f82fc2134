"""Jurisdictions: the reference table of data-protection laws, and deadlines computed from it.

``data/jurisdictions.yaml`` is a verbatim copy of the shared reference (21 jurisdictions
with law, citation and source); ``data/clocks.yaml`` reads its prose into data. Pure: no
I/O beyond reading the packaged files, no settings.
"""

from dataward.requests.jurisdictions.addenda import Addendum, addenda
from dataward.requests.jurisdictions.countries import jurisdiction_code, normalise_country
from dataward.requests.jurisdictions.deadlines import (
    POLICY_LABEL,
    Deadline,
    DeadlineRules,
    deadlines_for,
    extended_due_at,
)
from dataward.requests.jurisdictions.holidays import CalendarRegistry, WeekendCalendar
from dataward.requests.jurisdictions.periods import Period, Unit, due_at
from dataward.requests.jurisdictions.table import Clock, Jurisdiction, JurisdictionTable, load_table

__all__ = [
    "POLICY_LABEL",
    "Addendum",
    "CalendarRegistry",
    "Clock",
    "Deadline",
    "DeadlineRules",
    "Jurisdiction",
    "JurisdictionTable",
    "Period",
    "Unit",
    "WeekendCalendar",
    "addenda",
    "deadlines_for",
    "due_at",
    "extended_due_at",
    "jurisdiction_code",
    "load_table",
    "normalise_country",
]
