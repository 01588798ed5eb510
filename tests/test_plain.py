"""What programs read without parsing HTML: llms.txt, catalogue.json and
each module's plain Markdown next to its page."""

import json
import re

import yaml

from conftest import FIXTURE_COURSE, make_project
from opendata_course.markup.grammar import code_mask


def test_llms_txt_catalogue_and_plain_markdown(run, tmp_path):
    out = tmp_path / "site"
    status, _, err = run("build", "--root", FIXTURE_COURSE, "--out", out)
    assert status == 0, err
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    assert llms.startswith("# Cours d’essai") or llms.startswith("# Cours d'essai")
    listed = re.findall(r"^- \[[^\]]+\]\(([^)]+)\)", llms, re.M)
    assert "parcours/essai/index.html" in listed and "modules/donnee/index.md" in listed
    assert all((out / link).is_file() for link in listed)

    catalogue = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    slugs = {entry["slug"] for entry in catalogue["modules"]}
    assert slugs == {"donnee", "licences"}
    for entry in catalogue["modules"]:
        assert entry["duration_minutes"] > 0 and entry["objectives"]
        assert all((out / entry[key]).is_file() for key in ("handout", "slides", "markdown"))

    text = (out / "modules" / "donnee" / "index.md").read_text(encoding="utf-8")
    header, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    front = yaml.safe_load(header)
    assert front["title"] and front["objectives"] and front["duration"]
    # No syntax of the course's own: slide separators, steps, notes, blocks, classes, citations, glossary links.
    lines = body.split("\n")
    for line, in_code in zip(lines, code_mask(lines)):
        assert in_code or (line.strip() not in ("---", "--", "???") and not line.startswith(":::")), line
    assert "[@" not in body and "[[" not in body and ".reduite[" not in body and "<span" not in body
    assert "Texte réduit et important" in body  # the text of a class span is kept
    assert "Demander à la salle" not in body  # trainer notes are not for readers
    # Links and images point from modules/donnee/ to files of the site.
    for url in re.findall(r"\]\(([^)\s]+)\)", body):
        if not re.match(r"^[a-z]+:", url):
            assert (out / "modules" / "donnee" / url.split("#")[0]).resolve().is_file(), url


def test_an_english_course_reads_in_english(run, tmp_path):
    project = make_project(tmp_path)
    config = project / "content" / "course.yml"
    config.write_text(config.read_text(encoding="utf-8") + "lang: en\n", encoding="utf-8")
    assert run("build", "--root", project)[0] == 0
    out = project / "_site"
    assert "Each module also comes as Markdown (index.md)" in (out / "llms.txt").read_text(encoding="utf-8")
    plain = "".join(path.read_text(encoding="utf-8") for path in (out / "modules").glob("*/index.md"))
    assert "**Exercise" in plain and "**Exercice" not in plain and "À noter" not in plain


def test_a_link_whose_text_runs_over_two_lines_points_into_the_site(run, tmp_path):
    """`[les\\nnotions](../media/schema.png)`: the second line holds only the
    end of the link, and its address is still made relative to the page."""
    project = make_project(tmp_path)
    module = project / "content" / "modules" / "donnee.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "![Schéma des notions](../media/schema.png)", "Voir [les\nnotions](../media/schema.png) ici."), encoding="utf-8")
    status, _, err = run("build", "--root", project)
    assert status == 0, err
    text = (project / "_site" / "modules" / "donnee" / "index.md").read_text(encoding="utf-8")
    assert "notions](../../media/schema.png)" in text
