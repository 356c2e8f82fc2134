"""The notice inside the privacy center's layout, and what changed since the last version.

The notice is rendered by the policy package (``render_notice``) as a complete page; the
privacy center shows its header (title, "last updated") and body inside its own layout,
so the wording stays the policy package's alone. The split is checked by the tests: if
the renderer's page ever changes shape, :class:`NoticeShapeError` says so at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from dataward.policy import Policy
from dataward.policy.diff import Change, diff_policies
from dataward.policy.render import NoticeFormat, render_notice
from dataward.requests.jurisdictions import addenda

_HEADER = re.compile(r"<header>(.*?)</header>", re.DOTALL)
_BODY = re.compile(r"</header>(.*)</main>", re.DOTALL)


class NoticeShapeError(RuntimeError):
    pass


@dataclass(frozen=True)
class NoticeParts:
    header: Markup  # the notice's h1 and its "Last updated" line
    body: Markup  # contents and sections, h2 downwards


def notice_parts(policy: Policy) -> NoticeParts:
    page = render_notice(policy, NoticeFormat.html, addenda(policy))
    header, body = _HEADER.search(page), _BODY.search(page)
    if header is None or body is None:
        raise NoticeShapeError("the rendered notice has no <header> … </main> to embed")
    # The renderer's <main> becomes a <div>: the layout has the page's one <main>.
    inner = body.group(1).replace('<main id="content">', '<div id="content">', 1)
    # Both come from the renderer, which autoescapes every policy value.
    return NoticeParts(Markup(header.group(1)), Markup(inner + "</div>"))


@dataclass(frozen=True)
class Changes:
    previous: Policy | None
    changes: list[Change]
    problem: str | None


def changes_since(previous: Policy | None, problem: str | None, current: Policy) -> Changes:
    if previous is None:
        return Changes(None, [], problem)
    return Changes(previous, diff_policies(previous, current), None)
