"""The SMTP outbox: requester mail through the company's mail server (smtplib).

Mail is sent when ``send`` is called, inside the caller's transaction: a failure raises
and rolls the request back, so a requester is never told a code was sent when it was not.
Messages to phone numbers fall back to the store outbox (SMTP cannot reach a phone).
"""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage
from typing import ClassVar

from sqlalchemy.orm import Session

from dataward.requests.config import SmtpSettings
from dataward.requests.outbox import Message, StoreOutbox


class SmtpOutbox:
    name: ClassVar[str] = "smtp"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._fallback = StoreOutbox()

    def _password(self) -> str | None:
        variable = self.settings.password_variable
        return os.environ.get(variable) if variable else None

    def send(self, session: Session, message: Message) -> None:
        if message.channel != "email":
            self._fallback.send(session, message)
            return
        mail = EmailMessage()
        mail["From"] = self.settings.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail.set_content(message.body)
        settings = self.settings
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as server:
            if settings.starttls:
                server.starttls()
            password = self._password()
            if settings.username and password:
                server.login(settings.username, password)
            server.send_message(mail)
