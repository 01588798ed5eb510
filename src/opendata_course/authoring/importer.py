"""Import an R Markdown / xaringan (remark.js) deck as a module.

`parse_deck()` is pure: deck text in, an `Imported` value out (front-matter,
body, images to copy, warnings with their line in the deck). It only looks
at the file system to learn which referenced files exist. `write_import()`
is the thin part that writes, and never overwrites anything.

The remark body is kept as it is (our slide syntax is remark's); only what
needs R or the deck's folder changes: inline R becomes a visible
placeholder, R chunks are dropped (a chunk that only shows images with
knitr::include_graphics becomes those images), local images move to
content/media/<slug>/, and the CSS classes of xaringan themes are mapped
to the theme's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml

from ..markup import grammar as syntax
from ..load.reader import PLACEHOLDER_MARK
from ..load.frontmatter import FrontMatterError, normalise, split
from ..markup.slides import PROPERTY, split_slides, truthy
from ..problems import LocatedError
from ..slugs import slugify
from ..load.yaml_lines import YamlError, load_yaml

DURATION_LINE = f"duration: 1h  # {PLACEHOLDER_MARK}"
OBJECTIVE = f"{PLACEHOLDER_MARK} : ce que l'apprenant saura faire (un verbe d'action)"
TITLE_SLIDE_CLASSES = "center, middle, inverse, title-slide"  # as xaringan writes it

# Classes of static/deck.css, kept as they are.
THEME_CLASSES = frozenset((
    "red", "reduite", "pull-left", "pull-right", "left-column", "right-column",
    "footnote", "inverse", "center", "middle", "left", "right", "top", "bottom",
    "title-slide",
))
# Classes of xaringan's themes (tools.css, metropolis, ninjutsu…) and their
# equivalent here; a class mapped to itself is known and kept.
CLASS_ALIASES = {
    "small": "reduite", "footnotesize": "reduite", "scriptsize": "reduite", "tiny": "reduite",
    "smaller": "reduite", "bold": "bold",
    **{f"font{size}": "reduite" for size in range(50, 100, 10)},
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico")

INLINE_R = re.compile(r"^r\s+(?P<code>.*?)\s*$", re.DOTALL)
R_IN_TEXT = re.compile(r"`r\s+(?P<code>[^`]*?)\s*`")
PARAM = re.compile(r"^params\s*(?:\$\s*(?P<a>\w+)|\[\[\s*[\"'](?P<b>\w+)[\"']\s*\]\])$")
CHUNK = re.compile(r"^[\t >]*(?P<fence>`{3,})\s*\{(?P<engine>[a-zA-Z][\w]*)[\s,]*(?P<options>.*?)\}\s*$")
INCLUDE_GRAPHICS = re.compile(
    r"^\s*(?:knitr::)?include_graphics\(\s*(?:path\s*=\s*)?(?P<q>[\"'])(?P<src>[^\"']+)(?P=q)\s*(?:,[^)]*)?\)\s*;?\s*$")
LINK_TARGET = re.compile(r"\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"'](?P<src>[^\"']+)[\"']", re.IGNORECASE)
SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$")
CLASS_SPAN = re.compile(r"(?<![\w\\])\.[A-Za-z_][\w.-]*\[(?P<inner>[^\[\]]*)\]")
TAG = re.compile(r"<[^>]+>")
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
R_TAG = re.compile(r"^(?P<key>\s*(?:-\s+)?[\w-]+\s*:\s*)!(?:r|expr)\s+(?P<code>.+?)\s*$")

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_FORMS = (
    (re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"), None),
    (re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})\b"), None),
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:er)?\s+(?P<mn>{_MONTH})\.?\s+(?P<y>\d{{4}})\b", re.IGNORECASE), "mn"),
    (re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE), "mn"),
)

CC_URL = re.compile(
    r"creativecommons\.org/(?:licenses/(?P<kind>by(?:-(?:nc|nd|sa)){0,2})/(?P<ver>\d\.\d)"
    r"|publicdomain/zero/(?P<zero>\d\.\d))", re.IGNORECASE)
CC_TEXT = re.compile(
    r"\bCC[ _-]?(?:(?P<zero>0|zero)\b|(?P<kind>BY(?:[ _-]+(?:NC|ND|SA)\b){0,2})(?:[ _-]*v?(?P<ver>\d\.\d))?)",
    re.IGNORECASE)
CC_NAME = re.compile(r"creative\s+commons", re.IGNORECASE)
CC_WORDS = (  # full licence names, French and English
    ("NC", re.compile(r"pas d.utilisation commerciale|non.?commercial", re.IGNORECASE)),
    ("ND", re.compile(r"pas de modification|no.?deriv", re.IGNORECASE)),
    ("SA", re.compile(r"partage dans les m[êe]mes conditions|share.?alike", re.IGNORECASE)),
)


class ImportProblem(LocatedError):
    """The deck cannot be imported: `line` in the deck, French message."""


class ImportRefused(Exception):
    """Writing would overwrite something: nothing was written."""


@dataclass(frozen=True)
class Notice:
    line: int
    message: str


@dataclass(frozen=True)
class Asset:
    source: Path  # the file next to the deck
    name: str  # its name in content/media/<slug>/


@dataclass
class Imported:
    slug: str
    front: dict  # title, subtitle, authors, licence, updated (only those found)
    body: str
    assets: tuple[Asset, ...] = ()
    warnings: tuple[Notice, ...] = ()
    slides: int = 0  # as remark shows them: no layout, no excluded slide
    steps: int = 0  # `--` in those slides
    notes: int = 0  # slides with speaker notes
    remote_images: int = 0
    classes: Counter = field(default_factory=Counter)  # known classes used
    unknown_classes: Counter = field(default_factory=Counter)
    stylesheets: tuple[str, ...] = ()  # xaringan css, not carried over
    licence_line: int = 0
    title_slide: bool = False

    def module_text(self) -> str:
        return front_matter(self.front) + "\n" + self.body.rstrip("\n") + "\n"


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
    tail = {k: front[k] for k in ("licence", "updated") if front.get(k)}
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
            return dt.date(int(match.group("y")), month, int(match.group("d")))
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


# --- the body ------------------------------------------------------------------

class _Body:
    """One pass over the body lines, in document order."""

    def __init__(self, lines: list[str], first_line: int, deck_dir: Path, slug: str, params: dict) -> None:
        self.lines, self.first_line, self.deck_dir, self.slug, self.params = lines, first_line, deck_dir, slug, params
        self.warnings: list[Notice] = []
        self.assets: dict[Path, str] = {}
        self.names: dict[str, Path] = {}
        self.remote = 0
        self.classes: Counter = Counter()
        self.unknown: Counter = Counter()

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Notice(line, message))

    def run(self) -> str:
        lines = self.lines
        mask = syntax.code_mask(lines)
        class_lines = {
            slide.property_lines["class"] for slide in split_slides("\n".join(lines), 0)
            if "class" in slide.property_lines
        }
        out: list[str] = []
        fence = None  # the fence of the code block we are in, as code_mask sees it
        index = 0
        while index < len(lines):
            number = self.first_line + index
            line = lines[index]
            if fence is None and mask[index]:
                chunk = CHUNK.match(line)
                if chunk:
                    end = _chunk_end(lines, index, chunk.group("fence"))
                    out.extend(self.chunk(lines[index + 1 : end], chunk, number, end == len(lines)))
                    index = end + 1
                    continue
                fence = syntax.FENCE.match(line).group("fence")
            elif fence is not None and syntax.closes_fence(line, fence):
                fence = None
            elif not mask[index]:
                line = self.inline_r(line, number)
                line = self.urls(line, number)
                line = self.content_classes(line)
                if index in class_lines:
                    line = self.class_property(line)
            out.append(line)
            index += 1
        return "\n".join(out)

    # R ---------------------------------------------------------------------

    def inline_r(self, line: str, number: int) -> str:
        def replace(match: re.Match) -> str:
            span = match.group(0)
            if match.group(1) != "`":
                return span  # ``…`` is verbatim for knitr
            inner = INLINE_R.match(span[1:-1])
            if not inner:
                return span
            code = inner.group("code")
            value = self.param(code)
            if value is not None:
                self.warn(number, f"code R en ligne « {code} » remplacé par la valeur du paramètre : « {value} »")
                return value
            placeholder = r_placeholder(code)
            self.warn(number, f"code R en ligne remplacé par « {placeholder} » : écrivez le résultat à la main")
            return f"`{placeholder}`"

        return syntax.INLINE_CODE.sub(replace, line)

    def param(self, code: str) -> str | None:
        match = PARAM.match(code.strip())
        if not match:
            return None
        value = self.params.get(match.group("a") or match.group("b"))
        if isinstance(value, dict):
            value = value.get("value")
        return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None

    def chunk(self, code: list[str], match: re.Match, number: int, unclosed: bool) -> list[str]:
        engine, options = match.group("engine"), match.group("options")
        label = _chunk_label(options)
        what = f"bloc {engine.upper() if engine.lower() == 'r' else engine}" + (f" « {label} »" if label else "")
        sources = [INCLUDE_GRAPHICS.match(line) for line in code if line.strip() and not line.strip().startswith("#")]
        if engine.lower() == "r" and sources and all(sources):
            images = []
            for found in sources:
                alt = _chunk_option(options, "fig.alt") or _chunk_option(options, "fig.cap") or ""
                image = f"![{alt}]({found.group('src')})"
                images.append(self.urls(image, number))
            self.warn(number, f"{what} remplacé par {'son image' if len(images) == 1 else 'ses images'} "
                              f"(knitr::include_graphics) : {', '.join(s.group('src') for s in sources)}")
            return images
        size = f"{len(code)} ligne{'s' if len(code) > 1 else ''}"
        tail = " ; il n'était pas fermé : tout ce qui suit a été supprimé" if unclosed else ""
        self.warn(number, f"{what} supprimé ({size}) : son résultat n'est pas repris, remplacez-le par une image ou un texte{tail}")
        return []

    # images ------------------------------------------------------------------

    def urls(self, line: str, number: int) -> str:
        """Copy the local files that the line shows or links, rewrite their paths."""
        visible = syntax.strip_inline_code(line)
        edits: dict[tuple[int, int], str] = {}
        images: list[tuple[int, int]] = []
        for match in syntax.MD_IMAGE.finditer(visible):
            images.append(match.span("src"))
        for match in syntax.CSS_URL.finditer(visible):
            images.append(match.span("src"))
        for match in syntax.HTML_IMAGE.finditer(visible):
            images.append(match.span("src"))
            if not syntax.HTML_ALT.search(match.group(0)):
                end = match.start() + len("<img")
                edits[(end, end)] = ' alt=""'
                self.warn(number, f"image sans texte alternatif : {match.group('src')} ; alt=\"\" ajouté, décrivez l'image")
        for start, end in images:
            src = line[start:end]
            new = self.asset(src, number, image=True)
            if new != src:
                edits[(start, end)] = new
        for pattern in (LINK_TARGET, HTML_LINK):
            for match in pattern.finditer(visible):
                span = match.span("src")
                if span in images:
                    continue
                src = line[span[0] : span[1]]
                new = self.asset(src, number, image=False)
                if new != src:
                    edits[span] = new
        for (start, end), text in sorted(edits.items(), reverse=True):
            line = line[:start] + text + line[end:]
        return line

    def asset(self, src: str, number: int, image: bool) -> str:
        if SCHEME.match(src):
            if image and src.startswith(("http:", "https:", "//")):
                self.remote += 1
            return src
        path, hash_, fragment = src.partition("#")
        path = unquote(path.split("?")[0])
        if not path:
            return src
        source = (self.deck_dir / path.lstrip("/")).resolve()
        if not source.is_file():
            if image:
                self.warn(number, f"image introuvable : {src} (chemin laissé tel quel)")
            return src
        if not image and source.suffix.lower() in (".rmd", ".md", ".html", ".htm"):
            return src  # another deck or page: not an asset
        name = self.assets.get(source) or self.name_for(source)
        return f"../media/{self.slug}/{name}" + (hash_ + fragment if not image else "")

    def name_for(self, source: Path) -> str:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", source.stem).strip("-.") or "image"
        suffix = re.sub(r"[^A-Za-z0-9.]+", "", source.suffix).lower()
        name, counter = f"{stem}{suffix}", 1
        while name in self.names:
            counter += 1
            name = f"{stem}-{counter}{suffix}"
        self.names[name] = source
        self.assets[source] = name
        return name

    # classes -----------------------------------------------------------------

    def map_class(self, name: str) -> str:
        if name in THEME_CLASSES:
            self.classes[name] += 1
            return name
        if name in CLASS_ALIASES:
            self.classes[name] += 1
            return CLASS_ALIASES[name]
        self.unknown[name] += 1
        return name

    def content_classes(self, line: str) -> str:
        visible = syntax.strip_inline_code(line)
        for match in reversed(list(syntax.CLASS_OPEN.finditer(visible))):
            start, end = match.span("names")
            names = ".".join(self.map_class(name) for name in line[start:end].split("."))
            line = line[:start] + names + line[end:]
        return line

    def class_property(self, line: str) -> str:
        match = PROPERTY.match(line)
        if not match:
            return line
        start, end = match.span("value")
        value = re.sub(r"[^\s,]+", lambda m: self.map_class(m.group(0)), line[start:end])
        return line[:start] + value + line[end:]


def _chunk_end(lines: list[str], start: int, fence: str) -> int:
    for index in range(start + 1, len(lines)):
        if syntax.closes_fence(lines[index], fence):
            return index
    return len(lines)


def _chunk_label(options: str) -> str:
    first = options.split(",", 1)[0].strip()
    if first and "=" not in first:
        return first.strip("'\"")
    return _chunk_option(options, "label")


def _chunk_option(options: str, name: str) -> str:
    match = re.search(rf"(?:^|,)\s*{re.escape(name)}\s*=\s*([\"'])(?P<value>.*?)\1", options)
    return match.group("value") if match else ""


def r_placeholder(code: str) -> str:
    return f"[R : {' '.join(code.split())}]"


def r_in_text(text: str) -> str:
    """Inline R in header text -> parameter value or placeholder (no code span)."""
    return R_IN_TEXT.sub(lambda m: r_placeholder(m.group("code")), text)


# --- the whole deck -------------------------------------------------------------

def parse_deck(text: str, deck_dir: Path, slug: str) -> Imported:
    """Deck text -> Imported; raises ImportProblem if it cannot be read."""
    text = normalise(text)
    try:
        parts = split(text)
    except FrontMatterError as exc:
        raise ImportProblem(exc.message, exc.line) from None
    header = read_header(parts.meta_text, parts.meta_line) if parts.meta_text is not None else {}
    params = header.get("params") if isinstance(header.get("params"), dict) else {}
    body = _Body(parts.body.split("\n"), parts.body_line, Path(deck_dir), slug, params)
    warnings = body.warnings

    def header_text(key: str, br: str = " ", raw: bool = False) -> str | list[str]:
        value = header.get(key)
        if value is None or isinstance(value, (dict, bool)):
            return ""
        if isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, dict):
                    item = item.get("name", "")
                if item not in (None, ""):
                    items.append(resolve(str(item), key, br, raw))
            return [i for i in items if i]
        return resolve(str(value), key, br, raw)

    def resolve(value: str, key: str, br: str, raw: bool) -> str:
        def replace(match: re.Match) -> str:
            found = body.param(match.group("code"))
            if found is not None:
                if not raw:
                    warnings.append(Notice(header.line_of(key), f"« {key} » : code R « {match.group('code')} » remplacé par la valeur du paramètre : « {found} »"))
                return found
            if not raw:
                warnings.append(Notice(header.line_of(key), f"« {key} » contient du code R : remplacé par « {r_placeholder(match.group('code'))} »"))
            return r_placeholder(match.group("code"))

        value = R_IN_TEXT.sub(replace, value)
        return value.strip() if raw else plain(value, br)

    front: dict = {}
    title = header_text("title")
    if isinstance(title, list):
        title = " ".join(title)
    text_body = body.run()  # first: the title may come from the body
    if not title:
        title = _first_heading(text_body)
        if not title:
            title = plain(re.sub(r"[-_]+", " ", slug)).capitalize() or slug
            warnings.append(Notice(0, f"aucun titre (ni « title: » ni titre « # ») : « {title} » en attendant mieux"))
    front["title"] = title
    subtitle = header_text("subtitle")
    if subtitle:
        front["subtitle"] = " ".join(subtitle) if isinstance(subtitle, list) else subtitle
    authors = header_text("author", br=", ") or header_text("authors", br=", ")
    if authors:
        front["authors"] = authors if isinstance(authors, list) else [authors]
    licence, licence_line = _licence(header, parts.body, parts.body_line, warnings)
    if licence:
        front["licence"] = licence
    if "date" in header:
        updated = parse_date(header["date"])
        if updated:
            front["updated"] = updated
        elif R_IN_TEXT.search(str(header["date"])):
            warnings.append(Notice(header.line_of("date"), "date calculée par R : « updated » n'est pas renseigné, indiquez la date de la dernière mise à jour"))
        else:
            warnings.append(Notice(header.line_of("date"), f"date « {header['date']} » non reconnue : « updated » n'est pas renseigné"))

    output = _output_options(header.get("output"))
    seal = truthy(str(output.get("seal", "true"))) is not False
    title_slide = bool(header.get("title")) and seal
    if title_slide:
        # xaringan's title slide: # title, ## subtitle, ### each author, institute, date
        lines = [f"class: {TITLE_SLIDE_CLASSES}", ""]
        for key, mark in (("title", "#"), ("subtitle", "##"), ("author", "###"), ("institute", "###"), ("date", "###")):
            value = header_text(key, raw=True)
            for item in [value] if isinstance(value, str) else value:
                if item:
                    lines.append(f"{mark} {item}")
        text_body = "\n".join(lines) + "\n\n---\n\n" + text_body.lstrip("\n")
    css = output.get("css") or []
    stylesheets = tuple(str(c) for c in (css if isinstance(css, list) else [css]))

    slides = steps = notes = 0
    for slide in split_slides(text_body):
        props = slide.properties
        if truthy(props.get("layout", "")):
            if "{{content}}" in slide.text.replace(" ", ""):
                warnings.append(Notice(0, "« {{content}} » d'un modèle remark n'est pas pris en charge : le modèle est placé au-dessus de chaque diapositive"))
            continue
        if truthy(props.get("exclude", "")):
            continue
        slides += 1
        steps += len(slide.parts) - 1
        notes += 1 if slide.notes.strip() else 0
    assets = tuple(Asset(source, name) for source, name in body.assets.items())
    ordered = tuple(sorted(warnings, key=lambda n: n.line))
    return Imported(
        slug=slug, front=front, body=text_body, assets=assets, warnings=ordered, slides=slides,
        steps=steps, notes=notes, remote_images=body.remote, classes=body.classes,
        unknown_classes=body.unknown, stylesheets=stylesheets, licence_line=licence_line,
        title_slide=title_slide,
    )


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


# --- writing ------------------------------------------------------------------

def import_deck(deck: Path, modules_dir: Path, slug: str | None = None) -> tuple[Imported, Path, int]:
    """Read, convert and write a deck: (imported, module path, identical
    files already in media/). Raises ImportProblem or ImportRefused."""
    from ..load.reader import SLUG

    deck = Path(deck)
    slug = slug if slug is not None else slugify(deck.stem)
    if not SLUG.match(slug or ""):
        raise ImportProblem(f"nom de module « {slug} » invalide : minuscules, chiffres et tirets (option --slug)")
    try:
        text = deck.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ImportProblem("le fichier n'est pas encodé en UTF-8", 1) from None
    imported = parse_deck(text, deck.parent, slug)
    path, _, present = write_import(imported, Path(modules_dir))
    return imported, path, present


def write_import(imported: Imported, modules_dir: Path) -> tuple[Path, int, int]:
    """Write the module and copy its images; never overwrite anything.

    Returns (module path, files copied, identical files already there).
    """
    path = modules_dir / f"{imported.slug}.md"
    if path.exists():
        raise ImportRefused(f"{path}: ce module existe déjà ; rien n'a été écrit (choisissez un autre nom avec --slug).")
    media = modules_dir.parent / "media" / imported.slug
    to_copy = []
    present = 0
    for asset in imported.assets:
        target = media / asset.name
        if target.exists():
            if not target.is_file() or target.read_bytes() != asset.source.read_bytes():
                raise ImportRefused(f"{target}: un autre fichier porte déjà ce nom ; rien n'a été écrit.")
            present += 1
        else:
            to_copy.append((asset.source, target))
    modules_dir.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(imported.module_text())
    for source, target in to_copy:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return path, len(to_copy), present


def report_lines(imported: Imported, deck_label: str, path: Path, present: int = 0) -> list[str]:
    """The French report printed after an import (warnings last, one a line)."""

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'s' if count > 1 else ''}"

    media = path.parent.parent / "media" / imported.slug
    images = sum(1 for a in imported.assets if a.source.suffix.lower() in IMAGE_SUFFIXES)
    lines = [f"Module importé : {path}"]
    title = " (dont la diapositive de titre créée depuis l'en-tête)" if imported.title_slide else ""
    lines.append(f"  diapositives : {imported.slides}{title}")
    lines.append(f"  étapes (--) : {imported.steps}")
    lines.append(f"  notes de l'intervenant : {plural(imported.notes, 'diapositive')}")
    already = f" ({present} déjà présente{'s' if present > 1 else ''})" if present else ""
    lines.append(f"  images copiées : {images} dans {media}{already}")
    if len(imported.assets) > images:
        lines.append(f"  autres fichiers copiés : {len(imported.assets) - images}")
    if imported.remote_images:
        lines.append(f"  images distantes laissées telles quelles : {imported.remote_images}")
    known = sum(imported.classes.values())
    line = f"  classes : {known} reprise{'s' if known > 1 else ''}"
    if imported.unknown_classes:
        names = ", ".join(f"{n} ×{c}" if c > 1 else n for n, c in sorted(imported.unknown_classes.items()))
        line += f" ; inconnues du thème, laissées telles quelles : {len(imported.unknown_classes)} ({names})"
    lines.append(line)
    if imported.stylesheets:
        lines.append(f"  feuilles de style xaringan non reprises : {', '.join(imported.stylesheets)}")
    licence = imported.front.get("licence")
    if licence:
        where = f" ({deck_label}:{imported.licence_line})" if imported.licence_line else ""
        lines.append(f"  licence : {licence}{where}")
    else:
        lines.append("  licence : aucune trouvée, celle du cours s'appliquera")
    lines.append(f"  avertissements : {len(imported.warnings)}")
    for notice in imported.warnings:
        where = f"{deck_label}:{notice.line}" if notice.line else deck_label
        lines.append(f"{where}: attention : {notice.message}")
    lines.append(f"À compléter : la durée et les objectifs de {path.name} (opendata-course check les signale).")
    return lines
