"""The build's cache: what was already read from unchanged sources, and whether ``dist/`` already is their build.

It lives in a hidden folder beside the output (``.dist.cache/`` for ``dist/``), never inside it: a
release is the same bytes with or without a cache. It keeps two things:

* **The curated files as read.** Parsing the YAML (with the line of every value) and checking it
  against the JSON Schema are most of the loader's time, and depend only on a file's bytes, its role
  and the code. So each file that parsed and passed the schema is kept as JSON (the values with their
  lines), under the hash of its role and bytes; the next build reads that instead, and checks the
  values, references and quotes of every record again as always.
* **A stage's last result, by what it read.** The OWL RL closure depends on the links between
  resources and the ontology alone, never on a literal: an edit of a comment, a label or an English
  rendering leaves it as it was (a quote is no such edit: it names its passage). The build keeps
  the last closure under the hash of exactly what the reasoner was given
  (:func:`kzgraph.pipeline.reason.input_digest`) and reuses it when that hash comes again; one
  entry per stage, replaced by the next.
* **What the last build wrote.** A fingerprint of every input (each entry under ``data/`` and
  ``ontology/``, by name, kind and content) with the build's options, and the hash of every file
  written. When both still hold, ``kzgraph build`` has nothing to do and says so.

Everything is keyed by the *stamp*: the hash of kzgraph's own code (so a new version, or a change of
:mod:`kzgraph.curated.model` and so of the JSON Schemas, starts afresh) and of the Python version. A cache made
with another stamp, an entry that is corrupt or cut short (each entry carries the hash of its body), or a
folder that cannot be written is ignored, with one line saying so: the build then does the work itself,
so it never ships anything a clean build would not.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.yamlread import Mapping, Scalar, Sequence

FORMAT = "kzgraph-build-cache 1"
PACKAGE = Path(__file__).resolve().parents[1]  # the whole package, every room of it


def code_stamp() -> str:
    """The hash of kzgraph's Python code (every module of the package) and of the Python version."""
    h = hashlib.sha256(f"{FORMAT}\n{sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        if "release" in path.relative_to(PACKAGE).parts[:1]:  # the built release a wheel carries: data, not code
            continue
        h.update(f"{path.relative_to(PACKAGE).as_posix()}\n".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


# --- the curated files as read: JSON that keeps every line ------------------------------------------


def encode(value: Any) -> Any:
    """A value :func:`kzgraph.core.yamlread.read_yaml` returned, as JSON that :func:`decode` makes the same of."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return {"m": [[k, encode(v)] for k, v in value.items()], "l": value.line, "k": value.key_lines}
    if isinstance(value, Sequence):
        return {"q": [encode(v) for v in value], "l": value.line, "i": value.item_lines}
    if isinstance(value, Scalar):
        return {"s": str(value), "l": value.line}
    raise TypeError(f"not a value read_yaml returns: {type(value).__name__}")


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if value is None:
        return None
    if "m" in value:
        out = Mapping((k, decode(v)) for k, v in value["m"])
        out.line, out.key_lines = value["l"], dict(value["k"])
        return out
    if "q" in value:
        seq = Sequence(decode(v) for v in value["q"])
        seq.line, seq.item_lines = value["l"], list(value["i"])
        return seq
    scalar = Scalar(value["s"])
    scalar.line = value["l"]
    return scalar


@dataclass
class Cache:
    """The cache folder of one output; ``directory`` None means no cache (``--no-cache``)."""

    directory: Path | None
    stamp: str = ""
    notes: list[str] = field(default_factory=list)  # one line each: why (part of) the cache was ignored
    hits: int = 0
    misses: int = 0
    _writable: bool = True
    _corrupt: int = 0
    _memory: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def beside(cls, out: Path) -> Cache:
        """The cache of output folder ``out``: ``.{name}.cache/`` in the same parent."""
        out = Path(out)
        try:
            stamp = code_stamp()
        except OSError as exc:
            cache = cls(None)
            cache.notes.append(f"build cache: kzgraph's own code cannot be read ({_why(exc)}): building without it")
            return cache
        cache = cls(out.parent / f".{out.name}.cache", stamp)
        cache._open()
        return cache

    @classmethod
    def none(cls) -> Cache:
        return cls(None)

    def _open(self) -> None:
        """Check the folder's stamp: a cache made by other code is cleared (or, if it cannot be, not used)."""
        assert self.directory is not None
        stamp_file = self.directory / "STAMP"
        try:
            if self.directory.is_symlink() or (self.directory.exists() and not self.directory.is_dir()):
                self._give_up("is not a folder")
                return
            found = stamp_file.read_text(encoding="utf-8") if stamp_file.is_file() else None
            if found is not None and found != self.stamp:
                self.notes.append(f"build cache {self._show()} was made by another version of kzgraph (or of Python): ignored")
                self._clear()
            if found != self.stamp and self._writable:
                self.directory.mkdir(parents=True, exist_ok=True)
                _write(stamp_file, self.stamp.encode())
        except OSError as exc:
            self._give_up(_why(exc))

    def _show(self) -> str:
        return f"{self.directory}/"

    def _give_up(self, why: str) -> None:
        self.notes.append(f"build cache {self._show()} cannot be used ({why}): building without it")
        self.directory, self._writable = None, False

    def _clear(self) -> None:
        assert self.directory is not None
        for sub in ("docs", "results", "state.json"):
            path = self.directory / sub
            if path.is_dir() and not path.is_symlink():
                for entry in path.iterdir():
                    entry.unlink()
                path.rmdir()
            elif path.exists() or path.is_symlink():
                path.unlink()

    # --- documents ----------------------------------------------------------------------------------
    def _key(self, role: str, raw: bytes) -> str:
        return hashlib.sha256(f"{self.stamp}\n{role}\n".encode() + raw).hexdigest()

    def known(self, role: str, raw: bytes) -> bool:
        """Whether a file of these bytes was read (and passed the schema) by an earlier build."""
        if self.directory is None:
            return False
        key = self._key(role, raw)
        return key in self._memory or (self.directory / "docs" / f"{key}.json").is_file()

    def document(self, role: str, raw: bytes) -> Any | None:
        """What an earlier build read from a file of these bytes (clean: parsed and schema-checked), or None."""
        if self.directory is None:
            return None
        key = self._key(role, raw)
        if key in self._memory:
            self.hits += 1
            return decode(self._memory[key])
        body = _read_entry(self.directory / "docs" / f"{key}.json")
        if body is None:
            self.misses += 1
            return None
        if body is _CORRUPT:
            self._corrupt += 1
            self.misses += 1
            return None
        self.hits += 1
        return decode(body)

    def keep(self, role: str, raw: bytes, doc: Any) -> None:
        """Remember a file that parsed and passed the schema (in memory now, on disk by :meth:`flush`)."""
        if self.directory is None:
            return
        try:
            self._memory[self._key(role, raw)] = encode(doc)
        except TypeError:  # a value the reader does not make (cannot happen with read_yaml): not kept
            pass

    def flush(self) -> None:
        """Write the entries kept in memory; a folder that cannot be written is one line, not an error."""
        if self.directory is None or not self._writable:
            return
        docs = self.directory / "docs"
        try:
            docs.mkdir(parents=True, exist_ok=True)
            for key, body in sorted(self._memory.items()):
                path = docs / f"{key}.json"
                if not path.is_file() or _read_entry(path) in (None, _CORRUPT):
                    _write(path, _entry(body))
        except OSError as exc:
            self._writable = False
            self.notes.append(f"build cache {self._show()} cannot be written ({_why(exc)}): the next build starts afresh")
        if self._corrupt:
            self.notes.append(
                f"build cache {self._show()}: {self._corrupt} entr{'y was' if self._corrupt == 1 else 'ies were'} "
                "unreadable (corrupt or cut short): ignored and read again"
            )
            self._corrupt = 0

    # --- a stage's last result ------------------------------------------------------------------------
    def result(self, stage: str, key: str) -> bytes | None:
        """The body kept by :meth:`keep_result` for ``stage`` when it was kept under ``key``; else None.

        An entry that does not match its hash (corrupt, cut short) is said in one line and not used."""
        if self.directory is None:
            return None
        rest = _read_framed(self.directory / "results" / stage)
        if rest is _CORRUPT:
            self.notes.append(
                f"build cache {self._show()}: the last {stage} result is unreadable (corrupt or cut short): made again"
            )
            return None
        if rest is None:
            return None
        found, _, body = rest.partition(b"\n")  # type: ignore[union-attr]
        return body if found == key.encode() else None

    def keep_result(self, stage: str, key: str, body: bytes) -> None:
        """Keep ``body`` as ``stage``'s result for inputs of hash ``key``, replacing the one kept before."""
        if self.directory is None or not self._writable:
            return
        try:
            (self.directory / "results").mkdir(parents=True, exist_ok=True)
            _write(self.directory / "results" / stage, _framed(key.encode() + b"\n" + body))
        except OSError as exc:
            self._writable = False
            self.notes.append(f"build cache {self._show()} cannot be written ({_why(exc)}): the next build starts afresh")

    # --- the last build ------------------------------------------------------------------------------
    def last_build(self) -> dict[str, Any] | None:
        """What the last build written beside this cache recorded (inputs, files, summary), or None."""
        if self.directory is None:
            return None
        body = _read_entry(self.directory / "state.json")
        return body if isinstance(body, dict) else None

    def record_build(self, inputs: str, files: dict[str, bytes], summary: str) -> None:
        """Record that the output now holds ``files``, built from inputs of fingerprint ``inputs``."""
        if self.directory is None or not self._writable:
            return
        state = {
            "inputs": inputs,
            "files": {n: hashlib.sha256(b).hexdigest() for n, b in sorted(files.items())},
            "summary": summary,
        }
        try:
            _write(self.directory / "state.json", _entry(state))
        except OSError as exc:
            self._writable = False
            self.notes.append(f"build cache {self._show()} cannot be written ({_why(exc)}): the next build starts afresh")

    def forget_build(self) -> None:
        """Before a build writes the output: if it fails half way, the old record must not vouch for it."""
        if self.directory is not None and self._writable:
            try:
                (self.directory / "state.json").unlink(missing_ok=True)
            except OSError as exc:
                self._give_up(_why(exc))


_CORRUPT = object()


def _framed(body: bytes) -> bytes:
    """``body`` behind a line with its SHA-256, so that a reader knows it whole (:func:`_read_framed`)."""
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def _read_framed(path: Path) -> bytes | None | object:
    """The body :func:`_framed` wrote to ``path``; None when there is none (or it is a link);
    ``_CORRUPT`` when it does not match its hash (changed, cut short)."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data = path.read_bytes()
    except OSError:
        return None
    digest, _, body = data.partition(b"\n")
    return body if hashlib.sha256(body).hexdigest().encode() == digest else _CORRUPT


def _entry(body: Any) -> bytes:
    return _framed(json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8"))


def _read_entry(path: Path) -> Any:
    """An entry's body; None when there is none; ``_CORRUPT`` when it does not match its hash or is not JSON."""
    text = _read_framed(path)
    if text is None or text is _CORRUPT:
        return text
    try:
        return json.loads(text)  # type: ignore[arg-type]
    except ValueError:
        return _CORRUPT


def _write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed over it)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _why(exc: OSError) -> str:
    return "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)


# --- has anything changed? ------------------------------------------------------------------------


def fingerprint(root: Path, options: Iterable[str]) -> str | None:
    """The hash of every entry under ``data/`` and ``ontology/`` (name, kind, content) and of the options;
    None when an entry is neither a regular file nor a folder (a link, a FIFO…): the build must look at it."""
    try:
        return _fingerprint(Path(root), options)
    except OSError:  # an entry that cannot be read: the build reads it and says what is wrong
        return None


def _fingerprint(root: Path, options: Iterable[str]) -> str | None:
    h = hashlib.sha256("\n".join(options).encode())
    for top in ("data", "ontology"):
        base = Path(root) / top
        try:
            mode = base.lstat().st_mode
        except OSError:
            return None
        if not stat.S_ISDIR(mode):
            return None
        for folder, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(dirs + files):
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                mode = path.lstat().st_mode
                if stat.S_ISDIR(mode):
                    h.update(f"d {rel}\n".encode())
                elif stat.S_ISREG(mode):
                    h.update(f"f {rel} ".encode() + hashlib.sha256(path.read_bytes()).digest() + b"\n")
                else:
                    return None
    return h.hexdigest()


def up_to_date(cache: Cache, out: Path, inputs: str | None) -> str | None:
    """The last build's summary when ``out`` holds exactly what it wrote from these very inputs; else None."""
    state = cache.last_build()
    if inputs is None or state is None or state.get("inputs") != inputs:
        return None
    files = state.get("files")
    try:
        present = sorted(p.name for p in Path(out).iterdir())
    except OSError:
        return None
    if not isinstance(files, dict) or present != sorted(files):
        return None
    try:
        for name, digest in files.items():
            path = Path(out) / name
            if path.is_symlink() or not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return None
    except OSError:  # a file of out/ that cannot be read: build it again
        return None
    return str(state.get("summary", ""))


__all__ = ["Cache", "code_stamp", "encode", "decode", "fingerprint", "up_to_date"]
