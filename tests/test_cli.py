import pytest

from conftest import make_project

from opendata_course.cli import main


def test_help_is_in_french_for_every_command(run, capsys):
    for argv in (["--help"], ["build", "--help"], ["check", "--help"], ["new", "--help"], ["serve", "--help"]):
        try:
            main(argv)
        except SystemExit as exc:
            assert exc.code == 0
        out = capsys.readouterr().out
        assert out.startswith("utilisation : opendata-course")
        assert "afficher cette aide et quitter" in out


def test_new_module_is_valid_and_never_overwritten(run, tmp_path):
    project = make_project(tmp_path)
    status, _, err = run("new", "module", "Les formats ouverts : CSV, JSON", "--root", project)
    assert status == 0
    path = project / "content" / "modules" / "les-formats-ouverts-csv-json.md"
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert "title: 'Les formats ouverts : CSV, JSON'" in text
    status, _, err = run("check", cwd=project)
    assert status == 0
    assert "objectif à compléter" in err  # the scaffold's marker is a warning
    path.write_text(text + "\nMon travail\n", encoding="utf-8")
    status, _, err = run("new", "module", "Les formats ouverts : CSV, JSON", "--root", project)
    assert status == 1 and "existe déjà" in err
    assert path.read_text(encoding="utf-8").endswith("Mon travail\n")


def test_build_refuses_dangerous_outputs(run, tmp_path):
    project = make_project(tmp_path)
    for out in (project, project / "content", tmp_path):
        status, _, err = run("build", "--root", project, "--out", out)
        assert status == 1 and "refus" in err
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "rapport.odt").write_text("à garder")
    status, _, err = run("build", "--root", project, "--out", precious)
    assert status == 1 and "--force" in err
    assert (precious / "rapport.odt").read_text() == "à garder"


def test_rebuild_replaces_the_previous_site(run, tmp_path):
    project = make_project(tmp_path)
    out = project / "_site"
    assert run("build", "--root", project)[0] == 0
    (project / "content" / "modules" / "licences.md").unlink()
    (project / "content" / "parcours" / "deux-matinees.yml").unlink()
    (project / "content" / "sessions" / "mairie-2027.yml").unlink()
    parcours = project / "content" / "parcours" / "essai.yml"
    parcours.write_text(parcours.read_text().replace("      - { module: licences, duration: 30min }\n", ""))
    assert run("build", "--root", project)[0] == 0
    assert not (out / "modules" / "licences").exists()
    assert (out / "modules" / "donnee" / "index.html").is_file()


def test_project_templates_override_the_theme(run, tmp_path):
    project = make_project(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text(
        '{% extends "!default/base.html" %}{% block head %}<meta name="theme" content="maison">{% endblock %}'
    )
    assert run("build", "--root", project)[0] == 0
    html = (project / "_site" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="theme" content="maison">' in html
    assert "Cours d’essai" in html


def test_broken_project_template_is_reported_with_its_line(run, tmp_path):
    project = make_project(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "index.html").write_text("<h1>\n{% if %}\n")
    status, _, err = run("check", cwd=project)
    assert status == 1
    assert "templates/index.html:2: gabarit invalide" in err
    assert "Traceback" not in err


def test_english_interface(run, tmp_path):
    project = make_project(tmp_path)
    config = project / "content" / "course.yml"
    config.write_text(config.read_text() + "lang: en\n")
    assert run("build", "--root", project)[0] == 0
    html = (project / "_site" / "modules" / "donnee" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Skip to content" in html and "Trainer version" in html
    # English pages are not typeset: the marks around converted HTML are taken out all the same.
    for page in (project / "_site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "\x0e" not in text and "\x0f" not in text, page


def test_a_template_that_fails_at_render_time_is_reported(run, tmp_path):
    project = make_project(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "index.html").write_text("<h1>{{ site.title }}</h1>\n{{ (parcours|first).title }}\n{{ 1 / 0 }}\n")
    status, _, err = run("check", cwd=project)
    assert status == 1
    assert "Traceback" not in err
    assert "gabarit index.html : ZeroDivisionError" in err


def test_default_break_and_day_titles_follow_the_course_language(run, tmp_path):
    project = make_project(tmp_path)
    config = project / "content" / "course.yml"
    config.write_text(config.read_text() + "lang: en\n")
    parcours = project / "content" / "parcours" / "essai.yml"
    parcours.write_text(parcours.read_text().replace("  - title: Jour 1\n", "  -\n"))
    assert run("build", "--root", project)[0] == 0
    html = (project / "_site" / "parcours" / "essai" / "index.html").read_text(encoding="utf-8")
    assert "<td>Break</td>" in html and "<td>Lunch</td>" in html and ">Day 1</h2>" in html


@pytest.mark.parametrize("argv, said", [
    (["biuld"], "commande « biuld » inconnue ; possibles : build, check, init, new, import, session, pdf, bundle, serve "
                "(vouliez-vous dire « build » ?)"),
    (["build", "--stirct"], "option ou argument inconnu : --stirct"),
    (["check", "--format", "json"], "--format : valeur « json » inconnue ; possibles : text, github"),
    (["pdf"], "il manque : CIBLE"),
])
def test_command_line_mistakes_are_said_in_french(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(f" : erreur : {said}")


def test_a_long_title_gives_a_file_name_of_its_first_words(tmp_path, run):
    project = make_project(tmp_path)
    status, _, err = run("new", "module", "Données " * 60, "--root", project)
    assert status == 0, err
    created = [p.name for p in (project / "content" / "modules").glob("donnees-*.md")]
    assert created == ["donnees-" * 6 + "donnees.md"]  # 55 characters, whole words (a 480-character name was refused by the system)
