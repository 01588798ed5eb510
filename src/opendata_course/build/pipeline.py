"""The build, in one place: load → convert (cached, parallel) → pages → write.

make_site() does everything in memory and returns the files with every
problem found; build() adds the cache, the PDFs and the writing. `check`,
`pdf`, `bundle` and `serve` use make_site() too: one road for all commands.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from ..model import Course, OutputFile
from ..problems import CourseError, Problems
from .cache import Cache, PageReuse, inputs_fingerprint, site_key
from .write import MARKER, check_collisions, check_output, linked_copy, output_lock, replace_site

if TYPE_CHECKING:
    from ..site.pages import PageStore
    from .modules import Modules

# Loading, Markdown, Jinja2 and Pygments are imported by make_site() only:
# a build with nothing to do answers without them.


@dataclass(frozen=True)
class Options:
    strict: bool = False  # warnings count as errors
    preview: bool = False  # pages load the preview script (serve)
    pdf: bool = False  # session PDFs, linked from their pages
    clean: bool = False  # ignore the cache and the last site
    jobs: int | None = None  # processes (default: one per core)


@dataclass
class Result:
    course: Course | None = None
    errors: list[CourseError] = field(default_factory=list)
    warnings: list[CourseError] = field(default_factory=list)
    files: list[OutputFile] = field(default_factory=list)
    modules: "Modules | None" = None
    up_to_date: bool = False  # build(): no input changed, nothing was done
    repeated: list[str] = field(default_factory=list)  # then: the warnings of the last build

    @property
    def pages(self) -> int:
        return sum(1 for f in self.files if f.path.endswith(".html"))

    @property
    def reused_pages(self) -> int:
        return sum(1 for f in self.files if f.reused and f.path.endswith(".html"))


def make_site(root: Path, options: Options = Options(), cache: Cache | None = None,
              out: Path | None = None, manifest: dict | None = None) -> Result:
    """Load, convert and lay out the site in memory. With a cache, modules
    are taken from it, and pages from the last site in `out` (per its manifest)."""
    from ..load.project import assemble, read_project
    from ..site.pages import Site
    from ..site.theme import TemplateProblem
    from .modules import convert_modules, kept_shared, page_makers

    problems = Problems()
    project = read_project(root, problems, kept_shared(cache)) if cache else read_project(root, problems)
    if project is None:
        return finish(Result(), problems, options.strict)
    modules = convert_modules(project, cache, options.jobs)
    problems.items.extend(modules.problems())
    course = assemble(project, modules.valid(), problems)
    result = Result(course, modules=modules)
    if course is None or problems.errors:
        return finish(result, problems, options.strict)
    site = Site(course, modules.rendered(), modules.records(), page_store(course, modules, options, cache, out, manifest),
                preview=options.preview, pdf=options.pdf, bytecode=cache.folder / "jinja" if cache else None,
                makes=page_makers(options.jobs))
    try:
        result.files = site.render()
    except TemplateProblem as exc:
        problems.items.append(exc.error)
    for path in check_collisions(result.files):
        problems.error(course.content, 0, f"deux pages auraient le même chemin : {path}")
    return finish(result, problems, options.strict)


def make_from_last_build(root: Path, options: Options) -> Result:
    """make_site() for `check`, `pdf` and `bundle`: the modules from the
    build's cache, the pages from its _site where their inputs did not change."""
    cache, site = Cache.of_project(root), Path(root) / "_site"
    return make_site(root, options, cache, site, cache.manifest(site))


def page_store(course: Course, modules: Modules, options: Options, cache: Cache | None,
               out: Path | None, manifest: dict | None) -> PageStore:
    from ..site.pages import NoReuse
    from ..site.theme import project_templates

    if cache is None:
        return NoReuse()
    key = site_key(course, modules.keys, [options.preview, options.pdf], project_templates(course.root))
    last = (manifest or {}).get("pages") or {}
    return PageReuse(key, modules.keys, out if last and out is not None and out.is_dir() else None, last)


def finish(result: Result, problems: Problems, strict: bool) -> Result:
    items = problems.sorted()
    result.errors = [p for p in items if not p.warning or strict]
    result.warnings = [p for p in items if p.warning and not strict]
    return result


def build(root: Path, out: Path, options: Options = Options(), force: bool = False) -> Result:
    """The whole build: nothing is written unless everything succeeded (but
    the lock file beside `out`), and then the new site replaces the old one
    at once (write.py)."""
    root = Path(root).resolve()
    check_output(out, root, force)
    with output_lock(out):  # a build that waits for another then starts from the site that one left
        return locked_build(root, out, options)


def locked_build(root: Path, out: Path, options: Options) -> Result:
    cache = Cache.of_project(root)
    manifest = {} if options.clean else cache.manifest(out)
    inputs = inputs_fingerprint(root, {"strict": options.strict, "pdf": options.pdf, "out": str(out.resolve())})
    if manifest.get("inputs") == inputs and (out / MARKER).is_file():
        return Result(up_to_date=True, repeated=list(manifest.get("warnings", [])))
    if options.clean:  # from nothing, as on a new machine; what it makes is kept for the next builds
        cache.clear()
    result = make_site(root, options, cache, out, manifest)
    if result.errors:
        return result
    if options.pdf:
        from ..outputs.pdf_jobs import session_pdfs  # WeasyPrint: only when asked
        from ..outputs.pdf_reuse import MadePdfs

        # A PDF of the last site whose inputs did not change is taken again.
        result.files += session_pdfs(result.course, result.files, progress, MadePdfs([out]))
    write(result, out, cache, manifest, inputs)
    return result


def write(result: Result, out: Path, cache: Cache, manifest: dict, inputs: str | None) -> None:
    """Put the site in `out` (the caller holds output_lock(out)) and record,
    for the next build, each file's digest (hard links for unchanged
    files), each page's key, and what the spare folder, that the next build
    lays out in, holds."""
    pages = {f.path: {"key": f.key, "size": f.size} for f in result.files if f.key}
    warnings = [w.format() for w in result.warnings]

    def record(digests: dict[str, str], spare: dict[str, str] | None) -> None:
        kept = {"files": digests, "spare": spare, "pages": pages, "warnings": warnings}
        if inputs is not None:  # serve's pages load preview.js: the next build must not take them for its own
            kept["inputs"] = inputs
        cache.save_manifest(out, kept)

    # Until the new site is recorded, the folders being rewritten and swapped are of no known content:
    # a build killed meanwhile leaves a manifest the next one reuses nothing from.
    cache.save_manifest(out, {})
    digests, spare = replace_site(result.files, out, manifest.get("files"), manifest.get("spare"))
    record(digests, spare)
    if spare is None and linked_copy(result.files, out):
        record(digests, digests)


def progress(message: str) -> None:
    print(message, file=sys.stderr)
