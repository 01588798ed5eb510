"""What remark's Markdown (marked, GitHub-flavoured) does that
Python-Markdown does not: bare addresses as links, task lists; and a
table's empty corner, which is no header."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

# A bare address in the text is a link, as remark (GFM) makes it: « Ces diapos : https://… ».
# Not after a quote, `=`, `(` or `<`: raw HTML and <…> autolinks are theirs.
BARE_URL = rf"""(?<![\w"'=(<>/{util.ETX}])https?://[^\s<>"{util.STX}]+"""  # ETX: right after raw HTML kept aside
TRAILING = ".,;:!?'»*_"  # punctuation after an address ends the sentence, not the address (as GFM)


class BareUrlProcessor(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)  # the text of a link stays text

    def __init__(self) -> None:
        super().__init__(BARE_URL)

    def handleMatch(self, m, data):
        url = m.group(0)
        while url and (url[-1] in TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
            url = url[:-1]
        if len(url) <= len("https://"):
            return None, None, None
        link = etree.Element("a", {"href": url})
        link.text = util.AtomicString(url)
        return link, m.start(0), m.start(0) + len(url)


TASK = re.compile(r"\[([ xX])\]\s+")


class TaskListTreeprocessor(Treeprocessor):
    """`- [ ] à faire`, `- [x] fait` (GFM task lists): a box drawn and named,
    not brackets that a screen reader spells out."""

    def __init__(self, md, strings: dict) -> None:
        super().__init__(md)
        self.strings = strings

    def run(self, root):
        for item in root.iter("li"):
            holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
            match = TASK.match(holder.text or "")
            if not match:
                continue
            done = match.group(1) != " "
            label = self.strings.get("task_done" if done else "task_todo", "fait" if done else "à faire")
            box = etree.Element("span", {"class": "task-box", "role": "img", "aria-label": label})
            box.text = "☑" if done else "☐"
            box.tail = " " + holder.text[match.end():]
            holder.text = ""
            holder.insert(0, box)
            item.set("class", "task")
        return None


class TableCornerTreeprocessor(Treeprocessor):
    def run(self, root):
        for cell in root.iter("th"):
            if not (cell.text or "").strip() and not len(cell):
                cell.tag = "td"  # an empty header (a table's corner) says nothing to a screen reader
        return None
