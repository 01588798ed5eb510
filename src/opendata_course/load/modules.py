"""A module file: front-matter, slides, and what its text refers to."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..markup.glossary import Glossary
from ..markup import grammar
from ..markup.slides import RawSlide, class_list, split_slides, truthy
from ..model import Competences, Module, Part, Slide
from ..problems import Problems, did_you_mean
from .course_files import Entries
from .frontmatter import FrontMatterError, split
from .yaml_lines import LineDict, LineList
from .reader import DURATION_PLACEHOLDER, KINDS, LEVELS, PLACEHOLDER_MARK, SLUG, Field, Reader, course_file, mapping, read_fields, read_text, read_yaml


# --- modules ---------------------------------------------------------------------

MODULE = {
    "title": Field(required=True), "subtitle": Field(), "duration": Field("duration", required=True),
    "objectives": Field("texts", required=True), "kind": Field("choice", default="exposé", choices=KINDS),
    "level": Field("choice", default="débutant", choices=LEVELS), "audience": Field("texts"),
    "prerequisites": Field("texts"), "competences": Field("texts"), "tags": Field("texts"),
    "licence": Field(), "updated": Field("date"), "authors": Field("texts"),
    "css": Field("texts"),  # the module's own stylesheets (stylesheets.py)
}


class Lookups:
    def __init__(self, references: Entries, glossary: Glossary, competences: Competences, root: Path, modules: set[str]) -> None:
        self.references, self.glossary, self.competences, self.root = references, glossary, competences, root
        self.content = (root / "content").resolve()  # images are checked against it, resolved once
        self.modules = modules  # every module slug, valid or not


def load_module(path: Path, lookups: Lookups, problems: Problems, data: bytes | None = None) -> Module | None:
    """`data`: the file's bytes, when the caller has read them already."""
    text = read_text(path, problems, data)
    if text is None:
        return None
    try:
        parts = split(text)
    except FrontMatterError as exc:
        problems.error(path, exc.line, exc.message)
        return None
    if parts.meta_text is None:
        problems.error(path, 1, "en-tête YAML manquant : le fichier doit commencer par « --- », title, duration, objectives, « --- »")
        return None
    header = Problems()
    meta = read_yaml(path, header, parts.meta_line, parts.meta_text)
    body_start = unclosed_header(parts.meta_text)
    if body_start is not None and (header.errors or (isinstance(meta, dict) and set(meta) - set(MODULE))):
        # The closing --- is missing: the header ran into the first slide.
        problems.error(path, parts.meta_line + body_start,
                       "en-tête YAML non fermé : ajoutez une ligne « --- » avant cette ligne")
        return None
    problems.extend(header)
    if meta is None and not parts.meta_text.strip():
        problems.error(path, 1, "en-tête YAML vide : indiquez au moins title, duration et objectives")
        return None
    meta = mapping(meta, path, problems, "l'en-tête")
    if meta is None:
        return None
    meta.line = parts.meta_line - 1  # report missing fields on the opening ---
    r = Reader(meta, path, problems)
    # Every field is read before giving up, so that all problems are reported.
    values = read_fields(r, MODULE)
    warn_placeholders(parts, meta, values["objectives"], path, problems)
    known = lookups.competences.ids()
    for index, ident in enumerate(values["competences"]):
        if known and ident not in known:
            line = meta["competences"].line_of(index) if isinstance(meta.get("competences"), LineList) else r.line("competences")
            problems.error(path, line, f"compétence inconnue « {ident} »{did_you_mean(ident, known)}")
    for index, prerequisite in enumerate(values["prerequisites"]):
        if SLUG.match(prerequisite) and prerequisite not in lookups.modules:
            line = meta["prerequisites"].line_of(index) if isinstance(meta.get("prerequisites"), LineList) else r.line("prerequisites")
            problems.warn(path, line, f"prérequis « {prerequisite} » : aucun module ne porte ce nom{did_you_mean(prerequisite, lookups.modules)}")
    body_lines = parts.body.split("\n")
    fence = grammar.unclosed_fence(body_lines)
    if fence is not None:
        problems.error(path, parts.body_line + fence, "bloc de code ouvert ici et jamais fermé : ajoutez une ligne « ``` » à sa fin "
                       "(sinon tout le reste du module y passe)")
        return None
    nested = grammar.nesting_problem(body_lines, parts.body_line)
    if nested is not None:
        problems.error(path, *nested)
        return None
    raw_slides = split_slides(parts.body, parts.body_line)
    slides = resolve_slides(raw_slides, path, lookups, problems)
    citations, terms, assets = scan_body(raw_slides, parts.body, parts.body_line, path, lookups, problems)
    css = values.pop("css")
    styles = None
    if css:
        from .stylesheets import read_stylesheets  # tinycss2, only for the modules that have CSS

        styles = read_stylesheets(css, path, r.line("css"), lookups.root, problems)
        if styles is None:
            return None
        assets = tuple(dict.fromkeys((*assets, *styles.assets)))
    if values["duration"] is None or not values["title"] or not values["objectives"]:
        return None
    return Module(slug=path.stem, path=path, slides=tuple(slides), citations=citations, terms=terms, assets=assets,
                  stylesheet=styles.text if styles else "", **values)


PLACEHOLDER_IN_TEXT = re.compile(rf"\[{PLACEHOLDER_MARK}[^\]\n]*\]")  # left by `import` for the author
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")


def unclosed_header(meta: str) -> int | None:
    """Where the body seems to start inside the header (a Markdown heading
    after a blank line), as a line offset; None when nothing looks like it."""
    lines = meta.split("\n")
    return next((index for index in range(1, len(lines))
                 if MARKDOWN_HEADING.match(lines[index]) and not lines[index - 1].strip()), None)


def warn_placeholders(parts, data: LineDict, objectives, path: Path, problems: Problems) -> None:
    """Warn about the markers `new` and `import` leave: an objective starting
    with « À préciser », a `duration: 1h  # À préciser` line."""
    for index, objective in enumerate(objectives):
        if objective.startswith(PLACEHOLDER_MARK):
            line = data["objectives"].line_of(index) if isinstance(data.get("objectives"), LineList) else data.line_of("objectives")
            problems.warn(path, line, f"objectif à compléter : « {objective} »")
    for index, line in enumerate(parts.meta_text.split("\n")):
        if DURATION_PLACEHOLDER.match(line):
            problems.warn(path, parts.meta_line + index, "durée à préciser")


def resolve_slides(raw: list[RawSlide], path: Path, lookups: Lookups, problems: Problems) -> list[Slide]:
    """Apply `layout: true` templates, drop excluded slides, number the rest."""
    slides: list[Slide] = []
    layout: RawSlide | None = None
    named: dict[str, RawSlide] = {}
    number = 0
    for slide in raw:
        props = slide.properties
        for flag in ("layout", "exclude", "count"):
            if flag in props and truthy(props[flag]) is None:
                problems.error(path, slide.property_lines[flag], f"« {flag} » doit valoir true ou false, pas « {props[flag]} »")
        if props.get("name"):
            if props["name"] in named:
                problems.warn(path, slide.property_lines["name"], f"nom « {props['name']} » déjà donné à la diapositive de la ligne "
                              f"{named[props['name']].property_lines['name']} : le lien #{props['name']} mène à la première, un modèle est la dernière")
            named[props["name"]] = slide
        if truthy(props.get("layout", "")):
            layout = slide
            continue
        if "layout" in props:  # layout: false ends the current layout
            layout = None
        if truthy(props.get("exclude", "")):
            continue
        inherited = dict(layout.properties) if layout else {}
        inherited.pop("layout", None)
        inherited.pop("name", None)
        template = named.get(props.get("template", "")) if props.get("template") else None
        if props.get("template") and template is None:
            problems.error(path, slide.property_lines["template"], f"modèle « {props['template']} » inconnu : aucune diapositive précédente ne porte ce « name: »")
        merged = {**inherited, **(template.properties if template else {}), **props}
        counted = truthy(merged.get("count", "true")) is not False
        if counted:
            number += 1
        style = background_style(merged, slide, layout, path, lookups, problems)
        prefix = "\n\n".join(s.text for s in (layout, template) if s is not None)
        slides.append(Slide(
            line=slide.line, parts=inherit_notes(slide.parts, (layout, template)), classes=tuple(class_list(merged.get("class", ""))),
            name=props.get("name", ""), number=number if counted else None, style=style,
            layout_text=prefix, layout_line=(layout or template).line if (layout or template) else 0,
        ))
    return slides


def inherit_notes(parts: tuple[Part, ...], models: tuple[RawSlide | None, ...]) -> tuple[Part, ...]:
    """As remark: the notes of a slide's layout and template come before its own."""
    inherited = [part.notes for model in models if model is not None for part in model.parts if part.notes.strip()]
    if not inherited or not parts:
        return parts
    first = parts[0]
    return (replace(first, notes="\n\n".join([*inherited, first.notes] if first.notes.strip() else inherited)), *parts[1:])


# Slide backgrounds go into a style attribute: a colour, a size or a
# position holds none of ; { } \ : quotes or url(; an image is one local url().
STYLE_VALUE = re.compile(r"^[#\w\s.,%()/+-]*$")
BACKGROUND_IMAGE = re.compile(r"^url\(\s*(['\"]?)(?P<src>[^'\"()\s;\\]+)\1\s*\)$")


def background_style(props: dict, slide: RawSlide, layout, path: Path, lookups: Lookups, problems: Problems) -> str:
    declarations = []
    for name in ("background-image", "background-size", "background-position", "background-color", "background-repeat"):
        value = props.get(name)
        if not value:
            continue
        line = slide.property_lines.get(name) or (layout.property_lines.get(name) if layout else 0) or slide.line
        if name == "background-image":
            match = BACKGROUND_IMAGE.match(value.strip())
            if not match:
                problems.error(path, line, f"background-image attend url(chemin) d'une image du cours, pas « {value} »")
                continue
            if grammar.elsewhere(match.group("src")):
                problems.error(path, line, f"image distante « {match.group('src')} » refusée : une diapositive ne charge rien hors du site ; "
                               "copiez l'image dans content/media/")
                continue
            if check_asset(match.group("src"), path, line, lookups, problems, alt=grammar.BACKGROUND) is None:
                continue
        elif not STYLE_VALUE.match(value) or "url(" in value.lower() or "expression(" in value.lower():
            problems.error(path, line, f"« {name} » : valeur refusée « {value} » (une couleur, une taille ou une position, sans « ; » ni url())")
            continue
        declarations.append(f"{name}: {value}")
    return "; ".join(declarations)


def check_asset(src: str, path: Path, line: int, lookups: Lookups, problems: Problems, alt) -> Path | None:
    """Validate a local image path; return the file, or None if remote/bad."""
    if src.startswith(("http://", "https://", "//")):
        problems.warn(path, line, f"image distante « {src} » : elle ne s'affichera pas hors ligne, copiez-la dans content/media/")
        return None
    if src.startswith(("data:", "#")):
        return None
    if grammar.elsewhere(src):  # file:, javascript:…: nothing but a file of the course
        problems.error(path, line, f"adresse « {src} » refusée : une image du cours est un fichier de content/media/")
        return None
    target = course_file(path.parent, src, lookups.content)
    if target == "outside":
        problems.error(path, line, f"chemin « {src} » hors du dossier content/ : placez l'image dans content/media/")
        return None
    if target == "missing":
        problems.error(path, line, f"image introuvable : {src}")
        return None
    if alt is None:
        problems.error(path, line, f"image sans texte alternatif (attribut alt) : {src}")
    elif not alt.strip():
        problems.warn(path, line, f"image sans texte alternatif : {src} (laissez-le vide seulement si l'image est décorative)")
    return target


def scan_body(raw_slides: list[RawSlide], body: str, first_line: int, path: Path, lookups: Lookups, problems: Problems):
    """Check blocks, content classes, citations, glossary links and images."""
    for slide in raw_slides:
        for part in slide.parts:
            for text, line in ((part.text, part.line), (part.notes, part.notes_line)):
                if not text:
                    continue
                if ":::" in text:
                    for number, message in grammar.check_blocks(text, line):
                        problems.error(path, number, message)
                if grammar.CLASS_OPEN.search(text):
                    try:
                        grammar.expand_classes(text, line)
                    except grammar.ClassSyntaxError as exc:
                        problems.error(path, exc.line, exc.message)
    if PLACEHOLDER_MARK in body:
        for number, line in grammar.prose_lines(body, first_line):
            for found in PLACEHOLDER_IN_TEXT.finditer(line):
                problems.warn(path, number, f"à compléter : « {found.group(0)} »")
    refers = grammar.scan_prose(body, first_line)
    citations: dict[str, None] = {}
    for found in refers.citations:
        if found.value in lookups.references:
            citations.setdefault(found.value)
        elif lookups.references.unknown(found.value):
            problems.error(path, found.line, f"référence inconnue « [@{found.value}] »{did_you_mean(found.value, lookups.references)} : ajoutez-la à content/references.yml")
    terms: dict[str, None] = {}
    for found in refers.terms:
        term = lookups.glossary.find(found.value)
        if term:
            terms.setdefault(term.slug)
        elif not lookups.glossary.terms.unread:
            names = [t.term for t in lookups.glossary.terms.values()]
            problems.error(path, found.line, f"terme « [[{found.value}]] » absent du glossaire{did_you_mean(found.value, names)} : ajoutez-le à content/glossaire.yml")
    assets: dict[Path, None] = {}
    for found in refers.images:
        target = check_asset(found.value, path, found.line, lookups, problems, found.extra)
        if target:
            assets.setdefault(target)
    for found in refers.scripts:
        scheme = found.value.split(":", 1)[0].lower()
        problems.error(path, found.line, f"lien « {scheme}: » refusé : un lien du cours mène à une page ou à un fichier, "
                       "il n'exécute rien et n'ouvre pas les fichiers du lecteur")
    for found in refers.remote:
        problems.warn(path, found.line, f"<{found.extra}> charge « {found.value} », hors du site : rien ne s'affichera sans réseau "
                      "(copiez le fichier dans content/media/, ou donnez un lien à la place)")
    return tuple(citations), tuple(terms), tuple(assets)
