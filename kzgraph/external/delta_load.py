"""``kzgraph load --endpoint … --deltas SITE``: move a store forward by the published deltas instead of a full load.

The store says which release it holds: the version in its metadata graph (read with one Graph Store
Protocol GET of that small graph). From the release being loaded, back through the folders of a
published site (``releases/VERSION/delta-from-PREVIOUS.rdfp``), the loader looks for a chain of deltas
that starts at that version; when there is one, it sends them as one SPARQL Update request (one
transaction on Oxigraph and Virtuoso) and then checks every graph the deltas touched against the release,
as a full load checks its staged graphs. Whenever it cannot — the store holds no version, or one no
chain starts from, no ``--update`` URL, a delta that does not apply cleanly — it says why in one line
and the caller falls back to the full load, which is always right.
"""

from __future__ import annotations

import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import BuildError
from ..core.inputs import InputError, read_bytes
from ..curated.namespaces import graph_iri
from ..pipeline.delta import Delta, read_patch, to_update, version_of
from .remote import Client, RemoteError
from .triplestore import GRAPHS, ReleaseGraphs, verify_graph

PATCH_LIMIT = 2**30  # bytes: a delta is never larger than the release it leads to


@dataclass
class Applied:
    """What a delta load did: the chain applied and the triples it removed and added."""

    chain: list[Delta]
    seconds: float = 0.0

    def summary(self) -> str:
        steps = " → ".join([self.chain[0].base, *(d.target for d in self.chain)])
        removed, added = sum(d.removed for d in self.chain), sum(d.added for d in self.chain)
        return f"applied {len(self.chain)} delta(s), release {steps}: {removed} triples removed, {added} added"


class DeltaFailed(BuildError):
    """The server refused or lost the delta update: what it holds is unknown, so a full load follows."""


class DeltaRefused(BuildError):
    """A delta that does not start from the release the store holds: nothing was sent."""


def held_version(client: Client, gsp_url: str, timeout: float) -> str | None:
    """The version of the release the store holds (its metadata graph's), or None when it holds none."""
    url = gsp_url + ("&" if "?" in gsp_url else "?") + urllib.parse.urlencode({"graph": graph_iri("metadata")})
    response = client.request("GET", url, headers={"Accept": "application/n-triples"}, timeout=timeout, ok=(404,))
    if response.status == 404 or not response.body.strip():
        return None
    rdf_format = ox.RdfFormat.from_media_type(response.content_type) or ox.RdfFormat.N_TRIPLES
    try:
        return version_of(q.triple for q in ox.parse(response.body, format=rdf_format))
    except SyntaxError:
        return None


def releases_folder(site: Path) -> Path:
    """A published site's ``releases/`` folder, given the site or the folder itself."""
    site = Path(site)
    return site / "releases" if (site / "releases").is_dir() else site


def read_delta(path: Path) -> Delta:
    """A published delta (its RDF Patch form), read and checked."""
    try:
        data = read_bytes(path, path.parent, PATCH_LIMIT, "RDF Patch")
    except InputError as exc:
        raise BuildError(str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BuildError(f"{path}: not UTF-8; expected an RDF Patch as kzgraph publish writes it") from None
    return read_patch(text, str(path))


def find_chain(site: Path, held: str | None, target: str | None) -> tuple[list[Delta], str]:
    """The deltas from release ``held`` to ``target`` (oldest first) in a published site; or ([], why not)."""
    if held is None:
        return [], "the store holds no kzgraph release with a version (nothing in its metadata graph)"
    if target is None:
        return [], "the release being loaded states no version"
    if held == target:
        return [], f"the store already holds release {target} (reloaded whole, in case it was rebuilt)"
    folder, chain, current = releases_folder(site), [], target
    while current != held:
        patches = sorted((folder / current).glob("delta-from-*.rdfp")) if (folder / current).is_dir() else []
        if len(patches) != 1:
            return [], f"no delta chain from release {held} to {target} in {folder} (none leads to {current})"
        delta = read_delta(patches[0])
        if delta.target != current:
            raise BuildError(f"{patches[0]}: a delta to release {delta.target}, found in the folder of release {current}")
        chain.append(delta)
        current = delta.base
        if len(chain) > 10_000:  # a cycle of folders: not a series a publish writes
            return [], f"the deltas in {folder} do not form a chain from {held}"
    return chain[::-1], ""


def check_base(delta: Delta, held: str | None) -> None:
    """Refuse a delta that does not start from the release the store holds, naming both."""
    if delta.base != held:
        holds = f"release {held}" if held else "no kzgraph release"
        raise DeltaRefused(
            f"the store holds {holds}, but the delta goes from release {delta.base} to {delta.target}; "
            "it applies only to a store holding its base release. Nothing was changed"
        )


def apply_chain(client: Client, update_url: str, chain: list[Delta], held: str | None, timeout: float) -> None:
    """Send the chain as one SPARQL Update request, after checking that it starts from ``held``."""
    check_base(chain[0], held)
    for before, after in zip(chain, chain[1:], strict=False):
        if after.base != before.target:
            raise DeltaRefused(f"the deltas do not join: {before.summary()}, then {after.summary()}. Nothing was changed")
    text = " ;\n".join(to_update(d).rstrip() for d in chain if d.graphs)
    if not text:
        return
    try:
        client.request(
            "POST",
            update_url,
            urllib.parse.urlencode({"update": text}).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
            timeout=timeout,
            idempotent=False,
        )
    except RemoteError as exc:
        raise DeltaFailed(f"the server did not apply the delta update ({exc})") from None


def load_by_deltas(
    client: Client,
    gsp_url: str,
    update_url: str | None,
    release: ReleaseGraphs,
    site: Path,
    timeout: float,
) -> tuple[Applied | None, str, bool]:
    """Move the store to ``release`` by the site's deltas: (what was applied, "", True) or (None, why a
    full load is needed, whether an update was sent: then what the store holds is not known).

    After the update every graph of the release is read back and compared with it, as a full load
    checks what it staged: a store that held the base version but not exactly its triples (edited by
    hand, or loaded from a rebuild of the same version) is caught here and loaded whole."""
    held = held_version(client, gsp_url, timeout)
    chain, why = find_chain(site, held, version_of(release.graphs["metadata"]))
    if not chain:
        return None, why, False
    if not update_url:
        return None, "a delta is a SPARQL Update: give the server's update URL (--update)", False
    t0 = time.perf_counter()
    try:
        apply_chain(client, update_url, chain, held, timeout)
    except DeltaFailed as exc:
        return None, str(exc), True
    for name in GRAPHS:
        url = gsp_url + ("&" if "?" in gsp_url else "?") + urllib.parse.urlencode({"graph": graph_iri(name)})
        try:
            verify_graph(client, url, release.graphs[name], name, timeout)
        except RemoteError as exc:
            return None, f"after the deltas the store does not hold release {chain[-1].target} ({exc})", True
    return Applied(chain, time.perf_counter() - t0), "", True


__all__ = ["Applied", "DeltaRefused", "held_version", "find_chain", "apply_chain", "check_base", "read_delta", "load_by_deltas"]
