"""kzgraph anywhere: an installed wheel answers from any directory; a checkout is found from inside it.

The wheel carries the built release, the stored queries and the article's record
(``kzgraph.curated.project.PACKAGED``); here a packaged release is laid out the same way in a temporary
folder for the quick tests, and the slow test builds a real wheel, installs it into a fresh virtual
environment and runs it from an empty directory. The rest: ``--version``, ports checked by the
parser, a missing query file named as such, and the quiet ends (a reader that goes away, Ctrl-C).
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import sysconfig
import urllib.request
from importlib.metadata import version
from io import StringIO
from pathlib import Path

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import OWL, RDF

import kzgraph.curated.project
from kzgraph.cli import main
from kzgraph.core.errors import SIGINT_STATUS, SIGPIPE_STATUS

from common import ROOT

QUERY_COUNT = len(list((ROOT / "queries").glob("*.rq")))
CONSULATES = ["Astrakhan", "Omsk", "Saint Petersburg", "Istanbul"]  # kzgraph query consulates-general (README): Kazakhstan's


def cities_sent(table: str) -> list[str]:
    """The city column of the rows where Kazakhstan sends the consulate general, from the printed table."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in table.splitlines()[2:-1]]
    return [cells[2] for cells in rows if cells[0] == "sends"]


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """``kzgraph ARGV`` in this process: exit status, stdout, stderr (argparse's exits included)."""
    old = sys.stdin
    sys.stdin = StringIO(stdin)
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with no project above it, and an installation with no packaged release."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.setattr(kzgraph.curated.project, "PACKAGED", tmp_path / "no-release")
    assert kzgraph.curated.project.find_project(empty) is None
    return empty


@pytest.fixture()
def packaged(nowhere: Path, tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The layout a wheel installs (kzgraph/release/: dist/, queries/, sources.yaml), from this session's build."""
    release = tmp_path / "release"
    release.mkdir()
    (release / "dist").symlink_to(built, target_is_directory=True)
    (release / "queries").symlink_to(ROOT / "queries", target_is_directory=True)
    shutil.copy2(ROOT / "data" / "sources.yaml", release / "sources.yaml")
    monkeypatch.setattr(kzgraph.curated.project, "PACKAGED", release)
    return release


def _version_info() -> tuple[str, str, str]:
    """The release's version and the article's url and date, read here with other parsers (rdflib, PyYAML)."""
    ontology = Graph().parse(ROOT / "ontology" / "kzgraph.ttl", format="turtle")
    (subject,) = ontology.subjects(RDF.type, OWL.Ontology)
    article = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))["article"]
    return str(ontology.value(subject, OWL.versionInfo)), article["url"], str(article["as_of"])


def _check_version(out: str) -> None:
    release, url, as_of = _version_info()
    package, rel, source = out.splitlines()
    assert package == f"kzgraph {version('kzgraph')}"
    assert rel.startswith(f"release {release} (owl:versionInfo of ")
    assert source.startswith(f"source article: {url}, ") and f"as of {as_of}" in source
    assert "revision not recorded" in source  # data/sources.yaml records none: said so, not guessed


def test_version_names_the_package_the_release_and_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--root", str(ROOT), "--version")
    assert code == 0 and err == ""
    _check_version(out)
    assert f"of {ROOT / 'ontology'} (the parts ontology/parts.yaml declares))" in out  # as the build reads them


def test_version_from_the_packaged_release(capsys: pytest.CaptureFixture[str], packaged: Path) -> None:
    code, out, err = run(capsys, "--version")
    assert code == 0 and err == ""
    _check_version(out)
    assert f"of {packaged / 'dist' / 'ontology.ttl'})" in out


@pytest.mark.parametrize(
    "port,said", [("99999", "99999 is out of range"), ("-1", "-1 is out of range"), ("80a", "'80a' is not a port")]
)
def test_a_port_out_of_range_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, port: str, said: str
) -> None:
    # An empty --root: were the port not checked first, serve would stop at the missing sources, not start.
    code, out, err = run(capsys, "--root", str(tmp_path), "serve", "--port", port)
    assert code == 2 and out == ""
    assert err.startswith(f"error: kzgraph serve: argument --port: {said}") and err.count("\n") == 1, err


def test_a_missing_query_file_is_reported_as_a_missing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, nowhere: Path
) -> None:
    missing = tmp_path / "nope.rq"
    for where in (("--root", str(ROOT)), ()):  # in a project, and where there is neither project nor release
        code, out, err = run(capsys, *where, "query", str(missing))
        assert (code, out, err) == (2, "", f"error: {missing}: no such file\n")
    code, out, err = run(capsys, "--root", str(ROOT), "query", "sub/consulates-general")
    assert (code, err) == (2, "error: sub/consulates-general: no such file\n")
    code, out, err = run(capsys, "--root", str(ROOT), "query", "consulates-general.rq")  # in the cwd: not there
    assert code == 2 and err == (
        "error: consulates-general.rq: no such file; the stored query of that name runs with `kzgraph query consulates-general`\n"
    )


def test_without_project_or_release_the_message_says_how(capsys: pytest.CaptureFixture[str], nowhere: Path) -> None:
    for argv, stdin in ((["queries"], ""), (["query", "consulates-general"], ""), (["query", "-"], "ASK {}"), (["serve"], "")):
        code, out, err = run(capsys, *argv, stdin=stdin)
        assert code == 2 and out == "" and err.count("\n") == 1, (argv, err)
        assert err.startswith(f"error: no kzgraph project in {nowhere} or above it"), err
        assert "--root DIR" in err and "pip install" in err and "Traceback" not in err
    code, out, err = run(capsys, "build")
    assert code == 2 and err.startswith(f"error: no kzgraph project in {nowhere}") and "--root DIR" in err
    code, out, err = run(capsys, "--root", str(nowhere / "gone"), "build")
    assert (code, err) == (2, f"error: --root {nowhere / 'gone'}: no such directory\n")


def test_the_packaged_release_answers_from_an_empty_directory(capsys: pytest.CaptureFixture[str], packaged: Path) -> None:
    code, out, err = run(capsys, "queries")
    assert code == 0 and f"({QUERY_COUNT} stored queries in {packaged / 'queries'};" in out
    code, out, err = run(capsys, "query", "consulates-general")
    assert code == 0 and cities_sent(out) == CONSULATES, out + err
    code, out, err = run(
        capsys, "query", "-", stdin="SELECT (COUNT(*) AS ?n) WHERE { ?m kzo:sendingState state:KAZ ; a kzo:ConsulateGeneral }"
    )
    assert code == 0 and out.splitlines()[2] == str(len(CONSULATES)), out + err
    assert list(Path.cwd().iterdir()) == []  # nothing built or written where it ran


def test_a_project_is_found_above_the_working_directory(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT / "queries")
    code, out, err = run(capsys, "queries")
    assert code == 0 and f"({QUERY_COUNT} stored queries in {ROOT / 'queries'};" in out


def _kzgraph(*argv: str) -> list[str]:
    return [sys.executable, "-m", "kzgraph", *argv]


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    """``kzgraph queries | head -1``, made certain: the reader has gone before the first byte is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(_kzgraph("--root", str(ROOT), "queries"), stdout=write, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (SIGPIPE_STATUS, b"")


def _start_serving(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], int]:
    """``kzgraph serve`` in a session of its own (so a signal can reach its whole group, as a terminal's
    Ctrl-C does), once its start line is out: the process and the port it announced."""
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    assert proc.stderr is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        line = b""
        while b"Ctrl-C stops." not in line:
            if not sel.select(timeout=120):  # a safety net for a hung start, not a timing
                os.killpg(proc.pid, signal.SIGKILL)
                pytest.fail("kzgraph serve did not start")
            line = proc.stderr.readline()
            if not line:
                pytest.fail(f"kzgraph serve ended: {proc.wait()} {proc.stderr.read().decode()}")
    port = int(re.search(rb" at http://127\.0\.0\.1:(\d+)/ ", line).group(1))
    assert port != 0  # --port 0: the port the system chose is announced
    return proc, port


def _stop_with_ctrl_c(proc: subprocess.Popen[bytes]) -> str:
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    assert proc.returncode == SIGINT_STATUS, err.decode()
    return err.decode()


def test_ctrl_c_stops_serve_quietly(tmp_path: Path) -> None:
    """Ctrl-C reaches the server and its query workers alike: none prints a traceback, the status is 130."""
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "kzgraph.nq").write_text(
        '<https://w3id.org/kzgraph/id/state/KAZ> <http://www.w3.org/2000/01/rdf-schema#label> "Kazakhstan"@en '
        "<https://w3id.org/kzgraph/graph/data> .\n"
    )
    proc, port = _start_serving(_kzgraph("serve", "--dist", "dist", "--port", "0", "--workers", "1"), tmp_path)
    answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", timeout=60).read()
    err = _stop_with_ctrl_c(proc)
    assert b'"boolean":true' in answer
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err


# --- the wheel, installed into a fresh environment, from an empty directory ------------------------------

SOURCES = ("pyproject.toml", "MANIFEST.in", "README.md", "LICENSE", "buildsupport", "kzgraph", "data", "ontology", "queries")


def _build_wheel(tmp_path: Path) -> Path:
    """A wheel of a copy of the checkout (the build writes build/ beside its sources: not into the checkout)."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "release", "*.egg-info")
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    # Built with this environment's libraries when it can (fast, nothing fetched); else pip fetches the build requirements.
    no_isolation = ["--no-build-isolation"] if _can_build_here() else []
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *no_isolation, "-q", "-w", str(wheels), str(source)],
        check=True,
        timeout=900,
    )
    (wheel,) = wheels.glob("kzgraph-*.whl")
    return wheel


def _can_build_here() -> bool:
    """Whether this environment builds wheels itself (setuptools, and bdist_wheel from it or from wheel)."""
    import importlib.util

    return importlib.util.find_spec("setuptools") is not None and (
        importlib.util.find_spec("wheel") is not None or importlib.util.find_spec("setuptools.command.bdist_wheel") is not None
    )


def _fresh_environment(tmp_path: Path, wheel: Path) -> Path:
    """A new virtual environment holding the wheel; its dependencies are this environment's (a .pth
    names their directory: nothing is fetched, and this environment's editable kzgraph is not seen)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib.stdout.strip(), "dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(ours)))
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        timeout=300,
    )
    return venv / "bin"


@pytest.mark.slow
def test_the_wheel_answers_from_an_empty_directory(tmp_path: Path) -> None:
    bin_dir = _fresh_environment(tmp_path, _build_wheel(tmp_path))
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"

    def kz(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "kzgraph"), *argv], input=stdin, cwd=empty, env=env, capture_output=True, text=True, timeout=300
        )

    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import kzgraph; print(kzgraph.__file__)"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stdout + where.stderr  # the wheel's, not the checkout's
    listed = kz("queries")
    assert listed.returncode == 0 and f"({QUERY_COUNT} stored queries in {tmp_path / 'venv'}" in listed.stdout, listed.stderr
    named = kz("query", "consulates-general")
    assert named.returncode == 0 and cities_sent(named.stdout) == CONSULATES, named.stderr
    piped = kz("query", "-", stdin="SELECT (COUNT(*) AS ?n) WHERE { ?m kzo:sendingState state:KAZ ; a kzo:ConsulateGeneral }")
    assert piped.returncode == 0 and piped.stdout.splitlines()[2] == str(len(CONSULATES)), piped.stderr
    about = kz("--version")
    assert about.returncode == 0 and about.stdout.splitlines()[1].startswith(f"release {_version_info()[0]} "), about.stdout
    curator = kz("build")
    assert curator.returncode == 2 and "--root DIR" in curator.stderr and "Traceback" not in curator.stderr
    proc, port = _start_serving([str(bin_dir / "kzgraph"), "serve", "--port", "0", "--workers", "1"], empty, env)
    try:
        page = urllib.request.urlopen(
            f"http://127.0.0.1:{port}/sparql?query=ASK%7Bstate%3AKAZ%20%3Fp%20%3Fo%7D", timeout=60
        ).read()
    finally:
        err = _stop_with_ctrl_c(proc)
    assert b'"boolean":true' in page and "Traceback" not in err
    assert list(empty.iterdir()) == []  # nothing built or written where it ran
