"""``kzgraph places``: the command over :mod:`kzgraph.curated.geo`, which the loader's own checks use.

Apart from :mod:`.geo` because the command runs the loader, and the loader runs :func:`.geo.problems`:
kept in one module, the two would import each other.
"""

from __future__ import annotations

import argparse
import sys

from .geo import disagreements, gazetteer, gazetteer_version, placings, rewrite
from .load import load
from .project import project_root


def cmd_places(args: argparse.Namespace) -> int:
    """``kzgraph places``: match every city; 1 when the curated values disagree (``--write`` writes them)."""
    root = project_root(args.root)
    dataset = load(root)
    found = placings(dataset.records, gazetteer())
    for p in found:
        city = f"{p.city.geonameid} {p.city.name} ({p.city.lat}, {p.city.long})" if p.city else "—"
        print(f"{p.key}\t{p.status}\t{city}\t{p.reason}")
    if args.write:
        for file in rewrite(root, dataset.records, found):
            print(f"wrote {file}", file=sys.stderr)
        dataset = load(root)  # what was written is read back by the loader's own checks
    problems_found = disagreements(dataset.records, found)
    for problem in problems_found:
        print(problem, file=sys.stderr)
    placed = sum(p.city is not None for p in found)
    print(f"{placed} of {len(found)} cities placed from {gazetteer_version()} (GeoNames, CC BY 4.0)", file=sys.stderr)
    return 1 if problems_found else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``places`` to the command line."""
    s = sub.add_parser("places", help="match every city to GeoNames (certain matches only) and check the curated values")
    s.add_argument("--write", action="store_true", help="write the matches into data/entities/places.yaml")
    s.set_defaults(func=cmd_places)
