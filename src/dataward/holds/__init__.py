"""Legal holds: a case keeps a person's, a customer's or a dataset's rows from deletion.

Notice Section 11: "If legal matters such as litigation, law enforcement requests, or
government investigations require us to preserve records ... we will delete the records in
question when we are no longer legally obligated to retain them." A hold has a case
reference, a scope (subject identity, customer, dataset), a reason and a from–until window;
releasing it lets the next retention run delete what is due. Retention excludes held rows
inside its SQL (see :mod:`dataward.retention.held`).
"""

from dataward.holds.models import HoldScope, LegalHold
from dataward.holds.service import (
    CUSTOMER_KIND,
    HoldError,
    HoldRequest,
    active_holds,
    create_hold,
    list_holds,
    release_hold,
)

__all__ = [
    "CUSTOMER_KIND",
    "HoldError",
    "HoldRequest",
    "HoldScope",
    "LegalHold",
    "active_holds",
    "create_hold",
    "list_holds",
    "release_hold",
]
