"""A deck's remark body: inline R, R chunks, images, classes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote


from ..markup import grammar as syntax
from ..markup.slides import PROPERTY, split_slides
from ..load.reader import PLACEHOLDER_MARK
from .deck_values import CHUNK, CLASS_ALIASES, HTML_LINK, INCLUDE_GRAPHICS, INLINE_R, LINK_TARGET, Notice, THEME_CLASSES
from .r_values import evaluate, prints_nothing


# --- the body ------------------------------------------------------------------

class _Body:
    """One pass over the body lines, in document order."""

    def __init__(self, lines: list[str], first_line: int, deck_dir: Path, slug: str, params: dict,
                 today: dt.date | None = None) -> None:
        self.lines, self.first_line, self.deck_dir, self.slug, self.params = lines, first_line, deck_dir, slug, params
        self.today = today or dt.date.today()
        # knitr::opts_chunk$set(echo = FALSE) in a setup chunk: the deck's default
        self.echo = _chunk_flag(" ".join(line for line in lines if "opts_chunk" in line), "echo", True)
        self.warnings: list[Notice] = []
        self.assets: dict[Path, str] = {}
        self.names: dict[str, Path] = {}
        self.remote = 0
        self.classes: Counter = Counter()
        self.unknown: Counter = Counter()
        self.css_chunks: list[tuple[int, str]] = []  # (line, rules) of each {css} chunk: the module's stylesheet

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Notice(line, message))

    def run(self) -> str:
        lines = self.lines
        mask = syntax.code_mask(lines)
        class_lines = {
            slide.property_lines["class"] for slide in split_slides("\n".join(lines), 0)
            if "class" in slide.property_lines
        }
        out: list[str] = []
        fence = None  # the fence of the code block we are in, as code_mask sees it
        index = 0
        while index < len(lines):
            number = self.first_line + index
            line = lines[index]
            if fence is None and mask[index]:
                chunk = CHUNK.match(line)
                if chunk:
                    end = _chunk_end(lines, index, chunk.group("fence"))
                    out.extend(self.chunk(lines[index + 1 : end], chunk, number, end == len(lines)))
                    index = end + 1
                    continue
                fence = syntax.FENCE.match(line).group("fence")
            elif fence is not None and syntax.closes_fence(line, fence):
                fence = None
            elif not mask[index]:
                line = self.inline_r(line, number)
                if PLACEHOLDER_MARK in line and BACKGROUND.match(line):
                    self.warn(number, "propriété background-image retirée : son image est calculée par R ; "
                                      f"enregistrez-la dans content/media/{self.slug}/ et remettez la propriété")
                    index += 1
                    continue  # dropped: an empty line would end the slide's properties
                line = self.image_macros(line, number)
                line = self.urls(line, number)
                if line is None:
                    index += 1
                    continue
                if "$" in line and LATEX.search(syntax.strip_inline_code(line)):
                    self.warn(number, "formule LaTeX ($…$) : elle n'est pas composée ici (xaringan la confiait à MathJax, "
                                      "en ligne) et s'affiche telle quelle ; écrivez-la en texte ou en image")
                if ".panelset[" in line:
                    self.warn(number, "onglets de xaringanExtra (.panelset) : ici, les panneaux s'affichent l'un sous l'autre ; "
                                      "scindez-les en étapes (--) ou en diapositives si la diapositive déborde")
                line = self.content_classes(line)
                line = tight_emphasis(line)
                if index in class_lines:
                    line = self.class_property(line)
            out.append(line)
            index += 1
        return "\n".join(out)

    # R ---------------------------------------------------------------------

    def inline_r(self, line: str, number: int) -> str:
        def replace(match: re.Match) -> str:
            span = match.group(0)
            if match.group(1) != "`":
                return span  # ``…`` is verbatim for knitr
            inner = INLINE_R.match(span[1:-1])
            if not inner:
                return span
            code = inner.group("code")
            value = self.param(code)
            if value is not None:
                self.warn(number, f"code R en ligne « {code} » évalué : « {value} »")
                return value
            placeholder = r_placeholder(code)
            self.warn(number, f"code R en ligne remplacé par « {placeholder} » : écrivez le résultat à la main")
            return f"`{placeholder}`"

        return syntax.INLINE_CODE.sub(replace, line)

    def param(self, code: str) -> str | None:
        """The value of inline R the importer can evaluate (params, paste0,
        Sys.Date and format: see r_values), or None."""
        return evaluate(code, self.params, self.today)

    def chunk(self, code: list[str], match: re.Match, number: int, unclosed: bool) -> list[str]:
        """A knitr chunk as xaringan shows it: its images, its code when
        echoed, and a visible note where its output went."""
        engine, options = match.group("engine"), match.group("options")
        label = _chunk_label(options)
        what = f"bloc {engine.upper() if engine.lower() == 'r' else engine}" + (f" « {label} »" if label else "")
        if _chunk_flag(options, "include", True) is False:
            return []  # setup chunks: nothing shows
        if unclosed:  # knitr would fail: keep nothing of what it swallowed
            self.warn(number, f"{what} supprimé ({len(code)} lignes) : il n'était pas fermé, tout ce qui suit y est passé")
            return []
        if engine.lower() == "css":  # knitr puts its rules in the page: they style the deck
            self.css_chunks.append((number, "\n".join(code)))
            return ["", "```css", *code, "```", ""] if _chunk_flag(options, "echo", self.echo) else []
        sources = [INCLUDE_GRAPHICS.match(line) for line in code if line.strip() and not line.strip().startswith("#")]
        if engine.lower() == "r" and sources and all(sources):
            images = [self.urls(self.image(found.group("src"), options), number) for found in sources]
            self.warn(number, f"{what} remplacé par {'son image' if len(images) == 1 else 'ses images'} "
                              f"(knitr::include_graphics) : {', '.join(s.group('src') for s in sources)}")
            return images
        echo = _chunk_flag(options, "echo", self.echo)
        evaluated = _chunk_flag(options, "eval", True) is not False
        shown: list[str] = []
        if echo:
            shown += [f"```{engine.lower()}", *code, "```"]
        silent = engine.lower() == "r" and prints_nothing(code)  # library(), x <- …: knitr shows no result
        if evaluated and not silent and not re.search(r"results\s*=\s*[\"']hide", options):
            shown.append(f"*[{PLACEHOLDER_MARK} : résultat du {what}]*")
            self.warn(number, f"{what} : {'code gardé, ' if echo else ''}résultat à reprendre à la main (image ou tableau)")
        elif echo and not evaluated:
            self.warn(number, f"{what} : code gardé (non exécuté)")
        return ["", *shown, ""] if shown else []

    def image(self, src: str, options: str) -> str:
        """An include_graphics image with its chunk's options: alt, out.width, fig.align."""
        alt = _chunk_option(options, "fig.alt") or _chunk_option(options, "fig.cap") or ""
        width = _chunk_option(options, "out.width")
        image = f'<img src="{src}" alt="{alt}" style="width: {width}">' if re.fullmatch(r"\d+(?:\.\d+)?(?:%|px|em)", width) else f"![{alt}]({src})"
        return f".center[{image}]" if _chunk_option(options, "fig.align") == "center" else image

    # images ------------------------------------------------------------------

    def image_macros(self, line: str, number: int) -> str:
        """remark's image macros, `![:scale 30%](logo.png)` (macros.js of the
        deck): a width becomes the image's; any other macro is dropped, said."""
        def replace(match: re.Match) -> str:
            name, width, src = match.group("name"), match.group("args").strip(), match.group("src")
            if WIDTH.fullmatch(width):
                self.warn(number, f"macro d'image « :{name} {width} » : image à {width} de large ; ajoutez un texte alternatif (alt)")
                return f'<img src="{src}" alt="" style="width: {width}">'
            self.warn(number, f"macro d'image « :{name} » non reprise (elle est définie par la présentation, en JavaScript) : "
                              "image gardée telle quelle ; ajoutez un texte alternatif")
            return f"![]({src})"

        return IMAGE_MACRO.sub(replace, line) if "![:" in line else line

    def urls(self, line: str, number: int) -> str | None:
        """Copy the local files that the line shows or links, rewrite their paths;
        None for a background-image property whose image cannot be had."""
        visible = syntax.strip_inline_code(line)
        edits: dict[tuple[int, int], str] = {}
        images: list[tuple[int, int]] = []
        whole: dict[tuple[int, int], tuple[int, int]] = {}  # an image's src -> the image's whole markup
        for match in syntax.MD_IMAGE.finditer(visible):
            images.append(match.span("src"))
            whole[match.span("src")] = match.span()
        for match in syntax.CSS_URL.finditer(visible):
            if match.group(syntax.css_address(match)):
                images.append(match.span(syntax.css_address(match)))
        for match in syntax.HTML_IMAGE.finditer(visible):
            images.append(match.span("src"))
            whole[match.span("src")] = match.span()
            if not syntax.HTML_ALT.search(match.group(0)):
                end = match.start() + len("<img")
                edits[(end, end)] = ' alt=""'
                self.warn(number, f"image sans texte alternatif : {match.group('src')} ; alt=\"\" ajouté, décrivez l'image")
        background = BACKGROUND.match(line) is not None
        for start, end in images:
            src = line[start:end]
            if background and syntax.elsewhere(src):  # the build refuses it: a slide loads nothing from outside the site
                self.warn(number, f"propriété background-image retirée : l'image distante {src} ne s'afficherait pas hors ligne ; "
                                  f"enregistrez-la dans content/media/{self.slug}/ et remettez la propriété")
                return None  # the line goes: see run()
            new = self.asset(src, number, image=True)
            if new is MISSING and (start, end) in whole:
                # A visible placeholder instead of a broken image: the site
                # builds, and `check` points at it.
                edits = {span: text for span, text in edits.items() if not (whole[(start, end)][0] <= span[0] <= whole[(start, end)][1])}
                left, right = whole[(start, end)]
                # Never `[[…]]` (a glossary term) where the image sat in brackets: `.center[<img…>]`.
                edits[(left, right)] = (" " if line[left - 1:left] == "[" else "") + \
                    f"[{PLACEHOLDER_MARK} : image introuvable à l'import, {src}]" + (" " if line[right:right + 1] == "]" else "")
            elif new is MISSING and background:
                self.warn(number, f"propriété background-image retirée : l'image {src} manque")
                return None  # the line goes: see run()
            elif new is not MISSING and new != src:
                edits[(start, end)] = new
        for pattern in (LINK_TARGET, HTML_LINK):
            for match in pattern.finditer(visible):
                span = match.span("src")
                if span in images:
                    continue
                src = line[span[0] : span[1]]
                new = self.asset(src, number, image=False)
                if new != src:
                    edits[span] = new
        for (start, end), text in sorted(edits.items(), reverse=True):
            line = line[:start] + text + line[end:]
        return line

    def asset(self, src: str, number: int, image: bool) -> str:
        if syntax.elsewhere(src) or src.startswith("#"):
            if image and src.startswith(("http:", "https:", "//")):
                self.remote += 1
            return src
        path, hash_, fragment = src.partition("#")
        path = unquote(path.split("?")[0])
        if not path:
            return src
        source = (self.deck_dir / path.lstrip("/")).resolve()
        if not source.is_relative_to(self.deck_dir.resolve()):
            # Only the deck's own files are copied: never a file of the machine.
            self.warn(number, f"fichier hors du dossier de la présentation, non copié : {src}")
            return src
        if not source.is_file():
            if image:
                self.warn(number, f"image introuvable : {src} (remplacée par une mention à compléter)")
                return MISSING
            return src
        if not image and source.suffix.lower() in (".rmd", ".md", ".html", ".htm"):
            return src  # another deck or page: not an asset
        name = self.assets.get(source) or self.name_for(source)
        return f"../media/{self.slug}/{name}" + (hash_ + fragment if not image else "")

    def name_for(self, source: Path) -> str:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", source.stem).strip("-.") or "image"
        suffix = re.sub(r"[^A-Za-z0-9.]+", "", source.suffix).lower()
        name, counter = f"{stem}{suffix}", 1
        while name in self.names:
            counter += 1
            name = f"{stem}-{counter}{suffix}"
        self.names[name] = source
        self.assets[source] = name
        return name

    # classes -----------------------------------------------------------------

    def map_class(self, name: str) -> str:
        if name in THEME_CLASSES:
            self.classes[name] += 1
            return name
        if name in CLASS_ALIASES:
            self.classes[name] += 1
            return CLASS_ALIASES[name]
        self.unknown[name] += 1
        return name

    def content_classes(self, line: str) -> str:
        visible = syntax.strip_inline_code(line)
        for match in reversed(list(syntax.CLASS_OPEN.finditer(visible))):
            start, end = match.span("names")
            names = ".".join(self.map_class(name) for name in line[start:end].split("."))
            line = line[:start] + names + line[end:]
        return line

    def class_property(self, line: str) -> str:
        match = PROPERTY.match(line)
        if not match:
            return line
        start, end = match.span("value")
        value = re.sub(r"[^\s,]+", lambda m: self.map_class(m.group(0)), line[start:end])
        return line[:start] + value + line[end:]


def _chunk_end(lines: list[str], start: int, fence: str) -> int:
    for index in range(start + 1, len(lines)):
        if syntax.closes_fence(lines[index], fence):
            return index
    return len(lines)


def _chunk_label(options: str) -> str:
    first = options.split(",", 1)[0].strip()
    if first and "=" not in first:
        return first.strip("'\"")
    return _chunk_option(options, "label")


def _chunk_flag(options: str, name: str, default):
    """An R logical chunk option (TRUE, FALSE, T, F), or `default`."""
    match = re.search(rf"(?:^|[,\s]){re.escape(name)}\s*=\s*(TRUE|FALSE|T|F)\b", options)
    return default if not match else match.group(1) in ("TRUE", "T")


def _chunk_option(options: str, name: str) -> str:
    match = re.search(rf"(?:^|,)\s*{re.escape(name)}\s*=\s*([\"'])(?P<value>.*?)\1", options)
    return match.group("value") if match else ""


LATEX = re.compile(r"\$\$|\$[^$\s](?:[^$]*?[\\^_{][^$]*?)?\$(?!\d)")  # $$…$$, or $…$ with a command, ^, _ or {
BACKGROUND = re.compile(r"\s*background-image\s*:")
IMAGE_MACRO = re.compile(r"!\[:(?P<name>[\w-]+)(?P<args>[^\]]*)\]\(\s*(?P<src>[^)\s]+)\s*\)")
WIDTH = re.compile(r"\d+(?:\.\d+)?(?:%|px|em|rem|vw)")

# remark's marked reads `** Séance 4**` as bold; Python-Markdown, as CommonMark, wants
# no space inside the marks: the spaces go outside.
LOOSE_STRONG = re.compile(r"\*\*([ \t]*)(\S(?:[^*\n]*?\S)?)([ \t]*)\*\*")


def tight_emphasis(line: str) -> str:
    visible = syntax.strip_inline_code(line)
    for match in reversed(list(LOOSE_STRONG.finditer(visible))):
        if match.group(1) or match.group(3):
            start, end = match.span()
            line = line[:start] + match.group(1) + "**" + line[match.start(2):match.end(2)] + "**" + match.group(3) + line[end:]
    return line


MISSING = "\0missing"  # asset(): a local image that is not there


def r_placeholder(code: str) -> str:
    """What stands for R the importer cannot evaluate: `check` reports it."""
    return f"[{PLACEHOLDER_MARK} : code R {' '.join(code.split())}]"

