"""Split a module body into remark-style slides: pure text, line numbers kept.

`---` alone on a line separates slides, `--` alone adds a step, `???`
starts the speaker notes of a step; none of them counts inside fenced code.
The first lines of a slide may set properties (`class: center, middle`).
"""

from __future__ import annotations

import re
from ..model import Part, RawSlide
from .grammar import code_mask

PROPERTY = re.compile(r"^(?P<name>[a-zA-Z][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
PROPERTIES = (
    "class", "name", "layout", "exclude", "count", "template",
    "background-image", "background-size", "background-position",
    "background-color", "background-repeat",
)


def split_slides(body: str, first_line: int = 1) -> list[RawSlide]:
    lines = body.split("\n")
    mask = code_mask(lines)
    chunks: list[tuple[int, list[str], list[bool]]] = [(0, [], [])]
    for index, (line, in_code) in enumerate(zip(lines, mask)):
        if not in_code and line.rstrip() == "---":
            chunks.append((index + 1, [], []))
            continue
        chunks[-1][1].append(line)
        chunks[-1][2].append(in_code)
    return [_parse_slide(start + first_line, chunk, chunk_mask) for start, chunk, chunk_mask in chunks]


def _parse_slide(line: int, lines: list[str], mask: list[bool]) -> RawSlide:
    properties: dict[str, str] = {}
    property_lines: dict[str, int] = {}
    index = 0
    while index < len(lines) and not lines[index].strip() and not properties:
        index += 1
    while index < len(lines) and not mask[index]:
        match = PROPERTY.match(lines[index])
        if not match or match.group("name").lower() not in PROPERTIES:
            break
        name = match.group("name").lower()
        properties[name] = match.group("value")
        property_lines[name] = line + index
        index += 1
    if not properties:
        index = 0
    return RawSlide(line, properties, property_lines, tuple(_split_parts(line + index, lines[index:], mask[index:])))


def _split_parts(line: int, lines: list[str], mask: list[bool]) -> list[Part]:
    parts = []
    start = 0
    for index in range(len(lines) + 1):
        at_end = index == len(lines)
        if at_end or (not mask[index] and lines[index].rstrip() == "--"):
            parts.append(_split_notes(line + start, lines[start:index], mask[start:index]))
            start = index + 1
    return parts


def _split_notes(line: int, lines: list[str], mask: list[bool]) -> Part:
    for index, (text, in_code) in enumerate(zip(lines, mask)):
        if not in_code and text.rstrip() == "???":
            # A second ??? in the notes is a separator remark ignores: so do we.
            notes = [note for note, note_in_code in zip(lines[index + 1 :], mask[index + 1 :])
                     if note_in_code or note.rstrip() != "???"]
            return Part("\n".join(lines[:index]), line, "\n".join(notes).strip("\n"), line + index + 1)
    return Part("\n".join(lines), line)


def class_list(value: str) -> list[str]:
    """'center, middle' or 'center,middle' or 'center middle' -> names."""
    return [name for name in re.split(r"[\s,]+", value or "") if name]


def truthy(value: str) -> bool | None:
    lowered = (value or "").strip().lower()
    if lowered in ("true", "yes", "oui", "1"):
        return True
    if lowered in ("false", "no", "non", "0", ""):
        return False
    return None
