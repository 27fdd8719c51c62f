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
        """The line of ``key`` (the mapping's own line when it has no such key)."""
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
    """YAML the reader refuses, at a 1-based line; ``field`` names the key whose value is at fault, when known."""

    def __init__(self, line: int, message: str, field: str = "", at_anchor: bool = False):
        self.line = line
        self.field = field  # the key whose value is at fault, when there is one
        self.at_anchor = at_anchor  # the line is the anchor's: the careful reader finds the alias's
        super().__init__(message)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer, checking every directive and event it composes from.

    The limits and the tag check run on the very stream this composer reads (:meth:`get_event`),
    whatever came before it, so nothing is composed that was not checked: what the fast reader
    refused (``%YAML 1.3``, an unknown directive) comes here, and must not pass unchecked.
    compose() resolves an alias to the very node it names, so after composing, only the anchor's
    line is left; checking here reports the line of the ``*alias`` the curator has to write out.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self._limits = _Limits()

    def get_token(self) -> Any:
        """The scanner's next token, refusing any directive but ``%YAML 1.1`` or ``1.2`` where it is written."""
        token = super().get_token()
        if isinstance(token, yaml.DirectiveToken):
            _check_directive(token.name, token.value, token.start_mark.line + 1)
        return token

    def get_event(self) -> Any:
        """The parser's next event, counted and checked before the composer builds anything of it."""
        event = super().get_event()
        self._limits.see(event)
        return event

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose as PyYAML does, but refuse an alias of a list or mapping at the alias's own line."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None and not isinstance(node, yaml.ScalarNode):
                raise YamlSyntaxError(
                    event.start_mark.line + 1,
                    f"*{event.anchor} repeats the list or mapping anchored on line {node.start_mark.line + 1}; "
                    "aliases (*) of lists and mappings are not supported: write it out",
                )
        return super().compose_node(parent, index)


def read_yaml(text: str) -> Any:
    """Parse one YAML document into Mapping/Sequence/Scalar/None values.

    Raises :class:`YamlSyntaxError` with a line (always >= 1) for malformed YAML, several documents,
    aliases of lists and mappings, merge keys, non-string keys, duplicate keys, nesting too deep
    for the parser, characters that RDF text cannot hold, tags (``!!python/object``…), directives
    other than ``%YAML 1.1`` or ``1.2``, and
    documents beyond the limits below.
    """
    if len(text) > MAX_CHARACTERS:
        raise YamlSyntaxError(1, f"the file holds {len(text):,} characters; a curated file may hold at most {MAX_CHARACTERS:,}")
    if _fast_events_pass(text):
        fast = _read_fast(text)
        if fast is not _FAILED:
            return fast
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
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
        raise YamlSyntaxError(
            line_of_offset(text, at), f"YAML syntax error: character {_codepoint(exc.character)} is not allowed in YAML text"
        ) from None
    except RecursionError:
        # PyYAML's composer (and _build) recurse once per level of nesting; thousands of "[" would
        # otherwise end in a traceback.
        raise YamlSyntaxError(1, "YAML nests lists and mappings too deeply") from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises Marked or Reader errors in practice
        raise YamlSyntaxError(1, f"YAML error: {exc}") from None


# Limits that keep a build's time and memory bounded whatever a file holds. A composed node costs
# some hundreds of bytes, and each alias of a scalar becomes a string of its own when built, so a
# small file could otherwise expand to gigabytes (10,000 characters anchored and aliased a million
# times: 10 GB). The real data is far below them (its largest file holds some 6,000 values and its
# aliases repeat 19,000 characters); so is the benchmark's 1000x project (330,000 values a file).
MAX_CHARACTERS = 16 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_ALIASED_CHARACTERS = 1_000_000

# Tags written in a file. None of them is honoured (every value is read as text), so only the ones
# that say what the value is anyway are accepted; any other (``!!python/object``, ``!!binary``,
# ``!local``) is an error rather than silently ignored.
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_ALLOWED_TAGS = {
    yaml.ScalarEvent: (None, "!", _STR),
    yaml.SequenceStartEvent: (None, "!", _SEQ),
    yaml.MappingStartEvent: (None, "!", _MAP),
}


# The directives a curated file may carry: a %YAML of a version PyYAML and libyaml both read alike.
# %TAG is refused (tags are not supported, so it has nothing to declare), and so is any other name.
_VERSIONS = ((1, 1), (1, 2))


def _check_directive(name: str, value: Any, line: int) -> None:
    """Refuse a directive other than ``%YAML 1.1`` or ``%YAML 1.2``, at its line."""
    if name == "YAML" and value in _VERSIONS:
        return
    if name == "YAML":
        version = ".".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        why = f"the directive %YAML {version} is not supported: curated files are YAML 1.1 or 1.2"
    elif name == "TAG":
        why = "the directive %TAG is not supported: tags are not (every value is read as text)"
    else:
        why = f"the directive %{name} is not supported: the only directive a curated file may carry is %YAML 1.2"
    raise YamlSyntaxError(line, why + "; remove it")


class _Limits:
    """The counts of one stream of parser events, refusing what would cost unbounded memory, and tags.

    It keeps nothing but counts, and sees each event before anything is built of it: in the fast
    reader's pass over libyaml's events, and inside the careful reader's composer (:class:`_Loader`).
    """

    def __init__(self) -> None:
        self.anchored: dict[str, tuple[int, int]] = {}  # anchor -> (characters, line)
        self.nodes = self.aliased = 0

    def see(self, event: Any) -> None:
        """Count ``event``; raise :class:`YamlSyntaxError` at its line when it breaks a limit or is tagged."""
        kind = type(event)
        if kind is yaml.AliasEvent:
            self.nodes += 1
            size, line = self.anchored.get(event.anchor, (0, 0))
            self.aliased += size
            if self.aliased > MAX_ALIASED_CHARACTERS:
                raise YamlSyntaxError(
                    event.start_mark.line + 1,
                    f"aliases repeat more than {MAX_ALIASED_CHARACTERS:,} characters of text (the limit of a "
                    f"curated file); *{event.anchor} repeats the {size:,} characters anchored on line {line}",
                )
        elif kind in _ALLOWED_TAGS:
            self.nodes += 1
            if event.tag not in _ALLOWED_TAGS[kind]:
                raise YamlSyntaxError(
                    event.start_mark.line + 1,
                    f"the tag {_show_tag(event.tag)} is not supported: every value is read as text; remove the tag",
                )
            if event.anchor is not None and kind is yaml.ScalarEvent:
                self.anchored[event.anchor] = (len(event.value), event.start_mark.line + 1)
        else:
            return
        if self.nodes > MAX_NODES:
            raise YamlSyntaxError(
                event.start_mark.line + 1,
                f"the file holds more than {MAX_NODES:,} values (lists, mappings and scalars), the limit of a curated file",
            )


def _fast_events_pass(text: str) -> bool:
    """Whether libyaml's reading of ``text`` may be used: its events are within the limits, untagged.

    A pass over libyaml's events (about 9 ms for the real data) raises on a limit or a tag. Whatever
    else stops it -- a syntax error, a directive libyaml does not read as the careful reader does,
    no libyaml at all -- hands the text to the careful reader, which checks its own events.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return False
    limits = _Limits()
    try:
        for event in yaml.parse(text, Loader=loader):
            if type(event) is yaml.DocumentStartEvent and (event.tags or event.version not in (None, *_VERSIONS)):
                return False  # the careful reader names the directive at its own line
            limits.see(event)
    except yaml.YAMLError:
        return False
    return True


def _show_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


_FAILED = object()


def _read_fast(text: str) -> Any:
    """The same reading with libyaml's composer (C, several times faster), when PyYAML has it.

    Only valid input takes this path: on any problem the careful pure-Python reader above runs
    again and reports it with its exact line and wording, so errors read the same either way.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return _FAILED
    try:
        nodes = list(yaml.compose_all(text, Loader=loader))
        if len(nodes) != 1 or nodes[0] is None:
            return _FAILED
        return _build(nodes[0], set())
    except YamlSyntaxError as exc:
        if exc.at_anchor:  # the careful reader names the alias's line, not the anchor's
            return _FAILED
        raise
    except Exception:  # noqa: BLE001 - any failure is reported by the careful reader
        return _FAILED


# What YAML (and editors) count as a line break; lines of nodes follow it, so must ours.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def line_of_offset(text: str, offset: int) -> int:
    """The 1-based line, as YAML counts lines, of the character at ``offset`` in ``text``."""
    return len(_LINE_BREAK.findall(text, 0, max(0, offset))) + 1


def _explain_syntax(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """Line and message of a PyYAML syntax error, saying where the unfinished construct began."""
    problem, context = exc.problem or str(exc), exc.context or ""
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
    line = mark.line + 1 if mark else 1
    message = f"YAML syntax error: {problem}"
    if start is not None and context and start.line + 1 != line:
        what = context.replace("while scanning ", "").replace("while parsing ", "")
        message += f" (in {what} that starts on line {start.line + 1})"
        if "end of stream" in problem or "<stream end>" in problem:
            line = start.line + 1  # an unclosed quote or bracket: its start is what needs fixing
    if "'\\t'" in problem:
        message += "; indent with spaces, not tabs"
    elif "<block end>" in problem or "mapping values are not allowed" in problem:
        message += "; check the indentation, and quote text that holds ': '"
    return line, message


def _codepoint(char: Any) -> str:
    if isinstance(char, str) and len(char) == 1:
        char = ord(char)
    return f"U+{char:04X}" if isinstance(char, int) else repr(char)


# Characters an xsd:string (XML 1.0 Char) cannot hold. YAML's escapes ("\0", "\ud800") can produce
# them in a double-quoted scalar, and they would only fail (or be silently mangled) when written as RDF.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _build(node: yaml.Node, seen: set[int], key: str = "") -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen and not isinstance(node, yaml.ScalarNode):
        # compose() resolves an alias to the very node it names; seeing a list or mapping twice means
        # an alias to it, which could expand exponentially or loop. Aliases of a scalar (a quote used
        # by many facts) are harmless and allowed. (_Loader refuses these already, at the alias's
        # line; this stays as a backstop.)
        raise YamlSyntaxError(line, "aliases (*) of lists and mappings are not supported; write them out", at_anchor=True)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" and node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        bad = _NOT_TEXT.search(node.value)
        if bad:
            raise YamlSyntaxError(
                line, f"character {_codepoint(bad.group())} is not allowed in text (it cannot be written as RDF)", key
            )
        s = Scalar(node.value)
        s.quoted = node.style in ("'", '"', "|", ">")
        s.line = line
        return s
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(_build(item, seen, key) for item in node.value)
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
            name = key_node.value
            if name == "<<":
                raise YamlSyntaxError(key_node.start_mark.line + 1, "merge keys (<<) are not supported; write the fields out")
            if name in mapping:
                raise YamlSyntaxError(key_node.start_mark.line + 1, f"key {name!r} appears twice in one mapping", name)
            mapping[name] = _build(value_node, seen, name)
            mapping.key_lines[name] = key_node.start_mark.line + 1
        return mapping
    raise YamlSyntaxError(line, f"unsupported YAML node {type(node).__name__}")  # pragma: no cover
