"""A notice as a small tree of sections, paragraphs and lists, independent of output format.

The builders decide *what* a notice says; the Markdown and HTML templates only decide how it
looks. Both formats render the same tree, so they cannot say different things.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    text: str
    href: str


Inline = str | Link


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Item:
    """A list item: an optional bold label, text and links, and nested items."""

    parts: tuple[Inline, ...] = ()
    label: str = ""
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]


Block = Paragraph | Bullets


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    language: str
    subtitle: str = ""
    intro: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    table_of_contents: bool = True


# Web addresses and email addresses written in the policy's prose become links; trailing
# punctuation ("… at dpo@example.com.") stays text.
_LINKABLE = re.compile(r"https?://[^\s<>()]*[^\s<>().,;:!?'\"]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def linkify(text: str) -> Iterator[Inline]:
    """Split prose into text and links to the web and email addresses it mentions."""
    start = 0
    for match in _LINKABLE.finditer(text):
        if match.start() > start:
            yield text[start : match.start()]
        address = match.group()
        yield Link(address, address if "://" in address else f"mailto:{address}")
        start = match.end()
    if start < len(text):
        yield text[start:]


def _inline(parts: Iterable[Inline]) -> tuple[Inline, ...]:
    return tuple(
        piece
        for part in parts
        if part
        for piece in (linkify(part) if isinstance(part, str) else (part,))
    )


def para(*parts: Inline) -> Paragraph:
    return Paragraph(_inline(parts))


def item(*parts: Inline, label: str = "", children: Iterable[Item] = ()) -> Item:
    return Item(_inline(parts), label, tuple(children))


def bullets(items: Iterable[Item | str]) -> Bullets:
    return Bullets(tuple(entry if isinstance(entry, Item) else item(entry) for entry in items))


def section(
    anchor: str, title: str, *blocks: Block | None, sections: Iterable[Section] = ()
) -> Section:
    """A section; ``None`` blocks (optional content that is absent) are left out."""
    return Section(anchor, title, tuple(b for b in blocks if b is not None), tuple(sections))
