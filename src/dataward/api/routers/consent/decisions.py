"""``POST /api/v1/decisions`` and ``/decisions/bulk``: may purpose P use subject S now?

A decision is a few microseconds of memory reads; everything around it is the web stack's.
So the single-decision handler is ``async`` (no hop to a worker thread), takes one dependency
(staff check and runtime together), and answers with JSON encoded once per distinct answer:
there are only a few hundred (decision, purpose) pairs.
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from dataward.api.routers.consent.deps import ConsentRoute, DecidingDep
from dataward.consent.decision import Decision, explain
from dataward.consent.purposes import PurposeRule

# Every route takes DecidingDep: the staff bearer token, remembered until a token is revoked.
router = APIRouter(prefix="/api/v1", tags=["consent"], route_class=ConsentRoute)

MAX_BULK = 100_000


class DecisionRequest(BaseModel):
    purpose: str = Field(max_length=64, examples=["subscriber_marketing"])
    identity: str = Field(
        max_length=320,
        description="An email, a +E.164 phone, or kind:value (subject:42, customer_id:42).",
        examples=["ana@example.com"],
    )
    channel: str | None = Field(default=None, max_length=32, examples=["email"])


class ReasonOut(BaseModel):
    code: str
    message: str


class DecisionResponse(BaseModel):
    allowed: bool
    purpose: str
    reasons: list[ReasonOut]
    policy_version: str


class BulkRequest(BaseModel):
    purpose: str = Field(max_length=64)
    identities: list[str] = Field(max_length=MAX_BULK)
    channel: str | None = Field(default=None, max_length=32)
    skip_invalid: bool = Field(
        default=False,
        description="Deny unreadable identities (reason invalid_identity) instead of a 422.",
    )


class BulkItem(BaseModel):
    allowed: bool
    reasons: list[str]


class BulkResponse(BaseModel):
    purpose: str
    policy_version: str
    total: int
    allowed: int
    denied: int
    by_reason: dict[str, int]
    results: list[BulkItem]


def _response(decision: Decision, rule: PurposeRule, minimum_age: int | None) -> DecisionResponse:
    return DecisionResponse(
        allowed=decision.allowed,
        purpose=rule.id,
        reasons=[
            ReasonOut(code=reason.value, message=explain(reason, rule, minimum_age))
            for reason in decision.reasons
        ],
        policy_version=decision.policy_version,
    )


@lru_cache(maxsize=8192)
def _encoded(decision: Decision, rule: PurposeRule, minimum_age: int | None) -> bytes:
    return _response(decision, rule, minimum_age).model_dump_json().encode()


@router.post("/decisions", response_model=DecisionResponse)
async def decide(body: DecisionRequest, consent: DecidingDep) -> Response:
    """Allowed or denied, with every reason and the policy version that decided."""
    decision = consent.decisions.decide(body.purpose, body.identity, body.channel)
    rule = consent.catalogue.get(body.purpose)
    content = _encoded(decision, rule, consent.catalogue.minimum_age)
    return Response(content, media_type="application/json")


@router.post("/decisions/bulk")
def decide_bulk(body: BulkRequest, consent: DecidingDep) -> BulkResponse:
    """One decision per identity, in order, with a tally by reason (a campaign's recipients).

    A plain ``def``: a long list runs in a worker thread, not on the event loop.
    """
    result = consent.decide_many(
        body.purpose, body.identities, body.channel, skip_invalid=body.skip_invalid
    )
    cache: dict[int, BulkItem] = {}
    results = []
    for decision in result.decisions:
        item = cache.get(id(decision))  # a few hundred distinct decisions: build each once
        if item is None:
            item = BulkItem(allowed=decision.allowed, reasons=[r.value for r in decision.reasons])
            cache[id(decision)] = item
        results.append(item)
    return BulkResponse(
        purpose=result.purpose,
        policy_version=result.policy_version,
        total=len(result.decisions),
        allowed=result.allowed,
        denied=result.denied,
        by_reason={reason.value: count for reason, count in result.reasons.items()},
        results=results,
    )
