"""French typography for rendered pages: the space before « ; ! ? : » and
inside « guillemets » becomes non-breaking, so a line never starts with a
lone « ? ». Text inside code, scripts and tag attributes is left alone."""

from __future__ import annotations

import re

TAG = re.compile(r"(<[^>]*>)")
RAW = re.compile(r"^<(/?)(pre|code|kbd|samp|script|style|textarea)\b", re.IGNORECASE)
NARROW = "\u202f"  # before ; ! ? and inside guillemets
NBSP = "\u00a0"  # before :
RULES = (
    (re.compile(r" ([;!?])"), NARROW + r"\1"),
    (re.compile(r" :(?=\s|$|<)"), NBSP + ":"),
    (re.compile(r"« "), "«" + NARROW),
    (re.compile(r" »"), NARROW + "»"),
)


def french_spacing(html: str) -> str:
    parts = TAG.split(html)
    raw_depth = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = RAW.match(part)
            if match and not part.endswith("/>"):
                raw_depth += -1 if match.group(1) else 1
                raw_depth = max(raw_depth, 0)
            continue
        if raw_depth or not part:
            continue
        for pattern, replacement in RULES:
            part = pattern.sub(replacement, part)
        parts[index] = part
    return "".join(parts)
