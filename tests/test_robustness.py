"""Whatever a contributor writes, the loader answers with path:line
problems, never with another exception (property-based)."""

import re
import shutil
import string
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_COURSE

from opendata_course.problems import Problems
from opendata_course.load.project import load_course

YAML_BITS = st.sampled_from([
    "title: ", "duration: ", "objectives:", "  - ", "kind: ", "competences: [", "]", "{", "}", ": ", "- ", "'", '"',
    "&a ", "*a", "!!python/object ", "\t", "---", "...", "1h30", "30min", "yes", "null", "2026-13-45", "@", "%", "|", ">",
])
BODY_BITS = st.sampled_from([
    "---", "--", "???", "::: quiz", "::: exercise Titre (20min)", "::: solution", ":::", "::: inconnu", ".red[", "]",
    ".a.b[", "[@", "[@crpa-l321-2]", "[[", "]]", "[[donnée publique]]", "```", "~~~", "class: center", "layout: true",
    "exclude: peut-être", "count: false", "background-image: url(x.png)", "![", "](../media/schema.png)", "<img src=",
    "- [x] oui", "- [ ] non", "> explication", "# Titre", "\r\n", "\ufeff", "é", "\x00",
])


def lines(bits):
    return st.lists(st.lists(st.one_of(bits, st.text(string.printable, max_size=8)), max_size=6).map("".join), max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=lines(YAML_BITS), body=lines(BODY_BITS), raw=st.binary(max_size=200))
def test_loader_reports_problems_and_never_raises(tmp_path_factory, front, body, raw):
    project = tmp_path_factory.mktemp("p")
    shutil.copytree(FIXTURE_COURSE, project, dirs_exist_ok=True)
    modules = project / "content" / "modules"
    (modules / "aleatoire.md").write_text(f"---\n{front}\n---\n{body}", encoding="utf-8", errors="surrogatepass")
    (modules / "octets.md").write_bytes(raw)
    course, problems = load_course(project)
    assert isinstance(problems, Problems)
    for problem in problems.items:
        assert Path(problem.path).is_absolute() or str(problem.path).startswith(str(project))
        assert isinstance(problem.line, int) and problem.line >= 0 and problem.message


def test_empty_huge_crlf_bom_and_latin1_files(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(FIXTURE_COURSE, project)
    modules = project / "content" / "modules"
    (modules / "vide.md").write_text("")
    (modules / "crlf.md").write_bytes("\ufeff---\r\ntitle: CRLF\r\nduration: 30min\r\nobjectives: [Citer]\r\n---\r\n# T\r\n".encode())
    (modules / "latin.md").write_bytes("---\ntitle: Donnée\n---\n".encode("latin-1"))
    big = "---\ntitle: Gros\nduration: 1h\nobjectives: [Lire]\n---\n" + ("Paragraphe de texte. " * 50 + "\n\n---\n\n") * 400
    (modules / "gros.md").write_text(big)
    course, problems = load_course(project)
    messages = {Path(p.path).name: p.message for p in problems.items}
    assert "vide.md" in messages and "latin.md" in messages
    assert "crlf" in course.modules and "gros" in course.modules
    assert len(course.modules["gros"].slides) == 401
    assert messages["latin.md"] == "le fichier n'est pas encodé en UTF-8"


# Mostly valid Markdown, with raw HTML and code fences left open.
SLIDE_BITS = st.sampled_from([
    "---", "--", "???", "# Titre", "## Partie", "- point", "1. un", "    - détail", "```", "<div>", "</div>", "<span>",
    "| a | b |", "|---|---|", "::: handout", "::: slides", "::: note", ":::", "**gras**", "`code`", "layout: true",
    "class: center", "count: false", "> citation", "![schéma](../media/schema.png)", ".red[mot]", "é", "\r\n", "",
    "MOT", "MOT",  # each becomes a word of its own: mot1, mot2…
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=lines(SLIDE_BITS))
@example(body="_part _view\n\n---\n\n_unwrap")  # the words of the marks, written by a contributor (CI once drew "_part")
def test_every_module_the_loader_accepts_renders_slide_by_slide(tmp_path_factory, body):
    """One Markdown conversion serves the deck, the handout and the trainer
    view: whatever a slide holds, each slide keeps its own HTML and none of
    the conversion's internal marks reaches a page."""
    from opendata_course.strings import strings
    from opendata_course.markup.convert import Converter, convert_module as render_module

    project = tmp_path_factory.mktemp("p")
    shutil.copytree(FIXTURE_COURSE, project, dirs_exist_ok=True)
    module = project / "content" / "modules" / "aleatoire.md"
    words = iter(range(1, 10_000))
    body = re.sub("MOT", lambda _: f" mot{next(words)} ", body)
    module.write_text(f"---\ntitle: T\nduration: 30min\nobjectives: [Lire]\n---\n{body}", encoding="utf-8")
    course, problems = load_course(project)
    if course is None or problems.errors or "aleatoire" not in course.modules:
        return
    rendered = render_module(course.modules["aleatoire"], Converter(course, strings("fr")))
    slides = course.modules["aleatoire"].slides
    assert len(rendered.slides) == len(slides)
    for slide, html in zip(slides, rendered.slides):  # each slide keeps its own words (or its handout block does)
        for word in re.findall(r"mot\d+", "".join(part.text for part in slide.parts)):
            assert re.search(rf"\b{word}\b", html.html) or re.search(rf"\b{word}\b", rendered.handout), (word, html.html)
    internal = re.compile(r"\s_(?:part|view|unwrap)=|@@step:\d+@@")  # the marks themselves: a slide may say "_part"
    for html in (rendered.handout, rendered.trainer, *(s.html + s.notes for s in rendered.slides)):
        assert not internal.search(html), html


SHARED_FILES = {
    "course.yml": ["title: ", "lang: ", "licence: ", "base_url: ", "logo: ", "day_end: ", "contact: ", "authors: ["],
    "references.yml": ["crpa-l321-2:", "  title: ", "  short: ", "  kind: ", "  url: ", "javascript:alert(1)", "https://x.fr",
                       "odbl:", "  date: ", "<script>", "Bad Id:"],
    "glossaire.yml": ["- term: ", "  definition: ", "  source: ", "  acronyms: [", "  synonyms: ", "Donnée publique", "RGPD"],
    "parcours/essai.yml": ["title: ", "days:", "  - title: ", "    start: ", "    end: ", "    items:", "      - donnee",
                           "      - { pause: ", "      - { repas: ", "      - { activite: ", ", duration: ", "}", "99999h",
                           "25:00", "licences", "inconnu"],
    "sessions/mairie-2027.yml": ["parcours: ", "essai", "dates: [", "2027-03-01", "2027-02-30", "]", "lieu: ", "formateurs:",
                                 "  - { nom: ", "participants: ", "retirer: [", "ajouter:", "  - { module: donnee, jour: ",
                                 ", apres: licences }", "tarif: ", "contact: "],
}
COMMON_BITS = [": ", "- ", "'", '"', "&a ", "*a", "!!python/object ", "\t", "---", "[", "]", "{", "}", "null", "yes", "é", "\x00"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_file_kind_gives_located_problems_never_an_exception(tmp_path_factory, data):
    """course.yml, references, glossary, parcours and sessions, each mangled
    in turn: the whole check (load, convert, lay out) answers with problems."""
    from opendata_course.build.pipeline import make_site

    name = data.draw(st.sampled_from(sorted(SHARED_FILES)), label="file")
    bits = st.sampled_from(SHARED_FILES[name] + COMMON_BITS)
    text = data.draw(lines(bits), label="text")
    project = tmp_path_factory.mktemp("p")
    shutil.copytree(FIXTURE_COURSE, project, dirs_exist_ok=True)
    target = project / "content" / name
    if data.draw(st.booleans(), label="replace"):
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
    else:  # a few mangled lines added to a valid file
        target.write_text(target.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8", errors="surrogatepass")
    result = make_site(project)
    for problem in [*result.errors, *result.warnings]:
        assert isinstance(problem.line, int) and problem.line >= 0 and problem.message
        assert "Traceback" not in problem.message
