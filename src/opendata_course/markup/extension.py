"""Python-Markdown extensions for course modules.

- `::: kind [title]` … `:::` blocks (handout, slides, exercise, solution,
  callouts, quiz, and `::: .class` divs produced from remark's `.class[]`);
- `[@id]` citations and `[[terme|texte]]` glossary links;
- the containers and view marks that views.py derives a module's deck,
  handout and trainer view from (one conversion for all three).

`make_markdown()` returns the Markdown instance that views.py drives.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable

import markdown
from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.extensions import codehilite
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from pygments.formatter import Formatter
from pygments.lexers import get_lexer_by_name
from pygments.formatters.html import HtmlFormatter

from ..schedule import format_duration, parse_duration
from .gfm import BareUrlProcessor, TableCornerTreeprocessor, TaskListTreeprocessor
from .grammar import BLOCK_CLOSE, BLOCK_OPEN, CITATION, CSS_URL, TERM, ClassSyntaxError, css_address, expand_classes, split_quiz

STEP_MARK = "@@step:{}@@"
STEP_RE = re.compile(r"^@@step:(\d+)@@\s*")
# A block of raw HTML kept aside by Python-Markdown (its documented placeholder).
PLACEHOLDER = re.compile(re.escape(util.HTML_PLACEHOLDER).replace("%s", r"\d+"))
DURATION_IN_TITLE = re.compile(r"\s*\((?P<d>[^()]+)\)\s*$")


@dataclass(frozen=True)
class Cited:
    href: str
    label: str
    title: str


# Marks on the elements of the shared tree, removed by views.py:
PART = "_part"  # a container: "slide:3" or "notes:3"
VIEW = "_view"  # a block kept in one view only: "deck" or "page"
UNWRAP = "_unwrap"  # a container whose children replace it (a slide's layout)


@dataclass
class Options:
    """What a conversion needs to know about the course."""

    strings: dict = field(default_factory=dict)
    cite: Callable[[str], Cited | None] = lambda ident: None
    term: Callable[[str], Cited | None] = lambda text: None
    link: Callable[[str], str] = lambda url: url  # a link or image as the author wrote it -> its place in the site


class FencedBlockProcessor(BlockProcessor):
    def __init__(self, parser, options: Options) -> None:
        super().__init__(parser)
        self.options = options
        self.quiz_count = 0

    def test(self, parent, block) -> bool:
        return bool(BLOCK_OPEN.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks) -> None:
        lines = blocks.pop(0).split("\n")
        opener = BLOCK_OPEN.match(lines[0])
        kind, title = opener.group("kind"), opener.group("title").strip()
        inner, remainder = self._collect(lines[1:], blocks)
        inner = inner.strip("\n")
        if remainder:
            blocks.insert(0, remainder)
        self._build(parent, kind, title, inner)

    @staticmethod
    def _collect(lines: list[str], blocks: list[str]) -> tuple[str, str]:
        collected: list[str] = []
        depth = 1
        pending = lines
        while True:
            for index, line in enumerate(pending):
                if BLOCK_CLOSE.match(line):
                    depth -= 1
                    if depth == 0:
                        return "\n".join(collected), "\n".join(pending[index + 1 :])
                elif BLOCK_OPEN.match(line):
                    depth += 1
                collected.append(line)
            if not blocks:
                return "\n".join(collected), ""
            collected.append("")
            pending = blocks.pop(0).split("\n")

    def _build(self, parent, kind: str, title: str, inner: str) -> None:
        t = self.options.strings
        if kind.startswith("."):
            div = etree.SubElement(parent, "div", {"class": " ".join(kind[1:].split("."))})
            self.parser.parseChunk(div, inner)
        elif kind in ("_slide", "_notes"):
            self.parser.parseChunk(etree.SubElement(parent, "div", {PART: f"{kind[1:]}:{title}"}), inner)
        elif kind == "_layout":
            self.parser.parseChunk(etree.SubElement(parent, "div", {VIEW: "deck", UNWRAP: "1"}), inner)
        elif kind == "handout":
            self.parser.parseChunk(etree.SubElement(parent, "div", {"class": "handout-only", VIEW: "page"}), inner)
        elif kind == "slides":
            self.parser.parseChunk(etree.SubElement(parent, "div", {"class": "slides-only", VIEW: "deck"}), inner)
        elif kind == "exercise":
            self._exercise(parent, title, inner)
        elif kind == "solution":
            details = etree.SubElement(parent, "details", {"class": "solution"})
            etree.SubElement(details, "summary").text = title or t.get("solution", "Solution")
            self.parser.parseChunk(details, inner)
        elif kind == "quiz":
            self._quiz(parent, title, inner)
        else:  # note, tip, warning, law
            box = etree.SubElement(parent, "div", {"class": f"callout callout-{kind}", "role": "note"})
            etree.SubElement(box, "p", {"class": "block-title"}).text = title or t.get(f"callout_{kind}", kind)
            self.parser.parseChunk(box, inner)

    def _exercise(self, parent, title: str, inner: str) -> None:
        t = self.options.strings
        box = etree.SubElement(parent, "div", {"class": "exercise"})
        heading = etree.SubElement(box, "p", {"class": "block-title"})
        minutes = None
        match = DURATION_IN_TITLE.search(title)
        if match and parse_duration(match.group("d").strip()):
            minutes = parse_duration(match.group("d").strip())
            title = title[: match.start()]
        heading.text = t.get("exercise", "Exercice") + (f" — {title}" if title else "")
        if minutes:
            box.set("data-duration", str(minutes))
            etree.SubElement(heading, "span", {"class": "block-duration"}).text = f" ({format_duration(minutes)})"
        self.parser.parseChunk(box, inner)

    def _quiz(self, parent, title: str, inner: str) -> None:
        t = self.options.strings
        self.quiz_count += 1
        ident = f"quiz-{self.quiz_count}"  # views.py prefixes it in decks
        question, options, explanation = split_quiz(inner)
        multiple = sum(1 for correct, _ in options if correct) > 1
        box = etree.SubElement(parent, "div", {"class": "quiz", "data-quiz": "multiple" if multiple else "single"})
        label = etree.SubElement(box, "div", {"class": "quiz-question", "id": f"{ident}-q"})
        self.parser.parseChunk(label, question)
        wrapper = etree.SubElement(box, "div", {"role": "group", "aria-labelledby": f"{ident}-q"})
        group = etree.SubElement(wrapper, "ul", {"class": "quiz-options"})
        for number, (correct, text) in enumerate(options, 1):
            item = etree.SubElement(group, "li", {"data-correct": "true" if correct else "false"})
            lab = etree.SubElement(item, "label")
            etree.SubElement(lab, "input", {
                "type": "checkbox" if multiple else "radio",
                "name": ident, "value": str(number),
            }).tail = " " + text
        answer = etree.SubElement(box, "details", {"class": "quiz-answer"})
        etree.SubElement(answer, "summary").text = t.get("quiz_answer", "Voir la réponse")
        good = etree.SubElement(answer, "p", {"class": "quiz-correct"})
        good.text = t.get("quiz_correct", "Bonne réponse :") + " " + " ; ".join(
            text for correct, text in options if correct
        )
        if explanation:
            self.parser.parseChunk(answer, explanation)


class ContentClassPreprocessor(Preprocessor):
    """remark's `.class[…]`; runs after fenced code is stashed."""

    def run(self, lines: list[str]) -> list[str]:
        try:
            return expand_classes("\n".join(lines), 1).split("\n")
        except ClassSyntaxError:
            return lines  # the loader reports it with its line


LIST_START = re.compile(r"^ {0,3}(?:[-*+]|1[.)])[ \t]+\S")  # a list that may interrupt a paragraph (CommonMark)
NOT_PROSE = re.compile(r"^\s*(?:[|#>]|<|:::)")  # table rows, headings, quotes, raw HTML, blocks
# A line that starts with an inline element (`.red[**x**]` becomes a span) is prose: a list may follow it.
INLINE_START = re.compile(r"^\s*<(?:span|a|em|strong|b|i|u|s|code|kbd|abbr|small|sub|sup|mark|img|br|q|del|ins)\b")


class BlockSpacingPreprocessor(Preprocessor):
    """Blank lines that remark (marked) does without: around `:::` lines, so
    that a block may open or close right after a paragraph or a list; and
    before a list that starts right under a paragraph line (« Elle a pour
    objectifs de : » then « * Encourager »), which remark reads as a list
    and Python-Markdown as more of the paragraph. Runs after fenced code is
    stashed."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        in_list = False  # the current block holds a list item: its lines are the list's
        for line in lines:
            if BLOCK_OPEN.match(line) or BLOCK_CLOSE.match(line):
                if out and out[-1].strip():
                    out.append("")
                out.extend([line, ""])
                in_list = False
                continue
            if not line.strip():
                in_list = False
            elif LIST_START.match(line):
                if not in_list and out and out[-1].strip() and (not NOT_PROSE.match(out[-1]) or INLINE_START.match(out[-1])):
                    out.append("")
                in_list = True
            out.append(line)
        return out


class CitationProcessor(InlineProcessor):
    def __init__(self, options: Options) -> None:
        super().__init__(CITATION.pattern)
        self.options = options

    def handleMatch(self, m, data):
        span = etree.Element("span", {"class": "citation"})
        span.text = "["
        idents = [i.strip().lstrip("@") for i in re.split(r"[;,]", m.group("ids"))]
        for index, ident in enumerate(idents):
            cited = self.options.cite(ident)
            if cited is None:
                link = etree.SubElement(span, "span", {"class": "missing"})
                link.text = ident
            else:
                link = etree.SubElement(span, "a", {"href": cited.href, "title": cited.title})
                link.text = util.AtomicString(cited.label)  # text from references.yml: never read as Markdown or HTML
            link.tail = "; " if index < len(idents) - 1 else "]"
        return span, m.start(0), m.end(0)


class TermProcessor(InlineProcessor):
    def __init__(self, options: Options) -> None:
        super().__init__(TERM.pattern)
        self.options = options

    def handleMatch(self, m, data):
        term = m.group("term").strip()
        label = (m.group("label") or term).strip()
        found = self.options.term(term)
        if found is None:
            element = etree.Element("span", {"class": "term missing"})
        else:
            element = etree.Element("a", {"class": "term", "href": found.href, "title": found.title})
        element.text = label
        return element, m.start(0), m.end(0)


def mark_steps(root, keep: bool = True) -> None:
    """Find the `--` step markers; with `keep`, number what each step shows
    (data-step), else only remove the markers (handouts)."""
    current = 0

    def walk(element, parent_step: int) -> None:
        nonlocal current
        for child in list(element):
            text = (child.text or "").strip()
            match = STEP_RE.match(text)
            if match and child.tag == "p" and not text[match.end():].strip() and not len(child):
                current = int(match.group(1))
                element.remove(child)
                continue
            if match:
                current = int(match.group(1))
                child.text = STEP_RE.sub("", child.text.lstrip(), count=1)
            step = current
            if keep and step > parent_step:
                if child.tag == "p" and PLACEHOLDER.fullmatch(text) and not len(child):
                    # Stashed raw HTML (code, tables of HTML) is only restored
                    # from a bare <p>, so carry the step on a div instead.
                    child.tag = "div"
                child.set("data-step", str(step))
            walk(child, max(step, parent_step))

    walk(root, 0)


HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def shift_headings(root) -> None:
    """Make the shallowest heading an h2, so the page's own h1 stays unique."""
    headings = [el for el in root.iter() if el.tag in HEADINGS]
    if not headings:
        return
    shift = 2 - min(int(el.tag[1]) for el in headings)
    if shift <= 0:
        return
    for element in headings:
        element.tag = f"h{min(6, int(element.tag[1]) + shift)}"


# In either quotes, as grammar.py's HTML_IMAGE finds them when the module is checked.
URL_ATTR = re.compile(r"""\b(?P<attr>src|href)\s*=\s*(?P<q>["'])(?P<url>(?:(?!(?P=q)).)*)(?P=q)""")


def relink_raw(html: str, link: Callable[[str], str]) -> str:
    """Links, images and url() in a piece of raw HTML the author wrote."""
    html = URL_ATTR.sub(lambda m: f'{m.group("attr")}={m.group("q")}{link(m.group("url"))}{m.group("q")}', html)
    return CSS_URL.sub(lambda m: f"url({link(m.group(css_address(m)))})", html)  # site_url percent-encodes: no quotes needed


class LinkTreeprocessor(Treeprocessor):
    """Point each link and image at its place in the site (as MkDocs' relative
    path processor does), in the tree and in the raw HTML kept aside."""

    def __init__(self, md, options: Options) -> None:
        super().__init__(md)
        self.options = options

    def run(self, root) -> None:
        link = self.options.link
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value:
                    element.set(attribute, link(value))
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str) and ("=" in block or "url(" in block):
                stash[index] = relink_raw(block, link)


class CourseExtension(Extension):
    def __init__(self, options: Options) -> None:
        super().__init__()
        self.options = options

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)  # so that md.reset() reaches reset() below
        self.blocks = FencedBlockProcessor(md.parser, self.options)
        md.preprocessors.register(ContentClassPreprocessor(md), "course_classes", 22)
        md.preprocessors.register(BlockSpacingPreprocessor(md), "course_block_spacing", 20)
        md.parser.blockprocessors.register(self.blocks, "course_blocks", 95)
        md.inlinePatterns.register(TermProcessor(self.options), "course_term", 176)
        md.inlinePatterns.register(CitationProcessor(self.options), "course_citation", 175)
        md.inlinePatterns.register(BareUrlProcessor(), "course_bare_url", 75)  # after raw HTML (90) and entities (80)
        md.treeprocessors.register(TableCornerTreeprocessor(md), "course_table_corner", 25)
        md.treeprocessors.register(TaskListTreeprocessor(md, self.options.strings), "course_task_list", 9)  # after inline (20)
        md.treeprocessors.register(LinkTreeprocessor(md, self.options), "course_links", 8)  # after inline (20)

    def reset(self) -> None:
        self.blocks.quiz_count = 0  # quiz ids restart with each document


def make_markdown(options: Options) -> markdown.Markdown:
    # Instances, not names: a name is looked up among the installed packages'
    # entry points (importlib.metadata: some 12 ms at every start).
    extensions = [FencedCodeExtension(), TableExtension(), SaneListExtension(),
                  CodeHiliteExtension(css_class="highlight", guess_lang=False, pygments_formatter=SharedHtmlFormatter),
                  CourseExtension(options)]
    return markdown.Markdown(extensions=extensions, output_format="html")


def shared_lexer(name: str, **options):
    """codehilite asks Pygments for a new lexer for every code block (a
    registry lookup and its options read again each time); a lexer keeps no
    state from one text to the next, so one per language and options is kept."""
    key = (name, tuple(sorted((option, repr(value)) for option, value in options.items())))
    if key not in _LEXERS:
        _LEXERS[key] = get_lexer_by_name(name, **options)  # an unknown name raises, as codehilite expects
    return _LEXERS[key]


_LEXERS: dict = {}
codehilite.get_lexer_by_name = shared_lexer  # the name codehilite calls


class SharedHtmlFormatter(Formatter):
    """codehilite makes a formatter for every code block, and Pygments'
    HtmlFormatter works out its whole style sheet when it is made: this one
    hands each block to one HtmlFormatter per set of options, made once."""

    _made: dict = {}

    def __init__(self, **options) -> None:
        super().__init__(**options)
        key = tuple(sorted((name, repr(value)) for name, value in options.items()))
        if key not in self._made:
            self._made[key] = HtmlFormatter(**options)
        self.html = self._made[key]

    def format(self, tokensource, outfile) -> None:
        self.html.format(tokensource, outfile)
