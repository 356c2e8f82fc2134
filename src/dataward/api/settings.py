"""Settings of the HTTP server, passed to :func:`dataward.api.create_app` explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ApiSettings:
    """``policy_path`` None means the default policy shipped with dataward."""

    policy_path: Path | None = None
