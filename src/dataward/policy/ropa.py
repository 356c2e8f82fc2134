"""The GDPR Art. 30 record of processing activities, built from the policy.

One row per activity, in the role the policy gives it: a controller activity fills the
Art. 30(1) columns; a processor activity fills Art. 30(2), where the controllers are our
customers ("each customer (see customer agreements)") and the purposes become the
categories of processing carried out on their behalf. Both kinds share one table so that a
single sheet answers a supervisory authority; a column that does not apply to a row says so
in words instead of staying empty, because an empty cell reads as "forgotten".

:func:`ropa_rows` is pure (policy in, strings out); :func:`write_csv` and
:func:`write_xlsx` only lay the rows out.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from dataward.policy.checks import EEA
from dataward.policy.model import (
    Activity,
    Contact,
    LegalBasis,
    Organisation,
    Policy,
    RecipientRole,
    Role,
    Source,
    Transfer,
)
from dataward.policy.phrases import label, retention_sentence
from dataward.policy.render.labels import country_name

EACH_CUSTOMER = "Each customer (see customer agreements)"
AS_CONTROLLER = "Not applicable: we act as controller"  # Art. 30(2) cells of a controller row
NONE = "None"
ARTICLE_6 = {
    LegalBasis.consent: "a",
    LegalBasis.contract: "b",
    LegalBasis.legal_obligation: "c",
    LegalBasis.vital_interests: "d",
    LegalBasis.public_task: "e",
    LegalBasis.legitimate_interests: "f",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int  # characters, for the XLSX sheet


COLUMNS: tuple[Column, ...] = (
    Column("activity_id", "Activity id", 18),
    Column("activity", "Processing activity", 28),
    Column("section", "Notice section", 9),
    Column("role", "Our role", 22),
    Column("controller", "Controller: name and contact details (Art. 30(1)(a), 30(2)(a))", 34),
    Column("processor", "Processor: name and contact details (Art. 30(2)(a))", 34),
    Column("joint_controller", "Joint controller (Art. 30(1)(a))", 22),
    Column("representative", "Representative (Art. 30(1)(a), 30(2)(a))", 28),
    Column("dpo", "Data protection officer (Art. 30(1)(a), 30(2)(a))", 28),
    Column("purposes", "Purposes of the processing and legal basis (Art. 30(1)(b))", 50),
    Column("processing", "Categories of processing for each controller (Art. 30(2)(b))", 40),
    Column("subjects", "Categories of data subjects (Art. 30(1)(c))", 28),
    Column("data_categories", "Categories of personal data (Art. 30(1)(c))", 50),
    Column("sources", "Sources of the personal data", 36),
    Column("recipients", "Categories of recipients, incl. in third countries (Art. 30(1)(d))", 40),
    Column(
        "transfers",
        "Transfers to third countries and safeguards (Art. 30(1)(e), 30(2)(c))",
        40,
    ),
    Column("retention", "Envisaged time limits for erasure (Art. 30(1)(f))", 60),
    Column(
        "security", "Technical and organisational security measures (Art. 30(1)(g), 30(2)(d))", 50
    ),
    Column("policy_version", "Policy version", 16),
)

Row = dict[str, str]


def _lines(items: Sequence[str], empty: str = NONE) -> str:
    return "\n".join(items) if items else empty


def _organisation(org: Organisation) -> str:
    number = f"registration number {org.registration_number}" if org.registration_number else None
    return "; ".join(part for part in (org.name, org.address, number, org.email, org.url) if part)


def _contact(contact: Contact | None, empty: str) -> str:
    if contact is None:
        return empty
    return f"{contact.name} <{contact.email}>" + (f" ({contact.note})" if contact.note else "")


def _place(code: str) -> str:
    # Third countries are judged from the EEA, as the policy's transfer register is (see
    # checks.EEA); "outside the EEA" says exactly that, whatever the controller's own country.
    if code == "WORLD":
        return "worldwide (including outside the EEA)"
    return country_name(code) if code in EEA else f"{country_name(code)} (outside the EEA)"


def _source(source: Source) -> str:
    return f"{label(source.kind).capitalize()}: {source.description}"


def activity_transfers(policy: Policy, activity: Activity) -> list[Transfer]:
    """Transfers outside the EEA: the activity's own, and every registered one to its recipients.

    A transfer registered for a recipient applies to every activity that shares data with
    that recipient, so the record lists it even when the activity does not name it.
    """
    named = set(activity.transfers)
    return [
        transfer
        for transfer in policy.transfers
        if (transfer.id in named or transfer.recipient in activity.recipients)
        and transfer.destination not in EEA
    ]


def _recipients(policy: Policy, activity: Activity) -> list[str]:
    by_id = {recipient.id: recipient for recipient in policy.recipients}
    lines = []
    for recipient_id in activity.recipients:
        recipient = by_id[recipient_id]
        places = ", ".join(_place(code) for code in recipient.locations)
        lines.append(f"{recipient.name} ({label(recipient.role)}; {places})")
    return lines


def _transfers(policy: Policy, activity: Activity) -> list[str]:
    names = {recipient.id: recipient.name for recipient in policy.recipients}
    lines = []
    for transfer in activity_transfers(policy, activity):
        safeguard = label(transfer.safeguard)
        line = f"To {_place(transfer.destination)}: {names[transfer.recipient]} — {safeguard}"
        lines.append(line + (f" ({transfer.note})" if transfer.note else ""))
    return lines


def _retention(policy: Policy, activity: Activity) -> list[str]:
    lines = [retention_sentence(rule, policy) for rule in activity.retention]
    override = policy.retention_override
    if override.legal_holds or override.national_retention_duties:
        lines.append("Legal holds and national retention duties override these periods.")
    return lines


def _version(policy: Policy) -> str:
    version, day = policy.metadata.version, policy.metadata.last_updated.isoformat()
    return version if version == day else f"{version} (last updated {day})"


def activity_row(policy: Policy, activity: Activity) -> Row:
    """The Art. 30 row of one activity; every cell is filled."""
    subjects = {subject.id: subject.name for subject in policy.subject_categories}
    categories = {category.id: category for category in policy.data_categories}
    recipient_roles = {recipient.id: recipient for recipient in policy.recipients}
    processor = activity.role is Role.processor
    us = _organisation(policy.controller)
    joint = [
        recipient_roles[r].name
        for r in activity.recipients
        if recipient_roles[r].role is RecipientRole.joint_controller
    ]
    purposes = [
        f"{purpose.description.rstrip('.')} (legal basis: {label(purpose.legal_basis)}, "
        f"Art. 6(1)({ARTICLE_6[purpose.legal_basis]})"
        + (f"; {purpose.basis_note})" if purpose.basis_note else ")")
        for purpose in activity.purposes
    ]
    return {
        "activity_id": activity.id,
        "activity": activity.name,
        "section": activity.section,
        "role": "Processor (Art. 30(2))" if processor else "Controller (Art. 30(1))",
        "controller": EACH_CUSTOMER if processor else us,
        "processor": us if processor else AS_CONTROLLER,
        "joint_controller": _lines(joint),
        "representative": _contact(policy.eu_representative, "None appointed"),
        "dpo": _contact(policy.dpo, "None appointed"),
        "purposes": _lines(purposes),
        "processing": (
            _lines([purpose.description for purpose in activity.purposes])
            if processor
            else AS_CONTROLLER
        ),
        "subjects": _lines([subjects[s] for s in activity.subjects]),
        "data_categories": _lines(
            [f"{categories[c].name}: {categories[c].description}" for c in activity.data_categories]
        ),
        "sources": _lines([_source(source) for source in activity.sources]),
        "recipients": _lines(_recipients(policy, activity), "None outside our own staff"),
        "transfers": _lines(_transfers(policy, activity)),
        "retention": _lines(_retention(policy, activity)),
        "security": _lines(
            [*activity.security_measures, *policy.security], "None recorded in the policy"
        ),
        "policy_version": _version(policy),
    }


def ropa_rows(policy: Policy) -> list[Row]:
    """The whole record: one row per activity, in the policy's order."""
    return [activity_row(policy, activity) for activity in policy.activities]


def write_csv(rows: Sequence[Row], stream: TextIO) -> None:
    """CSV with one header row; multi-line cells are quoted, as RFC 4180 allows."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    for row in rows:
        writer.writerow([row[column.key] for column in COLUMNS])


def write_xlsx(rows: Sequence[Row], path: Path, title: str = "Art. 30 record") -> None:
    """An Excel workbook a DPO can file as is: bold frozen header, wrapped text, set widths."""
    from openpyxl import Workbook  # imported here: only this command needs it
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = title
    sheet.append([column.header for column in COLUMNS])
    for row in rows:
        sheet.append([row[column.key] for column in COLUMNS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    # Keep the header and the activity name in view while scrolling across 19 columns.
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.save(path)
