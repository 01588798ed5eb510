"""Small text helpers shared by loader, renderer and CLI."""

from __future__ import annotations

import re
import unicodedata


class _Unaccented(dict):
    """str.translate() table: a character without its accents, worked out
    the first time it is met (decomposed, combining marks dropped)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        self[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
        return self[code]


_UNACCENTED = _Unaccented()


def fold(text: str) -> str:
    """Lower-case and drop accents: 'Données' -> 'donnees'."""
    return text.translate(_UNACCENTED).casefold()


def slugify(text: str, separator: str = "-") -> str:
    """'C'est quoi une donnée ?' -> 'c-est-quoi-une-donnee'."""
    words = re.findall(r"[a-z0-9]+", fold(text).replace("œ", "oe").replace("æ", "ae"))
    return separator.join(words)
