"""A module's own CSS: selectors scoped to its slides (load/css_scope.py),
stylesheets checked and written back (load/css_check.py)."""

import pytest

from opendata_course.load.css_check import Scoper
from opendata_course.load.css_scope import scope
from opendata_course.problems import Problems

S = '.slide[data-module="m"]'


@pytest.mark.parametrize("selectors, expected", [
    ("h1", f"{S} h1"),
    ("a, b", f"{S} a, {S} b"),
    ("ul > li:not(.x)::before", f"{S} ul > li:not(.x)::before"),
    ("a:hover", f"{S} a:hover"),
    ("h1 + p", f"{S} h1 + p"),
    ("*", f"{S} *"),
    # a class may be the slide's own (remark's `class: inverse`) or an element's
    (".encadre", f"{S} .encadre, {S}.encadre"),
    (".inverse h1", f"{S} .inverse h1, {S}.inverse h1"),
    (".a:is(.b, .c) d", f"{S} .a:is(.b, .c) d, {S}.a:is(.b, .c) d"),
    (".a ~ .b", f"{S} .a ~ .b"),  # siblings inside the slide: never the slide's own
    ("::selection", f"{S} ::selection"),
    # remark's own elements
    (".remark-slide-content", S),
    (".remark-slide-content h1, .remark-slide-content h2", f"{S} h1, {S} h2"),
    (".remark-slide-content.inverse", f"{S}.inverse"),
    ("html", S), ("body", S), (":root", S), ("html body .a", f"{S} .a"),
    (".remark-code", f"{S} pre code"),
    ("pre .remark-code", f"{S} pre code"),
    (".remark-inline-code", f"{S} :not(pre) > code"),
    (".remark-code, .remark-inline-code", f"{S} pre code, {S} :not(pre) > code"),
    ("> p", f"{S} > p"),
    # dropped, with a warning: no equivalent, or outside the slide
    (".remark-slide-number", ""),
    (".a, .remark-slide-number", f"{S} .a, {S}.a"),
    (".remark-visible", ""),
    (".remark-slide-content + div", ""),
    ("~ div", ""),
])
def test_selectors_are_scoped(selectors, expected):
    assert scope(selectors, "m") == expected


def check(tmp_path, css: str, files=()):
    content = tmp_path / "content"
    (content / "media" / "polices").mkdir(parents=True)
    for name in files:
        (content / "media" / name).write_bytes(b"x")
    path = content / "media" / "m.css"
    problems = Problems()
    scoper = Scoper(path, "m", content, problems)
    out = scoper.stylesheet(css)
    return out, [p.format(tmp_path) for p in problems.items], scoper.assets


def test_media_blocks_font_faces_and_urls(tmp_path):
    out, problems, assets = check(tmp_path, """
@charset "utf-8";
@font-face { font-family: Marianne; src: url(polices/m.woff2?#x) format("woff2"); }
.remark-slide-content { background: url('fond.png') no-repeat; }
@media print and (min-width: 10cm) { body h1, .x { color: red !important } }
""", ("fond.png", "polices/m.woff2"))
    assert problems == []
    assert out == (
        '@font-face {\n  font-family: Marianne;\n  src: url(@@ROOT@@/media/polices/m.woff2?#x) format("woff2");\n}\n'
        f"{S} {{\n  background: url(@@ROOT@@/media/fond.png) no-repeat;\n}}\n"
        f"@media print and (min-width: 10cm) {{\n{S} h1, {S} .x, {S}.x {{\n  color: red !important;\n}}\n}}\n")
    assert [p.name for p in assets] == ["m.woff2", "fond.png"]


def test_what_is_dropped_is_warned(tmp_path):
    out, problems, _ = check(tmp_path, ".remark-slide-number { color: red }\n@keyframes k { to { opacity: 0 } }\n"
                                       ".a { color: red; .b { color: blue } }\n")
    assert out == f"{S} .a, {S}.a {{\n  color: red;\n}}\n"
    assert problems == [
        "content/media/m.css:1: attention : « .remark-slide-number » : les diapositives n'ont pas ici de numéro à elles, règle ignorée",
        "content/media/m.css:2: attention : règle « @keyframes » ignorée : une feuille de style de module ne garde que @media et @font-face",
        "content/media/m.css:3: attention : règle imbriquée ignorée : écrivez-la à part, avec son sélecteur complet",
    ]


def test_escapes_cannot_smuggle_a_property_or_a_selector(tmp_path):
    out, problems, _ = check(tmp_path, ".a { beh\\61vior: x; c\\;olor: red }\n.b\\{ { color: red }\n")
    assert problems == ["content/media/m.css:1: propriété « behavior » refusée : elle exécute du code"]
    assert "c\\;olor: red;" in out and ".b\\{" in out
