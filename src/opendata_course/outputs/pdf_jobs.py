"""The trainer's kit: which PDFs a session, a parcours or a module gets,
and making them (in parallel: one WeasyPrint layout per core).

Pure planning (`jobs_for`) is kept apart from the slow part (`make_pdfs`).
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass

from collections.abc import Callable

from ..model import Course, OutputFile
from ..strings import strings


@dataclass(frozen=True)
class PdfJob:
    page: str  # the HTML page laid out
    pdf: str  # where the PDF goes, beside it
    kind: str  # see pdf.KINDS
    title: str  # running title


@dataclass(frozen=True)
class Target:
    kind: str  # session | parcours | module
    slug: str
    title: str
    start: str  # the page a bundle opens on


def find_target(course: Course, slug: str) -> Target | None:
    """A session, parcours or module by slug, in that order."""
    if slug in course.sessions:
        return Target("session", slug, course.sessions[slug].title, f"sessions/{slug}/index.html")
    if slug in course.parcours:
        return Target("parcours", slug, course.parcours[slug].title, f"parcours/{slug}/index.html")
    if slug in course.modules:
        return Target("module", slug, course.modules[slug].title, f"modules/{slug}/index.html")
    return None


def deck_jobs(folder: str, title: str) -> list[PdfJob]:
    return [PdfJob(f"{folder}diapos.html", f"{folder}diapos.pdf", "slides", title),
            PdfJob(f"{folder}diapos.html", f"{folder}diapos-notes.pdf", "slides-notes", title)]


def jobs_for(course: Course, target: Target, t: dict) -> list[PdfJob]:
    kit = t["kit"]
    if target.kind == "session":
        session = course.sessions[target.slug]
        base = f"sessions/{session.slug}/"
        jobs = [PdfJob(base + "programme.html", base + "programme.pdf", "sheet", f"{kit['programme']} — {session.title}"),
                PdfJob(base + "emargement.html", base + "emargement.pdf", "sheet-landscape", f"{kit['attendance']} — {session.title}"),
                PdfJob(base + "supports.html", base + "supports.pdf", "handout", f"{kit['handouts']} — {session.title}")]
        for day in session.days:
            jobs += deck_jobs(f"{base}jour-{day.number}/", f"{session.title} — {day.title}")
        return jobs
    if target.kind == "parcours":
        parcours = course.parcours[target.slug]
        base = f"parcours/{parcours.slug}/"
        jobs = [PdfJob(base + "index.html", base + "programme.pdf", "sheet", parcours.title)]
        for day in parcours.days:
            jobs += deck_jobs(f"{base}jour-{day.number}/", f"{parcours.title} — {day.title}")
        return jobs
    module = course.modules[target.slug]
    base = f"modules/{module.slug}/"
    return [PdfJob(base + "index.html", base + "support.pdf", "handout", module.title), *deck_jobs(base, module.title)]


# Set before the worker processes fork, so that they share the site's files
# instead of receiving a copy with every job.
_FILES: dict[str, OutputFile] = {}
_OPTIONS: dict = {}


def _make(job: PdfJob) -> OutputFile:
    from .pdf import render_pdf

    data = render_pdf(_FILES, job.page, job.kind, title=job.title, **_OPTIONS)
    return OutputFile(job.pdf, data)


def make_pdfs(files: dict[str, OutputFile], jobs: list[PdfJob], licence: str, lang: str,
              workers: int | None = None) -> list[OutputFile]:
    """The PDFs of `jobs`, laid out from `files` (the site in memory)."""
    global _FILES, _OPTIONS
    _FILES, _OPTIONS = files, {"licence": licence, "lang": lang}
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_make(job) for job in jobs]
    # Longest first, so that one big deck does not finish alone at the end.
    order = sorted(jobs, key=lambda job: -files[job.page].size)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        made = dict(zip(order, pool.map(_make, order, chunksize=1)))
    return [made[job] for job in jobs]


def pdfs_for(course: Course, files: list[OutputFile], targets: list[Target],
             progress: Callable[[str], None]) -> tuple[list[PdfJob], list[OutputFile]]:
    """The jobs of `targets` and their PDFs, laid out from the site in memory."""
    t = strings(course.config.lang)
    jobs = [job for target in targets for job in jobs_for(course, target, t)]
    if not jobs:
        return [], []
    progress(f"Mise en page de {len(jobs)} PDF…")
    return jobs, make_pdfs({f.path: f for f in files}, jobs, f"{t['licence']} {course.config.licence}", course.config.lang)


def session_pdfs(course: Course, files: list[OutputFile], progress: Callable[[str], None]) -> list[OutputFile]:
    """Every session's PDFs, for `build --pdf`."""
    return pdfs_for(course, files, [find_target(course, slug) for slug in course.sessions], progress)[1]
