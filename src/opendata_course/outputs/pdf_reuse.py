"""PDFs made before, taken again when nothing they were made from changed.

Laying out a session's PDFs takes WeasyPrint tens of seconds; `build --pdf`,
`pdf` and `bundle` often lay out the same pages again. Each PDF therefore
carries, in its document information (a custom entry, `OpendataCourseInputs`),
what it was made from: a digest of the page, of the options of the layout
(kind, running title, licence, language, online address), of the code and
print stylesheets, and of every file WeasyPrint read (stylesheets, images,
fonts), with the list of those files. A PDF found in a folder or a zip is used
again only when the same digest comes out of today's site.

The stamp is a digest, not a signature: whoever can write in the output folder
could put any PDF there, as they could put any page. A PDF is only ever
copied, never parsed beyond the stamp.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model import OutputFile
from ..strings import STRINGS

STAMP_KEY = "OpendataCourseInputs"  # WeasyPrint keeps letters and digits of a custom key
STAMP = re.compile(rb"/" + STAMP_KEY.encode() + rb"\s*\(([A-Za-z0-9_=-]+)\)")
OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b[^>]*>>\s*stream\r?\n", re.S)
MAX_PDF = 512 * 2**20  # a PDF found larger than this is not read
_HERE = Path(__file__).resolve().parent
_CODE = [_HERE / "pdf.py", _HERE / "pdf_print.py"]


@lru_cache(maxsize=1)  # once per process
def code_digest() -> str:
    digest = hashlib.sha256()
    for name in ("weasyprint", "pydyf"):
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover - PDFs cannot be made then
            digest.update(f"{name}=?\n".encode())
    for path in [*_CODE, *sorted((_HERE.parent / "theme" / "pdf").glob("*.css"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    # the words pdf_print writes (the rest of strings.py is in the pages)
    printed = {lang: strings["print"] for lang, strings in STRINGS.items()}
    digest.update(json.dumps(printed, sort_keys=True).encode())
    return digest.hexdigest()


def inputs_key(page: OutputFile, options: Mapping[str, str], deps: Iterable[str], files: Mapping[str, OutputFile]) -> str:
    """The digest of everything a PDF is made from (see the module's docstring):
    the page's bytes are read and hashed once, however many PDFs it makes."""
    digest = hashlib.sha256()
    digest.update(code_digest().encode() + b"\0")
    digest.update(json.dumps(dict(options), sort_keys=True, ensure_ascii=True).encode() + b"\0")
    digest.update(page.sha256 or EMPTY)
    for path in deps:
        file = files.get(path)
        digest.update(path.encode("utf-8") + b"\0")
        digest.update((file.sha256 if file is not None else None) or b"-")
    return digest.hexdigest()


EMPTY = hashlib.sha256(b"").digest()  # a page gone since it was found counts as empty


def stamp(key: str, deps: list[str]) -> str:
    """The stamp's text: letters, digits, - _ = only (no escaping in the PDF)."""
    value = json.dumps({"key": key, "deps": deps}, ensure_ascii=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(value.encode("ascii")).decode("ascii")


def read_stamp(pdf: bytes) -> tuple[str, list[str]] | None:
    """(key, dependencies) of a PDF made here, None for any other file."""
    if not pdf.startswith(b"%PDF-"):
        return None
    found = STAMP.search(pdf)
    if found is None:  # the document information is usually in a compressed object stream
        view = memoryview(pdf)
        for match in OBJECT_STREAM.finditer(pdf):
            try:
                data = zlib.decompressobj().decompress(view[match.end():], 2**24)
            except zlib.error:
                continue
            found = STAMP.search(data)
            if found is not None:
                break
    if found is None:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(found.group(1)))
        key, deps = value["key"], value["deps"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(key, str) or not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        return None
    return key, deps


class MadePdfs:
    """PDFs laid out before, looked for in folders (`build --pdf`'s site, `pdf`'s
    _pdf/) and in zips (the last bundle), each by its path in the site."""

    def __init__(self, folders: Iterable[Path] = (), archives: Iterable[tuple[Path, str]] = ()) -> None:
        self.folders = [Path(f) for f in folders]
        self.archives = [(Path(path), prefix) for path, prefix in archives]

    def candidates(self, path: str) -> Iterator[bytes]:
        for folder in self.folders:
            file = folder / path
            try:
                if file.is_file() and not file.is_symlink() and file.stat().st_size <= MAX_PDF:
                    yield file.read_bytes()
            except OSError:
                continue
        for archive, prefix in self.archives:
            try:
                with zipfile.ZipFile(archive) as opened:
                    info = opened.getinfo(f"{prefix}{path}")
                    if info.file_size <= MAX_PDF:
                        yield opened.read(info)
            except (OSError, KeyError, zipfile.BadZipFile):
                continue
