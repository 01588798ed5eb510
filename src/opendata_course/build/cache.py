"""What a build keeps for the next one, in `.cache/opendata-course/`.

- Module entries: a module read, checked and converted, under a key made of
  its bytes, everything it is checked against and the code's version
  (modules.py computes them).
- The stamps of the module files (size, times, inode) and the digests of
  their bytes: a file whose stamp did not change is not read again.
- The manifest of each output folder: the key of every file of the last site,
  so that a page whose key did not change is taken from that site
  (PageReuse, the site's PageStore) and an unchanged file is hard-linked.

Entries are pickles, signed with a key kept outside the project (in the
user's cache folder): an entry that a project ships, or that anyone but this
user wrote, is not signed and is never unpickled.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import secrets
import shutil
import zlib
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..load.reader import editors_file
from ..model import Config, Course, OutputFile

PACKAGE = Path(__file__).resolve().parents[1]
WATCHED = ("content", "templates", "static")  # a project's inputs
SIGNATURE = 32  # bytes of HMAC-SHA256 in front of each entry
TEXT_SOURCES = (".md", ".yml", ".yaml", ".css")  # read and keyed on their own, not as files a module shows
SHARED = "shared-"  # what load_shared() gave, named by the key of its files' bytes (one, the latest)


@lru_cache(maxsize=1)
def code_version() -> str:
    """Changes whenever the generator's code or default theme changes."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint(root: Path, options: dict) -> str:
    """Names, sizes, modification and change times and inodes of every
    input, without reading them: enough to tell that nothing changed since
    the last build (a file rewritten with its size and modification time
    kept has a new change time)."""
    digest = hashlib.sha256(json.dumps([code_version(), options], sort_keys=True).encode())
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            try:
                stat = path.stat()
            except OSError:  # a dangling link (an editor's lock file): the link itself
                stat = path.lstat()
            digest.update(os.fsencode(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0"
                          f"{stat.st_ino}\n"))  # a name may not be UTF-8
    return digest.hexdigest()


def signing_key() -> bytes | None:
    """This user's key for cache entries, made on first use; None when it
    cannot be kept (then nothing is cached)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "opendata-course" / "cache-key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(key)
        return key
    except FileExistsError:  # another build made it meanwhile
        return path.read_bytes()
    except OSError:
        return None


class Cache:
    """Module entries and the manifests of the sites built."""

    @classmethod
    def of_project(cls, root: Path) -> "Cache":
        """The cache a project's builds share, in its .cache/ folder."""
        return cls(Path(root).resolve() / ".cache" / "opendata-course")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.key = signing_key()
        self._made: set[Path] = set()  # folders known to exist
        # Entries already read: `serve` keeps one Cache from a rebuild to the next.
        self._loaded: dict[str, object] = {}
        self._stored: set[str] | None = None  # the keys of the entries in the folder, when has() first looked

    def get(self, key: str):
        """The entry's summary (what every build needs of a module); its
        converted views are read apart, by views(), when a page needs them."""
        if key in self._loaded:
            return self._loaded[key]
        entry = self._read(f"{key}.pickle")
        if entry is not None:
            self._loaded[key] = entry
        return entry

    def has(self, key: str) -> bool:
        """Whether the entry is kept (read or not): one listing of the folder for all."""
        if self._stored is None:
            self._stored = {name.split(".")[0] for name in self._names()} if self.key else set()
        return key in self._loaded or key in self._stored

    def views(self, key: str):
        return self._read(f"{key}.views.pickle", packed=True)

    def put(self, key: str, entry, views) -> bool:
        """`entry` without its views, and the views (None for a module that
        could not be converted), in two files; whether both were written."""
        self._loaded[key] = entry
        if self.key is None or not self._write_signed(f"{key}.pickle", entry):
            return False
        # HTML three times over: packed, a third of the bytes (summaries, read at every build, are not).
        return views is None or self._write_signed(f"{key}.views.pickle", views, packed=True)

    def _read(self, name: str, packed: bool = False):
        if self.key is None:
            return None
        try:
            data = (self.folder / "modules" / name).read_bytes()
        except OSError:
            return None
        signature, payload = data[:SIGNATURE], data[SIGNATURE:]
        if not hmac.compare_digest(signature, hmac.new(self.key, payload, "sha256").digest()):
            return None  # not written by this user's builds: never unpickled
        try:
            return pickle.loads(zlib.decompress(payload) if packed else payload)
        except Exception:  # noqa: BLE001 - signed, yet of another version (not packed, a class renamed): a miss
            return None

    def _write_signed(self, name: str, value, packed: bool = False) -> bool:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if packed:
            payload = zlib.compress(payload, 1)
        return self._write(self.folder / "modules" / name, hmac.new(self.key, payload, "sha256").digest() + payload)

    def keep_only(self, keys: set[str]) -> None:
        """Drop the entries this build did not use, so the cache does not grow."""
        self._loaded = {key: entry for key, entry in self._loaded.items() if key in keys}
        self._stored = None  # listed again by the next build
        folder = self.folder / "modules"
        for name in self._names():
            if name.endswith(".pickle") and name.split(".")[0] not in keys and not name.startswith(SHARED):
                (folder / name).unlink(missing_ok=True)

    def shared(self, key: str):
        """What load_shared() gave for the files under `key` (None if not kept)."""
        return self._read(f"{SHARED}{key}.pickle")

    def put_shared(self, key: str, value) -> None:
        """Kept under `key`, in place of what other files gave."""
        if self.key is not None and self._write_signed(f"{SHARED}{key}.pickle", value):
            for name in self._names():
                if name.startswith(SHARED) and name != f"{SHARED}{key}.pickle":
                    (self.folder / "modules" / name).unlink(missing_ok=True)

    def _names(self) -> list[str]:
        try:
            return os.listdir(self.folder / "modules")
        except OSError:
            return []

    def clear(self) -> None:
        """Forget the modules, stamps and compiled templates (`build --clean`);
        the sites' manifests stay: they say which files are ours."""
        self._loaded, self._stored = {}, None
        self._made.clear()
        for name in ("modules", "jinja", "stamps.json"):
            path = self.folder / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    path.unlink(missing_ok=True)
                except OSError:  # a cache that cannot be emptied: its entries' keys still say what they are for
                    pass

    def stamps(self) -> dict:
        """What the last build found of each module file (modules.py's `source_digests()`)."""
        return self._read_json(self.folder / "stamps.json")

    def save_stamps(self, stamps: dict) -> None:
        self._write_json(self.folder / "stamps.json", stamps)

    def manifest(self, out: Path) -> dict:
        return self._read_json(self._manifest_path(out))

    def save_manifest(self, out: Path, manifest: dict) -> None:
        """A manifest that cannot be written takes the last one away: it
        would describe a site that is no longer the one in `out`."""
        if not self._write_json(self._manifest_path(out), manifest):
            try:
                self._manifest_path(out).unlink()
            except OSError:
                pass

    def _read_json(self, path: Path) -> dict:
        """A mapping kept as JSON (never unpickled: no signature needed); {} if there is none."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_json(self, path: Path, data: dict) -> bool:
        return self._write(path, json.dumps(data).encode("ascii"))  # ASCII: a path that is not UTF-8 is escaped

    def _manifest_path(self, out: Path) -> Path:
        name = hashlib.sha256(os.fsencode(out.resolve())).hexdigest()[:16]
        return self.folder / "sites" / f"{name}.json"

    def _write(self, path: Path, data: bytes) -> bool:
        """Best effort and atomic: a cache that cannot be written only costs time."""
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            temporary.write_bytes(data)
            temporary.replace(path)
            return True
        except OSError:
            return False


def context_key(content: Path, modules: Iterable[str], config: Config | None) -> bytes:
    """What a module is checked and converted against, besides its own text."""
    from ..load.project import SHARED_FILES  # here: a build with nothing to do does not load the loader

    digest = hashlib.sha256(code_version().encode())
    for name in ("course.yml", *SHARED_FILES):
        path = content / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-"))
    digest.update(os.fsencode("\n".join(sorted(modules))))  # a name may not be UTF-8
    # Images and links are checked against the files that exist, and an image's size decides a slide's fit:
    # the files a module may show count by their size and times (not the Markdown and YAML, read apart).
    # Editors' files are no sources (`sources()`): vim opening a module (`.x.md.swp`) changes no key.
    listing = sorted(name for name in (p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file())
                     if not any(editors_file(part) for part in name.split("/")))
    for name in listing:
        digest.update(os.fsencode(name) + b"\n")
        if not name.endswith(TEXT_SOURCES):
            try:
                info = (content / name).stat()
            except OSError:  # gone since it was listed
                continue
            digest.update(f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}\n".encode())
    digest.update(repr(config).encode())
    return digest.digest()


def site_key(course: Course, module_keys: dict[str, str], options: list, templates: Path | None) -> str:
    """What every page depends on, besides the converted text of the modules
    it shows: the code and default theme, the build's options, the project's
    own templates, and the whole course (config, parcours, sessions,
    glossary, references, competences, and each module but its slides)."""
    digest = hashlib.sha256(json.dumps([code_version(), options]).encode())
    for path in sorted(templates.rglob("*")) if templates else []:
        if path.is_file():
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    if templates:
        # A project's own templates may show any module's text on any page.
        digest.update(" ".join(sorted(module_keys.values())).encode())
    # A module's own CSS is in its key (modules.py), as its slides are: the pages that show them depend on it.
    outline = {slug: replace(module, slides=(), stylesheet="") for slug, module in course.modules.items()}
    digest.update(repr(replace(course, modules=outline)).encode())
    return digest.hexdigest()


class PageReuse:
    """The site's PageStore: a page whose key is the one the last site's
    manifest records for it, and whose size is unchanged (not edited by
    hand), is taken from that site."""

    def __init__(self, site_key: str, module_keys: dict[str, str], folder: Path | None, last: dict[str, dict]) -> None:
        self.site_key = site_key
        self.module_keys = module_keys
        self.folder = folder
        self.last = last  # path -> {"key": …, "size": …} of the last site's pages

    def key(self, template: str, path: str, shows: Iterable[str]) -> str:
        names = "\0".join(self.module_keys.get(slug, "-") for slug in shows)
        return hashlib.sha256(f"{self.site_key}\0{template}\0{path}\0{names}".encode()).hexdigest()

    def kept(self, path: str, key: str) -> OutputFile | None:
        recorded = self.last.get(path)
        if self.folder is None or not recorded or recorded.get("key") != key:
            return None
        file = self.folder / path
        try:
            size = file.stat().st_size
        except OSError:
            return None
        if size != recorded.get("size"):
            return None
        return OutputFile(path, source=file, key=key, reused=True, source_size=size)
