"""Read content/sessions/<slug>.yml: a parcours delivered on real dates.

A session names its parcours, then may replace its days (`days`, same
syntax as a parcours), drop modules (`retirer`) or add items (`ajouter`,
with `jour` and `apres` or `avant`). Clock times are laid out again after
the changes, and the days get the session's dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from ..problems import Problems, did_you_mean
from ..strings import strings
from .parcours import agenda_entry, load_days, warn_prerequisites
from .reader import PLACEHOLDER_MARK, SLUG, Field, Reader, read_fields, read_mapping, sources
from ..model import AgendaItem, Config, Day, Module, Parcours, Session, Trainer
from ..schedule import format_clock, lay_out
from .yaml_lines import LineDict

SESSION = {
    "title": Field(), "parcours": Field(required=True), "dates": Field("raw"), "lieu": Field(),
    "formateurs": Field("raw"), "public": Field(), "participants": Field("raw"), "prerequis": Field("texts"),
    "objectifs": Field("texts"), "methodes": Field("texts"), "evaluation": Field("texts"), "acces": Field(),
    "accessibilite": Field(), "modalite": Field(), "tarif": Field(), "contact": Field(), "organisme": Field(),
    "days": Field("raw"), "retirer": Field("raw"), "ajouter": Field("raw"),
    "publier": Field("raw", default=False),  # true: listed on the public site; `public` is the audience
}
# What the programme sheet must state (Qualiopi, indicateur 1): a session
# that leaves one out, or leaves it empty, gets a warning.
PROGRAMME_KEYS = {
    "lieu": "le lieu", "formateurs": "les formateurs", "acces": "les modalités et délais d'accès",
    "evaluation": "les modalités d'évaluation", "accessibilite": "l'accessibilité aux personnes handicapées",
    "contact": "un contact", "tarif": "le tarif (ou « gratuit »)",
}
# An organisation name that is still the sample course's or a placeholder.
PLACEHOLDER_ORGANISATIONS = (PLACEHOLDER_MARK.casefold(), "opendata-course")
ADD_KEYS = ("jour", "apres", "avant")
# Teaching methods, from the kinds of modules a session contains.
METHODS = {
    "fr": {
        "exposé": "Apports illustrés d'exemples concrets, échanges avec les participants",
        "atelier": "Ateliers pratiques sur des jeux de données réels",
        "quiz": "Quiz interactifs pour vérifier la compréhension",
        "jeu": "Mise en situation (jeu de rôle)",
        "icebreaker": "Tour de table et recueil des attentes",
    },
    "en": {
        "exposé": "Talks illustrated with concrete examples, discussion with participants",
        "atelier": "Hands-on workshops on real datasets",
        "quiz": "Interactive quizzes to check understanding",
        "jeu": "Role play",
        "icebreaker": "Introductions and expectations",
    },
}


def load_sessions(content: Path, modules: dict[str, Module], known: set[str], parcours: dict[str, Parcours],
                  config: Config, problems: Problems, today: dt.date) -> dict[str, "Session"]:
    folder = content / "sessions"
    sessions: dict[str, Session] = {}
    for path in sources(folder, ".yml", problems):
        if not SLUG.match(path.stem):
            problems.error(path, 0, f"nom de fichier « {path.name} » invalide : minuscules, chiffres et tirets")
            continue
        session = load_session(path, modules, known, parcours, config, problems, today)
        if session:
            sessions[session.slug] = session
    return sessions


def load_session(path: Path, modules: dict[str, Module], known: set[str], parcours: dict[str, Parcours],
                 config: Config, problems: Problems, today: dt.date) -> Session | None:
    data = read_mapping(path, problems, "une session", "une session indique au moins parcours et dates")
    if data is None:
        return None
    r = Reader(data, path, problems)
    if isinstance(data.get("public"), bool):  # `public` is the audience; publishing is `publier`
        r.error("public", f"« public » est le public visé (un texte) ; pour annoncer la session sur le site, "
                f"écrivez « publier: {str(data['public']).lower()} »")
        del data["public"]
    values = read_fields(r, SESSION)
    if "dates" not in data or data["dates"] is None:  # an empty list is told by the count below
        problems.error(path, data.line, "champ obligatoire manquant : « dates »")
    for key, what in PROGRAMME_KEYS.items():
        if key == "contact" and config.contact:
            continue
        if key not in data:
            problems.warn(path, data.line, f"champ « {key} » manquant : la fiche programme doit indiquer {what}")
        elif data[key] in (None, "", [], {}):
            problems.warn(path, data.line_of(key), f"« {key} » est vide : la fiche programme doit indiquer {what}")
    warn_placeholders(data, path, problems)
    warn_organiser(data, values["organisme"], config, path, problems)
    slug = values["parcours"]
    base = parcours.get(slug)
    if base is None:
        if slug:
            r.error("parcours", f"parcours inconnu « {slug} »{did_you_mean(slug, parcours)}")
        return None
    lang = config.lang
    days = list(base.days)
    if "days" in data:
        days = session_days(data, path, modules, known, base, config, problems)
    days = remove_modules(days, data, path, problems)
    days = add_items(days, data, path, modules, known, lang, problems)
    dates = read_dates(r, data, path, problems)
    if dates is None:
        return None
    if len(dates) != len(days):
        r.error("dates", f"{len(dates)} date(s) pour {len(days)} journée(s) : donnez une date par journée du parcours")
        return None
    # Items the session adds carry their line in this file; the others, the parcours'.
    inherited = {(item.module, item.line) for day in base.days for item in day.items}
    warn_prerequisites(path, days, modules, problems,
                       lambda item: r.line("parcours") if (item.module, item.line) in inherited else item.line)
    dated = []
    for index, (day, date) in enumerate(zip(days, dates)):
        line = data["dates"].line_of(index) if isinstance(data["dates"], list) else r.line("dates")
        check_date(date, line, path, problems, today, lang)
        if day.items and day.end > day.limit:
            problems.warn(path, line, f"la journée du {date.isoformat()} finit à {format_clock(day.end)}, après {format_clock(day.limit)}")
        dated.append(replace(day, number=index + 1, date=date))
    return Session(
        slug=path.stem, path=path, title=values["title"] or base.title, parcours=slug, days=tuple(dated),
        place=values["lieu"], trainers=read_trainers(data, path, problems), audience=values["public"] or base.audience,
        participants=read_participants(data, path, problems), prerequisites=values["prerequis"],
        objectives=values["objectifs"], methods=values["methodes"] or derived_methods(dated, modules, lang),
        evaluation=values["evaluation"], access=values["acces"], accessibility=values["accessibilite"],
        mode=values["modalite"], price=values["tarif"], contact=values["contact"] or config.contact,
        organiser=values["organisme"] or config.organisation,
        public=read_published(r, values["publier"]),
    )


def read_published(r: Reader, value) -> bool:
    if not isinstance(value, bool):
        r.error("publier", f"« publier » vaut true (la session figure sur le site public) ou false, pas « {value} »")
        return False
    return value


def sample_organisation(name: str) -> bool:
    """Whether `name` is still the sample course's organisation (course.yml as `init` wrote it)."""
    return any(mark in name.casefold() for mark in PLACEHOLDER_ORGANISATIONS)


def warn_organiser(data: LineDict, organiser: str, config: Config, path: Path, problems: Problems) -> None:
    """The training organisation heads the programme and the attendance sheet:
    a warning when it is still a placeholder or the sample course's (course.yml)."""
    name = organiser or config.organisation
    if organiser and PLACEHOLDER_MARK in organiser:
        return  # warn_placeholders says it
    if sample_organisation(name):
        if organiser:
            problems.warn(path, data.line_of("organisme"), f"« organisme » vaut « {name} », un nom d'exemple : "
                          "indiquez l'organisme de formation")
        else:
            problems.warn(path, data.line, f"organisme de formation « {name} » (« organisation » de course.yml) : "
                          "un nom d'exemple ; indiquez le vôtre avec « organisme »")


def warn_placeholders(data: LineDict, path: Path, problems: Problems) -> None:
    """One warning per field still holding what `session new` left to fill."""
    def holds_mark(value) -> bool:
        if isinstance(value, str):
            return PLACEHOLDER_MARK in value
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        return any(holds_mark(item) for item in values)

    for key, value in data.items():
        if holds_mark(value):
            problems.warn(path, data.line_of(key), f"« {key} » est encore à préciser")


def session_days(data: LineDict, path: Path, modules, known, base: Parcours, config: Config, problems: Problems) -> list[Day]:
    raw_days = data["days"]
    if not isinstance(raw_days, list) or not raw_days:
        problems.error(path, data.line_of("days"), "« days » doit être une liste de journées, comme dans un parcours")
        return list(base.days)
    limit = base.days[0].limit if base.days else config.day_end
    return load_days(raw_days, path, modules, known, limit, config.lang, problems)


def remove_modules(days: list[Day], data: LineDict, path: Path, problems: Problems) -> list[Day]:
    removed = data.get("retirer")
    if removed is None:
        return days
    if not isinstance(removed, list):
        problems.error(path, data.line_of("retirer"), "« retirer » doit être une liste de modules")
        return days
    present = {slug for day in days for slug in day.modules}
    drop = set()
    for index, slug in enumerate(removed):
        if not isinstance(slug, str) or slug not in present:
            problems.error(path, removed.line_of(index), f"module « {slug} » absent du parcours : rien à retirer{did_you_mean(str(slug), present)}")
        else:
            drop.add(slug)
    return [relaid(day, [item for item in day.items if item.module not in drop]) for day in days]


def add_items(days: list[Day], data: LineDict, path: Path, modules, known, lang: str, problems: Problems) -> list[Day]:
    added = data.get("ajouter")
    if added is None:
        return days
    if not isinstance(added, list):
        problems.error(path, data.line_of("ajouter"), "« ajouter » doit être une liste : - { module: slug, jour: 1, apres: autre-slug }")
        return days
    for index, raw in enumerate(added):
        line = added.line_of(index)
        if not isinstance(raw, dict):
            problems.error(path, line, "chaque ajout s'écrit { module: slug, jour: 1, apres: autre-slug }")
            continue
        item = LineDict({k: v for k, v in raw.items() if k not in ADD_KEYS})
        item.line, item.key_lines = raw.line, {k: raw.line_of(k) for k in item}
        entry = agenda_entry(item, line, path, modules, known, lang, problems)
        number = raw.get("jour", 1)
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(days):
            problems.error(path, raw.line_of("jour") if "jour" in raw else line,
                           f"« jour » doit être un numéro de journée entre 1 et {len(days)}")
            continue
        if entry is None:
            continue
        kind, title, slug, minutes = entry
        new = AgendaItem(kind, title, minutes, 0, 0, slug, line)
        day = days[number - 1]
        position = insertion_point(day, raw, path, line, problems)
        if position is None:
            continue
        items = list(day.items)
        items.insert(position, new)
        days[number - 1] = relaid(day, items)
    return days


def insertion_point(day: Day, raw: LineDict, path: Path, line: int, problems: Problems) -> int | None:
    """Where an added item goes in its day: after `apres`, before `avant`, else at the end."""
    for key, offset in (("apres", 1), ("avant", 0)):
        if key in raw:
            anchor = raw[key]
            slugs = [item.module for item in day.items]
            if anchor not in slugs:
                problems.error(path, raw.line_of(key), f"« {key} » : le module « {anchor} » n'est pas dans la journée {day.number}{did_you_mean(str(anchor), [s for s in slugs if s])}")
                return None
            return slugs.index(anchor) + offset
    return len(day.items)


def relaid(day: Day, items: list[AgendaItem]) -> Day:
    """The day with its items' clock times computed again from its start."""
    slots = lay_out(day.start, [item.duration for item in items])
    timed = tuple(replace(item, start=slot.start, end=slot.end) for item, slot in zip(items, slots))
    return replace(day, items=timed, end=slots[-1].end if slots else day.start)


def read_dates(r: Reader, data: LineDict, path: Path, problems: Problems) -> list[dt.date] | None:
    raw = data.get("dates")
    if raw is None:
        return None
    values = raw if isinstance(raw, list) else [raw]
    dates = []
    for index, value in enumerate(values):
        line = raw.line_of(index) if isinstance(raw, list) else r.line("dates")
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                problems.error(path, line, f"date invalide « {value} » : écrivez AAAA-MM-JJ, par exemple 2027-01-19")
                return None
        if dates and value <= dates[-1]:
            problems.error(path, line, f"les dates doivent se suivre : {value.isoformat()} vient après {dates[-1].isoformat()}")
            return None
        dates.append(value)
    return dates


def check_date(date: dt.date, line: int, path: Path, problems: Problems, today: dt.date, lang: str) -> None:
    if date.weekday() >= 5:
        day = strings(lang)["weekdays"][date.weekday()]
        problems.warn(path, line, f"le {date.isoformat()} est un {day} : est-ce bien la bonne date ?")
    if date < today:
        problems.warn(path, line, f"le {date.isoformat()} est passé")


def read_trainers(data: LineDict, path: Path, problems: Problems) -> tuple[Trainer, ...]:
    raw = data.get("formateurs")
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    trainers = []
    for index, value in enumerate(values):
        line = raw.line_of(index) if isinstance(raw, list) else data.line_of("formateurs")
        if isinstance(value, str) and value.strip():
            trainers.append(Trainer(value.strip()))
        elif isinstance(value, dict) and isinstance(value.get("nom"), str):
            Reader(value, path, problems, " (formateur)").only(("nom", "email", "role"))
            trainers.append(Trainer(value["nom"].strip(), str(value.get("email") or ""), str(value.get("role") or "")))
        else:
            problems.error(path, line, "chaque formateur est un nom, ou { nom: …, email: …, role: … }")
    return tuple(trainers)


def read_participants(data: LineDict, path: Path, problems: Problems) -> tuple[str, ...]:
    """Names for the attendance sheet; a number gives that many blank rows."""
    raw = data.get("participants")
    if raw is None:
        return ()
    if isinstance(raw, int) and not isinstance(raw, bool):
        if not 1 <= raw <= 500:
            problems.error(path, data.line_of("participants"), "« participants » : un nombre entre 1 et 500, ou la liste des noms")
            return ()
        return ("",) * raw
    if isinstance(raw, list) and all(isinstance(name, str) for name in raw):
        return tuple(name.strip() for name in raw)
    problems.error(path, data.line_of("participants"), "« participants » : un nombre (places) ou la liste des noms")
    return ()


def derived_methods(days, modules: dict[str, Module], lang: str) -> tuple[str, ...]:
    kinds = {modules[slug].kind for day in days for slug in day.modules if slug in modules}
    table = METHODS.get(lang, METHODS["fr"])
    return tuple(text for kind, text in table.items() if kind in kinds)
