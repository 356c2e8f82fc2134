"""Staff identities for the API: bearer tokens with a role (admin, privacy officer, auditor)."""

from dataward.staff.models import StaffToken
from dataward.staff.tokens import (
    Role,
    StaffMember,
    authenticate,
    create_token,
    list_tokens,
    revoke_token,
)

__all__ = [
    "Role",
    "StaffMember",
    "StaffToken",
    "authenticate",
    "create_token",
    "list_tokens",
    "revoke_token",
]
