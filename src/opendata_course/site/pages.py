"""Every page of the site, from a Course and its converted modules.

No disk access and no state: Site.render() returns OutputFile values and
build/write.py puts them in place. A page whose inputs did not change may be
taken from the last site: that is the PageStore's business (build/cache.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, Protocol

from pygments.formatters import HtmlFormatter

from ..markup.convert import Converter, convert_module
from ..markup.grammar import ROOT
from ..model import Course, Module, OutputFile, Parcours, Part, RenderedModule, Session, Slide
from ..schedule import format_clock, format_duration, half_days
from ..strings import strings
from .combined import nested_handout
from .plain import catalogue_json, llms_txt, module_markdown
from .meta import course_data, edit_url, json_ld, last_updated, learning_resource, robots, sitemap
from .search import Document, Record, expansions, glossary_acronyms, index_files, record, search_records
from .theme import compile_templates, make_environment, render_template, theme_dir
from .timeline import day_svg
from .toc import table_of_contents
from ..markup.typography import typesetter



class PageStore(Protocol):
    """Where pages of the last site can be taken from again."""

    def key(self, template: str, path: str, shows: Iterable[str]) -> str:
        """What the page is made from ("" when pages are never reused)."""

    def kept(self, path: str, key: str) -> OutputFile | None:
        """The last site's page at `path` if it was made from `key`."""


Makes = Callable[[list[Callable[[], bytes]]], list[bytes]]


def one_by_one(makes: list[Callable[[], bytes]]) -> list[bytes]:
    return [make() for make in makes]


class Pending(NamedTuple):
    """A page to make: render() makes them all at the end, in one batch
    that the build may share between processes."""
    path: str
    key: str
    make: Callable[[], bytes]
    template: str = ""  # compiled before the batch, once, not in each process


class NoReuse:
    """Every page is made again."""

    def key(self, template: str, path: str, shows: Iterable[str]) -> str:
        return ""

    def kept(self, path: str, key: str) -> OutputFile | None:
        return None


class DeckSlide(NamedTuple):
    """A slide as a deck page shows it."""
    slide: Slide
    html: str
    notes: str
    start: int | None = None  # in a day's deck: the planned start and end of its agenda item (minutes)
    end: int | None = None
    module: str = ""  # its module, when that module has its own CSS (data-module, which the CSS is scoped to)


def synthetic_slide(html: str, classes: tuple[str, ...], name: str, start: int, end: int) -> DeckSlide:
    return DeckSlide(Slide(line=0, parts=(Part("", 0),), classes=classes, name=name), html, "", start, end)


class Site:
    """Builds the template contexts and renders every page."""

    def __init__(self, course: Course, rendered: Mapping[str, RenderedModule], records: Mapping[str, list[Record]] | None = None,
                 pages: PageStore | None = None, preview: bool = False, pdf: bool = False,
                 bytecode: Path | None = None, makes: Makes = one_by_one) -> None:
        self.course = course
        self.rendered = rendered  # every valid module, converted (markup.convert)
        self.records = records or {}  # their search records, when already made
        self.pages = pages or NoReuse()
        self.preview = preview  # pages built by `serve` load static/preview.js
        self.pdf = pdf  # pages link the PDFs built beside them
        self.t = strings(course.config.lang)
        self.typesetter = typesetter(course.config.lang)
        self.env = make_environment(course.root, bytecode)
        self.makes = makes  # makes the pages to make again: here, or on every core (build/)

    def date(self, value: dt.date | None, weekday: bool = False) -> str:
        """'1er mars 2027', or 'lundi 1er mars 2027' with `weekday`."""
        if value is None:
            return ""
        day = "1er" if value.day == 1 and self.course.config.lang == "fr" else str(value.day)
        text = f"{day} {self.t['months'][value.month - 1]} {value.year}"
        return f"{self.t['weekdays'][value.weekday()]} {text}" if weekday else text

    def page(self, template: str, path: str, title: str, shows=(), later=None, **context) -> OutputFile | Pending:
        """Render `template` to `path`, or take it from the last site.

        `shows`: the slugs of the modules whose converted Markdown the page
        holds (the PageStore's key covers everything else); `later`: a
        function giving the costly part of the context, called on a miss.
        """
        return self.kept_or_made(path, self.pages.key(template, path, shows),
                                 lambda: self.render_page(template, path, title, later, context), template)

    def kept_or_made(self, path: str, key: str, make, template: str = "") -> OutputFile | Pending:
        """The last site's file at `path` if its key did not change, else
        `make()`'s bytes (made by render()), marked with the key for the next build."""
        kept = self.pages.kept(path, key) if key else None
        return kept if kept is not None else Pending(path, key, make, template)

    def made(self, files: list[OutputFile | Pending]) -> list[OutputFile]:
        pending = [file for file in files if isinstance(file, Pending)]
        compile_templates(self.env, {file.template for file in pending if file.template} | {"day-slides.html"})
        made = iter(self.makes([file.make for file in pending]))
        return [OutputFile(file.path, next(made), key=file.key) if isinstance(file, Pending) else file for file in files]

    def render_page(self, template: str, path: str, title: str, later, context: dict) -> bytes:
        if later is not None:
            context.update(later())
        root = "../" * path.count("/")
        html = render_template(self.env, template, dict(
            site=self.course.config, t=self.t, root=root, path=path, title=title,
            course=self.course, fmt_date=self.date, preview=self.preview, pdf=self.pdf, **context,
        ))
        html = html.replace(ROOT, root)
        html = self.typesetter(html)
        return html.encode("utf-8")

    def typeset(self, html) -> str:
        """A slide made here, typeset as the modules' slides were when converted."""
        html = str(html).strip()
        return self.typesetter(html)

    def day_deck(self, title: str, subtitles: list[str], day) -> list[DeckSlide]:
        """One deck for a day: title, agenda with clock times, then each
        module's slides in order with a slide for each break or activity.
        The synthetic slides come from the theme's `day-slides.html`; each
        slide carries the planned start and end of its agenda item (the deck
        paces itself on them) and its module when that has its own CSS."""
        macros = self.env.get_template("day-slides.html").make_module({"t": self.t})
        opening = dict(start=day.start, end=day.start)
        slides = [
            synthetic_slide(self.typeset(macros.title_slide(title, [s for s in subtitles if s])),
                            ("center", "middle", "title-slide"), "titre", **opening),
            synthetic_slide(self.typeset(macros.agenda_slide(day)), ("agenda-slide",), "programme", **opening),
        ]
        for position, item in enumerate(day.items, 1):
            module = self.rendered.get(item.module)
            if module is None:
                slides.append(synthetic_slide(
                    self.typeset(macros.break_slide(item)),
                    ("center", "middle", "inverse", f"agenda-{item.kind}"), f"{item.kind}-{position}",
                    start=item.start, end=item.end,
                ))
                continue
            styled = item.module if module.module.stylesheet else ""
            for slide in module.slides:
                name = f"{item.module}-{slide.slide.name}" if slide.slide.name else ""
                slides.append(DeckSlide(replace(slide.slide, name=name), slide.html, slide.notes, item.start, item.end, styled))
        number = 0
        numbered = []
        for slide in slides:
            if slide.slide.number is not None or slide.slide.line == 0:
                number += 1
                slide = slide._replace(slide=replace(slide.slide, number=number))
            numbered.append(slide)
        return numbered

    def modules_of(self, parcours: Parcours) -> list[Module]:
        return [self.course.modules[slug] for slug in parcours.modules if slug in self.course.modules]

    def render(self) -> list[OutputFile]:
        course = self.course
        catalogue = self.catalogue()
        # Sessions are for their trainer and group: none on the home page or in the navigation.
        files = [self.page("index.html", "index.html", course.config.title,
                           modules=catalogue, parcours=list(course.parcours.values()),
                           start=min(course.parcours.values(), key=lambda p: (len(p.days), p.slug), default=None)),
                 self.page("catalogue.html", "modules/index.html", self.t["catalogue"], modules=catalogue),
                 self.page("parcours-index.html", "parcours/index.html", self.t["parcours_plural"],
                           parcours=list(course.parcours.values()))]
        neighbours = self.neighbours()
        for slug, module in course.modules.items():
            base = f"modules/{slug}/"
            context = dict(module=module, cited=[course.references[i] for i in module.citations],
                           neighbours=neighbours.get(slug))
            # The converted text (from the cache) and the metadata are made only for the pages made again.
            for trainer, name in ((False, "index.html"), (True, "formateur.html")):
                files.append(self.page("module.html", base + name, module.title, [slug],
                                       lambda module=module, trainer=trainer: self.handout_views(module, trainer),
                                       trainer=trainer, **context))
            files.append(self.page("deck.html", base + "diapos.html", module.title, [slug],
                                   lambda slug=slug, module=module: {"slides": [
                                       DeckSlide(s.slide, s.html, s.notes, module=slug if module.stylesheet else "")
                                       for s in self.rendered[slug].slides], **stylesheets([module])},
                                   deck_title=module.title, back=f"{ROOT}{base}index.html", duration=module.duration))
            if module.stylesheet:  # its urls lead from modules/<slug>/ to the site's root
                files.append(OutputFile(base + "style.css", module.stylesheet.replace(ROOT, "../../").encode("utf-8")))
        for slug, parcours in course.parcours.items():
            files.append(self.page("parcours.html", f"parcours/{slug}/index.html", parcours.title, parcours=parcours,
                                   later=lambda parcours=parcours: dict(modules=self.modules_of(parcours),
                                                                        timelines=self.timelines(parcours.days),
                                                                        **self.parcours_context(parcours))))
            for day in parcours.days:
                files.append(self.day_deck_page(f"parcours/{slug}/", parcours.title, [day.title], day))
        for session in course.sessions.values():
            files.extend(self.session_pages(session))
        # Made only when the page is made again (later=).
        files.append(self.page("glossaire.html", "glossaire/index.html", self.t["glossary"], later=lambda: dict(
            terms=sorted(course.glossary.values(), key=lambda term: term.slug), used=self.usage(lambda m: m.terms))))
        files.append(self.page("references.html", "references/index.html", self.t["references"], later=lambda: dict(
            groups=self.reference_groups(), used=self.usage(lambda m: m.citations))))
        files.append(self.page("competences.html", "competences/index.html", self.t["competences"], modules=catalogue,
                               later=lambda: dict(used=self.usage(lambda m: m.competences), groups=self.competence_groups())))
        files.append(self.page("recherche.html", "recherche/index.html", self.t["search"]))
        files.append(self.page("404.html", "404.html", self.t["not_found"]))
        files.extend(self.search_scripts())
        files.extend(self.for_programs(catalogue))
        files.extend(self.for_robots(catalogue))
        files.extend(self.assets())
        return self.made(files)

    def handout_context(self, module: Module) -> dict:
        """What a handout shows besides its text: when it was last changed,
        where to propose a change, its schema.org description."""
        config = self.course.config
        updated = last_updated(module)
        source = module.source or module.path.relative_to(self.course.root).as_posix()
        data = learning_resource(self.course, module, "../../", updated, self.t["kinds"].get(module.kind, module.kind))
        return {"updated": updated, "edit_url": edit_url(config, source) if config.repository else "",
                "json_ld": json_ld(data)}

    def handout_views(self, module: Module, trainer: bool) -> dict:
        """A handout's converted text, its table of contents (the trainer
        view's on the trainer page: the notes have headings too) and metadata."""
        rendered = self.rendered[module.slug]
        toc = table_of_contents(rendered.trainer if trainer else rendered.handout)
        return {"rendered": rendered, "toc": toc, **self.handout_context(module)}

    def public_sessions(self, parcours: Parcours) -> list[Session]:
        """The sessions of `parcours` that their file says to publish (`publier: true`), by date."""
        found = [s for s in self.course.sessions.values() if s.public and s.parcours == parcours.slug]
        return sorted(found, key=lambda s: (s.dates[:1], s.slug))

    def parcours_context(self, parcours: Parcours) -> dict:
        sessions = self.public_sessions(parcours)
        data = course_data(self.course, parcours, self.modules_of(parcours), sessions, "../../")
        return {"public_sessions": sessions, "json_ld": json_ld(data)}

    def for_programs(self, catalogue: list[Module]) -> list[OutputFile]:
        """llms.txt, catalogue.json and each module's text as Markdown (site/plain.py)."""
        course = self.course
        files = [self.kept_or_made(path, self.pages.key(path, path, ()), lambda make=make: make(course, catalogue).encode("utf-8"))
                 for path, make in (("llms.txt", llms_txt), ("catalogue.json", catalogue_json))]
        for slug, module in course.modules.items():
            path = f"modules/{slug}/index.md"
            files.append(self.kept_or_made(path, self.pages.key("index.md", path, [slug]),  # the slides are in its views
                                           lambda slug=slug: module_markdown(self.rendered[slug].module, course).encode("utf-8")))
        return files

    def for_robots(self, catalogue: list[Module]) -> list[OutputFile]:
        """sitemap.xml and robots.txt, when the site's address (base_url) is known."""
        course = self.course
        if not course.config.base_url:
            return []
        pages = [("index.html", ""), ("parcours/index.html", ""), ("modules/index.html", "")]
        pages += [(f"parcours/{slug}/index.html", "") for slug in course.parcours]
        for module in catalogue:
            updated = last_updated(module)
            pages.append((f"modules/{module.slug}/index.html", updated.isoformat() if updated else ""))
        pages += [("glossaire/index.html", ""), ("references/index.html", ""), ("competences/index.html", "")]
        return [OutputFile("sitemap.xml", sitemap(course.config, pages)), OutputFile("robots.txt", robots(course.config))]

    def timelines(self, days) -> dict[int, str]:
        return {day.number: day_svg(day, self.t["timeline"].format(
            title=day.title, start=format_clock(day.start), end=format_clock(day.end), count=len(day.items)))
            for day in days}

    def session_pages(self, session: Session) -> list[OutputFile]:
        """A session's kit: overview, programme sheet, attendance sheet,
        every handout in one document, and a deck per day."""
        base = f"sessions/{session.slug}/"
        kit = self.t["kit"]
        modules = [self.course.modules[slug] for slug in session.modules if slug in self.course.modules]
        days = kit["day_count"][len(session.days) > 1].format(n=len(session.days))
        context = dict(session=session, modules=modules,
                       duration_text=kit["duration_text"].format(days=days, hours=format_duration(session.teaching)))
        slugs = [module.slug for module in modules]
        handouts = lambda: {"handouts": [  # noqa: E731
            (module, nested_handout(self.rendered[module.slug].handout, module.slug)) for module in modules]}
        files = [
            self.page("session.html", base + "index.html", session.title,
                      later=lambda: {"timelines": self.timelines(session.days)}, **context),
            self.page("programme.html", base + "programme.html", f"{kit['programme']} — {session.title}", **context),
            self.page("emargement.html", base + "emargement.html", f"{kit['attendance']} — {session.title}",
                      later=lambda: {"sheets": [(day, half_days(day)) for day in session.days]}, **context),
            self.page("supports.html", base + "supports.html", f"{kit['handouts']} — {session.title}", slugs,
                      later=handouts, **context),
        ]
        for day in session.days:
            subtitles = [day.title, self.date(day.date, weekday=True), session.place]
            files.append(self.day_deck_page(base, session.title, subtitles, day))
        return files

    def day_deck_page(self, base: str, title: str, subtitles: list[str], day) -> OutputFile:
        full_title = f"{title} — {day.title}"
        shown = [self.course.modules[slug] for slug in dict.fromkeys(day.modules) if slug in self.course.modules]
        return self.page(
            "deck.html", f"{base}jour-{day.number}/diapos.html", full_title,
            [item.module for item in day.items if item.module],
            later=lambda: {"slides": self.day_deck(title, subtitles, day)},
            deck_title=full_title, back=f"{ROOT}{base}index.html", duration=day.end - day.start, date=day.date,
            **stylesheets(shown),
        )

    def competence_groups(self) -> list[tuple[str, list[tuple[int, object]]]]:
        """(domain title, [(number, competence)]) in the référentiel's domain
        order, numbered C1, C2… in that order (the matrix uses the same)."""
        framework = self.course.competences
        titles = dict(framework.domains)
        order = [d for d, _ in framework.domains]
        ranked = sorted(framework.items, key=lambda c: order.index(c.domain) if c.domain in order else len(order))
        groups: dict[str, list] = {}
        for number, competence in enumerate(ranked, 1):
            groups.setdefault(titles.get(competence.domain, ""), []).append((number, competence))
        return list(groups.items())

    def neighbours(self) -> dict[str, dict]:
        """Previous and next module along the first parcours that teaches each module."""
        found: dict[str, dict] = {}
        for parcours in self.course.parcours.values():
            chain = [slug for slug in parcours.modules if slug in self.course.modules]
            for index, slug in enumerate(chain):
                found.setdefault(slug, {
                    "parcours": parcours,
                    "previous": self.course.modules[chain[index - 1]] if index else None,
                    "next": self.course.modules[chain[index + 1]] if index + 1 < len(chain) else None,
                })
        return found

    def search_scripts(self) -> list[OutputFile]:
        """The search index's files (site/search.py), made again on every
        build that gets this far; the files that did not change are linked,
        not written (build/write.py)."""
        return [OutputFile(f"recherche/{path}", data) for path, data in index_files(self.search_index())]

    def search_index(self) -> list[Record]:
        """The index's records: parcours, modules (kept from the cache when
        they are there), glossary terms, references."""
        course = self.course
        acronyms = expansions(glossary_acronyms(course.glossary))
        french = course.config.lang == "fr"
        records = []
        for parcours in course.parcours.values():
            text = " ".join([parcours.summary, parcours.audience, *(d.title for d in parcours.days),
                             *(i.title for d in parcours.days for i in d.items)])
            records.append(record(Document(f"parcours/{parcours.slug}/index.html", parcours.title, "", text, "parcours"), acronyms, french))
        for slug in self.course.modules:
            records.extend(self.records[slug] if slug in self.records else search_records(self.rendered[slug], acronyms, french))
        for term in course.glossary.values():
            names = " ".join([*term.synonyms, *term.acronyms])
            title = f"{term.term} ({', '.join(term.acronyms)})" if term.acronyms else term.term
            records.append(record(Document(f"glossaire/index.html#{term.slug}", title, self.t["glossary"],
                                           f"{term.definition} {names}".strip(), "glossaire"), acronyms, french))
        for reference in course.references.values():
            records.append(record(Document(f"references/index.html#ref-{reference.id}", reference.title, self.t["references"],
                                           f"{reference.short} {reference.publisher} {reference.date}", "reference"), acronyms, french))
        return records

    def catalogue(self) -> list[Module]:
        """Modules in teaching order: as the parcours chain them, then the rest by title."""
        order: dict[str, None] = {}
        for parcours in self.course.parcours.values():
            for slug in parcours.modules:
                order.setdefault(slug)
        rest = sorted((m for m in self.course.modules.values() if m.slug not in order), key=lambda m: m.title.casefold())
        return [self.course.modules[slug] for slug in order if slug in self.course.modules] + rest

    def usage(self, keys) -> dict[str, list[Module]]:
        used: dict[str, list[Module]] = {}
        for module in self.course.modules.values():
            for key in keys(module):
                used.setdefault(key, []).append(module)
        return used

    def reference_groups(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for reference in sorted(self.course.references.values(), key=lambda r: (r.date or "9999", r.id)):
            groups.setdefault(reference.kind, []).append(reference)
        return sorted(groups.items())

    def assets(self) -> list[OutputFile]:
        """The theme's static files, then the course's (checked by load/):
        media, a project's static/, images the modules show, the logo."""
        course = self.course
        files: dict[str, OutputFile] = {}
        theme = theme_dir("static")
        for path in sorted(p for p in theme.rglob("*") if p.is_file()):
            name = "static/" + path.relative_to(theme).as_posix()
            files[name] = OutputFile(name, source=path)
        css = HtmlFormatter(style="xcode").get_style_defs(".highlight")  # every colour at least 4.5:1 on the code's background
        files["static/pygments.css"] = OutputFile("static/pygments.css", (css + "\n").encode("utf-8"))
        content = course.content
        for path in course.published:
            name = path.relative_to(content if path.is_relative_to(content) else course.root).as_posix()
            files[name] = OutputFile(name, source=path)
        content = content.resolve()
        extra = [path for module in course.modules.values() for path in module.assets]
        if course.config.logo:
            extra.append((content / course.config.logo).resolve())
        for path in extra:  # resolved, and inside content/ (load/ checked it)
            name = path.relative_to(content).as_posix()
            files.setdefault(name, OutputFile(name, source=path))
        return [files[name] for name in sorted(files)]


def stylesheets(modules: list[Module]) -> dict:
    """A deck's context for its modules' own CSS: their paths from the site's root."""
    paths = [f"modules/{module.slug}/style.css" for module in modules if module.stylesheet]
    return {"stylesheets": paths} if paths else {}


def render_site(course: Course, preview: bool = False, pdf: bool = False) -> list[OutputFile]:
    """Every page of `course`, its modules converted here, nothing reused:
    for tests and tools; the build converts modules with a cache instead."""
    converter = Converter(course, strings(course.config.lang))
    rendered = {slug: convert_module(module, converter) for slug, module in course.modules.items()}
    return Site(course, rendered, preview=preview, pdf=pdf).render()
