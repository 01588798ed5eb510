"""Put rendered files on disk: build beside the output, then swap it in.

A build that fails before this point writes nothing, and one that fails
here leaves the previous site whole. The new site is laid out in a folder
beside the output, then the two are exchanged in one step
(renameat2(RENAME_EXCHANGE) on Linux): `_site` is always a whole site, even
if the build is killed. The site replaced becomes `._site.spare`, the folder
the next build lays out in: only the files that changed are written again.
After a first or a clean build, the spare is made of hard links to the new site.
A lock beside the output makes a second build wait for the first.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..model import OutputFile

MARKER = ".opendata-course"  # tells us a folder is a site we built


class OutputRefused(Exception):
    pass


def check_output(out: Path, root: Path, force: bool = False) -> None:
    if out.is_symlink() and not out.exists():  # a committed link could send a CI build anywhere
        raise OutputRefused(f"{out}: lien symbolique vers « {os.readlink(out)} », qui n'existe pas : refus d'y écrire le site")
    out, root = out.resolve(), root.resolve()
    if out == root or root.is_relative_to(out):
        raise OutputRefused(f"{out}: refus d'écrire le site à la racine du projet ou au-dessus")
    if out == root / "content" or out.is_relative_to(root / "content"):
        raise OutputRefused(f"{out}: refus d'écrire le site dans content/")
    if out.exists() and not force:
        if not out.is_dir():
            raise OutputRefused(f"{out}: ce n'est pas un dossier")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise OutputRefused(f"{out}: ce dossier contient des fichiers que le générateur n'a pas écrits (utilisez --force pour le remplacer)")


def check_collisions(files: list[OutputFile]) -> list[str]:
    seen: dict[str, str] = {}
    clashes = []
    for file in files:
        key = file.path.lower()
        if key in seen:
            clashes.append(file.path)
        seen[key] = file.path
    return clashes


def digest(file: OutputFile) -> str:
    """What a file's content is, cheaply: a page's key, a hash of the
    bytes, or the copied file's identity (path, size, modification time)."""
    if file.key:
        return f"page:{file.key}"
    if file.source is not None:
        stat = file.source.stat()
        return f"copy:{file.source}:{stat.st_size}:{stat.st_mtime_ns}"
    return hashlib.sha1(file.data or b"").hexdigest()


def write_site(files: list[OutputFile], out: Path, previous: dict[str, str] | None = None,
               spare: dict[str, str] | None = None) -> dict[str, str]:
    """Write `files` as the new `out`; return their digests.

    `previous`: the digests of the site in `out`; `spare`: those of the
    site in the spare folder (the one before). A file whose digest is the
    spare's is left as it is; one whose digest is the current site's is
    hard-linked from it; the others are written.
    """
    with output_lock(out):
        return replace_site(files, out, previous, spare)[0]


def replace_site(files: list[OutputFile], out: Path, previous: dict[str, str] | None = None,
                 spare: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, str] | None]:
    """write_site() for a caller that holds output_lock(out) already (a
    build holds it from reading the last site's manifest to writing its
    own); also returns the digests of the site now in the spare folder:
    the one replaced, or None when they are not known (a first or a clean
    build) or there is none."""
    out = out.resolve()
    remove_leftovers(out)
    staging = spare_folder(out)
    recycled = staging.is_dir() and spare is not None
    if not recycled:
        shutil.rmtree(staging, ignore_errors=True)
        staging = staging_folder(out)
    replaced = out.exists()
    try:
        digests = lay_out(files, staging, out, previous or {}, spare if recycled else {})
        if replaced:
            exchange(staging, out)  # `staging` now holds the site replaced
            if staging != spare_folder(out):
                shutil.rmtree(spare_folder(out), ignore_errors=True)
                staging.rename(spare_folder(out))
        else:
            staging.rename(out)
    except BaseException:  # the spare too, half updated: the next build lays out from scratch
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return digests, previous if previous and replaced else None


def linked_copy(files: list[OutputFile], out: Path) -> bool:
    """Make the spare folder a copy of the site in `out` in hard links (no
    room taken, nothing hashed again), so that the next build, often one
    edit, lays out in it; False, and no spare, where the file system
    cannot link."""
    shutil.rmtree(spare_folder(out), ignore_errors=True)
    staging = staging_folder(out)
    base, source = os.fspath(staging), os.fspath(out)
    folders = {base}
    try:
        for path in (*(file.path for file in files), MARKER):
            target = os.path.join(base, path)
            made_parent(target, folders)
            os.link(os.path.join(source, path), target)
        os.chmod(staging, 0o755)
        staging.rename(spare_folder(out))
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            return False
        raise
    return True


def staging_folder(out: Path) -> Path:
    """A new folder beside `out`, to lay a site out in (remove_leftovers() takes it if the build dies)."""
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def made_parent(target: str, folders: set[str]) -> None:
    """The folder of `target`, made unless it is in `folders` (those made already)."""
    parent = os.path.dirname(target)
    if parent not in folders:
        os.makedirs(parent, exist_ok=True)
        folders.add(parent)


def lay_out(files: list[OutputFile], staging: Path, out: Path, current: dict[str, str], spare: dict[str, str]) -> dict[str, str]:
    # Plain strings, not Path objects: thousands of files, each looked at once.
    wanted = {file.path for file in files}
    base = os.fspath(staging)
    thinned = set()  # folders that lost an entry: a deleted module's folder goes too
    for folder, _, names in os.walk(base, topdown=False):  # what the spare holds that this site does not
        inside = folder[len(base) + 1:].replace(os.sep, "/")
        for name in names:
            if (f"{inside}/{name}" if inside else name) not in wanted and name != MARKER:
                os.unlink(os.path.join(folder, name))
                thinned.add(folder)
        if folder in thinned and folder != base and not os.listdir(folder):
            os.rmdir(folder)
            thinned.add(os.path.dirname(folder))
    digests = {}
    folders = {base}
    previous = os.fspath(out)
    for file in files:
        target = os.path.join(base, file.path)
        made_parent(target, folders)
        digests[file.path] = digest(file)
        if spare.get(file.path) == digests[file.path] and same_size(target, file.size):
            continue
        try:
            os.unlink(target)  # never write through a hard link into another site
        except FileNotFoundError:
            pass
        if current.get(file.path) == digests[file.path] and reuse(os.path.join(previous, file.path), target, file.size):
            continue
        if file.source is not None:
            shutil.copyfile(file.source, target)
        else:
            with open(target, "wb") as handle:
                handle.write(file.data or b"")
    (staging / MARKER).write_text("Dossier produit par opendata-course ; il est remplacé à chaque construction.\n", encoding="utf-8")
    os.chmod(staging, 0o755)
    return digests


def same_size(path: str, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


def spare_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.spare"


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed (the lock is ours: no build is running)."""
    for path in out.parent.glob(f".{out.name}.*"):
        if path.is_dir() and path != spare_folder(out):
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def output_lock(out: Path):
    """One build at a time writes `out`; the second waits, and says so."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Une autre construction écrit dans {out} : attente de sa fin…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD.add(handle.fileno())
        try:
            yield
        finally:
            _HELD.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


_HELD: set[int] = set()  # the descriptors of the output locks this process holds


def _let_go_in_child() -> None:
    """A process forked under the lock (modules, pages, PDFs) must not hold
    it: were the build killed, its workers would keep the next one waiting.
    The descriptor is pointed at /dev/null, not closed (its number stays
    taken) nor unlocked (that would release the parent's lock too)."""
    if _HELD:
        null = os.open(os.devnull, os.O_RDONLY)
        for descriptor in _HELD:
            os.dup2(null, descriptor)
        os.close(null)
        _HELD.clear()


os.register_at_fork(after_in_child=_let_go_in_child)


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def exchange(first: Path, second: Path) -> None:
    """Swap two folders in one step where the system can; else two renames
    (a kill between them would leave no `second` for an instant)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))
    aside = second.parent / f".{second.name}.aside-{os.getpid()}"
    second.rename(aside)
    first.rename(second)
    aside.rename(first)


def reuse(current: str, target: str, size: int) -> bool:
    try:
        if os.stat(current).st_size != size:  # edited by hand since: write it again
            return False
        os.link(current, target)
        return True
    except OSError:  # gone, or a file system without hard links: write it
        return False
