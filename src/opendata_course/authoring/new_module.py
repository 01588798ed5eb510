"""`opendata-course new module "Titre"`: a valid module to start from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .deck_values import OBJECTIVE
from ..problems import LocatedError
from ..slugs import slugify

MODULE_TEMPLATE = """\
---
{front}---

# {title}

Une phrase qui dit ce que ce module apporte : c'est la première diapositive
et l'ouverture du support.

---

## Première idée

- un point
- un autre point

???
Notes pour l'intervenant : ce qu'il faut dire, les questions à poser à la salle.

---

::: handout
Le texte développé que les apprenants liront après la séance.
:::
"""


def module_text(title: str, today: dt.date) -> str:
    front = yaml.safe_dump({
        "title": title,
        "duration": "30min",
        "objectives": [OBJECTIVE],
        "kind": "exposé",
        "level": "débutant",
        "tags": [],
        "updated": today.isoformat(),
    }, allow_unicode=True, sort_keys=False)
    return MODULE_TEMPLATE.format(front=front, title=title)


def short_slug(slug: str, limit: int = 60) -> str:
    """A long title's first words, whole, up to `limit` characters: a file
    name (and an address) stays readable, and within the system's limit."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0]
    return cut if cut else slug[:limit]


def new_module(root: Path, title: str, today: dt.date) -> Path:
    """Write content/modules/<slug>.md; never overwrites (LocatedError says why)."""
    slug = short_slug(slugify(title))
    if not slug:
        raise LocatedError("Le titre doit contenir au moins une lettre ou un chiffre.")
    path = root / "content" / "modules" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(module_text(title, today))
    except FileExistsError:
        raise LocatedError(f"{path}: ce fichier existe déjà ; il n'a pas été modifié.") from None
    return path
