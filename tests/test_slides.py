from opendata_course.markup.slides import class_list, split_slides

BODY = """\
# Titre

Intro
---
class: center, middle
name: definition

## Une donnée

```
---
--
???
```
--
Deuxième étape
???
Notes de l'étape 2
--
Troisième
???
Notes 3
---
class:inverse,reduite
Contenu
"""


def test_slides_split_on_dashes_outside_code():
    slides = split_slides(BODY, first_line=10)
    assert len(slides) == 3
    assert [s.line for s in slides] == [10, 14, 33]


def test_properties_and_their_lines():
    slides = split_slides(BODY, first_line=10)
    assert slides[1].properties == {"class": "center, middle", "name": "definition"}
    assert slides[1].property_lines == {"class": 14, "name": 15}
    assert class_list(slides[2].properties["class"]) == ["inverse", "reduite"]


def test_steps_and_notes():
    slide = split_slides(BODY, first_line=10)[1]
    assert len(slide.parts) == 3
    assert "```\n---\n--\n???\n```" in slide.parts[0].text
    assert slide.parts[1].text == "Deuxième étape"
    assert slide.parts[1].notes == "Notes de l'étape 2"
    assert slide.parts[1].notes_line == 27
    assert slide.parts[2].notes == "Notes 3"
    assert slide.notes == "Notes de l'étape 2\n\nNotes 3"


def test_a_colon_line_that_is_not_a_property_stays_content():
    slide = split_slides("Note: ceci est du texte\n")[0]
    assert slide.properties == {}
    assert "Note: ceci" in slide.parts[0].text


def test_empty_class_value():
    slide = split_slides("class:\n\nTexte\n")[0]
    assert class_list(slide.properties["class"]) == []
