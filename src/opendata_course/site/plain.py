"""The course for programs that read it without parsing HTML: `llms.txt`
(the parcours and modules, one line each), each module's text as plain
Markdown next to its page (`modules/<slug>/index.md`, front-matter first, no
slide separators, notes or `:::` blocks) and `catalogue.json` (every
module's metadata)."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import yaml

from ..markup.convert import site_url
from ..markup.grammar import BLOCK_CLOSE, BLOCK_OPEN, CITATION, CLASS_OPEN, ROOT, TERM, code_mask, expand_classes
from ..model import Course, Module
from ..schedule import format_duration
from ..strings import strings
from .meta import last_updated

LINK = re.compile(r"(\]\(\s*<?)(?P<url>[^)\s>]+)")
SPAN = re.compile(r'</?span(?: class="[^"]*")?>')
DROPPED = {"slides", "_layout"}  # blocks that only the deck shows
TITLED = {"exercise": "exercise", "solution": "plain_solution", "quiz": "plain_quiz", "note": "callout_note",
          "tip": "callout_tip", "warning": "callout_warning", "law": "callout_law"}  # a block's kind -> its title's string


def module_markdown(module: Module, course: Course) -> str:
    """A module as plain Markdown: front-matter, then every slide's text and
    its handout blocks, as a reader of the handout gets them."""
    front = {
        "title": module.title, "duration": format_duration(module.duration), "objectives": list(module.objectives),
        "level": module.level, "kind": module.kind, "audience": list(module.audience),
        "licence": module.licence or course.config.licence,
        "updated": iso(last_updated(module)),
        "url": f"{course.config.base_url}/modules/{module.slug}/index.html" if course.config.base_url else None,
    }
    header = yaml.safe_dump({k: v for k, v in front.items() if v not in (None, [], "")}, allow_unicode=True, sort_keys=False)
    texts = ["\n\n".join(part.text for part in slide.parts) for slide in module.slides]
    t = strings(course.config.lang)
    body = re.sub(r"\n{3,}", "\n\n", "\n\n".join(clean(text, module, course, t) for text in texts)).strip()
    return f"---\n{header}---\n\n{body}\n"


def clean(text: str, module: Module, course: Course, t: dict) -> str:
    """One slide's Markdown without the course's own syntax."""
    if CLASS_OPEN.search(text):
        text = SPAN.sub("", expand_classes(text, 1))  # .red[mot] -> mot; block forms become ::: .x blocks
    lines, out, dropping = text.split("\n"), [], []
    for line, in_code in zip(lines, code_mask(lines)):
        opener = None if in_code else BLOCK_OPEN.match(line)
        if opener:
            kind, title = opener.group("kind"), opener.group("title").strip()
            dropping.append(kind in DROPPED or bool(dropping and dropping[-1]))
            if not dropping[-1] and kind in TITLED:
                out.append(f"\n**{t[TITLED[kind]]}{' — ' + title if title else ''}**\n")
            continue
        if not in_code and BLOCK_CLOSE.match(line) and dropping:
            dropping.pop()
            continue
        if dropping and dropping[-1]:
            continue
        if not in_code and ("[" in line or "]" in line):  # citations, terms, links (a link's text may end a line above)
            line = CITATION.sub(lambda m: cited(m, course), line)
            line = TERM.sub(lambda m: (m.group("label") or m.group("term")).strip(), line)
            line = LINK.sub(lambda m: m.group(1) + relative(site_url(m.group("url"), module.path, course.content)), line)
        out.append(line)
    return "\n".join(out)


def cited(match: re.Match, course: Course) -> str:
    labels = []
    for ident in re.split(r"\s*[;,]\s*", match.group("ids")):
        reference = course.references.get(ident.lstrip("@"))
        if reference is not None:
            labels.append(f"[{reference.label}]({reference.url})" if reference.url else reference.label)
    return f"({'; '.join(labels)})" if labels else ""


def relative(url: str) -> str:
    """A link from the site root, seen from modules/<slug>/index.md."""
    return "../../" + url[len(ROOT):] if url.startswith(ROOT) else url


def llms_txt(course: Course, modules: list[Module]) -> str:
    """The course in a few lines, for a program's first look (llms.txt)."""
    config = course.config
    lines = [f"# {config.title}", ""]
    if config.subtitle:
        lines += [f"> {config.subtitle}", ""]
    lines += [strings(config.lang)["llms_intro"].format(licence=config.licence), "", "## Parcours", ""]
    for parcours in course.parcours.values():
        summary = " ".join(parcours.summary.split())
        lines.append(f"- [{parcours.title}](parcours/{quote(parcours.slug)}/index.html){': ' + summary if summary else ''}")
    lines += ["", "## Modules", ""]
    for module in modules:
        what = module.subtitle or "; ".join(module.objectives)
        lines.append(f"- [{module.title}](modules/{quote(module.slug)}/index.md) ({format_duration(module.duration)}): {what}")
    return "\n".join(lines) + "\n"


def catalogue_json(course: Course, modules: list[Module]) -> str:
    """Every module's metadata, in teaching order."""
    entries = [{
        "slug": module.slug, "title": module.title, "subtitle": module.subtitle, "duration_minutes": module.duration,
        "objectives": list(module.objectives), "kind": module.kind, "level": module.level, "audience": list(module.audience),
        "prerequisites": list(module.prerequisites), "competences": list(module.competences), "tags": list(module.tags),
        "licence": module.licence or course.config.licence,
        "updated": iso(last_updated(module)),
        "handout": f"modules/{module.slug}/index.html", "slides": f"modules/{module.slug}/diapos.html",
        "markdown": f"modules/{module.slug}/index.md",
    } for module in modules]
    return json.dumps({"title": course.config.title, "licence": course.config.licence, "modules": entries},
                      ensure_ascii=False, indent=1) + "\n"


def iso(day) -> str | None:
    return day.isoformat() if day else None
