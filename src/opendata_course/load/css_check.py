"""One stylesheet of a module, parsed with tinycss2, checked and written
back scoped to the module's slides (stylesheets.py says what is allowed)."""

from __future__ import annotations

from pathlib import Path

import tinycss2
from tinycss2 import ast
from tinycss2.serializer import serialize_identifier, serialize_url

from ..markup.grammar import ROOT, elsewhere
from ..problems import Problems
from .reader import course_file
from .css_scope import SelectorProblem, scope_selectors

REMOTE_HINT = "une feuille de style de module ne charge que des fichiers de content/, par un chemin relatif"
FORBIDDEN_PROPERTIES = ("behavior", "-moz-binding")
UNREADABLE = {
    "bad-url": "url() mal formée (parenthèse, guillemet ou espace dans l'adresse : mettez-la entre guillemets)",
    "bad-string": "texte entre guillemets jamais fermé",
}
URL_STRINGS = ("image-set", "-webkit-image-set")  # functions whose strings are addresses


class Scoper:
    """Checks one stylesheet and writes it back scoped; every problem goes
    to `problems` at the CSS file's line; `assets`: the files its urls name."""

    def __init__(self, path: Path, slug: str, content: Path, problems: Problems) -> None:
        self.path, self.slug, self.problems = path, slug, problems
        self.content = content.resolve()
        self.assets: list[Path] = []

    def error(self, line: int, message: str) -> None:
        self.problems.error(self.path, line, message)

    def warn(self, line: int, message: str) -> None:
        self.problems.warn(self.path, line, message)

    def stylesheet(self, text: str) -> str:
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        return "".join(self.rule(rule) for rule in rules)

    def rule(self, node) -> str:
        if node.type == "error":
            self.error(node.source_line, "CSS illisible : une règle sans bloc { … }, ou un bloc mal fermé")
            return ""
        if node.type == "at-rule":
            return self.at_rule(node)
        try:
            selectors, warnings = scope_selectors(node.prelude, self.slug)
        except SelectorProblem as problem:
            self.error(node.source_line, problem.message)
            return ""
        for message in warnings:
            self.warn(node.source_line, message)
        body = self.declarations(node.content, node.source_line)
        return f"{selectors} {{{body}}}\n" if selectors else ""

    def at_rule(self, node) -> str:
        name, line = node.lower_at_keyword, node.source_line
        if name == "import":
            self.error(line, f"« @import » refusé : {REMOTE_HINT} ; nommez chaque feuille dans « css: »")
            return ""
        if name == "charset":  # the file is UTF-8, read as such
            return ""
        if name not in ("media", "font-face"):
            self.warn(line, f"règle « @{node.at_keyword} » ignorée : une feuille de style de module ne garde que @media et @font-face")
            return ""
        if node.content is None:
            self.error(line, f"« @{node.at_keyword} » sans bloc {{ … }}")
            return ""
        if name == "font-face":
            return f"@font-face {{{self.declarations(node.content, line)}}}\n"
        inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
        body = "".join(self.rule(rule) for rule in inner)
        condition = " ".join(tinycss2.serialize(self.value(node.prelude, line)).split())
        return f"@media {condition} {{\n{body}}}\n" if body else ""

    def declarations(self, content: list, line: int) -> str:
        out = []
        for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
            if item.type == "error":
                self.error(item.source_line, "déclaration illisible : « propriété: valeur; » attendu")
            elif item.type == "declaration":
                if item.lower_name in FORBIDDEN_PROPERTIES:
                    self.error(item.source_line, f"propriété « {item.lower_name} » refusée : elle exécute du code")
                    continue
                value = tinycss2.serialize(self.value(item.value, item.source_line)).strip()
                important = " !important" if item.important else ""
                out.append(f"  {serialize_identifier(item.name)}: {value}{important};\n")
            else:
                self.warn(item.source_line, "règle imbriquée ignorée : écrivez-la à part, avec son sélecteur complet")
        return "\n" + "".join(out) if out else " "

    def value(self, tokens: list, line: int) -> list:
        """Tokens with each url() checked and pointed at the site's copy."""
        out = []
        for token in tokens:
            where = getattr(token, "source_line", line) or line
            if token.type == "error":  # a bad url(…), an unclosed string, a stray ) or ]: one line, not one per token
                self.error(where, f"CSS illisible : {UNREADABLE.get(token.kind) or f'« {token.kind} » fermant sans ouvrant'}")
                return out
            elif token.type == "url":
                out.append(self.url(token.value, where))
            elif token.type == "function":
                name = token.lower_name
                if name == "expression":
                    self.error(where, "« expression( » refusé : elle exécute du code")
                    out.append(ast.IdentToken(where, 0, "none"))
                elif name == "url":
                    args = [a for a in token.arguments if a.type not in ("whitespace", "comment")]
                    if len(args) == 1 and args[0].type == "string":
                        out.append(self.url(args[0].value, where))
                    else:
                        self.error(where, f"url() illisible : « {tinycss2.serialize([token])} »")
                elif name in URL_STRINGS:
                    args = [self.url(a.value, where) if a.type == "string" else a for a in token.arguments]
                    out.append(ast.FunctionBlock(where, 0, token.name, self.value(args, where)))
                else:
                    out.append(ast.FunctionBlock(where, 0, token.name, self.value(token.arguments, where)))
            elif token.type == "() block":
                out.append(ast.ParenthesesBlock(where, 0, self.value(token.content, where)))
            elif token.type == "[] block":
                out.append(ast.SquareBracketsBlock(where, 0, self.value(token.content, where)))
            elif token.type == "{} block":
                out.append(ast.CurlyBracketsBlock(where, 0, self.value(token.content, where)))
            else:
                out.append(token)
        return out

    def url(self, address: str, line: int):
        """A url() naming a file of content/, as the site's copy (from its root)."""
        address = address.strip()
        kept = ast.IdentToken(line, 0, "none")
        if not address or address.startswith(("#", "/", "\\")) or elsewhere(address):
            self.error(line, f"adresse « {address} » refusée : {REMOTE_HINT}")
            return kept
        suffix = address[len(address.split("#")[0].split("?")[0]):]
        target = course_file(self.path.parent, address, self.content)
        if target == "outside":
            self.error(line, f"chemin « {address} » hors du dossier content/")
            return kept
        if target == "missing":
            self.error(line, f"fichier introuvable : {address}")
            return kept
        self.assets.append(target)
        new = ROOT + target.relative_to(self.content).as_posix() + suffix
        return ast.URLToken(line, 0, new, f"url({serialize_url(new)})")
