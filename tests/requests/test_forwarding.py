"""Forwarding to customers over a real HTTP server: signed, retried with backoff, recorded."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.requests import workflow
from dataward.requests.context import Context
from dataward.requests.models import DsrCustomerEndpoint, DsrDelivery
from dataward.requests.webhook import SIGNATURE_HEADER, WebhookSender, verify_signature
from tests.requests.company import BOB_PHONE
from tests.requests.conftest import VerifiedFactory

SECRET = bytes.fromhex("ab" * 32)


class Customer:
    """A customer's webhook receiver that fails ``failures`` times, then accepts."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, Any], bool, float]] = []
        customer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                valid = verify_signature(SECRET, self.headers[SIGNATURE_HEADER], body, time.time())
                customer.received.append((json.loads(body), valid, time.monotonic()))
                failing = len(customer.received) <= customer.failures
                self.send_response(503 if failing else 200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/dsr"

    def __enter__(self) -> Customer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *args: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def customer() -> Iterator[Customer]:
    with Customer(failures=2) as running:
        yield running


def test_signed_webhook_retried_with_backoff(customer: Customer) -> None:
    sender = WebhookSender(attempts=4, backoff_seconds=0.05)
    delivery = sender.send(customer.url, SECRET, {"request_id": "r1"})
    assert delivery.delivered and delivery.attempts == 3
    assert all(valid for _, valid, _ in customer.received)
    gaps = [
        later - earlier
        for (_, _, earlier), (_, _, later) in zip(
            customer.received, customer.received[1:], strict=False
        )
    ]
    assert gaps[1] > gaps[0] * 1.5  # exponential backoff


def test_permanent_refusal_is_not_retried() -> None:
    sender = WebhookSender(attempts=4, backoff_seconds=0)
    with Customer(failures=0) as receiver:
        receiver.server.RequestHandlerClass.do_POST = _refuse  # type: ignore[attr-defined]
        delivery = sender.send(receiver.url, SECRET, {})
    assert not delivery.delivered and delivery.attempts == 1 and delivery.error == "HTTP 400"


def _refuse(handler: BaseHTTPRequestHandler) -> None:
    handler.rfile.read(int(handler.headers["Content-Length"]))
    handler.send_response(400)
    handler.end_headers()


def test_signature_rejects_tampering_and_old_timestamps() -> None:
    from dataward.requests.webhook import signature

    header = signature(SECRET, 1000, b"{}")
    assert verify_signature(SECRET, header, b"{}", 1000)
    assert not verify_signature(SECRET, header, b'{"x":1}', 1000)
    assert not verify_signature(SECRET, header, b"{}", 1000 + 3600)
    assert not verify_signature(SECRET, "garbage", b"{}", 1000)


def test_end_users_request_is_forwarded_to_the_customer(
    store: sa.Engine, context: Context, verified: VerifiedFactory, customer: Customer
) -> None:
    customer.failures = 1
    with Session(store) as session, session.begin():
        session.add(
            DsrCustomerEndpoint(
                customer_id="1", url=customer.url, secret_hex=SECRET.hex(), created_at=context.now()
            )
        )
    request_id = verified("access", phone=BOB_PHONE, relationship="end_user")
    done = workflow.approve(store, context, request_id, "staff:dpo")
    assert done.result["forwarding"]["deliveries"] == [
        {"customer": "1", "channel": "webhook", "status": "delivered", "error": ""}
    ]
    payload, valid, _ = customer.received[-1]
    assert (
        valid
        and payload["subject"]["phone"] == BOB_PHONE
        and payload["datasets"] == ["messaging.message_content"]
    )
    with Session(store) as session:
        assert session.scalars(sa.select(DsrDelivery)).one().attempts == 2
