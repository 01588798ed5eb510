"""course.yml, references.yml, glossaire.yml and competences.yml."""

from __future__ import annotations

import os

import re
from pathlib import Path

from ..model import Competence, Competences, Config, Reference, Term
from ..problems import Problems, did_you_mean
from ..slugs import fold, slugify
from .yaml_lines import LineDict
from .reader import LANGS, REFERENCE_KINDS, SLUG, Field, Reader, course_file, mapping, read_fields, read_mapping, read_yaml


# --- course.yml ---------------------------------------------------------------

CONFIG = {
    "title": Field(required=True), "subtitle": Field(), "lang": Field("choice", default="fr", choices=LANGS),
    "licence": Field(default="CC-BY-SA-4.0"), "authors": Field("texts"), "organisation": Field(),
    "base_url": Field(), "logo": Field(), "contact": Field(), "day_end": Field("clock", default=17 * 60 + 30),
    "repository": Field(), "branch": Field(default="main"),
}
REFERENCE = {
    "title": Field(required=True), "short": Field(), "kind": Field("choice", required=True, default="autre", choices=REFERENCE_KINDS),
    "url": Field(), "date": Field(), "publisher": Field(),
}
TERM = {"term": Field(required=True), "definition": Field(required=True), "source": Field(),
        "synonyms": Field("texts"), "acronyms": Field("texts")}


def load_config(content: Path, problems: Problems) -> Config | None:
    path = content / "course.yml"
    if not os.path.lexists(path):  # a folder or a looping link by that name is read, and said
        problems.error(path, 0, "fichier introuvable : créez content/course.yml avec au moins « title »")
        return None
    data = read_mapping(path, problems, "course.yml", "indiquez au moins « title »")
    if data is None:
        return None
    r = Reader(data, path, problems)
    values = read_fields(r, CONFIG)
    if values["logo"]:
        logo = course_file(content, values["logo"], content.resolve())
        if logo == "outside":
            r.error("logo", f"logo « {values['logo']} » hors du dossier content/ : placez-le dans content/media/")
            values["logo"] = ""
        elif logo == "missing":
            r.error("logo", f"logo introuvable : {values['logo']}")
            values["logo"] = ""
    if values["base_url"] and not web_address(values["base_url"]):
        r.error("base_url", f"adresse invalide « {values['base_url']} » : elle doit commencer par https://")
        values["base_url"] = ""
    if values["repository"] and not web_address(values["repository"]):
        r.error("repository", f"adresse invalide « {values['repository']} » : donnez l'adresse web du dépôt, "
                "par exemple https://github.com/organisation/formation")
        values["repository"] = ""
    values["repository"] = values["repository"].rstrip("/").removesuffix(".git")
    values["base_url"] = values["base_url"].rstrip("/")
    if not BRANCH.match(values["branch"]):
        r.error("branch", f"nom de branche invalide « {values['branch']} »")
        values["branch"] = "main"
    return Config(**values)


BRANCH = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$")


def web_address(url: str) -> bool:
    """An http(s) address with a host: no javascript:, data: or file: link."""
    scheme, _, rest = url.partition("://")
    return scheme.lower() in ("http", "https") and bool(rest.strip("/")) and not any(c.isspace() or ord(c) < 32 for c in url)


# --- references.yml, glossaire.yml, competences.yml ------------------------------

class Entries(dict):
    """A shared file's entries by id, with what could not be read of it:
    `unread` when the whole file could not (invalid YAML), `broken` the ids
    written with an unusable entry. Their errors are reported once, on the
    file; a module citing them is not told, once per use, that they are unknown."""

    def __init__(self, unread: bool = False) -> None:
        super().__init__()
        self.unread, self.broken = unread, set()

    def unknown(self, ident: str) -> bool:
        """Whether `ident` is surely not in the file: missing, and not only from a part that could not be read."""
        return ident not in self and not self.unread and ident not in self.broken


def load_references(content: Path, problems: Problems) -> Entries:
    """The references by id (an Entries of Reference)."""
    path = content / "references.yml"
    if not os.path.lexists(path):  # a folder or a looping link by that name is read, and said
        return Entries()
    errors = len(problems.errors)
    data = mapping(read_yaml(path, problems), path, problems, "references.yml")
    references = Entries(unread=data is None and len(problems.errors) > errors)
    for ident, entry in (data or {}).items():
        line = data.line_of(ident)
        if not SLUG.match(str(ident)):
            problems.error(path, line, f"identifiant « {ident} » invalide : minuscules, chiffres et tirets")
        if not isinstance(entry, dict):
            problems.error(path, line, f"« {ident} » doit contenir title, kind et url")
            references.broken.add(str(ident))
            continue
        r = Reader(entry, path, problems, f" dans « {ident} »")
        values = read_fields(r, REFERENCE)
        if values["url"] and not web_address(values["url"]):
            r.error("url", f"adresse invalide « {values['url']} » : elle doit commencer par https://")
        references[str(ident)] = Reference(id=str(ident), **values)
    return references


def load_glossary(content: Path, problems: Problems, references: Entries) -> Entries:
    """The glossary's terms by slug (an Entries of Term)."""
    path = content / "glossaire.yml"
    if not os.path.lexists(path):  # a folder or a looping link by that name is read, and said
        return Entries()
    errors = len(problems.errors)
    data = read_yaml(path, problems)
    if data is None:
        return Entries(unread=len(problems.errors) > errors)
    if not isinstance(data, list):
        problems.error(path, getattr(data, "line", 1), "glossaire.yml doit être une liste d'entrées « - term: … »")
        return Entries(unread=True)
    terms = Entries()
    seen: dict[str, int] = {}
    for index, entry in enumerate(data):
        line = data.line_of(index)
        if not isinstance(entry, dict):
            problems.error(path, line, "chaque entrée doit contenir term et definition")
            continue
        r = Reader(entry, path, problems)
        values = read_fields(r, TERM)
        term = values["term"]
        source = values["source"].strip("[]@ ")
        if source and references.unknown(source):
            r.error("source", f"référence inconnue « {source} »{did_you_mean(source, references)}")
        names = (term, *values["synonyms"], *values["acronyms"])
        for name in names:
            if fold(name) in seen:
                problems.error(path, line, f"« {name} » figure déjà dans le glossaire (ligne {seen[fold(name)]})")
            seen.setdefault(fold(name), line)
        slug = slugify(term) or f"terme-{index + 1}"
        while slug in terms:
            slug += "-bis"
        terms[slug] = Term(term=term, slug=slug, definition=" ".join(values["definition"].split()), source=source,
                           synonyms=values["synonyms"], acronyms=values["acronyms"])
    return terms


def load_competences(content: Path, problems: Problems) -> Competences:
    path = content / "competences.yml"
    if not os.path.lexists(path):  # a folder or a looping link by that name is read, and said
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
