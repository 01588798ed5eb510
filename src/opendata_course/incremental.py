"""Incremental and parallel builds.

Modules are the expensive part of a build (Markdown for the deck, the
handout and the trainer view). Each one is loaded and rendered at most once
per change: the result is kept in `.cache/opendata-course/modules/`, under a
key made of the module's bytes, everything it is checked against (course.yml,
references, glossary, competences, the list of modules and of content files)
and the code's own version. Misses are computed on every core.

Each page has a key made of site_key() (everything in the course but the
modules' bodies) and the keys of the modules whose rendered text it holds;
the manifest of the last build records it with the page (`page:key:size`).
A page whose key did not change is not rendered: write.py links it from
the last site. So editing a module's body renders again its own pages, the
decks and handouts that include it, and the search index, and nothing else.
The whole build is skipped when no input changed since the last one.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .errors import CourseError, Problems
from .loader import Lookups, load_module
from .model import Config, Course, Module

PACKAGE = Path(__file__).resolve().parent
WATCHED = ("content", "templates", "static")  # a project's inputs
PARALLEL_FROM = 4  # fewer misses than this: not worth starting processes


@lru_cache(maxsize=1)
def code_version() -> str:
    """Changes whenever the generator's code or default theme changes."""
    digest = hashlib.sha256()
    for folder in (PACKAGE, PACKAGE / "theme", PACKAGE.parents[1] / "templates", PACKAGE.parents[1] / "static"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint(root: Path, options: dict) -> str:
    """Names, sizes and modification times of every input, without reading
    them: enough to tell that nothing changed since the last build."""
    digest = hashlib.sha256(json.dumps([code_version(), options], sort_keys=True).encode())
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            stat = path.stat()
            digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class LastSite:
    """The site the last build wrote, where unchanged pages are taken from."""

    folder: Path
    digests: dict[str, str]  # path -> write.digest()


def last_site(out: Path, manifest: dict) -> LastSite | None:
    """The site in `out`, if the manifest of the build that wrote it is there."""
    return LastSite(out, manifest["files"]) if manifest.get("files") and out.is_dir() else None


@dataclass
class ModuleEntry:
    module: Module | None
    problems: list[CourseError]
    rendered: object | None  # render.RenderedModule
    records: list = field(default_factory=list)  # the module's part of the search index


class Cache:
    """`.cache/opendata-course/`: module entries and the last site's manifest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: set[Path] = set()  # folders known to exist
        # Entries already read: `serve` keeps one Cache from a rebuild to the next.
        self._loaded: dict[str, ModuleEntry] = {}

    def _file(self, *parts: str) -> Path:
        return self.folder.joinpath(*parts)

    def get(self, key: str) -> ModuleEntry | None:
        if key in self._loaded:
            return self._loaded[key]
        try:
            entry = pickle.loads(self._file("modules", key + ".pickle").read_bytes())
        except Exception:  # absent, truncated or from an older version: a miss
            return None
        self._loaded[key] = entry
        return entry

    def put(self, key: str, entry: ModuleEntry) -> None:
        self._loaded[key] = entry
        self._write(self._file("modules", key + ".pickle"), pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def keep_only(self, keys: set[str]) -> None:
        """Drop the entries this build did not use, so the cache does not grow."""
        self._loaded = {key: entry for key, entry in self._loaded.items() if key in keys}
        folder = self._file("modules")
        for path in folder.glob("*.pickle") if folder.is_dir() else []:
            if path.stem not in keys:
                path.unlink(missing_ok=True)

    def manifest(self, out: Path) -> dict:
        try:
            return json.loads(self._manifest_path(out).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_manifest(self, out: Path, manifest: dict) -> None:
        self._write(self._manifest_path(out), json.dumps(manifest, ensure_ascii=False).encode("utf-8"))

    def _manifest_path(self, out: Path) -> Path:
        name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        return self._file("sites", name + ".json")

    def _write(self, path: Path, data: bytes) -> None:
        """Best effort and atomic: a cache that cannot be written only costs time."""
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            temporary.write_bytes(data)
            temporary.replace(path)
        except OSError:
            pass


def context_key(content: Path, lookups: Lookups, config: Config | None) -> bytes:
    """What a module is checked and rendered against, besides its own text."""
    digest = hashlib.sha256(code_version().encode())
    for name in ("course.yml", "references.yml", "glossaire.yml", "competences.yml"):
        path = content / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-"))
    digest.update("\n".join(sorted(lookups.modules)).encode())
    # Images and links are checked against the files that exist.
    listing = sorted(p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file())
    digest.update("\n".join(listing).encode())
    digest.update(repr(config).encode())
    return digest.digest()


def site_key(course: Course, store: "ModuleStore | None", preview: bool, pdf: bool, templates: Path | None) -> str:
    """What every page depends on, besides the rendered text of the modules
    it shows: the code and default theme, the project's own `templates`
    folder, and the whole course (config, parcours, sessions, glossary,
    references, competences, and each module but its slides)."""
    digest = hashlib.sha256(json.dumps([code_version(), preview, pdf]).encode())
    for path in sorted(templates.rglob("*")) if templates else []:
        if path.is_file():
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    if templates and store is not None:
        # A project's own templates may show any module's text on any page.
        digest.update(" ".join(sorted(store.keys.values())).encode())
    outline = {slug: replace(module, slides=()) for slug, module in course.modules.items()}
    digest.update(repr(replace(course, modules=outline)).encode())
    return digest.hexdigest()


# Set in the parent before the workers fork, read by compute().
_WORK: dict = {}


def compute(path: Path) -> ModuleEntry:
    from .render import render_module, search_records

    problems = Problems()
    module = load_module(path, _WORK["lookups"], problems)
    rendered = records = None
    if module is not None and not problems.errors:
        rendered = render_module(module, _WORK["converter"])
        records = search_records(rendered, _WORK["acronyms"])
    return ModuleEntry(module, problems.items, rendered, records or [])


class ModuleStore:
    """A `modules_loader` for load_course() that caches and parallelises,
    and keeps the rendered modules for render_site()."""

    def __init__(self, cache: Cache | None, workers: int | None = None, last_site: LastSite | None = None) -> None:
        self.cache = cache
        self.last_site = last_site
        self.workers = workers or os.cpu_count() or 1
        self.rendered: dict[str, object] = {}
        self.records: dict[str, list[str]] = {}
        self.keys: dict[str, str] = {}  # module slug -> cache key
        self.hits = self.misses = 0

    def __call__(self, paths: list[Path], lookups: Lookups, config: Config | None, problems: Problems) -> dict[str, Module]:
        from .i18n import strings
        from .render import Converter, glossary_acronyms
        from .search import expansions

        content = lookups.root / "content"
        context = context_key(content, lookups, config)
        keys = {path: hashlib.sha256(context + str(path).encode() + b"\0" + path.read_bytes()).hexdigest() for path in paths}
        entries = {path: self.cache.get(keys[path]) if self.cache else None for path in paths}
        missing = [path for path in paths if entries[path] is None]
        self.hits, self.misses = len(paths) - len(missing), len(missing)
        if missing:
            partial = Course(root=lookups.root, config=config or Config(title=""), references=lookups.references,
                             glossary=lookups.glossary.terms)
            _WORK.update(lookups=lookups, converter=Converter(partial, strings(partial.config.lang)),
                         acronyms=expansions(glossary_acronyms(partial.glossary)))
            for path, entry in zip(missing, self._compute(missing)):
                entries[path] = entry
                if self.cache:
                    self.cache.put(keys[path], entry)
        if self.cache:
            self.cache.keep_only(set(keys.values()))
        modules = {}
        for path in paths:
            entry = entries[path]
            self.keys[path.stem] = keys[path]
            problems.items.extend(entry.problems)
            if entry.module is not None:
                modules[path.stem] = entry.module
                if entry.rendered is not None:
                    self.rendered[path.stem] = entry.rendered
                    self.records[path.stem] = entry.records
        return modules

    def _compute(self, paths: list[Path]) -> list[ModuleEntry]:
        workers = min(self.workers, len(paths))
        if workers < 2 or len(paths) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            return [compute(path) for path in paths]
        # Biggest first, so that the cores finish together.
        order = sorted(paths, key=lambda path: -path.stat().st_size)
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = dict(zip(order, pool.map(compute, order, chunksize=1)))
        return [done[path] for path in paths]

