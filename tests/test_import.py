"""`opendata-course import`: xaringan / remark decks become modules."""

import datetime as dt
import re

import pytest
from conftest import REPO, TESTS, make_project

from opendata_course.cli import main
from opendata_course.load.reader import PLACEHOLDER_MARK
from opendata_course.load.frontmatter import split
from opendata_course.authoring.deck_header import licence_of, parse_date
from opendata_course.authoring.deck_values import CLASS_ALIASES, THEME_CLASSES, ImportProblem
from opendata_course.authoring.importer import parse_deck

DECKS = TESTS / "fixtures" / "import"
IMG = DECKS / "img"

# By hand, for deck.Rmd: the title slide made from the YAML header, then
# « Pourquoi ouvrir ? », « La licence… », « Deux colonnes… », « Le code »,
# « Sources » = 6 slides; the `layout: true` footer and the `exclude: true`
# slide are not shown. One `--` on « Pourquoi ouvrir ? » (after its notes),
# one on « Sources »; notes on those two slides.
SLIDES, STEPS, NOTES = 6, 2, 2


@pytest.fixture
def imported(run, tmp_path):
    """deck.Rmd imported into a copy of the fixture course, from the deck's folder."""
    project = make_project(tmp_path)
    status, out, err = run("import", "deck.Rmd", "--root", project, cwd=DECKS)
    assert status == 0, err
    module = project / "content" / "modules" / "deck.md"
    return project, module, module.read_text(encoding="utf-8"), err


def front(text):
    return "---\n" + split(text).meta_text + "\n"


def test_front_matter_is_ours_with_markers(imported):
    _, _, text, _ = imported
    head = front(text)
    assert head.startswith("---\ntitle: L'open data en pratique\n")
    assert "subtitle: Atelier Exempleville\n" in head  # `r params$ville` has a value
    assert "authors:\n- Camille Martin\n- Sam Durand\n" in head
    assert "\nduration: 1h  # À préciser\n" in head
    assert f"objectives:\n- '{PLACEHOLDER_MARK} : " in head
    assert "\nlicence: CC-BY-SA-4.0\n" in head  # the footer states it, not the slide about CC BY
    assert "\nupdated: 2021-03-04\n" in head  # 04/03/2021, day first
    assert "output" not in head and "params" not in head and "date:" not in head


def test_title_slide_is_prepended_as_xaringan_does(imported):
    _, _, text, _ = imported
    assert split(text).body.startswith(
        "\nclass: center, middle, inverse, title-slide\n\n# L'open data<br>en pratique\n"
        "## Atelier Exempleville\n### Camille Martin\n### Sam Durand\n### 04/03/2021\n\n---\n\nlayout: true\n"
    )


def test_body_is_kept_and_paths_rewritten(imported):
    _, _, text, _ = imported
    assert "![Logo CC BY](../media/deck/cc-by.png)" in text
    # linked image: the image and the link target, both local, both rewritten
    assert "[![Schéma du circuit](../media/deck/schema.png)](../media/deck/schema.png)" in text
    assert '<img alt="" src="../media/deck/logo.png" width="30%">]' in text
    assert "background-image: url(../media/deck/fond.png)\nbackground-size: cover\n" in text
    assert "![Carte distante](https://example.org/carte.png)" in text  # remote: left alone
    # the include_graphics chunk became its image; same file name, other folder
    assert '<img src="../media/deck/logo-2.png" alt="Logo du projet" style="width: 40%">' in text
    assert "img/" not in text
    # remark constructs untouched
    assert "class:center,middle\n" in text and "\nclass:\n" in text
    assert "```yaml\ntitle: Exemple\n---\njeu: aires-de-jeux\n```" in text
    assert "???\nDemander à la salle ce qu'elle entend par « ouvrir ».\n\n--\n\n.red[Parce que" in text
    assert ".reduite.center[\nUn texte .red[très] long, avec .blue[une classe inconnue]\net .reduite[une note] ]\n]" in text
    assert "exclude: true" in text


def test_r_code_becomes_placeholders_and_chunks_go(imported):
    _, _, text, _ = imported
    # The simple R of decks is evaluated (the tests' day is 2026-11-22)
    assert ".footnote[Exempleville · 2026 · support sous licence CC BY-SA 4.0]" in text
    assert "Mis à jour le 2026-11-22, voir ``r \"verbatim\"``." in text  # ``…`` is verbatim for knitr
    # An echo=FALSE chunk: its output is marked to complete, its code not shown
    assert "*[À préciser : résultat du bloc R « carte »]*" in text and "leaflet" not in text
    assert "```{r" not in text and "include_graphics" not in text


def test_images_are_copied_once_each(imported):
    project, _, _, _ = imported
    media = project / "content" / "media" / "deck"
    assert sorted(p.name for p in media.iterdir()) == ["cc-by.png", "fond.png", "logo-2.png", "logo.png", "schema.png"]
    assert (media / "logo.png").read_bytes() == (IMG / "partenaires" / "logo.png").read_bytes()
    assert (media / "logo-2.png").read_bytes() == (IMG / "logo.png").read_bytes()
    assert (media / "fond.png").read_bytes() == (IMG / "fond.png").read_bytes()
    assert not (media / "inutilisee.png").exists()  # not referenced


def test_report(imported):
    project, module, _, err = imported
    lines = err.splitlines()
    assert lines[0] == f"Module importé : {project / 'content' / 'modules' / 'deck.md'}"
    assert f"  diapositives : {SLIDES} (dont la diapositive de titre créée depuis l'en-tête)" in lines
    assert f"  étapes (--) : {STEPS}" in lines
    assert f"  notes de l'intervenant : {NOTES} diapositives" in lines
    assert f"  images copiées : 5 dans {project / 'content' / 'media' / 'deck'}" in lines
    assert "  images distantes laissées telles quelles : 1" in lines
    assert "  classes : 15 reprises ; inconnues du thème, laissées telles quelles : 1 (blue)" in lines
    assert "  feuilles de style xaringan non reprises : default, metropolis, css/perso.css" in lines
    assert "  licence : CC-BY-SA-4.0 (deck.Rmd:23)" in lines
    warnings = [line for line in lines if line.startswith("deck.Rmd:")]
    assert warnings == [
        "deck.Rmd:3: attention : « subtitle » : code R « params$ville » remplacé par la valeur du paramètre : « Exempleville »",
        'deck.Rmd:23: attention : code R en ligne « format(Sys.Date(), "%Y") » évalué : « 2026 »',
        'deck.Rmd:47: attention : image sans texte alternatif : img/partenaires/logo.png ; alt="" ajouté, décrivez l\'image',
        "deck.Rmd:75: attention : code R en ligne « Sys.Date() » évalué : « 2026-11-22 »",
        "deck.Rmd:77: attention : bloc R « carte » : résultat à reprendre à la main (image ou tableau)",
        "deck.Rmd:93: attention : bloc R remplacé par son image (knitr::include_graphics) : img/logo.png",
    ]
    assert "  avertissements : 6" in lines
    assert lines[-1] == "À compléter : la durée et les objectifs de deck.md (opendata-course check les signale)."


def test_imported_module_checks_with_warnings_only(run, imported):
    project, _, _, _ = imported
    status, _, err = run("check", cwd=project)
    assert status == 0, err
    problems = [line for line in err.splitlines() if line.startswith("content/")]
    assert problems and all(": attention : " in line for line in problems)
    ours = [line for line in problems if line.startswith("content/modules/deck.md")]
    assert "content/modules/deck.md:7: attention : durée à préciser" in ours
    assert any("objectif à compléter" in line for line in ours)
    assert any("image distante « https://example.org/carte.png »" in line for line in ours)
    assert run("check", "--strict", cwd=project)[0] == 1  # the markers are still to be filled


def test_imported_deck_builds_with_remark_slide_count_steps_and_notes(run, imported):
    project, _, _, _ = imported
    status, _, err = run("build", "--root", project)
    assert status == 0, err
    site = project / "_site"
    deck = (site / "modules" / "deck" / "diapos.html").read_text(encoding="utf-8")
    assert deck.count('<section class="slide') == SLIDES
    assert deck.count('data-steps="2"') == STEPS
    assert len(re.findall(r'<p data-step="1"><span class="red">Parce que', deck)) == 1
    assert '<ul data-step="1">\n<li>Une dernière étape</li>' in deck
    assert deck.count('<div class="notes"') == NOTES
    assert "Demander à la salle" in deck and "Rappeler les sources." in deck
    assert '<section class="slide center middle inverse title-slide"' in deck
    assert deck.count('<span class="footnote">Exempleville') == SLIDES - 1  # layout under every body slide
    assert '<div class="reduite center">' in deck and '<span class="reduite">une note</span>' in deck
    assert "Diapositive masquée" not in deck
    assert 'src="../../media/deck/logo-2.png"' in deck
    for name in ("cc-by.png", "fond.png", "logo.png", "logo-2.png", "schema.png"):
        assert (site / "media" / "deck" / name).is_file()
    handout = (site / "modules" / "deck" / "index.html").read_text(encoding="utf-8")
    assert "Demander à la salle" not in handout  # notes never reach learners


def test_imported_background_image_resolves_in_the_deck(run, imported):
    project, _, _, _ = imported
    assert run("build", "--root", project)[0] == 0
    page = project / "_site" / "modules" / "deck" / "diapos.html"
    url = re.search(r"background-image: url\('?([^')]+)'?\)", page.read_text(encoding="utf-8")).group(1)
    assert (page.parent / url).resolve().is_file()


def test_second_import_never_overwrites(run, imported):
    project, module, text, _ = imported
    module.write_text(text + "\nMon travail\n", encoding="utf-8")
    status, _, err = run("import", "deck.Rmd", "--root", project, cwd=DECKS)
    assert status == 1
    assert err.strip() == f"{module}: ce module existe déjà ; rien n'a été écrit (choisissez un autre nom avec --slug)."
    assert module.read_text(encoding="utf-8").endswith("Mon travail\n")


def test_existing_media_with_other_content_is_never_overwritten(run, tmp_path):
    project = make_project(tmp_path)
    media = project / "content" / "media" / "deck"
    media.mkdir(parents=True)
    (media / "schema.png").write_bytes(b"autre image")
    (media / "fond.png").write_bytes((IMG / "fond.png").read_bytes())  # same file: fine
    status, _, err = run("import", DECKS / "deck.Rmd", "--root", project)
    assert status == 1
    assert f"{media / 'schema.png'}: un autre fichier porte déjà ce nom ; rien n'a été écrit." in err
    assert (media / "schema.png").read_bytes() == b"autre image"
    assert not (project / "content" / "modules" / "deck.md").exists()
    assert sorted(p.name for p in media.iterdir()) == ["fond.png", "schema.png"]
    (media / "schema.png").unlink()
    status, _, err = run("import", DECKS / "deck.Rmd", "--root", project)
    assert status == 0, err
    assert f"  images copiées : 5 dans {media} (1 déjà présente)" in err.splitlines()


def test_slug_and_into(run, tmp_path):
    project = make_project(tmp_path)
    status, _, err = run("import", DECKS / "deck.Rmd", "--slug", "open-data-pratique", "--root", project,
                         "--into", "content/modules")
    assert status == 0, err
    text = (project / "content" / "modules" / "open-data-pratique.md").read_text(encoding="utf-8")
    assert "![Logo CC BY](../media/open-data-pratique/cc-by.png)" in text
    assert (project / "content" / "media" / "open-data-pratique" / "cc-by.png").is_file()
    status, _, err = run("import", DECKS / "deck.Rmd", "--slug", "Open Data", "--root", project)
    assert status == 1 and "nom de module « Open Data » invalide" in err


def test_bad_input_is_one_line(run, tmp_path):
    project = make_project(tmp_path)
    status, _, err = run("import", tmp_path / "absent.Rmd", "--root", project)
    assert status == 1 and err.strip() == f"{tmp_path / 'absent.Rmd'}: fichier introuvable"
    bad = tmp_path / "bad.Rmd"
    bad.write_text("---\ntitle: Un\ntitle: Deux\n---\n\n# Un\n", encoding="utf-8")
    status, _, err = run("import", "bad.Rmd", "--root", project, cwd=tmp_path)
    assert status == 1 and err.strip() == "bad.Rmd:3: clé « title » en double"
    assert not list((project / "content" / "modules").glob("bad*"))


def test_help_is_in_french(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : opendata-course import")
    assert "afficher cette aide et quitter" in out and "--slug" in out and "--into" in out


# --- pure functions -------------------------------------------------------------

def test_plain_remark_deck_takes_its_title_from_the_first_heading(tmp_path):
    deck = (
        "class: center, middle\n\n# Les formats .small[ouverts]\n\n---\n"
        "## Suite\n.font70[petit] .hljs-github[x]\n\n```{python}\nprint(1)\n```\n---\ncount: false\n"
        "Merci ! Ce support est sous licence Creative Commons Attribution - Partage dans les Mêmes Conditions 4.0\n"
    )
    result = parse_deck(deck, tmp_path, "formats")
    assert result.front == {"title": "Les formats ouverts", "licence": "CC-BY-SA-4.0"}
    assert not result.title_slide and result.slides == 3  # remark makes no title slide
    assert result.body.startswith("class: center, middle\n\n# Les formats .reduite[ouverts]\n")
    assert ".reduite[petit] .hljs-github[x]" in result.body
    # A chunk xaringan echoes keeps its code, its output marked to complete.
    assert "```python\nprint(1)\n```\n*[À préciser : résultat du bloc python]*" in result.body
    assert result.unknown_classes == {"hljs-github": 1}
    assert [(n.line, n.message.split(" (")[0]) for n in result.warnings] == [(9, "bloc python : code gardé, résultat à reprendre à la main")]


def test_seal_false_means_no_title_slide_and_r_dates_are_not_guessed(tmp_path):
    deck = (
        "---\ntitle: Sans sceau\ndate: !r Sys.Date()\nlicense: CC BY 4.0\n"
        "output:\n  xaringan::moon_reader:\n    seal: false\n---\n"
        "class: title-slide\n# Ma diapositive de titre\n---\n# Deux\n"
    )
    result = parse_deck(deck, tmp_path, "sceau")
    assert result.front == {"title": "Sans sceau", "licence": "CC-BY-4.0"}
    assert result.slides == 2 and not result.title_slide
    assert result.body.startswith("class: title-slide\n# Ma diapositive de titre\n---\n")
    assert [(n.line, n.message) for n in result.warnings] == [
        (3, "date calculée par R : « updated » n'est pas renseigné, indiquez la date de la dernière mise à jour")]


def test_a_licence_discussed_inside_the_deck_is_not_its_licence(tmp_path):
    deck = "---\ntitle: Licences\n---\n\n# Licences\n\n---\n\n## La CC BY 4.0\n\n---\n\n## La ODbL\n"
    assert "licence" not in parse_deck(deck, tmp_path, "licences").front


def test_missing_image_is_reported_and_left(tmp_path):
    deck = "# Titre\n\n![Plan](img/absent.png)\n"
    result = parse_deck(deck, tmp_path, "plan")
    # A visible mention to complete, not a broken image: the site builds, check points at it.
    assert "[À préciser : image introuvable à l'import, img/absent.png]" in result.body and not result.assets
    assert [(n.line, n.message) for n in result.warnings] == [(3, "image introuvable : img/absent.png (remplacée par une mention à compléter)")]


def test_missing_image_in_brackets_is_not_read_as_a_glossary_term(tmp_path):
    """Seen in a field deck: `.center[<img src="./img/x.png" height="250"/>]`."""
    deck = '# Titre\n\n.center[<img src="./img/absent.png" height="250"/>]\n\n[![](img/absent.png)](https://example.org)\n'
    body = parse_deck(deck, tmp_path, "plan").body
    assert ".center[ [À préciser : image introuvable à l'import, ./img/absent.png] ]" in body
    assert "[ [À préciser : image introuvable à l'import, img/absent.png] ](https://example.org)" in body
    assert "[[" not in body and "]]" not in body


def test_unclosed_chunk_and_bad_header():
    result = parse_deck("# T\n\n```{r}\nx <- 1\n\n---\n\n# Perdu\n", REPO, "t")
    assert result.slides == 1 and "Perdu" not in result.body
    assert "il n'était pas fermé" in result.warnings[0].message
    with pytest.raises(ImportProblem) as problem:
        parse_deck("---\ntitle: [\n---\n", REPO, "t")
    assert problem.value.line == 2 and problem.value.message.startswith("YAML invalide")


@pytest.mark.parametrize("value, expected", [
    ("2021-03-04", dt.date(2021, 3, 4)),
    (dt.date(2021, 3, 4), dt.date(2021, 3, 4)),
    ("04/03/2021", dt.date(2021, 3, 4)),
    ("4 mars 2021", dt.date(2021, 3, 4)),
    ("Lyon, jeudi 1er avril 2021", dt.date(2021, 4, 1)),
    ("March 4, 2021", dt.date(2021, 3, 4)),
    ("`r Sys.Date()`", None),
    ("mars 2021", dt.date(2021, 3, 1)),  # a month alone, as « Octobre 2024 »: its first day
    ("31/02/2021", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("support sous licence CC BY-SA 4.0", "CC-BY-SA-4.0"),
    ("CC-BY-NC-SA-4.0", "CC-BY-NC-SA-4.0"),
    ("cc by", "CC-BY"),
    ("https://creativecommons.org/licenses/by-nd/4.0/", "CC-BY-ND-4.0"),
    ("Creative Commons Attribution - Pas d'Utilisation Commerciale 4.0", "CC-BY-NC-4.0"),
    ("CC0", "CC0-1.0"),
    ("Licence Ouverte 2.0", ""),
    ("ACCBY", ""),
])
def test_licence_of(text, expected):
    assert licence_of(text) == expected


def test_class_mapping_targets_exist_in_the_theme():
    css = (REPO / "src" / "opendata_course" / "theme" / "static" / "deck.css").read_text(encoding="utf-8")
    for name in THEME_CLASSES | {v for v in CLASS_ALIASES.values() if v != "bold"}:
        assert re.search(rf"\.{re.escape(name)}\b", css), name


def test_duration_marker_is_a_warning_on_its_line_only_in_the_front_matter(tmp_path):
    from opendata_course.load.project import load_course

    project = make_project(tmp_path)
    module = project / "content" / "modules" / "marque.md"
    module.write_text("---\ntitle: T\nduration: 1h  # À préciser\nobjectives: [Citer]\n---\n"
                      "# T\n\nduration: 1h  # À préciser\n", encoding="utf-8")
    _, problems = load_course(project)
    mine = [(p.line, p.message, p.warning) for p in problems.items if p.path == module]
    assert mine == [(3, "durée à préciser", True)]


HOSTILE_DECK = """---
title: "Test"
output: xaringan::moon_reader
---

# Diapo

![p](../../../../etc/passwd)

[l](../../etc/shadow)

<img src="/proc/self/status" alt="x">

![s](secret.txt)

---
background-image: url(../outside/hostname.png)

```{r}
knitr::include_graphics("../outside/photo.png")
```
"""


def test_import_never_copies_a_file_from_outside_the_deck_folder(tmp_path, run):
    """Only the deck's own files are copied: never /etc/passwd, never a file
    beside the deck's folder, never a link that leads out of it."""
    deck_dir, outside = tmp_path / "deck", tmp_path / "outside"
    deck_dir.mkdir()
    outside.mkdir()
    (outside / "hostname.png").write_bytes(b"\x89PNG secret")
    (outside / "photo.png").write_bytes(b"\x89PNG secret")
    (deck_dir / "secret.txt").symlink_to(outside / "photo.png")
    (deck_dir / "slides.Rmd").write_text(HOSTILE_DECK, encoding="utf-8")
    project = tmp_path / "projet"
    (project / "content").mkdir(parents=True)
    (project / "content" / "course.yml").write_text("title: T\n", encoding="utf-8")
    status, out, err = run("import", deck_dir / "slides.Rmd", "--root", project)
    assert status == 0, err
    media = project / "content" / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    for src in ("../../../../etc/passwd", "../../etc/shadow", "secret.txt", "../outside/hostname.png", "../outside/photo.png"):
        assert f"fichier hors du dossier de la présentation, non copié : {src}" in err


def test_import_into_a_folder_outside_the_project_is_refused(tmp_path, run):
    project = tmp_path / "projet"
    (project / "content").mkdir(parents=True)
    status, out, err = run("import", DECKS / "deck.Rmd", "--root", project, "--into", "../ailleurs")
    assert status == 1
    assert "dossier hors du projet" in err
    assert not (tmp_path / "ailleurs").exists()


XARINGAN = TESTS / "fixtures" / "xaringan"


def test_local_stylesheets_are_copied_and_named_in_css(run, tmp_path):
    assert main(["init", str(tmp_path / "p")]) == 0
    status, _, err = run("import", "licences.Rmd", "--root", tmp_path / "p", cwd=XARINGAN)
    assert status == 0, err
    content = tmp_path / "p" / "content"
    text = (content / "modules" / "licences.md").read_text(encoding="utf-8")
    assert front(text).endswith("\ncss: ../media/licences/collectivite.css\n")
    copied = content / "media" / "licences" / "collectivite.css"
    assert copied.read_bytes() == (XARINGAN / "css" / "collectivite.css").read_bytes()
    lines = err.splitlines()
    assert f"  feuilles de style reprises (css:) : collectivite.css dans {content / 'media' / 'licences'}" in lines
    assert "  feuilles de style xaringan non reprises : default, default-fonts" in lines  # xaringan's themes
    status, _, err = run("build", "--root", tmp_path / "p")
    assert status == 0, err
    assert ".slide[data-module=\"licences\"] h1 {" in (tmp_path / "p" / "_site" / "modules" / "licences" / "style.css").read_text()


def test_a_stylesheet_the_loader_would_refuse_is_not_copied(run, tmp_path):
    deck = tmp_path / "deck"
    (deck / "css" / "polices").mkdir(parents=True)
    (deck / "css" / "polices" / "m.woff2").write_bytes(b"x")
    (deck / "css" / "bon.css").write_text("@font-face { font-family: M; src: url(polices/m.woff2); }\n.a { color: red }\n")
    (deck / "css" / "distant.css").write_text(".a { color: red }\n@import url(https://fonts.example.org/x.css);\n")
    (deck / "d.Rmd").write_text("---\ntitle: T\noutput:\n  xaringan::moon_reader:\n"
                                "    css: [metropolis, css/bon.css, css/distant.css, css/absente.css, https://example.org/x.css]\n"
                                "---\n\n# Une\n\nTexte.\n", encoding="utf-8")
    project = make_project(tmp_path)
    status, _, err = run("import", "d.Rmd", "--root", project, cwd=deck)
    assert status == 0, err
    media = project / "content" / "media" / "d"
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == ["bon.css", "polices/m.woff2"]
    assert "\ncss: ../media/d/bon.css\n" in front((project / "content" / "modules" / "d.md").read_text(encoding="utf-8"))
    lines = err.splitlines()
    assert ("  feuille de style non copiée : css/distant.css (ligne 2 : « @import » refusé : une feuille de style de module "
            "ne charge que des fichiers de content/, par un chemin relatif ; nommez chaque feuille dans « css: »)") in lines
    assert ("  feuilles de style xaringan non reprises : metropolis, css/distant.css, css/absente.css, "
            "https://example.org/x.css") in lines
    status, _, err = run("check", "--root", project)
    assert status == 0, err
