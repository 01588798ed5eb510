"""Import an R Markdown / xaringan (remark.js) deck as a module.

`parse_deck()` is pure: deck text in, an `Imported` value out (front-matter,
body, images to copy, warnings with their line in the deck). It only looks
at the file system to learn which referenced files exist. `write_import()`
is the thin part that writes, and never overwrites anything.

The remark body is kept as it is (our slide syntax is remark's); only what
needs R or the deck's folder changes: inline R becomes a visible
placeholder, R chunks are dropped (a chunk that only shows images with
knitr::include_graphics becomes those images), local images move to
content/media/<slug>/, and the CSS classes of xaringan themes are mapped
to the theme's.
"""


from __future__ import annotations

import re
from pathlib import Path


from ..load.frontmatter import FrontMatterError, normalise, split
from ..markup.slides import split_slides, truthy
from ..load.project import build_date
from ..slugs import slugify
from .deck_body import _Body, r_placeholder
from .deck_css import carry_stylesheets, chunk_stylesheet
from .deck_fit import fit_slides
from .deck_header import _first_heading, _licence, _output_options, front_matter, parse_date, plain, read_header
from .deck_values import Asset, IMAGE_SUFFIXES, ImportProblem, ImportRefused, Imported, Notice, R_IN_TEXT, TITLE_SLIDE_CLASSES


# --- the whole deck -------------------------------------------------------------

def parse_deck(text: str, deck_dir: Path, slug: str) -> Imported:
    """Deck text -> Imported; raises ImportProblem if it cannot be read."""
    text = normalise(text)
    try:
        parts = split(text)
    except FrontMatterError as exc:
        raise ImportProblem(exc.message, exc.line) from None
    header = read_header(parts.meta_text, parts.meta_line) if parts.meta_text is not None else {}
    params = header.get("params") if isinstance(header.get("params"), dict) else {}
    body = _Body(parts.body.split("\n"), parts.body_line, Path(deck_dir), slug, params, build_date())
    warnings = body.warnings

    def header_text(key: str, br: str = " ", raw: bool = False) -> str | list[str]:
        value = header.get(key)
        if value is None or isinstance(value, (dict, bool)):
            return ""
        if isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, dict):
                    item = item.get("name", "")
                if item not in (None, ""):
                    items.append(resolve(str(item), key, br, raw))
            return [i for i in items if i]
        return resolve(str(value), key, br, raw)

    def resolve(value: str, key: str, br: str, raw: bool) -> str:
        def replace(match: re.Match) -> str:
            found = body.param(match.group("code"))
            if found is not None:
                if not raw:
                    warnings.append(Notice(header.line_of(key), f"« {key} » : code R « {match.group('code')} » remplacé par la valeur du paramètre : « {found} »"))
                return found
            if not raw:
                warnings.append(Notice(header.line_of(key), f"« {key} » contient du code R : remplacé par « {r_placeholder(match.group('code'))} »"))
            return r_placeholder(match.group("code"))

        value = R_IN_TEXT.sub(replace, value)
        return value.strip() if raw else plain(value, br)

    front: dict = {}
    title = header_text("title")
    if isinstance(title, list):
        title = " ".join(title)
    text_body = body.run()  # first: the title may come from the body
    if not title:
        title = _first_heading(text_body)
        if not title:
            title = plain(re.sub(r"[-_]+", " ", slug)).capitalize() or slug
            warnings.append(Notice(0, f"aucun titre (ni « title: » ni titre « # ») : « {title} » en attendant mieux"))
    front["title"] = title
    subtitle = header_text("subtitle")
    if subtitle:
        front["subtitle"] = " ".join(subtitle) if isinstance(subtitle, list) else subtitle
    authors = header_text("author", br=", ") or header_text("authors", br=", ")
    if authors:
        front["authors"] = authors if isinstance(authors, list) else [authors]
    licence, licence_line = _licence(header, parts.body, parts.body_line, warnings)
    if licence:
        front["licence"] = licence
    if "date" in header:
        updated = parse_date(header["date"])
        if updated:
            front["updated"] = updated
        elif R_IN_TEXT.search(str(header["date"])):
            warnings.append(Notice(header.line_of("date"), "date calculée par R : « updated » n'est pas renseigné, indiquez la date de la dernière mise à jour"))
        else:
            warnings.append(Notice(header.line_of("date"), f"date « {header['date']} » non reconnue : « updated » n'est pas renseigné"))

    output = _output_options(header.get("output"))
    seal = truthy(str(output.get("seal", "true"))) is not False
    title_slide = bool(header.get("title")) and seal
    if title_slide:
        # xaringan's title slide: # title, ## subtitle, ### each author, institute, date
        lines = [f"class: {TITLE_SLIDE_CLASSES}", ""]
        for key, mark in (("title", "#"), ("subtitle", "##"), ("author", "###"), ("institute", "###"), ("date", "###")):
            value = header_text(key, raw=True)
            for item in [value] if isinstance(value, str) else value:
                if item:  # an <img> in the title is copied like the body's images (or said missing)
                    lines.append(body.urls(f"{mark} {item}", header.line_of(key)) or "")
        text_body = "\n".join(lines) + "\n\n---\n\n" + text_body.lstrip("\n")
    fitted = fit_slides(text_body, {f"../media/{slug}/{name}": source for source, name in body.assets.items()})
    text_body = fitted.body
    deck_lines = parts.body.split("\n")
    for slide in fitted.too_tall:
        line = next((parts.body_line + i for i, text in enumerate(deck_lines) if slide.first_line and text.strip() == slide.first_line), 0)
        warnings.append(Notice(line, f"diapositive trop haute pour un écran 16:9, même en taille réduite (environ {round(slide.share * 100)} % "
                                     "de la hauteur) : scindez-la ou passez du texte dans un bloc « ::: handout »"))
    css = output.get("css") or []
    styles = carry_stylesheets(tuple(str(c) for c in (css if isinstance(css, list) else [css])), deck_dir, body)
    written = ()
    if body.css_chunks:
        try:
            rules = chunk_stylesheet(body.css_chunks)
        except ValueError as why:
            warnings.append(Notice(body.css_chunks[0][0], f"bloc css non repris ({why}) : copiez ses règles dans une feuille du module (css:)"))
        else:
            name = next(n for n in (f"{slug}-blocs{i or ''}.css" for i in range(len(body.names) + 2)) if n not in body.names)
            written = ((name, rules),)
    paths = [f"../media/{slug}/{name}" for name in (*styles.copied, *(name for name, _ in written))]
    if paths:
        front["css"] = paths[0] if len(paths) == 1 else paths

    slides = steps = notes = 0
    for slide in split_slides(text_body):
        props = slide.properties
        if truthy(props.get("layout", "")):
            if "{{content}}" in slide.text.replace(" ", ""):
                warnings.append(Notice(0, "« {{content}} » d'un modèle remark n'est pas pris en charge : le modèle est placé au-dessus de chaque diapositive"))
            continue
        if truthy(props.get("exclude", "")):
            continue
        slides += 1
        steps += len(slide.parts) - 1
        notes += 1 if slide.notes.strip() else 0
    assets = tuple(Asset(source, name) for source, name in body.assets.items())
    ordered = tuple(sorted(warnings, key=lambda n: n.line))
    return Imported(
        slug=slug, front=front, body=text_body, assets=assets, warnings=ordered, slides=slides,
        steps=steps, notes=notes, remote_images=body.remote, classes=body.classes,
        unknown_classes=body.unknown, stylesheets=tuple(styles.left), copied_styles=tuple(styles.copied),
        refused_styles=tuple(styles.refused), written_styles=written, licence_line=licence_line,
        title_slide=title_slide, reduced=fitted.reduced,
    )



# --- writing ------------------------------------------------------------------

def import_deck(deck: Path, modules_dir: Path, slug: str | None = None) -> tuple[Imported, Path, int]:
    """Read, convert and write a deck: (imported, module path, identical
    files already in media/). Raises ImportProblem or ImportRefused."""
    from ..load.reader import SLUG

    deck = Path(deck)
    slug = slug if slug is not None else slugify(deck.stem)
    if not SLUG.match(slug or ""):
        raise ImportProblem(f"nom de module « {slug} » invalide : minuscules, chiffres et tirets (option --slug)")
    try:
        text = deck.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ImportProblem("le fichier n'est pas encodé en UTF-8", 1) from None
    imported = parse_deck(text, deck.parent, slug)
    path, _, present = write_import(imported, Path(modules_dir))
    return imported, path, present


def write_import(imported: Imported, modules_dir: Path) -> tuple[Path, int, int]:
    """Write the module and copy its images; never overwrite anything.

    Returns (module path, files copied, identical files already there).
    """
    path = modules_dir / f"{imported.slug}.md"
    if path.exists():
        raise ImportRefused(f"{path}: ce module existe déjà ; rien n'a été écrit (choisissez un autre nom avec --slug).")
    media = modules_dir.parent / "media" / imported.slug
    to_copy = []
    present = 0
    files = [(media / asset.name, asset.source.read_bytes) for asset in imported.assets]
    files += [(media / name, lambda rules=rules: rules.encode("utf-8")) for name, rules in imported.written_styles]
    for target, data in files:
        if target.exists():
            if not target.is_file() or target.read_bytes() != data():
                raise ImportRefused(f"{target}: un autre fichier porte déjà ce nom ; rien n'a été écrit.")
            present += 1
        else:
            to_copy.append((data, target))
    modules_dir.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(front_matter(imported.front) + "\n" + imported.body.rstrip("\n") + "\n")
    for data, target in to_copy:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:  # never overwrite
            handle.write(data())
    return path, len(to_copy), present


def report_lines(imported: Imported, deck_label: str, path: Path, present: int = 0) -> list[str]:
    """The French report printed after an import (warnings last, one a line)."""

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'s' if count > 1 else ''}"

    media = path.parent.parent / "media" / imported.slug
    images = sum(1 for a in imported.assets if a.source.suffix.lower() in IMAGE_SUFFIXES)
    lines = [f"Module importé : {path}"]
    title = " (dont la diapositive de titre créée depuis l'en-tête)" if imported.title_slide else ""
    lines.append(f"  diapositives : {imported.slides}{title}")
    lines.append(f"  étapes (--) : {imported.steps}")
    lines.append(f"  notes de l'intervenant : {plural(imported.notes, 'diapositive')}")
    if imported.reduced:
        lines.append(f"  en taille réduite pour tenir sur un écran 16:9 (classe reduite) : {plural(imported.reduced, 'diapositive')}")
    already = f" ({present} déjà présente{'s' if present > 1 else ''})" if present else ""
    lines.append(f"  images copiées : {images} dans {media}{already}")
    if len(imported.assets) > images:
        lines.append(f"  autres fichiers copiés : {len(imported.assets) - images}")
    if imported.remote_images:
        lines.append(f"  images distantes laissées telles quelles : {imported.remote_images}")
    known = sum(imported.classes.values())
    line = f"  classes : {known} reprise{'s' if known > 1 else ''}"
    if imported.unknown_classes:
        names = ", ".join(f"{n} ×{c}" if c > 1 else n for n, c in sorted(imported.unknown_classes.items()))
        line += f" ; inconnues du thème, laissées telles quelles : {len(imported.unknown_classes)} ({names})"
    lines.append(line)
    if imported.copied_styles:
        lines.append(f"  feuilles de style reprises (css:) : {', '.join(imported.copied_styles)} dans {media}")
    if imported.written_styles:
        lines.append(f"  règles des blocs css reprises dans : {', '.join(name for name, _ in imported.written_styles)} (dans {media})")
    for name, why in imported.refused_styles:
        lines.append(f"  feuille de style non copiée : {name} ({why})")
    if imported.stylesheets:
        lines.append(f"  feuilles de style xaringan non reprises : {', '.join(imported.stylesheets)}")
    licence = imported.front.get("licence")
    if licence:
        where = f" ({deck_label}:{imported.licence_line})" if imported.licence_line else ""
        lines.append(f"  licence : {licence}{where}")
    else:
        lines.append("  licence : aucune trouvée, celle du cours s'appliquera")
    lines.append(f"  avertissements : {len(imported.warnings)}")
    for notice in imported.warnings:
        where = f"{deck_label}:{notice.line}" if notice.line else deck_label
        lines.append(f"{where}: attention : {notice.message}")
    lines.append(f"À compléter : la durée et les objectifs de {path.name} (opendata-course check les signale).")
    return lines
