"""Document trees to a complete, accessible HTML page through a Jinja2 template.

Autoescaping is on: every value from the policy is text, never markup.
"""

from __future__ import annotations

from functools import cache

import jinja2

from dataward.policy.render.document import Bullets, Document, Link
from dataward.policy.render.links import safe_href


@cache
def _environment() -> jinja2.Environment:
    # Built on first use, not at import time; cached so that the template compiles once.
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("dataward.policy.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.tests["link"] = lambda value: isinstance(value, Link)
    environment.tests["bullets"] = lambda value: isinstance(value, Bullets)
    environment.filters["safe_href"] = safe_href
    return environment


def to_html(document: Document) -> str:
    return _environment().get_template("notice.html.j2").render(doc=document)
