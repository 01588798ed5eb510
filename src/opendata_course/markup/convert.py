"""A module's Markdown to its three views (deck, handout, trainer view),
with links and images pointing at their place in the site."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, unquote

from ..model import Course, Module, Part, RenderedModule, RenderedSlide
from .extension import STEP_MARK, Cited, Options, make_markdown, relink_raw
from .glossary import Glossary
from .grammar import ROOT, SCHEME
from .typography import typesetter
from .views import SlideText, Views, convert_views

LIST_ITEM = re.compile(r"^(?P<lead>\s*(?:[-*+]|\d+[.)])\s+)")


def join_parts(parts: tuple[Part, ...]) -> str:
    """Join a slide's steps, marking where each one starts.

    A list that goes on across a `--` stays one list, as in remark, even
    when the step before ended inside a sub-list.
    """
    text = parts[0].text if parts else ""
    for number, part in enumerate(parts[1:], 1):
        after = part.text.strip("\n")
        first = after.split("\n", 1)[0]
        item = LIST_ITEM.match(first)
        if item and continues_list(text, item):
            after = first[: item.end()] + STEP_MARK.format(number) + " " + first[item.end():] + after[len(first):]
            text = text.rstrip("\n") + "\n" + after
        else:
            text = text.rstrip("\n") + f"\n\n{STEP_MARK.format(number)}\n\n" + after
    return text


def continues_list(text: str, item: re.Match) -> bool:
    """Whether `item` is the next item of a list that `text` ends in: the
    last line as indented as it (deeper lines are its sub-lists) is an item
    of the same kind."""
    indent = indentation(item.group("lead"))
    for line in reversed(text.rstrip("\n").split("\n")):
        if not line.strip() or indentation(line) > indent:
            continue
        previous = LIST_ITEM.match(line)
        return bool(previous) and indentation(line) == indent and ordered(previous) == ordered(item)
    return False


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def ordered(item: re.Match) -> bool:
    return item.group("lead").strip()[0].isdigit()


class Converter:
    """Markdown to HTML for one course."""

    def __init__(self, course: Course, t: dict) -> None:
        self.course = course
        self.t = t
        self.glossary = Glossary(course.glossary)
        self.source: Path | None = None  # the module being converted: its links are relative to it
        self.markdown = make_markdown(Options(strings=t, cite=self.cite, term=self.term, link=self.link))

    def link(self, url: str) -> str:
        return site_url(url, self.source, self.course.content) if self.source else url

    def cite(self, ident: str) -> Cited | None:
        reference = self.course.references.get(ident)
        if reference is None:
            return None
        return Cited(f"{ROOT}references/index.html#ref-{ident}", reference.label, reference.title)

    def term(self, text: str) -> Cited | None:
        term = self.glossary.find(text)
        if term is None:
            return None
        return Cited(f"{ROOT}glossaire/index.html#{term.slug}", term.term, term.definition)

    def views(self, module: Module) -> Views:
        """Deck, handout and trainer view, links pointing at their place in the site."""
        texts = [SlideText(join_parts(slide.parts), slide.notes, slide.layout_text) for slide in module.slides]
        self.source = module.path
        try:
            return convert_views(self.markdown, texts, f"{module.slug}-", self.t.get("notes", "Notes"),
                                 typesetter(self.course.config.lang))
        finally:
            self.source = None


def site_url(url: str, source: Path, content: Path) -> str:
    """A link or image relative to the module file, as a link from the site
    root (`@@ROOT@@/…`): a module's .md becomes its handout page."""
    if not url or url.startswith(("#", "/", "@@")) or SCHEME.match(url):
        return url
    path, hash_, fragment = url.partition("#")
    target = (source.parent / unquote(path)).resolve()
    try:
        relative = target.relative_to(content.resolve())
    except ValueError:
        return url
    if relative.parts[:1] == ("modules",) and relative.suffix == ".md":
        return f"{ROOT}modules/{relative.stem}/index.html{hash_}{fragment}"
    return f"{ROOT}{quote(relative.as_posix())}{hash_}{fragment}"  # percent-encoded: safe in url() unquoted


def convert_module(module: Module, converter: Converter) -> RenderedModule:
    views = converter.views(module)
    slides = []
    for slide, (html, notes) in zip(module.slides, views.slides):
        if slide.style:  # background-image paths are relative to the module file
            slide = replace(slide, style=relink_raw(slide.style, lambda url: site_url(url, module.path, converter.course.content)))
        slides.append(RenderedSlide(slide, html, notes))
    return RenderedModule(module, views.handout, views.trainer, tuple(slides))


