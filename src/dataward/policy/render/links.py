"""Link targets from the policy, checked before they reach a page."""

from __future__ import annotations

from urllib.parse import urlsplit

# Relative links ("#rights", "/privacy"), the web, and email. Anything else (javascript:,
# data:) could run code in a reader's browser, so it is shown as text instead.
SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})


def safe_href(href: str) -> str | None:
    """The link target, or None when its scheme is not one a notice should link to."""
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return None
    return href if scheme in SAFE_SCHEMES else None
