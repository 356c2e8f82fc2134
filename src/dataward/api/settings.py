"""Settings of the HTTP server, passed to :func:`dataward.api.create_app` explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dataward.store import Settings


@dataclass(frozen=True)
class ApiSettings:
    """``policy_path`` None means the default policy shipped with dataward.

    ``store`` None serves without dataward's store (its routes answer 503);
    ``inventory_path`` None resolves as the CLI does (``DATAWARD_INVENTORY``, the demo's).
    """

    policy_path: Path | None = None
    store: Settings | None = None
    inventory_path: Path | None = None
