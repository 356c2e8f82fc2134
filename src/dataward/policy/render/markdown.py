"""Document trees to Markdown.

Written in Python rather than a template because Markdown is whitespace-sensitive
(indentation nests a list, a blank line ends a block) and that is easier to get right, and
to see, in code. Markdown has no escaping of its own: policy values pass through
:func:`text`, which neutralises ``<`` (raw HTML passes through most Markdown renderers) and
folds line breaks that would otherwise end a list item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dataward.policy.render.document import (
    Block,
    Bullets,
    Document,
    Inline,
    Item,
    Link,
    Section,
)
from dataward.policy.render.links import safe_href

_WHITESPACE = re.compile(r"\s+")


def text(value: str) -> str:
    return _WHITESPACE.sub(" ", value).replace("<", "&lt;")


def href(target: str) -> str:
    return target.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def inline(parts: tuple[Inline, ...]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Link):
            target = safe_href(part.href)
            out.append(f"[{text(part.text)}]({href(target)})" if target else text(part.text))
        else:
            out.append(text(part))
    return "".join(out).strip()


def _item_lines(entry: Item, indent: str) -> Iterator[str]:
    label = f"**{text(entry.label)}:**" if entry.label else ""
    yield f"{indent}- " + " ".join(part for part in (label, inline(entry.parts)) if part)
    for child in entry.children:
        yield from _item_lines(child, indent + "  ")


def _block_lines(blocks: tuple[Block, ...]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Bullets):
            for entry in block.items:
                yield from _item_lines(entry, "")
        else:
            yield inline(block.parts)
        yield ""


def _section_lines(section: Section, level: int) -> Iterator[str]:
    # An empty HTML anchor gives each section a stable link target in every renderer.
    yield f'{"#" * level} <a id="{section.anchor}"></a>{text(section.title)}'
    yield ""
    yield from _block_lines(section.blocks)
    for subsection in section.sections:
        yield from _section_lines(subsection, min(level + 1, 6))


def _contents(document: Document) -> Iterator[str]:
    for top in document.sections:
        yield f"- [{text(top.title)}](#{top.anchor})"
        for sub in top.sections:
            yield f"  - [{text(sub.title)}](#{sub.anchor})"
    yield ""


def to_markdown(document: Document) -> str:
    lines = [f"# {text(document.title)}", ""]
    if document.subtitle:
        lines += [text(document.subtitle), ""]
    lines += _block_lines(document.intro)
    if document.table_of_contents:
        lines += ["## Contents", "", *_contents(document)]
    for section in document.sections:
        lines += _section_lines(section, 2)
    return "\n".join(lines).rstrip() + "\n"
