"""YAML loading that keeps line numbers and refuses duplicate keys.

Mappings load as LineDict and sequences as LineList: plain dict and list
subclasses that remember the 1-based line of each key or item, so that a
validation message can point at the offending line.
"""

from __future__ import annotations

import yaml

from ..problems import LocatedError


class LineDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class YamlError(LocatedError):
    pass


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise YamlError("clé invalide", key_node.start_mark.line + 1) from None
        if key in result:
            raise YamlError(f"clé « {key} » en double", key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    """A date-looking value that is no real date (2026-13-45) is a content
    error on its line, not a crash."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        raise YamlError(f"date invalide « {node.value} » : écrivez AAAA-MM-JJ", node.start_mark.line + 1) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; raise YamlError with an absolute line on failure.

    `first_line` is the file line of the text's first line (front-matter
    starts on line 2 of a module).
    """
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except YamlError as exc:
        raise YamlError(exc.message, exc.line + first_line - 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        problem = exc.problem or exc.context or "erreur"
        raise YamlError(f"YAML invalide : {_french_problem(problem)}", line + first_line - 1) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML invalide : {exc}", first_line) from None
    _shift_lines(data, first_line - 1)
    return data


def _french_problem(problem: str) -> str:
    known = {
        "mapping values are not allowed here": "« : » inattendu (une valeur contenant « : » doit être entre guillemets)",
        "could not find expected ':'": "« : » attendu",
        "found character '\\t' that cannot start any token": "tabulation interdite, indentez avec des espaces",
        "did not find expected key": "clé attendue (indentation incorrecte ?)",
        "found undefined alias": "alias inconnu",
        "expected <block end>, but found '-'": "élément de liste mal indenté",
    }
    for english, french in known.items():
        if problem.startswith(english):
            return french
    return problem


def _shift_lines(data, offset: int) -> None:
    if not offset:
        return
    if isinstance(data, LineDict):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, LineList):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift_lines(value, offset)
