"""The two tiers: the quick check (`pytest -m "not slow"`) and the whole suite keep what they promise."""

from __future__ import annotations

from common import ROOT, SLOW_FILES, leave_out_quick_twins
from test_shapes import CASE_RUNS, CASES, COMPONENTS, FAST


def test_every_slow_file_exists() -> None:
    """A renamed slow file would silently join the quick check."""
    missing = sorted(name for name in SLOW_FILES if not (ROOT / "tests" / name).is_file())
    assert missing == []


def test_every_case_runs_fast_and_on_both_engines() -> None:
    """The quick tier runs every shape case on the default engine; the full tier also on both engines."""
    fast = [p.values[0].id for p in CASE_RUNS if p.values[1] == FAST and [m.name for m in p.marks] == ["quick_twin"]]
    both = [p.values[0].id for p in CASE_RUNS if p.values[1] != FAST]
    assert sorted(fast) == sorted(both) == sorted(c.id for c in CASES)


def test_the_quick_tier_proves_the_engines_agree_once_per_component() -> None:
    """One both-engines case per constraint the cases break stays out of the slow tier."""
    quick = [p.values[0] for p in CASE_RUNS if p.values[1] != FAST and not p.marks]
    assert sorted(c.constraint for c in quick) == sorted({c.constraint for c in CASES})
    assert {c.constraint for c in quick} <= set(COMPONENTS)


def test_a_run_of_every_tier_leaves_out_the_quick_twins() -> None:
    """In the whole suite a single-engine run is part of its both-engines twin, so only the twin runs."""

    class Item:
        def __init__(self, name: str, twin: bool):
            self.name, self.twin = name, twin

        def get_closest_marker(self, name: str) -> object:
            return object() if name == "quick_twin" and self.twin else None

    items = [Item("a-fast", True), Item("a-both-engines", False), Item("b", False)]
    kept, left = leave_out_quick_twins(items, markexpr="")  # type: ignore[arg-type]
    assert [i.name for i in kept] == ["a-both-engines", "b"] and [i.name for i in left] == ["a-fast"]
    kept, left = leave_out_quick_twins(items, markexpr="not slow")  # type: ignore[arg-type]
    assert [i.name for i in kept] == ["a-fast", "a-both-engines", "b"] and left == []
