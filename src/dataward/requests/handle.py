"""The requests context of a long-running process (the API server), built on first use.

Loading the inventory and opening connectors waits until a request needs them, so a
server without an inventory still takes requests in (intake, verification, staff
actions) and answers 503 only for what needs the company's systems.
"""

from __future__ import annotations

import threading
from pathlib import Path

from dataward.inventory.loader import load_inventory
from dataward.policy.model import Policy
from dataward.requests.config import RequestsConfig, load_config
from dataward.requests.context import Context


class ContextHandle:
    def __init__(
        self,
        policy: Policy,
        inventory_path: Path | None = None,
        config: RequestsConfig | None = None,
        context: Context | None = None,
    ) -> None:
        self._policy = policy
        self._inventory_path = inventory_path
        self._config = config
        self._context = context
        self._lock = threading.Lock()

    def context(self) -> Context:
        with self._lock:
            if self._context is None:
                config = self._config or load_config()
                inventory = None
                path = self._resolve()
                if path is not None and path.exists():
                    inventory = load_inventory(path)
                self._context = Context(self._policy, config, inventory)
            return self._context

    def _resolve(self) -> Path | None:
        from dataward.retention.sweep import inventory_path

        return inventory_path(self._inventory_path)

    def close(self) -> None:
        with self._lock:
            if self._context is not None:
                self._context.close()
