"""The words a requester receives when their request is complete.

An erasure reply says what was erased, how many other records mentioned the person in
their free text (now without the mention) and, for whatever stays, why (legal hold, legal
duty, suppression list, forwarded to a customer): the exemptions are explained, never
silent.
"""

from __future__ import annotations

from datetime import datetime

from dataward.requests.kinds import RequestType
from dataward.requests.models import DsrRequest


def _exemptions(request: DsrRequest) -> list[str]:
    lines = []
    for item in request.result.get("exemptions", []):
        lines.append(f"- kept ({item['kind'].replace('_', ' ')}): {item['reason']}")
    return lines


def _mentions(request: DsrRequest) -> list[str]:
    found = request.result.get("free_text", {}).values()
    rows = sum(item.get("rows", 0) for item in found)
    if not rows:
        return []
    return [
        f"We also removed your contact details or name from {rows} other record(s) that "
        "mentioned you (such as other people's support tickets)."
    ]


def _forwarding(request: DsrRequest) -> list[str]:
    deliveries = request.result.get("forwarding", {}).get("deliveries", [])
    if not deliveries:
        return []
    return [
        f"Part of your request concerns data we process for {len(deliveries)} customer(s); "
        "it was forwarded to them and they will answer you."
    ]


def reply_text(request: DsrRequest, link: tuple[str, datetime] | None, note: str = "") -> str:
    kind = RequestType(request.type)
    lines = [f"Your {kind.value.replace('_', ' ')} request {request.id} is complete."]
    if link is not None:
        url, expires_at = link
        lines.append(
            f"Download your data (the link works until {expires_at:%Y-%m-%d %H:%M} UTC): {url}"
        )
    if kind is RequestType.erasure:
        rows = sum(
            sum(task.get("result", {}).get("rows", {}).values())
            for task in request.result.get("tasks", [])
        )
        lines.append(f"We erased or anonymised {rows} record(s) about you.")
        lines += _mentions(request)
        lines += _exemptions(request)
    if kind is RequestType.rectification:
        lines.append("We corrected your data as you asked.")
    effect = request.result.get("effect")
    if effect:
        lines.append("Recorded: " + ", ".join(f"{key} {value}" for key, value in effect.items()))
    lines += _forwarding(request)
    if note.strip():
        lines.append(note.strip())
    return "\n".join(lines)
