"""Sessions: a parcours on real dates, its programme and attendance sheets,
and `session new`."""

import datetime as dt
import re
from html import unescape

import yaml

from conftest import FIXTURE_COURSE, make_project
from opendata_course.load.project import load_course
from opendata_course.site.pages import render_site
from opendata_course.schedule import half_days


def fixture_session():
    course, problems = load_course(FIXTURE_COURSE)
    assert not problems.items, [p.format() for p in problems.items]
    return course, course.sessions["mairie-2027"]


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u202f", " ").replace("\xa0", " ").split())


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
        assert "Signature du formateur" in day and "Alice Dupont, Bruno Petit" in day


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
    title = html.split('<section class="slide')[1]
    assert "mardi 2 mars 2027" in title and "Mairie, salle des mariages" in title
    assert "Les licences" in html and "Donnée" in html


def test_handouts_in_one_document_with_unique_ids():
    html = page("sessions/mairie-2027/supports.html")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.index('id="module-licences"') < html.index('id="module-donnee"')  # programme order
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids


def test_session_new_writes_a_valid_file_and_never_overwrites(tmp_path, run):
    project = make_project(tmp_path)
    status, _, err = run("session", "new", "deux-matinees", "--debut", "2027-06-05", "--root", project)
    assert status == 0, err
    path = project / "content" / "sessions" / "deux-matinees-2027-06-07.yml"  # moved off the weekend
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


def test_home_lists_sessions():
    text = text_of(page("index.html"))
    assert "Sessions" in text and "Deux matinées à la mairie" in text and "lundi 1er mars 2027" in text
