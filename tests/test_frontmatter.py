import pytest

from opendata_course.load.frontmatter import FrontMatterError, split
from opendata_course.load.yaml_lines import YamlError, load_yaml


def test_split_keeps_line_numbers():
    result = split("---\ntitle: A\nduration: 1h\n---\n\n# A\n")
    assert result.meta_text == "title: A\nduration: 1h"
    assert result.meta_line == 2
    assert result.body == "\n# A\n"
    assert result.body_line == 5


def test_no_front_matter():
    result = split("# Titre\n")
    assert result.meta_text is None
    assert result.body == "# Titre\n" and result.body_line == 1


def test_bom_and_crlf_are_normalised():
    result = split("\ufeff---\r\ntitle: A\r\n---\r\nTexte\r\n")
    assert result.meta_text == "title: A"
    assert result.body == "Texte\n"


def test_unclosed_front_matter_is_an_error_on_line_1():
    with pytest.raises(FrontMatterError) as info:
        split("---\ntitle: A\n\n# A\n")
    assert info.value.line == 1


def test_yaml_lines_are_absolute():
    data = load_yaml("title: A\nobjectives:\n  - un\n  - deux\n", first_line=2)
    assert data.line_of("title") == 2
    assert data["objectives"].line_of(1) == 5


def test_yaml_error_line_is_absolute():
    with pytest.raises(YamlError) as info:
        load_yaml("title: A\nduration: 1h: 30\n", first_line=2)
    assert info.value.line == 3
    assert "guillemets" in info.value.message


def test_duplicate_key_is_refused():
    with pytest.raises(YamlError) as info:
        load_yaml("title: A\ntitle: B\n")
    assert info.value.line == 2
    assert "en double" in info.value.message
