"""What programs read: schema.org JSON-LD for parcours (Course) and handouts
(LearningResource), sitemap.xml and robots.txt, and the link that takes a
contributor to a module's source file.

Pure functions of the course: no disk access.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote, urlsplit
from html import escape  # not xml.sax.saxutils: it imports urllib.request, http and ssl (20 ms)

from ..model import Config, Course, Module, Parcours, Session

SCHEMA = "https://schema.org"
# Licences the course's modules use, by SPDX id (or name), and their page.
LICENCES = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nc-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc-by-nc-sa-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "cc-by-nd-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "etalab-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "licence ouverte 2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "odbl-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "mit": "https://opensource.org/license/mit",
}


def last_updated(module: Module) -> dt.date | None:
    """Its `updated:`, or the day of its file's last commit if later (git, with `repository:`)."""
    return max((day for day in (module.updated, module.committed) if day), default=None)


def iso_duration(minutes: int) -> str:
    """90 -> 'PT1H30M' (ISO 8601, as schema.org's Duration)."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def licence(text: str) -> str | dict:
    """A licence's address when it is a known one, else a CreativeWork named by it."""
    url = LICENCES.get(text.strip().lower())
    if url:
        return url
    return text if text.startswith(("http://", "https://")) else {"@type": "CreativeWork", "name": text}


def address(config: Config, path: str, root: str) -> str:
    """A page's address: absolute with base_url, else relative to the page."""
    return f"{config.base_url}/{path}" if config.base_url else root + path


def organisation(config: Config) -> dict:
    return {"@type": "Organization", "name": config.organisation or config.title}


def course_mode(mode: str) -> str:
    """schema.org's courseMode from the session's `modalite` (free text)."""
    text = mode.lower()
    distant = "distanciel" in text or "à distance" in text or "en ligne" in text
    onsite = "présentiel" in text.replace("distanciel", "")
    if distant and onsite or "hybride" in text:
        return "blended"
    return "online" if distant else "onsite" if onsite else mode


def learning_resource(course: Course, module: Module, root: str, updated, kind: str) -> dict:
    """A handout as a schema.org LearningResource."""
    config = course.config
    data = {
        "@context": SCHEMA, "@type": "LearningResource",
        "name": module.title,
        "description": module.subtitle or " ; ".join(module.objectives),
        "url": address(config, f"modules/{module.slug}/index.html", root),
        "inLanguage": config.lang,
        "learningResourceType": kind,
        "educationalLevel": module.level,
        "timeRequired": iso_duration(module.duration),
        "teaches": list(module.objectives),
        "license": licence(module.licence or config.licence),
        "publisher": organisation(config),
    }
    if module.audience:
        data["audience"] = [{"@type": "Audience", "audienceType": who} for who in module.audience]
    if module.tags:
        data["keywords"] = list(module.tags)
    if module.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in module.authors]
    if updated:
        data["dateModified"] = updated.isoformat()
    prerequisites = [course.modules[p].title if p in course.modules else p for p in module.prerequisites]
    if prerequisites:
        data["competencyRequired"] = prerequisites
    return data


def course_data(course: Course, parcours: Parcours, modules: list[Module], sessions: list[Session], root: str) -> dict:
    """A parcours as a schema.org Course; its public sessions as CourseInstances."""
    config = course.config
    data = {
        "@context": SCHEMA, "@type": "Course",
        "name": parcours.title,
        "description": parcours.summary or parcours.title,
        "url": address(config, f"parcours/{parcours.slug}/index.html", root),
        "inLanguage": config.lang,
        "provider": organisation(config),
        "timeRequired": iso_duration(parcours.teaching),
        "teaches": [objective for module in modules for objective in module.objectives],
        "hasPart": [{"@type": "LearningResource", "name": module.title,
                     "url": address(config, f"modules/{module.slug}/index.html", root),
                     "timeRequired": iso_duration(module.duration)} for module in modules],
        "license": licence(config.licence),
    }
    if parcours.audience:
        data["audience"] = {"@type": "Audience", "audienceType": parcours.audience}
    instances = [course_instance(session) for session in sessions]
    if instances:
        data["hasCourseInstance"] = instances
    return data


def course_instance(session: Session) -> dict:
    instance = {
        "@type": "CourseInstance",
        "name": session.title,
        "startDate": session.dates[0].isoformat() if session.dates else None,
        "endDate": session.dates[-1].isoformat() if session.dates else None,
        "courseMode": course_mode(session.mode) if session.mode else None,
        "courseWorkload": iso_duration(session.teaching),
        "location": {"@type": "Place", "name": session.place} if session.place else None,
        "instructor": [{"@type": "Person", "name": trainer.name} for trainer in session.trainers] or None,
        "organizer": {"@type": "Organization", "name": session.organiser} if session.organiser else None,
    }
    return {key: value for key, value in instance.items() if value}


def json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> element: nothing in it
    can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sitemap(config: Config, pages: list[tuple[str, str]]) -> bytes:
    """sitemap.xml: (path, last modified day or "") of each public page."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, day in pages:
        url = escape(f"{config.base_url}/{quote(path)}", quote=False)
        lastmod = f"<lastmod>{day}</lastmod>" if day else ""
        lines.append(f"  <url><loc>{url}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(config: Config) -> bytes:
    """robots.txt: everything may be read but the sessions' kits (their
    pages also say noindex); where the sitemap is."""
    prefix = urlsplit(config.base_url).path.rstrip("/")
    return (f"User-agent: *\nDisallow: {prefix}/sessions/\n\n"
            f"Sitemap: {config.base_url}/sitemap.xml\n").encode("utf-8")


def edit_url(config: Config, source: str) -> str:
    """The page of the repository's forge where `source` is edited (a pull
    request follows): GitHub, GitLab, Gitea/Forgejo; else the file's page."""
    repository, branch = config.repository, quote(config.branch)
    host = urlsplit(repository).netloc.lower()
    path = quote(source)
    if "gitlab" in host:
        return f"{repository}/-/edit/{branch}/{path}"
    if "codeberg" in host or "gitea" in host or "forgejo" in host:
        return f"{repository}/_edit/{branch}/{path}"
    if "github" in host:
        return f"{repository}/edit/{branch}/{path}"
    return f"{repository}/blob/{branch}/{path}"
