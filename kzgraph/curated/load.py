"""Stage 1: read the curated sources and check them, returning typed records or every problem found.

Checks run in the order a curator fixes things: YAML syntax, then the file's structure (JSON
Schema), then the values (dates, numbers), then what ties records together (ids, references,
sections, cited references) and finally that every quote stands verbatim in the article. Nothing
later in the pipeline sees data that failed here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.dates import PartialDate
from ..core.errors import DataError, SourceProblem, relpath
from ..core.inputs import ARTICLE_LIMIT, YAML_LIMIT, InputError, read_bytes
from ..core.progress import Step
from ..core.yamlread import Mapping, Sequence, YamlSyntaxError, line_of_offset, read_yaml
from . import model, sourcefiles
from .articledate import dates_after_the_article
from .buildcache import Cache
from .dataset import Dataset, Passage, Record
from .fieldkinds import KINDS, KindError, kind_of, normalize
from .judgements import problems as judgement_problems
from .model import Field, RecordType
from .release import RELEASE, release_problems
from .schema import json_schema, structural_errors


def load(root: Path, step: Step | None = None, cache: Cache | None = None) -> Dataset:
    """Read and check ``root/data``; raise :class:`DataError` listing every problem, or return the records.

    ``step`` (the build's progress) is told how many source files there are, and each one read.
    With a ``cache`` (:mod:`kzgraph.curated.buildcache`) an unchanged file is not parsed again, and the files
    that changed are read first: a broken record in one of them is reported at once, before the
    unchanged rest is read (which an earlier build found clean)."""
    root = Path(root)
    cache = cache or Cache.none()
    found = sourcefiles.find(root)
    if cache.directory is not None and not found.problems:
        _changed_files_first(root, found, cache)
    reader = _Reader(root, _read_article(root, found), cache)
    reader.problems += found.problems
    reader._incomplete = not (found.entities_complete and found.facts_complete)  # records may be missing
    reader._facts_complete = found.facts_complete
    step = step or Step(None)
    step.total(len(found.files))
    for path, role in found.files:
        reader.read_file(path, role)
        step(1)
    if found.facts_complete:  # a facts directory that cannot be read whole is reported already, file by file
        reader.check_declared_fact_files()
    reader.resolve()
    reader.problems += dates_after_the_article(reader.records)
    reader.problems += release_problems(reader.release, reader.release_at, reader.records)
    from .geo import problems as geo_problems

    reader.problems += judgement_problems(reader.records)
    reader.problems += geo_problems(reader.records)
    from .idrules import problems as id_problems  # it reads Records too

    # a listed id is looked for only among whole sources: a broken record or file is left out (and reported)
    reader.problems += id_problems(reader.records, root, complete=not (reader._incomplete or reader.problems))
    if reader.problems:
        raise DataError(reader.problems)
    text = reader.article.text if reader.article else ""
    return Dataset(root, text, reader.records, reader.release, reader.release_at, reader.own_texts)


def _changed_files_first(root: Path, found: sourcefiles.SourceFiles, cache: Cache) -> None:
    """When an earlier build left a cache, read the files it does not know first, each on its own, and
    raise their problems (YAML, structure, values, ids within the file) at once: a curator hears of a
    broken record in the file they edited without waiting for the whole project to be read."""
    known = [
        (path, role) for path, role in found.files if (raw := _quiet_bytes(root, path)) is not None and cache.known(role, raw)
    ]
    changed = [f for f in found.files if f not in known]
    if not known or not changed:  # a first build, or nothing new: read everything in the usual order
        return
    scratch = _Reader(root, None, cache)
    for path, role in changed:
        scratch.read_file(path, role)
    if scratch.problems:
        raise DataError(scratch.problems)


def _quiet_bytes(root: Path, path: Path) -> bytes | None:
    try:
        return read_bytes(path, root, YAML_LIMIT, "curated YAML file")
    except InputError:
        return None


@dataclass
class _Article:
    """The article's text (white space normalized) and where it is, for messages about it as a whole."""

    text: str
    name: str


def _read_article(root: Path, found: sourcefiles.SourceFiles) -> _Article | None:
    """The article, or None after adding why it cannot be read to ``found.problems``."""
    if found.article is None:
        return None
    name = relpath(found.article, root)
    try:
        raw = read_bytes(found.article, root, ARTICLE_LIMIT, "article text")
    except InputError as exc:
        found.problems.append(SourceProblem(exc.name, 0, "", exc.message))
        return None
    try:
        return _Article(normalize(raw.decode("utf-8")), name)
    except UnicodeDecodeError as exc:
        found.problems.append(_not_utf8(name, raw, exc))
        return None


class _Reader:
    def __init__(self, root: Path, article: _Article | None, cache: Cache | None = None):
        self.root = root
        self.cache = cache or Cache.none()
        self.article = article  # None when it could not be read (reported already)
        self._article_matches = article is not None
        self.problems: list[SourceProblem] = []
        self.records: dict[str, Record] = {}
        self.release: dict[str, Any] = {}
        self.release_at: tuple[str, dict[str, int]] = ("", {})
        # references to resolve: record, field, value(s), line (a list of lines for a list of references)
        self._pending: list[tuple[Record, Field, Any, Any]] = []
        # passages to check once sources.yaml is read: (passage, line of section, of refs, of each ref, of quote)
        self._passage_checks: list[tuple[Passage, int, int, list[int], int]] = []
        self._renderings: dict[tuple[str, str], tuple[str, str, int]] = {}  # (section, quote) -> first rendering, file, line
        # verbatim texts to check once the sections' texts are known: (file, line, field, text)
        self._verbatim_checks: list[tuple[str, int, str, str]] = []
        self._sections: dict[str, str] = {}
        self.own_texts: dict[str, str] = {}  # section id -> its own words (see _section_texts)
        self._passages: dict[tuple[str, str], Passage] = {}
        # What records a malformed file might have defined: the ids of records left out, or "anything"
        # when a whole file or list could not be read. References to them are not reported as unknown
        # (the malformed file is reported already, and is what needs fixing).
        self._unreadable: set[str] = set()
        self._incomplete = False
        # Whether every fact file was read whole; if not, sections without facts are not reported
        # (what is missing is reported already, and is what needs fixing).
        self._facts_complete = True
        self._fact_files: set[str] = set()
        # sources.yaml's fact_files: the fact files the project declares (name, line), each required
        self.fact_files: list[tuple[str, int]] = []
        self.fact_files_at = ""

    def _maybe_unreadable(self, ident: str) -> bool:
        return self._incomplete or ident in self._unreadable

    # --- reading --------------------------------------------------------------------------------
    def problem(self, file: str, line: int, fld: str, message: str) -> None:
        """Note a problem in a curated file; all are reported together at the end of the run."""
        self.problems.append(SourceProblem(file, line, fld, message))

    def read_file(self, path: Path, role: str) -> None:
        """Read one file of ``role`` (sources, entities, facts): keep its well-formed records, report each broken one."""
        name = relpath(path, self.root)
        if role == "facts":
            self._fact_files.add(name)
        raw = self._bytes(path)
        cached = self.cache.document(role, raw) if raw is not None else None
        doc = cached if cached is not None else self._document(raw, name, role) if raw is not None else None
        if doc is None:
            self._incomplete = True  # the file defines records we could not read
            if role != "entities":
                self._facts_complete = False
            return
        broken: list[list[Any]] = []
        if cached is None:  # a cached document parsed and passed the schema when it was kept
            for where, fld, message in structural_errors(role, doc):
                self.problem(name, _line_at(doc, where), fld, message)
                broken.append(where)
            if not broken:
                self.cache.keep(role, raw, doc)
        if broken and role != "entities":
            self._facts_complete = False
        # Read what is well-formed and leave out only the broken records: one typo in places.yaml
        # should not turn into "unknown city" at every use of every city.
        getattr(self, f"_read_{role}")(self._readable_part(doc, broken, role), name)

    def _bytes(self, path: Path) -> bytes | None:
        """The file's bytes, or None after reporting why they cannot be read."""
        try:
            return read_bytes(path, self.root, YAML_LIMIT, "curated YAML file")
        except InputError as exc:  # missing, a FIFO, a directory, a link out of the project, too large…
            self.problem(exc.name, 0, "", exc.message)
            return None

    def _document(self, raw: bytes, name: str, role: str) -> Mapping | None:
        """The file's top-level mapping, or None after reporting why there is none."""
        try:
            doc = read_yaml(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            self.problems.append(_not_utf8(name, raw, exc))
            return None
        except YamlSyntaxError as exc:
            self.problem(name, exc.line, exc.field, str(exc))
            return None
        if doc is None:
            self.problem(name, 1, "", f"file is empty; expected a mapping with {_expected_top(role)}")
            return None
        if not isinstance(doc, Mapping):
            self.problem(name, getattr(doc, "line", 1), "", f"expected a mapping with {_expected_top(role)}")
            return None
        return doc

    def _readable_part(self, doc: Mapping, broken: list[list[Any]], role: str) -> Mapping:
        """``doc`` without the parts that break the schema; notes what they might have defined."""
        if not broken:
            return doc
        drop_keys: set[str] = set()
        drop_items: dict[str, set[int]] = {}
        for where in broken:
            if not where:  # a required top-level key is missing
                self._incomplete = True
            elif len(where) >= 2 and isinstance(where[1], int) and isinstance(doc.get(where[0]), Sequence):
                drop_items.setdefault(where[0], set()).add(where[1])
                item = doc[where[0]][where[1]]
                ident = item.get("id") if isinstance(item, Mapping) else None
                if isinstance(ident, str):
                    self._unreadable.add(ident)
                else:
                    self._incomplete = True
            else:  # the value of a top-level key (or the article) is malformed as a whole
                drop_keys.add(str(where[0]))
                if where[0] in json_schema(role)["properties"]:  # not a misspelt key, which defines nothing
                    self._incomplete = True
        part = Mapping()
        part.line, part.key_lines = doc.line, doc.key_lines
        for key, value in doc.items():
            if key in drop_keys:
                continue
            if key in drop_items and isinstance(value, Sequence):
                kept = [i for i in range(len(value)) if i not in drop_items[key]]
                value, lines = Sequence(value[i] for i in kept), [value.item_lines[i] for i in kept]
                value.line, value.item_lines = doc[key].line, lines
            part[key] = value
        return part

    def _read_sources(self, doc: Mapping, name: str) -> None:
        types = model.SOURCE_TYPES
        if isinstance(doc.get("release"), Mapping):
            item = doc["release"]
            self.release_at = (name, {"": item.line} | {f.name: item.line_of(f.name) for f in RELEASE.fields})
            for f in RELEASE.fields:
                if item.get(f.name) is not None:
                    self.release[f.name] = self._value(f, item[f.name], name, item.line_of(f.name))
        if isinstance(doc.get("fact_files"), Sequence):
            listed = doc["fact_files"]
            self.fact_files = [(str(stem), line) for stem, line in zip(listed, listed.item_lines, strict=False)]
            self.fact_files_at = name
        if "article" in doc:
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
        for key, rt in model.TABLE_TYPES.items():  # the article's tables and their rows
            for item in doc.get(key) or []:
                self._add(rt, item, name)

    def _add(self, rt: RecordType, item: Mapping, name: str) -> None:
        values: dict[str, Any] = {}
        sources: list[Passage] = []
        for f in rt.fields:
            if f.name not in item or item[f.name] is None:
                continue
            raw, line = item[f.name], item.line_of(f.name)
            if kind_of(f).passages:
                sources.extend(self._passages_of(raw, name))
                continue
            values[f.name] = self._value(f, raw, name, line)
        path, type_ = rt.path, rt.name
        if rt.name in ("Organization", "Place"):
            type_ = str(item["type"])
            path = model.PLACE_TYPES.get(type_, path)
        items = {k: list(v.item_lines) for k, v in item.items() if isinstance(v, Sequence) and k in values}
        rec = Record(path, str(item["id"]), type_, values, tuple(sources), name, item.line, dict(item.key_lines), items)
        if rec.key in self.records:
            first = self.records[rec.key]
            self.problem(
                name, item.line_of("id"), "id", f"duplicate id {rec.key!r}; it is already defined at {first.file}:{first.line}"
            )
            return
        self.records[rec.key] = rec
        for f in rt.fields:
            if kind_of(f).refers and f.name in values:
                line = rec.line_of(f.name)
                lines = getattr(item[f.name], "item_lines", None) if f.many else None
                self._pending.append((rec, f, values[f.name], lines or line))

    def _value(self, f: Field, raw: Any, name: str, line: int) -> Any:
        if f.many:
            lines = getattr(raw, "item_lines", [line] * len(raw))
            return [self._one(f, v, name, ln) for v, ln in zip(raw, lines, strict=False)]
        return self._one(f, raw, name, line)

    def _one(self, f: Field, raw: Any, name: str, line: int) -> Any:
        """One value, read by its kind; a value the kind refuses is a problem that keeps the kind's hint."""
        kind = kind_of(f)
        try:
            value = kind.read(raw)
        except KindError as exc:
            self.problem(name, line, f.name, f"expected {kind.describe(f)}; {exc}")
            return None
        if kind.verbatim:
            # Checked in resolve(), once the sections' texts are known: against the text of the
            # sections the record cites, so the check is linear in the data, not in data × article.
            self._verbatim_checks.append((name, line, f.name, value))
        return value

    def _passages_of(self, raw: Sequence, name: str) -> Iterable[Passage]:
        for item in raw:
            raw_refs = item.get("refs") or []
            refs = tuple(str(r) for r in raw_refs)
            quote = normalize(str(item["quote"]))
            line = item.line_of("quote")
            lang = str(item.get("lang") or "bg")
            rendering = self._rendering(item, lang, name)
            passage = Passage(str(item["section"]), quote, refs, name, item.line, lang, rendering)
            if not quote:
                self.problem(name, line, "quote", "expected a verbatim quote of the article, got only white space")
            # Problems with refs point at the refs themselves (a list may span lines), not at the passage.
            ref_lines = getattr(raw_refs, "item_lines", [item.line_of("refs")] * len(refs))
            self._passage_checks.append((passage, item.line_of("section"), item.line_of("refs"), ref_lines, line))
            yield passage

    def _rendering(self, item: Mapping, lang: str, name: str) -> str | None:
        """The curators' English rendering of a quote, one per passage: a second, different one is refused.

        A passage is one node (its section and its words), so two facts citing it with two renderings
        would give it two; an English quote is its own English and takes none.
        """
        if item.get("rendering_en") is None:
            return None
        line = item.line_of("rendering_en")
        text = normalize(str(item["rendering_en"]))
        if lang != "bg":
            self.problem(name, line, "rendering_en", "the quote is English (lang: en): it takes no English rendering")
            return None
        if not text:
            self.problem(name, line, "rendering_en", "expected the English rendering of the quote, got only white space")
            return None
        key = (str(item["section"]), normalize(str(item["quote"])))
        first = self._renderings.setdefault(key, (text, name, line))
        if first[0] != text:
            self.problem(
                name,
                line,
                "rendering_en",
                f"this quote is rendered differently at {first[1]}:{first[2]}; one passage has one rendering",
            )
        return text

    def check_declared_fact_files(self) -> None:
        """Each fact file ``sources.yaml`` lists must have been read: a file lost whole (deleted, renamed)
        is an error naming it, even when other files cite its sections and the rest loads."""
        for stem, line in self.fact_files:
            if f"data/facts/{stem}.yaml" not in self._fact_files:
                self.problem(
                    self.fact_files_at,
                    line,
                    "fact_files",
                    f"data/facts/{stem}.yaml is listed but missing; restore it, or take it off the list if its facts "
                    "were removed on purpose",
                )
                self._facts_complete = False

    # --- what ties records together -------------------------------------------------------------
    def resolve(self) -> None:
        """After every file is read: check quotes against the article and each section for facts; resolve references."""
        self._article_matches = self._check_article()
        self._sections = self._section_texts() if self._article_matches else {}
        for passage, section_line, refs_line, ref_lines, quote_line in self._passage_checks:
            self._check_passage(passage, section_line, refs_line, ref_lines)
            if passage.quote and self._article_matches:
                self._check_verbatim(passage.file, quote_line, "quote", passage.quote, (passage.section,))
        for name, line, fld, text, scope in self._scoped_verbatim():
            if self._article_matches:
                self._check_verbatim(name, line, fld, text, scope)
        self._check_sections_accounted_for()
        for rec, f, value, line in self._pending:
            if f.many:
                lines = line if isinstance(line, list) else [line] * len(value)
                rec.values[f.name] = [self._resolve(rec, f, v, ln) for v, ln in zip(value, lines, strict=False)]
            else:
                rec.values[f.name] = self._resolve(rec, f, value, line)

    def _resolve(self, rec: Record, f: Field, value: str, line: int) -> str | None:
        allowed: tuple[str, ...] = f.targets
        path, _, ident = value.rpartition("/")
        if path:
            paths = model.PATH_ALIASES.get(path, (path,))
            if not set(paths) & set(allowed):
                self.problem(rec.file, line, f.name, f"{value!r} names {_a(path)}; expected {_any_of(allowed)}")
                return None
            allowed = tuple(p for p in paths if p in allowed)
        found = [f"{p}/{ident}" for p in allowed if f"{p}/{ident}" in self.records]
        if len(found) == 1:
            return found[0]
        if found:
            self.problem(rec.file, line, f.name, f"{value!r} is ambiguous ({', '.join(found)}); write kind/id")
            return None
        if self._maybe_unreadable(ident):
            return None
        elsewhere = [k.split("/")[0] for k in self.records if k.endswith(f"/{ident}") and k.count("/") == 1]
        if elsewhere:  # a city where a state is expected: say what it is, not just "unknown state"
            self.problem(rec.file, line, f.name, f"{ident!r} is {' and '.join(map(_a, elsewhere))}; expected {_any_of(allowed)}")
            return None
        hint = difflib.get_close_matches(ident, [k.rpartition("/")[2] for k in self.records if k.split("/")[0] in allowed], n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        self.problem(rec.file, line, f.name, f"unknown {_any_of(allowed)} {ident!r}{suggestion}")
        return None

    def _check_article(self) -> bool:
        """Whether the article's text is the one the curated sources quote; one problem if not.

        An empty text, or another file in its place, would otherwise fail every quote (hundreds of
        "not found" lines, none naming the article file). So the text is first tried against a
        sample of the quotes spread over all the facts: when it is empty, or most of the sample is
        not in it, the article itself is reported, once, and the quotes are not checked one by one.
        A sample keeps this linear in the data: a whole-text search for every quote would not be.
        """
        if self.article is None:
            return False  # unreadable: reported already
        records = self.by_path("article")
        where = f" described at {records[0].file}:{records[0].line}" if records else ""
        if not self.article.text:
            self.problem(self.article.name, 0, "", f"the article's text is empty; expected the text of the article{where}")
            return False
        quotes = list(dict.fromkeys(p.quote for p, *_ in self._passage_checks if p.quote))
        sample = quotes[:: max(1, len(quotes) // _ARTICLE_SAMPLE)]
        missing = sum(1 for q in sample if q not in self.article.text)
        if len(sample) < _ARTICLE_SAMPLE_MIN or missing * 2 <= len(sample):
            return True
        title = records[0].values.get("title") if records else None
        also = f", nor is the article's title {_clip(title, 50)!r}" if title and title not in self.article.text else ""
        self.problem(
            self.article.name,
            0,
            "",
            f"does not match the curated sources: {missing} of {len(sample)} quotes sampled from the facts are "
            f"not in it{also}. Is it the text of the article{where}? The quotes were not checked one by one",
        )
        return False

    def _check_sections_accounted_for(self) -> None:
        """Every section of ``sources.yaml`` holds facts of a fact file, or is declared ``facts: none``.

        A fact file that is missing, renamed or emptied leaves its sections without facts; the
        build would otherwise ship a smaller release and say nothing. A section is accounted for
        when a record of a fact file cites it or one of its subsections, or when it (or a section
        it belongs to) declares ``facts: none``; only the outermost section that is not is
        reported. A declaration contradicted by a fact that cites the section is reported too.
        """
        if not self._facts_complete:
            return  # a fact file could not be read: that is reported, and is what needs fixing
        sections = {r.id: r for r in self.by_path("section")}
        cited: dict[str, Record] = {}  # section (and every section it belongs to) -> the first record citing it
        for rec in self.records.values():
            if rec.file in self._fact_files:
                for p in rec.sources:
                    for sid in _section_and_parents(p.section):
                        cited.setdefault(sid, rec)
        for sid, rec in sections.items():
            declared = next(
                (s for s in _section_and_parents(sid) if s in sections and sections[s].values.get("facts") == "none"), None
            )
            if declared == sid and sid in cited:
                first = cited[sid]
                self.problem(
                    rec.file,
                    rec.line_of("facts"),
                    "facts",
                    f"section {sid!r} is declared to hold no facts, but {first.file}:{first.line} cites it; "
                    "remove the declaration",
                )
            elif declared is None and sid not in cited:
                parent = sid.rpartition("/")[0]
                if parent and parent not in cited:
                    continue  # the section it belongs to is reported
                inner = sum(1 for other in sections if other.startswith(sid + "/"))
                what = f"section {sid!r}" + (f" and its {inner} subsection{'s' if inner != 1 else ''}" if inner else "")
                self.problem(
                    rec.file,
                    rec.line,
                    "facts",
                    f"{what} hold{'s' if not inner else ''} no facts: no record of a fact file cites "
                    f"{'them' if inner else 'it'}. If a fact file was lost (deleted, renamed, emptied), "
                    "restore it; if the section states no facts, declare it with `facts: none`",
                )

    def _section_texts(self) -> dict[str, str]:
        """Each section's text: from its heading to the next heading that is not its own subsection.

        Headings are found in order, each after the previous one, so a heading word that also
        occurs in earlier prose (``Армения``) is found where the section really starts.
        """
        sections = self.by_path("section")
        starts: list[tuple[str, int]] = []
        at = 0
        for rec in sections:
            heading = rec.values.get("heading")
            if heading is None:
                starts.append((rec.id, at if starts else 0))
                continue
            found = self.article.text.find(heading, at)
            if found < 0:
                self.problem(
                    rec.file,
                    rec.line_of("heading"),
                    "heading",
                    f"{_clip(heading)!r} is not in the article after the previous section's heading; "
                    "sections must be listed in the article's order",
                )
                return {}
            starts.append((rec.id, found))
            at = found + len(heading)
        texts: dict[str, str] = {}
        for i, (sid, start) in enumerate(starts):
            end = next((s for other, s in starts[i + 1 :] if not other.startswith(sid + "/")), len(self.article.text))
            texts[sid] = self.article.text[start:end]
            # its own words: from the end of its heading to the next heading, its first subsection's or the next section's
            heading = self.records[f"section/{sid}"].values.get("heading") or ""
            own_end = starts[i + 1][1] if i + 1 < len(starts) else len(self.article.text)
            self.own_texts[sid] = self.article.text[start + len(heading) : own_end].strip()
        return texts

    def by_path(self, path: str) -> list[Record]:
        """The records read so far under one IRI path, in file order."""
        return [r for r in self.records.values() if r.path == path]

    def _scoped_verbatim(self) -> Iterable[tuple[str, int, str, str, tuple[str, ...]]]:
        """Verbatim field values with the sections they must stand in: the sections the record
        itself cites, or for the article's apparatus (references, literature) its own section."""
        owners = {(r.file, r.line_of(f)): r for r in self.records.values() for f in r.lines}
        for name, line, fld, text in self._verbatim_checks:
            rec = owners.get((name, line))
            if fld == "heading":
                continue  # checked by _section_texts
            scope: tuple[str, ...] = ()
            if rec is not None and rec.sources:
                scope = tuple(sorted({p.section for p in rec.sources}))
            elif rec is not None and rec.path == "literature":
                scope = ("literature",)
            elif rec is not None and rec.path == "reference":
                # a reference stands in the list of references unless it says where it stands
                # (a citation left in the running text of a section)
                scope = (rec.values.get("section") or "references",)
                if f"section/{scope[0]}" not in self.records:
                    self.problem(
                        rec.file,
                        rec.line_of("section"),
                        "section",
                        f"unknown section {scope[0]!r}; expected a section id of data/sources.yaml",
                    )
            yield name, line, fld, text, scope

    def _check_verbatim(self, file: str, line: int, fld: str, text: str, scope: tuple[str, ...]) -> None:
        texts = [self._sections[s] for s in scope if s in self._sections]
        if texts and any(text in t for t in texts):
            return
        article = self.article.text if self.article else ""
        if text not in article:
            self.problem(file, line, fld, f"not found verbatim in the article: {_clip(text)!r}{_nearest(text, article)}")
        elif texts:
            where = " or ".join(scope)
            self.problem(
                file,
                line,
                fld,
                f"{_clip(text)!r} stands in the article but not in section {where}; give the section the quote comes from",
            )

    def _check_passage(self, p: Passage, line: int, refs_line: int, ref_lines: list[int]) -> None:
        if f"section/{p.section}" not in self.records and not self._maybe_unreadable(p.section):
            hint = difflib.get_close_matches(p.section, [k[8:] for k in self.records if k.startswith("section/")], n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            self.problem(
                p.file, line, "section", f"unknown section {p.section!r}{suggestion}; expected a section id of data/sources.yaml"
            )
        for ref, ref_line in zip(p.refs, ref_lines, strict=False):
            if f"reference/{ref}" not in self.records and not self._maybe_unreadable(ref):
                self.problem(p.file, ref_line, "refs", f"unknown reference {ref!r}; expected {KINDS['refid'].expected}")
        key = (p.section, p.quote)
        first = self._passages.setdefault(key, p)
        if not first.refs:
            self._passages[key] = p
        elif p.refs and first.refs != p.refs:  # a note may quote a passage without repeating its refs
            self.problem(
                p.file,
                refs_line,
                "refs",
                f"the same quote is cited with refs {list(first.refs)} at {first.file}:{first.line}; a passage has one set of references",
            )


# How many quotes are tried against the article before checking each (see _check_article), and
# how many there must be for a verdict on the article as a whole (with fewer, each is reported).
_ARTICLE_SAMPLE = 64
_ARTICLE_SAMPLE_MIN = 10


def _section_and_parents(sid: str) -> list[str]:
    """``a/b/c`` -> ``[a/b/c, a/b, a]``: a section id is the path of the sections it belongs to."""
    parts = sid.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _not_utf8(name: str, data: bytes, exc: UnicodeDecodeError) -> SourceProblem:
    """Where a file stops being UTF-8: the line of the first bad byte."""
    before = data[: exc.start].decode("utf-8", errors="replace")
    line = line_of_offset(before, len(before))
    return SourceProblem(
        name, line, "", f"expected UTF-8 text; byte 0x{data[exc.start]:02X} is not UTF-8 ({exc.reason}); save the file as UTF-8"
    )


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
    return {
        "sources": "article: and sections:",
        "entities": "states:, organizations:, places:, people: or offices:",
        "facts": "facts: (and notes:)",
    }[role]


def _a(path: str) -> str:
    return f"{'an' if path[:1] in 'aeiou' else 'a'} {path}"


def _any_of(paths: tuple[str, ...]) -> str:
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
    return f"; the article has {_clip(article[at : at + len(q)])!r}"


__all__ = ["Dataset", "Passage", "Record", "PartialDate", "load", "normalize"]
