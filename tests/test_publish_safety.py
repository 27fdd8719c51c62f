"""`kzgraph publish` never removes a file it did not write, and a bad target is one clear line.

Every test plants canary files wherever the target could reach — in the target, beside it, in the
project and in the release — and checks afterwards that each is still there with its content. A
site is replaced only when it is one an earlier publish wrote (its manifest lists every file with
its hash) and nobody changed since; the new site is written beside it and swapped in whole.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kzgraph.cli import main
from kzgraph.pipeline.build import build
from kzgraph.publish.target_dir import MANIFEST, STAGING_TAG, foreign_files
from kzgraph.web.baseurl import BaseURLError, public_base
from kzgraph.web.webconf import htaccess, nginx

from common import ROOT, SMALL_SITE, small_site


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (sources, ontology, queries) with its release built in it."""
    root = tmp_path_factory.mktemp("project")
    for part in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / part, root / part)
    build(root, root / "dist")
    return root


@pytest.fixture(name="small_site")
def small_site_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    small_site(monkeypatch)


def plant(*dirs: Path) -> dict[Path, bytes]:
    """A canary file in each directory (created when missing); returns path -> content."""
    planted = {}
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
        canary = d / f"canary-{abs(hash(str(d))) % 10**8}.txt"
        canary.write_bytes(f"do not delete {d}\n".encode())
        planted[canary] = canary.read_bytes()
    return planted


def assert_alive(planted: dict[Path, bytes]) -> None:
    for path, content in planted.items():
        assert path.is_file() and path.read_bytes() == content, f"{path} was removed or changed"


def publish_cli(project: Path, out: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["publish", "--root", str(project), "--dist", str(project / "dist"), "--out", out, *extra])
    err = capsys.readouterr().err
    return code, err


def one_line_refusal(code: int, err: str, *words: str) -> None:
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    for w in words:
        assert w in lines[0], (w, lines[0])


def test_a_directory_with_other_files_is_refused_and_kept(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_site: None
) -> None:
    target = tmp_path / "mine"
    planted = plant(target, target / ".git", target / "photos", tmp_path)
    code, err = publish_cli(project, str(target), capsys)
    one_line_refusal(code, err, "did not write", ".git/")
    assert_alive(planted)


@pytest.mark.parametrize("where", ["root", "parent-of-root", "dist", "inside-dist", "parent-of-dist"])
def test_the_project_and_the_release_are_never_targets(
    project: Path, capsys: pytest.CaptureFixture[str], where: str, small_site: None
) -> None:
    out = {
        "root": project,
        "parent-of-root": project.parent,
        "dist": project / "dist",
        "inside-dist": project / "dist" / "site",
        "parent-of-dist": project,
    }[where]
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, err = publish_cli(project, str(out), capsys)
    one_line_refusal(code, err)
    assert_alive(before)


def test_an_empty_out_is_refused_and_the_current_directory_kept(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, small_site: None
) -> None:
    planted = plant(tmp_path, tmp_path / "sub")
    monkeypatch.chdir(tmp_path)
    code, err = publish_cli(project, "", capsys)
    one_line_refusal(code, err, "--out is empty")
    assert_alive(planted)


def test_files_links_and_kernel_paths_are_one_line_each(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_site: None
) -> None:
    regular = tmp_path / "a-file"
    regular.write_text("keep me\n")
    real = tmp_path / "real-dir"
    planted = plant(real)
    link = tmp_path / "link"
    link.symlink_to(real)
    for out, words in (
        (regular, ("not a directory",)),
        (link, ("symbolic link",)),
        (Path("/proc/self/kzgraph-site"), ("kernel file system",)),
        (tmp_path / "missing" / "site", ("does not exist",)),
    ):
        code, err = publish_cli(project, str(out), capsys)
        one_line_refusal(code, err, *words)
    assert regular.read_text() == "keep me\n"
    assert_alive(planted)


def test_a_read_only_parent_is_one_line(project: Path, small_site: None) -> None:
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="kzgraph-ro-"))  # not under pytest's private tmp: others may enter it
    try:
        top.chmod(0o755)
        parent = top / "ro"
        parent.mkdir()
        parent.chmod(0o555)
        code = "from kzgraph.publish.target_dir import check_target\n"
        if os.geteuid() == 0:  # root writes anywhere: check as an ordinary user would run it
            code += "import os; os.setgid(65534); os.setuid(65534)\n"
        code += (
            f"try:\n    check_target({str(parent / 'site')!r}, project={str(project)!r}, "
            f"dist={str(project / 'dist')!r})\nexcept Exception as e:\n    print(type(e).__name__, e)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert out.stdout.startswith("PublishError") and "permission denied" in out.stdout.lower(), out.stdout + out.stderr
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_an_earlier_site_is_replaced_only_while_it_is_untouched(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real site (every page and document in its manifest) is replaced whole; once a file in it is
    added or edited, publish refuses before writing anything (so the writer of the site that replaces
    it, and of those refused, is the small one: what is checked is the site already there)."""
    site = tmp_path / "site"
    outside = plant(tmp_path)
    assert publish_cli(project, str(site), capsys)[0] == 0
    assert (site / MANIFEST).is_file() and foreign_files(site) == []
    small_site(monkeypatch)
    assert publish_cli(project, str(site), capsys)[0] == 0  # its own site: replaced
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "releases" not in p.parts) == sorted(
        rel for rel in SMALL_SITE if rel.endswith(".html")
    )
    assert not list(tmp_path.glob(f".site{STAGING_TAG}*"))  # nothing left beside it
    # someone adds a file, or edits one: the site is no longer publish's alone
    added = plant(site / "page")
    code, err = publish_cli(project, str(site), capsys)
    one_line_refusal(code, err, "did not write", "canary")
    assert_alive(added)
    next(iter(added)).unlink()
    (site / "index.html").write_text("my edit")
    code, err = publish_cli(project, str(site), capsys)
    one_line_refusal(code, err, "index.html (changed since it was published)")
    assert (site / "index.html").read_text() == "my edit"
    assert_alive(outside)


def test_an_empty_directory_is_a_fine_target(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_site: None
) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    assert publish_cli(project, str(site), capsys)[0] == 0
    assert (site / "index.html").is_file()


def test_killed_midway_the_old_site_stays_whole(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    cmd = [
        sys.executable,
        "-m",
        "kzgraph.cli",
        "publish",
        "--root",
        str(project),
        "--dist",
        str(project / "dist"),
        "--out",
        str(site),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    for delay in (0.5, 1.5):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
        assert foreign_files(site) == []
    # the next publish clears what the killed ones left beside the site, and succeeds (what it writes
    # does not matter here: the small site, in this process)
    small_site(monkeypatch)
    assert publish_cli(project, str(site), capsys)[0] == 0
    assert not list(tmp_path.glob(f".site{STAGING_TAG}*")) and foreign_files(site) == []


@pytest.mark.parametrize(
    "base,words",
    [
        ("https://example.org/kz/\nRewriteRule ^ https://evil.example/ [R=302]", "white space or control"),
        ("https://example.org/k z/", "white space"),
        ('https://example.org/kz"/', "path may hold only"),
        ("https://example.org/{kz}/", "path may hold only"),
        ("https://example.org/kz;return%20302%20https://evil.example/;/", "path may hold only"),
        ("https://example.org/a$host/", "path may hold only"),
        ("ftp://example.org/kz/", "http:// or https://"),
        ("//example.org/kz/", "http:// or https://"),
        ("https://user@example.org/kz/", "user name"),
        ("https://example.org/kz/?x=1", "query or fragment"),
        ("https://exa_mple.org/kz/", "host name"),
        ("https://example.org:99999/kz/", "port"),
    ],
)
def test_base_urls_that_could_inject_rules_are_refused(
    project: Path, tmp_path: Path, base: str, words: str, capsys: pytest.CaptureFixture[str], small_site: None
) -> None:
    with pytest.raises(BaseURLError, match=words.split()[0]):
        public_base(base)
    code, err = publish_cli(project, str(tmp_path / "site"), capsys, "--base", base)
    one_line_refusal(code, err, words)
    assert not (tmp_path / "site").exists()


def test_a_valid_base_is_written_safely_for_each_server(tmp_path: Path) -> None:
    base = "https://data.example.org:8443/kz.graph_v1~x/"
    conf = nginx(base)
    assert "location ~ ^/kz\\.graph_v1~x/id/(?<kz_key>.+)$ {" in conf
    assert "return 303 https://data.example.org:8443/kz.graph_v1~x/data/$kz_key.ttl;" in conf
    assert "RewriteBase /kz.graph_v1~x/" in htaccess(base)
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.skip("nginx is not installed")
    (tmp_path / "site.conf").write_text(conf)
    main_conf = tmp_path / "nginx.conf"
    main_conf.write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}} http {{ access_log off; "
        f"server {{ listen 127.0.0.1:1; root {tmp_path}; include {tmp_path}/site.conf; }} }}"
    )
    result = subprocess.run([binary, "-t", "-c", str(main_conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- what happens around the swap: files written meanwhile, two publishes, killed ones, mount points ---


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def kept_folders(parent: Path, name: str = "site") -> list[Path]:
    return sorted(parent.glob(f"{name}.kept-*"))


@pytest.mark.parametrize("stage", ["_write_site", "write_manifest", "swap_in"])
def test_files_written_into_the_old_site_during_a_publish_are_kept_and_named(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
    small_site: None,
) -> None:
    """A file added to (or edited in) the old site while the new one is written is not deleted with it.

    The change is made at a seam between publish's stages, where the probe's 1.5 s and 2.5 s fell.
    """
    from kzgraph.publish import site as site_module

    site = tmp_path / "site"
    assert publish_cli(project, str(site), capsys)[0] == 0
    published_index = (site / "index.html").read_bytes()
    real = getattr(site_module, stage)

    def meanwhile(*args: object, **kwargs: object) -> object:
        (site / "robots.txt").write_text("User-agent: *\n")
        (site / "notes").mkdir()
        (site / "notes" / "todo.txt").write_text("mine\n")
        (site / "index.html").write_text("my edit\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(site_module, stage, meanwhile)
    code, err = publish_cli(project, str(site), capsys)
    assert code == 0 and "Traceback" not in err, err
    assert (site / "index.html").read_bytes() == published_index and foreign_files(site) == []  # the new site, whole
    [kept] = kept_folders(tmp_path)
    assert snapshot(kept) == {"robots.txt": b"User-agent: *\n", "notes/todo.txt": b"mine\n", "index.html": b"my edit\n"}
    assert str(kept) in err and all(name in err for name in ("robots.txt", "notes/todo.txt", "index.html"))
    assert not list(tmp_path.glob(f".site{STAGING_TAG}*"))


def test_a_second_publish_into_the_same_site_is_refused_while_the_first_runs(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, small_site: None
) -> None:
    from kzgraph.publish import site as site_module

    site = tmp_path / "site"
    assert publish_cli(project, str(site), capsys)[0] == 0
    real = site_module.write_manifest
    second: list[tuple[int, str]] = []

    def with_a_second_publish(stage: Path) -> int:
        if not second:  # once: the second publish, if it ran, would come here too
            second.append((0, "(running)"))
            second[0] = publish_cli(project, str(site), capsys)  # the first one is between writing and swapping
        return real(stage)

    monkeypatch.setattr(site_module, "write_manifest", with_a_second_publish)
    assert publish_cli(project, str(site), capsys)[0] == 0
    [(code, err)] = second
    one_line_refusal(code, err, "another publish is running")
    assert foreign_files(site) == [] and (site / "index.html").is_file()
    assert not list(tmp_path.glob(f".site{STAGING_TAG}*")) and not kept_folders(tmp_path)


def test_what_killed_publishes_left_beside_the_site_is_cleared_by_the_next(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_site: None
) -> None:
    """A publish killed after its manifest (a finished site never swapped in) or after the swap (the old
    site, never removed) leaves a whole site under a staging name; the next publish clears both, but
    keeps what its manifest does not vouch for."""
    site = tmp_path / "site"
    assert publish_cli(project, str(site), capsys)[0] == 0
    before_swap = tmp_path / f".site{STAGING_TAG}0123456789ab"
    after_swap = tmp_path / f".site{STAGING_TAG}ba9876543210"
    shutil.copytree(site, before_swap)
    shutil.copytree(site, after_swap)
    (after_swap / "page" / "added-meanwhile.txt").write_text("mine\n")
    planted = plant(tmp_path / "elsewhere")
    code, err = publish_cli(project, str(site), capsys)
    assert code == 0, err
    assert not before_swap.exists() and not after_swap.exists()
    [kept] = kept_folders(tmp_path)
    assert snapshot(kept) == {"page/added-meanwhile.txt": b"mine\n"} and str(kept) in err
    assert_alive(planted)


KILL_AT = """
import os, signal, sys
from kzgraph.cli import main
from kzgraph.publish import site, target_dir

def killed(module, name, after):
    real = getattr(module, name)
    def step(*args):
        result = real(*args)
        if after(result):
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(module, name, step)

def write_small_site(root, dist, out, base, *_progress):  # as the small_site fixture does in-process
    for rel, body in SMALL_SITE.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(body)
    return {"pages": 3, "rdf": 1, "files": 1}

site._write_site = write_small_site
if sys.argv[1] == "manifest":
    killed(site, "write_manifest", lambda result: True)
else:
    killed(target_dir, "_exchange", lambda swapped: swapped)
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("point", ["manifest", "swap"])
def test_a_publish_killed_after_its_manifest_or_its_swap_is_cleaned_up_by_the_next(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: str, small_site: None
) -> None:
    """Killed (SIGKILL, at a chosen step) with a finished site or the swapped-out one under a staging name."""
    site = tmp_path / "site"
    assert publish_cli(project, str(site), capsys)[0] == 0
    args = ["publish", "--root", str(project), "--dist", str(project / "dist"), "--out", str(site)]
    script = f"SMALL_SITE = {SMALL_SITE!r}\n" + KILL_AT
    done = subprocess.run([sys.executable, "-c", script, point, *args], capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert len(list(tmp_path.glob(f".site{STAGING_TAG}*"))) == 1 and foreign_files(site) == []
    assert publish_cli(project, str(site), capsys)[0] == 0
    assert not list(tmp_path.glob(f".site{STAGING_TAG}*")) and not kept_folders(tmp_path)
    assert foreign_files(site) == [] and (site / "index.html").is_file()


def test_interrupted_after_the_swap_a_file_written_meanwhile_survives(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, small_site: None
) -> None:
    """Interrupted (Ctrl-C) while the old site is being removed: what is left of it is never thrown away
    whole as a failed staging directory would be; the next publish retires it and keeps the file."""
    from kzgraph.publish import site as site_module

    site = tmp_path / "site"
    assert publish_cli(project, str(site), capsys)[0] == 0
    from kzgraph.publish import target_dir

    real_swap, real_retire = site_module.swap_in, target_dir.retire

    def add_then_swap(stage: Path, target: Path) -> Path | None:
        (site / "mine.txt").write_text("mine\n")
        return real_swap(stage, target)

    def interrupted(old: Path, target: Path) -> Path | None:
        raise KeyboardInterrupt

    monkeypatch.setattr(site_module, "swap_in", add_then_swap)
    monkeypatch.setattr(target_dir, "retire", interrupted)
    assert publish_cli(project, str(site), capsys)[0] == 130
    [left] = tmp_path.glob(f".site{STAGING_TAG}*")
    assert (left / "mine.txt").read_text() == "mine\n"
    monkeypatch.setattr(site_module, "swap_in", real_swap)
    monkeypatch.setattr(target_dir, "retire", real_retire)
    code, err = publish_cli(project, str(site), capsys)
    assert code == 0 and not list(tmp_path.glob(f".site{STAGING_TAG}*"))
    [kept] = kept_folders(tmp_path)
    assert snapshot(kept) == {"mine.txt": b"mine\n"} and str(kept) in err


@pytest.mark.parametrize("refused", ["exchange", "rename"])
def test_a_site_the_kernel_will_not_rename_is_one_line_and_stays(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    refused: str,
    small_site: None,
) -> None:
    """``--out`` on a mount point: renameat2 and rename both fail with EBUSY (simulated here)."""
    import errno

    from kzgraph.publish import target_dir

    site = tmp_path / "site"
    assert publish_cli(project, str(site), capsys)[0] == 0
    before = snapshot(site)
    real_rename = os.rename

    def busy(*_: object) -> bool:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(site))

    def rename(src: object, dst: object) -> None:
        if Path(str(src)) == site:
            busy()
        real_rename(src, dst)

    if refused == "exchange":
        monkeypatch.setattr(target_dir, "_exchange", busy)
    else:
        monkeypatch.setattr(target_dir, "_exchange", lambda a, b: False)
        monkeypatch.setattr(os, "rename", rename)
    code, err = publish_cli(project, str(site), capsys)
    one_line_refusal(code, err, "mount point", "unchanged")
    assert snapshot(site) == before
    assert not list(tmp_path.glob(f".site{STAGING_TAG}*"))


def test_a_mount_point_is_refused_before_anything_is_written(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, small_site: None
) -> None:
    site = tmp_path / "volume"
    site.mkdir()
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == site or real_ismount(p))
    code, err = publish_cli(project, str(site), capsys)
    one_line_refusal(code, err, "mount point", str(site / "site"))
    assert list(site.iterdir()) == [] and not list(tmp_path.glob(f".volume{STAGING_TAG}*"))


@pytest.mark.parametrize("inside", ["data/site", "data", "ontology/site", "queries/site", "data/article/site"])
def test_a_site_inside_the_projects_inputs_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str], inside: str, small_site: None
) -> None:
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, err = publish_cli(project, str(project / inside), capsys)
    one_line_refusal(code, err, "kzgraph reads it")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert not (project / inside).exists() or inside == "data"


def test_a_site_inside_the_package_is_refused(project: Path, small_site: None) -> None:
    import kzgraph
    from kzgraph.publish.target_dir import PublishError, check_target

    for out in (Path(kzgraph.__file__).parent / "site", Path(kzgraph.__file__).parent / "web" / "static"):
        with pytest.raises(PublishError, match="the kzgraph package"):
            check_target(out, project=project, dist=project / "dist")


@pytest.mark.parametrize(
    "body, says",
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <urn:nowhere> WHERE { ?s ?p ?o }", "no graph <urn:nowhere>"),
    ],
    ids=["service", "unknown-graph"],
)
def test_a_stored_query_the_cli_would_refuse_stops_the_publish(tmp_path: Path, body: str, says: str) -> None:
    """The site runs each stored query as `kzgraph query` does: checked, on the same dataset; one the
    check refuses is a one-line error naming its file, never a page of what it fetched or missed."""
    import pyoxigraph as ox

    from kzgraph.asking.queries import load_queries
    from kzgraph.core.errors import BuildError
    from kzgraph.publish.site import _checked_job

    (tmp_path / "bad.rq").write_text(f"# title: bad\n{body}\n", encoding="utf-8")
    [query] = load_queries(tmp_path)
    with pytest.raises(BuildError, match=r"queries/bad\.rq: .*" + says.replace("<", ".").replace(">", ".")):
        _checked_job(ox.Store(), query)
