"""Settings of the web pages, read from the environment when the first page is served.

``DATAWARD_PREVIOUS_POLICY`` names the policy file of the previous published version: the
privacy center and the console show what changed since then (without it they say that
no previous version is configured). ``DATAWARD_SESSION_HOURS`` bounds a console login.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PREVIOUS_POLICY_VARIABLE = "DATAWARD_PREVIOUS_POLICY"
SESSION_HOURS_VARIABLE = "DATAWARD_SESSION_HOURS"


@dataclass(frozen=True)
class WebSettings:
    previous_policy: Path | None = None
    session_hours: int = 8

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WebSettings:
        env = os.environ if environ is None else environ
        previous = env.get(PREVIOUS_POLICY_VARIABLE, "").strip()
        hours = env.get(SESSION_HOURS_VARIABLE, "").strip()
        if hours and not (hours.isdigit() and 1 <= int(hours) <= 24 * 30):
            raise ValueError(f"{SESSION_HOURS_VARIABLE} must be a whole number of hours, 1-720")
        return cls(
            previous_policy=Path(previous) if previous else None,
            session_hours=int(hours) if hours else cls.session_hours,
        )
