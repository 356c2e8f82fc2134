"""``GET /api/v1/policy``: the loaded policy as JSON."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from dataward.api.deps import PolicyDep
from dataward.policy import Policy

router = APIRouter(prefix="/api/v1", tags=["policy"])


@router.get("/policy", response_model=Policy)
def get_policy(policy: PolicyDep) -> JSONResponse:
    """The policy in force, exactly as loaded (the same fields as the YAML file)."""
    # Returned as a ready response: the policy was validated on load, so FastAPI's second
    # validation through response_model (kept for the OpenAPI schema) would only cost time.
    return JSONResponse(policy.model_dump(mode="json"))
