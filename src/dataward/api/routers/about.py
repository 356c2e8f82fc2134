"""``GET /api/v1/about``: what this instance runs (version, policy, loaded plugins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from dataward import __version__
from dataward.api.deps import PolicyDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["about"])


class PolicySummary(BaseModel):
    source: str
    title: str
    version: str
    last_updated: str
    activities: int
    retention_rules: int


class About(BaseModel):
    name: str
    version: str
    policy: PolicySummary
    components: dict[str, Any]


@router.get("/about")
def about(request: Request, policy: PolicyDep, settings: SettingsDep) -> About:
    """Introspection: the dataward version, the policy in force and the loaded components."""
    meta = policy.metadata
    return About(
        name="dataward",
        version=__version__,
        policy=PolicySummary(
            source=str(settings.policy_path) if settings.policy_path else "default policy",
            title=meta.title,
            version=meta.version,
            last_updated=meta.last_updated.isoformat(),
            activities=len(policy.activities),
            retention_rules=len(policy.retention_rules()),
        ),
        components=request.app.state.components,
    )
