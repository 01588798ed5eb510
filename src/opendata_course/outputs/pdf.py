"""PDF export with WeasyPrint: a pure function from the in-memory site to PDF bytes.

`render_pdf(files, page, kind, title=…, licence=…)` lays out one page of the site
(`files`, as `render.render_site` returns it, keyed by path) with a print stylesheet
chosen by `kind`:

- ``slides``: one 16:9 page per slide, every step shown, a thin footer line, no
  answer and no control (the learners' printed deck);
- ``slides-notes``: A4 portrait, each slide framed with its speaker notes, and its
  quiz answers and solutions, below (the trainer's);
- ``handout``: A4 portrait, a course page without the site's header, search and
  footer; quiz answers and solutions in a corrigé at the end (pdf_print);
- ``sheet``: the same, tighter, for administrative documents (a programme);
- ``sheet-landscape``: A4 landscape, for wide tables (an attendance sheet).

Links to other pages of the site lead to the online site (`base_url`) or are
plain text. Each PDF carries the digest of what it was made from, so that an
unchanged one can be taken again instead of laid out (pdf_reuse, still_current).

Every resource (stylesheets, images, fonts) comes from `files`; nothing else is
ever fetched, the network least of all. The stylesheets of each kind live in
`pdf/` next to this module; the running title, the licence and the page numbers
go into the page margins. Nothing is written to disk and no warning reaches the
terminal: WeasyPrint's messages go to the ``opendata_course.pdf`` logger at DEBUG.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..model import OutputFile
from . import PdfUnavailable
from ..strings import strings
from .pdf_print import answers_hidden, answers_to_corrige, answers_to_notes, paper_links
from .pdf_reuse import STAMP_KEY, inputs_key, read_stamp, stamp

KINDS = ("slides", "slides-notes", "handout", "sheet", "sheet-landscape")

LOG = logging.getLogger(__name__)

# Pages are laid out as if the site lived at this address: relative URLs resolve
# against it with the usual rules, and only what falls under it is served, from
# `files`. It is never looked up (.invalid is a reserved domain that no DNS
# resolves) and it is not a file: URL, which WeasyPrint would read from the disk.
SITE_ROOT = "https://opendata-course.invalid/"

_CSS_DIR = Path(__file__).resolve().parents[1] / "theme" / "pdf"
_SHEETS = {
    "slides": ("common.css", "slides.css"),
    "slides-notes": ("common.css", "slides.css", "slides-notes.css"),
    "handout": ("common.css", "handout.css"),
    "sheet": ("common.css", "handout.css", "sheet.css"),
    "sheet-landscape": ("common.css", "handout.css", "sheet.css", "sheet-landscape.css"),
}
_PAGE_WORD = {"fr": "page", "en": "page"}


def render_pdf(files: Mapping[str, OutputFile], page: str, kind: str, *, title: str, licence: str,
               lang: str = "fr", base_url: str = "") -> bytes:
    """The PDF of `files[page]` laid out for `kind` (one of KINDS).

    `licence` goes in the bottom margin ("" for none); `base_url`, the online
    site, is where links to other pages lead (without it, they are plain text).
    The PDF carries the digest of what it was made from (pdf_reuse)."""
    if kind not in KINDS:
        raise ValueError(f"unknown PDF kind {kind!r}: expected one of {', '.join(KINDS)}")
    if page not in files:
        raise KeyError(page)
    try:  # imported here: the rest of the tool works without it
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango is missing
        raise PdfUnavailable(
            "les PDF demandent WeasyPrint et les bibliothèques Pango "
            "(Debian : apt-get install libpango-1.0-0 libpangoft2-1.0-0, ou make pdf-deps)"
        ) from error

    source = files[page].contents() or b""
    options = layout_options(kind, title, licence, lang, base_url)
    html = source.decode("utf-8")
    if kind == "slides-notes":
        html = notes_after_slides(html)
    html = _insert_style(html, print_stylesheet(kind, title=title, licence=licence, lang=lang))
    fetcher = SiteFetcher(files)
    with _quiet_weasyprint():
        parsed = HTML(string=html, base_url=SITE_ROOT + page, url_fetcher=fetcher)
        for_paper(parsed.etree_element, page, kind, base_url, lang)  # before render(): nothing read it yet
        document = parsed.render()
        document.metadata.title = title
        document.metadata.lang = lang
        document.metadata.created = document.metadata.modified = None  # no clock in the output
        deps = sorted(set(fetcher.served) | {p for p in map(site_path, fetcher.refused) if p})
        key = inputs_key(files[page], options, deps, files)
        document.metadata.custom = {STAMP_KEY: stamp(key, deps)}
        return document.write_pdf(custom_metadata=True)


def layout_options(kind: str, title: str, licence: str, lang: str, base_url: str) -> dict[str, str]:
    return {"kind": kind, "title": title, "licence": licence, "lang": lang, "base_url": base_url}


def still_current(pdf: bytes, files: Mapping[str, OutputFile], page: str, kind: str, *, title: str, licence: str,
                  lang: str = "fr", base_url: str = "") -> bool:
    """Whether `pdf` is what render_pdf() would make today, read from its stamp."""
    stamped = read_stamp(pdf)
    if stamped is None or page not in files:
        return False
    key, deps = stamped
    return key == inputs_key(files[page], layout_options(kind, title, licence, lang, base_url), deps, files)


def for_paper(root, page: str, kind: str, base_url: str, lang: str) -> None:
    """The page as paper wants it (pdf_print): links that lead somewhere from a
    PDF; answers in a corrigé (handouts), below the slide (the trainer's deck
    with notes) or nowhere (a printed deck)."""
    t = strings(lang)["print"]
    paper_links(root, page, base_url)
    if kind == "slides":
        answers_hidden(root)
    elif kind == "slides-notes":
        answers_to_notes(root, t)
    else:
        answers_to_corrige(root, t)


def print_stylesheet(kind: str, *, title: str, licence: str, lang: str = "fr") -> str:
    """The CSS added to a page for `kind`: the packaged sheets, then the margin texts."""
    parts = [(_CSS_DIR / name).read_text(encoding="utf-8") for name in _SHEETS[kind]]
    word = _PAGE_WORD.get(lang.split("-")[0].lower(), "page")
    parts.append(
        "@page {"
        f" @top-left {{ content: {css_string(title)}; }}"
        f" @bottom-left {{ content: {css_string(licence) if licence else 'none'}; }}"
        f" @bottom-right {{ content: {css_string(word + ' ')} counter(page) \" / \" counter(pages); }}"
        " }\n"
    )
    if kind == "slides":  # one line at the foot of the slide: title · licence, page n / N
        parts.append(
            "@page {"
            " @top-left { content: none; }"
            f" @bottom-left {{ content: {css_string(' · '.join(p for p in (title, licence) if p))}; }}"
            " }\n"
        )
    return "\n".join(parts)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element too.

    Quotes, backslashes, `<`, `>` and `&` become hexadecimal escapes (so that no
    `</style>` can close the element), line breaks and other controls a space.
    """
    out = []
    for char in text:
        if ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(" ")
        elif char in '"\\<>&':
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


class _SlidesAndNotes(HTMLParser):
    """Where each slide (an element of class `slide`, whatever its tag, as
    deck.js finds them) and the notes inside it (class `notes`) start and end."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for line in html.split("\n"):
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.slides: list[tuple[int, int, list[tuple[int, int]]]] = []  # (start, end, the notes' spans)
        self.notes: list[tuple[int, int]] = []  # those of the slide being read
        self.open: list[list] = []  # [what, tag, how deep in that tag, start]: the slide, its notes

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs) -> None:
        classes = (dict(attrs).get("class") or "").split()
        for element in self.open:
            if element[1] == tag:
                element[2] += 1
        kinds = [element[0] for element in self.open]
        if "slide" in classes and not kinds:
            self.open.append(["slide", tag, 1, self.position()])
        elif "notes" in classes and kinds == ["slide"]:
            self.open.append(["notes", tag, 1, self.position()])

    def handle_endtag(self, tag) -> None:
        if not any(element[1] == tag for element in self.open):
            return
        end = self.html.index(">", self.position()) + 1
        for element in list(self.open):
            if element[1] != tag:
                continue
            element[2] -= 1
            if element[2]:
                continue
            self.open.remove(element)
            if element[0] == "slide":
                self.slides.append((element[3], end, self.notes))
                self.notes = []
            else:
                self.notes.append((element[3], end))


def notes_after_slides(html: str) -> str:
    """Move each slide's notes out of the slide, just after it.

    The slide then stays one 16:9 box with its own background, as on screen, and
    its notes flow below it, from page to page if they are long. Slides are
    found by their classes, so a project's own deck.html works too.
    """
    parser = _SlidesAndNotes(html)
    parser.feed(html)
    parser.close()
    out, position = [], 0
    for start, end, notes in parser.slides:
        if not notes:
            continue
        cursor = start
        out.append(html[position:start])
        for note_start, note_end in notes:
            out.append(html[cursor:note_start])
            cursor = note_end
        out.append(html[cursor:end])
        out.extend("\n" + html[note_start:note_end] for note_start, note_end in notes)
        position = end
    out.append(html[position:])
    return "".join(out)


def _insert_style(html: str, css: str) -> str:
    """`css` as the last stylesheet of the page, so that it wins over the theme's."""
    style = f'<style media="print">\n{css}\n</style>\n'
    match = re.search(r"</head\s*>", html, re.IGNORECASE)
    if match is None:
        match = re.search(r"<body[\s>]", html, re.IGNORECASE)
    if match is None:
        return html + style
    return html[:match.start()] + style + html[match.start():]


def site_path(url: str) -> str | None:
    """The path in the site of a URL under SITE_ROOT, or None for anything else."""
    if not url.startswith(SITE_ROOT):
        return None
    path = unquote(urlsplit(url).path)
    path = posixpath.normpath(path.removeprefix(urlsplit(SITE_ROOT).path))
    if path.startswith(("../", "/")) or path in ("..", "."):
        return None
    return path


try:  # WeasyPrint ≥ 68 takes a URLFetcher object; older versions a function returning a dict
    from weasyprint.urls import URLFetcher as _FetcherBase, URLFetcherResponse as _Response
except ImportError:  # pragma: no cover - older WeasyPrint, or none (render_pdf then says so)
    _FetcherBase, _Response = object, None


def _response(url: str, body: bytes, mime: str):
    if _Response is None:  # pragma: no cover - WeasyPrint < 68
        return {"string": body, "mime_type": mime, "redirected_url": url}
    return _Response(url, body, {"Content-Type": mime})


class SiteFetcher(_FetcherBase):
    """Serves the site's own files to WeasyPrint and refuses every other URL.

    It answers from `files` (and decodes `data:` URLs) or raises, which makes
    WeasyPrint skip the resource; it never opens a connection or a file outside
    `files`. `served` and `refused` list what was asked, for the curious.
    """

    def __init__(self, files: Mapping[str, OutputFile]) -> None:
        # No super().__init__(): the base class only builds urllib's openers, never used here.
        self._fail_on_errors = False
        self.files = files
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):  # noqa: ARG002 - WeasyPrint's signature
        if url.startswith("data:"):
            from urllib.request import DataHandler, Request  # decodes in memory

            response = DataHandler().data_open(Request(url))
            return _response(url, response.read(), response.headers.get_content_type())
        path = site_path(url)
        if path is None or path not in self.files:
            self.refused.append(url)
            raise ValueError(f"not part of the site: {url}")
        self.served.append(path)
        return _response(url, self.files[path].contents() or b"", mimetypes.guess_type(path)[0] or "application/octet-stream")

    def open(self, url, data=None, timeout=None):  # noqa: ARG002 - urllib's signature
        return self.fetch(getattr(url, "full_url", url))

    def __call__(self, url):
        return self.fetch(url)


class _quiet_weasyprint:
    """Route WeasyPrint's log records to our logger at DEBUG while a PDF is made.

    WeasyPrint reports every refused resource and every CSS property it does not
    know (container queries, aspect-ratio… of the screen stylesheets): none of it
    is the user's business. The switch is process-wide: make PDFs from one thread.
    """

    def __enter__(self):
        self.logger = logging.getLogger("weasyprint")
        self.handler = _ToDebug()
        self.propagate = self.logger.propagate
        self.logger.addHandler(self.handler)
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate
        return False


class _ToDebug(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if LOG.isEnabledFor(logging.DEBUG):
            LOG.debug("weasyprint: %s", record.getMessage())
