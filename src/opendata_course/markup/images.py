"""The natural size of an image, read from its file's header (PNG, GIF,
JPEG, SVG): what the slide fit estimate needs, without an image library."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import unquote

from .grammar import ROOT


SVG_SIZE = re.compile(rb"<svg\b[^>]*>", re.S)
SVG_ATTR = re.compile(rb'\b(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']')  # an image's size, from its header


class Images:
    """Natural sizes of the images a module shows, read from their headers."""

    def __init__(self, folder: Path | None, content: Path | None = None, files: dict[str, Path] | None = None) -> None:
        self.folder, self.content, self.known = folder, content, {}
        self.files = files or {}  # addresses whose file lies elsewhere (an import's images, not copied yet)

    def size(self, src: str) -> tuple[float, float] | None:
        if src in self.files:
            return self._read(src, self.files[src])
        if src.startswith(ROOT) and self.content is not None:  # converted HTML: a path from the site root
            return self._read(src, self.content / unquote(src[len(ROOT):]))
        if self.folder is not None and src and not re.match(r"^[a-z@][a-z0-9+.-]*:|^//|^@@", src, re.I):
            return self._read(src, self.folder / src)
        return self.known.get(src)

    def _read(self, src: str, path: Path) -> tuple[float, float] | None:
        if src not in self.known:
            try:
                with Path(str(path).split("#")[0].split("?")[0]).open("rb") as file:
                    self.known[src] = image_size(file.read(65536))
            except (OSError, ValueError, struct.error):
                self.known[src] = None
        return self.known.get(src)


def image_size(head: bytes) -> tuple[float, float] | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", head[6:10])
    if head.startswith(b"\xff\xd8"):  # JPEG: the size is in the first start-of-frame segment
        at = 2
        while at + 9 < len(head):
            marker, length = head[at + 1], struct.unpack(">H", head[at + 2:at + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return struct.unpack(">HH", head[at + 5:at + 9])[::-1]
            at += 2 + length
        return None
    found = SVG_SIZE.search(head)
    attrs = {name.decode(): value.decode() for name, value in SVG_ATTR.findall(found.group(0))} if found else {}
    try:
        if "width" in attrs and "height" in attrs and "%" not in attrs["width"] + attrs["height"]:
            return float(attrs["width"].removesuffix("px")), float(attrs["height"].removesuffix("px"))
        box = [float(v) for v in re.split(r"[\s,]+", attrs.get("viewBox", "").strip())]
        return (box[2], box[3]) if len(box) == 4 else None
    except ValueError:
        return None
