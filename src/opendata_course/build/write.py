"""Put rendered files on disk: build beside the output, then swap it in.

A build that fails before this point writes nothing, and one that fails
here leaves the previous site whole.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ..model import OutputFile

MARKER = ".opendata-course"  # tells us a folder is a site we built


class OutputRefused(Exception):
    pass


def check_output(out: Path, root: Path, force: bool = False) -> None:
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


def write_site(files: list[OutputFile], out: Path, previous: dict[str, str] | None = None) -> dict[str, str]:
    """Write `files` as the new `out`; return their digests.

    A file whose digest is in `previous` (the last build's) is hard-linked
    from the current site instead of being written again.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    digests = {}
    folders = {staging}
    try:
        for file in files:
            target = staging / file.path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            digests[file.path] = digest(file)
            if previous and previous.get(file.path) == digests[file.path] and reuse(out / file.path, target, file.size):
                continue
            if file.source is not None:
                shutil.copyfile(file.source, target)
            else:
                target.write_bytes(file.data or b"")
        (staging / MARKER).write_text("Dossier produit par opendata-course ; il est remplacé à chaque construction.\n", encoding="utf-8")
        os.chmod(staging, 0o755)
        previous_site = None
        if out.exists():
            previous_site = out.parent / f".{out.name}.old-{os.getpid()}"
            out.rename(previous_site)
        staging.rename(out)
        if previous_site is not None:
            shutil.rmtree(previous_site, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return digests


def reuse(current: Path, target: Path, size: int) -> bool:
    try:
        if current.stat().st_size != size:  # edited by hand since: write it again
            return False
        os.link(current, target)
        return True
    except OSError:  # gone, or a file system without hard links: write it
        return False
