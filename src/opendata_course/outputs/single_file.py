"""One self-contained HTML file for a page of the site: a deck for a USB key or an email.

Stylesheets and scripts go inline, images and CSS url()s become data: URIs,
links to other pages point to the online site (base_url) or lose their href.
Everything comes from the site in memory (render_site()); nothing is fetched.

The HTML comes from our own templates, so a small regex tokenizer is enough. It
skips comments and reads <script>/<style> elements whole, so nothing inside
them (including the JavaScript it inlines) is ever taken for a tag.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import posixpath
import re
from collections.abc import Mapping
from urllib.parse import quote, unquote, urljoin, urlsplit

from ..markup.grammar import CSS_URL, SCHEME, css_address, elsewhere
from ..model import OutputFile

ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""  # a '>' inside a quoted value does not end the tag
TOKEN = re.compile(rf"""
    <!--.*?-->
  | <(?P<raw>script|style)\b(?P<raw_attrs>{ATTRS})>(?P<body>.*?)</(?P=raw)\s*>
  | <(?P<tag>[a-zA-Z][\w-]*)\b(?P<attrs>{ATTRS})>
""", re.S | re.I | re.X)
ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
SRCSET_URL = re.compile(r"(^\s*|,\s*)([^\s,]+)")  # a URL starts the srcset or follows a comma
# Attributes whose file is shown in the page itself, so it must travel inside it.
EMBEDDED = {
    "img": {"src", "srcset"},
    "source": {"src", "srcset"},
    "video": {"src", "poster"},
    "audio": {"src"},
    "track": {"src"},
    "input": {"src"},
}
# mimetypes reads the system's tables, which may not know these.
MIME = {".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif",
        ".woff": "font/woff", ".woff2": "font/woff2"}

Attrs = list[tuple[str, str | None]]  # (name, value), value None for a bare attribute


def single_file(files: Mapping[str, OutputFile], page: str, base_url: str = "") -> bytes:
    """`page` of the site as one HTML file that needs no other file and no network."""
    data = read(files, page)
    if data is None:
        raise KeyError(f"{page} is not a file of the site")
    inliner = Inliner(files, page, base_url)
    return TOKEN.sub(inliner.token, data.decode("utf-8")).encode("utf-8")


def read(files: Mapping[str, OutputFile], path: str) -> bytes | None:
    file = files.get(path)
    return file.contents() if file is not None else None  # a file gone since: missing


def site_path(base: str, url: str) -> str | None:
    """The site file a relative URL written in `base` points to, or None (external, fragment, outside)."""
    if not url or url.startswith(("#", "/")) or SCHEME.match(url):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    return None if joined == ".." or joined.startswith("../") else joined


def link_away(page: str, href: str, base_url: str) -> str | None:
    """Where a link of `page` leads once the page is read away from the site
    (one file, a PDF): unchanged for its fragments and the outside world;
    `#fragment` for this very page, whatever the file is called now; online
    under `base_url`; else None: the text stays, the link goes."""
    if not href or href.startswith("#") or elsewhere(href):
        return href
    parts = urlsplit(href)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
    if path == page and not parts.query:
        return "#" + parts.fragment
    if base_url and path != ".." and not path.startswith("../"):  # never above the site
        return urljoin(base_url.rstrip("/") + "/" + quote(page), href)
    return None


def data_uri(path: str, data: bytes) -> str:
    ext = posixpath.splitext(path)[1].lower()
    mime = MIME.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def parse_attrs(text: str) -> Attrs:
    attrs: Attrs = []
    for m in ATTR.finditer(text):
        value = next((v for v in m.groups()[1:] if v is not None), None)
        attrs.append((m[1], None if value is None else html.unescape(value)))
    return attrs


def format_attrs(attrs: Attrs) -> str:
    return "".join(f" {name}" if value is None else f' {name}="{quote_attr(value)}"' for name, value in attrs)


def quote_attr(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


def get(attrs: Attrs, name: str) -> str | None:
    return next((value for key, value in attrs if key.lower() == name), None)


def escape_end(text: str, element: str) -> str:
    """`</script` (or `</style`) inside the code would end the element early: `<\\/` means the same to JS and CSS."""
    return re.sub(rf"</({element})", r"<\\/\1", text, flags=re.I)


class Inliner:
    def __init__(self, files: Mapping[str, OutputFile], page: str, base_url: str) -> None:
        self.files = files
        self.page = page
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""

    def token(self, match: re.Match) -> str:
        if match["raw"]:
            return self.raw_element(match)
        if match["tag"]:
            return self.tag(match)
        return match[0]  # a comment

    def fetch(self, base: str, url: str) -> tuple[str, bytes] | None:
        """(site path, bytes) of a relative URL written in `base`; None when external or missing."""
        path = site_path(base, url)
        data = read(self.files, path) if path else None
        return (path, data) if data is not None else None

    def embed(self, base: str, url: str) -> str:
        """A data: URI for the file, or the URL unchanged when it is not in the site."""
        found = self.fetch(base, url)
        if not found:
            return url
        fragment = urlsplit(url).fragment  # an SVG sprite's #id still applies
        return data_uri(*found) + (f"#{fragment}" if fragment else "")

    def css(self, text: str, base: str) -> str:
        """CSS with its url()s, relative to `base`, made into data: URIs."""
        def replace(m: re.Match) -> str:
            url = m[css_address(m)]
            new = self.embed(base, url)
            return m[0] if new == url else f"url({new})"  # base64 needs no quotes
        return CSS_URL.sub(replace, text)

    def raw_element(self, match: re.Match) -> str:
        name = match["raw"].lower()
        if name == "style":
            return f"<style{match['raw_attrs']}>{escape_end(self.css(match['body'], self.page), 'style')}</style>"
        attrs = parse_attrs(match["raw_attrs"])
        found = self.fetch(self.page, get(attrs, "src") or "")
        if not found:
            return match[0]  # an inline script, or one whose file is missing: as it is
        rest = [(k, v) for k, v in attrs if k.lower() != "src"]
        js = found[1].decode("utf-8", "replace")
        return f"<script{format_attrs(rest)}>{escape_end(js, 'script')}</script>"

    def tag(self, match: re.Match) -> str:
        name = match["tag"].lower()
        attrs = parse_attrs(match["attrs"])
        if name == "link" and "stylesheet" in (get(attrs, "rel") or "").lower().split():
            return self.stylesheet(match, attrs)
        new: Attrs = []
        for key, value in attrs:
            new_value = value if value is None else self.attribute(name, key.lower(), value)
            if new_value is not None or value is None:
                new.append((key, new_value))
        if new == attrs:
            return match[0]  # untouched tags keep their exact text
        end = "/>" if match["attrs"].rstrip().endswith("/") else ">"
        return f"<{match['tag']}{format_attrs(new)}{end}"

    def attribute(self, tag: str, name: str, value: str) -> str | None:
        """The attribute's new value; None drops it."""
        if name in EMBEDDED.get(tag, ()):
            if name == "srcset":
                return SRCSET_URL.sub(lambda m: m[1] + self.embed(self.page, m[2]), value)
            return self.embed(self.page, value)
        if name == "style":
            return self.css(value, self.page)
        if name == "href" and tag in ("a", "area"):
            return self.link(value)
        if name == "href" and tag == "link":  # an icon: shown by the browser, so it travels too
            return self.embed(self.page, value)
        return value

    def stylesheet(self, match: re.Match, attrs: Attrs) -> str:
        href = get(attrs, "href") or ""
        found = self.fetch(self.page, href)
        if not found:
            return match[0]
        path, data = found
        media = get(attrs, "media")
        media_attr = f' media="{quote_attr(media)}"' if media else ""
        css = self.css(data.decode("utf-8", "replace"), path)  # its url()s are relative to the CSS file
        return f"<style{media_attr}>\n{escape_end(css, 'style')}</style>"

    def link(self, href: str) -> str | None:
        return link_away(self.page, href, self.base_url)
