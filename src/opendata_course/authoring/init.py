"""`opendata-course init DIR`: a new course project, for an organisation
that wants the tool for its own course. It builds as it is (one module, one
parcours, a glossary term, a reference) and passes `check --strict`; its
README tells its authors how to write, check, preview and publish.

The files come from `starter/`, inside the package: a wheel alone is enough.
Nothing is ever overwritten: DIR must be absent or empty.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..problems import LocatedError

STARTER = Path(__file__).resolve().parent / "starter"
# file of starter/ -> where it goes in the new project
FILES = {
    "course.yml": "content/course.yml",
    "premier-module.md": "content/modules/premier-module.md",
    "decouverte.yml": "content/parcours/decouverte.yml",
    "glossaire.yml": "content/glossaire.yml",
    "references.yml": "content/references.yml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
}
CI = {"github": ("github-actions.yml", ".github/workflows/site.yml"), "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml")}


def default_title(folder: Path) -> str:
    """'ma-formation' -> 'Ma formation'."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(words).capitalize() if words else "Ma formation"


def init_project(folder: Path, today: dt.date, title: str = "", organisation: str = "", ci: str = "") -> list[Path]:
    """Write the project into `folder` (absent or empty); the files written.
    LocatedError (nothing written) when the folder holds anything already."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise LocatedError(f"{folder}: ce dossier existe et n'est pas vide ; choisissez un nouveau dossier "
                           "(rien n'a été écrit).")
    title = " ".join(title.split()) or default_title(folder)
    organisation = " ".join(organisation.split()) or "Mon organisation"
    values = {
        "{title}": title, '"{title}"': json.dumps(title, ensure_ascii=False),
        '"{organisation}"': json.dumps(organisation, ensure_ascii=False), "{today}": today.isoformat(),
    }
    files = dict(FILES)
    if ci:
        files[CI[ci][0]] = CI[ci][1]
    written = []
    for name, target in files.items():
        text = (STARTER / name).read_text(encoding="utf-8")
        if name.endswith((".yml", ".md")) and name in FILES:  # the CI examples are copied as they are
            for placeholder in sorted(values, key=len, reverse=True):  # "{title}" quoted first
                text = text.replace(placeholder, values[placeholder])
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
        written.append(path)
    return written
