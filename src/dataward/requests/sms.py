"""The SMS gateway outbox: texts to requesters' phones through an HTTP gateway.

Any gateway that takes a JSON POST: ``{"to": "+385911234567", "from": "<sender>",
"text": "...", "reference": "<request id>"}``, answered with a 2xx. Authentication is a
bearer token (``Authorization: Bearer …``) or an HMAC-SHA256 signature of the body
(``X-Dataward-Signature: t=<unix time>,v1=<hex>``, as the customer webhooks sign, see
:mod:`.webhook`); the secret is read from the environment variable the settings name,
never from the file. Every attempt of one message carries the same ``Idempotency-Key``,
so a gateway that honours it sends the text once even when an answer was lost.

Delivery is retried on network errors, 5xx and 429 with exponential backoff (a 429's
``Retry-After`` is waited for instead, up to the backoff cap), a bounded number of times;
another 4xx is the gateway refusing the message, and retrying would not change that. A
message that cannot be delivered raises :class:`DeliveryError` inside the caller's
transaction, which rolls back: a requester is never told a code was sent when it was not.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from typing import ClassVar

from sqlalchemy.orm import Session

from dataward.requests.config import SmsGatewaySettings
from dataward.requests.outbox import DeliveryError, Message
from dataward.requests.webhook import SIGNATURE_HEADER, signature

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class SmsGatewayOutbox:
    name: ClassVar[str] = "sms_gateway"

    def __init__(
        self, settings: SmsGatewaySettings, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.settings = settings
        self.sleep = sleep

    def _secret(self) -> str:
        variable = self.settings.secret_variable
        secret = os.environ.get(variable, "")
        if not secret:
            raise DeliveryError(f"sms: the environment variable {variable} holds no secret")
        return secret

    def _request(self, body: bytes, key: str) -> urllib.request.Request:
        request = urllib.request.Request(self.settings.url, data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", key)
        if self.settings.auth == "bearer":
            request.add_header("Authorization", f"Bearer {self._secret()}")
        else:
            stamp = int(time.time())
            request.add_header(SIGNATURE_HEADER, signature(self._secret().encode(), stamp, body))
        return request

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        cap = self.settings.max_backoff_seconds
        delay = min(cap, self.settings.backoff_seconds * 2 ** (attempt - 1))
        if retry_after is not None and retry_after.isdigit():
            delay = min(cap, float(retry_after))
        self.sleep(delay)

    def send(self, session: Session, message: Message) -> None:
        if message.channel != "phone":
            raise DeliveryError(f"sms: cannot send to a {message.channel} address")
        payload = {
            "to": message.recipient,
            "from": self.settings.sender,
            "text": message.body,
            "reference": message.request_id,
        }
        body = json.dumps(payload, sort_keys=True).encode()
        key = str(uuid.uuid4())
        error = ""
        for attempt in range(1, self.settings.attempts + 1):
            retry_after = None
            try:
                request = self._request(body, key)
                timeout = self.settings.timeout_seconds
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    response.read()
                return
            except urllib.error.HTTPError as failure:
                error = f"HTTP {failure.code}"
                if failure.code not in RETRY_STATUSES:
                    raise DeliveryError(f"sms: the gateway refused the message ({error})") from None
                retry_after = failure.headers.get("Retry-After")
            except (urllib.error.URLError, OSError) as failure:
                error = str(getattr(failure, "reason", failure))
            if attempt < self.settings.attempts:
                self._wait(attempt, retry_after)
        raise DeliveryError(f"sms: not delivered after {self.settings.attempts} attempts ({error})")
