from opendata_course.markup.typography import apostrophes, french_spacing

NBSP, NARROW, NB_HYPHEN = "\u00a0", "\u202f", "\u2011"


def test_spaces_before_double_punctuation_do_not_break():
    assert french_spacing("<h1>C'est quoi une donnée ?</h1>") == "<h1>C’est quoi une donnée\u202f?</h1>"
    assert french_spacing("<dt>Durée :</dt> Attention ! Oui ; non") == "<dt>Durée\u00a0:</dt> Attention\u202f! Oui\u202f; non"
    assert french_spacing("« Exempleville »") == "«\u202fExempleville\u202f»"


def test_code_scripts_attributes_and_times_are_untouched():
    html = '<p title="a ? l\'x 30 min">09:00 https://x.fr</p><pre><code>a ? b : c l\'x 3-4</code></pre><script>x ? y : z</script>'
    assert french_spacing(html) == html
    assert french_spacing("<code>a ?</code> b ?") == "<code>a ?</code> b\u202f?"


def test_digit_groups_stay_together():
    assert french_spacing("<p>3 500 habitants, 3 980 000 kg</p>") == f"<p>3{NARROW}500{NBSP}habitants, 3{NARROW}980{NARROW}000{NBSP}kg</p>"
    # Not a year followed by a number, nor short groups, nor code.
    for html in ("<p>en 2019 200 jeux</p>", "<p>01 23 45</p>", "<code>4 210</code>", '<p title="4 210">x</p>'):
        assert french_spacing(html) == html


def test_numbers_and_units_stay_together():
    assert french_spacing("<td>30 min</td>") == f"<td>30{NBSP}min</td>"
    assert french_spacing("<p>9 h 30, 2 h, 15 %, 23 000 €</p>") == f"<p>9{NBSP}h{NBSP}30, 2{NBSP}h, 15{NBSP}%, 23{NARROW}000{NBSP}€</p>"
    # A time range breaks after its dash, never before.
    assert french_spacing("<td>09:00 – 10:15</td>") == f"<td>09:00{NBSP}– 10:15</td>"
    # A word that merely starts like a unit is not one.
    assert french_spacing("<p>3 hommes, 2 minces</p>") == "<p>3 hommes, 2 minces</p>"


def test_article_numbers_do_not_break():
    assert french_spacing("<p>l'article L312-1-1 du CRPA</p>") == f"<p>l’article{NBSP}L312{NB_HYPHEN}1{NB_HYPHEN}1 du CRPA</p>"
    assert french_spacing("<p>art. 14, n° 2016-1321</p>") == f"<p>art.{NBSP}14, n°{NBSP}2016{NB_HYPHEN}1321</p>"
    assert french_spacing("<p>L. 321-2</p>") == f"<p>L.{NBSP}321{NB_HYPHEN}2</p>"


def test_addresses_shown_as_text_are_copied_as_they_are():
    html = '<p><a href="https://x.fr/loi-2016-1321">https://x.fr/loi-2016-1321</a> www.x.fr/l\'a contact@x-2-3.fr</p>'
    assert french_spacing(html) == html


def test_apostrophes_become_typographic_outside_code_and_attributes():
    assert french_spacing("<p>aujourd&#39;hui l'ODbL</p>") == "<p>aujourd’hui l’ODbL</p>"
    assert french_spacing("<p>'cité'</p>") == "<p>'cité'</p>"  # not between two letters
    assert apostrophes("l'accès, 'x'") == "l’accès, 'x'"


def test_a_day_stays_with_its_month():
    assert french_spacing("<p>le 1er mars 2027, le 22 novembre</p>") == f"<p>le 1er{NBSP}mars 2027, le 22{NBSP}novembre</p>"
    assert french_spacing("<p>pour mars</p>") == "<p>pour mars</p>"
