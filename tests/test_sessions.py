"""Sessions: a parcours on real dates, its programme and attendance sheets,
and `session new`."""

import datetime as dt
import re
from html import unescape

import pytest
import yaml

from conftest import FIXTURE_COURSE, TESTS, make_project
from opendata_course.load.project import load_course
from opendata_course.site.pages import render_site
from opendata_course.schedule import half_days


def fixture_session():
    course, problems = load_course(FIXTURE_COURSE)
    # The fixture's session states neither its price nor its training organisation
    # (course.yml's is a sample name): the two Qualiopi warnings, nothing else.
    assert all(p.warning and ("« tarif »" in p.message or "organisme" in p.message) for p in problems.items), \
        [p.format() for p in problems.items]
    return course, course.sessions["mairie-2027"]


def text_of(html: str) -> str:
    text = unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u202f", " ").replace("\xa0", " ").replace("\u2019", "'")
    return " ".join(text.split())


def page(path: str) -> str:
    course, _ = fixture_session()
    files = {f.path: f for f in render_site(course)}
    return files[path].data.decode("utf-8")


def test_session_days_get_dates_and_changes_with_clock_times():
    _, session = fixture_session()
    assert session.dates == (dt.date(2027, 3, 1), dt.date(2027, 3, 2))
    first, second = session.days
    # `donnee` left day 1; « Accueil » came before `licences`; times laid out again.
    assert [(i.title, i.start, i.end) for i in first.items] == [
        ("Pause", 540, 555), ("Accueil", 555, 570), ("Les licences", 570, 600)]
    # `donnee` went to day 2, right after `licences` (which keeps its own 15 min there).
    assert [i.module or i.title for i in second.items] == ["Tour de table", "licences", "donnee", "Déjeuner", "Atelier libre"]
    assert second.start == 570 and second.end == 570 + 15 + 15 + 30 + 60 + 60
    assert session.participants == ("Chloé Durand", "David Moreau", "Émilie Laurent")
    assert [t.name for t in session.trainers] == ["Alice Dupont", "Bruno Petit"]


def test_half_days_split_at_lunch_or_at_noon():
    _, session = fixture_session()
    first, second = session.days
    assert half_days(first) == [("morning", 540, 600)]
    lunch = next(i for i in second.items if i.kind == "repas")
    assert half_days(second) == [("morning", 570, lunch.start), ("afternoon", lunch.end, second.end)]


def test_session_page_gives_dated_agenda_and_kit_links():
    text = text_of(page("sessions/mairie-2027/index.html"))
    assert "Comprendre — lundi 1er mars 2027" in text
    assert "Pratiquer — mardi 2 mars 2027" in text
    assert "09:15 – 09:30 Accueil" in text
    for link in ("Fiche programme", "Feuille d'émargement", "Supports des participants"):
        assert link in text


def test_programme_states_what_a_training_provider_must_state():
    html = page("sessions/mairie-2027/programme.html")
    text = text_of(html)
    for heading in ("Objectifs opérationnels", "Public visé", "Prérequis", "Durée", "Dates et horaires", "Lieu",
                    "Modalités et délais d'accès", "Méthodes mobilisées", "Modalités d'évaluation",
                    "Accessibilité aux personnes en situation de handicap", "Contact"):
        assert heading in text, heading
    assert "2 jours, soit 2 h 45 de formation" in text  # breaks and lunch excluded
    assert "lundi 1er mars 2027, 09:00 – 10:00" in text
    assert "Citer trois licences" in text or "licence" in text.lower()  # modules' objectives
    assert "Salle de plain-pied" in text and "formation@example.org" in text


def test_attendance_sheet_has_a_row_per_participant_and_a_column_per_half_day():
    html = page("sessions/mairie-2027/emargement.html")
    days = html.split('<section class="attendance-day"')[1:]
    assert len(days) == 2
    for day, halves in zip(days, (1, 2)):
        table = day.split('<table class="attendance-table">')[1].split("</table>")[0]
        assert table.count('<th scope="col" class="sign">') == halves
        rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]*)</td>", table)
        assert rows == [("1", "Chloé Durand"), ("2", "David Moreau"), ("3", "Émilie Laurent")]
        # one signature box per trainer and half-day
        trainers = day.split('<table class="attendance-table trainer-signature">')[1].split("</table>")[0]
        assert "Signature des formateurs" in trainers
        signed = re.findall(r'<tr><th scope="row">([^<]*)(?:<br><span class="meta">([^<]*)</span>)?</th>(.*?)</tr>',
                            trainers, re.S)
        assert [(name, role) for name, role, _ in signed] == [("Alice Dupont", "formatrice"), ("Bruno Petit", "")]
        assert all(cells.count('<td class="sign">') == halves for _, _, cells in signed)


def test_blank_rows_for_a_number_of_participants(tmp_path, run):
    project = make_project(tmp_path)
    session = project / "content" / "sessions" / "mairie-2027.yml"
    session.write_text(re.sub(r"participants: .*", "participants: 12", session.read_text()))
    assert run("build", "--root", project, "--out", tmp_path / "site")[0] == 0
    html = (tmp_path / "site" / "sessions" / "mairie-2027" / "emargement.html").read_text()
    first = html.split('<section class="attendance-day"')[1]
    assert first.count('<td class="num">') == 12


def test_day_deck_of_a_session_opens_on_its_date_and_place():
    html = page("sessions/mairie-2027/jour-2/diapos.html")
    title = text_of(html.split('<section class="slide')[1])
    assert "mardi 2 mars 2027" in title and "Mairie, salle des mariages" in title
    assert "Les licences" in html and "Donnée" in html


def test_handouts_in_one_document_with_unique_ids():
    html = page("sessions/mairie-2027/supports.html")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.index('id="module-licences"') < html.index('id="module-donnee"')  # programme order
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids
    # Each module's quiz is its own radio group: one answer does not clear another module's.
    names = re.findall(r'<input name="([^"]+)" type="radio"', html)
    assert names and all(name.startswith(("licences-", "donnee-")) for name in names)


def test_session_new_writes_a_valid_file_and_never_overwrites(tmp_path, run):
    project = make_project(tmp_path)
    status, _, err = run("session", "new", "deux-matinees", "--debut", "2027-06-05", "--root", project)
    assert status == 0, err
    path = project / "content" / "sessions" / "deux-matinees-2027-06-07.yml"  # moved off the weekend, and said so
    assert "Le samedi 05/06/2027 tombe un week-end : la session commence le lundi suivant, 07/06/2027." in err
    data = yaml.safe_load(path.read_text())
    assert data["dates"] == [dt.date(2027, 6, 7), dt.date(2027, 6, 8)]
    status, _, err = run("check", "--root", project)
    assert status == 0
    warned = [line for line in err.splitlines() if "deux-matinees-2027-06-07.yml" in line]
    assert warned and all("à préciser" in line for line in warned)  # only what the trainer must fill
    before = path.read_bytes()
    status, _, err = run("session", "new", "deux-matinees", "--debut", "2027-06-07", "--root", project)
    assert status == 1 and "existe déjà" in err and path.read_bytes() == before


def test_session_new_refuses_an_unknown_parcours(tmp_path, run):
    project = make_project(tmp_path)
    status, _, err = run("session", "new", "deux-matines", "--root", project)
    assert status == 1
    assert "parcours inconnu « deux-matines » (vouliez-vous dire « deux-matinees » ?)" in err
    assert not (project / "content" / "sessions" / "deux-matines.yml").exists()


def test_the_home_page_does_not_list_a_session():
    """A session is its client's: its place and people stay off the public pages."""
    text = text_of(page("index.html"))
    assert "Deux matinées à la mairie" not in text and "Mairie, salle des mariages" not in text


# ---- Qualiopi paperwork ----------------------------------------------------------

PROGRAMME_FIELDS = ("title", "parcours", "dates", "organisme", "lieu", "modalite", "formateurs", "public", "participants",
                    "prerequis", "methodes", "acces", "tarif", "evaluation", "accessibilite", "contact")


def test_session_new_writes_every_field_of_the_programme_in_readable_yaml(tmp_path, run):
    project = make_project(tmp_path)
    course_yml = project / "content" / "course.yml"
    course_yml.write_text(course_yml.read_text().replace("Équipe opendata-course", "Formations d'Armor"))
    status, _, err = run("session", "new", "deux-matinees", "--debut", "2027-06-07", "--root", project)
    assert status == 0, err
    text = (project / "content" / "sessions" / "deux-matinees-2027-06-07.yml").read_text()
    data = yaml.safe_load(text)
    assert set(PROGRAMME_FIELDS) <= set(data)
    assert "''" not in text and "\\u" not in text  # no YAML nor JSON escapes to read through
    assert "dates: [2027-06-07, 2027-06-08]" in text  # unquoted: YAML dates
    assert "organisme: Formations d'Armor" in text and "title: Deux matinées" in text
    assert data["tarif"].startswith("À préciser") and data["methodes"]
    status, _, err = run("check", "--root", project)
    mine = [line for line in err.splitlines() if "deux-matinees-2027-06-07.yml" in line]
    assert [re.sub(r".*: attention : ", "", line) for line in mine] == [
        "« lieu » est encore à préciser", "« formateurs » est encore à préciser", "« tarif » est encore à préciser",
        "« contact » est encore à préciser"]


def session_warnings(tmp_path, run, change) -> list[str]:
    project = make_project(tmp_path)
    path = project / "content" / "sessions" / "mairie-2027.yml"
    path.write_text(change(path.read_text()))
    status, _, err = run("check", "--root", project)
    assert status == 0, err
    return [re.sub(r".*mairie-2027\.yml:", "", line) for line in err.splitlines() if "mairie-2027.yml" in line]


def test_check_warns_when_the_programme_lacks_what_qualiopi_asks(tmp_path, run):
    warned = session_warnings(tmp_path / "a", run, lambda text: text.replace("evaluation:\n  - Quiz en fin de matinée.\n"
                                                                               "  - Questionnaire de satisfaction.\n",
                                                                               "evaluation: []\n"))
    assert warned == [
        "1: attention : champ « tarif » manquant : la fiche programme doit indiquer le tarif (ou « gratuit »)",
        "1: attention : organisme de formation « Équipe opendata-course » (« organisation » de course.yml) : "
        "un nom d'exemple ; indiquez le vôtre avec « organisme »",
        "11: attention : « evaluation » est vide : la fiche programme doit indiquer les modalités d'évaluation",
    ]
    warned = session_warnings(tmp_path / "b", run, lambda text: text + "tarif: gratuit\norganisme: opendata-course\n")
    assert warned == ["21: attention : « organisme » vaut « opendata-course », un nom d'exemple : indiquez l'organisme de formation"]
    assert session_warnings(tmp_path / "c", run, lambda text: text + "tarif: 450 € par participant\norganisme: Formations d'Armor\n") == []


def test_programme_states_its_price_and_organiser(tmp_path, run):
    project = make_project(tmp_path)
    path = project / "content" / "sessions" / "mairie-2027.yml"
    assert "Tarif à préciser" in text_of(page("sessions/mairie-2027/programme.html"))
    path.write_text(path.read_text() + "tarif: 450 € par participant\norganisme: Formations d'Armor\n")
    assert run("build", "--root", project, "--out", tmp_path / "site")[0] == 0
    text = text_of((tmp_path / "site" / "sessions" / "mairie-2027" / "programme.html").read_text())
    assert "Tarif 450 € par participant" in text and "Formations d'Armor" in text
    sheet = text_of((tmp_path / "site" / "sessions" / "mairie-2027" / "emargement.html").read_text())
    assert "Organisme de formation : Formations d'Armor" in sheet


BROKEN_WORDS = """() => {
  // Each word of each header cell must sit on one line: a word cut in two has two boxes.
  const broken = [];
  for (const cell of document.querySelectorAll('.attendance-table th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s–-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_attendance_headers_never_break_inside_a_word(fixture_site, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto((fixture_site / "sessions" / "mairie-2027" / "emargement.html").as_uri())
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    if width == 360:
        page.screenshot(path=str(TESTS / "output" / "emargement-360.png"), full_page=True)
    page.close()
