"""Every value that crosses a seam: the course as the loader builds it,
modules as markup converts them, files as the site lays them out.

This module imports nothing of the package, so every other one may use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Part:
    """One step of a slide: the content it adds, and its notes."""

    text: str
    line: int
    notes: str = ""
    notes_line: int = 0


@dataclass(frozen=True)
class RawSlide:
    line: int
    properties: dict = field(default_factory=dict)
    property_lines: dict = field(default_factory=dict)
    parts: tuple[Part, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(part.text for part in self.parts)

    @property
    def notes(self) -> str:
        return "\n\n".join(part.notes for part in self.parts if part.notes.strip())


@dataclass(frozen=True)
class Config:
    title: str
    subtitle: str = ""
    lang: str = "fr"
    licence: str = "CC-BY-SA-4.0"
    authors: tuple[str, ...] = ()
    organisation: str = ""
    base_url: str = ""
    logo: str = ""
    contact: str = ""
    day_end: int = 17 * 60 + 30
    repository: str = ""  # web address of the course's sources (GitHub, GitLab…)
    branch: str = "main"  # the repository's branch that the site is built from


@dataclass(frozen=True)
class Reference:
    id: str
    title: str
    kind: str
    url: str = ""
    short: str = ""
    date: str = ""
    publisher: str = ""

    @property
    def label(self) -> str:
        return self.short or self.title


@dataclass(frozen=True)
class Term:
    term: str
    slug: str
    definition: str
    source: str = ""
    synonyms: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Competence:
    id: str
    title: str
    domain: str = ""
    description: str = ""


@dataclass(frozen=True)
class Competences:
    domains: tuple[tuple[str, str], ...] = ()
    situations: tuple[dict, ...] = ()
    items: tuple[Competence, ...] = ()
    to_develop: tuple[dict, ...] = ()  # needs the agents named, with the competences that answer them

    def ids(self) -> set[str]:
        return {c.id for c in self.items}


@dataclass(frozen=True)
class Slide:
    """A slide as the deck shows it: layout applied, exclusions removed."""

    line: int
    parts: tuple[Part, ...]
    classes: tuple[str, ...] = ()
    name: str = ""
    number: int | None = None  # None when `count: false`
    style: str = ""  # background-* declarations
    layout_text: str = ""  # content of the `layout: true` slide above
    layout_line: int = 0

    @property
    def steps(self) -> int:
        return len(self.parts)

    @property
    def notes(self) -> str:
        return "\n\n".join(p.notes for p in self.parts if p.notes.strip())


@dataclass(frozen=True)
class Module:
    slug: str
    path: Path
    title: str
    duration: int
    objectives: tuple[str, ...]
    slides: tuple[Slide, ...]
    kind: str = "exposé"
    level: str = "débutant"
    subtitle: str = ""
    audience: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    competences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    licence: str = ""
    updated: dt.date | None = None
    authors: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()  # reference ids, in order of first use
    terms: tuple[str, ...] = ()  # glossary slugs, in order of first use
    assets: tuple[Path, ...] = ()  # local files the module shows
    source: str = ""  # its file's path in the course's repository (for "Proposer une modification")
    committed: dt.date | None = None  # day of the last commit that touched its file, when git knows
    stylesheet: str = ""  # its own stylesheets (`css:`), scoped to its slides; urls start with @@ROOT@@/ (load/stylesheets.py)


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # module | pause | repas | activite
    title: str
    duration: int
    start: int
    end: int
    module: str = ""  # slug, for kind == "module"
    line: int = 0

    @property
    def is_break(self) -> bool:
        return self.kind in ("pause", "repas")


@dataclass(frozen=True)
class Day:
    number: int
    title: str
    start: int
    end: int
    limit: int  # configured end of day
    items: tuple[AgendaItem, ...]
    date: dt.date | None = None  # set for a session's days

    @property
    def teaching(self) -> int:
        return sum(item.duration for item in self.items if not item.is_break)

    @property
    def modules(self) -> tuple[str, ...]:
        return tuple(item.module for item in self.items if item.module)


@dataclass(frozen=True)
class Parcours:
    slug: str
    path: Path
    title: str
    days: tuple[Day, ...]
    summary: str = ""
    audience: str = ""

    @property
    def teaching(self) -> int:
        return sum(day.teaching for day in self.days)

    @property
    def modules(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for day in self.days:
            for slug in day.modules:
                seen.setdefault(slug)
        return tuple(seen)


@dataclass(frozen=True)
class Trainer:
    name: str
    email: str = ""
    role: str = ""


@dataclass(frozen=True)
class Session:
    """A parcours delivered for real: dates, place, people, and what the
    programme sheet (Qualiopi) must state."""

    slug: str
    path: Path
    title: str
    parcours: str  # slug of the parcours it instantiates
    days: tuple[Day, ...]  # each with its date
    place: str = ""
    trainers: tuple[Trainer, ...] = ()
    audience: str = ""
    participants: tuple[str, ...] = ()  # names, or "" for a blank row
    prerequisites: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()  # empty: the modules' objectives
    methods: tuple[str, ...] = ()
    evaluation: tuple[str, ...] = ()
    access: str = ""  # modalités et délais d'accès
    accessibility: str = ""
    mode: str = ""  # présentiel, distanciel…
    price: str = ""
    contact: str = ""
    organiser: str = ""
    public: bool = False  # listed on the public site (its parcours page, JSON-LD); else for its group only

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(day.date for day in self.days if day.date)

    @property
    def teaching(self) -> int:
        return sum(day.teaching for day in self.days)

    @property
    def modules(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for day in self.days:
            for slug in day.modules:
                seen.setdefault(slug)
        return tuple(seen)


@dataclass(frozen=True)
class Course:
    root: Path
    config: Config
    modules: dict[str, Module] = field(default_factory=dict)
    parcours: dict[str, Parcours] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)  # by slug
    competences: Competences = Competences()
    sessions: dict[str, Session] = field(default_factory=dict)
    published: tuple[Path, ...] = ()  # files of content/media/ and of the project's static/, checked

    @property
    def content(self) -> Path:
        return self.root / "content"


# --- what markup makes of a module -------------------------------------------

@dataclass(frozen=True)
class RenderedSlide:
    slide: Slide
    html: str
    notes: str


@dataclass(frozen=True)
class RenderedModule:
    """A module's three views, converted once (markup.convert)."""

    module: Module
    handout: str
    trainer: str
    slides: tuple[RenderedSlide, ...]


# --- what the site is made of -------------------------------------------------

@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder, with forward slashes
    data: bytes | None = None
    source: Path | None = None  # a file copied as it is (a static file, or a page of the last site)
    key: str = ""  # the page key it was made from (build.cache), "" when not a cached page
    reused: bool = False  # taken from the last site rather than made again
    source_size: int | None = None  # the size of `source`, when whoever found it has looked already

    def contents(self) -> bytes | None:
        """Its bytes: made in memory, or read from the file it copies (None
        when that file has gone since)."""
        if self.source is None:
            return self.data or b""
        try:
            return Path(self.source).read_bytes()
        except OSError:
            return None

    @cached_property  # a PDF's stamp names the same stylesheets, fonts and images as the next PDF's
    def sha256(self) -> bytes | None:
        data = self.contents()
        return hashlib.sha256(data).digest() if data is not None else None

    @cached_property  # a copied file is looked at once (thousands of pages reused from the last site)
    def size(self) -> int:
        if self.source is None:
            return len(self.data or b"")
        return self.source.stat().st_size if self.source_size is None else self.source_size
