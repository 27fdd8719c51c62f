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
  process killed midway leaves it untouched;
- the swapped-out site is checked against its manifest again *after* the swap, and only the files
  it lists, unchanged, are deleted: anything that appeared in it while the new site was being
  written (a file someone added, one someone edited) is kept, with the folders that hold it, in
  ``{name}.kept-{UTC time}`` beside the target, and publish names it;
- one publish at a time per target: each holds an ``flock`` on ``.{name}.kzgraph-publish.lock``
  beside it, and a second one is refused while the first runs. Under that lock, every staging
  directory beside the target is one that a killed publish left, and is cleared the same way
  (a half-written one whole; a finished one only as far as its manifest vouches for it);
- a target that is a mount point cannot be swapped (the kernel refuses to rename it): it is
  refused up front, and a rename the kernel refuses later (``EBUSY``) is one clear error that
  leaves the old site in place.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import BuildError

MANIFEST = ".kzgraph-publish.json"
STAGING_TAG = ".kzgraph-publish-"  # staging directories: .{name}.kzgraph-publish-{random}
_IN_PROGRESS = ".kzgraph-publish-in-progress"
LOCK_TAG = ".kzgraph-publish.lock"  # the lock beside a target: .{name}.kzgraph-publish.lock
KEPT_TAG = ".kept-"  # files kept from a swapped-out site: {name}.kept-{UTC time}, never removed by publish


class PublishError(BuildError):
    """The target of ``publish`` is not a place it may write; nothing was written."""


class MountPointError(PublishError):
    """The target is a mount point (or the kernel refused to rename it): it cannot be swapped."""


def target_is_mount_point(shown: str | Path) -> str:
    """Why a mount point cannot be ``--out``, and what to do instead."""
    return (
        f"{shown} is a mount point (or in use), and a site is replaced by renaming its directory, which the "
        f"kernel refuses there; publish into a directory inside it (for example {Path(shown) / 'site'}) and serve that"
    )


def project_inputs(project: Path) -> list[tuple[str, Path]]:
    """What the build and the server read: a site written into one of these would be read back as input."""
    package = Path(__file__).resolve().parent.parent
    named = [(f"the project's {d}/", project / d) for d in ("data", "ontology", "queries")]
    return [(name, Path(os.path.realpath(p))) for name, p in [*named, ("the kzgraph package", package)]]


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
    for name, where in project_inputs(Path(project)):
        if real.is_relative_to(where) or where.is_relative_to(real):
            raise PublishError(
                f"{shown} is {name} ({where}), inside it, or holds it: kzgraph reads it, so the site would "
                f"become its input; publish elsewhere (for example {Path(project) / 'site'})"
            )
    if str(real).startswith(("/proc/", "/sys/", "/dev/")) or str(real) in ("/proc", "/sys", "/dev"):
        raise PublishError(f"{shown} is in a kernel file system; publish to an ordinary directory")
    parent = real.parent
    if not parent.is_dir():
        raise PublishError(f"{shown}: its parent directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PublishError(f"{shown}: cannot write in {parent} (permission denied)")
    if st is not None and os.path.ismount(real):
        raise MountPointError(target_is_mount_point(shown))
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


@contextmanager
def publish_lock(target: Path) -> Iterator[Path]:
    """Hold ``target``'s lock for one publish: two at once would clear each other's staging directory.

    ``flock`` is released by the kernel when the process ends, however it ends, so a killed
    publish never leaves a lock behind; the lock file itself stays (removing it would race).
    """
    lock = target.parent / f".{target.name}{LOCK_TAG}"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock, flags, 0o644)
    except OSError as exc:
        raise PublishError(f"{target}: cannot open the lock file {lock}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                f"{target}: another publish is running into it (it holds {lock}); wait until it has finished"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))  # who holds it, for a person looking
        yield lock
    finally:
        os.close(fd)


def staging_dir(target: Path) -> Path:
    """A new directory beside ``target`` to build the site in, marked as publish's own work (call under the lock)."""
    stage = target.parent / f".{target.name}{STAGING_TAG}{secrets.token_hex(6)}"
    os.mkdir(stage, 0o755)
    (stage / _IN_PROGRESS).write_text(
        f"kzgraph publish (pid {os.getpid()}) is writing this site; it is swapped in when complete\n"
    )
    return stage


def clear_stale_staging(target: Path) -> list[Path]:
    """Clear what killed publishes left beside ``target``; returns the folders kept for files they did not write.

    Call it holding the lock: then no publish into ``target`` is running, and every staging directory
    is stale. One still marked in progress holds only what publish was writing and goes whole; one
    with a manifest (a finished site killed before its swap, or an old site killed before its
    removal) loses only the files its manifest vouches for. Anything else is left alone.
    """
    prefix = f".{target.name}{STAGING_TAG}"
    kept = []
    for entry in sorted(target.parent.iterdir()) if target.parent.is_dir() else []:
        if not entry.name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        if (entry / _IN_PROGRESS).is_file():
            shutil.rmtree(entry, ignore_errors=True)
        elif (entry / MANIFEST).is_file():
            left = retire(entry, target)
            kept += [left] if left else []
    return kept


def write_manifest(stage: Path) -> int:
    """List every file of the finished site with its SHA-256; returns how many."""
    walked = sorted(rel for rel in _walk(stage) if rel != _IN_PROGRESS)
    files = {rel: _sha256(stage / rel) for rel in walked if _kind(stage / rel) == "file"}
    body = {"generator": "kzgraph publish", "files": files}
    (stage / MANIFEST).write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (stage / _IN_PROGRESS).unlink()  # after the manifest: a directory always has one mark or the other
    return len(files)


def swap_in(stage: Path, target: Path) -> Path | None:
    """Make ``stage`` the site at ``target`` and retire the earlier site there (see :func:`retire`).

    Returns the folder that keeps files found in the earlier site that publish did not write, if any.
    A rename the kernel refuses is a :class:`PublishError`, with the earlier site still in place.
    """
    try:
        if not os.path.lexists(target):
            try:
                os.rename(stage, target)
                return None
            except OSError as exc:  # made meanwhile: swap with it like with any earlier site
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
        if _exchange(stage, target):
            return retire(stage, target)  # ``stage`` now holds the earlier site
        old = target.parent / f".{target.name}{STAGING_TAG}old-{secrets.token_hex(6)}"
        os.rename(target, old)
        try:
            os.rename(stage, target)
        except OSError as exc:
            try:
                os.rename(old, target)
            except OSError:
                raise PublishError(
                    f"{target}: cannot swap the new site in ({exc.strerror or exc}) nor put the earlier site back: "
                    f"it is in {old}; move it back to {target}"
                ) from None
            raise
    except OSError as exc:
        if exc.errno == errno.EBUSY:
            raise MountPointError(f"{target_is_mount_point(target)}; the site there is unchanged") from None
        raise PublishError(f"{target}: cannot swap the new site in: {exc.strerror or exc}; the site there is unchanged") from None
    return retire(old, target)


def retire(old: Path, target: Path) -> Path | None:
    """Delete a replaced site, but only the files its manifest lists, still with the content it lists.

    The first check of the target was made before the new site was written; this one is made after
    the swap, so a file added or edited meanwhile is never deleted with the site it was put in. What
    is left (with the folders holding it) is renamed to ``{name}.kept-{UTC time}`` beside the target
    and returned; None when nothing was left.
    """
    written = _manifest(old)
    for rel, digest in written.items():
        path = old / rel
        try:
            if _plain_path(old, rel) and _kind(path) == "file" and _sha256(path) == digest:
                os.unlink(path)
        except OSError:
            pass  # gone, or unreadable: not proven ours, so kept
    for folder in sorted({p for rel in written for p in Path(rel).parents if str(p) != "."}, key=lambda p: -len(p.parts)):
        with _quiet():
            os.rmdir(old / folder)  # only when empty: a folder holding anything else stays
    with _quiet():
        os.unlink(old / MANIFEST)  # last: until here a killed publish leaves a directory the next one retires
    try:
        os.rmdir(old)
        return None
    except OSError:  # something publish did not write is in it
        pass
    kept = target.parent / f"{target.name}{KEPT_TAG}{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
    while os.path.lexists(kept):
        kept = kept.with_name(f"{kept.name}-{secrets.token_hex(2)}")
    try:
        os.rename(old, kept)
    except OSError:
        return old  # still beside the target under its staging name: the next publish tries again
    return kept


def kept_files(folder: Path) -> list[str]:
    """The files in a folder :func:`retire` kept, relative to it."""
    return [rel for rel in sorted(_walk(folder)) if _kind(folder / rel) != "dir"]


@contextmanager
def _quiet() -> Iterator[None]:
    """Ignore an OSError: used where failing means "not ours to remove, so kept"."""
    try:
        yield
    except OSError:
        pass


def _manifest(site: Path) -> dict[str, str]:
    """The files a site's manifest lists, with their SHA-256 (none when it has no readable manifest)."""
    try:
        body = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
        files = body["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _plain_path(site: Path, rel: str) -> bool:
    """``rel`` names a place inside ``site`` reached through real folders only (no ``..``, no symbolic link)."""
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or any(p in ("..", ".") for p in parts) or os.path.normpath(rel) != rel:
        return False
    here = site
    for part in parts[:-1]:
        here = here / part
        if not stat.S_ISDIR(os.lstat(here).st_mode):
            return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unavailable.

    A refusal that says nothing about support (``EBUSY`` on a mount point, ``EACCES`` …) is raised:
    the fallback of two renames would fail the same way.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def discard(stage: Path) -> None:
    """Remove a staging directory after a failure (it holds only what publish wrote)."""
    if stage.is_dir() and not stage.is_symlink():
        shutil.rmtree(stage, ignore_errors=True)
