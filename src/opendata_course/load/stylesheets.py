"""A module's own stylesheets (`css:` in its front-matter): read, checked,
and rewritten to style only that module's slides (css_scope.py).

What a stylesheet may hold is narrow on purpose: rules and `@media`
blocks, `@font-face` with the course's own fonts, and `url()`s of files
inside content/. Refused (an error on the CSS file's line): `@import`, any
other address (http:, https:, //, file:, data:, javascript:…),
`expression(`, `behavior:`, `-moz-binding`, what does not parse. Other
at-rules are dropped with a warning.

The result is one CSS text per module, its urls made relative to the site's
root (`@@ROOT@@/`, replaced by site/pages.py where the file is written), and
the files those urls name, published with the module's images.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..markup.grammar import elsewhere
from ..problems import Problems
from .frontmatter import split
from .reader import project_of, read_source, read_text
from .yaml_lines import YamlError, load_yaml

MAX_CSS = 256 * 2**10
CSS_KEY = re.compile(r"^css\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Stylesheets:
    text: str  # scoped; its urls start with ROOT
    assets: tuple[Path, ...]  # the files its urls name (resolved, inside content/)


def declared(path: Path, data: bytes | None) -> list[Path]:
    """The stylesheets a module file names, for its cache key: cheap (no
    CSS is parsed) and silent (load_module reports the problems)."""
    if not data or b"css" not in data:
        return []
    try:
        parts = split(data.decode("utf-8"))
    except Exception:  # noqa: BLE001 - any problem is load_module's to report
        return []
    if parts.meta_text is None or not CSS_KEY.search(parts.meta_text):
        return []
    try:  # the loader's own YAML (no aliases, bounded depth): read only for a file changed since the last build
        meta = load_yaml(parts.meta_text)
    except YamlError:
        return []
    value = meta.get("css") if isinstance(meta, dict) else None
    names = value if isinstance(value, list) else [value]
    content = project_of(path) / "content"
    found = [path.parent / name for name in names if isinstance(name, str) and name.strip().lower().endswith(".css")]
    return [css for css in found if inside(css, content)]


def inside(path: Path, folder: Path) -> bool:
    """`path` lies in `folder`, the links among its folders followed (a
    content folder linked elsewhere is outside); a link as the file itself
    is read_source's business, which names it."""
    return Path(os.path.realpath(path.parent), path.name).is_relative_to(os.path.realpath(folder))


def read_stylesheets(names: tuple[str, ...], module: Path, line: int, root: Path, problems: Problems) -> Stylesheets | None:
    """Read, check and scope the stylesheets `names` (relative to the
    module file `module`, named on `line`); None when any is refused."""
    content = root / "content"
    texts, assets = [], []
    failed = False
    for name in names:
        if not name.lower().endswith(".css"):
            problems.error(module, line, f"« css » : « {name} » n'est pas une feuille de style (.css)")
            failed = True
            continue
        if elsewhere(name) or name.startswith(("/", "\\")):
            problems.error(module, line, f"« css » : « {name} » refusé : une feuille de style du cours est un fichier de content/, "
                           "désigné par un chemin relatif au module")
            failed = True
            continue
        path = module.parent / name
        if not inside(path, content):
            problems.error(module, line, f"« css » : chemin « {name} » hors du dossier content/")
            failed = True
            continue
        if not path.exists() and not path.is_symlink():
            problems.error(module, line, f"feuille de style introuvable : {name}")
            failed = True
            continue
        scoped = read_one(path, module.stem, content, problems)
        if scoped is None:
            failed = True
            continue
        text, found = scoped
        texts.append(f"/* {name.replace('*', '_')} */\n{text}")  # no */ from a file name
        assets.extend(found)
    if failed:
        return None
    return Stylesheets("\n".join(texts), tuple(dict.fromkeys(assets)))


def read_one(path: Path, slug: str, content: Path, problems: Problems) -> tuple[str, list[Path]] | None:
    before = len(problems.errors)
    data = read_source(path, problems)
    if data is None:
        return None
    if len(data) > MAX_CSS:
        problems.error(path, 0, f"feuille de style trop grosse ({len(data) // 2**10} Kio) : {MAX_CSS // 2**10} Kio au plus")
        return None
    text = read_text(path, problems, data)
    if text is None:
        return None
    from .css_check import Scoper

    scoper = Scoper(path, slug, content, problems)
    out = scoper.stylesheet(text)
    if len(problems.errors) > before:
        return None
    return out, scoper.assets
