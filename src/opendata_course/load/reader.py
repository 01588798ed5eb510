"""Typed, located reading of YAML files: every problem becomes one path:line line."""

from __future__ import annotations

import datetime as dt
import errno
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problems, did_you_mean
from ..schedule import MAX_MINUTES, parse_clock, parse_duration
from .frontmatter import normalise
from .yaml_lines import LineDict, Sexagesimal, YamlError, load_yaml


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER_MARK = "À préciser"  # what `new` and `import` leave for the author to fill
DURATION_PLACEHOLDER = re.compile(rf"^duration\s*:\s*\S+\s+#\s*{PLACEHOLDER_MARK}")
KINDS = ("exposé", "atelier", "quiz", "jeu", "icebreaker")
LEVELS = ("débutant", "intermédiaire", "avancé")
LANGS = ("fr", "en")
REFERENCE_KINDS = (
    "loi", "ordonnance", "décret", "arrêté", "circulaire", "article", "code",
    "directive", "règlement", "décision", "jurisprudence", "guide", "site",
    "étude", "rapport", "licence", "norme", "article de presse", "autre",
)


@dataclass(frozen=True)
class Field:
    """One key of a file kind: how it is read, and whether it must be there."""

    read: str = "text"  # text | texts | duration | clock | choice | date | raw (read by its own code)
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()


def read_fields(r: "Reader", schema: dict[str, Field]) -> dict[str, object]:
    """Every key of `schema`, read; unknown and missing keys reported. The
    schema is the one list of keys of its file kind."""
    r.only(tuple(schema), required=tuple(key for key, field in schema.items() if field.required))
    values: dict[str, object] = {}
    for key, field in schema.items():
        if field.read == "text":
            values[key] = r.text(key, field.default or "")
        elif field.read == "texts":
            values[key] = r.texts(key)
        elif field.read == "duration":
            values[key] = r.duration(key) if key in r.data else field.default
        elif field.read == "clock":
            values[key] = r.clock(key, field.default)
        elif field.read == "choice":
            values[key] = r.choice(key, field.choices, field.default)
        elif field.read == "date":
            values[key] = r.date(key)
        else:
            values[key] = r.data.get(key, field.default)
    return values


class Reader:
    """Typed access to a YAML mapping; every problem goes to `problems`."""

    def __init__(self, data: LineDict, path: Path, problems: Problems, what: str = "") -> None:
        self.data, self.path, self.problems, self.what = data, path, problems, what

    def line(self, key: str) -> int:
        return self.data.line_of(key)

    def error(self, key: str, message: str) -> None:
        self.problems.error(self.path, self.line(key), message)

    def only(self, allowed, required=()) -> None:
        for key in self.data:
            if key not in allowed:
                self.error(key, f"clé « {shown(key)} » inconnue{self.what}{did_you_mean(key, allowed)}")
        for key in required:
            if key not in self.data or self.data[key] in (None, "", []):
                self.problems.error(self.path, self.data.line, f"champ obligatoire manquant{self.what} : « {key} »")

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.error(key, f"« {key} » doit être un texte")
            return default
        if isinstance(value, bool):
            self.error(key, f"« {key} » doit être un texte, pas un booléen (mettez-le entre guillemets)")
            return default
        return str(value).strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if not isinstance(value, list):
            self.error(key, f"« {key} » doit être une liste")
            return ()
        out = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)) or item is None:
                self.problems.error(self.path, value.line_of(index), f"« {key} » : chaque élément doit être un texte")
            else:
                out.append(str(item).strip())
        return tuple(out)

    def duration(self, key: str) -> int | None:
        value = self.data.get(key)
        minutes = parse_duration(value)
        if minutes is None:
            self.error(key, f"durée invalide « {shown(value)} » : écrivez par exemple 30min, 45min, 1h ou 1h30")
        elif minutes > MAX_MINUTES:
            self.error(key, f"durée « {shown(value)} » trop longue : une journée compte 24 h au plus")
            return None
        return minutes

    def clock(self, key: str, default: int | None = None) -> int | None:
        if key not in self.data:
            return default
        value = self.data[key]
        # « start: 9 » is no time: read as 9 minutes after midnight, the day started at 00:09.
        minutes = None if isinstance(value, int) and not isinstance(value, Sexagesimal) else parse_clock(value)
        if minutes is None:
            self.error(key, f"heure invalide « {shown(value)} » : écrivez par exemple \"09:00\" (entre guillemets)")
            return default
        return minutes

    def choice(self, key: str, choices, default: str) -> str:
        value = self.text(key, default)
        if value not in choices:
            self.error(key, f"« {key} » vaut « {shown(value)} » ; valeurs possibles : {', '.join(choices)}{did_you_mean(value, choices)}")
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.error(key, f"date invalide « {shown(value)} » : écrivez AAAA-MM-JJ")
            return None


MAX_BYTES = 2 * 2**20  # a module or a YAML file; the course's largest module is under 40 Kio


def read_yaml(path: Path, problems: Problems, first_line: int = 1, text: str | None = None):
    """Parse a YAML file (or text); None, with the problem noted, on failure."""
    if text is None:
        text = read_text(path, problems)
        if text is None:
            return None
    try:
        return load_yaml(text, first_line)
    except YamlError as exc:
        problems.error(path, exc.line, exc.message)
    return None


def shown(value) -> str:
    """A YAML value in a message, as its author wrote it, not as Python prints it (« None », « ['30min'] »)."""
    if value is None:
        return "(vide)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{shown(k)}: {shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def sources(folder: Path, suffix: str, problems: Problems) -> list[Path]:
    """The files of a content folder, in name order; editors' files are not sources."""
    if folder.exists() and not folder.is_dir():
        problems.error(folder, 0, f"{folder.name} devrait être un dossier")
        return []
    if not folder.is_dir():
        return []
    if not folder.resolve().is_relative_to(project_of(folder / "x").resolve()):
        problems.error(folder, 0, "lien symbolique vers un dossier hors du projet : refusé")
        return []
    found = []
    for path in folder.iterdir():  # one listing: the sources, and what a contributor meant as one (said, not left silently)
        if editors_file(path.name):
            continue
        if path.suffix == suffix:  # no stat: a folder x.md is read, and said
            if utf8_name(path, problems):
                found.append(path)
        elif path.suffix.lower() in (suffix, *OTHER_SUFFIXES[suffix]) and not path.is_dir():
            problems.warn(path, 0, f"fichier ignoré : l'extension attendue est « {suffix} » (renommez-le « {path.stem}{suffix} »)")
        elif path.is_dir() and not path.is_symlink() and next(path.rglob(f"*{suffix}"), None):
            problems.warn(path, 0, f"dossier ignoré : les fichiers « {suffix} » se placent directement dans {folder.name}/, pas dans un sous-dossier")
    return sorted(found)


OTHER_SUFFIXES = {".md": (".markdown", ".mdown", ".mkd", ".rmd"), ".yml": (".yaml",)}


def editors_file(name: str) -> bool:
    """An editor's lock, swap or backup file (`.#x.md`, `.x.md.swp`, `#x.md#`, `x.md~`), or any hidden file."""
    return name.startswith((".", "#")) or name.endswith("~")


def utf8_name(path: Path, problems: Problems) -> bool:
    """Whether a file's name can be written in a page, a link or a key: a
    name in another encoding (copied from an old disk) is reported, not used."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        problems.error(path, 0, "nom de fichier illisible (pas en UTF-8) : renommez le fichier")
        return False
    return True


def published_files(folder: Path, root: Path, problems: Problems) -> list[Path]:
    """The files of a folder published as they are (media, a project's
    static/): regular files inside the project only."""
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.name.startswith((".#", "#")) or not utf8_name(path, problems):
            continue
        real = real_path(path)
        if real is None:
            problems.error(path, 0, LOOP)
        elif not real.is_relative_to(root.resolve()):
            problems.error(path, 0, "lien symbolique vers un fichier hors du projet : refusé, rien n'est publié")
        elif path.is_file():  # follows links inside the project; a folder, a pipe or a device is left out
            found.append(path)
        elif not path.is_dir():
            problems.warn(path, 0, "ni fichier ni dossier (tube, périphérique ou lien cassé) : pas publié")
    return found


def real_path(path: Path) -> Path | None:
    """`path` with its links followed; None when they loop (RuntimeError
    from pathlib before Python 3.13, OSError after)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def course_file(folder: Path, address: str, content: Path) -> Path | str:
    """The file a relative `address` names from `folder` (its ?query and
    #fragment aside), when it is one inside `content` (resolved: links
    followed); else why not, for the caller to say: "outside" or "missing"."""
    target = real_path(folder / address.split("#")[0].split("?")[0])
    if target is None:  # links that loop lead nowhere
        return "missing"
    if not target.is_relative_to(content):
        return "outside"
    return target if target.is_file() else "missing"


def project_of(path: Path) -> Path:
    """The project a content file belongs to: the folder holding content/."""
    return next((parent.parent for parent in path.parents if parent.name == "content"), path.parent)


def read_source(path: Path, problems: Problems) -> bytes | None:
    """A source file's bytes; None, with one problem noted, for anything but
    a regular file of sensible size inside the project (a symlink to
    elsewhere, a folder, a pipe or a device is never opened)."""
    try:
        if path.is_symlink():
            real = real_path(path)
            if real is None:
                problems.error(path, 0, LOOP)
                return None
            if not real.is_relative_to(project_of(path).resolve()):
                problems.error(path, 0, "lien symbolique vers un fichier hors du projet : refusé")
                return None
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.error(path, 0, "ce n'est pas un fichier ordinaire (dossier, tube ou périphérique) : ignoré")
            return None
        if info.st_size > MAX_BYTES:
            problems.error(path, 0, f"fichier trop gros ({info.st_size / 2**20:.0f} Mio) : {MAX_BYTES // 2**20} Mio au plus ; "
                           "découpez-le en plusieurs modules")
            return None
        return path.read_bytes()
    except FileNotFoundError:
        problems.error(path, 0, "lien symbolique cassé : le fichier qu'il désigne n'existe pas")
    except PermissionError:
        problems.error(path, 0, "fichier illisible : lecture non autorisée (droits du fichier)")
    except OSError as exc:  # ELOOP: a folder on the way loops
        problems.error(path, 0, LOOP if exc.errno == errno.ELOOP else f"fichier illisible : {exc.strerror or exc}")
    return None


LOOP = "lien symbolique qui boucle (il se désigne lui-même, directement ou non) : ignoré"


def read_text(path: Path, problems: Problems, data: bytes | None = None) -> str | None:
    """A source file's text (from `data` when already read); None, with one
    problem noted, when it is not a readable UTF-8 text file (read_source)."""
    if data is None:
        data = read_source(path, problems)
        if data is None:
            return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.error(path, 1, "le fichier n'est pas encodé en UTF-8")
        return None
    if "\0" in text:
        problems.error(path, text[: text.index("\0")].count("\n") + 1, "caractère nul (octet 0) : ce fichier n'est pas du texte")
        return None
    return normalise(text)


def read_mapping(path: Path, problems: Problems, what: str, needs: str) -> LineDict | None:
    """A YAML file that must be a mapping (`what`: the file, as messages
    name it); an empty one is said so (`needs`: what to write in it)."""
    before = len(problems.items)
    data = mapping(read_yaml(path, problems), path, problems, what)
    if data is None and len(problems.items) == before:
        problems.error(path, 1, f"fichier vide : {needs}")
    return data


def mapping(data, path: Path, problems: Problems, what: str) -> LineDict | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        line = getattr(data, "line", 1)
        problems.error(path, line, f"{what} doit être un dictionnaire « clé: valeur »")
        return None
    return data
