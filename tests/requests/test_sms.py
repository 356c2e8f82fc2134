"""The SMS gateway outbox against a real HTTP server started by the test, on loopback."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.policy import Policy
from dataward.requests.config import SmsGatewaySettings
from dataward.requests.context import Context
from dataward.requests.intake import Submission, submit
from dataward.requests.models import DsrOutboxMessage, DsrRequest
from dataward.requests.outbox import DeliveryError, Message
from dataward.requests.sms import SmsGatewayOutbox
from dataward.requests.webhook import SIGNATURE_HEADER, verify_signature
from tests.requests.conftest import make_config
from tests.servers import free_port

SECRET = "gateway-secret-for-tests"
PHONE = "+385911234567"


@dataclass
class Gateway:
    """What the gateway received, and the statuses it answers with, in order (then 200)."""

    url: str
    answers: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    port = free_port()
    made = Gateway(f"http://127.0.0.1:{port}/messages")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            made.received.append((dict(self.headers), body))
            status, headers = made.answers.pop(0) if made.answers else (200, {})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(b'{"id": "sent"}')

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test reads what arrived, not the log."""

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield made
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMS_GATEWAY_TOKEN", SECRET)


def settings(url: str, **overrides: Any) -> SmsGatewaySettings:
    values = {"url": url, "secret_variable": "SMS_GATEWAY_TOKEN", "backoff_seconds": 0.0}
    return SmsGatewaySettings(**(values | overrides))


def text(to: str = PHONE) -> Message:
    return Message("phone", to, "Your verification code", "Your code is 123456", "r-1")


def test_codes_to_phones_go_to_the_gateway_and_mail_stays_in_the_store(
    store: sa.Engine, policy: Policy, tmp_path: Path, gateway: Gateway
) -> None:
    context = Context(policy, make_config(tmp_path, sms=settings(gateway.url, sender="Infobip")))
    submission = Submission("access", "HR", "customer", email="ana@example.com", phone=PHONE)
    with Session(store) as session, session.begin():
        request_id = submit(session, context, submission, "test").request.id
    [(headers, body)] = gateway.received
    sent = json.loads(body)
    assert sent["to"] == PHONE and sent["from"] == "Infobip" and sent["reference"] == request_id
    assert "Your verification code is" in sent["text"]
    assert headers["Authorization"] == f"Bearer {SECRET}"
    assert headers["Content-Type"] == "application/json"
    with Session(store) as session:
        stored = session.scalars(sa.select(DsrOutboxMessage)).all()
    assert [message.channel for message in stored] == ["email"]


def test_an_hmac_gateway_can_check_the_body_and_its_freshness(gateway: Gateway) -> None:
    SmsGatewayOutbox(settings(gateway.url, auth="hmac")).send(Session(), text())
    [(headers, body)] = gateway.received
    assert "Authorization" not in headers
    assert verify_signature(SECRET.encode(), headers[SIGNATURE_HEADER], body, time.time())
    assert not verify_signature(b"another key", headers[SIGNATURE_HEADER], body, time.time())


def test_server_errors_are_retried_with_backoff_under_one_idempotency_key(
    gateway: Gateway,
) -> None:
    gateway.answers = [(503, {}), (500, {}), (429, {"Retry-After": "7"})]
    waits: list[float] = []
    outbox = SmsGatewayOutbox(
        settings(gateway.url, attempts=4, backoff_seconds=2.0, max_backoff_seconds=5.0),
        sleep=waits.append,
    )
    outbox.send(Session(), text())
    assert len(gateway.received) == 4
    assert len({headers["Idempotency-Key"] for headers, _ in gateway.received}) == 1
    # 2 s, then 4 s, then the gateway's Retry-After (7 s) capped at 5 s.
    assert waits == [2.0, 4.0, 5.0]


def test_a_refused_message_is_not_retried(gateway: Gateway) -> None:
    gateway.answers = [(400, {})]
    with pytest.raises(DeliveryError, match=r"refused the message \(HTTP 400\)"):
        SmsGatewayOutbox(settings(gateway.url)).send(Session(), text())
    assert len(gateway.received) == 1


def test_retries_are_bounded(gateway: Gateway) -> None:
    gateway.answers = [(503, {})] * 5
    with pytest.raises(DeliveryError, match=r"not delivered after 3 attempts \(HTTP 503\)"):
        SmsGatewayOutbox(settings(gateway.url, attempts=3)).send(Session(), text())
    assert len(gateway.received) == 3


def test_an_unreachable_gateway_fails_after_its_attempts() -> None:
    url = f"http://127.0.0.1:{free_port()}/messages"  # nothing listens there
    with pytest.raises(DeliveryError, match="not delivered after 2 attempts"):
        SmsGatewayOutbox(settings(url, attempts=2)).send(Session(), text())


def test_without_the_secret_nothing_is_sent(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMS_GATEWAY_TOKEN")
    with pytest.raises(DeliveryError, match="SMS_GATEWAY_TOKEN holds no secret"):
        SmsGatewayOutbox(settings(gateway.url)).send(Session(), text())
    assert gateway.received == []


def test_a_code_that_cannot_be_sent_leaves_no_request_behind(
    store: sa.Engine, policy: Policy, tmp_path: Path, gateway: Gateway
) -> None:
    gateway.answers = [(401, {})]
    context = Context(policy, make_config(tmp_path, sms=settings(gateway.url)))
    submission = Submission("erasure", "HR", "customer", phone=PHONE)
    with pytest.raises(DeliveryError), Session(store) as session, session.begin():
        submit(session, context, submission, "test")
    with Session(store) as session:
        assert session.scalars(sa.select(DsrRequest)).all() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("url", "ftp://gateway.example/sms"), ("auth", "basic"), ("attempts", 0)],
)
def test_bad_settings_are_refused_naming_the_field(field: str, value: object) -> None:
    values: dict[str, object] = {"url": "https://gateway.example/sms", "secret_variable": "T"}
    with pytest.raises(ValueError, match=field):
        SmsGatewaySettings.model_validate(values | {field: value})
