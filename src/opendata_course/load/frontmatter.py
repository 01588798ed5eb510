"""Split a Markdown file into its YAML front-matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import LocatedError


@dataclass(frozen=True)
class Split:
    meta_text: str | None  # None when the file has no front-matter
    meta_line: int  # file line of the front-matter's first line
    body: str
    body_line: int  # file line of the body's first line


class FrontMatterError(LocatedError):
    pass


def normalise(text: str) -> str:
    """Drop a BOM and turn CRLF / CR line endings into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Split:
    text = normalise(text)
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split(None, 1, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            meta = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return Split(meta, 2, body, index + 2)
    raise FrontMatterError("en-tête YAML non fermé : ajoutez une ligne « --- » après l'en-tête", 1)
