import pytest

from opendata_course.markup.extension import Cited, Options, make_markdown
from opendata_course.markup.convert import join_parts
from opendata_course.markup.views import SlideText, convert_views
from opendata_course.markup.slides import split_slides
from opendata_course.markup.grammar import ClassSyntaxError, check_blocks, expand_classes, scan_prose


def views(slides, **kwargs):
    options = Options(
        cite=lambda i: Cited(f"#ref-{i}", i.upper(), f"Titre {i}") if i != "inconnu" else None,
        term=lambda t: Cited("#terme", t, "définition") if t != "inconnu" else None,
        **kwargs,
    )
    return convert_views(make_markdown(options), slides, "m-", "Notes")


def convert(text, view="page", **kwargs):
    """One slide: its deck HTML ("slides") or the handout ("page")."""
    result = views([SlideText(text)], **kwargs)
    return result.slides[0][0] if view == "slides" else result.handout


def test_handout_block_only_in_pages():
    text = "Diapo\n\n::: handout\nLong texte\n:::\n\n::: slides\nÀ l'écran\n:::"
    assert "Long texte" in convert(text, "page") and "À l'écran" not in convert(text, "page")
    assert "Long texte" not in convert(text, "slides") and "À l'écran" in convert(text, "slides")


def test_nested_blocks_without_blank_lines():
    html = convert("::: exercise Classer (20min)\nFaites ceci.\n::: solution\nVoilà.\n:::\n:::\nAprès")
    assert '<div class="exercise" data-duration="20">' in html
    assert "Exercice — Classer" in html and "(20 min)" in html
    assert "<details class=\"solution\">\n<summary>Voir la solution</summary>\n<p>Voilà.</p>" in html.replace("Solution", "Voir la solution")
    assert html.rstrip().endswith("<p>Après</p>")


def test_quiz_structure():
    html = convert(
        "::: quiz\nQuelle licence ?\n\n- [ ] Licence Ouverte 2.0\n- [x] ODbL 1.0\n\n> Partage à l'identique.\n:::",
        "slides",
    )
    assert 'class="quiz" data-quiz="single"' in html
    assert 'id="m-s1-quiz-1-q"' in html  # unique when modules share a day deck
    assert '<li data-correct="true"><label><input name="m-s1-quiz-1" type="radio" value="2"> ODbL 1.0</label></li>' in html
    assert "Bonne réponse : ODbL 1.0" in html
    assert "<p>Partage à l'identique.</p>" in html


def test_quiz_with_several_answers_uses_checkboxes():
    html = convert("::: quiz\nQ ?\n\n- [x] A\n- [x] B\n- [ ] C\n:::")
    assert 'data-quiz="multiple"' in html and 'type="checkbox"' in html


def test_callouts_have_default_titles():
    html = convert("::: law\nTexte\n:::", strings={"callout_law": "Ce que dit le droit"})
    assert '<div class="callout callout-law" role="note">' in html
    assert "Ce que dit le droit" in html


def test_citations_and_terms():
    html = convert("Selon [@crpa; @rgpd] la [[donnée publique|donnée]] et [[inconnu]].")
    assert '<span class="citation">[<a href="#ref-crpa" title="Titre crpa">CRPA</a>; <a href="#ref-rgpd" title="Titre rgpd">RGPD</a>]</span>' in html
    assert '<a class="term" href="#terme" title="définition">donnée</a>' in html
    assert '<span class="term missing">inconnu</span>' in html


def test_nothing_is_touched_inside_code():
    html = convert("```\n::: quiz\n[@x] [[y]]\n```\n\n`[@x]`")
    assert "citation" not in html and "quiz" in html and "term" not in html


def test_steps_are_marked_in_decks():
    slide = split_slides("## T\n\n- a\n--\n- b\n--\n\nFin\n")[0]
    html = convert(join_parts(slide.parts), "slides")
    assert "<li>a</li>\n<li data-step=\"1\">b</li>" in html
    assert '<p data-step="2">Fin</p>' in html


def test_steps_vanish_in_handouts():
    slide = split_slides("- a\n--\n- b\n")[0]
    assert convert(join_parts(slide.parts)) == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_handout_headings_start_at_h2_and_title_is_dropped():
    html = convert("# Titre\n\nIntro\n\n# Partie\n\n## Sous-partie")
    assert "Titre" not in html
    assert '<h2 id="partie">Partie</h2>' in html and '<h3 id="sous-partie">Sous-partie</h3>' in html


@pytest.mark.parametrize("source, expected", [
    (".red[attention]", '<span class="red">attention</span>'),
    ("Un .red[mot] ici", 'Un <span class="red">mot</span> ici'),
    ("Un .reduite.center[texte] centré", 'Un <span class="reduite center">texte</span> centré'),
    # remark's alignment classes are blocks: alone on their line, a div
    (".reduite.center[texte]", "::: .reduite.center\ntexte\n:::\n"),
    (".a[x .b[y] z]", '<span class="a">x <span class="b">y</span> z</span>'),
    ("voir data.gouv.fr[1]", "voir data.gouv.fr[1]"),
    ("`.red[code]`", "`.red[code]`"),
])
def test_inline_classes(source, expected):
    assert expand_classes(source, 1) == expected


def test_block_classes_with_closer_on_a_content_line():
    text = ".left-column[\n- A\n- B]\n\n.right-column[\n.red[Texte]\n]"
    html = convert(text, "slides")
    assert '<div class="left-column">\n<ul>\n<li>A</li>\n<li>B</li>\n</ul>\n</div>' in html
    assert '<div class="right-column">\n<p><span class="red">Texte</span></p>\n</div>' in html


def test_nested_block_classes():
    html = convert(".pull-left[\n.footnote[\nNote]\n]", "slides")
    assert '<div class="pull-left">\n<div class="footnote">\n<p>Note</p>\n</div>\n</div>' in html


def test_unclosed_class_reports_its_line():
    with pytest.raises(ClassSyntaxError) as info:
        expand_classes("Texte\n\n.left-column[\n- A\n", 10)
    assert info.value.line == 12
    assert "left-column" in info.value.message


def test_check_blocks():
    assert check_blocks("::: note\nTexte\n", 5) == [(5, "bloc « ::: note » non fermé : ajoutez une ligne « ::: » avant la fin de la diapositive")]
    problems = check_blocks("::: notes\nx\n:::", 1)
    assert problems[0][0] == 1 and "« ::: notes » inconnu" in problems[0][1] and "note" in problems[0][1]
    assert check_blocks("::: quiz\nQ ?\n- [ ] a\n:::", 3) == [(3, "quiz sans bonne réponse : cochez-en au moins une avec « - [x] »")]
    assert check_blocks("```\n::: note\n```", 1) == []


def test_scanners_report_lines():
    text = "A [@loi] et [[terme]]\n\n```\n[@pas-ici]\n```\n![alt](img.png) <img src=\"b.png\">"
    found = scan_prose(text, 10)
    assert [(f.line, f.value) for f in found.citations] == [(10, "loi")]
    assert [(f.line, f.value) for f in found.terms] == [(10, "terme")]
    assert [(f.line, f.value, f.extra) for f in found.images] == [(15, "img.png", "alt"), (15, "b.png", None)]
    # url() is an image in a tag's style only, not in prose that shows CSS.
    prose = scan_prose("Voir [la doc](x.html) : background: url(fond.png).\n<p style=\"background: url(a.png)\">x</p>", 1)
    assert [(f.line, f.value) for f in prose.images] == [(2, "a.png")]


def test_an_empty_table_corner_is_not_a_header():
    html = convert("| | 2025 |\n|---|---|\n| Budget | 10 |")
    assert "<td></td>" in html and "<th>2025</th>" in html and "<th></th>" not in html


def test_one_conversion_gives_each_view_its_parts():
    result = views([
        SlideText("# Titre\n\n- a\n- @@step:1@@ b\n\n::: handout\nLong texte\n:::\n\n::: slides\nÀ l'écran\n:::",
                  notes="## Conseil\n\nDire ceci.", layout=".footnote[Pied]"),
        SlideText("## Suite\n\n::: quiz\nQ ?\n\n- [x] A\n- [ ] B\n:::"),
    ])
    (first, first_notes), (second, second_notes) = result.slides
    assert '<li data-step="1">b</li>' in first and "À l'écran" in first and "Long texte" not in first
    assert first.startswith('<p><span class="footnote">Pied</span></p>') and "Pied" not in result.handout  # the layout is the deck's
    assert "<h2" in first_notes and "Dire ceci." in first_notes and second_notes == ""
    assert 'id="m-s2-quiz-1-q"' in second
    for page in (result.handout, result.trainer):
        assert "Titre" not in page and "@@step" not in page and "data-step" not in page
        assert "Long texte" in page and "À l'écran" not in page and "_view" not in page and "_part" not in page
        assert '<h2 id="suite">Suite</h2>' in page and 'id="quiz-1-q"' in page
    assert "Dire ceci." not in result.handout
    assert '<div class="speaker-notes" role="note">\n<p class="block-title">Notes</p>' in result.trainer
    assert result.trainer.index("Dire ceci.") < result.trainer.index("Suite")


def test_an_unclosed_html_tag_or_fence_stays_in_its_slide():
    result = views([SlideText('<div class="x">\n\nouvert'), SlideText("```\ncode ouvert"), SlideText("## Fin\n\nTexte")])
    assert "<h2>Fin</h2>" in result.slides[2][0] and "Fin" not in result.slides[0][0] + result.slides[1][0]
    assert '<h2 id="fin">Fin</h2>' in result.handout


def test_the_checker_and_the_renderer_read_a_quiz_alike():
    """One grammar: what the checker accepts, the renderer shows whole."""
    from opendata_course.markup.grammar import split_quiz

    accepted = "::: quiz\n\nQuelle licence ?\n\n- [ ] A\n- [x] B\n\n> Parce que.\n:::"
    assert check_blocks(accepted, 1) == []
    html = make_markdown(Options()).convert(accepted)
    assert "<p>Quelle licence ?</p>" in html and "Parce que." in html
    assert split_quiz("Quelle licence ?\n\n- [ ] A\n- [x] B")[0] == "Quelle licence ?"
    # A question after the options would be shown as the explanation, the
    # question left empty: the checker refuses it.
    late = "::: quiz\n- [ ] A\n- [x] B\n\nQuestion après ?\n:::"
    assert check_blocks(late, 1) == [(1, "quiz sans question : écrivez la question avant les réponses")]


def test_raw_html_links_in_either_quotes_are_relinked():
    """The checker finds `<img src='…'>` and `url( … )` (markup/grammar.py): so must the relinking."""
    from opendata_course.markup.extension import relink_raw

    moved = relink_raw("<img src='a.png' alt=\"A\"><div style=\"background: url( b.png ), url('c%20d.png')\"></div>",
                       lambda url: "@@ROOT@@/" + url)
    assert moved == "<img src='@@ROOT@@/a.png' alt=\"A\"><div style=\"background: url(@@ROOT@@/b.png), url(@@ROOT@@/c%20d.png)\"></div>"


@pytest.mark.parametrize("source, expected", [
    ("voir https://x.fr/a?b=1.", 'voir <a href="https://x.fr/a?b=1">https://x.fr/a?b=1</a>.'),
    ("(voir https://x.fr/a_(b))", '(voir <a href="https://x.fr/a_(b)">https://x.fr/a_(b)</a>)'),
    ("**https://x.fr**", '<strong><a href="https://x.fr">https://x.fr</a></strong>'),
    # Already links, or code: left as they are (no link inside a link).
    ("[https://x.fr](https://x.fr)", '<a href="https://x.fr">https://x.fr</a>'),
    ('<a href="https://x.fr">https://x.fr</a>', '<a href="https://x.fr">https://x.fr</a>'),
    ("<https://x.fr>", '<a href="https://x.fr">https://x.fr</a>'),
    ("`https://x.fr`", "<code>https://x.fr</code>"),
])
def test_a_bare_address_is_a_link_as_in_remark(source, expected):
    assert convert(source, "slides") == f"<p>{expected}</p>"


def test_a_list_may_follow_a_line_of_inline_class():
    """xaringan decks write `.red[**Titre**]` then a list right under it: remark shows a list."""
    html = convert(".red[**Transparence**]\n- Ouvrir les données\n- Expliquer", "slides")
    assert '<p><span class="red"><strong>Transparence</strong></span></p>\n<ul>\n<li>Ouvrir les données</li>' in html


def test_task_lists_are_boxes_with_a_name_not_brackets():
    html = convert("- [ ] Réserver la salle\n- [x] Envoyer le programme\n- [@ref] citée", "slides")
    assert '<li class="task"><span aria-label="à faire" class="task-box" role="img">☐</span> Réserver la salle</li>' in html
    assert '<li class="task"><span aria-label="fait" class="task-box" role="img">☑</span> Envoyer le programme</li>' in html
    assert "<li><span class=\"citation\">" in html and "[ ]" not in html
