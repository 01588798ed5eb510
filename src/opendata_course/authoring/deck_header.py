"""A deck's YAML header and title slide: title, authors, date, licence."""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from ..load.yaml_lines import YamlError, load_yaml
from ..markup import grammar as syntax
from ..markup.slides import split_slides, truthy
from .deck_values import BR, CC_NAME, CC_TEXT, CC_URL, CC_WORDS, CLASS_SPAN, DATE_FORMS, DURATION_LINE, HEADING, ImportProblem, MONTHS, Notice, OBJECTIVE, R_IN_TEXT, R_TAG, TAG


# --- front-matter --------------------------------------------------------------

def read_header(meta_text: str, meta_line: int) -> dict:
    """The YAML header; `!r expr` / `!expr expr` become inline R strings."""

    def untag(line: str) -> str:
        match = R_TAG.match(line)
        if not match:
            return line
        return match.group("key") + json.dumps(f"`r {match.group('code')}`", ensure_ascii=False)

    text = "\n".join(untag(line) for line in meta_text.split("\n"))
    try:
        data = load_yaml(text, meta_line)
    except YamlError as exc:
        raise ImportProblem(exc.message, exc.line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ImportProblem("l'en-tête YAML doit être un dictionnaire « clé: valeur »", meta_line)
    return data


def front_matter(front: dict) -> str:
    """Our front-matter; duration and objectives are markers for `check`."""

    def dump(data: dict) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) if data else ""

    head = {k: front[k] for k in ("title", "subtitle", "authors") if front.get(k)}
    tail = {k: front[k] for k in ("licence", "updated", "css") if front.get(k)}
    return (
        "---\n" + dump(head) + DURATION_LINE + "\n"
        + dump({"objectives": [OBJECTIVE]}) + dump(tail) + "---\n"
    )


def plain(text: str, br: str = " ") -> str:
    """Header text as plain text: no HTML tags, one line."""
    return " ".join(TAG.sub("", BR.sub(br, text)).split()).strip(" ,")


def parse_date(value) -> dt.date | None:
    """A date from YAML: 2021-03-04, 04/03/2021, 4 mars 2021, March 4, 2021…"""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or R_IN_TEXT.search(value):
        return None
    for pattern, month_name in DATE_FORMS:
        match = pattern.search(value)
        if not match:
            continue
        month = MONTHS[match.group("mn").lower()] if month_name else int(match.group("m"))
        try:
            day = int(match.group("d")) if "d" in match.groupdict() else 1
            return dt.date(int(match.group("y")), month, day)
        except ValueError:
            continue
    return None


def licence_of(text: str) -> str:
    """'CC BY-SA 4.0', a creativecommons.org address or a licence's full name
    -> 'CC-BY-SA-4.0' (SPDX); '' when the text names none."""
    match = CC_URL.search(text)
    if match:
        if match.group("zero"):
            return f"CC0-{match.group('zero')}"
        return f"CC-{match.group('kind').upper()}-{match.group('ver')}"
    match = CC_TEXT.search(text)
    if match:
        if match.group("zero"):
            return "CC0-1.0"
        parts = re.split(r"[ _-]+", match.group("kind").upper())
        version = match.group("ver")
        return "-".join(["CC", *_ordered(parts[1:]), *([version] if version else [])])
    match = CC_NAME.search(text)
    if match:
        rest = text[match.end():]
        if re.match(r"\s*(?:zero|0)\b", rest, re.IGNORECASE):
            return "CC0-1.0"
        if not re.match(r"\s*(?:[:-]\s*)?(?:attribution|by)\b", rest, re.IGNORECASE):
            return ""
        version = re.search(r"\b(\d\.\d)\b", rest)
        parts = [name for name, pattern in CC_WORDS if pattern.search(rest)]
        return "-".join(["CC", *_ordered(parts), *([version.group(1)] if version else [])])
    return ""


def _ordered(parts: list[str]) -> list[str]:
    return ["BY"] + [p for p in ("NC", "ND", "SA") if p in parts]



def _first_heading(body: str) -> str:
    """The first `# ` heading, as plain text (no `.class[…]`, code or emphasis marks)."""
    for _, line in syntax.prose_lines(body, 1):
        match = HEADING.match(line)
        if match:
            title, previous = match.group("title"), None
            while title != previous:
                previous, title = title, CLASS_SPAN.sub(r"\g<inner>", title)
            return plain(re.sub(r"[`*]|(?<!\w)_|_(?!\w)", "", title))
    return ""


def _output_options(output) -> dict:
    """The options of the deck's reader (`xaringan::moon_reader` or derived)."""
    if isinstance(output, dict):
        for reader, options in output.items():
            if isinstance(options, dict) and ("moon_reader" in str(reader) or "nature" in options or "seal" in options):
                return options
        for options in output.values():
            if isinstance(options, dict):
                return options
    return {}


def _licence(header: dict, body: str, body_line: int, warnings: list[Notice]) -> tuple[str, int]:
    """The deck's own licence, and its line.

    A `licence:`/`license:` key (top level or in params) wins. Otherwise a
    Creative Commons mention where a deck states its licence: the header, a
    `layout: true` slide (footer), the first or the last slide. A licence
    only discussed in the middle of the deck is not the deck's licence.
    """
    for holder in (header, header.get("params") if isinstance(header.get("params"), dict) else {}):
        for key in ("licence", "license"):
            value = holder.get(key)
            if isinstance(value, dict):
                value = value.get("value")
            if isinstance(value, str) and value.strip():
                return licence_of(value) or value.strip(), holder.line_of(key)
    found: list[tuple[str, int]] = []
    for key, value in header.items():
        if key == "output":
            continue
        for text in _strings(value):
            if licence_of(text):
                found.append((licence_of(text), header.line_of(key)))
    slides = [s for s in split_slides(body, body_line)]
    shown = [s for s in slides if not truthy(s.properties.get("layout", ""))]
    zones = [s for s in slides if truthy(s.properties.get("layout", ""))] + shown[:1] + shown[-1:]
    for slide in zones:
        for part in slide.parts:
            for number, line in syntax.prose_lines(part.text, part.line):
                if licence_of(line):
                    found.append((licence_of(line), number))
    if not found:
        return "", 0
    names = list(dict.fromkeys(name for name, _ in found))
    if len(names) > 1:
        warnings.append(Notice(found[0][1], f"plusieurs licences mentionnées ({', '.join(names)}) : « {names[0]} » retenue, vérifiez"))
    return found[0]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
