"""What a page becomes on paper, before WeasyPrint lays it out.

These functions change the parsed page (an ElementTree, as WeasyPrint's HTML
parser makes it, without namespaces) in place:

- `paper_links`: a link to another page of the site leads to the online site
  (`base_url`) or nowhere: a PDF read away from the site has no folder beside it;
- `answers_to_corrige` (learners' handouts): each quiz answer and each solution
  leaves its place for a line "Corrigé n° 3, page 14" and goes to an appendix,
  « Corrigé », at the end of the document: the question pages hold no answer;
- `answers_hidden` (printed decks): answers and solutions are controls on screen
  ("Voir la réponse"), dead on paper: they are taken out;
- `answers_to_notes` (decks with notes, the trainer's): each slide's answers go
  below the slide, with its notes.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

from .single_file import link_away

ANSWERS = ("quiz-answer", "solution")  # <details> classes of markup.extension


def classes(element: Element) -> list[str]:
    return (element.get("class") or "").split()


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def parents(root: Element) -> dict[Element, Element]:
    return {child: parent for parent in root.iter() for child in parent}


def is_answer(element: Element) -> bool:
    return element.tag == "details" and any(c in ANSWERS for c in classes(element))


def answers(root: Element) -> list[Element]:
    """The outermost answers and solutions, in document order."""
    found = []
    inside: set[int] = set()
    up = parents(root)
    for element in root.iter("details"):
        if not is_answer(element):
            continue
        ancestor, nested = up.get(element), False
        while ancestor is not None:
            if id(ancestor) in inside:
                nested = True
                break
            ancestor = up.get(ancestor)
        if not nested:
            found.append(element)
            inside.add(id(element))
    return found


def paper_links(root: Element, page: str, base_url: str) -> None:
    """Links to other files of the site: online with `base_url`, else plain text.

    A link to this very page keeps its fragment (an internal link of the PDF).
    Links that go online are marked `data-site`, so that the print stylesheet
    does not print their address after them (a glossary term on each line)."""
    for link in root.iter("a"):
        href = link.get("href")
        if not href:
            continue
        away = link_away(page, href, base_url)
        if away == href:
            continue
        if away is None or away == "#":  # nowhere, or the top of this very page
            link.attrib.pop("href")
        else:
            link.set("href", away)
            if not away.startswith("#"):
                link.set("data-site", "")


def drop(element: Element, parent: Element) -> None:
    """Remove `element`, keeping the text that follows it."""
    if element.tail and element.tail.strip():
        siblings = list(parent)
        position = siblings.index(element)
        if position:
            before = siblings[position - 1]
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def answers_hidden(root: Element) -> None:
    """Take out every answer and solution (a learner's printed deck)."""
    up = parents(root)
    for element in answers(root):
        drop(element, up[element])


def answer_body(details: Element) -> list[Element]:
    """What a <details> holds, its <summary> left out; its text before the first
    child kept as a paragraph."""
    body = []
    if details.text and details.text.strip():
        paragraph = Element("p")
        paragraph.text = details.text.strip()
        body.append(paragraph)
    body.extend(child for child in details if child.tag != "summary")
    return body


HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def headings_before(root: Element) -> dict[int, str]:
    """For each answer (by id()), the text of the last heading before it."""
    found, last = {}, ""
    for element in root.iter():
        if element.tag in HEADINGS:
            last = text_of(element)
        elif is_answer(element):
            found[id(element)] = last
    return found


def answer_title(details: Element, up: dict[Element, Element], heading: str = "") -> str:
    """The question of a quiz, the title of an exercise, or else the heading
    above, that an answer answers."""
    parent = up.get(details)
    while parent is not None:
        names = classes(parent)
        if "quiz" in names:
            question = next((c for c in parent.iter() if "quiz-question" in classes(c)), None)
            return text_of(question) if question is not None else ""
        if "exercise" in names:
            title = next((c for c in parent.iter() if "block-title" in classes(c)), None)
            return text_of(title) if title is not None else ""
        parent = up.get(parent)
    return heading


def group_of(details: Element, up: dict[Element, Element]) -> str:
    """The title of the module an answer belongs to, in a document of several
    (an <article class="handout"> whose first <h2> is the module's title)."""
    parent = up.get(details)
    while parent is not None:
        if parent.tag == "article" and "handout" in classes(parent):
            heading = next(parent.iter("h2"), None)
            return text_of(heading) if heading is not None else ""
        parent = up.get(parent)
    return ""


def answers_to_corrige(root: Element, t: dict) -> int:
    """Move every answer to a « Corrigé » at the end of <main> (or <body>);
    return how many moved. In its place: "Corrigé n° N, page P" (the page is
    the print stylesheet's target-counter())."""
    found = answers(root)
    if not found:
        return 0
    up = parents(root)
    above = headings_before(root)
    main = next(root.iter("main"), None)
    if main is None:
        main = next(root.iter("body"), root)
    section = SubElement(main, "section", {"class": "corrige", "aria-labelledby": "corrige"})
    SubElement(section, "h2", {"id": "corrige"}).text = t["corrige"]
    SubElement(section, "p", {"class": "corrige-intro"}).text = t["corrige_intro"]
    group = None
    for number, details in enumerate(found, 1):
        parent = up[details]
        title, module = answer_title(details, up, above.get(id(details), "")), group_of(details, up)
        if title == module:
            title = ""  # the module's own title: said by the group's heading
        if module and module != group:
            group = module
            SubElement(section, "h3").text = module
        entry = SubElement(section, "div", {"class": "corrige-entry", "id": f"corrige-{number}"})
        heading = SubElement(entry, "p", {"class": "corrige-title"})
        SubElement(heading, "span", {"class": "corrige-number"}).text = f"{number}."
        SubElement(heading, "span").text = " " + (title or t["corrige_answer"])
        entry.extend(answer_body(details))
        mark = Element("p", {"class": "corrige-ref"})
        link = SubElement(mark, "a", {"href": f"#corrige-{number}"})
        link.text = t["corrige_ref"].format(n=number)
        mark.tail = details.tail
        parent.insert(list(parent).index(details), mark)
        parent.remove(details)
    contents = next((nav for nav in root.iter("nav") if "toc" in classes(nav)), None)
    listing = next(contents.iter("ol"), None) if contents is not None else None
    if listing is not None:
        item = SubElement(listing, "li", {"class": "toc-corrige"})
        SubElement(item, "a", {"href": "#corrige"}).text = t["corrige"]
    return len(found)


def answers_to_notes(root: Element, t: dict) -> None:
    """Each slide's answers below it, after its notes (pdf.notes_after_slides
    has already moved the notes out of the slides, just after each one)."""
    up = parents(root)
    for slide in [e for e in root.iter() if "slide" in classes(e)]:
        found = answers(slide)
        if not found:
            continue
        box = Element("div", {"class": "notes answers"})
        for details in found:
            if "solution" in classes(details):
                SubElement(box, "p", {"class": "block-title"}).text = t["solution_title"]
            box.extend(answer_body(details))
            drop(details, up[details])
        container = up[slide]
        siblings = list(container)
        position = siblings.index(slide) + 1
        while position < len(siblings) and "notes" in classes(siblings[position]):
            position += 1
        container.insert(position, box)
