"""A deck's own stylesheets (`css:` of xaringan's moon_reader) carried over
as the module's (`css:` of its front-matter, see load/stylesheets.py).

xaringan's theme names (`default`, `metropolis`, `default-fonts`…) and
remote sheets stay behind, listed in the report. A local `.css` file is
copied into content/media/<slug>/ with the files its url()s name, when the
loader would accept it; otherwise it is not copied and the report says why.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..markup.grammar import elsewhere
from ..load.stylesheets import read_one
from ..problems import Problems


@dataclass
class DeckStyles:
    copied: list[str] = field(default_factory=list)  # names in content/media/<slug>/
    left: list[str] = field(default_factory=list)  # as the deck names them: themes, remote or missing sheets
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name in the deck, why)


def carry_stylesheets(names: tuple[str, ...], deck_dir: Path, body) -> DeckStyles:
    """Copy (through `body`'s assets, named uniquely) each local stylesheet
    the loader would accept, and what its url()s name."""
    styles = DeckStyles()
    deck_dir = Path(deck_dir).resolve()
    for name in names:
        source = (deck_dir / name).resolve()
        if not name.lower().endswith(".css") or elsewhere(name) or not source.is_file():
            styles.left.append(name)
            continue
        named = refusal(source, deck_dir)
        if isinstance(named, str):  # why the loader would refuse it
            styles.left.append(name)
            styles.refused.append((name, named))
            continue
        for target in named:  # the files its url()s name, at the same place next to the copy
            relative = target.relative_to(source.parent).as_posix()
            if body.names.get(relative, target) != target:
                styles.left.append(name)
                styles.refused.append((name, f"« {relative} » porte le nom d'une autre image du module"))
                break
        else:
            for target in named:
                relative = target.relative_to(source.parent).as_posix()
                body.names[relative] = target
                body.assets.setdefault(target, relative)
            styles.copied.append(body.assets.get(source) or body.name_for(source))
    return styles


def refusal(source: Path, deck_dir: Path) -> str | list[Path]:
    """Why the loader would refuse the sheet (its first problem, in French),
    or the files its url()s name."""
    if not source.is_relative_to(deck_dir):  # never read a file of the machine
        return "hors du dossier de la présentation"
    problems = Problems()
    read = read_one(source, "x", deck_dir, problems)  # as the loader reads a module's sheet
    if read is None:
        first = problems.errors[0]
        return f"ligne {first.line} : {first.message}" if first.line else first.message
    assets = read[1]
    outside = [target for target in assets if not target.is_relative_to(source.parent)]
    if outside:
        return f"elle désigne « {outside[0].relative_to(deck_dir).as_posix()} », hors de son dossier"
    return list(dict.fromkeys(assets))


def chunk_stylesheet(chunks: list[tuple[int, str]]) -> str:
    """The rules of a deck's {css} chunks as one stylesheet, if the loader
    would accept it; raises ValueError with why not (in French)."""
    text = "\n\n".join(code.strip("\n") for _, code in chunks) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blocs.css"
        path.write_text(text, encoding="utf-8")
        named = refusal(path, Path(folder))
    if isinstance(named, str):
        raise ValueError(named)
    if named:  # url()s are relative to the deck, and the loader checks each file exists
        raise ValueError("il désigne des fichiers par url()")
    return text
