"""French typography for rendered pages: the space before « ; ! ? : », inside
« guillemets » and between the digit groups of a number (3 500) becomes
non-breaking, so a line never starts with a lone « ? » or « 500 ». Text
inside code, scripts and tag attributes is left alone."""

from __future__ import annotations

import re

RAW_ELEMENT = re.compile(r"<(pre|code|kbd|samp|script|style|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
OUTSIDE_TAGS = r"(?![^<>]*>)"  # the next angle bracket does not close a tag
NARROW = "\u202f"  # before ; ! ? and inside guillemets
NBSP = "\u00a0"  # before :
RULES = (
    (re.compile(r" ([;!?])" + OUTSIDE_TAGS), NARROW + r"\1"),
    (re.compile(r" :(?=\s|$|<)" + OUTSIDE_TAGS), NBSP + ":"),
    (re.compile(r"« " + OUTSIDE_TAGS), "«" + NARROW),
    (re.compile(r" »" + OUTSIDE_TAGS), NARROW + "»"),
    (re.compile(r"(?<![\d,.])(\d{1,3}) (?=\d{3}(?!\d))" + OUTSIDE_TAGS), r"\1" + NARROW),
)


def french_spacing(html: str) -> str:
    parts = []
    position = 0
    for raw in RAW_ELEMENT.finditer(html):
        parts += [_spaced(html[position:raw.start()]), raw.group(0)]
        position = raw.end()
    parts.append(_spaced(html[position:]))
    return "".join(parts)


def _spaced(text: str) -> str:
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text
