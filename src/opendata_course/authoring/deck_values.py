"""What importing a deck produces, and the patterns it reads decks with."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


from ..load.reader import PLACEHOLDER_MARK
from ..problems import LocatedError


DURATION_LINE = f"duration: 1h  # {PLACEHOLDER_MARK}"
OBJECTIVE = f"{PLACEHOLDER_MARK} : ce que l'apprenant saura faire (un verbe d'action)"
TITLE_SLIDE_CLASSES = "center, middle, inverse, title-slide"  # as xaringan writes it

# Classes of static/deck.css, kept as they are.
THEME_CLASSES = frozenset((
    "red", "reduite", "pull-left", "pull-right", "left-column", "right-column",
    "footnote", "inverse", "center", "middle", "left", "right", "top", "bottom",
    "title-slide",
))
# Classes of xaringan's themes (tools.css, metropolis, ninjutsu…) and their
# equivalent here; a class mapped to itself is known and kept.
CLASS_ALIASES = {
    "small": "reduite", "footnotesize": "reduite", "scriptsize": "reduite", "tiny": "reduite",
    "smaller": "reduite", "bold": "bold",
    **{f"font{size}": "reduite" for size in range(50, 100, 10)},
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico")

INLINE_R = re.compile(r"^r\s+(?P<code>.*?)\s*$", re.DOTALL)
R_IN_TEXT = re.compile(r"`r\s+(?P<code>[^`]*?)\s*`")
CHUNK = re.compile(r"^[\t >]*(?P<fence>`{3,})\s*\{(?P<engine>[a-zA-Z][\w]*)[\s,]*(?P<options>.*?)\}\s*$")
INCLUDE_GRAPHICS = re.compile(
    r"^\s*(?:knitr::)?include_graphics\(\s*(?:path\s*=\s*)?(?P<q>[\"'])(?P<src>[^\"']+)(?P=q)\s*(?:,[^)]*)?\)\s*;?\s*$")
LINK_TARGET = re.compile(r"\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"'](?P<src>[^\"']+)[\"']", re.IGNORECASE)
HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
CLASS_SPAN = re.compile(r"(?<![\w\\])\.[A-Za-z_][\w.-]*\[(?P<inner>[^\[\]]*)\]")
TAG = re.compile(r"<[^>]+>")
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
R_TAG = re.compile(r"^(?P<key>\s*(?:-\s+)?[\w-]+\s*:\s*)!(?:r|expr)\s+(?P<code>.+?)\s*$")

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_FORMS = (
    (re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"), None),
    (re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})\b"), None),
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:er)?\s+(?P<mn>{_MONTH})\.?\s+(?P<y>\d{{4}})\b", re.IGNORECASE), "mn"),
    (re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE), "mn"),
    # « Octobre 2024 »: a month, read as its first day
    (re.compile(rf"^\s*(?P<mn>{_MONTH})\.?\s+(?P<y>\d{{4}})\s*$", re.IGNORECASE), "mn"),
)

CC_URL = re.compile(
    r"creativecommons\.org/(?:licenses/(?P<kind>by(?:-(?:nc|nd|sa)){0,2})/(?P<ver>\d\.\d)"
    r"|publicdomain/zero/(?P<zero>\d\.\d))", re.IGNORECASE)
CC_TEXT = re.compile(
    r"\bCC[ _-]?(?:(?P<zero>0|zero)\b|(?P<kind>BY(?:[ _-]+(?:NC|ND|SA)\b){0,2})(?:[ _-]*v?(?P<ver>\d\.\d))?)",
    re.IGNORECASE)
CC_NAME = re.compile(r"creative\s+commons", re.IGNORECASE)
CC_WORDS = (  # full licence names, French and English
    ("NC", re.compile(r"pas d.utilisation commerciale|non.?commercial", re.IGNORECASE)),
    ("ND", re.compile(r"pas de modification|no.?deriv", re.IGNORECASE)),
    ("SA", re.compile(r"partage dans les m[êe]mes conditions|share.?alike", re.IGNORECASE)),
)


class ImportProblem(LocatedError):
    """The deck cannot be imported: `line` in the deck, French message."""


class ImportRefused(Exception):
    """Writing would overwrite something: nothing was written."""


@dataclass(frozen=True)
class Notice:
    line: int
    message: str


@dataclass(frozen=True)
class Asset:
    source: Path  # the file next to the deck
    name: str  # its name in content/media/<slug>/


@dataclass
class Imported:
    slug: str
    front: dict  # title, subtitle, authors, licence, updated (only those found)
    body: str
    assets: tuple[Asset, ...] = ()
    warnings: tuple[Notice, ...] = ()
    slides: int = 0  # as remark shows them: no layout, no excluded slide
    steps: int = 0  # `--` in those slides
    notes: int = 0  # slides with speaker notes
    remote_images: int = 0
    classes: Counter = field(default_factory=Counter)  # known classes used
    unknown_classes: Counter = field(default_factory=Counter)
    stylesheets: tuple[str, ...] = ()  # xaringan css, not carried over (themes, remote, missing or refused)
    copied_styles: tuple[str, ...] = ()  # local stylesheets copied, by their name in content/media/<slug>/
    refused_styles: tuple[tuple[str, str], ...] = ()  # (name in the deck, why it is not copied)
    written_styles: tuple[tuple[str, str], ...] = ()  # (name in content/media/<slug>/, rules): the deck's {css} chunks
    licence_line: int = 0
    title_slide: bool = False
    reduced: int = 0  # slides given `reduite` to fit a 16:9 screen
