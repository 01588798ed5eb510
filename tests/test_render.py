import re
import shutil

from conftest import FIXTURE_COURSE

from opendata_course.load.project import load_course
from opendata_course.markup.convert import join_parts
from opendata_course.site.pages import render_site
from opendata_course.markup.slides import split_slides


def site_files():
    course, problems = load_course(FIXTURE_COURSE)
    assert not problems.errors
    return {f.path: f for f in render_site(course)}


def test_day_deck_chains_title_agenda_modules_and_breaks():
    html = site_files()["parcours/essai/jour-1/diapos.html"].data.decode()
    sections = re.findall(r'<section class="slide([^"]*)" id="([^"]*)"', html)
    ids = [ident for _, ident in sections]
    assert ids[:2] == ["titre", "programme"]
    assert "<td>09:45\u00a0– 10:15</td><td>Les licences</td>" in html  # the range breaks after its dash only
    assert "pause-2" in ids and "repas-4" in ids and "activite-5" in ids
    assert "donnee-definition" in ids  # a module's named slide, prefixed by its slug
    # donnee: 4 slides, licences: 2 slides, plus title, agenda, pause, repas, activité
    assert len(sections) == 4 + 2 + 5
    assert len(ids) == len(set(ids))


def test_pages_link_with_relative_paths_only():
    files = site_files()
    deck = files["parcours/essai/jour-1/diapos.html"].data.decode()
    assert 'href="../../../static/deck.css"' in deck
    assert 'src="../../../media/schema.png"' in deck
    handout = files["modules/donnee/index.html"].data.decode()
    assert 'src="../../media/schema.png"' in handout
    licences = files["modules/licences/index.html"].data.decode()
    assert 'href="../../modules/donnee/index.html"' in licences  # a link written as donnee.md


def test_handout_has_no_speaker_notes_but_trainer_view_does():
    files = site_files()
    handout = files["modules/donnee/index.html"].data.decode()
    trainer = files["modules/donnee/formateur.html"].data.decode()
    assert "Demander à la salle" not in handout
    assert "Demander à la salle" in trainer
    assert "Seulement à l'écran" not in handout  # ::: slides block
    assert "Le <a class=\"term\"" in handout  # ::: handout block


def test_deck_drops_layout_and_excluded_slides_and_keeps_numbering():
    html = site_files()["modules/donnee/diapos.html"].data.decode()
    assert "Cachée" not in html
    assert html.count('class="footnote"') == 2  # the layout footer under the two following slides
    numbers = re.findall(r'data-number="(\d+)"', html)
    assert numbers == ["1", "2", "3"]  # the last slide has count: false


def test_join_parts_keeps_a_list_whole():
    slide = split_slides("- a\n\n--\n\n- b\n--\nTexte")[0]
    assert join_parts(slide.parts) == "- a\n- @@step:1@@ b\n\n@@step:2@@\n\nTexte"


def test_timeline_svg_is_labelled_and_proportional():
    from opendata_course.site.timeline import WIDTH, day_svg

    course, _ = load_course(FIXTURE_COURSE)
    day = course.parcours["essai"].days[0]
    svg = day_svg(day, "Frise")
    assert svg.startswith('<svg class="timeline"') and 'role="img" aria-label="Frise"' in svg
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="8" width="([^"]+)"', svg)]
    assert len(widths) == len(day.items)
    assert abs(sum(widths) - WIDTH) < 1
    assert ">09:00<" in svg and ">11:00<" in svg


def test_a_step_from_a_numbered_list_to_a_bullet_list_starts_a_new_list():
    from opendata_course.markup.convert import join_parts
    from opendata_course.model import Part

    text = join_parts((Part("1. un\n2. deux\n", 0), Part("\n- trois\n", 0)))
    assert text.endswith("2. deux\n\n@@step:1@@\n\n- trois")
    same = join_parts((Part("- un\n", 0), Part("\n- deux\n", 0)))
    assert same == "- un\n- @@step:1@@ deux"


def test_a_step_after_a_sub_list_continues_the_outer_list():
    from opendata_course.markup.convert import join_parts
    from opendata_course.model import Part

    text = join_parts((Part("1. un\n    - détail\n", 0), Part("\n2. deux\n    - autre\n", 0), Part("\n3. trois\n", 0)))
    assert text == "1. un\n    - détail\n2. @@step:1@@ deux\n    - autre\n3. @@step:2@@ trois"
    nested = join_parts((Part("- un\n    - a\n", 0), Part("\n    - b\n", 0)))
    assert nested == "- un\n    - a\n    - @@step:1@@ b"


def test_a_background_in_raw_html_is_published_and_linked(run, tmp_path):
    """A url() in a style attribute is checked as an image (tests/test_hostile.py), and its file published."""
    from conftest import make_project

    project = make_project(tmp_path)
    (project / "content" / "fonds").mkdir()
    shutil.copy(project / "content" / "media" / "schema.png", project / "content" / "fonds" / "fond.png")
    module = project / "content" / "modules" / "donnee.md"
    module.write_text(module.read_text(encoding="utf-8") + '\n<div style="background-image: url(../fonds/fond.png)">x</div>\n',
                      encoding="utf-8")
    status, _, err = run("build", "--root", project)
    assert status == 0, err
    assert (project / "_site" / "fonds" / "fond.png").is_file()
    assert "url(../../fonds/fond.png)" in (project / "_site" / "modules" / "donnee" / "diapos.html").read_text(encoding="utf-8")
