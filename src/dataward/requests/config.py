"""Settings of request handling: ``requests.yaml``, validated at load, every key optional.

The file is named by ``--requests-config`` or ``DATAWARD_REQUESTS_CONFIG``; without one the
defaults below apply. Unknown keys are errors, so a typo cannot silently keep a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from ruamel.yaml import YAML

from dataward.requests.jurisdictions import CalendarRegistry, DeadlineRules, Period, Unit
from dataward.requests.jurisdictions.holidays import CalendarFactory
from dataward.requests.jurisdictions.public_holidays import (
    HolidaySource,
    PublicHolidays,
    check_source,
)
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


class SmsGatewaySettings(Model):
    """An HTTP SMS gateway for texts to requesters' phones (:mod:`dataward.requests.sms`)."""

    url: str = Field(pattern=r"^https?://", max_length=2000)
    auth: Literal["bearer", "hmac"] = "bearer"
    # The name of the environment variable holding the token or HMAC key: never the secret.
    secret_variable: str = Field(min_length=1)
    sender: str = Field(default="dataward", min_length=1, max_length=64)
    attempts: Annotated[int, Field(ge=1, le=10)] = 4
    backoff_seconds: Annotated[float, Field(ge=0, le=60)] = 1.0
    max_backoff_seconds: Annotated[float, Field(ge=0, le=600)] = 30.0
    timeout_seconds: Positive = 10


class RequestsConfig(Model):
    default_deadline_days: Positive = 30
    default_extension_days: Annotated[int, Field(ge=0, le=365)] = 0
    holidays: dict[str, list[date]] = {}
    # A region's public holidays instead of the country's (``GB: ENG``), where the
    # jurisdiction table gives the country's.
    holiday_subdivisions: dict[str, str] = {}
    code_ttl_minutes: Positive = 15
    code_max_attempts: Positive = 5
    codes_per_identity_per_hour: Positive = 5
    codes_per_client_per_hour: Positive = 30
    link_ttl_hours: Positive = 72
    export_dir: Path = Path("var") / "exports"
    base_url: str = "http://127.0.0.1:8000"
    max_system_attempts: Positive = 3
    # Systems an erasure or rectification changes at once (each in its own transaction).
    parallel_systems: Annotated[int, Field(ge=1, le=32)] = 4
    retry_backoff_seconds: Positive = 60
    webhook_attempts: Positive = 4
    webhook_backoff_seconds: Annotated[float, Field(ge=0, le=3600)] = 1.0
    webhook_timeout_seconds: Positive = 10
    max_payload_bytes: Positive = 16_384
    max_cross_system_keys: Positive = 100_000
    legal_duties: list[LegalDuty] = []
    outbox: Literal["store", "smtp"] = "store"  # for mail
    smtp: SmtpSettings = SmtpSettings()
    sms: SmsGatewaySettings | None = None  # for phones; None: texts stay in the store

    @field_validator("holiday_subdivisions")
    @classmethod
    def _known_subdivisions(cls, value: dict[str, str]) -> dict[str, str]:
        for code, subdivision in value.items():
            source = _holiday_sources().get(code)
            if source is None:
                raise ValueError(f"{code}: no public holiday calendar for this jurisdiction")
            check_source(HolidaySource(source.country, subdivision))
        return value

    def deadline_rules(self) -> DeadlineRules:
        table = load_table()
        extension = self.default_extension_days
        sources = _holiday_sources()
        for code, subdivision in self.holiday_subdivisions.items():
            sources[code] = HolidaySource(sources[code].country, subdivision)
        public: dict[str, CalendarFactory] = {
            code: partial(PublicHolidays, source) for code, source in sources.items()
        }
        return DeadlineRules(
            default=Period(self.default_deadline_days, Unit.calendar_days),
            default_extension=Period(extension, Unit.calendar_days) if extension else None,
            calendars=CalendarRegistry(table.weekends, self.holidays, public),
        )

    def legal_duty(self, dataset: str) -> LegalDuty | None:
        return next((duty for duty in self.legal_duties if duty.dataset == dataset), None)


def _holiday_sources() -> dict[str, HolidaySource]:
    """Jurisdiction code → whose public holidays its business days skip (the table's)."""
    return {item.code: item.holidays for item in load_table() if item.holidays is not None}


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
