"""The UI catalogues: English (`lang: en`) says everything French says."""

import string

from opendata_course.strings import STRINGS


def shape(value, path=""):
    """Every key path, with the type and the {placeholders} of its value."""
    if isinstance(value, dict):
        return {item for key, inner in value.items() for item in shape(inner, f"{path}.{key}")}
    if isinstance(value, (list, tuple)):
        return {(path, "list", len(value))}
    if isinstance(value, str):
        fields = tuple(sorted(name for _, name, _, _ in string.Formatter().parse(value) if name))
        return {(path, "str", fields)}
    return {(path, type(value).__name__, None)}


def test_french_and_english_catalogues_have_the_same_keys_and_placeholders():
    french, english = shape(STRINGS["fr"]), shape(STRINGS["en"])
    assert french - english == set(), "missing or different in English"
    assert english - french == set(), "missing or different in French"


def test_no_string_is_left_empty():
    def empty(value, path=""):
        if isinstance(value, dict):
            return [p for key, inner in value.items() for p in empty(inner, f"{path}.{key}")]
        if isinstance(value, str) and not value.strip() and not path.endswith("colon"):
            return [path]
        return []
    assert empty(STRINGS["fr"]) == [] and empty(STRINGS["en"]) == []
