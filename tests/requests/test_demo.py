"""The demo company end to end: a featured person's access and erasure over every system."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.scale import Scale
from dataward.inventory.loader import load_inventory
from dataward.policy import Policy
from dataward.requests import workflow
from dataward.requests.context import Context
from dataward.requests.intake import Submission, submit
from dataward.requests.models import DsrRequest
from dataward.requests.verification import verify
from tests.requests.conftest import last_code, make_config


def _verified(store: sa.Engine, context: Context, kind: str, email: str, phone: str) -> str:
    submission = Submission(kind, "DE", "customer_contact", email=email, phone=phone)
    with Session(store) as session, session.begin():
        request_id = submit(session, context, submission, "test").request.id
    codes = [last_code(store, request_id, channel) for channel in ("email", "phone")]
    for code in codes:
        with Session(store) as session, session.begin():
            assert verify(session, context, session.get_one(DsrRequest, request_id), code).ok
    return request_id


def test_featured_person_access_then_erasure(
    tmp_path: Path, policy: Policy, store: sa.Engine
) -> None:
    demo = build_demo(
        DemoOptions(Scale.parse("tiny"), date(2025, 6, 30), directory=tmp_path / "demo")
    )
    person = demo.featured[0]
    context = Context(policy, make_config(tmp_path), load_inventory(demo.inventory))
    try:
        access = workflow.approve(
            store, context, _verified(store, context, "access", person.email, person.phone), "dpo"
        )
        with zipfile.ZipFile(str(access.export_path)) as archive:
            found = {
                name: len(rows)
                for name, rows in json.loads(archive.read("data.json"))["datasets"].items()
                if rows
            }
        assert len({name.split(".")[0] for name in found}) >= 3  # "found in many systems"
        erasure = workflow.approve(
            store, context, _verified(store, context, "erasure", person.email, person.phone), "dpo"
        )
        assert erasure.status == "ready", erasure.result
        assert erasure.result["scan"]["passed"]
        again = workflow.approve(
            store, context, _verified(store, context, "access", person.email, person.phone), "dpo"
        )
        with zipfile.ZipFile(str(again.export_path)) as archive:
            left = {
                n: len(r) for n, r in json.loads(archive.read("data.json"))["datasets"].items() if r
            }
        kept = {item["scope"] for item in erasure.result["exemptions"]}
        assert set(left) <= kept, (left, kept)
    finally:
        context.close()
