from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditLog, list_entries


def _fill(engine: sa.Engine) -> None:
    log = AuditLog()
    actions = ["retention.batch", "request.approved", "retention.batch", "retention_x.run"]
    with Session(engine) as session, session.begin():
        for action in actions:
            log.append(session, actor="a", action=action)


def test_newest_first_with_a_limit(engine: sa.Engine) -> None:
    _fill(engine)
    with Session(engine) as session:
        assert [entry.seq for entry in list_entries(session, limit=3)] == [4, 3, 2]


def test_filter_by_exact_action(engine: sa.Engine) -> None:
    _fill(engine)
    with Session(engine) as session:
        entries = list_entries(session, action="retention.batch")
        assert [entry.seq for entry in entries] == [3, 1]


def test_filter_by_action_prefix(engine: sa.Engine) -> None:
    _fill(engine)
    with Session(engine) as session:
        assert [entry.seq for entry in list_entries(session, action="retention.*")] == [3, 1]
        assert list_entries(session, action="retention_.*") == []
