"""Read YAML keeping the line of every value, and without YAML's implicit typing.

PyYAML would turn ``1992-03-19`` into a date, ``NO`` into False and ``1.0`` into a float; curated
data needs exactly what the curator wrote, and every later check needs the line to point at. So we
compose the node tree and build plain values ourselves: scalars stay strings (the loader converts
them by field), mappings become :class:`Mapping` with the line of each key.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
import yaml.reader


class Mapping(dict):
    """A dict that remembers the line of itself and of each of its keys (1-based)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A list that remembers its line and the line of each item (1-based)."""

    line: int
    item_lines: list[int]


class Scalar(str):
    """A string scalar that remembers whether it was quoted (``"1992"`` vs ``1992``)."""

    quoted: bool
    line: int


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def read_yaml(text: str) -> Any:
    """Parse one YAML document into Mapping/Sequence/Scalar/None values.

    Raises :class:`YamlSyntaxError` with a line for malformed YAML, several documents, anchors
    whose merge keys we do not support, and non-string keys.
    """
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        if len(nodes) > 1:
            raise YamlSyntaxError(nodes[1].start_mark.line + 1, "expected one YAML document, found several")
        if not nodes or nodes[0] is None:
            return None
        return _build(nodes[0], set())
    except yaml.MarkedYAMLError as exc:
        raise YamlSyntaxError(*_explain_syntax(exc)) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character, U+FFFE …): PyYAML gives only its
        # position in the text, so count the lines ourselves.
        at = exc.position if isinstance(exc.position, int) else 0
        raise YamlSyntaxError(text.count("\n", 0, at) + 1,
                              f"YAML syntax error: character {_codepoint(exc.character)} is not allowed in YAML text") from None
    except RecursionError:
        # PyYAML's composer (and _build) recurse once per level of nesting; thousands of "[" would
        # otherwise end in a traceback.
        raise YamlSyntaxError(1, "YAML nests lists and mappings too deeply") from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises Marked or Reader errors in practice
        raise YamlSyntaxError(1, f"YAML error: {exc}") from None


def _explain_syntax(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """Line and message of a PyYAML syntax error, saying where the unfinished construct began."""
    problem, context = exc.problem or str(exc), exc.context or ""
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
    line = mark.line + 1 if mark else 1
    message = f"YAML syntax error: {problem}"
    if "'\\t'" in problem:
        message += " (indent with spaces, not tabs)"
    if start is not None and context and start.line + 1 != line:
        what = context.replace("while scanning ", "").replace("while parsing ", "")
        message += f" (in {what} that starts on line {start.line + 1})"
        if "end of stream" in problem or "<stream end>" in problem:
            line = start.line + 1  # an unclosed quote or bracket: its start is what needs fixing
    return line, message


def _codepoint(char: Any) -> str:
    return f"U+{ord(char):04X}" if isinstance(char, str) and len(char) == 1 else repr(char)


# Characters an xsd:string (XML 1.0 Char) cannot hold. YAML's escapes ("\0", "\ud800") can produce
# them in a double-quoted scalar, and they would only fail (or be silently mangled) when written as RDF.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _build(node: yaml.Node, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen and not isinstance(node, yaml.ScalarNode):
        # compose() resolves an alias to the very node it names; seeing a list or mapping twice means
        # an alias to it, which could expand exponentially or loop. Aliases of a scalar (a quote used
        # by many facts) are harmless and allowed.
        raise YamlSyntaxError(line, "aliases (*) of lists and mappings are not supported; write them out")
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" and node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        bad = _NOT_TEXT.search(node.value)
        if bad:
            raise YamlSyntaxError(line, f"character {_codepoint(bad.group())} is not allowed in text (it cannot be written as RDF)")
        s = Scalar(node.value)
        s.quoted = node.style in ("'", '"', "|", ">")
        s.line = line
        return s
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(_build(item, seen) for item in node.value)
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping()
        mapping.line = line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError(key_node.start_mark.line + 1, "expected a plain text key")
            key = key_node.value
            if key == "<<":
                raise YamlSyntaxError(key_node.start_mark.line + 1, "merge keys (<<) are not supported; write the fields out")
            if key in mapping:
                raise YamlSyntaxError(key_node.start_mark.line + 1, f"key {key!r} appears twice in one mapping")
            mapping[key] = _build(value_node, seen)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping
    raise YamlSyntaxError(line, f"unsupported YAML node {type(node).__name__}")  # pragma: no cover
