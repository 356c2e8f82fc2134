"""Renderers: the human-readable notice, generated from the policy and nothing else.

Builders (:mod:`.notice`, :mod:`.overview`, :mod:`.just_in_time`) turn a policy into a
format-independent document tree; :mod:`.markdown` and :mod:`.html` turn that tree into
text. Retention periods are worded from the rules themselves (:mod:`.wording`), so the
notice states exactly what the retention engine enforces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

from dataward.policy.model import Policy
from dataward.policy.render.addenda import CountryAddendum
from dataward.policy.render.document import Document
from dataward.policy.render.html import to_html
from dataward.policy.render.just_in_time import UnknownActivityError, just_in_time_document
from dataward.policy.render.markdown import to_markdown
from dataward.policy.render.notice import notice_document
from dataward.policy.render.wording import Phrasebook, retention_sentence

DEFAULT_NOTICE_URL = "/privacy"


class NoticeFormat(StrEnum):
    md = "md"
    html = "html"


WRITERS: dict[NoticeFormat, Callable[[Document], str]] = {
    NoticeFormat.md: to_markdown,
    NoticeFormat.html: to_html,
}


def render_notice(
    policy: Policy,
    format: NoticeFormat = NoticeFormat.md,
    addenda: Sequence[CountryAddendum] = (),
) -> str:
    """The full notice: title, overview by relationship, then every activity in detail, and
    the country addenda when given (``dataward.requests.jurisdictions.addenda(policy)``)."""
    return WRITERS[format](notice_document(policy, addenda))


def render_activity_notice(
    policy: Policy,
    activity_id: str,
    format: NoticeFormat = NoticeFormat.md,
    notice_url: str = DEFAULT_NOTICE_URL,
) -> str:
    """The just-in-time text for one collection point; raises :class:`UnknownActivityError`."""
    return WRITERS[format](just_in_time_document(policy, activity_id, notice_url))


__all__ = [
    "DEFAULT_NOTICE_URL",
    "CountryAddendum",
    "NoticeFormat",
    "Phrasebook",
    "UnknownActivityError",
    "render_activity_notice",
    "render_notice",
    "retention_sentence",
]
