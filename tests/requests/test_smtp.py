"""The SMTP outbox against a real SMTP server (aiosmtpd) started by the test."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session

from dataward.policy import Policy
from dataward.requests.config import SmtpSettings
from dataward.requests.context import Context
from dataward.requests.intake import Submission, submit
from dataward.requests.models import DsrOutboxMessage
from tests.requests.conftest import make_config


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_codes_go_out_by_smtp_and_phones_stay_in_the_store(
    store: sa.Engine, policy: Policy, tmp_path: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    config = make_config(
        tmp_path,
        outbox="smtp",
        smtp=SmtpSettings(host="127.0.0.1", port=port, sender="privacy@example.com"),
    )
    context = Context(policy, config)
    submission = Submission(
        "access", "HR", "customer", email="ana@example.com", phone="+385911234567"
    )
    with Session(store) as session, session.begin():
        submit(session, context, submission, "test")
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "ana@example.com" and mail["Subject"] == "Your verification code"
    assert "Your verification code is" in mail.get_payload()
    with Session(store) as session:
        stored = session.scalars(sa.select(DsrOutboxMessage)).all()
    assert [message.channel for message in stored] == ["phone"]
