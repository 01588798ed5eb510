"""Importing real-world-shaped xaringan decks, checked against remark itself.

The decks of tests/fixtures/xaringan/ (written for these tests, see its
README) are imported one by one into a fresh project (`opendata-course
init`), and the result is compared with what remark makes of the same deck:
tests/remark_count.js loads gnab/remark's own slideshow model (npm package
remark-slide, which `make test` installs into .tools/remark/).

What remark is given is what xaringan would give it (`remark_source()`):
the title slide xaringan writes from the YAML header, then the body with
each knitr chunk as knitr leaves it (nothing for `include=FALSE` and
`echo=FALSE`, an image for `knitr::include_graphics`, a ```r block
otherwise). Inline R is left as it is: it never makes or removes a slide.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TESTS
from opendata_course.cli import main

DECKS = TESTS / "fixtures" / "xaringan"
NAMES = sorted(path.stem for path in DECKS.glob("*.Rmd"))
REMARK = REPO / ".tools" / "remark" / "node_modules" / "remark-slide" / "src" / "remark" / "models" / "slideshow.js"
NODE = shutil.which("node")
COUNTER = TESTS / "remark_count.js"
MAX_OVERFLOW = 2  # slides per deck whose content may still overflow at 1280×720

needs_remark = pytest.mark.skipif(
    NODE is None or not REMARK.is_file(),
    reason="remark absent : lancez `make test`, qui installe node et remark-slide dans .tools/remark/")

CHUNK = re.compile(r"^```\{r\b(?P<options>.*)\}\s*$")
GRAPHICS = re.compile(r"""^\s*(?:knitr::)?include_graphics\(\s*["'](?P<src>[^"']+)["']""")


# --- what remark sees -------------------------------------------------------------

def remark_source(deck: Path) -> str:
    """The Markdown xaringan hands remark for `deck` (see the module's docstring)."""
    text = deck.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    header = yaml.safe_load(meta)
    options = next(iter(header["output"].values())) if isinstance(header.get("output"), dict) else {}
    slides = []
    if header.get("title") and (options or {}).get("seal", True):
        title = [f"# {header['title']}"] + [f"## {header['subtitle']}"] * bool(header.get("subtitle"))
        authors = header.get("author") or []
        title += [f"### {name}" for name in (authors if isinstance(authors, list) else [authors])]
        title += [f"### {header['date']}"] * bool(header.get("date"))
        slides.append("class: center, middle, inverse, title-slide\n\n" + "\n".join(title) + "\n\n---\n")
    lines, out, index = body.split("\n"), [], 0
    while index < len(lines):
        match = CHUNK.match(lines[index])
        if not match:
            out.append(lines[index])
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        code, flags = lines[index + 1:end], match.group("options").replace(" ", "")
        images = [GRAPHICS.match(line) for line in code if line.strip()]
        if images and all(images):
            out += [f"![]({found.group('src')})" for found in images]
        elif "include=FALSE" not in flags and "echo=FALSE" not in flags:
            out += ["```r", *code, "```"]
        index = end + 1
    return "".join(slides) + "\n".join(out)


def remark_count(deck: Path, tmp_path: Path) -> dict:
    source = tmp_path / f"{deck.stem}.md"
    source.write_text(remark_source(deck), encoding="utf-8")
    done = subprocess.run([NODE, str(COUNTER), str(source)], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


# --- what we make of it -------------------------------------------------------------

class Imported:
    def __init__(self, root: Path, name: str) -> None:
        self.root, self.name = root, name
        self.module = root / "content" / "modules" / f"{name}.md"
        self.deck = root / "_site" / "modules" / name / "diapos.html"

    def sections(self) -> list[str]:
        html = self.deck.read_text(encoding="utf-8")
        return re.findall(r'<section class="slide[^"]*".*?</section>', html, re.DOTALL)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Each deck imported into its own fresh project and built, once."""
    made: dict[str, Imported] = {}

    def make(name: str) -> Imported:
        if name not in made:
            root = tmp_path_factory.mktemp(name) / "projet"
            assert main(["init", str(root)]) == 0
            assert main(["import", str(DECKS / f"{name}.Rmd"), "--root", str(root)]) == 0
            assert main(["build", "--root", str(root)]) == 0
            made[name] = Imported(root, name)
        return made[name]

    return make


def test_the_corpus_is_what_its_readme_says():
    assert len(NAMES) == 6
    readme = (DECKS / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}.Rmd`" in readme


@needs_remark
@pytest.mark.parametrize("name", NAMES)
def test_slides_and_steps_are_remarks(name, imported, tmp_path):
    """remark makes one slide per `---` and one more per `--`, marked
    `continued`, and shows neither layout slides nor `exclude: true` ones.
    We make one slide per `---` and one step per `--` inside it. So:

    - our slides (the <section class="slide"> of the built deck) = remark's
      shown slides (getSlides()) − those of them that are `continued`;
    - our steps beyond each slide's first (Σ data-steps − 1) = remark's
      `continued` slides;
    - in order, the `name:` of each slide that is not `continued` is the id
      of ours (a nameless slide gets its number).
    """
    remark = remark_count(DECKS / f"{name}.Rmd", tmp_path)
    whole = [slide for slide in remark["slides"] if not slide["continued"]]
    assert 12 <= len(whole) <= 40
    sections = imported(name).sections()
    steps = [int(re.search(r'data-steps="(\d+)"', section).group(1)) for section in sections]
    assert len(sections) == remark["shown"] - remark["continued"]
    assert sum(step - 1 for step in steps) == remark["continued"]
    ids = [re.search(r'\bid="([^"]*)"', section).group(1) for section in sections]
    assert ids == [slide["name"] or str(number) for number, slide in enumerate(whole, 1)]


@pytest.mark.parametrize("name", NAMES)
def test_no_r_left_on_any_slide(name, imported):
    for number, section in enumerate(imported(name).sections(), 1):
        for raw in ("`r ", "[R :", "params$", "code R"):
            assert raw not in section, f"{name}, diapositive {number} : « {raw} »"


# Warnings `check --strict` still gives on an imported deck, all by design:
# the markers the import leaves for the author (duration, objectives), each
# R result the import cannot compute (a visible « À préciser » where the
# chunk's output was), and slides past check's 90-word limit (making the
# type smaller does not remove words). No other warning, and no error.
EXPECTED = (
    re.compile(r": attention : durée à préciser$"),
    re.compile(r": attention : objectif à compléter : « À préciser : "),
    re.compile(r": attention : à compléter : « \[À préciser : résultat du bloc R « [\w-]+ »\] »$"),
    re.compile(r": attention : diapositive trop chargée \(\d+ mots, 90 au plus : "),
)


@pytest.mark.parametrize("name", NAMES)
def test_check_strict_leaves_only_the_authors_markers(name, imported, capsys):
    project = imported(name)
    capsys.readouterr()
    status = main(["check", "--strict", "--root", str(project.root)])
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if re.match(r"^\S+:\d+: ", line)]
    assert status == 1 and problems, err  # the duration and objectives are always left to the author
    assert all(f"content/modules/{name}.md:" in line for line in problems), err
    unexpected = [line for line in problems if not any(pattern.search(line) for pattern in EXPECTED)]
    assert unexpected == []
    assert "% de la hauteur" not in err  # no slide too tall left, with `reduite` where it was needed


def test_report_counts_the_reduced_slides(run, tmp_path):
    assert main(["init", str(tmp_path / "p")]) == 0
    status, _, err = run("import", "licences.Rmd", "--root", tmp_path / "p", cwd=DECKS)
    assert status == 0, err
    module = (tmp_path / "p" / "content" / "modules" / "licences.md").read_text(encoding="utf-8")
    reduced = module.count("reduite")
    assert reduced >= 1
    assert f"  en taille réduite pour tenir sur un écran 16:9 (classe reduite) : {reduced} diapositive" in err


@pytest.mark.parametrize("name", NAMES)
def test_slides_fit_a_1280x720_screen(name, imported, browser):
    """Chromium at 1280×720: a slide overflows when its content, deck.js's
    shrinking undone, is taller than the slide's room and its bottom padding
    (fit.py's limit, in pixels, whatever the slide's type size) or wider
    than its box. A slide the import set in `reduite` is at 0.75 of the
    slide's type size (deck.css's `.slide.reduite`), as markup/fit.py counts it.
    """
    from opendata_course.markup.fit import SLACK

    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(imported(name).deck.as_uri())
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    assert page.evaluate("""() => [...document.querySelectorAll('main > .slide.reduite')].every(s =>
        Math.abs(parseFloat(getComputedStyle(s).fontSize) - s.clientWidth / 60) < 0.5)""")
    over = page.evaluate("""(slack) => [...document.querySelectorAll('main > .slide')].map(s => {
        const c = s.querySelector('.slide-content'), style = getComputedStyle(s);
        c.style.fontSize = '';
        const room = s.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return [s.id, c.offsetHeight / room, c.scrollWidth > c.clientWidth + 1];
      }).filter(([id, share, wide]) => share > slack || wide)""", SLACK)
    context.close()
    assert len(over) <= MAX_OVERFLOW, over
