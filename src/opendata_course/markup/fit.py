"""Will a slide fit? A build-time estimate of each slide's height.

`check` warns, on a slide's first line, about a slide too tall for 1280×720
or holding more than MAX_WORDS words: `x.md:12: attention : diapositive trop
chargée (…)`. The slide is converted as the deck shows it (the course's own
Markdown extension), then laid out roughly, in ems of its text, as deck.css
does: text wrapped word by word with DejaVu Sans's advance widths (Debian's
`system-ui`, wider than Windows' and macOS's) and markup/typography.py's no-break
spaces; code in monospace; tables with auto column widths; images at their
natural size, at most their column's width and 15em high; margins collapsed;
columns side by side; hidden content (handout, closed answers, notes,
footnotes) left out, hidden steps kept (they keep their place).

Calibration (December 2026, Debian's Chromium 156, 1280×720): the course's
651 module slides, measured with Playwright (each `.slide-content`, deck.js's
shrinking undone) and estimated. Estimate over measure: median 1.000; 98.8 %
within 1 %, 99.4 % within a line of text (1.4em); extremes 0.90 and 1.10, a
line more or less where a heading or a table cell is within a letter of its
width (kerning is not modelled; KERNING is its median effect). The fullest
slides measured 110.4 %, 102 % and 101.4 % of the box, estimated the same.
Fifteen overfull slides written for the calibration (long paragraphs, lists,
code, tables, an image over a list, columns, quiz, exercise, callout, quote)
measured 117 % to 162 %, estimated within 5 %. A slide is reported past
HEIGHT × SLACK: taller than its box and bottom padding, it would be clipped
where deck.js does not shrink it (print, PDF).
"""

from __future__ import annotations

import math
import re
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from ..model import RenderedModule, Slide
from ..problems import Problems
from .convert import join_parts
from .extension import Cited, Options, make_markdown
from .fit_tree import TAG, Node, parse
from .images import Images
from .typography import french_spacing
from .views import SlideText, convert_views

PX = 45 / 1280  # one CSS pixel, in ems of the slide's text, at 1280×720
WIDTH = 45 - 2 * 2.2  # the content box: 40.6em
HEIGHT = 720 * PX - 2 * 1.4  # 22.5em
SLACK = 1 + 1.4 / HEIGHT  # the bottom padding (1.4em): about 106 %
MAX_WORDS = 90
IMAGE_MAX = 15  # deck.css: .slide img { max-height: 15em }

# DejaVu Sans (and Bold) advance widths in ems, measured in Chromium (canvas measureText).
_WIDTHS = {
    0.2: "\u202f", 0.275: "'", 0.28: "ijlîï", 0.295: "IJ", 0.32: " .,’\u00a0", 0.335: ";:/|", 0.35: "f", 0.36: "-\u2011",
    0.39: "t()[]", 0.4: "!", 0.41: "r", 0.46: '"', 0.5: "–*_°§", 0.52: "sz", 0.53: "?", 0.55: "cçL", 0.58: "Fk", 0.59: "vxy",
    0.605: "P", 0.61: "oTY«»ôö", 0.615: "aeéèêëàâä", 0.63: "EÉÈ", 0.635: "0123456789bdghnpquS€ùûü", 0.655: "K", 0.685: "ABVXZÀ",
    0.695: "R", 0.7: "CÇ", 0.73: "U", 0.75: "HN", 0.775: "DG&", 0.785: "OQ", 0.82: "w", 0.84: "#+=<>", 0.865: "M", 0.95: "%",
    0.975: "m", 0.99: "W", 1.0: "—…@", 1.025: "œ", 1.07: "Œ",
}
_BOLD_WIDTHS = {
    0.2: "\u202f", 0.305: "'", 0.345: "ijlîï", 0.35: " \u00a0", 0.365: "/|", 0.37: "IJ", 0.38: ".,’", 0.4: ";:", 0.415: "-\u2011",
    0.435: "f", 0.455: "!()[]", 0.48: "t", 0.495: "r", 0.5: "–_°§", 0.52: '"*', 0.58: "z?", 0.595: "csç", 0.635: "L",
    0.645: "x«»", 0.65: "vy", 0.665: "k", 0.675: "aàâä", 0.68: "eTéèêë", 0.685: "oEFôöÉÈ", 0.695: "0123456789€", 0.71: "hnuùûü",
    0.715: "bdgpq", 0.72: "S", 0.725: "YZ", 0.735: "CPÇ", 0.76: "B", 0.77: "RX", 0.775: "AKVÀ", 0.81: "U", 0.82: "G", 0.83: "D",
    0.835: "HN", 0.84: "#+=<>", 0.85: "OQ", 0.87: "&", 0.925: "w", 0.995: "M", 1.0: "—…%@", 1.04: "m", 1.095: "œ", 1.105: "W",
    1.165: "Œ",
}
KERNING = 0.998  # whole lines come out this much narrower than the sum of their letters (median of 400)
CHAR = {char: width * KERNING for width, chars in _WIDTHS.items() for char in chars}
BOLD_CHAR = {char: width * KERNING for width, chars in _BOLD_WIDTHS.items() for char in chars}
OTHER_CHAR, BOLD, MONO = 0.62, 1.13, 0.602  # BOLD: for characters outside the table

FONT = {"h1": 2.1, "h2": 1.6, "h3": 1.25, "h5": 0.83, "h6": 0.67, "pre": 0.8, "table": 0.85}
LINE = {"h1": 1.15, "h2": 1.2}  # line heights, 1.4 elsewhere
MARGINS = {"h1": (0.2, 0.4), "h2": (0, 0.5), "h3": (0.4, 0.4), "h4": (1.33, 1.33), "p": (0.4, 0.4), "ul": (0.4, 0.4),
           "ol": (0.4, 0.4), "pre": (0.5, 0.5), "blockquote": (0.5, 0.5), "hr": (0.5, 0.5), "dl": (1, 1)}
INLINE = {"a", "span", "strong", "b", "em", "i", "code", "kbd", "samp", "sup", "sub", "small", "abbr", "mark", "s",
          "del", "ins", "u", "q", "label", "input", "img", "br", "cite", "time", "wbr", "var", "dfn"}
BOXED = {"callout", "exercise", "quiz"}  # deck.css: border-left .3em, padding .3em .8em, margin .5em 0
FLOATS = {"pull-left": 0.47, "pull-right": 0.47, "left-column": 0.2, "right-column": 0.75}
HIDDEN = {"handout-only", "notes", "footnote", "my-footer", "footer"}  # not shown, or out of the flow (footnotes, footers: absolute)
ALNUM = re.compile(r"[^\W_]")  # a word is a run of non-spaces with a letter or a digit in it
BLANKS = re.compile(r"([ \t\n\r]+)")  # where lines may break (not at no-break spaces)
class Box(NamedTuple):
    top: float  # margins that may collapse with a neighbour's
    height: float
    bottom: float


class Fit(NamedTuple):
    height: float  # estimated height of the content, in ems
    words: int

    @property
    def share(self) -> float:  # of the slide's content box
        return self.height / HEIGHT

    @property
    def overfull(self) -> bool:
        return self.height > HEIGHT * SLACK or self.words > MAX_WORDS


def warn_overfull(rendered: RenderedModule, content: Path, problems: Problems) -> None:
    """One warning per slide of a converted module that would not fit (the
    build calls it on the deck HTML it has just made: no second conversion)."""
    images = Images(rendered.module.path.parent, content)
    for item in rendered.slides:
        if surely_fits(item.html):
            continue
        try:
            fit = estimate(item.html, item.slide.classes, images)
        except RecursionError:  # markup nested by the hundred: no estimate, the slide is unreadable anyway
            continue
        said = [f"environ {round(fit.share * 100)} % de la hauteur d'un écran 1280×720"] if fit.height > HEIGHT * SLACK else []
        said += [f"{fit.words} mots, {MAX_WORDS} au plus"] if fit.words > MAX_WORDS else []
        if said:  # on the slide's first written line
            slide = item.slide
            written = [slide.parts[0].line + i for i, text in enumerate(slide.parts[0].text.split("\n")) if text.strip()]
            problems.warn(rendered.module.path, (written or [slide.line])[0], f"diapositive trop chargée ({' ; '.join(said)} : "
                          "allégez-la, scindez-la ou passez du texte dans un bloc « ::: handout »)")


TALL = ("<img", "<table", "<pre", "<svg", "<iframe", "<video")


def surely_fits(html: str) -> bool:
    """A slide too short to overflow, whatever its layout: under 300 letters
    in at most 8 blocks (paragraphs, items, headings, breaks), no image,
    table or code. Many slides are: the full estimate is kept for the others."""
    if len(html) > 4000 or any(tag in html for tag in TALL):
        return False
    blocks = sum(html.count(tag) for tag in ("<p", "<li", "<h", "<br", "<dt", "<dd", "<blockquote"))
    return blocks <= 8 and len(TAG.sub("", html)) < 300


def deck_html(slides: list[Slide], references: dict, glossary) -> list[str]:
    """Each slide's deck HTML, typeset as the deck is (its no-break spaces
    change where lines wrap), converted on its own: for a module not
    converted by the build (the calibration, the import)."""
    def term(text: str) -> Cited | None:  # citations and glossary terms take their labels' room
        found = glossary.find(text) if glossary is not None else None
        return Cited("#", found.term, "") if found is not None else None

    options = Options(cite=lambda ident: Cited("#", references[ident].label, "") if ident in references else None, term=term)
    texts = [SlideText(join_parts(slide.parts), "", slide.layout_text) for slide in slides]
    return [french_spacing(html) for html, _ in convert_views(make_markdown(options), texts, "", "").slides]


def estimate_module(slides: list[Slide], folder: Path, references: dict, glossary) -> list[Fit]:
    """The fit of each slide of a module; its images are read from `folder`."""
    images = Images(folder)
    return [estimate(html, slide.classes, images) for slide, html in zip(slides, deck_html(slides, references, glossary))]


def estimate(html: str, classes=(), images: Images | None = None) -> Fit:
    """The fit of one slide's deck HTML, typeset (`classes`: the slide's own)."""
    tree = parse(html)
    box = Layout(images or Images(None)).flow(tree.children, WIDTH, 0.75 if "reduite" in classes else 1.0, contain=True)
    return Fit(box.height, count_words(tree))


def shown(node) -> bool:
    return isinstance(node, str) or not (node.classes & HIDDEN or node.tag in ("script", "style", "template"))


def children_shown(node: Node) -> list:
    """A closed <details> shows its summary only."""
    if node.tag == "details" and "open" not in node.attrs:
        return [child for child in node.children if isinstance(child, Node) and child.tag == "summary"]
    return node.children


def text_of(node, skip=lambda node: False) -> str:
    if isinstance(node, str):
        return node
    return " " if not shown(node) or skip(node) else "".join(text_of(child, skip) for child in children_shown(node))


def count_words(tree: Node) -> int:
    """Words the audience reads: not code blocks, citations or the quiz's button."""
    text = text_of(tree, lambda node: node.tag in ("pre", "summary") or "citation" in node.classes)
    return sum(1 for word in text.split() if ALNUM.search(word))  # linear: a regex over each run backtracked on « <<<< »


def stack(boxes: list[Box], contain: bool) -> Box:
    """Boxes one under the other, adjacent margins collapsed; with
    `contain` (a new formatting context) the outer margins count inside."""
    boxes = [box for box in boxes if any(box)]
    if not boxes:
        return Box(0, 0, 0)
    height = boxes[0].height + sum(max(before.bottom, box.top) + box.height for before, box in zip(boxes, boxes[1:]))
    return Box(0, boxes[0].top + height + boxes[-1].bottom, 0) if contain else Box(boxes[0].top, height, boxes[-1].bottom)


# --- layout ---------------------------------------------------------------------

class Layout:
    def __init__(self, images: Images) -> None:
        self.images = images  # natural sizes of the module's images

    def flow(self, children: list, width: float, scale: float, contain: bool = False, bold: bool = False) -> Box:
        """Stack block children; runs of inline content become line boxes."""
        boxes: list[Box] = []
        run: list = []
        floats: list[float] = []
        items = 0  # list items so far: deck.css puts .2em between two

        def end_run() -> None:
            if "".join(text_of(node) for node in run).strip() or any(isinstance(n, Node) and n.tag == "img" for n in run):
                boxes.append(Box(0, self.lines(run, width, scale, 1.4, bold), 0))
            run.clear()

        def end_floats() -> None:
            if floats:
                boxes.append(Box(0, max(floats), 0))
                floats.clear()

        for child in children:
            if isinstance(child, str) or child.tag in INLINE:
                if isinstance(child, str) and not child.strip() and not run:
                    continue
                if floats and (not isinstance(child, str) or child.strip()):
                    end_floats()
                run.append(child)
                continue
            end_run()
            if not shown(child):
                continue
            side = next((FLOATS[name] for name in child.classes if name in FLOATS), None)
            if side is not None:  # a column: as tall as its content, margins inside
                pad = 0.5 * scale if "right-column" in child.classes else 0
                floats.append(pad + self.flow(child.children, width * side, self.scaled(child, scale), contain=True).height)
                continue
            end_floats()
            box = self.block(child, width, scale)
            if child.tag == "li":
                items += 1
                box = box._replace(top=max(box.top, 0.2 * scale)) if items > 1 else box
            boxes.append(box)
        end_run()
        end_floats()
        return stack(boxes, contain)

    @staticmethod
    def scaled(node: Node, scale: float) -> float:
        return scale * FONT.get(node.tag, 1.0) * (0.75 if "reduite" in node.classes else 1.0)

    def block(self, node: Node, width: float, scale: float) -> Box:
        tag, size = node.tag, self.scaled(node, scale)
        top, bottom = (margin * size for margin in MARGINS.get(tag, (0, 0)))
        if tag in ("pre", "table", "img", "hr"):
            height = (self.code(node, width, size) if tag == "pre" else self.table(node, width, size) if tag == "table"
                      else self.image(node, width, size)[1] if tag == "img" else 2 * PX)
            return Box(top, height, bottom)
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt") and all(
                isinstance(c, str) or c.tag in INLINE for c in node.children):
            alone = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
            if len(alone) == 1 and isinstance(alone[0], Node) and alone[0].tag == "img":  # a diagram alone: a block
                return Box(top, self.image(alone[0], width, size)[1], bottom)
            bold = tag.startswith("h") or "block-title" in node.classes
            return Box(top, self.lines(node.children, width, size, LINE.get(tag, 1.4), bold), bottom)
        inner, pad, contain = width, 0.0, False
        if tag in ("ul", "ol", "dd") and "quiz-options" not in node.classes:
            inner -= 40 * PX
        elif tag == "blockquote":
            inner -= 1.2 * size  # padding-left 1em, border .2em
        if node.classes & BOXED:
            inner, pad, contain = inner - (0.3 + 1.6) * size, 0.6 * size, True
            top = bottom = 0.5 * size
        box = self.flow(children_shown(node), inner, size, contain)
        if contain:
            return Box(top, box.height + pad, bottom)
        return Box(max(top, box.top), box.height, max(bottom, box.bottom))

    def lines(self, nodes: list, width: float, scale: float, line: float, bold: bool = False) -> float:
        """Height of inline content wrapped word by word into `width`."""
        return wrap(self.words(nodes, scale, bold, width), width, line * scale)

    def words(self, nodes: list, scale: float, bold: bool, width: float) -> list[tuple[float, float, float]]:
        """(space before, width, height if an image) of each word of inline
        content; a <br> is a word of infinite width. No-break spaces join."""
        found: list[tuple[float, float, float]] = []
        state = [0.0, 0.0, 0.0]  # the word being read, the space before it, the space since the last word

        def end(image: tuple[float, float] | None = None) -> None:
            if state[0]:
                found.append((state[1], state[0], 0.0))
                state[0] = 0.0
            if image is not None:
                found.append((state[2], *image))
                state[2] = 0.0

        def walk(node, factor: float, mono: bool, heavy: bool) -> None:
            if isinstance(node, str):
                widths = BOLD_CHAR if heavy else CHAR
                other = OTHER_CHAR * (BOLD if heavy else 1)
                for index, piece in enumerate(BLANKS.split(node)):
                    if index % 2:  # blanks between words
                        end()
                        state[2] = widths[" "] * factor
                    elif piece:
                        if not state[0]:
                            state[1], state[2] = state[2], 0.0
                        state[0] += (MONO * len(piece) if mono else sum(map(widths.get, piece, repeat(other)))) * factor
            elif node.tag == "br":
                end((math.inf, 0.0))
            elif node.tag == "img":
                w, h = self.image(node, width, factor)
                end((w, h + 0.3 * scale))
            elif node.tag == "input":
                walk("\u2003", factor * 1.0 / OTHER_CHAR, mono, False)  # a radio button or a box: about 1em
            elif shown(node):
                code = node.tag in ("code", "kbd", "samp")
                inner = factor * (0.9 if code else 1.0) * (0.75 if "reduite" in node.classes else 1.0)
                for child in children_shown(node):
                    walk(child, inner, mono or code, heavy or node.tag in ("strong", "b", "th"))

        for node in nodes:
            walk(node, scale, False, bold)
        end()
        return found

    def code(self, node: Node, width: float, size: float) -> float:
        """A code block: .8em monospace, padding .5em .8em, lines wrapped
        (pre-wrap). Pygments' style sheet sets a 125 % line height; the .9em
        <code> inside sets its text smaller and its lines a little taller."""
        per_line = max(1, int((width - 1.6 * size) / (MONO * 0.9 * size)))
        lines = text_of(node).rstrip("\n").split("\n")
        return sum(max(1, math.ceil(len(line.expandtabs(4)) / per_line)) for line in lines) * 1.31 * size + 1.0 * size

    def table(self, node: Node, width: float, size: float) -> float:
        """Auto table layout: columns get their widest content, or a share
        of the width between their longest word and it."""
        parts = [node, *(part for part in node.children if isinstance(part, Node))]  # rows, or thead and tbody
        rows = [row for part in parts for row in part.children if isinstance(row, Node) and row.tag == "tr"]
        cells = [[c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")] for row in rows]
        if not cells:
            return 0.0
        pad = 1.0 * size + PX  # .2em .5em of the table's font, and a border
        widest, longest = [pad] * max(map(len, cells)), [pad] * max(map(len, cells))
        measured: dict[Node, list] = {}  # a cell of text alone: its words, measured once for its column and its height
        for row in cells:
            for index, cell in enumerate(row):
                found = self.words(cell.children, size, cell.tag == "th", width)
                if text_alone(cell):
                    measured[cell] = found
                words = [(gap, word) for gap, word, _ in found if word != math.inf] or [(0.0, 0.0)]
                widest[index] = max(widest[index], sum(gap + word for gap, word in words) - words[0][0] + pad)
                longest[index] = max(longest[index], max(word for _, word in words) + pad)
        widths = widest
        if sum(widest) > width:
            spare, stretch = max(0.0, width - sum(longest)), sum(widest) - sum(longest) or 1
            widths = [low + (high - low) * spare / stretch for low, high in zip(longest, widest)]

        def height(cell: Node, room: float) -> float:  # what flow() gives, from the words already measured when it can
            if cell in measured:
                return wrap(measured[cell], room, 1.4 * size) if "".join(map(text_of, cell.children)).strip() else 0.0
            return self.flow(cell.children, room, size, bold=cell.tag == "th").height

        return PX + sum(max([1.4 * size] + [height(cell, widths[index] - pad) for index, cell in enumerate(row)])
                        + 0.4 * size + PX for row in cells)

    def image(self, node: Node, width: float, scale: float = 1.0) -> tuple[float, float]:
        """Width and height of an image: its natural size (or its width
        attribute), at most its column's width and 15em high, in proportion."""
        w, h = self.images.size(node.attrs.get("src", "")) or (960, 540)  # unknown: a wide diagram
        if re.fullmatch(r"\d+(\.\d+)?", node.attrs.get("width", "")):
            w, h = float(node.attrs["width"]), h * float(node.attrs["width"]) / w
        w, h = w * PX, h * PX
        if w > width:
            w, h = width, h * width / w
        if h > IMAGE_MAX * scale:
            w, h = w * IMAGE_MAX * scale / h, IMAGE_MAX * scale
        return w, h


def wrap(words: list[tuple[float, float, float]], width: float, line_height: float) -> float:
    """Height of words (Layout.words()) set into lines of `width`."""
    height, used, tallest = 0.0, 0.0, 0.0
    for gap, word, image in words:
        if word == math.inf or (used and used + gap + word > width + 1e-6):  # a <br>, or no room left
            height, used, tallest = height + max(line_height, tallest), 0.0, 0.0
            if word == math.inf:
                continue
        while word > width + 1e-6:  # a word longer than the line breaks anywhere (overflow-wrap)
            height, word = height + line_height, word - width
        used += (gap if used else 0) + word
        tallest = max(tallest, image)
    return height + max(line_height, tallest)


def text_alone(cell: Node) -> bool:
    """A cell whose lines flow() would set from the very words measured for
    its column: inline content without images (their size depends on the
    room) and not opening on blank text (flow() skips it, no-break spaces
    included, which words() counts as letters)."""
    first = cell.children[0] if cell.children else None
    return not (isinstance(first, str) and not first.strip()) and inline_text(cell)


def inline_text(node: Node) -> bool:
    return all(isinstance(child, str) or (child.tag in INLINE and child.tag != "img" and inline_text(child))
               for child in node.children)
