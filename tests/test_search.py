from opendata_course.search import Document, build_index, html_text, index_script, module_documents, stem, tokens


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
    assert [(d.url, d.section, d.text) for d in docs] == [
        ("modules/m/index.html", "", "Objectif Intro"),
        ("modules/m/index.html#a", "Partie A", "Texte A"),
        ("modules/m/index.html#b", "Partie B", "Texte B"),
    ]


def test_acronyms_and_expansions_find_each_other():
    docs = [Document("a.html", "A", "", "Le RGPD s'applique.", "module"),
            Document("b.html", "B", "", "Le règlement général sur la protection des données.", "module")]
    index = build_index(docs, {"RGPD": "Règlement général sur la protection des données"})["index"]
    assert index["rgpd"] == [0, 1]
    assert index["reglement"] == [0, 1]


def test_index_script_is_a_deterministic_script():
    index = build_index([Document("a.html", "Être", "", "Données", "module")], {})
    script = index_script(index).decode()
    assert script.startswith("window.SEARCH_INDEX = {") and "Être" in script
    assert index_script(index) == index_script(build_index([Document("a.html", "Être", "", "Données", "module")], {}))
