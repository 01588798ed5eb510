"""A long handout's table of contents, from its own h2 and h3 headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

HEADING = re.compile(r'<h(?P<level>[23]) id="(?P<id>[^"]+)"[^>]*>(?P<html>.*?)</h(?P=level)>', re.DOTALL)
TAG = re.compile(r"<[^>]*>")
BLANKS = re.compile(r"[ \t\r\n\f]+")
MIN_SECTIONS = 3  # a shorter handout is read without one


@dataclass(frozen=True)
class Entry:
    id: str
    title: str  # plain text
    children: tuple["Entry", ...] = field(default=())


def table_of_contents(html: str, minimum: int = MIN_SECTIONS) -> tuple[Entry, ...]:
    """The h2 sections of `html`, each with its h3 subsections; () when it
    has fewer than `minimum` sections."""
    sections: list[tuple[str, str, list[Entry]]] = []
    for match in HEADING.finditer(html):
        title = BLANKS.sub(" ", unescape(TAG.sub("", match.group("html")))).strip(" ")  # its no-break spaces kept
        if not title:
            continue
        if match.group("level") == "2":
            if sections and sections[-1][1] == title and not sections[-1][2]:
                continue  # "Quiz", "Quiz": one entry, to the first
            sections.append((match.group("id"), title, []))
        elif sections:
            sections[-1][2].append(Entry(match.group("id"), title))
    if len(sections) < minimum:
        return ()
    return tuple(Entry(ident, title, tuple(children)) for ident, title, children in sections)
