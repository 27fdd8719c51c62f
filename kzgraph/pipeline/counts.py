"""One definition of the numbers the site shows about a state, so every page counts the same thing.

The pages disagreed because each counted something else: the home page counted the records typed
kzo:DiplomaticRelation (21, China twice because the article gives two dates), a state page listed the
partners of kzo:hasDiplomaticRelationWith (20), the Relations menu left out the records filed only as
kzo:BilateralRelation (India, Kyrgyzstan, Uzbekistan, Pakistan's 1991 relations); memberships were
10 (org:memberOf, which only member, founder and full-member roles imply), 11 organisations in the
diagram, and 12 membership records on the state page. Here each number is defined once, by a query
over the graph, and the pages say which of them they show when two legitimately differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .terms import KZO_NS

PREFIXES = f"PREFIX kzo: <{KZO_NS}>\nPREFIX org: <http://www.w3.org/ns/org#>\n"

# Every bilateral relation record of the state (kzo:DiplomaticRelation is a kind of kzo:BilateralRelation),
# with its partner and whether it is a diplomatic one. The asserted class is used, so the count does
# not depend on whether the inferred graph is loaded.
RELATIONS = (
    PREFIXES
    + """SELECT DISTINCT ?state ?relation ?partner ?diplomatic WHERE {
  VALUES ?class { kzo:DiplomaticRelation kzo:BilateralRelation }
  ?relation a ?class ; kzo:party ?state, ?partner .
  FILTER(?partner != ?state)
  BIND(EXISTS { ?relation a kzo:DiplomaticRelation } AS ?diplomatic)
}"""
)

# Every membership record of the state: organisation and role.
MEMBERSHIPS = (
    PREFIXES
    + """SELECT DISTINCT ?state ?membership ?organization ?role WHERE {
  ?membership org:member ?state ; org:organization ?organization .
  OPTIONAL { ?membership org:role ?role }
}"""
)

# What org:memberOf says (member, founder and full-member roles only): the state page's "member of" rows.
MEMBER_OF = PREFIXES + "SELECT DISTINCT ?state ?organization WHERE { ?state org:memberOf ?organization }"


@dataclass
class Relations:
    """A state's bilateral relations: ``records`` by partner, and the partners with a diplomatic one."""

    records: dict[str, list[str]] = field(default_factory=dict)
    diplomatic: set[str] = field(default_factory=set)

    @property
    def partners(self) -> int:
        """States and organisations the state has any recorded relation with."""
        return len(self.records)

    @property
    def record_count(self) -> int:
        """Relation records (a partner has two when the article gives two dates or two kinds)."""
        return sum(len(v) for v in self.records.values())

    @property
    def repeated(self) -> dict[str, list[str]]:
        """The partners with more than one record, each with its records."""
        return {p: r for p, r in self.records.items() if len(r) > 1}


@dataclass
class Memberships:
    """A state's membership records by organisation, and the organisations org:memberOf names."""

    records: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # org -> [(record, role)]
    member_of: set[str] = field(default_factory=set)

    @property
    def organizations(self) -> int:
        """Organisations the state belongs to in any role (member, founder, participant, chair …)."""
        return len(self.records)

    @property
    def record_count(self) -> int:
        """Membership records (one organisation can have two: OSCE member and OSCE chair)."""
        return sum(len(v) for v in self.records.values())


def _rows(store: ox.Store, query: str, state: str) -> list[ox.QuerySolution]:
    """The rows of ``query`` with ``?state`` (projected, as a substitution requires) bound to ``state`` by the
    engine, not written into the text."""
    result = store.query(query, substitutions={ox.Variable("state"): ox.NamedNode(state)}, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def relations(store: ox.Store, state: str) -> Relations:
    """The bilateral relation records of ``state`` (an IRI), grouped by partner, in IRI order."""
    out = Relations()
    for row in sorted(_rows(store, RELATIONS, state), key=lambda r: (r["partner"].value, r["relation"].value)):
        partner, record = row["partner"].value, row["relation"].value
        out.records.setdefault(partner, []).append(record)
        if row["diplomatic"].value == "true":
            out.diplomatic.add(partner)
    return out


def memberships(store: ox.Store, state: str) -> Memberships:
    """The membership records of ``state`` (an IRI), grouped by organisation, in IRI order."""
    out = Memberships()
    for row in sorted(_rows(store, MEMBERSHIPS, state), key=lambda r: (r["organization"].value, r["membership"].value)):
        role = row["role"]
        out.records.setdefault(row["organization"].value, []).append((row["membership"].value, role.value if role else None))
    out.member_of = {r["organization"].value for r in _rows(store, MEMBER_OF, state)}
    return out
