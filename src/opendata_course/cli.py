"""Command line: `opendata-course build | check | init | new | session | import | pdf | bundle | serve`.

Arguments and dispatch only: each command calls the package that does the
work (build.pipeline, outputs, authoring) and prints what it says. main(argv)
returns the exit status, so tests call it directly. Content problems are
printed one per line and give status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import __version__
from .problems import CourseError, LocatedError, did_you_mean, printable, report, summary

# The build (PyYAML, Markdown, Jinja2, Pygments) is imported by the commands
# that use it: --help answers without loading it.



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
        self.exit(2, f"{self.prog} : erreur : {in_french(message)}\n")


# argparse's own messages (it has no French catalogue of its own here): the common ones.
ARGPARSE_FRENCH = (
    (re.compile(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)"), lambda m: unknown_choice(*m.groups())),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"option ou argument inconnu : {m[1]}"),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: f"il manque : {m[1]}"),
    (re.compile(r"argument (\S+): expected one argument"), lambda m: f"{m[1]} attend une valeur"),
    (re.compile(r"argument (\S+): invalid (\w+) value: '([^']*)'"), lambda m: f"{m[1]} : valeur invalide « {m[3]} »"),
    (re.compile(r"argument (\S+): (.*)", re.DOTALL), lambda m: f"{m[1]} : {m[2]}"),  # our own types' messages, in French
)


def unknown_choice(argument: str, given: str, listed: str) -> str:
    choices = [choice.strip(" '") for choice in listed.split(",")]
    what = f"commande « {given} » inconnue" if argument == "commande" else f"{argument} : valeur « {given} » inconnue"
    return f"{what} ; possibles : {', '.join(choices)}{did_you_mean(given, choices)}"


def in_french(message: str) -> str:
    for pattern, french in ARGPARSE_FRENCH:
        match = pattern.fullmatch(message)
        if match:
            return french(match)
    return message


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
    build.add_argument("--clean", action="store_true", help="tout reconstruire sans rien reprendre du cache (.cache/), qui est refait")
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

    init = commands.add_parser("init", prog="opendata-course init", help="créer un nouveau projet de cours",
                               description="Crée un projet de cours prêt à construire dans DOSSIER (absent ou vide) : "
                               "content/course.yml, un module, un parcours, un terme de glossaire, une référence et un "
                               "README pour ses auteurs ; n'écrase jamais rien.")
    init.add_argument("folder", type=Path, metavar="DOSSIER", help="dossier du nouveau projet")
    init.add_argument("--title", default="", help="titre du cours (défaut : tiré du nom du dossier)")
    init.add_argument("--organisation", default="", help="structure qui publie le cours")
    init.add_argument("--ci", choices=("github", "gitlab"), help="ajouter l'intégration continue : GitHub Actions ou GitLab CI "
                      "(vérifier, construire, aperçu des demandes de fusion, publication sur Pages)")
    init.set_defaults(func=cmd_init, root=Path("."))

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
    bundle.add_argument("--force", action="store_true", help="remplacer un fichier <cible>.zip qui n'est pas une archive du générateur")
    _root(bundle)
    bundle.set_defaults(func=cmd_bundle)

    serve = commands.add_parser("serve", prog="opendata-course serve", help="aperçu en direct dans le navigateur",
                                description="Construit le site, le sert sur 127.0.0.1 et le reconstruit à chaque modification.")
    _root(serve)
    serve.add_argument("--out", type=Path, help="dossier de sortie (défaut : _site/)")
    serve.add_argument("--port", type=_port, default=8000, help="port, de 1 à 65535 (défaut : 8000)")
    serve.set_defaults(func=cmd_serve)
    return parser


def _date(value: str):
    import datetime as dt

    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {value} » : écrivez AAAA-MM-JJ") from None
    if not 2000 <= date.year <= 2100:
        raise argparse.ArgumentTypeError(f"date « {value} » hors de 2000-2100")
    return date


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"port invalide « {value} » : un nombre de 1 à 65535")
    return int(value)


def _root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="racine du projet, qui contient content/ (défaut : dossier courant)")


def main(argv: list[str] | None = None) -> int:
    from .outputs import PdfUnavailable  # not outputs.pdf: WeasyPrint is imported only to lay out PDFs

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except PdfUnavailable as exc:
        say(f"PDF impossibles : {exc}")
        return 1
    except OSError as exc:  # the disk, not the content: full, read-only, a name too long, a file where a folder goes
        where = exc.filename or args.root
        say(f"{where}: écriture ou lecture impossible : {exc.strerror or exc}")
        return 1


def run() -> None:
    """The entry point of the installed command and of `python -m`.
    `build` and `check` (without PDF) run once and end: the cyclic garbage
    collector, which would go through every module summary read from the
    cache again and again, is not needed (measured: 50 ms of one edit at
    1,000 modules, no more memory; WeasyPrint, though, leaves cycles by
    the page). Every command but `serve` ends without taking its objects
    down one by one (30 ms) once its output is out."""
    import gc
    import os

    arguments = sys.argv[1:]
    if without_pdf(arguments):
        gc.disable()
    status = main(arguments)
    forked = sys.modules.get("multiprocessing")
    if arguments[:1] == ["serve"] or (forked is not None and forked.active_children()):
        sys.exit(status)  # the usual way out: threads and processes left are joined
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # a pipe closed by its reader (`| head`): what is left cannot be said
            pass
        except OSError:  # a full disk: the output is incomplete, as Python itself says (120)
            status = status or 120
    os._exit(status)


def without_pdf(arguments: list[str]) -> bool:
    """Whether `arguments`, read as main() reads them (`--pd` is `--pdf`),
    ask for a build or a check that makes no PDF."""
    if arguments[:1] not in (["build"], ["check"]):
        return False
    import contextlib
    import io

    try:
        with contextlib.redirect_stderr(io.StringIO()):  # a wrong option is main()'s to report
            args, _ = build_parser().parse_known_args(arguments)
    except SystemExit:
        return False
    return not getattr(args, "pdf", False)


def say(line: str) -> None:
    print(printable(line), file=sys.stderr)


def cmd_check(args) -> int:
    from .build.pipeline import Options, make_from_last_build

    # A module checked (or built) once is not converted again until it changes.
    result = make_from_last_build(args.root, Options(strict=args.strict))
    report(result.errors, result.warnings, github=args.format == "github")
    if result.errors:
        say(f"Vérification : {summary(result.errors, result.warnings)}.")
        return 1
    course = result.course
    counted = f"{len(course.modules)} modules, {len(course.parcours)} parcours"
    if course.sessions:
        counted += f", {len(course.sessions)} session{'s' if len(course.sessions) > 1 else ''}"
    say(f"Contenu valide : {counted}" + (f" ({summary(result.errors, result.warnings)})" if result.warnings else "") + ".")
    return 0


def cmd_build(args) -> int:
    from .build.pipeline import Options, build
    from .build.write import OutputRefused

    out = args.out or args.root / "_site"
    options = Options(strict=args.strict, pdf=args.pdf, clean=args.clean, jobs=args.jobs)
    try:
        result = build(args.root, out, options, force=args.force)
    except OutputRefused as exc:
        say(str(exc))
        return 1
    if result.up_to_date:
        for line in result.repeated:  # nothing changed since the last build: say what it said
            say(line)
        say(f"Site à jour dans {out} : aucune source n'a changé.")
        return 0
    report(result.errors, result.warnings)
    if result.errors:
        say(f"Construction impossible : {summary(result.errors, result.warnings)} ; le site précédent n'a pas été modifié.")
        return 1
    index = [f.size for f in result.files if f.path.startswith("recherche/") and f.path.endswith(".js")]
    size = f", index de recherche : {sum(index) / 1024:.0f} Ko en {len(index)} fichiers" if index else ""
    modules = result.modules
    reused = ""
    if modules.hits:
        reused = f" ; repris du cache : {modules.hits}/{modules.hits + modules.misses} modules, {result.reused_pages}/{result.pages} pages"
    say(f"Site construit dans {out} : {result.pages} pages, {len(result.files)} fichiers{size}{reused}.")
    return 0


def site_and_target(root: Path, slugs: list[str], pdf: bool, what: str):
    """The site in memory and the targets named, or None after saying why."""
    from .build.pipeline import Options, make_from_last_build
    from .outputs.pdf_jobs import find_target

    result = make_from_last_build(root, Options(pdf=pdf))
    report(result.errors, result.warnings)
    if result.errors:
        say(f"{what} impossible{'s' if what == 'PDF' else ''} : {summary(result.errors, result.warnings)}.")
        return None
    course = result.course
    targets = []
    for slug in slugs:
        target = find_target(course, slug)
        if target is None:
            known = [*course.sessions, *course.parcours, *course.modules]
            say(f"« {slug} » n'est ni une session, ni un parcours, ni un module{did_you_mean(slug, known)}")
            return None
        targets.append(target)
    return result, targets


def cmd_pdf(args) -> int:
    from .build.write import OutputRefused, check_output, write_site
    from .outputs.pdf_jobs import pdfs_for
    from .outputs.pdf_reuse import MadePdfs

    out = args.out or args.root / "_pdf"
    try:
        check_output(out, args.root)
    except OutputRefused as exc:
        say(str(exc))
        return 1
    found = site_and_target(args.root, args.targets, pdf=False, what="PDF")
    if found is None:
        return 1
    result, targets = found
    # PDFs made before from the same inputs are taken again: here, or by `build --pdf`.
    made = MadePdfs([out, args.root / "_site"])
    _, pdfs = pdfs_for(result.course, result.files, targets, say, made)
    write_site(pdfs, out)
    for pdf in pdfs:
        print(out / pdf.path)
    return 0


def cmd_bundle(args) -> int:
    import datetime as dt

    from .load.project import build_date
    from .outputs.bundle import bundle_files, refusal, write_bundle
    from .outputs.pdf_jobs import pdfs_for
    from .outputs.pdf_reuse import MadePdfs

    folder = args.out or args.root / "_hors-ligne"
    refused = refusal(folder, args.root, Path(args.target).name, args.force)
    if refused:
        say(refused)
        return 1
    found = site_and_target(args.root, [args.target], pdf=args.pdf, what="Archive")
    if found is None:
        return 1
    result, (target,) = found
    # PDFs made before from the same inputs are taken again: by `build --pdf`, `pdf`, or the last bundle.
    made = MadePdfs([args.root / "_site", args.root / "_pdf"], [(folder / f"{target.slug}.zip", f"{target.slug}/")])
    jobs, pdfs = pdfs_for(result.course, result.files, [target], say, made) if args.pdf else ([], [])
    content = bundle_files(result.course, result.modules.rendered(), result.modules.records(), target, jobs, pdfs)
    path = write_bundle(folder, target, content, dt.datetime.combine(build_date(), dt.time()))
    say(f"Archive hors ligne : {path} ({path.stat().st_size / 2**20:.1f} Mo) ; ouvrez {target.slug}/LISEZ-MOI.html après l'avoir décompressée.")
    print(path)
    return 0


def cmd_init(args) -> int:
    import datetime as dt

    from .authoring.init import init_project

    try:
        files = init_project(args.folder, dt.date.today(), args.title, args.organisation, args.ci or "")
    except LocatedError as exc:
        say(exc.message)
        return 1
    say(f"Projet créé dans {args.folder} ({len(files)} fichiers). Ensuite :")
    say(f"  cd {args.folder}")
    say("  opendata-course serve    # aperçu en direct ; puis modifiez content/modules/premier-module.md")
    say("  opendata-course build    # le site dans _site/")
    return 0


def cmd_new(args) -> int:
    import datetime as dt

    from .authoring.new_module import new_module

    try:
        path = new_module(args.root, args.title, dt.date.today())
    except LocatedError as exc:
        say(exc.message)
        return 1
    say(f"Module créé : {path}")
    return 0


def cmd_session_new(args) -> int:
    import datetime as dt

    from .authoring.new_session import moved_start, new_session

    try:
        path = new_session(args.root, args.parcours, args.debut, args.slug, dt.date.today())
    except LocatedError as exc:
        say(exc.message)
        return 1
    say(f"Session créée : {path}")
    if args.debut and moved_start(args.debut):
        say(moved_start(args.debut))
    say("Complétez les champs « À préciser », puis lancez `opendata-course check`.")
    return 0


def cmd_import(args) -> int:
    from .authoring.importer import ImportProblem, ImportRefused, import_deck, report_lines

    deck = args.deck
    if not deck.is_file():
        say(f"{deck}: fichier introuvable")
        return 1
    into = (args.root / args.into).resolve()
    if not into.is_relative_to(args.root.resolve()):
        say(f"{args.into}: dossier hors du projet ; le module doit aller dans le projet (content/modules)")
        return 1
    try:
        imported, path, present = import_deck(deck, args.root / args.into, args.slug)
    except ImportProblem as exc:
        say(CourseError(deck, exc.line, exc.message).format())
        return 1
    except ImportRefused as exc:
        say(str(exc))
        return 1
    label = CourseError(deck, 0, "").display_path()
    for line in report_lines(imported, label, path, present):
        say(line)
    return 0


def cmd_serve(args) -> int:
    from .build.serve import serve

    return serve(args.root, args.out or args.root / "_site", args.port)
