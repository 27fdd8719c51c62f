"""Stage 1: read the curated sources and check them, returning typed records or every problem found.

Checks run in the order a curator fixes things: YAML syntax, then the file's structure (JSON
Schema), then the values (dates, numbers), then what ties records together (ids, references,
sections, cited references) and finally that every quote stands verbatim in the article. Nothing
later in the pipeline sees data that failed here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from . import model
from .dates import PartialDate, parse_date
from .errors import DataError, SourceProblem, relpath
from .model import Field, RecordType
from .schema import structural_errors
from .yamlread import Mapping, Sequence, YamlSyntaxError, read_yaml

_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Collapse runs of white space, so a quote may be re-wrapped without ceasing to be verbatim."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Passage:
    """A verbatim quote of one section of the article, and the references the article cites for it."""

    section: str
    quote: str
    refs: tuple[str, ...]
    file: str
    line: int


@dataclass
class Record:
    """One curated record: an entity, a fact, a note or a part of the article's apparatus."""

    path: str  # IRI path segment: state, mission, note, section …
    id: str
    type: str  # ontology class local name
    values: dict[str, Any]
    sources: tuple[Passage, ...]
    file: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.path}/{self.id}"

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Dataset:
    """Everything the curated sources say, checked and resolved."""

    root: Path
    article: str  # the article's text, white space normalized
    records: dict[str, Record]  # key "path/id" -> record, in file order

    def by_path(self, *paths: str) -> list[Record]:
        return [r for r in self.records.values() if r.path in paths]

    @property
    def facts(self) -> list[Record]:
        return self.by_path(*model.FACT_PATHS)


def article_file(data_dir: Path) -> Path:
    """The article's text: the one ``*.txt`` file in ``data/article/``."""
    files = sorted((data_dir / "article").glob("*.txt"))
    if len(files) != 1:
        raise DataError([SourceProblem(relpath(data_dir / "article", data_dir.parent), 0, "",
                                       f"expected exactly one article text (*.txt), found {len(files)}")])
    return files[0]


def curated_files(data_dir: Path) -> list[tuple[Path, str]]:
    """The curated files in the order they are read, each with its role (sources, entities, facts)."""
    files = [(data_dir / "sources.yaml", "sources")]
    files += [(p, "entities") for p in sorted((data_dir / "entities").glob("*.yaml"))]
    files += [(p, "facts") for p in sorted((data_dir / "facts").glob("*.yaml"))]
    return files


def load(root: Path) -> Dataset:
    """Read and check ``root/data``; raise :class:`DataError` listing every problem, or return the records."""
    root = Path(root)
    data_dir = root / "data"
    article = normalize(article_file(data_dir).read_text(encoding="utf-8"))
    reader = _Reader(root, article)
    for path, role in curated_files(data_dir):
        reader.read_file(path, role)
    reader.resolve()
    if reader.problems:
        raise DataError(reader.problems)
    return Dataset(root, article, reader.records)


class _Reader:
    def __init__(self, root: Path, article: str):
        self.root = root
        self.article = article
        self.problems: list[SourceProblem] = []
        self.records: dict[str, Record] = {}
        self._pending: list[tuple[Record, Field, Any, int]] = []  # references to resolve
        self._passages: dict[tuple[str, str], Passage] = {}

    # --- reading --------------------------------------------------------------------------------
    def problem(self, file: str, line: int, fld: str, message: str) -> None:
        self.problems.append(SourceProblem(file, line, fld, message))

    def read_file(self, path: Path, role: str) -> None:
        name = relpath(path, self.root)
        if not path.exists():
            self.problem(name, 0, "", "file is missing")
            return
        try:
            doc = read_yaml(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            self.problem(name, 0, "", f"expected UTF-8 text ({exc.reason})")
            return
        except YamlSyntaxError as exc:
            self.problem(name, exc.line, "", str(exc))
            return
        if doc is None:
            self.problem(name, 1, "", f"file is empty; expected a mapping with {_expected_top(role)}")
            return
        if not isinstance(doc, Mapping):
            self.problem(name, getattr(doc, "line", 1), "", f"expected a mapping with {_expected_top(role)}")
            return
        bad = False
        for where, fld, message in structural_errors(role, doc):
            self.problem(name, _line_at(doc, where), fld, message)
            bad = True
        if bad:
            return  # values of a malformed file would only repeat the same problems
        getattr(self, f"_read_{role}")(doc, name)

    def _read_sources(self, doc: Mapping, name: str) -> None:
        types = model.SOURCE_TYPES
        self._add(types["article"], doc["article"], name)
        for key in ("sections", "references", "literature"):
            for item in doc.get(key) or []:
                self._add(types[key], item, name)

    def _read_entities(self, doc: Mapping, name: str) -> None:
        for key, rt in model.ENTITY_TYPES.items():
            for item in doc.get(key) or []:
                self._add(rt, item, name)

    def _read_facts(self, doc: Mapping, name: str) -> None:
        for item in doc.get("facts") or []:
            self._add(model.FACT_TYPES[item["type"]], item, name)
        for item in doc.get("notes") or []:
            self._add(model.NOTE, item, name)

    def _add(self, rt: RecordType, item: Mapping, name: str) -> None:
        values: dict[str, Any] = {}
        sources: list[Passage] = []
        for f in rt.fields:
            if f.name not in item or item[f.name] is None:
                continue
            raw, line = item[f.name], item.line_of(f.name)
            if f.kind == "source":
                sources.extend(self._passages_of(raw, name))
                continue
            values[f.name] = self._value(f, raw, name, line)
        path, type_ = rt.path, rt.name
        if rt.name in ("Organization", "Place"):
            type_ = str(item["type"])
            path = model.PLACE_TYPES.get(type_, path)
        rec = Record(path, str(item["id"]), type_, values, tuple(sources), name, item.line,
                     dict(item.key_lines))
        if rec.key in self.records:
            first = self.records[rec.key]
            self.problem(name, item.line_of("id"), "id",
                         f"duplicate id {rec.key!r}; it is already defined at {first.file}:{first.line}")
            return
        self.records[rec.key] = rec
        for f in rt.fields:
            if f.kind == "ref" and f.name in values:
                self._pending.append((rec, f, values[f.name], rec.line_of(f.name)))

    def _value(self, f: Field, raw: Any, name: str, line: int) -> Any:
        if f.many:
            lines = getattr(raw, "item_lines", [line] * len(raw))
            return [self._one(f, v, name, ln) for v, ln in zip(raw, lines)]
        return self._one(f, raw, name, line)

    def _one(self, f: Field, raw: Any, name: str, line: int) -> Any:
        if f.kind == "langmap":
            return {lang: normalize(text) for lang, text in raw.items()}
        text = str(raw)
        if f.kind == "date":
            try:
                return parse_date(text)
            except ValueError as exc:
                self.problem(name, line, f.name, str(exc))
                return None
        if f.kind == "int":
            return int(text)
        if f.kind == "decimal":
            return Decimal(text)
        if f.kind == "bool":
            return text == "true"
        if f.kind in ("quote", "verbatim"):
            if normalize(text) not in self.article:
                self.problem(name, line, f.name, f"not found verbatim in the article: {_clip(text)!r}{_nearest(text, self.article)}")
            return normalize(text)
        if f.kind in ("text", "en", "bg"):
            return normalize(text)
        return text

    def _passages_of(self, raw: Sequence, name: str) -> Iterable[Passage]:
        for item in raw:
            refs = tuple(str(r) for r in item.get("refs") or [])
            quote = normalize(str(item["quote"]))
            line = item.line_of("quote")
            passage = Passage(str(item["section"]), quote, refs, name, item.line)
            if quote not in self.article:
                self.problem(name, line, "quote", f"not found verbatim in the article: {_clip(quote)!r}{_nearest(quote, self.article)}")
            self._pending.append((None, Field("section", "section"), passage, item.line_of("section")))  # type: ignore[arg-type]
            yield passage

    # --- what ties records together -------------------------------------------------------------
    def resolve(self) -> None:
        for rec, f, value, line in self._pending:
            if rec is None:
                self._check_passage(value, line)
            elif f.many:
                rec.values[f.name] = [self._resolve(rec, f, v, line) for v in value]
            else:
                rec.values[f.name] = self._resolve(rec, f, value, line)

    def _resolve(self, rec: Record, f: Field, value: str, line: int) -> str | None:
        allowed: tuple[str, ...] = f.targets
        kind, _, ident = value.rpartition("/")
        if kind:
            paths = model.PATH_ALIASES.get(kind, (kind,))
            if not set(paths) & set(allowed):
                self.problem(rec.file, line, f.name, f"{value!r} names a {kind}; expected {_kinds(allowed)}")
                return None
            allowed = tuple(p for p in paths if p in allowed)
        found = [f"{p}/{ident}" for p in allowed if f"{p}/{ident}" in self.records]
        if len(found) == 1:
            return found[0]
        if found:
            self.problem(rec.file, line, f.name, f"{value!r} is ambiguous ({', '.join(found)}); write kind/id")
            return None
        hint = difflib.get_close_matches(ident, [k.rpartition('/')[2] for k in self.records
                                                  if k.split('/')[0] in allowed], n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        self.problem(rec.file, line, f.name, f"unknown {_kinds(allowed)} {ident!r}{suggestion}")
        return None

    def _check_passage(self, p: Passage, line: int) -> None:
        if f"section/{p.section}" not in self.records:
            self.problem(p.file, line, "section", f"unknown section {p.section!r}; expected a section id of data/sources.yaml")
        for ref in p.refs:
            if f"reference/{ref}" not in self.records:
                self.problem(p.file, p.line, "refs", f"unknown reference {ref!r}; expected a reference id of data/sources.yaml")
        key = (p.section, p.quote)
        first = self._passages.setdefault(key, p)
        if not first.refs:
            self._passages[key] = p
        elif p.refs and first.refs != p.refs:  # a note may quote a passage without repeating its refs
            self.problem(p.file, p.line, "refs", f"the same quote is cited with refs {list(first.refs)} at {first.file}:{first.line}; a passage has one set of references")


def _line_at(doc: Any, where: list[Any]) -> int:
    """The line of the value at ``where`` (a jsonschema path), or of its nearest parent."""
    line = getattr(doc, "line", 1)
    node = doc
    for step in where:
        if isinstance(node, Mapping) and step in node:
            line = node.line_of(step)
            node = node[step]
        elif isinstance(node, Sequence) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


def _expected_top(role: str) -> str:
    return {"sources": "article: and sections:", "entities": "states:, organizations:, places:, people: or offices:",
            "facts": "facts: (and notes:)"}[role]


def _kinds(paths: tuple[str, ...]) -> str:
    return " or ".join(paths) if len(paths) <= 4 else "record"


def _clip(text: str, n: int = 70) -> str:
    text = normalize(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _nearest(quote: str, article: str) -> str:
    """Point at the closest stretch of the article, so a curator sees what differs."""
    q = normalize(quote)
    if len(q) < 12 or len(article) > 2_000_000:
        return ""
    probe = q[:12]
    at = article.find(probe)
    if at < 0:
        return ""
    return f"; the article has {_clip(article[at:at + len(q)])!r}"


__all__ = ["Dataset", "Passage", "Record", "PartialDate", "load", "normalize", "curated_files"]
