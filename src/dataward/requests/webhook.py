"""Signed webhooks to customers: forwarding their end-users' requests (we are processor).

The body is JSON; ``X-Dataward-Signature: t=<unix time>,v1=<hex>`` carries an
HMAC-SHA256 of ``"<t>.<body>"`` under the customer's secret, so the customer can check
both origin and freshness (reject an old ``t`` to stop replays). Delivery retries on
network errors, 5xx and 429 with exponential backoff, a bounded number of times; any
other 4xx is the customer refusing, and retrying would not change it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SIGNATURE_HEADER = "X-Dataward-Signature"


def signature(secret: bytes, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(
    secret: bytes, header: str, body: bytes, now: float, tolerance: int = 300
) -> bool:
    """What a customer runs on receipt (also used by the tests)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


@dataclass(frozen=True)
class Delivery:
    delivered: bool
    attempts: int
    error: str = ""


@dataclass
class WebhookSender:
    attempts: int = 4
    backoff_seconds: float = 1.0
    timeout_seconds: float = 10
    sleep: Callable[[float], None] = time.sleep

    def send(self, url: str, secret: bytes, payload: dict[str, Any]) -> Delivery:
        body = json.dumps(payload, sort_keys=True, default=str).encode()
        error = ""
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                self.sleep(self.backoff_seconds * 2 ** (attempt - 2))
            request = urllib.request.Request(url, data=body, method="POST")
            request.add_header("Content-Type", "application/json")
            request.add_header(SIGNATURE_HEADER, signature(secret, int(time.time()), body))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                    response.read()
                return Delivery(True, attempt)
            except urllib.error.HTTPError as failure:
                error = f"HTTP {failure.code}"
                if failure.code < 500 and failure.code != 429:
                    return Delivery(False, attempt, error)
            except (urllib.error.URLError, OSError) as failure:
                error = str(getattr(failure, "reason", failure))
        return Delivery(False, self.attempts, error)
