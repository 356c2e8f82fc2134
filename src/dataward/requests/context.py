"""Everything request handling needs, built once where the program starts and passed down.

The API builds one :class:`Context` in ``create_app``, the CLI one per command; tests build
their own. Nothing here is global, and nothing is built at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dataward.inventory.model import Inventory
from dataward.policy.model import Policy
from dataward.requests.config import RequestsConfig
from dataward.requests.jurisdictions import DeadlineRules, JurisdictionTable, load_table
from dataward.requests.locate.pool import ConnectorPool
from dataward.requests.outbox import ByChannel, Outbox, StoreOutbox
from dataward.requests.webhook import WebhookSender


def utc_now() -> datetime:
    return datetime.now(UTC)


class NoInventory(RuntimeError):
    """Requests that read the company's systems need an inventory (``--inventory``)."""


@dataclass
class Context:
    policy: Policy
    config: RequestsConfig = field(default_factory=RequestsConfig)
    inventory: Inventory | None = None
    outbox: Outbox | None = None
    webhook: WebhookSender | None = None
    clock: Callable[[], datetime] = utc_now
    table: JurisdictionTable = field(default_factory=load_table)
    pool: ConnectorPool | None = None
    rules: DeadlineRules = field(init=False)

    def __post_init__(self) -> None:
        self.rules = self.config.deadline_rules()
        if self.outbox is None:
            self.outbox = self._default_outbox()
        if self.webhook is None:
            config = self.config
            self.webhook = WebhookSender(
                config.webhook_attempts,
                config.webhook_backoff_seconds,
                config.webhook_timeout_seconds,
            )
        if self.pool is None and self.inventory is not None:
            self.pool = ConnectorPool(self.inventory)

    def _default_outbox(self) -> Outbox:
        """Mail by the configured outbox, texts by the SMS gateway; the store otherwise."""
        email: Outbox = StoreOutbox()
        phone: Outbox = email
        if self.config.outbox == "smtp":
            from dataward.requests.smtp import SmtpOutbox

            email = SmtpOutbox(self.config.smtp)
        if self.config.sms is not None:
            from dataward.requests.sms import SmsGatewayOutbox

            phone = SmsGatewayOutbox(self.config.sms)
        return email if email is phone else ByChannel(email, phone)

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    @property
    def mailer(self) -> Outbox:
        assert self.outbox is not None
        return self.outbox

    @property
    def sender(self) -> WebhookSender:
        assert self.webhook is not None
        return self.webhook

    def connectors(self) -> ConnectorPool:
        if self.pool is None:
            raise NoInventory(
                "no inventory is configured: pass --inventory (or DATAWARD_INVENTORY)"
            )
        return self.pool

    @property
    def export_dir(self) -> Path:
        return self.config.export_dir

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
