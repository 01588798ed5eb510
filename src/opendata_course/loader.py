"""Read a course project into a Course, collecting every problem.

load_course() never raises on bad content: it returns the Course it could
build (or None) and a Problems list with one `path:line: message` each.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from . import syntax
from .errors import Problems, did_you_mean
from .frontmatter import FrontMatterError, split
from .i18n import strings
from .model import (
    AgendaItem, Competence, Competences, Config, Course, Day, Module, Parcours,
    Reference, Slide, Term,
)
from .schedule import format_clock, lay_out, parse_clock, parse_duration
from .slides import RawSlide, class_list, split_slides, truthy
from .text import fold, slugify
from .yamlio import LineDict, LineList, YamlError, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER_MARK = "À préciser"  # what `new` and `import` leave for the author to fill
DURATION_PLACEHOLDER = re.compile(rf"^duration\s*:\s*\S+\s+#\s*{PLACEHOLDER_MARK}")
KINDS = ("exposé", "atelier", "quiz", "jeu", "icebreaker")
LEVELS = ("débutant", "intermédiaire", "avancé")
LANGS = ("fr", "en")
REFERENCE_KINDS = (
    "loi", "ordonnance", "décret", "arrêté", "circulaire", "article", "code",
    "directive", "règlement", "décision", "jurisprudence", "guide", "site",
    "étude", "rapport", "licence", "norme", "article de presse", "autre",
)


class Reader:
    """Typed access to a YAML mapping; every problem goes to `problems`."""

    def __init__(self, data: LineDict, path: Path, problems: Problems, what: str = "") -> None:
        self.data, self.path, self.problems, self.what = data, path, problems, what

    def line(self, key: str) -> int:
        return self.data.line_of(key)

    def error(self, key: str, message: str) -> None:
        self.problems.error(self.path, self.line(key), message)

    def only(self, allowed, required=()) -> None:
        for key in self.data:
            if key not in allowed:
                self.error(key, f"clé « {key} » inconnue{self.what}{did_you_mean(key, allowed)}")
        for key in required:
            if key not in self.data or self.data[key] in (None, "", []):
                self.problems.error(self.path, self.data.line, f"champ obligatoire manquant{self.what} : « {key} »")

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.error(key, f"« {key} » doit être un texte")
            return default
        if isinstance(value, bool):
            self.error(key, f"« {key} » doit être un texte, pas un booléen (mettez-le entre guillemets)")
            return default
        return str(value).strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if not isinstance(value, list):
            self.error(key, f"« {key} » doit être une liste")
            return ()
        out = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None:
                self.problems.error(self.path, value.line_of(index), f"« {key} » : chaque élément doit être un texte")
            else:
                out.append(str(item).strip())
        return tuple(out)

    def duration(self, key: str) -> int | None:
        value = self.data.get(key)
        minutes = parse_duration(value)
        if minutes is None:
            self.error(key, f"durée invalide « {value} » : écrivez par exemple 30min, 45min, 1h ou 1h30")
        return minutes

    def clock(self, key: str, default: int | None = None) -> int | None:
        if key not in self.data:
            return default
        value = self.data[key]
        minutes = parse_clock(value)
        if minutes is None:
            self.error(key, f"heure invalide « {value} » : écrivez par exemple \"09:00\" (entre guillemets)")
            return default
        return minutes

    def choice(self, key: str, choices, default: str) -> str:
        value = self.text(key, default)
        if value not in choices:
            self.error(key, f"« {key} » vaut « {value} » ; valeurs possibles : {', '.join(choices)}{did_you_mean(value, choices)}")
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.error(key, f"date invalide « {value} » : écrivez AAAA-MM-JJ")
            return None


def read_yaml(path: Path, problems: Problems, first_line: int = 1, text: str | None = None):
    """Parse a YAML file (or text); None, with the problem noted, on failure."""
    try:
        if text is None:
            text = read_text(path)
        return load_yaml(text, first_line)
    except YamlError as exc:
        problems.error(path, exc.line, exc.message)
    except UnicodeDecodeError:
        problems.error(path, 1, "le fichier n'est pas encodé en UTF-8")
    return None


def read_text(path: Path) -> str:
    from .frontmatter import normalise

    return normalise(path.read_bytes().decode("utf-8"))


def mapping(data, path: Path, problems: Problems, what: str) -> LineDict | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        line = getattr(data, "line", 1)
        problems.error(path, line, f"{what} doit être un dictionnaire « clé: valeur »")
        return None
    return data


# --- course.yml ---------------------------------------------------------------

CONFIG_KEYS = ("title", "subtitle", "lang", "licence", "authors", "organisation",
               "base_url", "logo", "contact", "day_end")


def load_config(content: Path, problems: Problems) -> Config | None:
    path = content / "course.yml"
    if not path.is_file():
        problems.error(path, 0, "fichier introuvable : créez content/course.yml avec au moins « title »")
        return None
    data = mapping(read_yaml(path, problems), path, problems, "course.yml")
    if data is None:
        if not problems.errors:
            problems.error(path, 1, "fichier vide : indiquez au moins « title »")
        return None
    r = Reader(data, path, problems)
    r.only(CONFIG_KEYS, required=("title",))
    logo = r.text("logo")
    if logo and not (content / logo).is_file():
        r.error("logo", f"logo introuvable : {logo}")
    return Config(
        title=r.text("title"),
        subtitle=r.text("subtitle"),
        lang=r.choice("lang", LANGS, "fr"),
        licence=r.text("licence", "CC-BY-SA-4.0"),
        authors=r.texts("authors"),
        organisation=r.text("organisation"),
        base_url=r.text("base_url"),
        logo=logo,
        contact=r.text("contact"),
        day_end=r.clock("day_end", 17 * 60 + 30),
    )


# --- references.yml, glossaire.yml, competences.yml ------------------------------

def load_references(content: Path, problems: Problems) -> dict[str, Reference]:
    path = content / "references.yml"
    if not path.is_file():
        return {}
    data = mapping(read_yaml(path, problems), path, problems, "references.yml")
    references = {}
    for ident, entry in (data or {}).items():
        line = data.line_of(ident)
        if not SLUG.match(str(ident)):
            problems.error(path, line, f"identifiant « {ident} » invalide : minuscules, chiffres et tirets")
        if not isinstance(entry, dict):
            problems.error(path, line, f"« {ident} » doit contenir title, kind et url")
            continue
        r = Reader(entry, path, problems, f" dans « {ident} »")
        r.only(("title", "short", "kind", "url", "date", "publisher"), required=("title", "kind"))
        url = r.text("url")
        if url and not url.startswith(("https://", "http://")):
            r.error("url", f"adresse invalide « {url} » : elle doit commencer par https://")
        references[str(ident)] = Reference(
            id=str(ident), title=r.text("title"), kind=r.choice("kind", REFERENCE_KINDS, "autre"),
            url=url, short=r.text("short"), date=r.text("date"), publisher=r.text("publisher"),
        )
    return references


class Glossary:
    """Finds a glossary entry from a term, synonym or acronym, ignoring
    case, accents and a final plural s/x."""

    def __init__(self, terms: dict[str, Term]) -> None:
        self.terms = terms
        self.index: dict[str, str] = {}
        for slug, term in terms.items():
            for name in (term.term, *term.synonyms, *term.acronyms):
                self.index.setdefault(fold(name), slug)
                self.index.setdefault(_singular(fold(name)), slug)

    def find(self, text: str) -> Term | None:
        key = fold(text.strip())
        slug = self.index.get(key) or self.index.get(_singular(key))
        return self.terms.get(slug) if slug else None


def _singular(folded: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in folded.split())


def load_glossary(content: Path, problems: Problems, references: dict) -> dict[str, Term]:
    path = content / "glossaire.yml"
    if not path.is_file():
        return {}
    data = read_yaml(path, problems)
    if data is None:
        return {}
    if not isinstance(data, list):
        problems.error(path, getattr(data, "line", 1), "glossaire.yml doit être une liste d'entrées « - term: … »")
        return {}
    terms: dict[str, Term] = {}
    seen: dict[str, int] = {}
    for index, entry in enumerate(data):
        line = data.line_of(index)
        if not isinstance(entry, dict):
            problems.error(path, line, "chaque entrée doit contenir term et definition")
            continue
        r = Reader(entry, path, problems)
        r.only(("term", "definition", "source", "synonyms", "acronyms"), required=("term", "definition"))
        term = r.text("term")
        source = r.text("source").strip("[]@ ")
        if source and source not in references:
            r.error("source", f"référence inconnue « {source} »{did_you_mean(source, references)}")
        names = (term, *r.texts("synonyms"), *r.texts("acronyms"))
        for name in names:
            if fold(name) in seen:
                problems.error(path, line, f"« {name} » figure déjà dans le glossaire (ligne {seen[fold(name)]})")
            seen.setdefault(fold(name), line)
        slug = slugify(term) or f"terme-{index + 1}"
        while slug in terms:
            slug += "-bis"
        terms[slug] = Term(
            term=term, slug=slug, definition=" ".join(r.text("definition").split()), source=source,
            synonyms=r.texts("synonyms"), acronyms=r.texts("acronyms"),
        )
    return terms


def load_competences(content: Path, problems: Problems) -> Competences:
    path = content / "competences.yml"
    if not path.is_file():
        return Competences()
    data = mapping(read_yaml(path, problems), path, problems, "competences.yml")
    if data is None:
        return Competences()
    Reader(data, path, problems).only(("domains", "situations", "to_develop", "competences"), required=("competences",))
    domains = []
    for entry in _entries(data, "domains", path, problems):
        r = Reader(entry, path, problems)
        r.only(("id", "title", "description"), required=("id", "title"))
        domains.append((r.text("id"), r.text("title")))
    situations = []
    for entry in _entries(data, "situations", path, problems):
        r = Reader(entry, path, problems)
        r.only(("id", "title", "examples", "description"), required=("id", "title"))
        situations.append({"id": r.text("id"), "title": r.text("title"), "examples": r.texts("examples"),
                           "description": r.text("description")})
    needs = []
    for entry in _entries(data, "to_develop", path, problems):
        r = Reader(entry, path, problems)
        r.only(("id", "title", "examples", "competences"), required=("id", "title"))
        needs.append({"id": r.text("id"), "title": r.text("title"), "examples": r.texts("examples"),
                      "competences": r.texts("competences"), "line": entry.line})
    items, seen = [], set()
    domain_ids = [d for d, _ in domains]
    for entry in _entries(data, "competences", path, problems):
        r = Reader(entry, path, problems)
        r.only(("id", "title", "domain", "description", "situations"), required=("id", "title"))
        ident = r.text("id")
        if ident in seen:
            r.error("id", f"compétence « {ident} » en double")
        seen.add(ident)
        domain = r.text("domain")
        if domain_ids and domain and domain not in domain_ids:
            r.error("domain", f"domaine inconnu « {domain} »{did_you_mean(domain, domain_ids)}")
        items.append(Competence(ident, r.text("title"), domain, r.text("description")))
    for need in needs:
        for ident in need["competences"]:
            if ident not in seen:
                problems.error(path, need["line"], f"compétence inconnue « {ident} »{did_you_mean(ident, seen)}")
    return Competences(tuple(domains), tuple(situations), tuple(items), tuple(needs))


def _entries(data: LineDict, key: str, path: Path, problems: Problems):
    value = data.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        problems.error(path, data.line_of(key), f"« {key} » doit être une liste")
        return
    for index, entry in enumerate(value):
        if isinstance(entry, dict):
            yield entry
        else:
            problems.error(path, value.line_of(index), f"« {key} » : chaque élément doit être un dictionnaire")


# --- modules ---------------------------------------------------------------------

MODULE_KEYS = ("title", "subtitle", "duration", "objectives", "kind", "level", "audience",
               "prerequisites", "competences", "tags", "licence", "updated", "authors")


class Lookups:
    def __init__(self, references, glossary: Glossary, competences: Competences, root: Path, modules: set[str]) -> None:
        self.references, self.glossary, self.competences, self.root = references, glossary, competences, root
        self.modules = modules  # every module slug, valid or not


def load_module(path: Path, lookups: Lookups, problems: Problems) -> Module | None:
    try:
        parts = split(read_text(path))
    except UnicodeDecodeError:
        problems.error(path, 1, "le fichier n'est pas encodé en UTF-8")
        return None
    except FrontMatterError as exc:
        problems.error(path, exc.line, exc.message)
        return None
    if parts.meta_text is None:
        problems.error(path, 1, "en-tête YAML manquant : le fichier doit commencer par « --- », title, duration, objectives, « --- »")
        return None
    data = read_yaml(path, problems, parts.meta_line, parts.meta_text)
    if data is None and not parts.meta_text.strip():
        problems.error(path, 1, "en-tête YAML vide : indiquez au moins title, duration et objectives")
        return None
    data = mapping(data, path, problems, "l'en-tête")
    if data is None:
        return None
    data.line = parts.meta_line - 1  # report missing fields on the opening ---
    r = Reader(data, path, problems)
    r.only(MODULE_KEYS, required=("title", "duration", "objectives"))
    duration = r.duration("duration") if "duration" in data else None
    objectives = r.texts("objectives")
    warn_placeholders(parts, data, objectives, path, problems)
    competences = r.texts("competences")
    known = lookups.competences.ids()
    for index, ident in enumerate(competences):
        if known and ident not in known:
            line = data["competences"].line_of(index) if isinstance(data.get("competences"), LineList) else r.line("competences")
            problems.error(path, line, f"compétence inconnue « {ident} »{did_you_mean(ident, known)}")
    prerequisites = r.texts("prerequisites")
    for index, prerequisite in enumerate(prerequisites):
        if SLUG.match(prerequisite) and prerequisite not in lookups.modules:
            line = data["prerequisites"].line_of(index) if isinstance(data.get("prerequisites"), LineList) else r.line("prerequisites")
            problems.warn(path, line, f"prérequis « {prerequisite} » : aucun module ne porte ce nom{did_you_mean(prerequisite, lookups.modules)}")
    module_problems = Problems()
    raw_slides = split_slides(parts.body, parts.body_line)
    slides = resolve_slides(raw_slides, path, lookups, module_problems)
    citations, terms, assets = scan_body(raw_slides, parts.body, parts.body_line, path, lookups, module_problems)
    problems.extend(module_problems)
    # Read every field before giving up, so that all problems are reported.
    fields = dict(
        slug=path.stem, path=path, title=r.text("title"), duration=duration, objectives=objectives,
        slides=tuple(slides), kind=r.choice("kind", KINDS, "exposé"), level=r.choice("level", LEVELS, "débutant"),
        subtitle=r.text("subtitle"), audience=r.texts("audience"), prerequisites=prerequisites,
        competences=competences, tags=r.texts("tags"), licence=r.text("licence"), updated=r.date("updated"),
        authors=r.texts("authors"), citations=citations, terms=terms, assets=assets,
    )
    if duration is None or not fields["title"] or not objectives:
        return None
    return Module(**fields)


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
            line=slide.line, parts=slide.parts, classes=tuple(class_list(merged.get("class", ""))),
            name=props.get("name", ""), number=number if counted else None, style=style,
            layout_text=prefix, layout_line=(layout or template).line if (layout or template) else 0,
        ))
    return slides


def background_style(props: dict, slide: RawSlide, layout, path: Path, lookups: Lookups, problems: Problems) -> str:
    declarations = []
    for name in ("background-image", "background-size", "background-position", "background-color", "background-repeat"):
        value = props.get(name)
        if not value:
            continue
        if name == "background-image":
            match = syntax.CSS_URL.search(value)
            if not match:
                line = slide.property_lines.get(name) or (layout.property_lines.get(name) if layout else slide.line)
                problems.error(path, line, f"background-image attend url(chemin), pas « {value} »")
                continue
            owner = slide if name in slide.property_lines else layout
            check_asset(match.group("src"), path, owner.property_lines[name], lookups, problems, alt="decor")
        declarations.append(f"{name}: {value}")
    return "; ".join(declarations)


def check_asset(src: str, path: Path, line: int, lookups: Lookups, problems: Problems, alt) -> Path | None:
    """Validate a local image path; return the file, or None if remote/bad."""
    if src.startswith(("http://", "https://", "//")):
        problems.warn(path, line, f"image distante « {src} » : elle ne s'affichera pas hors ligne, copiez-la dans content/media/")
        return None
    if src.startswith(("data:", "#")):
        return None
    target = (path.parent / src.split("#")[0].split("?")[0]).resolve()
    content = (lookups.root / "content").resolve()
    if not target.is_relative_to(content):
        problems.error(path, line, f"chemin « {src} » hors du dossier content/ : placez l'image dans content/media/")
        return None
    if not target.is_file():
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
                for number, message in syntax.check_blocks(text, line):
                    problems.error(path, number, message)
                try:
                    syntax.expand_classes(text, line)
                except syntax.ClassSyntaxError as exc:
                    problems.error(path, exc.line, exc.message)
    citations: dict[str, None] = {}
    for found in syntax.find_citations(body, first_line):
        if found.value in lookups.references:
            citations.setdefault(found.value)
        else:
            problems.error(path, found.line, f"référence inconnue « [@{found.value}] »{did_you_mean(found.value, lookups.references)} : ajoutez-la à content/references.yml")
    terms: dict[str, None] = {}
    for found in syntax.find_terms(body, first_line):
        term = lookups.glossary.find(found.value)
        if term:
            terms.setdefault(term.slug)
        else:
            names = [t.term for t in lookups.glossary.terms.values()]
            problems.error(path, found.line, f"terme « [[{found.value}]] » absent du glossaire{did_you_mean(found.value, names)} : ajoutez-le à content/glossaire.yml")
    assets: dict[Path, None] = {}
    for found in syntax.find_images(body, first_line):
        target = check_asset(found.value, path, found.line, lookups, problems, found.extra)
        if target:
            assets.setdefault(target)
    return tuple(citations), tuple(terms), tuple(assets)


# --- parcours --------------------------------------------------------------------

PARCOURS_KEYS = ("title", "summary", "audience", "day_end", "days")
DAY_KEYS = ("title", "start", "end", "items")
ITEM_KINDS = ("module", "pause", "repas", "activite")


def load_parcours(path: Path, modules: dict[str, Module], known: set[str], config: Config, problems: Problems) -> Parcours | None:
    data = mapping(read_yaml(path, problems), path, problems, "un parcours")
    if data is None:
        return None
    r = Reader(data, path, problems)
    r.only(PARCOURS_KEYS, required=("title", "days"))
    limit = r.clock("day_end", config.day_end)
    days = []
    raw_days = data.get("days")
    if raw_days is not None and not isinstance(raw_days, list):
        r.error("days", "« days » doit être une liste de journées")
        raw_days = []
    for index, raw in enumerate(raw_days or []):
        if not isinstance(raw, dict):
            problems.error(path, raw_days.line_of(index), "chaque journée doit contenir title, start et items")
            continue
        day = load_day(index + 1, raw, path, modules, known, limit, config.lang, problems)
        if day:
            days.append(day)
    if not r.text("title"):
        return None
    return Parcours(slug=path.stem, path=path, title=r.text("title"), days=tuple(days),
                    summary=r.text("summary"), audience=r.text("audience"))


def load_day(number: int, raw: LineDict, path: Path, modules, known: set[str], limit: int, lang: str, problems: Problems) -> Day | None:
    r = Reader(raw, path, problems, f" (journée {number})")
    r.only(DAY_KEYS, required=("items",))
    start = r.clock("start", 9 * 60)
    day_limit = r.clock("end", limit)
    items = raw.get("items") or []
    if not isinstance(items, list):
        r.error("items", "« items » doit être une liste")
        items = []
    entries = []
    for index, item in enumerate(items):
        entry = agenda_entry(item, items.line_of(index), path, modules, known, lang, problems)
        if entry is not None:
            entries.append((*entry, items.line_of(index)))
    slots = lay_out(start, [minutes for _, _, _, minutes, _ in entries])
    agenda = [AgendaItem(kind, title, minutes, slot.start, slot.end, slug, line)
              for (kind, title, slug, minutes, line), slot in zip(entries, slots)]
    clock = slots[-1].end if slots else start
    if agenda and clock > day_limit:
        problems.warn(path, raw.line, f"la journée {number} finit à {format_clock(clock)}, après {format_clock(day_limit)}")
    return Day(number, r.text("title") or strings(lang)["day_n"].format(n=number), start, clock, day_limit, tuple(agenda))


def agenda_entry(item, line: int, path: Path, modules, known: set[str], lang: str, problems: Problems):
    """(kind, title, module slug, minutes) for one parcours item, or None."""
    if isinstance(item, str):
        item = LineDict({"module": item})
        item.line, item.key_lines = line, {"module": line}
    if not isinstance(item, dict):
        problems.error(path, line, "élément invalide : un slug de module, ou { module | pause | repas | activite: … }")
        return None
    kinds = [k for k in ITEM_KINDS if k in item]
    r = Reader(item, path, problems)
    if len(kinds) != 1:
        unknown = [k for k in item if k not in (*ITEM_KINDS, "duration", "title")]
        if unknown:
            r.only((*ITEM_KINDS, "duration", "title"))
        else:
            problems.error(path, line, "chaque élément doit avoir exactement une clé parmi : module, pause, repas, activite")
        return None
    kind = kinds[0]
    r.only((kind, "duration", "title"))
    if kind == "module":
        slug = r.text("module")
        if slug not in known:
            problems.error(path, line, f"module inconnu « {slug} »{did_you_mean(slug, known)}")
            return None
        module = modules.get(slug)
        minutes = r.duration("duration") if "duration" in item else (module.duration if module else None)
        if minutes is None:
            return None
        return "module", r.text("title") or (module.title if module else slug), slug, minutes
    if kind in ("pause", "repas"):
        minutes = r.duration(kind)
        title = r.text("title") or strings(lang)["break" if kind == "pause" else "lunch"]
        return (kind, title, "", minutes) if minutes else None
    if "duration" not in item:
        problems.error(path, line, "une activité doit avoir une durée : { activite: \"Tour de table\", duration: 15min }")
        return None
    minutes = r.duration("duration")
    return ("activite", r.text("activite"), "", minutes) if minutes else None


# --- the whole course ------------------------------------------------------------

def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds, tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def load_modules(paths: list[Path], lookups: Lookups, config: Config | None, problems: Problems) -> dict[str, Module]:
    """Every module, one after the other (the incremental build caches and
    parallelises this step: see incremental.py)."""
    modules = {}
    for path in paths:
        module = load_module(path, lookups, problems)
        if module:
            modules[path.stem] = module
    return modules


def load_course(root: Path, today: dt.date | None = None, modules_loader=load_modules) -> tuple[Course | None, Problems]:
    """`today` decides which session dates are past (default: build_date());
    `modules_loader` has the signature of load_modules()."""
    from .sessions import load_sessions  # sessions.py builds on this module's readers

    # Absolute, so that a module's path (kept in the cache, and in its cache
    # key) is the same whether the root was given as "." or in full.
    root = Path(root).resolve()
    content = root / "content"
    problems = Problems()
    if not content.is_dir():
        problems.error(content, 0, "dossier content/ introuvable : est-ce bien la racine du projet ? (option --root)")
        return None, problems
    config = load_config(content, problems)
    references = load_references(content, problems)
    glossary = load_glossary(content, problems, references)
    competences = load_competences(content, problems)
    paths = sorted((content / "modules").glob("*.md")) if (content / "modules").is_dir() else []
    known = {path.stem for path in paths}
    lookups = Lookups(references, Glossary(glossary), competences, root.resolve(), known)
    folded: dict[str, Path] = {}
    for path in paths:
        slug = path.stem
        if not SLUG.match(slug):
            problems.error(path, 0, f"nom de fichier « {path.name} » invalide : minuscules, chiffres et tirets, par exemple « {slugify(slug) or 'mon-module'}.md »")
        if slug.lower() in folded:
            problems.error(path, 0, f"slug en double : « {slug} » et « {folded[slug.lower()].name} » donneraient la même page")
        folded.setdefault(slug.lower(), path)
    modules = modules_loader(paths, lookups, config, problems)
    parcours: dict[str, Parcours] = {}
    if config:
        for path in sorted((content / "parcours").glob("*.yml")) if (content / "parcours").is_dir() else []:
            if not SLUG.match(path.stem):
                problems.error(path, 0, f"nom de fichier « {path.name} » invalide : minuscules, chiffres et tirets")
            if path.stem in parcours:
                problems.error(path, 0, f"parcours « {path.stem} » en double")
            item = load_parcours(path, modules, known, config, problems)
            if item:
                parcours[item.slug] = item
    if config is None:
        return None, problems
    sessions = load_sessions(content, modules, known, parcours, config, problems, today or build_date())
    course = Course(root=root, config=config, modules=modules, parcours=parcours,
                    references=references, glossary=glossary, competences=competences, sessions=sessions)
    return course, problems
