"""The theme: the default one inside the package, and a project's own
`templates/` and `static/` that override it file by file."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
import markupsafe

from ..markup.typography import typeset_already
from ..problems import CourseError, LocatedError
from ..schedule import format_clock, format_duration

PACKAGE = Path(__file__).resolve().parents[1]
THEME = PACKAGE / "theme"


class TemplateProblem(LocatedError):
    """A template failed to render; `error` says where, for the author."""

    def __init__(self, error: CourseError) -> None:
        super().__init__(error.message, error.line)
        self.error = error

    def __reduce__(self):  # raised in a process making pages (build/modules.py), told to the parent
        return TemplateProblem, (self.error,)


def theme_dir(name: str) -> Path:
    """A folder of the default theme: templates, static or pdf."""
    return THEME / name


def project_templates(root: Path) -> Path | None:
    """The project's own templates, if it has some."""
    folder = root / "templates"
    return folder if folder.is_dir() else None


def make_environment(root: Path, bytecode: Path | None = None) -> jinja2.Environment:
    """Project templates first, then the default theme; `!default/x.html`
    names the default one, so that an override may extend it."""
    default = jinja2.FileSystemLoader(str(theme_dir("templates")))
    loaders = []
    own = project_templates(root)
    if own is not None:
        loaders.append(jinja2.FileSystemLoader(str(own)))
    loaders += [default, jinja2.PrefixLoader({"!default": default}, delimiter="/")]
    cache = None
    if bytecode is not None:  # compiled templates, kept between builds
        try:
            bytecode.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(bytecode))
        except OSError:
            pass
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["duration"] = format_duration
    env.filters["clock"] = format_clock
    # A module's converted HTML: trusted, and already typeset (the page's own pass skips it).
    env.filters["converted"] = lambda html: markupsafe.Markup(typeset_already(str(html)))
    return env


def compile_templates(env: jinja2.Environment, names: set[str]) -> None:
    """Compile templates before pages are made on several processes, so
    that each is compiled once. A template that does not compile is left
    for render_template() to report, on its line."""
    for name in sorted(names):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


def render_template(env: jinja2.Environment, template: str, context: dict) -> str:
    """Render, turning any failure of a (project's) template into one located line."""
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(CourseError(Path(exc.filename or template), exc.lineno or 0, f"gabarit invalide : {exc.message}")) from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(CourseError(Path(template), 0, f"gabarit {template} : {exc.message}")) from None
    except jinja2.TemplateNotFound as exc:
        # Named by an {% include %} or {% extends %}: say which template, on which line.
        frame = next((f for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename.endswith(".html")), None)
        where = (Path(frame.filename), frame.lineno or 0) if frame else (Path(template), 0)
        raise TemplateProblem(CourseError(*where, f"gabarit introuvable : {exc.name}")) from None
    except Exception as exc:
        # A template may fail in any way (`{{ 1 / 0 }}`): report it on its line.
        # An error raised in our own Python code is a bug: let it surface.
        frames = traceback.extract_tb(exc.__traceback__)
        if frames and frames[-1].filename.endswith(".py") and Path(frames[-1].filename).is_relative_to(PACKAGE):
            raise
        line = next((frame.lineno for frame in reversed(frames) if frame.filename.endswith(".html")), 0)
        raise TemplateProblem(CourseError(Path(template), line or 0, f"gabarit {template} : {type(exc).__name__} : {exc}")) from None
