"""A running dataward for one test: demo company, store with staff, server subprocess.

Staff: ``admin``, ``dpo`` (privacy officer) and ``auditor`` log in with :data:`PASSWORD`;
``token`` is an admin bearer token for the API. The previous policy version differs from
the shipped one in its version, date and one retention period, so the diff has content.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.demo.build import DemoOptions, DemoResult, Silent, build_demo
from dataward.demo.scale import Scale
from dataward.policy.loader import default_policy_text
from dataward.requests.outbox import outbox_messages
from dataward.staff import Role, create_token
from dataward.store import Settings, open_store, read_only
from dataward.web.accounts import create_user
from tests.servers import DATAWARD, ROOT, free_port, wait_until_up

PASSWORD = "correct horse battery staple"
CODE_SUBJECT = "Your verification code"
PREVIOUS_VERSION = "2022-06-01"


@dataclass(frozen=True)
class Site:
    base: str
    store: sa.Engine
    company: DemoResult
    token: str
    folder: Path

    def url(self, path: str) -> str:
        return self.base + path

    def codes(self, request_id: str, count: int = 1) -> list[str]:
        """The one-time codes sent for a request, oldest first (from the store outbox).

        Polls briefly: the API answers as soon as the handler returns, and the transaction
        of its session dependency may commit a moment after the answer arrives.
        """
        deadline = time.monotonic() + 10
        while True:
            with Session(read_only(self.store)) as session, session.begin():
                messages = outbox_messages(session, request_id=request_id)
                bodies = [m.body for m in reversed(messages) if m.subject == CODE_SUBJECT]
            if len(bodies) >= count or time.monotonic() > deadline:
                return [re.search(r"\b(\d{6})\b", body).group(1) for body in bodies]  # type: ignore[union-attr]
            time.sleep(0.05)

    def last_message_to(self, recipient: str) -> str:
        with Session(read_only(self.store)) as session, session.begin():
            found = [
                m.body for m in outbox_messages(session, limit=200) if m.recipient == recipient
            ]
        return found[0]

    def api(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"}
        return httpx.Client(base_url=self.base, headers=headers, timeout=60)


def previous_policy(folder: Path) -> Path:
    text = default_policy_text().replace('version: "2023-02-22"', f'version: "{PREVIOUS_VERSION}"')
    text = text.replace("last_updated: 2023-02-22", f"last_updated: {PREVIOUS_VERSION}")
    text = text.replace("months: 25", "months: 13", 1)
    path = folder / "previous-policy.yaml"
    path.write_text(text, "utf-8")
    return path


def _staff(store: sa.Engine) -> str:
    now = datetime.now(UTC)
    with Session(store) as session, session.begin():
        for name, role in (
            ("admin", Role.admin),
            ("dpo", Role.privacy_officer),
            ("auditor", Role.auditor),
        ):
            create_user(
                session, name=name, role=role, password=PASSWORD, created_by="test", now=now
            )
        token, _ = create_token(session, name="test", role=Role.admin, created_by="test")
    return token


@contextmanager
def start_site(folder: Path, before_start: object = None) -> Iterator[Site]:
    company = build_demo(
        DemoOptions(Scale.parse("tiny"), date.today(), 42, folder / "company"), Silent()
    )
    store_url = f"sqlite:///{folder / 'store.db'}"
    store = open_store(Settings(store_url))
    token = _staff(store)
    if callable(before_start):
        before_start(store_url, company)
    port = free_port()
    config = folder / "requests.yaml"
    config.write_text(f"export_dir: {folder / 'exports'}\nbase_url: http://127.0.0.1:{port}\n")
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env = os.environ | {
        "PYTHONPATH": path,
        "DATAWARD_DATABASE_URL": store_url,
        "DATAWARD_INVENTORY": str(company.inventory),
        "DATAWARD_REQUESTS_CONFIG": str(config),
        "DATAWARD_PREVIOUS_POLICY": str(previous_policy(folder)),
    }
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [*DATAWARD, "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, f"{base}/privacy-center")
        yield Site(base, store, company, token, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        store.dispose()
