"""Form models and the words the request pages use; field errors keyed by form field.

Pages post plain HTML forms (``application/x-www-form-urlencoded``); each is read into a
pydantic model that ignores extra fields (the CSRF token), and the requests package
validates the values, so the rules stay there. Its errors name a request field
(``purposes[1]``); :func:`form_field` maps that to the form field to show it beside.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from dataward.policy import Policy
from dataward.policy.model import LegalBasis, Purpose
from dataward.requests.kinds import RequestType

LABELS = {
    RequestType.access: "Get a copy of my personal data",
    RequestType.portability: "Get my data in a machine-readable form, to take elsewhere",
    RequestType.rectification: "Correct my personal data",
    RequestType.erasure: "Delete my personal data",
    RequestType.restriction: "Restrict how my data is used",
    RequestType.objection: "Object to processing based on legitimate interests",
    RequestType.withdraw_consent: "Withdraw a consent I gave",
    RequestType.marketing_opt_out: "Stop all marketing to me",
}

FieldErrors = dict[str, str]


@dataclass(frozen=True)
class RightOption:
    value: str
    label: str
    description: str


def request_types(policy: Policy) -> list[RightOption]:
    """Every request type, described in the policy's own words where it has them."""
    words = {statement.right.value: statement.description for statement in policy.rights}
    return [RightOption(kind.value, LABELS[kind], words.get(kind.value, "")) for kind in LABELS]


def purposes_by_basis(policy: Policy, basis: LegalBasis) -> list[Purpose]:
    seen: dict[str, Purpose] = {}
    for activity in policy.activities:
        for purpose in activity.purposes:
            if purpose.legal_basis is basis:
                seen.setdefault(purpose.id, purpose)
    return list(seen.values())


class Form(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class RequestForm(Form):
    type: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=320)
    phone: str = Field(default="", max_length=40)
    country: str = Field(default="", max_length=10)
    relationship: str = Field(default="", max_length=64)
    changes: str = Field(default="", max_length=20_000)
    object_purposes: list[str] = Field(default_factory=list, max_length=50)
    withdraw_purposes: list[str] = Field(default_factory=list, max_length=50)
    note: str = Field(default="", max_length=2000)

    def purposes(self) -> list[str]:
        if self.type == RequestType.objection:
            return self.object_purposes
        return self.withdraw_purposes if self.type == RequestType.withdraw_consent else []


def parse_changes(text: str) -> dict[str, str] | str:
    """``field = new value`` per line → a dict; or the problem, in words."""
    changes: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            return f"line {number}: write it as  field = new value"
        changes[name.strip()] = value.strip()
    return changes


def form_field(field: str, kind: str) -> str:
    """The form field a requests error is about: ``purposes[1]`` → ``object_purposes``."""
    base = field.split("[")[0].split(".")[0]
    if base == "purposes":
        return "object_purposes" if kind == RequestType.objection else "withdraw_purposes"
    return base


class CodeForm(Form):
    code: str = Field(default="", max_length=20)


class RejectForm(Form):
    reject_reason: str = Field(default="", max_length=2000)


class ExtendForm(Form):
    extend_reason: str = Field(default="", max_length=2000)
    extend_by: str = Field(default="", max_length=10)


class NoteForm(Form):
    note: str = Field(default="", max_length=2000)
