"""The text of a new session file, written by `opendata-course session new`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from ..load.project import load_course
from ..load.reader import PLACEHOLDER_MARK
from ..load.sessions import derived_methods, sample_organisation
from ..model import Parcours
from ..problems import LocatedError, did_you_mean
from ..slugs import slugify
from ..strings import strings

LEAD_TIME = dt.timedelta(days=14)  # a session is rarely planned for next week


def working_days(start: dt.date, count: int) -> list[dt.date]:
    """`count` consecutive weekdays from `start` (itself moved off a weekend)."""
    days = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def moved_start(start: dt.date) -> str:
    """What to say when `start` falls on a weekend (the session starts the Monday after), else ""."""
    monday = working_days(start, 1)[0]
    if monday == start:
        return ""
    return (f"Le {strings('fr')['weekdays'][start.weekday()]} {start:%d/%m/%Y} tombe un week-end : "
            f"la session commence le lundi suivant, {monday:%d/%m/%Y}.")


def first_date(today: dt.date) -> dt.date:
    return working_days(today + LEAD_TIME, 1)[0]


def scalar(text: str) -> str:
    """`text` as a YAML scalar a person reads easily: as it is when YAML reads
    it back unchanged, else in double quotes (never '' escapes)."""
    try:
        plain = yaml.safe_load(f"key: {text}") if text and "\n" not in text and "#" not in text else None
    except yaml.YAMLError:
        plain = None
    if isinstance(plain, dict) and plain.get("key") == text and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def organiser_of(course_organisation: str) -> str:
    """The training organisation to write: course.yml's, unless it is still a placeholder."""
    if course_organisation and not sample_organisation(course_organisation):
        return course_organisation
    return f"{PLACEHOLDER_MARK} : nom de l'organisme de formation (et son numéro de déclaration d'activité)"


def session_yaml(parcours: Parcours, dates: list[dt.date], contact: str, organisation: str = "",
                 methods: tuple[str, ...] = ()) -> str:
    """Every field the programme sheet (Qualiopi) shows, with a value to review
    or « À préciser » where only the trainer knows."""
    todo = PLACEHOLDER_MARK
    lines = [
        f"# Session du parcours « {parcours.slug} ». Relisez chaque champ : ils",
        "# alimentent la fiche programme (Qualiopi), la feuille d'émargement et",
        "# le déroulé daté. `opendata-course check` signale ce qui reste à préciser.",
        f"title: {scalar(parcours.title)}",
        f"parcours: {parcours.slug}",
        f"dates: [{', '.join(d.isoformat() for d in dates)}]  # une date par journée",
        f"organisme: {scalar(organiser_of(organisation))}",
        f"lieu: {scalar(todo + ' : adresse et salle')}",
        "modalite: Présentiel, en intra",
        "formateurs:",
        f"  - {{ nom: {scalar(todo)}, role: formateur }}",
        f"public: {scalar(parcours.audience or todo + ' : à qui s’adresse la formation')}",
        "participants: 12  # ou la liste des noms, pour la feuille d'émargement",
        "prerequis:",
        "  - Savoir utiliser un tableur.",
        "# objectifs : par défaut, ceux des modules ; pour les remplacer :",
        "# objectifs:",
        "#   - Publier un jeu de données de sa collectivité sous licence ouverte",
        "methodes:  # déduites des formats des modules : à adapter",
        *(f"  - {scalar(method)}" for method in methods or ("Apports et échanges avec les participants",)),
        "acces: >",
        "  Inscription auprès du contact ci-dessous au plus tard 10 jours ouvrés",
        "  avant la session, dans la limite des places disponibles.",
        f"tarif: {scalar(todo + ' : prix par participant ou pour le groupe (HT ou TTC), ou « gratuit »')}",
        "evaluation:",
        "  - Positionnement en début de formation (tour de table et recueil des attentes).",
        "  - Quiz et exercices pratiques pendant la formation.",
        "  - Auto-évaluation des acquis au regard des objectifs en fin de formation.",
        "  - Questionnaire de satisfaction à chaud.",
        "accessibilite: >",
        "  Les personnes en situation de handicap sont invitées à contacter le",
        "  référent handicap avant l'inscription pour étudier les adaptations",
        "  nécessaires (accès à la salle, supports, rythme).",
        f"contact: {scalar(contact or todo + ' : adresse électronique du référent')}",
        "# Adapter le parcours (facultatif) :",
        "# retirer: [slug-d-un-module]",
        "# ajouter:",
        "#   - { module: slug-d-un-module, jour: 1, apres: autre-slug, duration: 30min }",
    ]
    return "\n".join(lines) + "\n"


def new_session(root: Path, parcours_slug: str, start: dt.date | None, slug: str | None, today: dt.date) -> Path:
    """Write content/sessions/<slug>.yml from a parcours; never overwrites
    (LocatedError says why, and nothing is written)."""
    course, problems = load_course(root)
    if course is None:
        raise LocatedError("\n".join(p.format() for p in problems.errors))
    parcours = course.parcours.get(parcours_slug)
    if parcours is None:
        known = ", ".join(sorted(course.parcours)) or "aucun"
        raise LocatedError(f"parcours inconnu « {parcours_slug} »{did_you_mean(parcours_slug, course.parcours)} ; parcours existants : {known}")
    dates = working_days(start or first_date(today), len(parcours.days))
    slug = slug or f"{parcours.slug}-{dates[0].isoformat()}"
    if slugify(slug) != slug:
        raise LocatedError(f"nom de session « {slug} » invalide : minuscules, chiffres et tirets")
    path = root / "content" / "sessions" / f"{slug}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(session_yaml(parcours, dates, course.config.contact, course.config.organisation,
                                      derived_methods(parcours.days, course.modules, course.config.lang)))
    except FileExistsError:
        raise LocatedError(f"{path}: ce fichier existe déjà ; il n'a pas été modifié.") from None
    return path
