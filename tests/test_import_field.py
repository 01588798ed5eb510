"""What sixteen public xaringan decks of the field write, that import must
carry over: a `{css}` chunk, remote backgrounds, chunks that print nothing,
`** loose bold**`, image macros, panelsets, template notes. Each deck
below is the smallest form of what was found in them."""

from conftest import make_project

from opendata_course.authoring.importer import parse_deck
from opendata_course.load.reader import PLACEHOLDER_MARK

HEADER = "---\ntitle: Cas\noutput:\n  xaringan::moon_reader:\n    seal: false\n---\n\n"


def deck(tmp_path, body):
    return parse_deck(HEADER + body, tmp_path, "cas")


def messages(result):
    return [(notice.line, notice.message) for notice in result.warnings]


def test_a_css_chunk_becomes_the_modules_stylesheet(run, tmp_path):
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "cas.Rmd").write_text(HEADER + "```{css, echo=FALSE}\n.petit { font-size: 60%; }\n```\n\n"
                                    "## Styles\n\n.petit[Texte en petit]\n", encoding="utf-8")
    project = make_project(tmp_path)
    status, _, err = run("import", "cas.Rmd", "--root", project, cwd=folder)
    assert status == 0, err
    text = (project / "content" / "modules" / "cas.md").read_text(encoding="utf-8")
    assert "\ncss: ../media/cas/cas-blocs.css\n" in text
    assert PLACEHOLDER_MARK not in text.split("---", 2)[2] and "font-size" not in text  # echo=FALSE: nothing on the slide
    assert (project / "content" / "media" / "cas" / "cas-blocs.css").read_text() == ".petit { font-size: 60%; }\n"
    status, _, err = run("build", "--root", project)
    assert status == 0, err
    style = (project / "_site" / "modules" / "cas" / "style.css").read_text()
    assert '.slide[data-module="cas"] .petit' in style


def test_a_css_chunk_the_loader_would_refuse_is_left_with_a_warning(tmp_path):
    result = deck(tmp_path, "```{css}\n@import url(https://fonts.example.org/x.css);\n```\n\n## Titre\n")
    assert "css" not in result.front and not result.written_styles
    assert messages(result)[0][0] == 8 and messages(result)[0][1].startswith("bloc css non repris (ligne 1 : « @import » refusé")
    assert "```css\n@import" in result.body  # echoed, as knitr shows it


def test_a_remote_background_is_removed_with_a_warning_so_that_the_site_builds(tmp_path):
    result = deck(tmp_path, "background-image: url(https://upload.example.org/seurat.jpg)\nbackground-size: cover\n"
                            "class: inverse\n\n# Titre\n")
    assert "seurat" not in result.body and "background-size: cover\nclass: inverse\n\n# Titre" in result.body
    assert messages(result) == [(8, "propriété background-image retirée : l'image distante https://upload.example.org/seurat.jpg "
                                    "ne s'afficherait pas hors ligne ; enregistrez-la dans content/media/cas/ et remettez la propriété")]
    assert result.remote_images == 0


def test_a_chunk_that_prints_nothing_leaves_no_result_to_fill_in(tmp_path):
    result = deck(tmp_path, "## Charger\n\n```{r}\nlibrary(dplyr)  # les verbes\ndf <- read.csv(\"a#b.csv\") %>%\n"
                            "  filter(x > 1)\n```\n\n```{r, echo=FALSE}\nx <- 1\n```\n\n```{r}\nsummary(df)\n```\n")
    assert result.body.count(PLACEHOLDER_MARK) == 1 and "résultat du bloc R" in result.body.split("summary(df)")[1]
    assert "```r\nlibrary(dplyr)" in result.body and "x <- 1" not in result.body
    assert [line for line, _ in messages(result)] == [20]  # the chunk of summary(df) only


def test_bold_with_spaces_inside_its_marks_stays_bold(tmp_path):
    result = deck(tmp_path, "** Séance 4 (à venir)** : présenter\n\n> ** La moitié des descriptions** et `a ** b **`\n")
    assert " **Séance 4 (à venir)** : présenter" in result.body
    assert ">  **La moitié des descriptions** et `a ** b **`" in result.body  # code is left alone


def test_image_macros_give_the_width_or_are_said(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = deck(tmp_path, ".center[![:scale 30%](logo.png)]\n\n![:rotation 90](logo.png)\n")
    assert '.center[<img src="../media/cas/logo.png" alt="" style="width: 30%">]' in result.body
    assert "\n![](../media/cas/logo.png)\n" in result.body and ":scale" not in result.body
    assert [line for line, _ in messages(result)] == [8, 10]


def test_a_panelset_is_said_to_show_its_panels_one_under_the_other(tmp_path):
    result = deck(tmp_path, "## Onglets\n\n.panelset[\n.panel[.panel-name[R]\nmean(x)\n]\n]\n")
    assert messages(result) == [(10, "onglets de xaringanExtra (.panelset) : ici, les panneaux s'affichent l'un sous l'autre ; "
                                     "scindez-les en étapes (--) ou en diapositives si la diapositive déborde")]


def test_a_slide_on_a_template_has_the_templates_notes_first(run, tmp_path):
    project = make_project(tmp_path)
    module = project / "content" / "modules" / "modele.md"
    module.write_text("---\ntitle: Modèle\nduration: 10min\nobjectives: [Lire]\n---\n\nname: base\n## Modèle\n\n???\n"
                      "Rappeler la consigne\n\n---\ntemplate: base\n\nSuite\n\n???\nPuis la suite\n", encoding="utf-8")
    status, _, err = run("build", "--root", project)
    assert status == 0, err
    trainer = (project / "_site" / "modules" / "modele" / "formateur.html").read_text()
    second = trainer.split("Suite", 1)[1]
    assert second.index("Rappeler la consigne") < second.index("Puis la suite")


def test_latex_formulas_are_said_not_to_be_typeset(tmp_path):
    result = deck(tmp_path, "## Moyenne\n\n$\\bar{x} = \\frac{1}{n}\\sum x_i$\n\nDe 15 $ à 20 $, et `$x_i$` en code.\n")
    assert [line for line, _ in messages(result)] == [10]
    assert messages(result)[0][1].startswith("formule LaTeX ($…$) : elle n'est pas composée ici")


def test_a_background_that_cannot_be_had_goes_without_ending_the_slides_properties(tmp_path):
    """xaringan's own skeleton deck: `background-image: url(`r xaringan:::karl()`)`; and a missing
    image after `class:` left an empty line, which made `background-size: cover` text on the slide."""
    result = deck(tmp_path, "class: inverse\nbackground-image: url(manque.png)\nbackground-size: cover\n\n# Un\n\n---\n"
                            "class: center\nbackground-image: url(`r xaringan:::karl()`)\nbackground-position: 50% 50%\n\n# Deux\n")
    assert "class: inverse\nbackground-size: cover\n\n# Un" in result.body
    assert "class: center\nbackground-position: 50% 50%\n\n# Deux" in result.body and PLACEHOLDER_MARK not in result.body
    assert "propriété background-image retirée : son image est calculée par R" in messages(result)[-1][1]


def test_an_image_in_the_yaml_title_is_handled_like_the_bodys(tmp_path):
    """A public deck's title held its logo, `<img src="img/sticker.png">`: missing from the deck's folder, it failed the build."""
    result = parse_deck('---\ntitle: \'Explorer <img src="img/sticker.png" alt="logo" height="70px">\'\n---\n\n# Suite\n', tmp_path, "cas")
    assert "# Explorer [À préciser : image introuvable à l'import, img/sticker.png]" in result.body
    assert messages(result)[0] == (2, "image introuvable : img/sticker.png (remplacée par une mention à compléter)")
