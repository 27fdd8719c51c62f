"""What ``kzgraph --version`` prints: the package, the release it answers from, and the article's revision.

Three versions answer three different questions, so all three are printed: the package (the code,
from the installed distribution's metadata), the release (the data: the ontology's
``owl:versionInfo``, read with an RDF parser from the ontology the release is built from — every
part ``ontology/parts.yaml`` declares, as the build reads them, or the packaged release's
``ontology.ttl``), and the copy of the
source article the facts were read from (its record in ``sources.yaml``: the revision when one is
recorded, and ``as_of``, the newest date its text prints). A value that is not recorded is said to
be so, never guessed.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..core.errors import BuildError, UsageError
from ..core.inputs import RDF_LIMIT, InputError, read_bytes
from .namespaces import VOCABULARIES
from .ontology_parts import PARTS_FILE
from .project import Location, Project, locate

OWL_ONTOLOGY = VOCABULARIES["owl"] + "Ontology"
OWL_VERSION_INFO = VOCABULARIES["owl"] + "versionInfo"
RDF_TYPE = VOCABULARIES["rdf"] + "type"
REVISION_KEYS = ("revision", "oldid")  # the article record's names for a wiki revision id, when recorded


def package_version() -> str:
    """The installed distribution's version (the package's own ``__version__`` when run from sources
    that were never installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kzgraph")
    except PackageNotFoundError:
        return __version__


def ontology_version(data: bytes, name: str) -> str:
    """``owl:versionInfo`` of the ``owl:Ontology`` in the Turtle ``data`` (read from ``name``); raises
    ValueError (with the reason) when it cannot be parsed or states none."""
    import pyoxigraph as ox

    try:
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise ValueError(f"{name}: {exc}") from None
    ontologies = {t.subject for t in triples if t.predicate.value == RDF_TYPE and getattr(t.object, "value", "") == OWL_ONTOLOGY}
    infos = sorted({t.object.value for t in triples if t.subject in ontologies and t.predicate.value == OWL_VERSION_INFO})
    if not infos:
        raise ValueError(f"{name}: the ontology states no owl:versionInfo")
    return ", ".join(infos)


def article_record(path: Path) -> dict:
    """The ``article`` mapping of ``sources.yaml``; raises ValueError (with the reason) when it cannot be read."""
    from ..core.yamlread import YamlSyntaxError, read_yaml

    try:  # the curated files' own reader, with its limits (no tags, no alias bombs, bounded size)
        record = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlSyntaxError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    article = record.get("article") if isinstance(record, dict) else None
    if not isinstance(article, dict):
        raise ValueError(f"{path}: has no article record")
    return article


def article_line(path: Path) -> str:
    """The source article: its address, its revision (or that none is recorded) and its own date."""
    try:
        article = article_record(path)
    except ValueError as exc:
        return f"source article: unreadable ({exc})"
    revision = next((str(article[k]) for k in REVISION_KEYS if article.get(k) not in (None, "")), None)
    said = f"revision {revision}" if revision else f"revision not recorded ({path.name} names none)"
    as_of = article.get("as_of")
    dated = f"as of {as_of} (the newest date its text prints)" if as_of else "no as_of date recorded"
    return f"source article: {article.get('url', '(no url recorded)')}, {said}, {dated}"


def version_text(root: str | None, dist: str | None = None) -> str:
    """The lines of ``kzgraph --version``: package, release (and where it was read), source article."""
    lines = [f"kzgraph {package_version()}"]
    try:
        where = locate(root, dist)
    except UsageError as exc:
        return "\n".join([*lines, f"release: none found ({exc})"]) + "\n"
    try:
        data, name = _ontology_of(where)
        lines.append(f"release {ontology_version(data, name)} (owl:versionInfo of {name})")
    except (ValueError, BuildError, InputError) as exc:
        lines.append(f"release: unknown ({exc})")
    lines.append(article_line(where.sources))
    return "\n".join(lines) + "\n"


def _ontology_of(where: Location) -> tuple[bytes, str]:
    """The ontology the release is built from, and its name: the project's, every part parts.yaml
    declares joined (read as the build reads them: :meth:`Project.document`, regular files inside the
    project, bounded), or the packaged release's ontology.ttl (the same document, as published)."""
    if where.root is not None:
        project = Project(where.root)
        return project.document("ontology"), f"{project.root / 'ontology'} (the parts {PARTS_FILE} declares)"
    path = where.dist / "ontology.ttl"
    return read_bytes(path, where.dist, RDF_LIMIT * 64, "ontology"), str(path)  # every part joined: 64 parts at most
