import json
from pathlib import Path

from opendata_course.site.search import BLOCK, Document, expansions, html_text, index_files, module_documents, record, stem, tokens


def test_tokens_fold_accents_drop_stop_words_and_plurals():
    assert tokens("Les données publiques") == ["donnee", "publique"]
    assert tokens("LICENCES, journaux") == ["licence", "journal"]
    assert tokens("accès") == ["acce"] == tokens("acces")


def test_stem_keeps_short_words_and_double_s():
    assert stem("bus") == "bus" and stem("process") == "process" and stem("prix") == "pri"


def test_html_text_skips_markup_and_scripts():
    assert html_text("<p>Un <strong>mot</strong></p><script>x()</script><li>deux</li>") == "Un mot deux"


def test_a_diagram_is_found_by_its_text_alternative():
    html = '<p><img src="lo-odbl.svg" alt="Seule l&#x27;ODbL impose le partage à l&#x27;identique."></p>'
    assert html_text(html) == "Seule l'ODbL impose le partage à l'identique."


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
    short = record(Document("a.html", "A", "", "Le RGPD s'applique.", "module"), acronyms)
    long = record(Document("b.html", "B", "", "Le règlement général sur la protection des données.", "module"), acronyms)
    for words in (short.words.split(), long.words.split()):
        assert "rgpd" in words and "reglement" in words and "protection" in words


def test_a_title_that_spells_out_an_acronym_is_titled_by_it_too():
    """« scdl » finds first the module titled « Le Socle commun des données locales », not its sections that say SCDL."""
    acronyms = expansions({"SCDL": "Socle commun des données locales"})
    module = record(Document("a.html", "Le Socle commun des données locales", "", "Douze schémas.", "module"), acronyms)
    section = record(Document("a.html#s", "Le Socle commun des données locales", "Lire un schéma SCDL", "", "module"), acronyms)
    assert "scdl" in module.titled.split()
    assert {"scdl", "socle", "commun", "locale"} <= set(section.titled.split())


def test_a_record_lists_each_word_once_and_its_title_words():
    fields = record(Document("a.html", "Données", "Partie", "Les données, des données ; licence", "module"), ())
    assert fields.words == "donnee licence partie" and fields.titled == "donnee partie"
    assert json.loads(fields.shown) == ["a.html", "Données", "Partie", "Les données, des données ; licence"]


def script_data(data: bytes, prefix: str):
    text = data.decode()
    assert text.startswith(prefix) and text.endswith(");\n" if "PART" in prefix else ";\n")
    return json.loads(text[len(prefix):-3 if "PART" in prefix else -2])


def test_the_index_is_word_files_and_blocks_of_documents_numbered_by_title():
    records = [record(Document(f"{name}.html", title, section, text, kind), ()) for name, title, section, text, kind in (
        ("b", "Licences", "", "La licence ouverte et la donnée", "module"),
        ("b2", "Licences", "Choisir", "Comparer les licences", "module"),
        ("a", "Accès aux documents", "", "Le droit d'accès, la licence", "glossaire"),
    )]
    files = dict(index_files(records))
    table = script_data(files["index.js"], "window.SEARCH_INDEX = ")
    assert table["count"] == 3 and table["block"] == BLOCK and "les" in table["stop"]
    assert table["words"] == sorted(path[len("mots/"):-3] for path in files if path.startswith("mots/"))
    # Documents by title: « Accès… » is 0, then the module's opening (1), then its section (2).
    docs = script_data(files["docs/0.js"], 'window.SEARCH_PART("d0", ')
    assert [d[0] for d in docs] == ["a.html", "b.html", "b2.html"] and docs[1] == ["b.html", "Licences", "", "La licence ouverte et la donnée"]
    words = script_data(files["mots/li.js"], 'window.SEARCH_PART("mli", ')
    # × 4, + 1 where the word is in the title or section, + 2 for a module's opening.
    assert words["licence"] == [0 * 4, 1 * 4 + 1 + 2, 2 * 4 + 1]
    assert index_files(records) == index_files(list(reversed(records)))  # deterministic


def test_documents_come_in_blocks():
    records = [record(Document(f"{n}.html", f"Titre {n:04d}", "", "mot", "module"), ()) for n in range(BLOCK + 1)]
    files = dict(index_files(records))
    assert len(script_data(files["docs/0.js"], 'window.SEARCH_PART("d0", ')) == BLOCK
    assert script_data(files["docs/1.js"], 'window.SEARCH_PART("d1", ') == [[f"{BLOCK}.html", f"Titre {BLOCK:04d}", "", "mot"]]


def test_tokens_match_the_shared_vectors():
    """tests/fixtures/search-tokens.json is checked here and, against
    search.js, in test_site_browser.py: the two tokenisers agree."""
    vectors = json.loads((Path(__file__).parent / "fixtures" / "search-tokens.json").read_text(encoding="utf-8"))
    for text, expected in vectors:
        assert tokens(text) == expected, text


def test_a_snippet_has_typographic_apostrophes_and_the_same_words():
    fields = record(Document("a.html", "A", "", "L'accès aux données", "module"), ())
    assert json.loads(fields.shown)[3] == "L’accès aux données" and fields.words == "acce donnee"
    english = record(Document("a.html", "A", "", "The data's licence", "module"), (), french=False)
    assert json.loads(english.shown)[3] == "The data's licence"  # as an English course's pages write it


def test_a_glossary_record_starts_with_its_definition():
    from conftest import FIXTURE_COURSE
    from opendata_course.load.project import load_course
    from opendata_course.site.pages import render_site

    course, _ = load_course(FIXTURE_COURSE)
    docs = [doc for f in render_site(course) if f.path.startswith("recherche/docs/")
            for doc in script_data(f.data, f'window.SEARCH_PART("d{f.path[len("recherche/docs/"):-3]}", ')]
    term = next(d for d in docs if d[0].startswith("glossaire/") and "RGPD" in d[1])
    definition = next(t for t in course.glossary.values() if "RGPD" in t.acronyms).definition
    assert term[3].startswith(definition[:30].replace("'", "’"))
