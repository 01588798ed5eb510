"""An offline bundle: one zip for a session, a parcours or a module.

A bundle is given to a client: it holds its target and nothing of anybody
else's (no other session, its place, trainers or attendance sheets). Its site
is laid out again from a course cut down to the target: the target's pages,
the modules it teaches, the shared pages (home, glossary, references,
competences, search, whose index holds only these modules) and the static
files. Then the target's PDFs, a single self-contained HTML file per deck (for
a USB key or an email) and a start page, LISEZ-MOI.html. A link to a page or a
PDF that is not in the zip loses its href (its text stays): every link inside
resolves, from file://, with no network.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..markup.grammar import elsewhere
from ..model import Course, OutputFile, RenderedModule
from ..site.pages import Site
from ..site.search import Record
from .pdf_jobs import PdfJob, Target
from .single_file import TOKEN, format_attrs, parse_attrs, single_file

START = "LISEZ-MOI.html"
STANDALONE = "hors-ligne/"  # the single-file decks
LINKS = {"a": "href", "area": "href"}
# What only makes sense on a link that leads somewhere: gone with its href.
LINK_ONLY = {"href", "onclick", "target", "download", "rel", "hreflang", "type", "ping", "referrerpolicy"}


def bundle_course(course: Course, target: Target) -> Course:
    """`course` cut down to what `target` shows: its modules and, of the
    sessions and parcours, the target alone (with a session, its parcours,
    whose page it links to)."""
    sessions, parcours = {}, {}
    if target.kind == "session":
        session = course.sessions[target.slug]
        sessions = {target.slug: session}
        if session.parcours in course.parcours:
            parcours = {session.parcours: course.parcours[session.parcours]}
        slugs = session.modules
    elif target.kind == "parcours":
        parcours = {target.slug: course.parcours[target.slug]}
        slugs = course.parcours[target.slug].modules
    else:
        slugs = (target.slug,)
    modules = {slug: course.modules[slug] for slug in slugs if slug in course.modules}
    return replace(course, modules=modules, parcours=parcours, sessions=sessions)


def left_out(course: Course, target: Target, path: str) -> bool:
    """Pages of the cut-down course that the bundle does not hold: a session's
    bundle has its own day decks, not its parcours'."""
    if target.kind != "session":
        return False
    return path.startswith(f"parcours/{course.sessions[target.slug].parcours}/jour-")


def deck_pages(course: Course, target: Target) -> list[tuple[str, str]]:
    """(deck page, title) for the target's day decks, then its modules' decks."""
    if target.kind == "module":
        return [(f"modules/{target.slug}/diapos.html", course.modules[target.slug].title)]
    if target.kind == "session":
        owner, base = course.sessions[target.slug], f"sessions/{target.slug}/"
    else:
        owner, base = course.parcours[target.slug], f"parcours/{target.slug}/"
    decks = [(f"{base}jour-{day.number}/diapos.html", f"{owner.title} — {day.title}") for day in owner.days]
    return decks + [(f"modules/{slug}/diapos.html", course.modules[slug].title) for slug in owner.modules
                    if slug in course.modules]


def standalone_name(page: str) -> str:
    """'sessions/x/jour-1/diapos.html' -> 'hors-ligne/jour-1.html'; modules keep their slug."""
    parts = page.split("/")
    name = parts[-2] if parts[0] != "modules" else f"module-{parts[1]}"
    return f"{STANDALONE}{name}.html"


def bundle_files(course: Course, rendered: Mapping[str, RenderedModule], records: Mapping[str, list[Record]] | None,
                 target: Target, jobs: list[PdfJob], pdfs: list[OutputFile]) -> list[OutputFile]:
    """Everything the zip holds, paths relative to its top folder.

    `rendered` (and `records`, the search records, when known): the modules
    converted, as the build made them; `jobs` and `pdfs`: the target's PDFs,
    laid out beforehand (pdf_jobs), or none."""
    small = bundle_course(course, target)
    site = Site(small, rendered, records, pdf=bool(pdfs))
    files = [f for f in site.render() if not left_out(course, target, f.path)] + list(pdfs)
    by_path = {f.path: f for f in files}
    decks = deck_pages(small, target)
    # Self-contained decks: their links are already this page's, online, or gone (single_file).
    standalone = [OutputFile(standalone_name(page), single_file(by_path, page, course.config.base_url)) for page, _ in decks]
    start, = site.made([site.page(
        "bundle.html", START, target.title, target=target,
        pdfs=[(short(job.title, target.title), job, pdf) for job, pdf in zip(jobs, pdfs)],
        decks=[(short(title, target.title), page, standalone_name(page)) for page, title in decks],
    )])
    present = {f.path for f in [*files, *standalone, start]}
    return [*kept_links([*files, start], present), *standalone]


def short(title: str, target: str) -> str:
    """A title without the target's, which the start page says once:
    'Fiche programme — Session X' -> 'Fiche programme'."""
    for cut in (f" — {target}", f"{target} — "):
        if cut in title and title != cut.strip(" —"):
            return title.replace(cut, "", 1)
    return title


def kept_links(files: list[OutputFile], present: set[str]) -> list[OutputFile]:
    """The files, each HTML page's links to files not `present` made plain text."""
    out = []
    for file in files:
        if not file.path.endswith(".html"):
            out.append(file)
            continue
        html = file.contents().decode("utf-8")
        pruned = prune_links(html, file.path, present)
        out.append(file if pruned == html else OutputFile(file.path, pruned.encode("utf-8")))
    return out


def link_target(page: str, href: str) -> str | None:
    """The file of the bundle a link written in `page` leads to; None when it
    leads outside the bundle's files (another site, mail, this page's fragment)."""
    if not href or href.startswith("#") or elsewhere(href):
        return None
    path = unquote(urlsplit(href).path)
    if not path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def prune_links(html: str, page: str, present: set[str]) -> str:
    def tag(match: re.Match) -> str:
        name = (match["tag"] or "").lower()
        if name not in LINKS:
            return match[0]
        attrs = parse_attrs(match["attrs"])
        href = next((value for key, value in attrs if key.lower() == LINKS[name]), None)
        target = link_target(page, href or "")
        if target is None or target in present:
            return match[0]
        kept = [(key, value) for key, value in attrs if key.lower() not in LINK_ONLY]
        return f"<{match['tag']}{format_attrs(kept)}>"
    return TOKEN.sub(tag, html)


def zip_bytes(folder: str, files: list[OutputFile], when: dt.datetime) -> bytes:
    """A zip with every entry under `folder/`, dated `when`: the same inputs
    give the same bytes."""
    buffer = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(files, key=lambda f: f.path):
            info = zipfile.ZipInfo(f"{folder}/{file.path}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, file.contents() or b"")
    return buffer.getvalue()


def refusal(folder: Path, root: Path, slug: str, force: bool = False) -> str | None:
    """Why `folder/<slug>.zip` may not be written, or None: never into
    content/, never over a file that is not an archive of ours (unless `force`)."""
    folder, content = folder.resolve(), (root / "content").resolve()
    if folder == content or folder.is_relative_to(content):
        return f"{folder}: refus d'écrire l'archive dans content/"
    path = folder / f"{slug}.zip"
    if path.exists() and not force and not ours(path, slug):
        return f"{path}: ce fichier n'est pas une archive écrite par le générateur ; rien n'a été écrit (--force pour le remplacer)"
    return None


def ours(path: Path, slug: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return f"{slug}/{START}" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def write_bundle(folder: Path, target: Target, files: list[OutputFile], when: dt.datetime) -> Path:
    """`folder/<slug>.zip`, written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{target.slug}.zip"
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(zip_bytes(target.slug, files, when))
    temporary.replace(path)
    return path
