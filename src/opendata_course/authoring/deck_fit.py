"""Make imported slides fit a 16:9 screen.

A xaringan slide is 4:3: at its 20px text it holds about 39em × 32em. Ours
is 16:9 (1280×720): 40.6em × 22.5em (markup/fit.py). A slide written for
xaringan may be a third too tall here. Each imported slide is estimated as
the deck will show it (markup/fit.py's machinery: converted with the
course's extension, typeset, laid out); a slide too tall at normal size that
fits at the theme's `reduite` size (0.75) gets that class. A slide too tall
even so is left as it is: the import report names it, and `check` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..load.course_files import Entries
from ..load.modules import Lookups, resolve_slides
from ..markup.fit import HEIGHT, SLACK, deck_html, estimate, surely_fits
from ..markup.images import Images
from ..markup.slides import split_slides
from ..problems import Problems

REDUCED = "reduite"  # deck.css: .slide.reduite, 0.75 of the slide's type size
LIMIT = HEIGHT * SLACK  # what `check` reports as too tall


class TooTall(NamedTuple):
    first_line: str  # the slide's first written line, to find it in the deck
    share: float  # of the screen's height, at the smallest size tried


class Fitted(NamedTuple):
    body: str
    reduced: int  # slides that got `reduite`
    too_tall: tuple[TooTall, ...]  # slides that do not fit even so


def fit_slides(body: str, images: dict[str, Path]) -> Fitted:
    """`body`: the module body as imported; `images`: each local image's path
    in the body -> its file (not copied yet), for its natural size."""
    raw = split_slides(body, 0)
    lookups = Lookups(Entries(), None, None, Path("."), set())
    slides = resolve_slides(raw, Path("import.md"), lookups, Problems())  # backgrounds aside, nothing is reported
    sizes = Images(None, files=images)
    by_line = {slide.line: slide for slide in raw}
    edits: dict[int, tuple[str, bool]] = {}  # line -> (class line, replaces the line there)
    too_tall: list[TooTall] = []
    for slide, html in zip(slides, deck_html(slides, {}, None)):
        if REDUCED in slide.classes or surely_fits(html):
            continue
        try:
            normal = estimate(html, slide.classes, sizes)
            if normal.height <= LIMIT:
                continue
            smaller = estimate(html, (*slide.classes, REDUCED), sizes)
        except RecursionError:
            continue
        first = _first_written(slide)
        if smaller.height > LIMIT:
            too_tall.append(TooTall(first, smaller.height / HEIGHT))
            continue
        value = f"class: {', '.join((*slide.classes, REDUCED))}"
        own = by_line[slide.line]
        if "class" in own.property_lines:
            edits[own.property_lines["class"]] = (value, True)
        else:  # before its other properties, or at its top
            edits[min(own.property_lines.values(), default=own.line)] = (value, False)
    lines = body.split("\n")
    for line, (value, replace) in sorted(edits.items(), reverse=True):
        if replace:
            lines[line] = value
        else:
            lines.insert(line, value)
    return Fitted("\n".join(lines), len(edits), tuple(too_tall))


def _first_written(slide) -> str:
    for part in slide.parts:
        for text in part.text.split("\n"):
            if text.strip():
                return text.strip()
    return ""
