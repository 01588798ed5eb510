"""Small text helpers shared by loader, renderer and CLI."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case and drop accents: 'Données' -> 'donnees'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str, separator: str = "-") -> str:
    """'C'est quoi une donnée ?' -> 'c-est-quoi-une-donnee'."""
    words = re.findall(r"[a-z0-9]+", fold(text).replace("œ", "oe").replace("æ", "ae"))
    return separator.join(words)
