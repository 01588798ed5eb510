"""Command line: `opendata-course build | check | new | session | import | serve`.

main(argv) returns the exit status, so tests call it directly. Content
problems are printed one per line and give status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import __version__
from .errors import CourseError, Problems, did_you_mean
from .write import MARKER, OutputRefused, check_collisions, check_output, write_site

# The loader and the renderer (PyYAML, Markdown, Jinja2, Pygments) are
# imported by the commands that use them: a build with nothing to do, or
# --help, answers without loading them.



class FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", FrenchHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


class FrenchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "utilisation : ")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="opendata-course",
        description="Générateur de sites de formation : diapositives, supports et kit du formateur "
        "à partir de modules Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"opendata-course {__version__}",
                        help="afficher la version et quitter")
    commands = parser.add_subparsers(dest="command", metavar="commande", parser_class=FrenchParser)
    commands.required = True

    build = commands.add_parser("build", prog="opendata-course build", help="construire le site", description="Construit le site statique à partir de content/.")
    _root(build)
    build.add_argument("--out", type=Path, help="dossier de sortie (défaut : _site/ dans le projet)")
    build.add_argument("--strict", action="store_true", help="traiter les avertissements comme des erreurs")
    build.add_argument("--force", action="store_true", help="remplacer le dossier de sortie même s'il contient d'autres fichiers")
    build.add_argument("--clean", action="store_true", help="tout reconstruire sans le cache (.cache/)")
    build.add_argument("--jobs", type=int, metavar="N", help="nombre de processus (défaut : un par cœur)")
    build.add_argument("--pdf", action="store_true", help="produire aussi les PDF de chaque session (programme, émargement, supports, diapositives)")
    build.set_defaults(func=cmd_build)

    check = commands.add_parser("check", prog="opendata-course check", help="vérifier le contenu sans rien écrire",
                                description="Vérifie tout le contenu et signale chaque problème sur une ligne fichier:ligne: message.")
    _root(check)
    check.add_argument("--strict", action="store_true", help="traiter les avertissements comme des erreurs")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text (défaut) ou github (annotations ::error pour les pull requests)")
    check.set_defaults(func=cmd_check)

    new = commands.add_parser("new", prog="opendata-course new", help="créer un fichier de contenu", description="Crée un fichier de contenu valide, sans jamais écraser un fichier existant.")
    new.add_argument("what", choices=("module",), metavar="module", help="ce qu'il faut créer : module")
    new.add_argument("title", metavar="TITRE", help="titre du module, entre guillemets")
    _root(new)
    new.set_defaults(func=cmd_new)

    imp = commands.add_parser("import", prog="opendata-course import", help="importer une présentation xaringan (R Markdown)",
                              description="Crée un module à partir d'une présentation R Markdown / xaringan (.Rmd) ou remark (.md), "
                              "copie ses images dans content/media/<slug>/ et signale ce qui est à reprendre à la main ; "
                              "n'écrase jamais rien.")
    imp.add_argument("deck", type=Path, metavar="PRÉSENTATION", help="fichier .Rmd ou .md à importer")
    imp.add_argument("--slug", help="nom du module (défaut : tiré du nom du fichier)")
    imp.add_argument("--into", type=Path, default=Path("content") / "modules",
                     help="dossier des modules, relatif à la racine (défaut : content/modules)")
    _root(imp)
    imp.set_defaults(func=cmd_import)

    session = commands.add_parser("session", prog="opendata-course session", help="préparer une session de formation",
                                  description="Les sessions : un parcours délivré à des dates réelles (content/sessions/).")
    session_commands = session.add_subparsers(dest="action", metavar="action", parser_class=FrenchParser)
    session_commands.required = True
    new_session = session_commands.add_parser("new", prog="opendata-course session new", help="créer un fichier de session",
                                              description="Écrit content/sessions/<slug>.yml à partir d'un parcours, avec des valeurs "
                                              "par défaut à relire ; n'écrase jamais un fichier existant.")
    new_session.add_argument("parcours", metavar="PARCOURS", help="slug du parcours, par exemple deux-jours")
    new_session.add_argument("--debut", metavar="AAAA-MM-JJ", type=_date, help="première journée (défaut : un jour ouvré dans deux semaines)")
    new_session.add_argument("--slug", help="nom du fichier (défaut : <parcours>-<date>)")
    _root(new_session)
    new_session.set_defaults(func=cmd_session_new)

    pdf = commands.add_parser("pdf", prog="opendata-course pdf", help="produire les PDF d'une session, d'un parcours ou d'un module",
                              description="Produit les PDF (diapositives 16:9, diapositives avec notes, supports A4, fiche programme, "
                              "feuille d'émargement) d'une ou plusieurs sessions, parcours ou modules.")
    pdf.add_argument("targets", nargs="+", metavar="CIBLE", help="slug d'une session, d'un parcours ou d'un module")
    pdf.add_argument("--out", type=Path, help="dossier des PDF (défaut : _pdf/ dans le projet)")
    _root(pdf)
    pdf.set_defaults(func=cmd_pdf)

    bundle = commands.add_parser("bundle", prog="opendata-course bundle", help="archive hors ligne d'une session ou d'un parcours",
                                 description="Écrit une archive zip qui fonctionne sans réseau depuis file:// : le site, les PDF de la "
                                 "cible, un fichier HTML autonome par diaporama et une page LISEZ-MOI.html.")
    bundle.add_argument("target", metavar="CIBLE", help="slug d'une session, d'un parcours ou d'un module")
    bundle.add_argument("--out", type=Path, help="dossier de l'archive (défaut : _hors-ligne/ dans le projet)")
    bundle.add_argument("--sans-pdf", dest="pdf", action="store_false", help="ne pas mettre les PDF (plus rapide)")
    _root(bundle)
    bundle.set_defaults(func=cmd_bundle)

    serve = commands.add_parser("serve", prog="opendata-course serve", help="aperçu en direct dans le navigateur",
                                description="Construit le site, le sert sur 127.0.0.1 et le reconstruit à chaque modification.")
    _root(serve)
    serve.add_argument("--out", type=Path, help="dossier de sortie (défaut : _site/)")
    serve.add_argument("--port", type=int, default=8000, help="port (défaut : 8000)")
    serve.set_defaults(func=cmd_serve)
    return parser


def _date(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {value} » : écrivez AAAA-MM-JJ") from None


def _root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="racine du projet, qui contient content/ (défaut : dossier courant)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


def collect(root: Path, strict: bool, preview: bool = False, pdf: bool = False, store=None) -> tuple[object, list[CourseError], list[CourseError], list]:
    """Load and render in memory: (course, errors, warnings, files).

    `store` (incremental.ModuleStore) loads and renders the modules from the
    cache and on every core."""
    from .loader import load_course
    from .render import TemplateProblem, render_site

    course, problems = load_course(root, modules_loader=store) if store else load_course(root)
    extra = Problems()
    files = []
    if course is not None:
        if not problems.errors:
            try:
                files = render_site(course, preview, pdf, store)
            except TemplateProblem as exc:
                extra.items.append(exc.error)
            for path in check_collisions(files):
                extra.error(course.content, 0, f"deux pages auraient le même chemin : {path}")
    problems.extend(extra)
    items = problems.sorted()
    errors = [p for p in items if not p.warning or strict]
    warnings = [p for p in items if p.warning and not strict]
    return course, errors, warnings, files


def report(errors, warnings, github: bool = False) -> None:
    stream = sys.stdout if github else sys.stderr
    for level, problems in (("error", errors), ("warning", warnings)):
        for problem in problems:
            print(problem.format_github(level) if github else problem.format(), file=stream)


def summary(errors, warnings) -> str:
    parts = []
    if errors:
        parts.append(f"{len(errors)} erreur{'s' if len(errors) > 1 else ''}")
    if warnings:
        parts.append(f"{len(warnings)} avertissement{'s' if len(warnings) > 1 else ''}")
    return " et ".join(parts)


def cmd_check(args) -> int:
    course, errors, warnings, _ = collect(args.root, args.strict)
    report(errors, warnings, github=args.format == "github")
    if errors:
        print(f"Vérification : {summary(errors, warnings)}.", file=sys.stderr)
        return 1
    counted = f"{len(course.modules)} modules, {len(course.parcours)} parcours"
    if course.sessions:
        counted += f", {len(course.sessions)} session{'s' if len(course.sessions) > 1 else ''}"
    print(f"Contenu valide : {counted}" + (f" ({summary(errors, warnings)})" if warnings else "") + ".", file=sys.stderr)
    return 0


def cmd_build(args) -> int:
    from .incremental import Cache, ModuleStore, inputs_fingerprint, last_site

    root = args.root
    out = args.out or root / "_site"
    try:
        check_output(out, root, args.force)
    except OutputRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    cache = Cache(root / ".cache" / "opendata-course")
    manifest = {} if args.clean else cache.manifest(out)
    inputs = inputs_fingerprint(root, {"strict": args.strict, "pdf": args.pdf, "out": str(out.resolve())})
    if manifest.get("inputs") == inputs and (out / MARKER).is_file():
        # Nothing changed since the last build: say what it said.
        for line in manifest.get("warnings", []):
            print(line, file=sys.stderr)
        print(f"Site à jour dans {out} : aucune source n'a changé.", file=sys.stderr)
        return 0
    store = ModuleStore(None if args.clean else cache, args.jobs, last_site(out, manifest))
    course, errors, warnings, files = collect(root, args.strict, pdf=args.pdf, store=store)
    report(errors, warnings)
    if errors:
        print(f"Construction impossible : {summary(errors, warnings)} ; le site précédent n'a pas été modifié.", file=sys.stderr)
        return 1
    if args.pdf:
        files += session_pdfs(course, files)
    digests = write_site(files, out, manifest.get("files"))
    cache.save_manifest(out, {"inputs": inputs, "files": digests, "warnings": [w.format() for w in warnings]})
    pages = sum(1 for f in files if f.path.endswith(".html"))
    index = next((f for f in files if f.path == "recherche/index.js"), None)
    size = f", index de recherche : {index.size / 1024:.0f} Ko" if index else ""
    kept = sum(1 for f in files if f.path.endswith(".html") and f.source is not None and (f.digest or "").startswith("page:"))
    reused = f" ; repris du cache : {store.hits}/{store.hits + store.misses} modules, {kept}/{pages} pages" if store.hits else ""
    print(f"Site construit dans {out} : {pages} pages, {len(files)} fichiers{size}{reused}.", file=sys.stderr)
    return 0


def targets_pdfs(course, files: list, targets) -> list:
    from .i18n import strings
    from .kit import jobs_for, make_pdfs

    t = strings(course.config.lang)
    jobs = [job for target in targets for job in jobs_for(course, target, t)]
    print(f"Mise en page de {len(jobs)} PDF…", file=sys.stderr)
    return make_pdfs({f.path: f for f in files}, jobs, f"{t['licence']} {course.config.licence}", course.config.lang)


def session_pdfs(course, files: list) -> list:
    from .kit import find_target

    return targets_pdfs(course, files, [find_target(course, slug) for slug in course.sessions])


def cmd_pdf(args) -> int:
    from .kit import find_target

    root = args.root
    out = args.out or root / "_pdf"
    try:
        check_output(out, root)
    except OutputRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    course, errors, warnings, files = collect(root, strict=False)
    report(errors, warnings)
    if errors:
        print(f"PDF impossibles : {summary(errors, warnings)}.", file=sys.stderr)
        return 1
    targets = []
    for slug in args.targets:
        target = find_target(course, slug)
        if target is None:
            known = [*course.sessions, *course.parcours, *course.modules]
            print(f"« {slug} » n'est ni une session, ni un parcours, ni un module{did_you_mean(slug, known)}", file=sys.stderr)
            return 1
        targets.append(target)
    pdfs = targets_pdfs(course, files, targets)
    write_site(pdfs, out)
    for pdf in pdfs:
        print(out / pdf.path)
    return 0


def cmd_bundle(args) -> int:
    from .bundle import bundle_files, zip_bytes
    from .i18n import strings
    from .kit import find_target, jobs_for, make_pdfs
    from .loader import build_date

    root = args.root
    course, errors, warnings, files = collect(root, strict=False, pdf=args.pdf)
    report(errors, warnings)
    if errors:
        print(f"Archive impossible : {summary(errors, warnings)}.", file=sys.stderr)
        return 1
    target = find_target(course, args.target)
    if target is None:
        known = [*course.sessions, *course.parcours, *course.modules]
        print(f"« {args.target} » n'est ni une session, ni un parcours, ni un module{did_you_mean(args.target, known)}", file=sys.stderr)
        return 1
    t = strings(course.config.lang)
    jobs = jobs_for(course, target, t) if args.pdf else []
    if jobs:
        print(f"Mise en page de {len(jobs)} PDF…", file=sys.stderr)
    pdfs = make_pdfs({f.path: f for f in files}, jobs, f"{t['licence']} {course.config.licence}", course.config.lang) if jobs else []
    content = bundle_files(course, files, pdfs, jobs, target)
    when = dt.datetime.combine(build_date(), dt.time())
    folder = (args.out or root / "_hors-ligne")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{target.slug}.zip"
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(zip_bytes(target.slug, content, when))
    temporary.replace(path)
    print(f"Archive hors ligne : {path} ({path.stat().st_size / 2**20:.1f} Mo) ; ouvrez {target.slug}/LISEZ-MOI.html après l'avoir décompressée.", file=sys.stderr)
    print(path)
    return 0


MODULE_TEMPLATE = """\
---
{front}---

# {title}

Une phrase qui dit ce que ce module apporte : c'est la première diapositive
et l'ouverture du support.

---

## Première idée

- un point
- un autre point

???
Notes pour l'intervenant : ce qu'il faut dire, les questions à poser à la salle.

---

::: handout
Le texte développé que les apprenants liront après la séance.
:::
"""


def cmd_new(args) -> int:
    import yaml

    from .loader import PLACEHOLDER_MARK
    from .text import slugify

    slug = slugify(args.title)
    if not slug:
        print("Le titre doit contenir au moins une lettre ou un chiffre.", file=sys.stderr)
        return 1
    path = args.root / "content" / "modules" / f"{slug}.md"
    if path.exists():
        print(f"{path}: ce fichier existe déjà ; il n'a pas été modifié.", file=sys.stderr)
        return 1
    import datetime as dt

    front = yaml.safe_dump({
        "title": args.title,
        "duration": "30min",
        "objectives": [f"{PLACEHOLDER_MARK} : ce que l'apprenant saura faire (un verbe d'action)"],
        "kind": "exposé",
        "level": "débutant",
        "tags": [],
        "updated": dt.date.today().isoformat(),
    }, allow_unicode=True, sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(MODULE_TEMPLATE.format(front=front, title=args.title))
    print(f"Module créé : {path}", file=sys.stderr)
    return 0


def cmd_session_new(args) -> int:
    import datetime as dt

    from .loader import load_course
    from .newsession import first_date, session_yaml, working_days
    from .text import slugify

    course, problems = load_course(args.root)
    if course is None:
        report(problems.errors, [])
        return 1
    parcours = course.parcours.get(args.parcours)
    if parcours is None:
        known = ", ".join(sorted(course.parcours)) or "aucun"
        print(f"parcours inconnu « {args.parcours} »{did_you_mean(args.parcours, course.parcours)} ; parcours existants : {known}", file=sys.stderr)
        return 1
    dates = working_days(args.debut or first_date(dt.date.today()), len(parcours.days))
    slug = args.slug or f"{parcours.slug}-{dates[0].isoformat()}"
    if slugify(slug) != slug:
        print(f"nom de session « {slug} » invalide : minuscules, chiffres et tirets", file=sys.stderr)
        return 1
    path = args.root / "content" / "sessions" / f"{slug}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(session_yaml(parcours, dates, course.config.contact))
    except FileExistsError:
        print(f"{path}: ce fichier existe déjà ; il n'a pas été modifié.", file=sys.stderr)
        return 1
    print(f"Session créée : {path}", file=sys.stderr)
    print("Complétez les champs « À préciser », puis lancez `opendata-course check`.", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    from .importer import ImportProblem, ImportRefused, import_deck, report_lines

    deck = args.deck
    if not deck.is_file():
        print(f"{deck}: fichier introuvable", file=sys.stderr)
        return 1
    try:
        imported, path, present = import_deck(deck, args.root / args.into, args.slug)
    except ImportProblem as exc:
        print(CourseError(deck, exc.line, exc.message).format(), file=sys.stderr)
        return 1
    except ImportRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    label = CourseError(deck, 0, "").display_path()
    for line in report_lines(imported, label, path, present):
        print(line, file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(args.root, args.out or args.root / "_site", args.port)
