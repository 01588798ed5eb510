"""Several modules' handouts in one document (a session's supports.html):
each handout's ids, radio groups and in-page links get the module's prefix,
and its headings go one level down, under the module's own h2."""

from __future__ import annotations

import re

# Attributes holding ids (or, for radio buttons, a group's name) that must stay unique in one document.
ID_ATTR = re.compile(r'\b(?P<attr>id|for|name|aria-labelledby|aria-describedby|aria-controls)="(?P<value>[^"]+)"')
FRAGMENT = re.compile(r'\bhref="#(?P<value>[^"]+)"')
HEADING = re.compile(r"<(/?)h([2-5])\b")


def nested_handout(html: str, slug: str) -> str:
    return nested_headings(prefix_ids(html, f"{slug}-"))


def prefix_ids(html: str, prefix: str) -> str:
    """Make ids unique when several modules' pages share one document."""
    def ids(match: re.Match) -> str:
        values = " ".join(prefix + value for value in match.group("value").split())
        return f'{match.group("attr")}="{values}"'
    html = ID_ATTR.sub(ids, html)
    return FRAGMENT.sub(lambda m: f'href="#{prefix}{m.group("value")}"', html)


def nested_headings(html: str) -> str:
    """h2 → h3 … so that a module's handout nests under its own h2."""
    return HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
