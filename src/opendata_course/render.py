"""Turn a Course into output files: Markdown conversion, contexts, templates.

No disk writes here: render_site() returns a list of OutputFile, and
write.py puts them in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import traceback
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, unquote

import jinja2
from markupsafe import escape
from pygments.formatters import HtmlFormatter

from .errors import CourseError
from .i18n import strings
from .incremental import site_key
from .loader import Glossary
from .markdown_ext import ROOT, STEP_MARK, Cited, Options, make_markdown
from .model import Course, Module, Parcours, Session, Slide
from .schedule import format_clock, format_duration
from .sessions import half_days
from .search import Document, expansions, index_script, module_documents, record
from .timeline import day_svg
from .views import SlideText, Views, convert_views
from .typography import french_spacing
from .slides import Part

PACKAGE = Path(__file__).resolve().parent
LIST_ITEM = re.compile(r"^(?P<lead>\s*(?:[-*+]|\d+[.)])\s+)")
URL_ATTR = re.compile(r'\b(?P<attr>src|href)="(?P<url>[^"]*)"')
STYLE_URL = re.compile(r"url\((?P<q>['\"]?)(?P<url>[^'\")]+)(?P=q)\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
ID_ATTR = re.compile(r'\b(?P<attr>id|for|aria-labelledby|aria-describedby|aria-controls)="(?P<value>[^"]+)"')
FRAGMENT = re.compile(r'\bhref="#(?P<value>[^"]+)"')


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder, with forward slashes
    data: bytes | None = None
    source: Path | None = None  # a file copied as it is (a static file, or a page of the last site)
    digest: str | None = None  # what the content is, when known without reading it (see write.digest)

    @property
    def size(self) -> int:
        return self.source.stat().st_size if self.source is not None else len(self.data or b"")


class TemplateProblem(Exception):
    def __init__(self, error: CourseError) -> None:
        super().__init__(error.message)
        self.error = error


def theme_dir(name: str) -> Path:
    """The default theme's folder: inside the wheel, or the source tree's."""
    packaged = PACKAGE / "theme" / name
    return packaged if packaged.is_dir() else PACKAGE.parents[1] / name


def project_templates(root: Path) -> Path | None:
    """The project's own templates, if it has some: not the default theme
    itself (this repository's course stands beside the theme)."""
    folder = root / "templates"
    if folder.is_dir() and folder.resolve() != theme_dir("templates").resolve():
        return folder
    return None


def make_environment(root: Path, bytecode: Path | None = None) -> jinja2.Environment:
    default = jinja2.FileSystemLoader(str(theme_dir("templates")))
    loaders = []
    own = project_templates(root)
    if own is not None:
        loaders.append(jinja2.FileSystemLoader(str(own)))
    loaders += [default, jinja2.PrefixLoader({"!default": default}, delimiter="/")]
    cache = None
    if bytecode is not None:  # compiled templates, kept between builds
        try:
            bytecode.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(bytecode))
        except OSError:
            pass
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["duration"] = format_duration
    env.filters["clock"] = format_clock
    return env


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
        self.markdown = make_markdown(Options(strings=t, cite=self.cite, term=self.term))

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
        views = convert_views(self.markdown, texts, f"{module.slug}-", self.t.get("notes", "Notes"))
        fix = lambda html: localise(html, module.path, self.course.content)  # noqa: E731
        return Views(tuple((fix(html), fix(notes)) for html, notes in views.slides), fix(views.handout), fix(views.trainer))


def localise(html: str, source: Path, content: Path) -> str:
    """Point relative links and images at their place in the site."""

    def fix(url: str) -> str:
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
        return f"{ROOT}{quote(relative.as_posix())}{hash_}{fragment}"

    html = URL_ATTR.sub(lambda m: f'{m.group("attr")}="{fix(m.group("url"))}"', html)
    return STYLE_URL.sub(lambda m: f"url({fix(m.group('url'))})", html)  # fix() percent-encodes: no quotes needed


@dataclass(frozen=True)
class RenderedSlide:
    slide: Slide
    html: str
    notes: str


@dataclass(frozen=True)
class RenderedModule:
    module: Module
    handout: str
    trainer: str
    slides: tuple[RenderedSlide, ...]


def render_module(module: Module, converter: Converter) -> RenderedModule:
    views = converter.views(module)
    slides = []
    for slide, (html, notes) in zip(module.slides, views.slides):
        if slide.style:  # background-image paths are relative to the module file
            slide = replace(slide, style=localise(slide.style, module.path, converter.course.content))
        slides.append(RenderedSlide(slide, html, notes))
    return RenderedModule(module, views.handout, views.trainer, tuple(slides))


def search_records(rendered: RenderedModule, acronyms) -> list[str]:
    """The search index's records of a module: its opening, then each section."""
    module = rendered.module
    intro = " ".join([module.subtitle, *module.objectives, *module.tags])
    documents = module_documents(f"modules/{module.slug}/index.html", module.title, intro, rendered.handout)
    return [record(document, acronyms) for document in documents]


def glossary_acronyms(glossary: dict) -> dict[str, str]:
    return {acronym: term.term for term in glossary.values() for acronym in term.acronyms}


def synthetic_slide(html: str, classes: tuple[str, ...], name: str) -> RenderedSlide:
    return RenderedSlide(Slide(line=0, parts=(Part("", 0),), classes=classes, name=name), html, "")


def day_deck(title: str, subtitles: list[str], day, rendered: dict[str, RenderedModule], t: dict) -> list[RenderedSlide]:
    """One deck for a day: title, agenda with clock times, then each module's
    slides in order with a slide for each break or activity."""
    rows = "".join(
        f"<tr><td>{format_clock(i.start)} – {format_clock(i.end)}</td><td>{escape(i.title)}</td></tr>"
        for i in day.items
    )
    lines = "".join(f"\n<p>{escape(line)}</p>" for line in subtitles if line)
    slides = [
        synthetic_slide(f"<h1>{escape(title)}</h1>{lines}", ("center", "middle", "title-slide"), "titre"),
        synthetic_slide(f"<h2>{escape(t['agenda'])}</h2>\n<table class=\"agenda\"><tbody>{rows}</tbody></table>",
                        ("agenda-slide",), "programme"),
    ]
    for position, item in enumerate(day.items, 1):
        module = rendered.get(item.module)
        if module is None:
            when = f"{format_clock(item.start)} – {format_clock(item.end)}"
            slides.append(synthetic_slide(
                f"<h2>{escape(item.title)}</h2>\n<p>{when}</p>",
                ("center", "middle", "inverse", f"agenda-{item.kind}"), f"{item.kind}-{position}",
            ))
            continue
        for slide in module.slides:
            name = f"{item.module}-{slide.slide.name}" if slide.slide.name else ""
            slides.append(RenderedSlide(replace(slide.slide, name=name), slide.html, slide.notes))
    number = 0
    numbered = []
    for slide in slides:
        if slide.slide.number is not None or slide.slide.line == 0:
            number += 1
            slide = RenderedSlide(replace(slide.slide, number=number), slide.html, slide.notes)
        numbered.append(slide)
    return numbered


class Site:
    """Builds the template contexts and renders every page."""

    def __init__(self, course: Course, preview: bool = False, pdf: bool = False, store=None) -> None:
        self.course = course
        # Modules already rendered, with their search records (incremental.ModuleStore).
        self.rendered = dict(store.rendered) if store else {}
        self.records = dict(store.records) if store else {}
        self.cache = store.cache if store else None
        # Pages whose key did not change are taken from the last site: see incremental.py.
        self.last_site = store.last_site if store else None
        self.module_keys = store.keys if store else {}
        self.site_key = site_key(course, store, preview, pdf, project_templates(course.root)) if store else ""
        self.preview = preview  # pages built by `serve` load static/preview.js
        self.pdf = pdf  # pages link the PDFs built beside them
        self.t = strings(course.config.lang)
        self.env = make_environment(course.root, self.cache.folder / "jinja" if self.cache else None)

    @cached_property
    def converter(self) -> Converter:  # for modules not rendered by the store
        return Converter(self.course, self.t)

    def date(self, value: dt.date | None, weekday: bool = False) -> str:
        """'1er mars 2027', or 'lundi 1er mars 2027' with `weekday`."""
        if value is None:
            return ""
        day = "1er" if value.day == 1 and self.course.config.lang == "fr" else str(value.day)
        text = f"{day} {self.t['months'][value.month - 1]} {value.year}"
        return f"{self.t['weekdays'][value.weekday()]} {text}" if weekday else text

    def page(self, template: str, path: str, title: str, shows=(), later=None, **context) -> OutputFile:
        """Render `template` to `path`, or take it from the last site.

        `shows`: the slugs of the modules whose rendered Markdown the page
        holds (everything else it depends on is in `site_key`); `later`: a
        function giving the costly part of the context, called on a miss.
        """
        return self.kept_or_made(path, self.page_key(template, path, shows),
                                 lambda: self.render_page(template, path, title, later, context))

    def kept_or_made(self, path: str, key: str, make) -> OutputFile:
        """The last site's file at `path` if its key did not change, else
        `make()`'s bytes, marked with the key for the next build."""
        unchanged = self.unchanged(path, key)
        if unchanged is not None:
            return unchanged
        data = make()
        return OutputFile(path, data, digest=f"page:{key}:{len(data)}" if key else None)

    def render_page(self, template: str, path: str, title: str, later, context: dict) -> bytes:
        if later is not None:
            context.update(later())
        depth = path.count("/")
        root = "../" * depth
        try:
            html = self.env.get_template(template).render(
                site=self.course.config, t=self.t, root=root, path=path, title=title,
                course=self.course, fmt_date=self.date, preview=self.preview, pdf=self.pdf, **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(CourseError(Path(exc.filename or template), exc.lineno or 0, f"gabarit invalide : {exc.message}")) from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(CourseError(Path(template), 0, f"gabarit {template} : {exc.message}")) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(CourseError(Path(template), 0, f"gabarit introuvable : {exc.name}")) from None
        except Exception as exc:  # a project's template may fail in any way: report it, no traceback
            line = next((frame.lineno for frame in reversed(traceback.extract_tb(exc.__traceback__))
                         if frame.filename.endswith(".html")), 0)
            raise TemplateProblem(CourseError(Path(template), line, f"gabarit {template} : {type(exc).__name__} : {exc}")) from None
        html = html.replace(ROOT, root)
        if self.course.config.lang == "fr":
            html = french_spacing(html)
        return html.encode("utf-8")

    def unchanged(self, path: str, key: str) -> OutputFile | None:
        """The last site's file at `path`, if it was made from the same key
        and not edited since (its size tells)."""
        if not key or self.last_site is None:
            return None
        digest = self.last_site.digests.get(path, "")
        if not digest.startswith(f"page:{key}:"):
            return None
        file = self.last_site.folder / path
        try:
            if digest != f"page:{key}:{file.stat().st_size}":
                return None
        except OSError:
            return None
        return OutputFile(path, source=file, digest=digest)

    def page_key(self, template: str, path: str, shows) -> str:
        if not self.site_key:
            return ""
        names = "\0".join(self.module_keys.get(slug, "-") for slug in shows)
        return hashlib.sha256(f"{self.site_key}\0{template}\0{path}\0{names}".encode()).hexdigest()

    def modules_of(self, parcours: Parcours) -> list[Module]:
        return [self.course.modules[slug] for slug in parcours.modules if slug in self.course.modules]

    def render(self) -> list[OutputFile]:
        course = self.course
        rendered = {slug: self.rendered.get(slug) or render_module(module, self.converter)
                    for slug, module in course.modules.items()}
        catalogue = self.catalogue()
        files = [self.page("index.html", "index.html", course.config.title,
                           modules=catalogue, parcours=list(course.parcours.values()),
                           sessions=sorted(course.sessions.values(), key=lambda s: (s.dates[:1], s.slug)),
                           start=min(course.parcours.values(), key=lambda p: (len(p.days), p.slug), default=None))]
        neighbours = self.neighbours()
        for slug, item in rendered.items():
            module = item.module
            base = f"modules/{slug}/"
            context = dict(module=module, rendered=item, cited=[course.references[i] for i in module.citations],
                           neighbours=neighbours.get(slug))
            files.append(self.page("module.html", base + "index.html", module.title, [slug], trainer=False, **context))
            files.append(self.page("module.html", base + "formateur.html", module.title, [slug], trainer=True, **context))
            files.append(self.page("deck.html", base + "diapos.html", module.title, [slug], deck_title=module.title,
                                   slides=list(item.slides), back=f"{ROOT}{base}index.html", duration=module.duration))
        for slug, parcours in course.parcours.items():
            files.append(self.page("parcours.html", f"parcours/{slug}/index.html", parcours.title, parcours=parcours,
                                   modules=self.modules_of(parcours), timelines=self.timelines(parcours.days)))
            for day in parcours.days:
                files.append(self.day_deck_page(f"parcours/{slug}/", parcours.title, [day.title], day, rendered))
        for session in course.sessions.values():
            files.extend(self.session_pages(session, rendered))
        files.append(self.page("glossaire.html", "glossaire/index.html", self.t["glossary"],
                               terms=sorted(course.glossary.values(), key=lambda term: term.slug),
                               used=self.usage(lambda m: m.terms)))
        files.append(self.page("references.html", "references/index.html", self.t["references"],
                               groups=self.reference_groups(), used=self.usage(lambda m: m.citations)))
        files.append(self.page("competences.html", "competences/index.html", self.t["competences"],
                               modules=catalogue, used=self.usage(lambda m: m.competences),
                               groups=self.competence_groups()))
        files.append(self.page("recherche.html", "recherche/index.html", self.t["search"]))
        files.append(self.search_script(rendered))
        files.extend(self.assets())
        return files

    def timelines(self, days) -> dict[int, str]:
        return {day.number: day_svg(day, self.t["timeline"].format(
            title=day.title, start=format_clock(day.start), end=format_clock(day.end), count=len(day.items)))
            for day in days}

    def session_pages(self, session: Session, rendered: dict[str, RenderedModule]) -> list[OutputFile]:
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
            (module, shift_headings(prefix_ids(rendered[module.slug].handout, f"{module.slug}-"))) for module in modules]}
        files = [
            self.page("session.html", base + "index.html", session.title, timelines=self.timelines(session.days), **context),
            self.page("programme.html", base + "programme.html", f"{kit['programme']} — {session.title}", **context),
            self.page("emargement.html", base + "emargement.html", f"{kit['attendance']} — {session.title}",
                      sheets=[(day, half_days(day)) for day in session.days], **context),
            self.page("supports.html", base + "supports.html", f"{kit['handouts']} — {session.title}", slugs,
                      later=handouts, **context),
        ]
        for day in session.days:
            subtitles = [day.title, self.date(day.date, weekday=True), session.place]
            files.append(self.day_deck_page(base, session.title, subtitles, day, rendered))
        return files

    def day_deck_page(self, base: str, title: str, subtitles: list[str], day, rendered) -> OutputFile:
        full_title = f"{title} — {day.title}"
        return self.page(
            "deck.html", f"{base}jour-{day.number}/diapos.html", full_title,
            [item.module for item in day.items if item.module],
            later=lambda: {"slides": day_deck(title, subtitles, day, rendered, self.t)},
            deck_title=full_title, back=f"{ROOT}{base}index.html", duration=day.end - day.start,
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

    def search_script(self, rendered: dict[str, RenderedModule]) -> OutputFile:
        path = "recherche/index.js"
        return self.kept_or_made(path, self.page_key("index.js", path, sorted(rendered)),
                                 lambda: index_script(self.search_index(rendered)))

    def search_index(self, rendered: dict[str, RenderedModule]) -> list[str]:
        """The index's records: parcours, modules (kept from the cache when
        they are there), glossary terms, references."""
        course = self.course
        acronyms = expansions(glossary_acronyms(course.glossary))
        records = []
        for parcours in course.parcours.values():
            text = " ".join([parcours.summary, parcours.audience, *(d.title for d in parcours.days),
                             *(i.title for d in parcours.days for i in d.items)])
            records.append(record(Document(f"parcours/{parcours.slug}/index.html", parcours.title, "", text, "parcours"), acronyms))
        for slug, item in rendered.items():
            records.extend(self.records[slug] if slug in self.records else search_records(item, acronyms))
        for term in course.glossary.values():
            names = " ".join([*term.synonyms, *term.acronyms])
            title = f"{term.term} ({', '.join(term.acronyms)})" if term.acronyms else term.term
            records.append(record(Document(f"glossaire/index.html#{term.slug}", title, self.t["glossary"],
                                           f"{names} {term.definition}", "glossaire"), acronyms))
        for reference in course.references.values():
            records.append(record(Document(f"references/index.html#ref-{reference.id}", reference.title, self.t["references"],
                                           f"{reference.short} {reference.publisher} {reference.date}", "reference"), acronyms))
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
        course = self.course
        files: dict[str, OutputFile] = {}
        for static in (theme_dir("static"), course.root / "static"):
            if static.is_dir():
                for path in sorted(p for p in static.rglob("*") if p.is_file()):
                    name = "static/" + path.relative_to(static).as_posix()
                    files[name] = OutputFile(name, source=path)
        css = HtmlFormatter(style="friendly").get_style_defs(".highlight")
        files["static/pygments.css"] = OutputFile("static/pygments.css", (css + "\n").encode("utf-8"))
        content = course.content.resolve()
        media = content / "media"
        sources = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        sources += [path for module in course.modules.values() for path in module.assets]
        if course.config.logo:
            sources.append((content / course.config.logo).resolve())
        for path in sources:
            name = path.resolve().relative_to(content).as_posix()
            files.setdefault(name, OutputFile(name, source=path))
        return [files[name] for name in sorted(files)]


def prefix_ids(html: str, prefix: str) -> str:
    """Make ids unique when several modules' pages share one document."""
    def ids(match: re.Match) -> str:
        values = " ".join(prefix + value for value in match.group("value").split())
        return f'{match.group("attr")}="{values}"'
    html = ID_ATTR.sub(ids, html)
    return FRAGMENT.sub(lambda m: f'href="#{prefix}{m.group("value")}"', html)


def shift_headings(html: str) -> str:
    """h2 → h3 … so that a module's handout nests under its own h2."""
    return re.sub(r"<(/?)h([2-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


def render_site(course: Course, preview: bool = False, pdf: bool = False, store=None) -> list[OutputFile]:
    return Site(course, preview, pdf, store).render()
