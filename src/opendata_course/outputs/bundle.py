"""An offline bundle: one zip for a session, a parcours or a module.

It holds the whole site (so that every link works), the target's PDFs, a
single self-contained HTML file per deck (for a USB key or an email) and a
start page, LISEZ-MOI.html. Everything is relative: unzip, open, no network.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from pathlib import Path

from ..model import Course, OutputFile
from ..site.pages import Site
from .pdf_jobs import PdfJob, Target
from .single_file import single_file

START = "LISEZ-MOI.html"
STANDALONE = "hors-ligne/"  # the single-file decks


def deck_pages(course: Course, target: Target) -> list[tuple[str, str]]:
    """(deck page, title) for the target's day decks, then its modules' decks."""
    if target.kind == "module":
        return [(f"modules/{target.slug}/diapos.html", course.modules[target.slug].title)]
    if target.kind == "session":
        owner, base = course.sessions[target.slug], f"sessions/{target.slug}/"
    else:
        owner, base = course.parcours[target.slug], f"parcours/{target.slug}/"
    decks = [(f"{base}jour-{day.number}/diapos.html", f"{owner.title} — {day.title}") for day in owner.days]
    return decks + [(f"modules/{slug}/diapos.html", course.modules[slug].title) for slug in owner.modules]


def standalone_name(page: str) -> str:
    """'sessions/x/jour-1/diapos.html' -> 'hors-ligne/jour-1.html'; modules keep their slug."""
    parts = page.split("/")
    name = parts[-2] if parts[0] != "modules" else f"module-{parts[1]}"
    return f"{STANDALONE}{name}.html"


def bundle_files(course: Course, files: list[OutputFile], pdfs: list[OutputFile], jobs: list[PdfJob],
                 target: Target, preview: bool = False) -> list[OutputFile]:
    """Everything the zip holds, paths relative to its top folder."""
    site = {f.path: f for f in files}
    decks = deck_pages(course, target)
    standalone = [OutputFile(standalone_name(page), single_file(site, page, course.config.base_url)) for page, _ in decks]
    start = Site(course, {}, preview=preview).page(
        "bundle.html", START, target.title, target=target,
        pdfs=[(job, pdf) for job, pdf in zip(jobs, pdfs)],
        decks=[(title, page, standalone_name(page)) for page, title in decks],
    )
    return [*files, *pdfs, *standalone, start]


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
            data = file.data if file.source is None else file.source.read_bytes()
            archive.writestr(info, data or b"")
    return buffer.getvalue()


def write_bundle(folder: Path, target: Target, files: list[OutputFile], when: dt.datetime) -> Path:
    """`folder/<slug>.zip`, written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{target.slug}.zip"
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(zip_bytes(target.slug, files, when))
    temporary.replace(path)
    return path
