"""The trainer's kit: which PDFs a session, a parcours or a module gets,
and making them (in parallel: one WeasyPrint layout per core).

Pure planning (`jobs_for`) is kept apart from the slow part (`make_pdfs`),
which takes again the PDFs made before from the same inputs (pdf_reuse).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from collections.abc import Callable

from ..model import Course, OutputFile
from ..parallel import WORK, fork_map
from ..strings import strings
from .pdf_reuse import MadePdfs


@dataclass(frozen=True)
class PdfJob:
    page: str  # the HTML page laid out
    pdf: str  # where the PDF goes, beside it
    kind: str  # see pdf.KINDS
    title: str  # running title
    licensed: bool = True  # the licence in the bottom margin (not on an administrative form)


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
                PdfJob(base + "emargement.html", base + "emargement.pdf", "sheet-landscape", f"{kit['attendance']} — {session.title}",
                       licensed=False),
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


def _options(job: PdfJob, options: dict) -> dict:
    return dict(title=job.title, licence=options["licence"] if job.licensed else "", lang=options["lang"],
                base_url=options["base_url"])


def _make(job: PdfJob) -> OutputFile:
    from .pdf import render_pdf

    # The site's files are in WORK: forked workers share them instead of receiving a copy with every job.
    return OutputFile(job.pdf, render_pdf(WORK["files"], job.page, job.kind, **_options(job, WORK["options"])))


def _kept(job: PdfJob, made: MadePdfs, files: dict[str, OutputFile], options: dict) -> OutputFile | None:
    """The PDF made before from the same inputs, if one is found."""
    from .pdf import still_current

    for data in made.candidates(job.pdf):
        if still_current(data, files, job.page, job.kind, **_options(job, options)):
            return OutputFile(job.pdf, data, reused=True)
    return None


def make_pdfs(files: dict[str, OutputFile], jobs: list[PdfJob], licence: str, lang: str,
              workers: int | None = None, base_url: str = "", made: MadePdfs | None = None,
              progress: Callable[[str], None] | None = None) -> list[OutputFile]:
    """The PDFs of `jobs`, laid out from `files` (the site in memory), or
    taken from `made` when made before from the same inputs (marked `reused`)."""
    options = {"licence": licence, "lang": lang, "base_url": base_url}
    done = {job: _kept(job, made, files, options) for job in jobs} if made is not None else {}
    todo = [job for job in jobs if done.get(job) is None]
    if progress is not None:
        kept = len(jobs) - len(todo)
        if not todo:
            progress(f"PDF : {kept} repris tels quels, rien n'a changé depuis leur mise en page.")
        else:
            progress(f"Mise en page de {len(todo)} PDF" + (f" ({kept} repris tels quels)" if kept else "") + "…")
    # Longest first, so that one big deck does not finish alone at the end.
    done.update(zip(todo, fork_map(_make, todo, workers or os.cpu_count() or 1, 2, {"files": files, "options": options},
                                   order=lambda job: -files[job.page].size)))
    return [done[job] for job in jobs]


def pdfs_for(course: Course, files: list[OutputFile], targets: list[Target],
             progress: Callable[[str], None], made: MadePdfs | None = None) -> tuple[list[PdfJob], list[OutputFile]]:
    """The jobs of `targets` and their PDFs, laid out from the site in memory
    (or taken from `made`: see make_pdfs)."""
    t = strings(course.config.lang)
    jobs = list(dict.fromkeys(job for target in targets for job in jobs_for(course, target, t)))
    if not jobs:
        return [], []
    return jobs, make_pdfs({f.path: f for f in files}, jobs, f"{t['licence']} {course.config.licence}",
                           course.config.lang, base_url=course.config.base_url, made=made, progress=progress)


def session_pdfs(course: Course, files: list[OutputFile], progress: Callable[[str], None],
                 made: MadePdfs | None = None) -> list[OutputFile]:
    """Every session's PDFs, for `build --pdf`; `made`: where PDFs of the last
    build may be taken again (the output folder)."""
    return pdfs_for(course, files, [find_target(course, slug) for slug in course.sessions], progress, made)[1]
