"""``/api/v1/suppression``: bulk import and export of the list as keyed hashes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from dataward.api.auth import current_staff
from dataward.api.deps import WriterDep
from dataward.api.routers.consent.deps import ConsentDep, ConsentRoute
from dataward.consent.exchange import export_lines, import_contacts, import_hashes
from dataward.consent.suppression import list_size
from dataward.store import read_only

router = APIRouter(
    prefix="/api/v1/suppression",
    tags=["consent"],
    route_class=ConsentRoute,
    dependencies=[Depends(current_staff)],
)

TextBody = Annotated[
    str,
    Body(
        media_type="text/plain",
        description="One 64-digit hex hash per line (an export), or one contact per line.",
    ),
]


@router.post("/import")
def import_list(
    body: TextBody,
    consent: ConsentDep,
    staff: WriterDep,
    format: Annotated[Literal["hashes", "contacts"], Query()] = "hashes",
    source: Annotated[str, Query(max_length=100)] = "api:import",
) -> dict[str, Any]:
    """Add hashes from another system's export (same key), or hash and add raw contacts.

    All or nothing: one unreadable line rejects the whole file (422 naming the line).
    """
    lines = body.splitlines()
    with consent.writing() as session:
        if format == "hashes":
            result = import_hashes(session, lines, consent.hasher, source=source, actor=staff.actor)
        else:
            result = import_contacts(
                session, lines, consent.hasher, source=source, actor=staff.actor
            )
    return {"read": result.read, "added": result.added, "already_listed": result.already_listed}


@router.get("/export")
def export_list(consent: ConsentDep) -> StreamingResponse:
    """The list as text: a header naming the key id, then one hash per line (streamed)."""

    def lines() -> Iterator[str]:
        with Session(read_only(consent.engine)) as session:
            yield from export_lines(session, consent.hasher)

    return StreamingResponse(lines(), media_type="text/plain; charset=utf-8")


@router.get("/stats")
def stats(consent: ConsentDep) -> dict[str, Any]:
    """How many entries the store and this process's in-memory index hold."""
    with Session(read_only(consent.engine)) as session:
        stored = list_size(session, consent.hasher.key_id)
        other_keys = list_size(session) - stored
    index = consent.decisions.memory.suppression
    return {
        "key_id": consent.hasher.key_id,
        "stored": stored,
        "stored_under_other_keys": other_keys,
        "in_memory": len(index),
        "in_memory_bytes": index.nbytes,
    }
