"""The SMTP outbox: requester mail through the company's mail server (smtplib).

Mail is sent when ``send`` is called, inside the caller's transaction: a failure raises
:class:`DeliveryError` and rolls the request back, so a requester is never told a code
was sent when it was not. Texts to phones go elsewhere (:class:`.outbox.ByChannel`).
"""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage
from typing import ClassVar

from sqlalchemy.orm import Session

from dataward.requests.config import SmtpSettings
from dataward.requests.outbox import DeliveryError, Message


class SmtpOutbox:
    name: ClassVar[str] = "smtp"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def _password(self) -> str | None:
        variable = self.settings.password_variable
        return os.environ.get(variable) if variable else None

    def send(self, session: Session, message: Message) -> None:
        if message.channel != "email":
            raise DeliveryError(f"smtp: cannot send to a {message.channel} number")
        mail = EmailMessage()
        mail["From"] = self.settings.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail.set_content(message.body)
        settings = self.settings
        try:
            with smtplib.SMTP(
                settings.host, settings.port, timeout=settings.timeout_seconds
            ) as mta:
                if settings.starttls:
                    mta.starttls()
                password = self._password()
                if settings.username and password:
                    mta.login(settings.username, password)
                mta.send_message(mail)
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"smtp: not delivered ({error})") from None
