"""Broken and hostile projects (issue 13): whatever a project holds, `check`
answers within seconds, without a traceback, with one French line per
problem, on the right line, and the right exit status.

Each folder of tests/hostile/ is a project root (content/, sometimes
templates/) plus expected.txt: the exact lines `opendata-course check`
must print that start with "content/" (or with another top-level entry of
the case, such as "templates/"), in order. Exit status 1 when any of them
is an error, 0 when all are warnings (« : attention : ») or there are none.

What git cannot hold (pipes, links out of the tree, unreadable or huge
files) is built by the functions below, from a minimal valid project; the
commands that are not `check` have their own tests at the end.

Every case runs `python -m opendata_course` in a subprocess, in a copy of
the case, with a 10-second timeout and a 500 MB address-space limit.

Cases expected to fail with today's code are listed in XFAIL (name ->
what is wrong): remove an entry when the code is fixed (strict xfail: a
case that passes while listed fails the run).
"""

from __future__ import annotations

import html.parser
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TESTS

XFAIL: dict[str, str] = {
    # name of the case -> what today's code does wrong
}

HOSTILE = TESTS / "hostile"
CASES = sorted(p for p in HOSTILE.iterdir() if p.is_dir()) if HOSTILE.is_dir() else []

# Cases that are valid text: `check` passes, then the site is built and no
# page may hold the markup as markup.
BUILD_FORBIDDEN = {
    "reference-short-script": ("<script>alert",),
    "reference-title-img-onerror": ("<img src=x onerror=",),
    "reference-short-img-onerror": ("<img src=x onerror=",),
    "reference-title-script": ("<script>alert", "<img src=x onerror="),
    "glossary-term-html": ("<script>alert",),
    "course-title-html": ("<script>alert", "<img src=x onerror="),
    "module-title-html": ("<script>alert", "<img src=x onerror="),
    "glossary-definition-html": ("<script>alert", "<img src=x onerror="),
    "slide-name-attribute-injection": ('" onmouseover="', '" onclick="'),
    "heading-only-markup": (),
}

TIMEOUT = 10  # seconds
MEMORY = 500 * 2**20  # bytes of address space
EPOCH = "1795305600"  # 2026-11-22, as in conftest.py


# --- running the command -----------------------------------------------------------

@dataclass
class Run:
    status: int | None  # None: killed after TIMEOUT seconds
    out: str
    err: str
    seconds: float


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_cli(cwd: Path, *args, timeout: float = TIMEOUT, prefix: tuple[str, ...] = ()) -> Run:
    """`python -m opendata_course ARGS` in `cwd`, bounded in time and memory;
    the whole process group is killed on timeout (a build may fork)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, XDG_CACHE_HOME=str(cwd.parent / "xdg-cache"))
    start = time.monotonic()
    proc = subprocess.Popen([*prefix, sys.executable, "-m", "opendata_course", *map(str, args)], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limits, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        status = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        status = None
    return Run(status, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - start)


def problem_lines(stderr: str, prefixes: tuple[str, ...]) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(prefixes)]


def expected_status(expected: list[str]) -> int:
    return 0 if all(": attention : " in line for line in expected) else 1


def assert_check(project: Path, expected: list[str], prefixes: tuple[str, ...] = ("content/",),
                 secrets: tuple[str, ...] = (), max_seconds: float = TIMEOUT, prefix: tuple[str, ...] = ()) -> Run:
    """`check` in `project` prints exactly `expected` (lines starting with
    `prefixes`), no traceback, none of `secrets`, and exits accordingly."""
    result = run_cli(project, "check", prefix=prefix)
    assert result.status is not None, f"check did not finish in {TIMEOUT} s"
    assert "Traceback" not in result.err, result.err[-3000:]
    assert problem_lines(result.err, prefixes) == expected, result.err[-3000:]
    assert result.status == expected_status(expected), result.err[-3000:]
    for secret in secrets:
        assert secret not in result.out + result.err, f"the output shows {secret!r}"
    assert result.seconds < max_seconds, f"check took {result.seconds:.1f} s"
    return result


class _Handlers(html.parser.HTMLParser):
    """Event-handler attributes (onerror, onclick…) that call alert()."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") and "alert" in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")


def unsafe_markup(out: Path, forbidden: tuple[str, ...]) -> list[str]:
    """What the .html files under `out` hold as markup: any of `forbidden`
    verbatim, and any on…= attribute calling alert()."""
    found = []
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        found += [f"{page.relative_to(out)}: {markup!r}" for markup in forbidden if markup in text]
        parser = _Handlers()
        parser.feed(text)
        found += [f"{page.relative_to(out)}: {tag}" for tag in parser.found]
    return found


def assert_build_escapes(project: Path, out: Path, forbidden: tuple[str, ...]) -> None:
    result = run_cli(project, "build", "--out", out)
    assert result.status == 0, result.err[-3000:]
    assert "Traceback" not in result.err
    assert any(out.rglob("*.html")), "the build wrote no page"
    assert unsafe_markup(out, forbidden) == []


def test_unsafe_markup_is_seen(tmp_path: Path):
    """The check of the built pages finds raw markup, and only raw markup."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><img src=x onerror=alert(1)>')
    (tmp_path / "b.html").write_text('<p title="&lt;img src=x onerror=alert(1)&gt;">x</p><script>alert(1)</script>')
    assert unsafe_markup(tmp_path, ("<script>alert", "<img src=x onerror=")) == [
        "a/index.html: '<img src=x onerror='", "a/index.html: <img onerror='alert(1)'>", "b.html: '<script>alert'",
    ]


def case_params(cases):
    """pytest parameters named after their case, xfail when listed in XFAIL."""
    params = []
    for case in cases:
        name = case.name if isinstance(case, Path) else case
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        params.append(pytest.param(case, id=name, marks=marks))
    return params


# --- the cases kept as files ---------------------------------------------------------

@pytest.mark.parametrize("case", case_params(CASES))
def test_hostile_case(case: Path, tmp_path: Path):
    project = tmp_path / case.name
    shutil.copytree(case, project, symlinks=True)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    own = tuple(f"{p.name}/" for p in case.iterdir() if p.name != "expected.txt")
    assert_check(project, expected, ("content/", *own))
    if case.name in BUILD_FORBIDDEN:
        assert_build_escapes(project, tmp_path / "out", BUILD_FORBIDDEN[case.name])


def test_there_are_enough_cases():
    assert len(CASES) + len(BUILT) + len(CLI_CASES) >= 60
    for case in CASES:
        assert (case / "expected.txt").is_file(), f"{case.name}: expected.txt is missing"
    unknown = set(XFAIL) - {c.name for c in CASES} - set(BUILT) - set(CLI_CASES)
    assert not unknown, f"XFAIL names no case: {sorted(unknown)}"


# --- the cases git cannot hold: built in tmp_path ---------------------------------------

COURSE = "title: Essai\n"
MODULE = """---
title: Module valide
duration: 30min
objectives:
  - Citer un exemple
---

# Module valide

Texte.
"""
NOT_REGULAR = "ce n'est pas un fichier ordinaire (dossier, tube ou périphérique) : ignoré"
LINK_OUT = "lien symbolique vers un fichier hors du projet : refusé"


def minimal_project(tmp_path: Path) -> Path:
    """A valid project: course.yml and one module, donnee."""
    project = tmp_path / "projet"
    (project / "content" / "modules").mkdir(parents=True)
    (project / "content" / "course.yml").write_text(COURSE, encoding="utf-8")
    (project / "content" / "modules" / "donnee.md").write_text(MODULE, encoding="utf-8")
    return project


@dataclass
class Expect:
    lines: list[str]
    secrets: tuple[str, ...] = ()  # what the output must not show (a linked file's content)
    max_seconds: float = TIMEOUT
    prefix: tuple[str, ...] = ()  # a command to run `check` under (setpriv, for root)


BUILT = {}


def built(function):
    BUILT[function.__name__.replace("_", "-")] = function
    return function


@built
def names_not_in_utf8(project: Path, tmp_path: Path) -> Expect:
    """Files copied from an old disk, their names in Latin-1: reported, not a traceback."""
    for folder, name in ((b"modules", b"caf\xe9.md"), (b"media", b"sch\xe9ma.png")):
        os.makedirs(os.path.join(bytes(project / "content"), folder), exist_ok=True)
        with open(os.path.join(bytes(project / "content"), folder, name), "wb") as handle:
            handle.write(MODULE.encode() if name.endswith(b".md") else b"\x89PNG")
    unreadable = "nom de fichier illisible (pas en UTF-8) : renommez le fichier"
    return Expect([f"content/media/sch\ufffdma.png: {unreadable}", f"content/modules/caf\ufffd.md: {unreadable}"])


@built
def fifo_module(project: Path, tmp_path: Path) -> Expect:
    os.mkfifo(project / "content" / "modules" / "x.md")
    return Expect([f"content/modules/x.md: {NOT_REGULAR}"])


@built
def directory_named_md(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "modules" / "x.md").mkdir()
    (project / "content" / "modules" / "x.md" / "y.txt").write_text("dans un dossier\n")
    return Expect([f"content/modules/x.md: {NOT_REGULAR}"])


@built
def symlink_dev_zero(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "modules" / "x.md").symlink_to("/dev/zero")
    return Expect([f"content/modules/x.md: {LINK_OUT}"])


@built
def symlink_etc_passwd(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "modules" / "x.md").symlink_to("/etc/passwd")
    secrets = ("root:x:", "/bin/") if Path("/etc/passwd").is_file() else ()
    return Expect([f"content/modules/x.md: {LINK_OUT}"], secrets)


@built
def symlink_outside_md(project: Path, tmp_path: Path) -> Expect:
    outside = tmp_path / "ailleurs" / "secret.md"
    outside.parent.mkdir()
    outside.write_text("---\ntitle: Secret hors projet\nduration: 30min\nobjectives: [Citer]\n---\n\n# Mot de passe : hunter2\n\n[@fuite]\n")
    (project / "content" / "modules" / "x.md").symlink_to(outside)
    return Expect([f"content/modules/x.md: {LINK_OUT}"], ("hunter2", "Secret hors projet", "fuite"))


LOOP = "lien symbolique qui boucle (il se désigne lui-même, directement ou non) : ignoré"


@built
def symlink_loops(project: Path, tmp_path: Path) -> Expect:
    """Links that lead back to themselves: one line each, never a traceback (pathlib raised RuntimeError)."""
    content = project / "content"
    (content / "modules" / "boucle.md").symlink_to("boucle.md")
    (content / "references.yml").symlink_to("references.yml")
    (content / "media").mkdir()
    (content / "media" / "a.png").symlink_to("b.png")
    (content / "media" / "b.png").symlink_to("a.png")
    with open(content / "modules" / "donnee.md", "a", encoding="utf-8") as handle:
        handle.write("\n![Une image](../media/a.png)\n")
    return Expect([f"content/media/a.png: {LOOP}", f"content/media/b.png: {LOOP}", f"content/modules/boucle.md: {LOOP}",
                   "content/modules/donnee.md:12: image introuvable : ../media/a.png", f"content/references.yml: {LOOP}"])


@built
def shared_files_that_are_folders(project: Path, tmp_path: Path) -> Expect:
    """A folder named like a shared file is said to be one, not taken for a missing file."""
    (project / "content" / "glossaire.yml").mkdir()
    (project / "content" / "competences.yml").symlink_to("competences.yml")
    return Expect([f"content/competences.yml: {LOOP}", f"content/glossaire.yml: {NOT_REGULAR}"])


@built
def runs_of_brackets_and_angles(project: Path, tmp_path: Path) -> Expect:
    """Runs our regular expressions once read in quadratic time (« [[[[ » for a term,
    « ![![ » for an image, « <<<< » for a word count): 40 KB took 110 s."""
    runs = ["[" * 100_000, "[[" * 50_000, "![" * 50_000, "<" * 100_000, "[@" * 50_000]  # 500 KB: seconds, not days
    (project / "content" / "modules" / "x.md").write_text(MODULE + "\n\n---\n\n".join(runs) + "\n", encoding="utf-8")
    tall = "attention : diapositive trop chargée (environ {} % de la hauteur d'un écran 1280×720 : allégez-la, scindez-la " \
           "ou passez du texte dans un bloc « ::: handout »)"
    return Expect([f"content/modules/x.md:{line}: {tall.format(share)}"
                   for line, share in ((8, 5988), (15, 5967), (19, 6042), (23, 12845), (27, 10631))])


@built
def thousands_of_same_headings(project: Path, tmp_path: Path) -> Expect:
    """Each heading's id was found by trying slug_1, slug_2… from the start: 30,000 « ## D » took a minute."""
    (project / "content" / "modules" / "x.md").write_text(MODULE + "## D\n\nTexte.\n\n" * 30_000, encoding="utf-8")
    return Expect(["content/modules/x.md:8: attention : diapositive trop chargée (environ 602356 % de la hauteur d'un écran "
                   "1280×720 ; 60003 mots, 90 au plus : allégez-la, scindez-la ou passez du texte dans un bloc « ::: handout »)"])


@built
def symlink_inside_project(project: Path, tmp_path: Path) -> Expect:
    """A link to a module kept elsewhere in the project is fine."""
    drafts = project / "brouillons"
    drafts.mkdir()
    (drafts / "partage.md").write_text(MODULE, encoding="utf-8")
    (project / "content" / "modules" / "partage.md").symlink_to("../../brouillons/partage.md")
    return Expect([])


@built
def module_50mb(project: Path, tmp_path: Path) -> Expect:
    text = (MODULE + "Un paragraphe de texte ordinaire, pour faire un très gros module.\n" * 800_000).encode("utf-8")
    (project / "content" / "modules" / "x.md").write_bytes(text[: 50 * 2**20])  # 50 Mio of text
    return Expect(["content/modules/x.md: fichier trop gros (50 Mio) : 2 Mio au plus ; découpez-le en plusieurs modules"],
                  max_seconds=5)


# Root reads a file whatever its mode: without these capabilities, it cannot.
WITHOUT_DAC = ("setpriv", "--inh-caps=-dac_override,-dac_read_search",
               "--bounding-set=-dac_override,-dac_read_search", "--")


def permissions_enforced(path: Path) -> tuple[str, ...] | None:
    """The command prefix under which reading `path` is refused (none for
    an ordinary user, setpriv for root), or None if it never is."""
    probe = [sys.executable, "-c", "import sys; open(sys.argv[1], 'rb')", str(path)]
    for prefix in ((), WITHOUT_DAC) if os.geteuid() == 0 else ((),):
        if prefix and not shutil.which(prefix[0]):
            continue
        try:
            done = subprocess.run([*prefix, *probe], capture_output=True, timeout=TIMEOUT)
        except OSError:
            continue
        if b"PermissionError" in done.stderr:
            return prefix
    return None


@built
def module_unreadable(project: Path, tmp_path: Path) -> Expect:
    path = project / "content" / "modules" / "x.md"
    path.write_text(MODULE, encoding="utf-8")
    path.chmod(0)
    prefix = permissions_enforced(path)
    if prefix is None:  # root without setpriv, or a file system without permissions
        pytest.skip("file permissions are not enforced for this user")
    return Expect(["content/modules/x.md: fichier illisible : lecture non autorisée (droits du fichier)"], prefix=prefix)


@built
def editor_lock_dangling(project: Path, tmp_path: Path) -> Expect:
    """Emacs' lock files are dangling links named .#x.md: not sources, no line."""
    for folder, name in (("modules", ".#donnee.md"), ("parcours", ".#p.yml"), ("sessions", ".#s.yml"), ("media", ".#x.png")):
        (project / "content" / folder).mkdir(exist_ok=True)
        (project / "content" / folder / name).symlink_to("camille@poste.12345:1795305600")
    return Expect([])


@built
def dangling_symlink_module(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "modules" / "x.md").symlink_to("disparu.md")
    return Expect(["content/modules/x.md: lien symbolique cassé : le fichier qu'il désigne n'existe pas"])


@built
def logo_symlink_outside(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "course.yml").write_text("title: Essai\nlogo: media/logo.png\n", encoding="utf-8")
    (project / "content" / "media").mkdir()
    (project / "content" / "media" / "logo.png").symlink_to("/etc/passwd")
    return Expect([
        "content/course.yml:2: logo « media/logo.png » hors du dossier content/ : placez-le dans content/media/",
        "content/media/logo.png: lien symbolique vers un fichier hors du projet : refusé, rien n'est publié",
    ], ("root:x:",))


@built
def media_fifo(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "media").mkdir()
    os.mkfifo(project / "content" / "media" / "x.png")
    return Expect(["content/media/x.png: attention : ni fichier ni dossier (tube, périphérique ou lien cassé) : pas publié"])


@built
def parcours_fifo(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "parcours").mkdir()
    os.mkfifo(project / "content" / "parcours" / "p.yml")
    return Expect([f"content/parcours/p.yml: {NOT_REGULAR}"])


@built
def course_yml_symlink_etc_passwd(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "course.yml").unlink()
    (project / "content" / "course.yml").symlink_to("/etc/passwd")
    return Expect([f"content/course.yml: {LINK_OUT}"], ("root:x:",))


@built
def modules_folder_symlink_outside(project: Path, tmp_path: Path) -> Expect:
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret hors projet\nduration: 30min\nobjectives: [Citer]\n---\n\n# hunter2\n")
    shutil.rmtree(project / "content" / "modules")
    (project / "content" / "modules").symlink_to(outside)
    return Expect(["content/modules: lien symbolique vers un dossier hors du projet : refusé"], ("hunter2",))


STYLED = MODULE.replace("---\n\n", "css: ../media/m.css\n---\n\n", 1)


@built
def css_symlink_etc_passwd(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "modules" / "donnee.md").write_text(STYLED, encoding="utf-8")
    (project / "content" / "media").mkdir()
    (project / "content" / "media" / "m.css").symlink_to("/etc/passwd")
    return Expect([f"content/media/m.css: {LINK_OUT}, rien n'est publié", f"content/media/m.css: {LINK_OUT}"], ("root:x:",))


@built
def css_folder_symlink_outside(project: Path, tmp_path: Path) -> Expect:
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "m.css").write_text('.a::after { content: "hunter2"; }\n', encoding="utf-8")
    (project / "content" / "modules" / "donnee.md").write_text(STYLED.replace("media", "styles"), encoding="utf-8")
    (project / "content" / "styles").symlink_to(outside)
    return Expect(["content/modules/donnee.md:6: « css » : chemin « ../styles/m.css » hors du dossier content/"], ("hunter2",))


@built
def raw_html_backgrounds(project: Path, tmp_path: Path) -> Expect:
    """url()s in a style attribute are images too: nothing from the machine or the network."""
    (project / "content" / "modules" / "donnee.md").write_text(MODULE + (
        "\n<div style=\"background: url('file:///etc/passwd')\">a</div>\n"
        "<div style=\"background-image: url(https://traceur.example/p.png)\">b</div>\n"
        "<div style=\"background-image: url(../media/absente.png)\">c</div>\n"
        "Dans le texte, url(x) n'est pas une image ; `<i style=\"url(y)\">` non plus.\n"), encoding="utf-8")
    first = MODULE.count("\n") + 2
    return Expect([f"content/modules/donnee.md:{first}: adresse « file:///etc/passwd » refusée : une image du cours est un fichier de content/media/",
                   f"content/modules/donnee.md:{first + 2}: image introuvable : ../media/absente.png",
                   f"content/modules/donnee.md:{first + 1}: attention : image distante « https://traceur.example/p.png » : "
                   "elle ne s'affichera pas hors ligne, copiez-la dans content/media/"], ("root:x:",))


@built
def css_300kb(project: Path, tmp_path: Path) -> Expect:
    (project / "content" / "modules" / "donnee.md").write_text(STYLED, encoding="utf-8")
    (project / "content" / "media").mkdir()
    (project / "content" / "media" / "m.css").write_text(".a { color: red; }\n" * 16_000, encoding="utf-8")
    return Expect(["content/media/m.css: feuille de style trop grosse (296 Kio) : 256 Kio au plus"])


@pytest.mark.parametrize("name", case_params(sorted(BUILT)))
def test_built_case(name: str, tmp_path: Path):
    project = minimal_project(tmp_path)
    expect = BUILT[name](project, tmp_path)
    try:
        assert_check(project, expect.lines, secrets=expect.secrets, max_seconds=expect.max_seconds, prefix=expect.prefix)
    finally:
        for path in project.rglob("*"):  # let pytest remove what a case made unreadable
            if not path.is_symlink() and path.exists():
                path.chmod(0o755 if path.is_dir() else 0o644)


# --- other commands ------------------------------------------------------------------------

CLI_CASES = {}


def cli_case(function):
    name = function.__name__.removeprefix("test_").replace("_", "-")
    CLI_CASES[name] = function
    if name in XFAIL:
        return pytest.mark.xfail(strict=True, reason=XFAIL[name])(function)
    return function


def two_day_project(tmp_path: Path) -> Path:
    project = minimal_project(tmp_path)
    (project / "content" / "parcours").mkdir()
    (project / "content" / "parcours" / "deux-jours.yml").write_text(
        "title: Deux jours\ndays:\n  - items: [donnee]\n  - items: [donnee]\n", encoding="utf-8")
    return project


def said(result: Run) -> list[str]:
    return [line for line in result.err.splitlines() if line.strip()]


@cli_case
def test_session_new_far_date(tmp_path: Path):
    project = two_day_project(tmp_path)
    result = run_cli(project, "session", "new", "deux-jours", "--debut", "9999-12-31")
    assert result.status == 2, result.err[-3000:]  # an argument out of range: argparse's status, as for --port
    assert "Traceback" not in result.err
    assert said(result)[-1] == "opendata-course session new : erreur : --debut : date « 9999-12-31 » hors de 2000-2100"
    assert not (project / "content" / "sessions").exists() or not any((project / "content" / "sessions").iterdir())


@cli_case
def test_session_new_slug_escapes(tmp_path: Path):
    project = two_day_project(tmp_path)
    result = run_cli(project, "session", "new", "deux-jours", "--debut", "2027-01-19", "--slug", "../../evasion")
    assert result.status == 1, result.err[-3000:]
    assert "Traceback" not in result.err
    assert said(result) == ["nom de session « ../../evasion » invalide : minuscules, chiffres et tirets"]
    assert not list(tmp_path.rglob("evasion*"))


@cli_case
def test_build_out_is_a_file(tmp_path: Path):
    project = minimal_project(tmp_path)
    target = tmp_path / "fichier.txt"
    target.write_text("à garder\n")
    result = run_cli(project, "build", "--out", target)
    assert result.status == 1, result.err[-3000:]
    assert "Traceback" not in result.err
    assert said(result) == [f"{target.resolve()}: ce n'est pas un dossier"]
    assert target.read_text() == "à garder\n"


@cli_case
def test_site_link_to_nowhere(tmp_path: Path):
    """A committed `_site` link to a folder that does not exist sent the build (and its lock) there."""
    project = minimal_project(tmp_path)
    elsewhere = tmp_path / "ailleurs" / "x"
    (project / "_site").symlink_to(elsewhere)
    result = run_cli(project, "build")
    assert result.status == 1 and "Traceback" not in result.err
    assert said(result) == [f"_site: lien symbolique vers « {elsewhere} », qui n'existe pas : refus d'y écrire le site"]
    assert not elsewhere.parent.exists()


@cli_case
def test_build_out_inside_content(tmp_path: Path):
    project = minimal_project(tmp_path)
    result = run_cli(project, "build", "--out", "content/site")
    assert result.status == 1, result.err[-3000:]
    assert "Traceback" not in result.err
    assert said(result) == [f"{(project / 'content' / 'site').resolve()}: refus d'écrire le site dans content/"]
    assert not (project / "content" / "site").exists()


@cli_case
def test_import_into_outside(tmp_path: Path):
    project = minimal_project(tmp_path)
    (project / "deck.Rmd").write_text("---\ntitle: Présentation\n---\n\n# Une diapositive\n\nTexte.\n", encoding="utf-8")
    result = run_cli(project, "import", "deck.Rmd", "--into", "../outside")
    assert result.status == 1, result.err[-3000:]
    assert "Traceback" not in result.err
    assert said(result) == ["../outside: dossier hors du projet ; le module doit aller dans le projet (content/modules)"]
    assert not (tmp_path / "outside").exists()


@cli_case
def test_serve_port_70000(tmp_path: Path):
    project = minimal_project(tmp_path)
    result = run_cli(project, "serve", "--port", "70000")
    assert result.status == 2, result.err[-3000:]
    assert "Traceback" not in result.err
    assert said(result)[-1] == "opendata-course serve : erreur : --port : port invalide « 70000 » : un nombre de 1 à 65535"


def test_a_module_that_takes_too_long_stops_with_one_line(tmp_path: Path, monkeypatch, capsys):
    """What no check bounds (Python-Markdown reads « ![a]( » repeated in quadratic time:
    5,000 of them take 10 s, the 2 MiB a module may hold, hours): stopped, said on one line."""
    from opendata_course.build import modules
    from opendata_course.cli import main

    project = minimal_project(tmp_path)
    (project / "content" / "modules" / "lent.md").write_text(MODULE + "![a](" * 5000 + "\n", encoding="utf-8")
    monkeypatch.setattr(modules, "MODULE_SECONDS", 0.5)
    start = time.monotonic()
    assert main(["check", "--root", str(project)]) == 1
    assert time.monotonic() - start < 5
    err = capsys.readouterr().err
    assert "content/modules/lent.md: module trop long à lire (plus de 0.5 s" in err and "Traceback" not in err
