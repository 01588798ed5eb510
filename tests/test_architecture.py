"""The package's structure, checked: each layer imports only the layers
below it (so there is no import circle), and no module grows past about
450 lines. docs/architecture.md draws the same map."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "opendata_course"

# What each part may import from the package (itself included). A module
# at the top level is a part of its own.
ALLOWED = {
    "model": set(),
    "problems": set(),
    "slugs": set(),
    "strings": set(),
    "parallel": set(),
    "schedule": {"model"},
    "markup": {"markup", "model", "problems", "schedule", "slugs", "strings"},
    "load": {"load", "markup", "model", "problems", "schedule", "slugs", "strings"},
    "site": {"site", "markup", "model", "problems", "schedule", "slugs", "strings"},
    "outputs": {"outputs", "site", "markup", "model", "parallel", "problems", "schedule", "slugs", "strings"},
    "build": {"build", "load", "markup", "site", "outputs", "model", "parallel", "problems", "schedule", "slugs", "strings"},
    "authoring": {"authoring", "load", "markup", "model", "problems", "schedule", "slugs", "strings"},
    "cli": {"build", "outputs", "authoring", "load", "problems"},
    "__main__": {"cli"},
    "__init__": set(),
}
MAX_LINES = 450


def modules() -> dict[str, Path]:
    return {".".join(path.relative_to(PACKAGE).with_suffix("").parts): path for path in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path) -> set[str]:
    """Every module of the package that `name` imports, at any depth of its code."""
    package = name.split(".")[:-1] if not name.endswith("__init__") else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.startswith("opendata_course"):
                target = node.module.split(".")[1:]
            else:
                continue
            if node.module is None or not target:  # from . import x, y
                found.update(".".join([*target, alias.name]) for alias in node.names)
            else:
                found.add(".".join(target))
                found.update(".".join([*target, alias.name]) for alias in node.names)
    known = modules()
    return {m for m in found if m in known or f"{m}.__init__" in known}


def part(name: str) -> str:
    return name.split(".")[0]


def test_each_layer_imports_only_the_layers_below():
    wrong = []
    for name, path in modules().items():
        if name.endswith("__init__") and "." not in name:
            continue
        for target in imported(name, path):
            if part(target) != part(name) and part(target) not in ALLOWED[part(name)]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_circle_between_modules():
    graph = {name: {t for t in imported(name, path) if t != name} for name, path in modules().items()}
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circles.append(" → ".join(trail[trail.index(target):] + [target]) if target in trail else target)
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_no_module_is_too_long_to_read():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
            and name != "strings"}  # the two UI catalogues, French and English: data, not code
    assert long == {}


def test_the_theme_ships_inside_the_package():
    theme = PACKAGE / "theme"
    for name in ("templates/base.html", "templates/deck.html", "templates/day-slides.html",
                 "static/deck.js", "static/search.js", "pdf/slides.css"):
        assert (theme / name).is_file(), name
