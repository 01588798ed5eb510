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


MAX_DEPTH = 50  # nested mappings and lists: deeper is a mistake, or an attack


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases (a few lines of `*a` can expand to
    billions of values, and a shared value would carry one line for two
    places) and with a bounded depth."""

    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise YamlError(f"alias YAML « *{event.anchor} » refusé : recopiez la valeur", event.start_mark.line + 1)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlError(f"YAML imbriqué sur plus de {MAX_DEPTH} niveaux", self.peek_event().start_mark.line + 1)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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


class Sexagesimal(int):
    """An integer that YAML 1.1 read from « 9:30 » (base 60: 570), so a time
    of day; a bare « 9 » is not one (reader.Reader.clock)."""


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    value = loader.construct_yaml_int(node)
    return Sexagesimal(value) if ":" in node.value else value


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
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
        problem, mark = _french_problem(exc)
        line = (mark.line + 1) if mark else 1
        raise YamlError(f"YAML invalide : {problem}", line + first_line - 1) from None
    except yaml.YAMLError:
        raise YamlError("YAML invalide", first_line) from None
    _shift_lines(data, first_line - 1)
    return data


def _french_problem(exc: yaml.MarkedYAMLError):
    """The problem in French, and the mark of the line to show: where a
    quote or a bracket was opened rather than the end of the file."""
    problem, context = exc.problem or "", exc.context or ""
    if problem.startswith("found unexpected end of stream") and "quoted scalar" in context:
        return "guillemet ouvert ici et jamais fermé", exc.context_mark or exc.problem_mark
    if "flow sequence" in context or "flow mapping" in context:
        return "crochet ou accolade ouvert ici et jamais fermé", exc.context_mark or exc.problem_mark
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.rsplit(" ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")  # as the author wrote it
        return f"étiquette YAML « {tag} » inconnue : retirez-la (écrivez la valeur seule)", exc.problem_mark
    known = {
        "mapping values are not allowed here": "« : » inattendu (une valeur contenant « : » doit être entre guillemets)",
        "could not find expected ':'": "« : » attendu",
        "found character '\\t' that cannot start any token": "tabulation interdite, indentez avec des espaces",
        "found character": "caractère interdit à cet endroit",
        "did not find expected key": "clé attendue (indentation incorrecte ?)",
        "did not find expected node content": "valeur attendue",
        "did not find expected '-' indicator": "élément de liste « - » attendu",
        "found undefined alias": "alias inconnu",
        "found unhashable key": "clé invalide",
        "found duplicate anchor": "ancre YAML en double",
        "expected <block end>, but found '-'": "élément de liste mal indenté",
        "expected <block end>": "indentation incorrecte",
        "expected ',' or ']'": "« , » ou « ] » attendu",
        "expected ',' or '}'": "« , » ou « } » attendu",
        "found unknown escape character": "séquence d'échappement inconnue entre guillemets",
        "expected alphabetic or numeric character": "nom d'ancre ou d'alias invalide",
        "found unexpected end of stream": "fin de fichier inattendue",
        "expected a single document": "un seul document YAML attendu (retirez le second « --- »)",
    }
    for english, french in known.items():
        if problem.startswith(english):
            return french, exc.problem_mark or exc.context_mark
    return "syntaxe incorrecte", exc.problem_mark or exc.context_mark


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
