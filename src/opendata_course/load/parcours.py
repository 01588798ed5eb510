"""A parcours: days of modules, breaks and activities, laid out on the clock."""

from __future__ import annotations

from pathlib import Path

from ..model import AgendaItem, Config, Day, Module, Parcours
from ..problems import Problems, did_you_mean
from ..schedule import MAX_MINUTES, format_clock, lay_out
from ..strings import strings
from .yaml_lines import LineDict
from .reader import Field, Reader, read_fields, read_mapping


# --- parcours --------------------------------------------------------------------

PARCOURS = {"title": Field(required=True), "summary": Field(), "audience": Field(),
            "day_end": Field("clock"), "days": Field("raw", required=True)}
DAY = {"title": Field(), "start": Field("clock", default=9 * 60), "end": Field("clock"), "items": Field("raw", required=True)}
ITEM_KINDS = ("module", "pause", "repas", "activite")


def load_parcours(path: Path, modules: dict[str, Module], known: set[str], config: Config, problems: Problems) -> Parcours | None:
    data = read_mapping(path, problems, "un parcours", "un parcours indique au moins title et days")
    if data is None:
        return None
    r = Reader(data, path, problems)
    values = read_fields(r, PARCOURS)
    limit = config.day_end if values["day_end"] is None else values["day_end"]
    raw_days = values["days"]
    if raw_days is not None and not isinstance(raw_days, list):
        r.error("days", "« days » doit être une liste de journées")
        raw_days = []
    days = load_days(raw_days or [], path, modules, known, limit, config.lang, problems)
    warn_prerequisites(path, days, modules, problems)
    if not values["title"]:
        return None
    return Parcours(slug=path.stem, path=path, title=values["title"], days=tuple(days),
                    summary=values["summary"], audience=values["audience"])


def load_days(raw_days, path: Path, modules, known: set[str], limit: int, lang: str, problems: Problems) -> list[Day]:
    """The days of a parcours, or of a session that gives its own."""
    days = []
    for index, raw in enumerate(raw_days):
        if not isinstance(raw, dict):
            problems.error(path, raw_days.line_of(index), "chaque journée doit contenir title, start et items")
            continue
        day = load_day(index + 1, raw, path, modules, known, limit, lang, problems)
        if day:
            days.append(day)
    return days


def load_day(number: int, raw: LineDict, path: Path, modules, known: set[str], limit: int, lang: str, problems: Problems) -> Day | None:
    r = Reader(raw, path, problems, f" (journée {number})")
    values = read_fields(r, DAY)
    start = values["start"]
    day_limit = limit if values["end"] is None else values["end"]
    if values["end"] is not None and day_limit <= start:
        r.error("end", f"la journée {number} finirait ({format_clock(day_limit)}) avant de commencer ({format_clock(start)})")
        day_limit = MAX_MINUTES  # said once: no warning about the same mistake
    items = values["items"] or []
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
    if clock > MAX_MINUTES:
        problems.error(path, raw.line, f"la journée {number} finirait après minuit : une journée tient en 24 h")
    elif agenda and clock > day_limit:
        problems.warn(path, raw.line, f"la journée {number} finit à {format_clock(clock)}, après {format_clock(day_limit)}")
    return Day(number, values["title"] or strings(lang)["day_n"].format(n=number), start, clock, day_limit, tuple(agenda))


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
        module = modules.get(slug)  # None when the module has errors (reported with it): keep its place
        minutes = r.duration("duration") if "duration" in item else (module.duration if module else 0)
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


def unmet_prerequisites(days, modules: dict[str, Module]) -> list[tuple[AgendaItem, str]]:
    """(item, prerequisite) for each module prerequisite (a module slug) that
    the days do not schedule before the module that needs it."""
    scheduled: set[str] = set()
    unmet = []
    for day in days:
        for item in day.items:
            module = modules.get(item.module)
            if module is None:
                continue
            unmet += [(item, slug) for slug in module.prerequisites if slug in modules and slug not in scheduled]
            scheduled.add(item.module)
    return unmet


def warn_prerequisites(path: Path, days, modules: dict[str, Module], problems: Problems, line_of=lambda item: item.line) -> None:
    for item, slug in unmet_prerequisites(days, modules):
        problems.warn(path, line_of(item), f"« {item.module} » demande « {slug} » en prérequis, "
                      f"que ce programme ne place pas avant : ajoutez-le plus tôt, ou retirez-le des prérequis du module")
