"""The policy in force (rendered notice, and what changed since the previous version) and the
inventory's status as ``dataward inventory check`` reports it."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from dataward.api.deps import PolicyDep, SettingsDep
from dataward.inventory.findings import Severity
from dataward.web.deps import MemberDep
from dataward.web.errors import page_router
from dataward.web.notice import changes_since
from dataward.web.plan import inventory_findings, load
from dataward.web.rendering import render
from dataward.web.state import web_state

router = page_router("/console")


@router.get("/policy", response_class=HTMLResponse)
def policy_page(request: Request, member: MemberDep, policy: PolicyDep) -> HTMLResponse:
    previous = web_state(request).previous()
    found = changes_since(previous.policy, previous.problem, policy)
    return render(request, "console/policy.html.j2", policy=policy, found=found)


@router.get("/inventory", response_class=HTMLResponse)
def inventory_page(
    request: Request, member: MemberDep, policy: PolicyDep, settings: SettingsDep
) -> HTMLResponse:
    """The inventory against the policy and the live systems (it connects to each)."""
    loaded = load(settings.inventory_path)
    findings = inventory_findings(policy, loaded.inventory) if loaded.inventory else []
    errors = sum(finding.severity is Severity.error for finding in findings)
    return render(
        request, "console/inventory.html.j2", loaded=loaded, findings=findings, errors=errors
    )
