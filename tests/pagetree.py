"""A page as a tree, read by the standard library's HTML parser: for tests that look at where things stand
(what comes first, what is folded in a <details>, which text is marked as English), not at bytes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    """An element: its tag, attributes, children (nodes and text) and parent."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        """This element and every element below it, in document order."""
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        """The elements below (and including) this one with ``tag`` whose attributes contain ``attrs``
        (``class_`` matches one of the classes)."""
        out = []
        for n in self.iter():
            if n.tag != tag:
                continue
            ok = all((v in n.attrs.get("class", "").split()) if k == "class_" else n.attrs.get(k) == v for k, v in attrs.items())
            if ok:
                out.append(n)
        return out

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def text(self) -> str:
        """The element's text, white space collapsed."""
        parts: list[str] = []

        def walk(n: Node) -> None:
            for c in n.children:
                parts.append(c) if isinstance(c, str) else walk(c)

        walk(self)
        return " ".join("".join(parts).split())

    def ancestors(self) -> Iterator[Node]:
        n = self.parent
        while n is not None:
            yield n
            n = n.parent

    def lang(self) -> str | None:
        """The language in force here: the nearest ``lang`` attribute."""
        for n in (self, *self.ancestors()):
            if "lang" in n.attrs:
                return n.attrs["lang"]
        return None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.at.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.at))

    def handle_endtag(self, tag: str) -> None:
        n: Node | None = self.at
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.at = n.parent

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def parse(html: str | bytes) -> Node:
    """The document's tree."""
    b = _Builder()
    b.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    b.close()
    return b.root
