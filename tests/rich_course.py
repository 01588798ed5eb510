"""The fixture course with what publishing adds: the repository and the
site's address in course.yml, a long handout (table of contents, code,
article numbers), a parcours that teaches it and a published session.

A copy, made in a temporary folder: tests/fixtures/course (and the golden
pages made from it) stay as they are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURE_COURSE

REPOSITORY = "https://github.com/exemple/formation"
BASE_URL = "https://exemple.github.io/formation"

LONG_MODULE = '''---
title: "Un long module"
subtitle: Pour lire un support qui a un sommaire
duration: 1h30
objectives:
  - Trouver une section dans un long support
  - Copier un exemple de code
kind: atelier
level: intermédiaire
audience: [agents]
prerequisites: [donnee]
tags: [pratique]
licence: CC-BY-4.0
updated: 2026-10-01
---

# Un long module

Ce module dure 1 h 30 : l'article L312-1-1 du CRPA y est cité, et la pause dure 15 min.

---

## Première partie

Un texte d'introduction à la première partie, assez long pour qu'on le lise.

### Un détail de la première partie

Encore du texte.

---

## Deuxième partie

```python
print("bonjour")
```

---

## Troisième partie

Un dernier paragraphe.

::: exercise Exercice (20min)
Recopiez l'exemple.
:::

---

## Quatrième partie

La fin du support.
'''

LONG_PARCOURS = '''title: Un parcours plus long
summary: Deux modules, dont un long.
audience: agents
days:
  - title: La journée
    start: "09:00"
    items:
      - donnee
      - { pause: 15min }
      - longue
'''


def make_rich_project(folder: Path) -> Path:
    project = folder / "projet-riche"
    shutil.copytree(FIXTURE_COURSE, project)
    content = project / "content"
    with (content / "course.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"repository: {REPOSITORY}\nbranch: main\nbase_url: {BASE_URL}\n")
    (content / "modules" / "longue.md").write_text(LONG_MODULE, encoding="utf-8")
    (content / "parcours" / "long.yml").write_text(LONG_PARCOURS, encoding="utf-8")
    session = content / "sessions" / "mairie-2027.yml"
    lines = [line for line in session.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("publier:", "modalite:"))]
    session.write_text("\n".join([*lines, "publier: true", "modalite: Présentiel", ""]), encoding="utf-8")
    return project
