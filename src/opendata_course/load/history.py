"""What the course's git repository says about its modules: where each file
sits in the repository, and the day of the last commit that touched it.

Read only when course.yml names the `repository:` (a course without it
builds the same everywhere, with or without git), and only when git is
installed and the project is inside a work tree. One `git log` for all
modules; a shallow clone (CI's default) knows the last commit of no file
for sure, so its boundary commits are not trusted.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

from ..model import Module
from ..problems import Problems

TIMEOUT = 30  # seconds; git log over a course's history takes well under one


def with_history(root: Path, modules: dict[str, Module], problems: Problems) -> dict[str, Module]:
    """`modules` with their `source` (path in the repository) and `committed`
    (author day of the last commit touching them) filled in; a warning for
    each module whose `updated:` is older than that commit."""
    top = git(root, "rev-parse", "--show-toplevel")
    if not top or not modules:
        return modules
    top_dir = Path(top.strip()).resolve()
    days = last_commits(top_dir, root)
    found = {}
    for slug, module in modules.items():
        try:
            source = module.path.resolve().relative_to(top_dir).as_posix()
        except ValueError:  # outside the work tree (a link): no history
            found[slug] = module
            continue
        committed = days.get(source)
        if committed and module.updated and module.updated < committed:
            problems.warn(module.path, updated_line(module.path), f"« updated: {module.updated.isoformat()} » est plus ancien que la dernière "
                          f"modification enregistrée par git ({committed.isoformat()}) : mettez la date à jour")
        found[slug] = replace(module, source=source, committed=committed)
    return found


def updated_line(path: Path) -> int:
    """The line of `updated:` in a module's header (0 if it cannot be read)."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 0
    return next((number for number, line in enumerate(lines, 1) if line.startswith("updated:")), 0)


def last_commits(top: Path, root: Path) -> dict[str, dt.date]:
    """Path in the repository -> author day of the last commit touching it,
    for the files of the project's content/modules/."""
    folder = (root / "content" / "modules").resolve()
    log = git(top, "-c", "core.quotePath=false", "log", "--format=%x00%H %at", "--name-only", "--no-renames", "--", str(folder))
    if not log:
        return {}
    boundary = shallow_commits(top)
    days: dict[str, dt.date] = {}
    for entry in log.split("\0")[1:]:
        head, _, names = entry.partition("\n")
        commit, _, stamp = head.partition(" ")
        if commit in boundary or not stamp.strip().isdigit():
            continue  # a shallow clone's oldest commit stands for all the history it cut
        day = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc).date()
        for name in names.split("\n"):
            if name.strip():
                days.setdefault(name.strip(), day)  # newest first: the first one seen is the last commit
    return days


def shallow_commits(top: Path) -> set[str]:
    path = git(top, "rev-parse", "--git-path", "shallow")
    if not path:
        return set()
    file = Path(path.strip())
    file = file if file.is_absolute() else top / file
    try:
        return set(file.read_text(encoding="utf-8").split())
    except OSError:
        return set()


def git(cwd: Path, *args: str) -> str | None:
    """git's output, or None when git is missing, the folder is not in a
    work tree, or git fails in any way: history is a bonus, never an error."""
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None
