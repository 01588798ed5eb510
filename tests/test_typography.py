from opendata_course.site.typography import french_spacing


def test_spaces_before_double_punctuation_do_not_break():
    assert french_spacing("<h1>C'est quoi une donnée ?</h1>") == "<h1>C'est quoi une donnée\u202f?</h1>"
    assert french_spacing("<dt>Durée :</dt> Attention ! Oui ; non") == "<dt>Durée\u00a0:</dt> Attention\u202f! Oui\u202f; non"
    assert french_spacing("« Exempleville »") == "«\u202fExempleville\u202f»"


def test_code_scripts_attributes_and_times_are_untouched():
    html = '<p title="a ?">09:00 https://x.fr</p><pre><code>a ? b : c</code></pre><script>x ? y : z</script>'
    assert french_spacing(html) == html
    assert french_spacing("<code>a ?</code> b ?") == "<code>a ?</code> b\u202f?"


def test_digit_groups_stay_together():
    assert french_spacing("<p>3 500 habitants, 3 980 000 kg</p>") == "<p>3\u202f500 habitants, 3\u202f980\u202f000 kg</p>"
    # Not a year followed by a number, nor short groups, nor code.
    for html in ("<p>en 2019 200 jeux</p>", "<p>01 23 45</p>", "<code>4 210</code>", '<p title="4 210">x</p>'):
        assert french_spacing(html) == html
