"""Where ``kzgraph publish`` may write, and how a finished site replaces the previous one.

Publishing must never lose a file it did not write. So:

- the target is checked before anything is written: not empty, not a symbolic link, not a file,
  not the project or any directory holding it, not the release directory (nor inside it, nor holding
  it), and either new, empty, or a site that an earlier publish wrote and nobody changed since;
- a site is recognised by its manifest (``.kzgraph-publish.json``): the list of every file publish
  wrote, with its SHA-256. A target that holds anything else — a file the manifest does not list,
  or one whose content changed — is refused with the names of those files, not replaced;
- the new site is written into a fresh directory beside the target and swapped in only once it is
  complete (one ``renameat2(RENAME_EXCHANGE)`` on Linux); until then the old site stays whole, and a
  process killed midway leaves it untouched.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
from pathlib import Path

from ..errors import BuildError

MANIFEST = ".kzgraph-publish.json"
STAGING_TAG = ".kzgraph-publish-"  # staging directories: .{name}.kzgraph-publish-{random}
_IN_PROGRESS = ".kzgraph-publish-in-progress"


class PublishError(BuildError):
    """The target of ``publish`` is not a place it may write; nothing was written."""


def check_target(out: Path | str, *, project: Path, dist: Path) -> Path:
    """The absolute target directory, or :class:`PublishError` saying in one line why not."""
    if str(out).strip() == "":
        raise PublishError("--out is empty; give the directory to publish the site to (for example site/)")
    target = Path(os.path.abspath(out))
    shown = str(out)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise PublishError(f"{shown}: cannot look at the target: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise PublishError(f"{shown} is a symbolic link; give the directory itself, publish does not follow links")
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise PublishError(f"{shown} exists and is not a directory; give a new or empty directory, or an earlier site")
    real = Path(os.path.realpath(target))
    for name, other in (("the project", project), ("the release directory", dist)):
        other = Path(os.path.realpath(other))
        if real == other or other.is_relative_to(real):
            raise PublishError(f"{shown} is {name} or holds it; publish into a directory of its own (for example site/)")
    if real.is_relative_to(Path(os.path.realpath(dist))):
        raise PublishError(f"{shown} is inside the release directory {dist}; publish elsewhere")
    if str(real).startswith(("/proc/", "/sys/", "/dev/")) or str(real) in ("/proc", "/sys", "/dev"):
        raise PublishError(f"{shown} is in a kernel file system; publish to an ordinary directory")
    parent = real.parent
    if not parent.is_dir():
        raise PublishError(f"{shown}: its parent directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PublishError(f"{shown}: cannot write in {parent} (permission denied)")
    if st is not None:
        foreign = foreign_files(real)
        if foreign:
            listed = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            raise PublishError(
                f"{shown} holds files that kzgraph publish did not write ({listed}); publish replaces "
                f"only a site it wrote itself: choose a new or empty directory"
            )
    return real


def foreign_files(site: Path) -> list[str]:
    """Entries of ``site`` that its manifest does not vouch for (all of them when it has none)."""
    entries = sorted(_walk(site))
    if not entries:
        return []
    try:
        manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
        written: dict[str, str] = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return entries
    dirs = {str(p) for f in written for p in Path(f).parents}
    out = []
    for rel in entries:
        if rel == MANIFEST:
            continue
        kind = _kind(site / rel)
        if kind == "dir":
            if rel not in dirs:
                out.append(rel + "/")
        elif kind == "file" and rel in written:
            if _sha256(site / rel) != written[rel]:
                out.append(rel + " (changed since it was published)")
        else:
            out.append(rel)
    return out


def _walk(root: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath).relative_to(root)
        for name in dirnames + filenames:
            out.append((base / name).as_posix())
    return out


def _kind(path: Path) -> str:
    mode = os.lstat(path).st_mode
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def staging_dir(target: Path) -> Path:
    """A new directory beside ``target`` to build the site in, marked as publish's own work."""
    clear_stale_staging(target)
    stage = target.parent / f".{target.name}{STAGING_TAG}{secrets.token_hex(6)}"
    os.mkdir(stage, 0o755)
    (stage / _IN_PROGRESS).write_text("kzgraph publish is writing this site; it is swapped in when complete\n")
    return stage


def clear_stale_staging(target: Path) -> None:
    """Remove staging directories an interrupted publish left beside ``target`` (only those it marked)."""
    prefix = f".{target.name}{STAGING_TAG}"
    for entry in target.parent.iterdir() if target.parent.is_dir() else []:
        if entry.name.startswith(prefix) and not entry.is_symlink() and entry.is_dir() and (entry / _IN_PROGRESS).is_file():
            shutil.rmtree(entry, ignore_errors=True)


def write_manifest(stage: Path) -> int:
    """List every file of the finished site with its SHA-256; returns how many."""
    (stage / _IN_PROGRESS).unlink()
    files = {rel: _sha256(stage / rel) for rel in sorted(_walk(stage)) if _kind(stage / rel) == "file"}
    body = {"generator": "kzgraph publish", "files": files}
    (stage / MANIFEST).write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return len(files)


def swap_in(stage: Path, target: Path) -> None:
    """Make ``stage`` the site at ``target``; an earlier site there (checked to be publish's own) is removed."""
    if not os.path.lexists(target):
        os.rename(stage, target)
        return
    if _exchange(stage, target):
        shutil.rmtree(stage)  # now the old site
        return
    old = target.parent / f".{target.name}{STAGING_TAG}old-{secrets.token_hex(6)}"
    os.rename(target, old)
    os.rename(stage, target)
    shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def discard(stage: Path) -> None:
    """Remove a staging directory after a failure (it holds only what publish wrote)."""
    if stage.is_dir() and not stage.is_symlink():
        shutil.rmtree(stage, ignore_errors=True)
