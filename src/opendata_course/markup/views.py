"""A module's three views from one Markdown conversion.

The deck shows each slide on its own, step by step; the handout shows the
slides one after the other, without steps or notes; the trainer view is the
handout with each slide's notes. All three come from the same text, so it
is converted once: each slide, and each slide's notes, goes into a container
of one document; block parsing, inline Markdown and code highlighting run
once over it; then each view is a copy of the parts it needs, trimmed and
serialised on its own.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

import markdown
from markdown import util

from ..markup.extension import HEADINGS, PART, UNWRAP, VIEW, mark_steps, shift_headings
from ..slugs import slugify

STEP_TEXT = "@@step:"  # join_parts() marks where each `--` step starts
STEP_LEFT = re.compile(r"@@step:\d+@@ ?")  # a marker inside raw HTML, where no step can start
# Raw HTML and entities kept aside by Python-Markdown, between its documented marks.
STASHED = re.compile(f"{re.escape(util.STX)}[^{re.escape(util.ETX)}]*{re.escape(util.ETX)}")


@dataclass(frozen=True)
class SlideText:
    deck: str  # the slide's Markdown, with its step markers
    notes: str = ""
    layout: str = ""  # the remark layout it stands on: shown in the deck only


@dataclass(frozen=True)
class Views:
    slides: tuple[tuple[str, str], ...]  # (slide, notes) HTML, one per slide
    handout: str
    trainer: str


def unchanged(html: str) -> str:
    return html


def convert_views(md: markdown.Markdown, texts: list[SlideText], id_prefix: str, notes_title: str,
                  typeset: Callable[[str], str] = unchanged) -> Views:
    """`md` comes from markdown_ext.make_markdown(). Quiz ids get
    `{id_prefix}s3-` (or `n3-` in notes) in decks, where modules share a page.
    `typeset` is applied to each piece of HTML as it is serialised (French
    spacing): once per slide and per note, not once per page that shows it."""
    md.reset()
    lines: list[str] = []
    for number, text in enumerate(texts, 1):
        body = f"::: _layout\n{text.layout}\n:::\n\n{text.deck}" if text.layout.strip() else text.deck
        lines += container(md, f"_slide {number}", body)
        if text.notes.strip():
            lines += container(md, f"_notes {number}", text.notes)
    root = md.parser.parseDocument(lines).getroot()
    for processor in md.treeprocessors:
        root = processor.run(root) or root
    slides, notes = gather(root, len(texts))

    # The handout and trainer pages take copies; the deck then trims the tree itself.
    pages = [trim(copy.deepcopy(slide), "page") for slide in slides]
    stepped = [STEP_TEXT in text.deck for text in texts]  # the others have no marker to look for
    for tree, steps in zip(pages, stepped):
        if steps:
            mark_steps(tree, keep=False)
    page_notes = [trim(copy.deepcopy(note), "page") if note is not None else None for note in notes]
    handout, trainer = page_html(md, pages, page_notes, notes_title, typeset)

    deck = []
    for number, (slide, note) in enumerate(zip(slides, notes), 1):
        tree = trim(slide, "deck")
        if stepped[number - 1]:
            mark_steps(tree)
        prefix_quiz_ids(tree, f"{id_prefix}s{number}-")
        note_html = ""
        if note is not None:
            prefix_quiz_ids(trim(note, "deck"), f"{id_prefix}n{number}-")
            note_html = typeset(serialise(md, note))
        deck.append((typeset(serialise(md, tree)), note_html))
    return Views(tuple(deck), handout, trainer)


def container(md: markdown.Markdown, opener: str, text: str) -> list[str]:
    """A slide's lines inside a `::: _slide n` container. The preprocessors
    (code fences, raw HTML, `.class[]`) run on each slide alone, as they
    would if it were converted on its own: an unclosed HTML tag or code
    fence cannot run into the next slide."""
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    return ["", f"::: {opener}", "", *lines, "", ":::", ""]


def gather(root: etree.Element, count: int) -> tuple[list[etree.Element], list[etree.Element | None]]:
    """Each slide's container and its notes' (or None), by number."""
    slides = [etree.Element("div") for _ in range(count)]
    notes: list[etree.Element | None] = [None] * count
    current = slides[0] if count else etree.Element("div")
    for child in root:
        kind, _, number = (child.get(PART) or "").partition(":")
        if kind == "slide":
            current = slides[int(number) - 1] = child
        elif kind == "notes":
            notes[int(number) - 1] = child
        else:  # cannot happen with balanced `:::` (the loader checks): keep it anyway
            current.append(child)
    return slides, notes


def trim(tree: etree.Element, view: str) -> etree.Element:
    """Remove from `tree` the blocks of the other view and the marks."""
    tree.attrib.pop(PART, None)
    if not any(VIEW in div.attrib for div in tree.iter("div")):  # only divs are marked (extension.py): most slides have none
        return tree
    for parent in list(tree.iter()):
        for index, child in reversed(list(enumerate(parent))):
            wanted = child.attrib.pop(VIEW, None)
            if wanted is None:
                continue
            if wanted != view:
                parent.remove(child)
            elif child.attrib.pop(UNWRAP, None):
                parent.remove(child)
                for offset, grandchild in enumerate(list(child)):
                    parent.insert(index + offset, grandchild)
    return tree


def page_html(md: markdown.Markdown, pages: list[etree.Element], notes: list[etree.Element | None],
              notes_title: str, typeset: Callable[[str], str] = unchanged) -> tuple[str, str]:
    """The handout (every slide in order) and the trainer view (the same,
    each slide followed by its notes), from the same serialised slides."""
    boxes: list[etree.Element | None] = []
    for note in notes:
        box = None
        if note is not None:
            box = etree.Element("div", {"class": "speaker-notes", "role": "note"})
            box.text = box.tail = "\n"
            title = etree.SubElement(box, "p", {"class": "block-title"})
            title.text, title.tail = notes_title, "\n"
            box.extend(note)
        boxes.append(box)
    first = next((tree for tree in pages if len(tree)), None)
    if first is not None and first[0].tag == "h1":
        first.remove(first[0])  # the template prints the module's title
    everything = etree.Element("div")
    everything.extend([*pages, *(box for box in boxes if box is not None)])
    shift_headings(everything)
    used = {element.get("id") for element in everything.iter() if element.get("id")}
    counts: dict[str, int] = {}
    for tree in (*pages, *boxes):  # the handout's ids first: they do not depend on the notes
        if tree is not None:
            heading_ids(tree, used, counts)
    slides = [typeset(serialise(md, tree)) for tree in pages]
    trainer = []
    for html, box in zip(slides, boxes):
        trainer.append(html)
        if box is not None:
            trainer.append(typeset(serialise(md, wrapped(box))))
    return "\n".join(html for html in slides if html), "\n".join(html for html in trainer if html)


def wrapped(element: etree.Element) -> etree.Element:
    parent = etree.Element("div")
    parent.append(element)
    return parent


def heading_ids(tree: etree.Element, used: set[str], counts: dict[str, int]) -> None:
    """Ids for headings, as Python-Markdown's toc would give: slug, slug_1…
    `counts`: the last number tried for each slug, so that the next one
    starts there (30,000 headings « D » took a minute, one by one)."""
    for element in tree.iter():
        if element.tag in HEADINGS and "id" not in element.attrib:
            text = STASHED.sub("", "".join(element.itertext()))
            slug = base = slugify(text) or "section"
            count = counts.get(base, 0)
            while slug in used:
                count += 1
                slug = f"{base}_{count}"
            counts[base] = count
            used.add(slug)
            element.set("id", slug)


def prefix_quiz_ids(tree: etree.Element, prefix: str) -> None:
    for element in tree.iter():
        for attribute in ("id", "aria-labelledby", "name"):
            value = element.get(attribute)
            if value and value.startswith("quiz-"):
                element.set(attribute, prefix + value)


def serialise(md: markdown.Markdown, tree: etree.Element) -> str:
    """What Markdown.convert() does after its tree processors."""
    root = etree.Element(md.doc_tag)
    root.extend(tree)
    output = md.serializer(root)
    start, end = output.find(">") + 1, output.rfind("<")
    output = output[start:end] if output.endswith(f"</{md.doc_tag}>") else ""
    for postprocessor in md.postprocessors:
        output = postprocessor.run(output)
    return (STEP_LEFT.sub("", output) if STEP_TEXT in output else output).strip()
