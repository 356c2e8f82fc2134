"""Settings of request handling: ``requests.yaml``, validated at load, every key optional.

The file is named by ``--requests-config`` or ``DATAWARD_REQUESTS_CONFIG``; without one the
defaults below apply. Unknown keys are errors, so a typo cannot silently keep a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml import YAML

from dataward.requests.jurisdictions import CalendarRegistry, DeadlineRules, Period, Unit
from dataward.requests.jurisdictions.table import load_table

CONFIG_VARIABLE = "DATAWARD_REQUESTS_CONFIG"
Positive = Annotated[int, Field(ge=1, le=1_000_000)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LegalDuty(Model):
    """A dataset the company must keep by law (invoices: tax law), whatever a request says."""

    dataset: Annotated[str, Field(pattern=r"^[A-Za-z_]\w*\.[A-Za-z_]\w*$")]
    law: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class SmtpSettings(Model):
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 25
    sender: str = "privacy@example.com"
    username: str | None = None
    # The name of the environment variable holding the password: never the password itself.
    password_variable: str | None = None
    starttls: bool = False
    timeout_seconds: Positive = 10


class RequestsConfig(Model):
    default_deadline_days: Positive = 30
    default_extension_days: Annotated[int, Field(ge=0, le=365)] = 0
    holidays: dict[str, list[date]] = {}
    code_ttl_minutes: Positive = 15
    code_max_attempts: Positive = 5
    codes_per_identity_per_hour: Positive = 5
    codes_per_client_per_hour: Positive = 30
    link_ttl_hours: Positive = 72
    export_dir: Path = Path("var") / "exports"
    base_url: str = "http://127.0.0.1:8000"
    max_system_attempts: Positive = 3
    retry_backoff_seconds: Positive = 60
    webhook_attempts: Positive = 4
    webhook_backoff_seconds: Annotated[float, Field(ge=0, le=3600)] = 1.0
    webhook_timeout_seconds: Positive = 10
    max_payload_bytes: Positive = 16_384
    max_cross_system_keys: Positive = 100_000
    legal_duties: list[LegalDuty] = []
    outbox: Literal["store", "smtp"] = "store"
    smtp: SmtpSettings = SmtpSettings()

    def deadline_rules(self) -> DeadlineRules:
        table = load_table()
        extension = self.default_extension_days
        return DeadlineRules(
            default=Period(self.default_deadline_days, Unit.calendar_days),
            default_extension=Period(extension, Unit.calendar_days) if extension else None,
            calendars=CalendarRegistry(table.weekends, self.holidays),
        )

    def legal_duty(self, dataset: str) -> LegalDuty | None:
        return next((duty for duty in self.legal_duties if duty.dataset == dataset), None)


def load_config(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> RequestsConfig:
    """The config at ``path`` (or ``$DATAWARD_REQUESTS_CONFIG``); defaults when neither is set."""
    env = os.environ if environ is None else environ
    if path is None and env.get(CONFIG_VARIABLE):
        path = Path(env[CONFIG_VARIABLE])
    if path is None:
        return RequestsConfig()
    data = YAML(typ="safe").load(path.read_text("utf-8")) or {}
    return RequestsConfig.model_validate(data)
