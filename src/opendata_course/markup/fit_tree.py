"""A slide's deck HTML read into a small tree, for markup/fit.py's layout.

The HTML is our own serialised Markdown (tags, attributes, text, comments):
a small tokenizer is several times quicker than html.parser and builds the
same tree. A code block keeps its text alone, as it is laid out from it.
"""

from __future__ import annotations

import re
from html import unescape

TAG = re.compile(r"<[^>]*>")
VOID = {"img", "br", "input", "hr", "wbr", "source", "meta", "link", "col"}


class Node:
    __slots__ = ("tag", "attrs", "classes", "children")

    def __init__(self, tag: str, attrs: dict) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []
        self.classes = set((attrs.get("class") or "").split())


TOKEN = re.compile(r"<!--.*?(?:-->|$)|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<[!?/][^>]*>|<|[^<]+", re.DOTALL)
ATTRIBUTE = re.compile(r"""([^\s=/>][^\s=/>]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
RAW_TEXT = ("script", "style")  # their content is text up to their end tag


def parse(html: str) -> Node:
    stack = [Node("div", {})]
    position, end = 0, len(html)
    while position < end:
        token = TOKEN.match(html, position)
        position = token.end()
        closing, tag = token.group(1), token.group(2)
        if tag is None:
            text = token.group(0)
            if text == "<" or not text.startswith("<"):  # text (a lone "<" is text too)
                text = unescape(text) if "&" in text else text
                children = stack[-1].children
                if children and isinstance(children[-1], str):
                    children[-1] += text
                else:
                    children.append(text)
            continue
        tag = tag.lower()
        if closing:
            if len(stack) > 1 and stack[-1].tag == tag:  # well nested, as our own HTML is
                stack.pop()
            else:
                opened = [index for index, node in enumerate(stack) if index and node.tag == tag]
                del stack[opened[-1] if opened else len(stack):]
            continue
        written = token.group(3)
        attrs = {name.lower(): unescape(double or single or bare) for name, double, single, bare in ATTRIBUTE.findall(written)}
        node = Node(tag, attrs)
        stack[-1].children.append(node)
        if tag in RAW_TEXT or tag == "pre":  # a code block is laid out from its text alone
            close = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(html, position)
            inner = html[position:close.start() if close else end]
            node.children.append(unescape(TAG.sub("", inner)) if tag == "pre" else inner)
            position = close.end() if close else end
        elif tag not in VOID and not written.rstrip().endswith("/"):
            stack.append(node)
    return stack[0]
