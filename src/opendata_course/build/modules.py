"""Read, check and convert every module: from the cache when its inputs did
not change, on every core otherwise.

Modules are the costly part of a build (Markdown for three views); each is
done at most once per change. A module's entry holds what reading it gave
(the Module or nothing, its problems), its converted views and its part of
the search index; the process that makes it stores it. A module file whose
stamp did not change since the last build is not even read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..load.modules import load_module
from ..load.reader import read_source
from ..load.stylesheets import declared
from ..load.project import SHARED_FILES, Project, load_shared
from ..markup.convert import Converter, convert_module
from ..markup.fit import warn_overfull
from ..model import Config, Course, Module, RenderedModule
from ..parallel import WORK, TooLong, can_fork, fork_map, fork_start, time_limit
from ..problems import CourseError, Problems
from ..site.search import Record, expansions, glossary_acronyms, search_records
from ..site.theme import project_templates
from ..strings import strings
from .cache import Cache, code_version, context_key

PARALLEL_FROM = 4  # fewer modules to do than this: not worth starting processes
MODULE_SECONDS = 30  # a module is read, checked and converted in well under a second: past this, its text is pathological
OVERLAP_FROM = 400  # unless this many others are read from the cache meanwhile (measured: a loss at 200, a gain at 1,000)


@dataclass
class ModuleEntry:
    module: Module | None
    problems: list[CourseError]
    converted: bool  # its views exist (valid, no error)
    records: list[Record] = field(default_factory=list)  # the module's part of the search index
    views: RenderedModule | None = None  # read from the cache only when a page needs them


class Views(Mapping):
    """The converted modules, by slug; those kept in the cache are read
    when a page asks for them (one edit reads one or two, not all)."""

    def __init__(self, entries: dict[str, ModuleEntry], keys: dict[str, str], cache: Cache | None, project: Project) -> None:
        self.entries = {slug: entry for slug, entry in entries.items() if entry.converted}
        self.keys, self.cache, self.project = keys, cache, project

    def __getitem__(self, slug: str) -> RenderedModule:
        entry = self.entries[slug]
        if entry.views is None:
            entry.views = self.cache.views(self.keys[slug]) if self.cache else None
            if entry.views is None:  # gone from the cache since: read and convert it again
                module = load_module(entry.module.path, self.project.lookups, Problems())
                entry.views = convert_module(module, converter_for(self.project)) if module is not None else None
        return entry.views

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@dataclass
class Modules:
    """Every module of a project, with what the build needs of each."""

    entries: dict[str, ModuleEntry]  # by slug, in file order
    keys: dict[str, str]  # slug -> cache key: what the module's pages depend on
    project: Project
    cache: Cache | None = None
    hits: int = 0
    misses: int = 0

    def valid(self) -> dict[str, Module]:
        return {slug: e.module for slug, e in self.entries.items() if e.module is not None}

    def rendered(self) -> Views:
        return Views(self.entries, self.keys, self.cache, self.project)

    def records(self) -> dict[str, list[Record]]:
        return {slug: e.records for slug, e in self.entries.items() if e.converted}

    def problems(self) -> list[CourseError]:
        return [problem for entry in self.entries.values() for problem in entry.problems]


# What compute() and make_page() read is in parallel.WORK (set by fork_map()).


def compute(path: Path) -> ModuleEntry:
    """A module's entry, stored in the cache by the process that made it
    (on every core, pickled once): its views are then left out of what
    goes back to the parent, which reads them when a page needs them."""
    entry = make_entry(path)
    entry = entry if WORK["whole"] else outline(entry)
    key, cache = WORK["keys"].get(path), WORK["cache"]
    if cache is not None and key is not None:
        summary = replace(entry, views=None)
        if cache.put(key, summary, entry.views):
            return summary
    return entry  # no cache, or one that cannot be written: the views go back with the entry


def make_entry(path: Path) -> ModuleEntry:
    try:
        with time_limit(MODULE_SECONDS):
            return checked_entry(path)
    except TooLong:
        problems = Problems()
        problems.error(path, 0, f"module trop long à lire (plus de {MODULE_SECONDS} s, contre moins d'une seconde d'ordinaire) : "
                       "des milliers de crochets, de balises ou d'images non fermés ? Découpez-le ou corrigez-le")
        return ModuleEntry(None, problems.items, False)


def checked_entry(path: Path) -> ModuleEntry:
    problems = Problems()
    module = load_module(path, WORK["project"].lookups, problems, WORK["sources"].get(path))
    views, records = None, []
    if module is not None and not problems.errors and WORK["convert"]:
        try:
            if "converter" not in WORK:
                WORK["converter"] = converter_for(WORK["project"])
            views = convert_module(module, WORK["converter"])
        except RecursionError:  # the checks bound lists, quotes, blocks and classes; not every inline form
            problems.error(path, 0, "texte imbriqué trop profondément pour être converti "
                           "(emphases, liens ou balises imbriqués par centaines) : simplifiez-le")
            return ModuleEntry(module, problems.items, False)
        warn_overfull(views, WORK["project"].content, problems)
        records = search_records(views, WORK["acronyms"], WORK["french"])
    return ModuleEntry(module, problems.items, views is not None, records, views)


def converter_for(project: Project) -> Converter:
    config = project.config or Config(title="")
    course = Course(root=project.root, config=config, references=project.references, glossary=project.glossary)
    return Converter(course, strings(config.lang))


def convert_modules(project: Project, cache: Cache | None, workers: int | None = None) -> Modules:
    paths = project.module_paths
    # A project's own templates may show any module's slides (course.modules[x].slides): keep them in the summaries.
    whole = project_templates(project.root) is not None
    context = context_key(project.content, project.lookups.modules, project.config) + (b"whole" if whole else b"")
    digests, sources = source_digests(paths, cache)
    keys = {path: hashlib.sha256(context + os.fsencode(path) + b"\0" + digest.encode() + stylesheets_key(css)).hexdigest()
            for path, (digest, css) in digests.items() if digest is not None}
    workers = workers or os.cpu_count() or 1
    # A file that cannot be read is never taken from the cache: reading it again says why.
    missing = [path for path in paths if not (cache and path in keys and cache.has(keys[path]))]
    # One edit: the changed module is converted in a forked process while this one reads the others from the cache.
    stored = len(paths) - len(missing)
    # For every path: an entry found unreadable below is converted (and stored again) with the others.
    work = work_for(project, sources, keys, cache, whole)
    later = start_computing(work, missing, workers) if missing and workers > 1 and stored >= OVERLAP_FROM else None
    skipped = set(missing)
    entries = {path: None if path in skipped else cache.get(keys[path]) for path in paths}
    done = dict(zip(missing, later())) if later else {}
    missing = [path for path in paths if entries[path] is None]  # with any entry found unreadable after all
    if missing:
        rest = [path for path in missing if path not in done]
        if rest:  # biggest first, so that the cores finish together
            done.update(zip(rest, fork_map(compute, rest, workers, PARALLEL_FROM, work, 1,
                                           order=lambda path: -len(sources.get(path) or b""))))
        for path in missing:
            entries[path] = done[path]
    if cache:
        cache.keep_only(set(keys.values()))
    return Modules({path.stem: entries[path] for path in paths}, {path.stem: keys.get(path, "") for path in paths}, project,
                   cache, hits=len(paths) - len(missing), misses=len(missing))


def work_for(project: Project, sources: dict[Path, bytes | None], keys: dict[Path, str], cache: Cache | None, whole: bool) -> dict:
    """What compute() reads in parallel.WORK (its converter is made there, by each process, on first use).
    `sources`: the files already read; `keys`: where each entry goes in `cache`; `whole`: the summaries keep the slides."""
    lookups = project.lookups
    # While references.yml or glossaire.yml cannot be read, the build fails on it: no conversion to throw away.
    convert = not (lookups.references.unread or lookups.glossary.terms.unread)
    return dict(project=project, sources=sources, keys=keys, cache=cache, whole=whole, convert=convert,
                acronyms=expansions(glossary_acronyms(project.glossary)), french=(project.config or Config(title="")).lang == "fr")


def start_computing(work: dict, paths: list[Path], workers: int):
    """compute() over `paths` in forked processes, begun now: returns the
    function that waits for their entries (None where processes cannot fork)."""
    return fork_start(compute, paths, min(workers, len(paths)), work) if can_fork() else None


def outline(entry: ModuleEntry) -> ModuleEntry:
    """The entry with its module's slides in its views only: every build
    reads every module's summary, a page its views (RenderedModule.module
    keeps the slides). Half the bytes, a third of the time to unpickle."""
    if entry.module is None or not entry.module.slides:
        return entry
    return replace(entry, module=replace(entry.module, slides=()))


def kept_shared(cache: Cache):
    """load.project.load_shared(), taken from `cache` while its files keep
    their bytes: parsing them with their line numbers takes a tenth of a
    second for the bundled course, at every build and check."""
    def shared(content: Path, problems: Problems):
        digest = hashlib.sha256(code_version().encode() + os.fsencode(content))
        for name in SHARED_FILES:
            digest.update(b"\0" + name.encode() + b"\0" + file_identity(content / name))
        key = digest.hexdigest()
        kept = cache.shared(key)
        if kept is None:
            found = Problems()
            kept = (load_shared(content, found), found.items)
            cache.put_shared(key, kept)
        problems.items.extend(kept[1])
        return kept[0]
    return shared


def file_identity(path: Path) -> bytes:
    """What a file is, for a key: its bytes; for a link, where it leads too;
    for anything else (missing, a folder, a pipe), which it is."""
    try:
        info = os.lstat(path)
    except OSError:
        return b"missing"
    if stat.S_ISLNK(info.st_mode):
        return b"link:" + os.fsencode(os.path.realpath(path)) + b"\0" + (read_source(path, Problems()) or b"-")
    if not stat.S_ISREG(info.st_mode):
        return f"mode:{info.st_mode}".encode()
    return b"file:" + (read_source(path, Problems()) or b"-")


def source_digests(paths: list[Path], cache: Cache | None) -> tuple[dict, dict[Path, bytes | None]]:
    """Each module file's digest and the stylesheets it names (None for a
    file that cannot be read), and the bytes of the files read. As git does
    with its index, a file whose stamp is the one the last build recorded
    is not read again: its bytes cannot have changed without its change
    time or inode changing too."""
    known = cache.stamps() if cache else {}
    digests, sources, stamps = {}, {}, {}
    now = time.time_ns()
    for path in paths:
        name = str(path)
        stamp = file_stamp(path)
        seen = known.get(name)
        if stamp is not None and recorded(seen) and seen[0] == stamp:
            digests[path], stamps[name] = (seen[1], [Path(css) for css in seen[2]]), seen
            continue
        data = sources[path] = read_source(path, Problems())
        if data is None:
            digests[path] = (None, [])
            continue
        css = declared(path, data)
        digests[path] = (hashlib.sha256(data).hexdigest(), css)
        # A file changed in the last moments may change again within the same tick of the file system's clock.
        if stamp is not None and max(stamp[1], stamp[2]) < now - RACY_NS:
            stamps[name] = [stamp, digests[path][0], [str(sheet) for sheet in css]]
    if cache and stamps != known:
        cache.save_stamps(stamps)
    return digests, sources


RACY_NS = 2_000_000_000


def recorded(seen) -> bool:
    """Whether a stamp read back from the cache has the shape source_digests() gives it."""
    return (isinstance(seen, list) and len(seen) == 3 and isinstance(seen[1], str) and isinstance(seen[2], list)
            and all(isinstance(css, str) for css in seen[2]))


def file_stamp(path: Path) -> list[int] | None:
    """Size, modification and change times, inode of a regular file; None
    for anything else: a link is read at every build (its target may
    change without the link changing), and read_source() decides about it."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def stylesheets_key(sheets: list[Path]) -> bytes:
    """The bytes of the stylesheets a module names (`css:`): part of its key."""
    digest = hashlib.sha256()
    for css in sheets:
        digest.update(os.fsencode(css) + b"\0" + (read_source(css, Problems()) or b"-") + b"\0")
    return digest.digest()


def page_makers(workers: int | None):
    """How the site's pages are made: on every core when there are many."""
    def make_all(makes: list) -> list[bytes]:
        # The workers fork with the pages' closures: nothing to pickle but the pages made.
        return fork_map(make_page, range(len(makes)), workers or os.cpu_count() or 1, 3 * PARALLEL_FROM,
                        {"makes": makes}, max(1, len(makes) // (8 * (workers or os.cpu_count() or 1))))
    return make_all


def make_page(index: int) -> bytes:
    return WORK["makes"][index]()
