"""The schema.org JSON-LD of the pages, validated against the vocabulary:
every type exists, every property belongs to its type (or a parent type),
every value has a type the property accepts; and each page states what
programs expect of it (a handout's level, time, objectives and licence; a
parcours' provider and its public sessions).

VOCABULARY is the part of schema.org these pages use, written here from
the vocabulary's documentation (schema.org/Course, /CourseInstance,
/LearningResource…): each type's parents and the properties the pages may
use, with the types their values may have."""

import json
import re
from pathlib import Path

import pytest

from rich_course import BASE_URL

AGENT = ["Organization", "Person"]
TERM = ["Text", "URL", "DefinedTerm"]
VOCABULARY = {
    "data_types": ["Boolean", "Date", "DateTime", "Duration", "Number", "Text", "URL"],
    "types": {
        "Thing": {"parents": [], "properties": {"name": ["Text"], "description": ["Text"], "url": ["URL"]}},
        "CreativeWork": {"parents": ["Thing"], "properties": {
            "inLanguage": ["Text", "Language"], "license": ["URL", "CreativeWork"], "publisher": AGENT,
            "author": AGENT, "audience": ["Audience"], "educationalLevel": TERM, "learningResourceType": ["Text", "DefinedTerm"],
            "timeRequired": ["Duration"], "teaches": ["Text", "DefinedTerm"], "hasPart": ["CreativeWork"],
            "dateModified": ["Date", "DateTime"], "provider": AGENT, "keywords": ["Text", "URL", "DefinedTerm"],
            "isPartOf": ["CreativeWork", "URL"], "datePublished": ["Date", "DateTime"]}},
        "LearningResource": {"parents": ["CreativeWork"], "properties": {
            "competencyRequired": TERM, "educationalLevel": TERM, "learningResourceType": ["Text", "DefinedTerm"],
            "teaches": ["Text", "DefinedTerm"]}},
        "Course": {"parents": ["CreativeWork", "LearningResource"], "properties": {
            "hasCourseInstance": ["CourseInstance"], "courseCode": ["Text"], "coursePrerequisites": ["Text", "Course"]}},
        "Event": {"parents": ["Thing"], "properties": {
            "startDate": ["Date", "DateTime"], "endDate": ["Date", "DateTime"], "location": ["Place", "Text"],
            "organizer": AGENT, "audience": ["Audience"], "inLanguage": ["Text", "Language"]}},
        "CourseInstance": {"parents": ["Event"], "properties": {
            "courseMode": ["Text", "URL"], "courseWorkload": ["Text"], "instructor": ["Person"]}},
        "Organization": {"parents": ["Thing"], "properties": {}},
        "Person": {"parents": ["Thing"], "properties": {}},
        "Place": {"parents": ["Thing"], "properties": {"address": ["Text"]}},
        "Audience": {"parents": ["Thing"], "properties": {"audienceType": ["Text"]}},
        "DefinedTerm": {"parents": ["Thing"], "properties": {}},
    },
}
TYPES, DATA_TYPES = VOCABULARY["types"], VOCABULARY["data_types"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DURATION = re.compile(r"^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def lineage(name: str, table: dict) -> list[str]:
    """`name` and all its parent types."""
    found, todo = [], [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.append(current)
            todo.extend(table.get(current, {}).get("parents", []) if table is TYPES else table.get(current, []))
    return found


def allowed(type_name: str) -> dict[str, list[str]]:
    properties = {}
    for ancestor in lineage(type_name, TYPES):
        properties.update(TYPES[ancestor]["properties"])
    return properties


def text_fits(value: str, ranges: list[str]) -> bool:
    """A text value: which of the property's data types it can be."""
    checks = {
        "Text": lambda v: True,
        "URL": lambda v: v.startswith(("https://", "http://")),
        "Date": DATE.match, "DateTime": lambda v: bool(re.match(r"^\d{4}-\d{2}-\d{2}(T.*)?$", v)),
        "Duration": DURATION.match,
    }
    return any(checks.get(kind, lambda v: False)(value) for kind in ranges)


def validate(node, ranges: list[str] | None = None, where: str = "") -> list[str]:
    """Every problem of a JSON-LD node, as 'where: message'."""
    problems = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            problems += validate(item, ranges, f"{where}[{index}]")
        return problems
    if isinstance(node, str):
        if ranges is not None and not text_fits(node, ranges):
            problems.append(f"{where}: « {node[:40]} » is none of {ranges}")
        return problems
    if isinstance(node, bool) or isinstance(node, (int, float)):
        if ranges is not None and not {"Number", "Integer", "Boolean"} & set(ranges):
            problems.append(f"{where}: a number or boolean where {ranges} is expected")
        return problems
    kind = node.get("@type")
    if kind not in TYPES:
        return [f"{where}: unknown type {kind!r}"]
    if ranges is not None and not set(lineage(kind, TYPES)) & set(ranges):
        problems.append(f"{where}: a {kind} where {ranges} is expected")
    properties = allowed(kind)
    for key, value in node.items():
        if key in ("@type", "@context"):
            continue
        if key not in properties:
            problems.append(f"{where}.{key}: not a property of {kind}")
            continue
        problems += validate(value, properties[key], f"{where}.{key}")
    return problems


def json_ld(page: Path) -> dict:
    blocks = JSON_LD.findall(page.read_text(encoding="utf-8"))
    assert len(blocks) == 1, page
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data


def test_the_validator_catches_what_it_should():
    assert validate({"@type": "Course", "name": "x", "timeRequired": "PT1H30M"}) == []
    assert validate({"@type": "Course", "colour": "red"}) == [".colour: not a property of Course"]
    assert validate({"@type": "LearningResource", "timeRequired": "1 h 30"})[0].startswith(".timeRequired: ")
    assert validate({"@type": "Course", "provider": {"@type": "Place", "name": "x"}})[0].startswith(".provider: a Place")
    assert validate({"@type": "Cours"}) == [": unknown type 'Cours'"]


def test_handouts_are_learning_resources(rich_site):
    data = json_ld(rich_site / "modules" / "longue" / "index.html")
    assert validate(data) == []
    assert data["@type"] == "LearningResource"
    assert data["name"] == "Un long module"
    assert data["educationalLevel"] == "intermédiaire"
    assert data["timeRequired"] == "PT1H30M"
    assert data["teaches"] == ["Trouver une section dans un long support", "Copier un exemple de code"]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["url"] == f"{BASE_URL}/modules/longue/index.html"
    assert data["dateModified"] == "2026-10-01"
    assert data["competencyRequired"] == ["Donnée, donnée publique"]
    for slug in ("donnee", "licences"):
        assert validate(json_ld(rich_site / "modules" / slug / "index.html")) == []


def test_parcours_are_courses_with_their_public_sessions(rich_site):
    data = json_ld(rich_site / "parcours" / "deux-matinees" / "index.html")
    assert validate(data) == []
    assert data["@type"] == "Course" and data["name"] == "Deux matinées"
    assert data["provider"] == {"@type": "Organization", "name": "Équipe opendata-course"}
    assert [part["name"] for part in data["hasPart"]] == ["Donnée, donnée publique", "Les licences"]
    (instance,) = data["hasCourseInstance"]  # mairie-2027 says `publier: true`
    assert instance["startDate"] == "2027-03-01" and instance["endDate"] == "2027-03-02"
    assert instance["courseMode"] == "onsite"
    assert instance["location"] == {"@type": "Place", "name": "Mairie, salle des mariages"}
    assert [p["name"] for p in instance["instructor"]] == ["Alice Dupont", "Bruno Petit"]
    other = json_ld(rich_site / "parcours" / "essai" / "index.html")
    assert validate(other) == [] and "hasCourseInstance" not in other


def test_json_ld_cannot_close_its_script(tmp_path):
    from opendata_course.site.meta import json_ld as dumps

    text = dumps({"name": "</script><script>alert(1)</script> & <!--"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"
