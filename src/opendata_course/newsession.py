"""The text of a new session file, written by `opendata-course session new`."""

from __future__ import annotations

import datetime as dt
import json

from .loader import PLACEHOLDER_MARK
from .model import Parcours

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


def first_date(today: dt.date) -> dt.date:
    return working_days(today + LEAD_TIME, 1)[0]


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def session_yaml(parcours: Parcours, dates: list[dt.date], contact: str) -> str:
    todo = PLACEHOLDER_MARK
    lines = [
        f"# Session du parcours « {parcours.slug} ». Relisez chaque champ : ils",
        "# alimentent la fiche programme (Qualiopi), la feuille d'émargement et",
        "# le déroulé daté. `opendata-course check` signale ce qui reste à préciser.",
        f"title: {quoted(parcours.title)}",
        f"parcours: {parcours.slug}",
        f"dates: [{', '.join(d.isoformat() for d in dates)}]  # une date par journée",
        f"lieu: {quoted(todo + ' : adresse et salle')}",
        "formateurs:",
        f"  - {{ nom: {quoted(todo)}, role: formateur }}",
        f"public: {quoted(parcours.audience or todo)}",
        "participants: 12  # ou la liste des noms, pour la feuille d'émargement",
        "modalite: Présentiel",
        "prerequis:",
        "  - Savoir utiliser un tableur.",
        "acces: >",
        "  Inscription auprès du contact ci-dessous au plus tard 10 jours ouvrés",
        "  avant la session, dans la limite des places disponibles.",
        "evaluation:",
        "  - Positionnement en début de formation (tour de table et recueil des attentes).",
        "  - Quiz et exercices pratiques pendant la formation.",
        "  - Auto-évaluation des acquis au regard des objectifs en fin de formation.",
        "  - Questionnaire de satisfaction à chaud.",
        "accessibilite: >",
        "  Les personnes en situation de handicap sont invitées à contacter le",
        "  référent handicap avant l'inscription pour étudier les adaptations",
        "  nécessaires (accès à la salle, supports, rythme).",
        f"contact: {quoted(contact or todo + ' : adresse électronique du référent')}",
        "# Adapter le parcours (facultatif) :",
        "# retirer: [slug-d-un-module]",
        "# ajouter:",
        "#   - { module: slug-d-un-module, jour: 1, apres: autre-slug, duration: 30min }",
    ]
    return "\n".join(lines) + "\n"
