"""Facts of the bundled course that a legal or data review found wrong once.

No network, no import of the generator: these tests read content/ directly,
so they keep working while the code is restructured.

1. Fictitious SIRET numbers must pass the check Validata applies to SCDL
   files (custom check ``french-siret-value``): the Luhn checksum on the
   14 digits *and* on the 9-digit SIREN they start with, with La Poste's
   documented exception (Insee, package ``validinsee``).
2. The files the exercises present as correct (the "corrigé" CSV in
   content/media, and the corrected CSV blocks printed in modules) must meet
   the constraints their SCDL schema states on schema.data.gouv.fr. The
   constraints are written out below from the schema documentation; the
   schema files are not copied into the repository.
3. Every curriculum schedules the module-slug prerequisites of each module
   before it, and each day ends in time.
4. Smaller regressions: one Exempleville, no course-internal talk about
   "our sources" in trainer notes, no "publish everything communicable"
   summary of article L312-1-1, no api-adresse.data.gouv.fr as the
   geocoding entry point.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml

CONTENT = Path(__file__).resolve().parent.parent / "content"
MODULES = CONTENT / "modules"
MEDIA = CONTENT / "media"
PARCOURS = CONTENT / "parcours"

TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".csv", ".geojson", ".json", ".txt"}


def text_files():
    for path in sorted(CONTENT.rglob("*")):
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            yield path


def rel(path: Path) -> str:
    return path.relative_to(CONTENT).as_posix()


# --------------------------------------------------------------------------
# 1. SIRET checksums
# --------------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_ok(value: str) -> bool:
    """Validity of a SIRET as Validata checks it (python-stdnum ``fr.siret``).

    Insee's rule (InseeFrLab/validinsee): the Luhn sum of the 14 digits and
    the Luhn sum of the SIREN (first 9 digits) are multiples of 10; a La Poste
    SIRET (SIREN 356000000) that fails it is valid when its digit sum is a
    multiple of 5.
    """
    if not re.fullmatch(r"\d{14}", value):
        return False
    if value.startswith("356000000") and not luhn_ok(value):
        return sum(map(int, value)) % 5 == 0
    return luhn_ok(value) and luhn_ok(value[:9])


def test_luhn_helpers_on_known_numbers():
    # Examples printed in the SCDL schemas' documentation (real SIRETs).
    assert siret_ok("23350001600040")  # scdl/subventions, idAttribuant
    assert siret_ok("38047555800058")  # scdl/subventions, idBeneficiaire
    assert siret_ok("22940028800010")  # scdl/equipements, COLL_SIRET
    # Insee's validinsee README: a valid SIRET and the same with two digits swapped.
    assert siret_ok("20003452800014")
    assert not siret_ok("20003452800041")
    # The numbers the review found in the course.
    assert not siret_ok("21123450000012")
    assert not siret_ok("21999999900011")


# A SIRET written as 14 digits, possibly grouped 3-3-3-5 with spaces (the
# grouping is itself an error an exercise asks to find, but the digits must
# still be a valid fictitious number).
SIRET_LIKE = re.compile(r"(?<![\d.])(\d{3} ?\d{3} ?\d{3} ?\d{5})(?![\d])")

# Numbers that are *meant* to fail the checksum, as errors to find in an
# exercise: {(file relative to content/, digits): why}. None today: the
# deliberate SIRET errors of exercice-controle-qualite (media file
# subventions-exempleville.csv) are a number grouped with spaces (line 8)
# and a number turned into scientific notation by a spreadsheet (line 12),
# both built on checksum-valid fictitious numbers. If an exercise ever adds
# a wrong check digit on purpose, list it here and say so in the exercise.
INTENTIONALLY_INVALID: dict[tuple[str, str], str] = {}


def siret_occurrences():
    for path in text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in SIRET_LIKE.finditer(line):
                yield rel(path), number, match.group(1).replace(" ", "")


def test_every_siret_in_the_course_passes_the_checksum():
    found = list(siret_occurrences())
    assert found, "no SIRET found: has the course moved?"
    bad = [
        f"{path}:{line}: {digits}"
        for path, line, digits in found
        if not siret_ok(digits) and (path, digits) not in INTENTIONALLY_INVALID
    ]
    assert not bad, "SIRET that Validata would reject:\n" + "\n".join(bad)


def test_intentionally_invalid_sirets_are_still_there_and_still_invalid():
    found = {(path, digits) for path, _, digits in siret_occurrences()}
    for key, why in INTENTIONALLY_INVALID.items():
        assert key in found, f"{key} listed as a deliberate error ({why}) but not found"
        assert not siret_ok(key[1]), f"{key} is listed as invalid but passes"


def test_the_fictitious_town_has_one_siret():
    """Commune d'Exempleville (Ville d'Exempleville) is always 21399901400011."""
    seen = set()
    for path in text_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"(Commune|Ville) d'Exempleville,", line):
                fields = next(csv.reader([line]))
                name_at = [i for i, f in enumerate(fields) if re.fullmatch(r"(Commune|Ville) d'Exempleville", f)]
                for i in name_at:
                    if i + 1 < len(fields) and re.fullmatch(r"\d{14}", fields[i + 1]):
                        seen.add(fields[i + 1])
    assert seen == {"21399901400011"}, seen


# --------------------------------------------------------------------------
# 2. Corrected files against their SCDL schema
# --------------------------------------------------------------------------
# Constraints written from the documentation of the schemas on
# schema.data.gouv.fr (fields, "required", "pattern", "enum", "maxLength",
# "minimum"/"maximum", types, custom checks).

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # Table Schema number, "." as decimal separator
INTEGER = re.compile(r"-?\d+")


def is_date(value: str) -> bool:
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# scdl/subventions, version 2.1.1 (2023-09-28), the version the course teaches.
SUBVENTIONS_FIELDS = [
    "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision",
    "nomBeneficiaire", "idBeneficiaire", "rnaBeneficiaire", "objet", "montant",
    "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE",
    "notificationUE", "pourcentageSubvention", "dispositifAide",
]
SUBVENTIONS_REQUIRED = {
    "nomAttribuant", "idAttribuant", "dateConvention", "nomBeneficiaire", "objet",
    "montant", "nature", "conditionsVersement", "datesPeriodeVersement",
    "notificationUE", "pourcentageSubvention",
}
SUBVENTIONS_NATURE = {
    "aide en numéraire", "aide en nature",
    "aide en numéraire;aide en nature", "aide en nature;aide en numéraire",
}
PERIOD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(/[0-9]{4}-[0-9]{2}-[0-9]{2})?")


def subventions_problems(header: list[str], rows: list[dict[str, str]]) -> list[str]:
    problems = []
    if header != SUBVENTIONS_FIELDS:
        problems.append(f"header {header} is not the schema's {SUBVENTIONS_FIELDS}")
        return problems
    for number, row in enumerate(rows, start=2):
        def bad(column, why):
            problems.append(f"line {number}, {column} = {row.get(column)!r}: {why}")

        for column in SUBVENTIONS_REQUIRED:
            if not row[column].strip():
                bad(column, "required value missing")
        if not re.fullmatch(r"\d{14}", row["idAttribuant"]) or not siret_ok(row["idAttribuant"]):
            bad("idAttribuant", "not a valid SIRET (pattern ^\\d{14}$ and french-siret-value)")
        if row["idBeneficiaire"] and not siret_ok(row["idBeneficiaire"]):
            bad("idBeneficiaire", "not a valid SIRET (french-siret-value)")
        if row["rnaBeneficiaire"] and not re.fullmatch(r"W\d{9}", row["rnaBeneficiaire"]):
            bad("rnaBeneficiaire", "pattern ^W\\d{9}$")
        if not (row["idBeneficiaire"] or row["rnaBeneficiaire"]):
            bad("idBeneficiaire", "one-of-required: idBeneficiaire or rnaBeneficiaire")
        if not is_date(row["dateConvention"]):
            bad("dateConvention", "type date (AAAA-MM-JJ)")
        if len(row["objet"]) > 256:
            bad("objet", "maxLength 256")
        if not NUMBER.fullmatch(row["montant"]):
            bad("montant", "type number, point as decimal separator")
        if row["nature"] not in SUBVENTIONS_NATURE:
            bad("nature", "enum")
        if len(row["conditionsVersement"]) > 256:
            bad("conditionsVersement", "maxLength 256")
        period = row["datesPeriodeVersement"]
        if not PERIOD.fullmatch(period) or not all(map(is_date, period.split("/"))):
            bad("datesPeriodeVersement", "pattern AAAA-MM-JJ or AAAA-MM-JJ/AAAA-MM-JJ")
        if len(row["idRAE"]) > 5:
            bad("idRAE", "maxLength 5")
        if row["notificationUE"] not in {"oui", "non"}:
            bad("notificationUE", "boolean: oui or non")
        share = row["pourcentageSubvention"]
        if not NUMBER.fullmatch(share) or not 0.01 <= float(share) <= 1:
            bad("pourcentageSubvention", "number between 0.01 and 1")
    return problems


# scdl/equipements, version 0.1.5 (2024-01-19).
EQUIPEMENTS_FIELDS = [
    "COLL_NOM", "COLL_SIRET", "EQUIP_UID", "EQUIP_THEME", "EQUIP_CODE", "EQUIP_TYPE",
    "EQUIP_NOM", "ADR_NUMERO", "ADR_NOMVOIE", "ADR_CODEPOSTAL", "ADR_COMMUNE",
    "ADR_CLE_INTEROP", "ERP_ID", "ERP_TYPE", "ERP_CATEGORIE", "EQUIP_LAT", "EQUIP_LONG",
    "EQUIP_OUVERTURE", "EQUIP_TEL", "EQUIP_EMAIL", "EQUIP_WEB",
]
EQUIPEMENTS_REQUIRED = {
    "COLL_NOM", "COLL_SIRET", "EQUIP_UID", "EQUIP_THEME", "EQUIP_CODE", "EQUIP_TYPE",
    "EQUIP_NOM", "ADR_NUMERO", "ADR_NOMVOIE", "ADR_CODEPOSTAL", "ADR_COMMUNE",
    "EQUIP_LAT", "EQUIP_LONG",
}
EQUIPEMENTS_THEMES = {
    "Equipement administratif", "Equipement de justice", "Equipement sanitaire",
    "Equipement social et d'animation", "Equipement sportif et de loisirs",
    "Equipement d'enseignement", "Equipement cultuel", "Equipement culturel",
    "Equipement de mobilité", "Autre équipement",
}


def equipements_problems(header: list[str], rows: list[dict[str, str]]) -> list[str]:
    problems = []
    if header != EQUIPEMENTS_FIELDS:
        problems.append(f"header {header} is not the schema's {EQUIPEMENTS_FIELDS}")
        return problems
    for number, row in enumerate(rows, start=2):
        def bad(column, why):
            problems.append(f"line {number}, {column} = {row.get(column)!r}: {why}")

        for column in EQUIPEMENTS_REQUIRED:
            if not row[column].strip():
                bad(column, "required value missing")
        if not re.fullmatch(r"\d{14}", row["COLL_SIRET"]) or not siret_ok(row["COLL_SIRET"]):
            bad("COLL_SIRET", "not a valid SIRET (pattern ^\\d{14}$ and french-siret-value)")
        uid = row["EQUIP_UID"]
        if len(uid) > 18 or not re.fullmatch(r"[0-9A-B]{5}-[0-9]{8}-[0-9]{3}", uid):
            bad("EQUIP_UID", "pattern ^[0-9A-B]{5}-[0-9]{8}-[0-9]{3}, maxLength 18")
        if row["EQUIP_THEME"] not in EQUIPEMENTS_THEMES:
            bad("EQUIP_THEME", "enum")
        if len(row["EQUIP_CODE"]) > 12:
            bad("EQUIP_CODE", "maxLength 12")
        if not uid.endswith(row["EQUIP_CODE"]):
            bad("EQUIP_UID", "built from the INSEE code and EQUIP_CODE")
        voie = row["ADR_NOMVOIE"]
        if len(voie) < 3 or not re.fullmatch(r"[a-zA-Z0-9\-'\s\u00C0-\u00FF]+", voie):
            bad("ADR_NOMVOIE", "minLength 3, letters, digits, hyphen, apostrophe")
        if len(row["ADR_CODEPOSTAL"]) > 5:
            bad("ADR_CODEPOSTAL", "maxLength 5")
        if not re.fullmatch(r"[A-Za-z\s\-\u00C0-\u00FF]+", row["ADR_COMMUNE"]):
            bad("ADR_COMMUNE", "pattern ^[A-Za-z\\s\\-\\u00C0-\\u00FF]+$")
        key = row["ADR_CLE_INTEROP"]
        if key and (len(key) < 16 or not re.fullmatch(r"[A-Za-z0-9_]+", key)):
            bad("ADR_CLE_INTEROP", "minLength 16, pattern ^[A-Za-z0-9_]+$")
        if len(row["ERP_TYPE"]) > 10:
            bad("ERP_TYPE", "maxLength 10")
        category = row["ERP_CATEGORIE"]
        if category and (not INTEGER.fullmatch(category) or not 1 <= int(category) <= 5):
            bad("ERP_CATEGORIE", "integer from 1 to 5")
        for column in ("EQUIP_LAT", "EQUIP_LONG"):
            if not NUMBER.fullmatch(row[column]):
                bad(column, "type number, point as decimal separator (WGS 84)")
        if len(row["EQUIP_TEL"]) > 13:
            bad("EQUIP_TEL", "maxLength 13")
        email = row["EQUIP_EMAIL"]
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            bad("EQUIP_EMAIL", "format email")
        web = row["EQUIP_WEB"]
        if web and not re.fullmatch(r"https?://\S+", web):
            bad("EQUIP_WEB", "format uri")
    return problems


def read_csv_text(text: str):
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = [dict(zip(header, values)) for values in reader if values]
    widths = {len(values) for values in csv.reader(io.StringIO(text))}
    assert widths == {len(header)}, f"rows of different widths: {sorted(widths)}"
    return header, rows


CHECKERS = {
    SUBVENTIONS_FIELDS[0]: subventions_problems,
    EQUIPEMENTS_FIELDS[0]: equipements_problems,
}

# The CSV files of content/media that the exercises call corrected or
# publishable, and the schema each must follow. The file to *check* in
# exercice-controle-qualite (subventions-exempleville.csv) is deliberately
# wrong and is not listed.
CORRECTED_MEDIA = {
    "subventions-exempleville-corrige.csv": subventions_problems,
}


@pytest.mark.parametrize("name", sorted(CORRECTED_MEDIA))
def test_corrected_media_files_meet_their_schema(name):
    raw = (MEDIA / name).read_bytes()
    text = raw.decode("utf-8")  # the schemas and the course ask for UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert "Ã" not in text, "mojibake: the file was converted twice"
    header, rows = read_csv_text(text)
    assert rows
    problems = CORRECTED_MEDIA[name](header, rows)
    assert not problems, "\n".join(problems)
    full_rows = [tuple(row.values()) for row in rows]
    assert len(full_rows) == len(set(full_rows)), "duplicate rows"


def corrected_blocks():
    """CSV blocks printed in modules whose header is an SCDL schema's header.

    A block counts as a correct example unless it sits in a module's file
    *to check*; today every such block is a published or corrected file:
    exemple-jeu-de-donnees (the subsidies file "tel qu'il est publié") and
    publier-premier-jeu (the Val-Fleuri equipment file, step 2 of the
    solution).
    """
    fence = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
    for path in sorted(MODULES.glob("*.md")):
        for match in fence.finditer(path.read_text(encoding="utf-8")):
            body = match.group(1)
            first = body.split("\n", 1)[0]
            for field, checker in CHECKERS.items():
                if first.startswith(field + ","):
                    yield path.name, body, checker


BLOCKS = list(corrected_blocks())


def test_the_corrected_blocks_are_found():
    names = {name for name, _, _ in BLOCKS}
    assert {"exemple-jeu-de-donnees.md", "publier-premier-jeu.md"} <= names, names


@pytest.mark.parametrize("name,body,checker", BLOCKS, ids=[name for name, _, _ in BLOCKS])
def test_corrected_blocks_in_modules_meet_their_schema(name, body, checker):
    header, rows = read_csv_text(body)
    problems = checker(header, rows)
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_the_file_to_check_still_has_its_errors():
    """The exercise file must stay wrong, or the exercise has nothing to find."""
    text = (MEDIA / "subventions-exempleville.csv").read_text(encoding="utf-8")
    header, rows = read_csv_text(text)
    assert subventions_problems(header, rows)


# --------------------------------------------------------------------------
# 3. Curricula: prerequisites scheduled first, days that end in time
# --------------------------------------------------------------------------


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:]) or {}


MODULE_META = {path.stem: front_matter(path) for path in sorted(MODULES.glob("*.md"))}


def minutes(value) -> int:
    match = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(\d+)?\s*(?:min)?\s*", str(value))
    assert match and (match.group(1) or match.group(2)), f"duration {value!r}"
    if match.group(1):
        return int(match.group(1)) * 60 + int(match.group(2) or 0)
    return int(match.group(2))


def clock(value: str) -> int:
    hours, mins = str(value).split(":")
    return int(hours) * 60 + int(mins)


COURSE = yaml.safe_load((CONTENT / "course.yml").read_text(encoding="utf-8")) or {}
CURRICULA = sorted(PARCOURS.glob("*.yml"))


def items_of(day):
    """(module slug or None, minutes) for each item of a day."""
    for item in day.get("items") or []:
        if isinstance(item, str):
            yield item, minutes(MODULE_META[item]["duration"])
        elif "module" in item:
            slug = item["module"]
            yield slug, minutes(item.get("duration", MODULE_META[slug]["duration"]))
        else:
            kind = next(k for k in ("pause", "repas", "activite") if k in item)
            length = item["duration"] if kind == "activite" else item[kind]
            yield None, minutes(length)


@pytest.mark.parametrize("path", CURRICULA, ids=[p.stem for p in CURRICULA])
def test_curricula_schedule_prerequisites_before_each_module(path):
    curriculum = yaml.safe_load(path.read_text(encoding="utf-8"))
    scheduled: set[str] = set()
    missing = []
    for number, day in enumerate(curriculum["days"], start=1):
        for slug, _ in items_of(day):
            if slug is None:
                continue
            assert slug in MODULE_META, f"unknown module {slug}"
            for prerequisite in MODULE_META[slug].get("prerequisites") or []:
                # Only module slugs are checked; free-text prerequisites
                # (an alternative between two modules, a skill) are not.
                if prerequisite in MODULE_META and prerequisite not in scheduled:
                    missing.append(f"day {number}: {slug} needs {prerequisite} before it")
            scheduled.add(slug)
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("path", CURRICULA, ids=[p.stem for p in CURRICULA])
def test_curricula_days_end_in_time(path):
    curriculum = yaml.safe_load(path.read_text(encoding="utf-8"))
    late = []
    for number, day in enumerate(curriculum["days"], start=1):
        limit = day.get("end") or curriculum.get("day_end") or COURSE.get("day_end") or "17:30"
        end = clock(day["start"]) + sum(length for _, length in items_of(day))
        if end > clock(limit):
            late.append(f"day {number} ends at {end // 60:02d}:{end % 60:02d}, after {limit}")
    assert not late, "\n".join(late)


# --------------------------------------------------------------------------
# 4. Smaller regressions
# --------------------------------------------------------------------------

NUMBER_WORDS = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
POPULATION = re.compile(NUMBER_WORDS + r"\s+(?:habitants|hab\.)")
STAFF = re.compile(NUMBER_WORDS + r"\s+(?:agents|ETP)")
THRESHOLD = r"seuil|atteint|dépasse|moins de|plus de|au moins"


def town_figures(pattern, same_kind):
    """Figures given for Exempleville: the first population (or staff) figure
    after a mention of the town on the same line, when nothing in between
    says it is a threshold or belongs to another figure."""
    for path in sorted(MODULES.glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for town in re.finditer(r"Exempleville", line):
                figure = pattern.search(line, town.end())
                if not figure or figure.start() - town.end() > 60:
                    continue
                between = line[town.end():figure.start()]
                if re.search(THRESHOLD + "|" + same_kind, between):
                    continue
                yield f"{path.name}:{number}", int(re.sub(r"\D", "", figure.group(1)))


def test_one_exempleville_population():
    figures = list(town_figures(POPULATION, r"habitants|hab\."))
    assert figures
    wrong = [f"{where}: {value}" for where, value in figures if value != 15000]
    assert not wrong, "Exempleville has 15 000 inhabitants:\n" + "\n".join(wrong)


def test_one_exempleville_staff():
    figures = list(town_figures(STAFF, r"agents|ETP"))
    assert figures
    wrong = [f"{where}: {value}" for where, value in figures if value != 220]
    assert not wrong, "Exempleville has 220 agents (FTE):\n" + "\n".join(wrong)


def trainer_notes(text: str):
    """The speaker notes of each slide: from '???' to the end of the slide."""
    for slide in re.split(r"^---$", text, flags=re.M):
        if re.search(r"^\?\?\?$", slide, flags=re.M):
            yield re.split(r"^\?\?\?$", slide, maxsplit=1, flags=re.M)[1]


COURSE_TALK = re.compile(
    r"nos sources|sources? vérifiées?|fiche vérifiée|nos fiches|dans ce cours|"
    r"nous n'avons pas (?:de|trouvé|vérifié)|nous ne l'avons pas vérifié|"
    r"non vérifié dans|aucune source (?:ne|n'a)",
    re.I,
)


def test_trainer_notes_speak_about_the_subject_not_the_course_sources():
    found = []
    for path in sorted(MODULES.glob("*.md")):
        for note in trainer_notes(path.read_text(encoding="utf-8")):
            for match in COURSE_TALK.finditer(note):
                found.append(f"{path.name}: « {match.group(0)} »")
    assert not found, "\n".join(found)


def test_l312_1_1_is_not_summarised_as_publishing_everything_communicable():
    wrong = re.compile(
        r"publi\w*[^.]{0,60}\b(?:leurs|ses|les) documents communicables|"
        r"je \*{0,2}publie\*{0,2}[^.»]{0,30}ce qui est communicable",
        re.I,
    )
    found = []
    for path in [*sorted(MODULES.glob("*.md")), CONTENT / "glossaire.yml"]:
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        found += [f"{rel(path)}: « {m.group(0)} »" for m in wrong.finditer(text)]
    assert not found, "\n".join(found)


def test_geocoding_points_to_the_geoplateforme():
    for path in [*sorted(MODULES.glob("*.md")), CONTENT / "glossaire.yml"]:
        text = path.read_text(encoding="utf-8")
        if "api-adresse.data.gouv.fr" in text:
            assert "data.geopf.fr/geocodage" in text, (
                f"{rel(path)} mentions api-adresse.data.gouv.fr without the "
                "Géoplateforme service that replaced it"
            )
