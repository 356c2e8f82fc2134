"""Request types and statuses: the vocabulary every other module of the package shares."""

from __future__ import annotations

from enum import StrEnum


class RequestType(StrEnum):
    """What a data subject asks for (notice Section 9; GDPR Arts. 7(3), 15-21)."""

    access = "access"
    portability = "portability"
    rectification = "rectification"
    erasure = "erasure"
    restriction = "restriction"
    objection = "objection"
    withdraw_consent = "withdraw_consent"
    marketing_opt_out = "marketing_opt_out"


class Status(StrEnum):
    """Where a request is. Open statuses count against the deadline; final ones do not."""

    awaiting_verification = "awaiting_verification"
    verified = "verified"  # identity proven; waits for staff approval
    in_progress = "in_progress"  # approved; systems being worked on
    failed = "failed"  # a system failed; an automatic retry is scheduled
    waiting_for_staff = "waiting_for_staff"  # retries exhausted: a person must look
    ready = "ready"  # every system done (or forwarded); staff completes with the reply
    completed = "completed"
    rejected = "rejected"
    expired = "expired"  # never verified in time


OPEN = frozenset(
    {
        Status.verified,
        Status.in_progress,
        Status.failed,
        Status.waiting_for_staff,
        Status.ready,
    }
)
FINAL = frozenset({Status.completed, Status.rejected, Status.expired})

# Staff transitions: the statuses each action may start from.
APPROVABLE = frozenset({Status.verified})
REJECTABLE = frozenset(OPEN)
COMPLETABLE = frozenset({Status.ready})
RETRYABLE = frozenset({Status.failed, Status.waiting_for_staff})

# Types that change the person's data and so run per system (tasks, retries, scan).
SYSTEM_TYPES = frozenset({RequestType.erasure, RequestType.rectification})
EXPORT_TYPES = frozenset({RequestType.access, RequestType.portability})


class TaskStatus(StrEnum):
    """One system's share of an erasure or rectification (persisted before any I/O)."""

    pending = "pending"
    running = "running"  # a crash leaves this; the next run redoes it (statements are idempotent)
    done = "done"
    failed = "failed"
    blocked = "blocked"  # waits for keys from a system that could not be read
    waiting_for_staff = "waiting_for_staff"
