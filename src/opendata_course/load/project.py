"""The whole project: files to a Course and its problems, in two steps.

read_project() reads what every module is checked against (course.yml,
references, glossary, competences, the list of module files); modules are
then read one by one (build/modules.py caches and parallelises that), and
assemble() adds the parcours and sessions, which need the modules.
load_course() does the three in a row. Nothing here renders or caches, and
nothing raises on bad content: every problem is one `path:line: message`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..markup.glossary import Glossary
from ..model import Competences, Config, Course, Module, Parcours, Reference, Term
from ..problems import Problems
from ..slugs import slugify
from .course_files import load_competences, load_config, load_glossary, load_references
from .history import with_history
from .modules import Lookups, load_module
from .parcours import load_parcours
from .reader import SLUG, published_files, sources
from .sessions import load_sessions


@dataclass(frozen=True)
class Project:
    """What a project's modules are read against."""

    root: Path  # absolute
    config: Config | None  # None when course.yml is missing or broken
    references: dict[str, Reference]
    glossary: dict[str, Term]
    competences: Competences
    module_paths: tuple[Path, ...]
    lookups: Lookups

    @property
    def content(self) -> Path:
        return self.root / "content"


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds, tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


SHARED_FILES = ("references.yml", "glossaire.yml", "competences.yml")  # what load_shared() reads, and nothing else


def load_shared(content: Path, problems: Problems) -> tuple[dict[str, Reference], dict[str, Term], Competences]:
    """References, glossary and competences: the largest YAML files of a
    course, read only from SHARED_FILES (the build keeps what they give)."""
    references = load_references(content, problems)
    return references, load_glossary(content, problems, references), load_competences(content, problems)


def read_project(root: Path, problems: Problems, shared=load_shared) -> Project | None:
    """The shared files and the list of modules; None without content/.
    `shared`: load_shared(), or a function that gives what it would."""
    # Absolute, so that a module's path (kept in the cache, and in its cache
    # key) is the same whether the root was given as "." or in full.
    root = Path(root).resolve()
    content = root / "content"
    if not content.is_dir():
        problems.error(content, 0, "dossier content/ introuvable : est-ce bien la racine du projet ? (option --root)")
        return None
    config = load_config(content, problems)
    references, glossary, competences = shared(content, problems)
    paths = tuple(sources(content / "modules", ".md", problems))
    folded: dict[str, Path] = {}
    for path in paths:
        slug = path.stem
        if not SLUG.match(slug):
            problems.error(path, 0, f"nom de fichier « {path.name} » invalide : minuscules, chiffres et tirets, par exemple « {slugify(slug) or 'mon-module'}.md »")
        if slug.lower() in folded:
            problems.error(path, 0, f"slug en double : « {slug} » et « {folded[slug.lower()].name} » donneraient la même page")
        folded.setdefault(slug.lower(), path)
    lookups = Lookups(references, Glossary(glossary), competences, root, {path.stem for path in paths})
    return Project(root, config, references, glossary, competences, paths, lookups)


def assemble(project: Project, modules: dict[str, Module], problems: Problems, today: dt.date | None = None) -> Course | None:
    """The Course, with its parcours and sessions; None without a valid course.yml.
    `today` decides which session dates are past (default: build_date())."""
    config, content, known = project.config, project.content, project.lookups.modules
    if config is None:
        return None
    if config.repository:  # sources named: edit links and dates from git
        modules = with_history(project.root, modules, problems)
    parcours: dict[str, Parcours] = {}
    for path in sources(content / "parcours", ".yml", problems):
        if not SLUG.match(path.stem):
            problems.error(path, 0, f"nom de fichier « {path.name} » invalide : minuscules, chiffres et tirets")
        item = load_parcours(path, modules, known, config, problems)
        if item:
            parcours[item.slug] = item
    sessions = load_sessions(content, modules, known, parcours, config, problems, today or build_date())
    published = [*published_files(content / "media", project.root, problems),
                 *published_files(project.root / "static", project.root, problems)]
    return Course(root=project.root, config=config, modules=modules, parcours=parcours,
                  references=project.references, glossary=project.glossary,
                  competences=project.competences, sessions=sessions, published=tuple(published))


def load_modules(project: Project, problems: Problems) -> dict[str, Module]:
    """Every module, one after the other, without cache."""
    modules = {}
    for path in project.module_paths:
        module = load_module(path, project.lookups, problems)
        if module:
            modules[path.stem] = module
    return modules


def load_course(root: Path, today: dt.date | None = None) -> tuple[Course | None, Problems]:
    problems = Problems()
    project = read_project(root, problems)
    if project is None:
        return None, problems
    return assemble(project, load_modules(project, problems), problems, today), problems
