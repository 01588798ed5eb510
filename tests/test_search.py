import json
from pathlib import Path

from opendata_course.site.search import Document, expansions, html_text, index_script, module_documents, record, stem, tokens


def test_tokens_fold_accents_drop_stop_words_and_plurals():
    assert tokens("Les données publiques") == ["donnee", "publique"]
    assert tokens("LICENCES, journaux") == ["licence", "journal"]
    assert tokens("accès") == ["acce"] == tokens("acces")


def test_stem_keeps_short_words_and_double_s():
    assert stem("bus") == "bus" and stem("process") == "process" and stem("prix") == "pri"


def test_html_text_skips_markup_and_scripts():
    assert html_text("<p>Un <strong>mot</strong></p><script>x()</script><li>deux</li>") == "Un mot deux"


def test_module_documents_split_on_h2():
    html = '<p>Intro</p><h2 id="a">Partie A</h2><p>Texte A</p><h2 id="b">Partie B</h2><p>Texte B</p>'
    docs = module_documents("modules/m/index.html", "Module", "Objectif", html)
    # The opening's body comes first (the snippet is a sentence), then the objectives and tags.
    assert [(d.url, d.section, d.text) for d in docs] == [
        ("modules/m/index.html", "", "Intro Objectif"),
        ("modules/m/index.html#a", "Partie A", "Texte A"),
        ("modules/m/index.html#b", "Partie B", "Texte B"),
    ]


def test_acronyms_and_expansions_find_each_other():
    acronyms = expansions({"RGPD": "Règlement général sur la protection des données"})
    short = json.loads(record(Document("a.html", "A", "", "Le RGPD s'applique.", "module"), acronyms))
    long = json.loads(record(Document("b.html", "B", "", "Le règlement général sur la protection des données.", "module"), acronyms))
    for words in (short[5].split(), long[5].split()):
        assert "rgpd" in words and "reglement" in words and "protection" in words


def test_a_record_lists_each_word_once():
    fields = json.loads(record(Document("a.html", "Données", "Partie", "Les données, des données ; licence", "module"), ()))
    assert fields == ["a.html", "Données", "Partie", "Les données, des données ; licence", "module", "donnee licence partie"]


def test_index_script_is_a_deterministic_script():
    records = [record(Document("a.html", "Licence", "", "Données", "module"), ())]
    script = index_script(records).decode()
    assert script.startswith('window.SEARCH_INDEX = {"docs":[["a.html","Licence"') and script.endswith("};\n")
    data = json.loads(script[len("window.SEARCH_INDEX = "):-2])
    assert data["docs"][0][5] == "donnee licence" and "les" in data["stop"]
    assert index_script(records) == index_script([record(Document("a.html", "Licence", "", "Données", "module"), ())])


def test_tokens_match_the_shared_vectors():
    """tests/fixtures/search-tokens.json is checked here and, against
    search.js, in test_site_browser.py: the two tokenisers agree."""
    vectors = json.loads((Path(__file__).parent / "fixtures" / "search-tokens.json").read_text(encoding="utf-8"))
    for text, expected in vectors:
        assert tokens(text) == expected, text


def test_a_snippet_has_typographic_apostrophes_and_the_same_words():
    fields = json.loads(record(Document("a.html", "A", "", "L'accès aux données", "module"), ()))
    assert fields[3] == "L’accès aux données" and fields[5] == "acce donnee"


def test_a_glossary_record_starts_with_its_definition():
    from conftest import FIXTURE_COURSE
    from opendata_course.load.project import load_course
    from opendata_course.site.pages import render_site

    course, _ = load_course(FIXTURE_COURSE)
    script = next(f for f in render_site(course) if f.path == "recherche/index.js").data.decode()
    docs = json.loads(script[len("window.SEARCH_INDEX = "):-2])["docs"]
    term = next(d for d in docs if d[0].startswith("glossaire/") and "RGPD" in d[1])
    definition = next(t for t in course.glossary.values() if "RGPD" in t.acronyms).definition
    assert term[3].startswith(definition[:30].replace("'", "’"))
