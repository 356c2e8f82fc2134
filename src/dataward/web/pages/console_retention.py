"""The retention plan (what is due now and why), past runs, and rows removed per rule."""

from __future__ import annotations

from collections import defaultdict

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from dataward.api.deps import PolicyDep, SettingsDep, StoreDep
from dataward.store import read_only
from dataward.web.chart import removed_chart
from dataward.web.deps import MemberDep
from dataward.web.errors import page_router
from dataward.web.plan import NOTICE_TITLES, load, retention_plan
from dataward.web.rendering import render
from dataward.web.runs import past_runs, removed_per_rule

router = page_router("/console")


@router.get("/retention", response_class=HTMLResponse)
def retention(
    request: Request, member: MemberDep, store: StoreDep, policy: PolicyDep, settings: SettingsDep
) -> HTMLResponse:
    """A dry run at this moment (nothing changes), then what the runs so far removed."""
    loaded = load(settings.inventory_path)
    plan = retention_plan(store, policy, loaded.inventory) if loaded.inventory else None
    notices = defaultdict(list)
    for notice in plan.notices if plan else ():
        notices[notice.kind].append(notice)
    with Session(read_only(store)) as session:
        runs, removed = past_runs(session), removed_per_rule(session)
    return render(
        request,
        "console/retention.html.j2",
        loaded=loaded,
        plan=plan,
        runs=runs,
        notices=notices,
        titles=NOTICE_TITLES,
        removed=removed,
        chart=removed_chart(removed),
    )
