"""The two tiers: the quick check (`pytest -m "not slow"`) and the whole suite keep what they promise."""

from __future__ import annotations

from test_shapes import CASE_RUNS, CASES, COMPONENTS, FAST

from common import ROOT, SLOW_FILES


def test_every_slow_file_exists() -> None:
    """A renamed slow file would silently join the quick check."""
    missing = sorted(name for name in SLOW_FILES if not (ROOT / "tests" / name).is_file())
    assert missing == []


def test_every_case_runs_fast_and_on_both_engines() -> None:
    """The quick tier runs every shape case on the default engine; the full tier also on both engines."""
    fast = [p.values[0].id for p in CASE_RUNS if p.values[1] == FAST and not p.marks]
    both = [p.values[0].id for p in CASE_RUNS if p.values[1] != FAST]
    assert sorted(fast) == sorted(both) == sorted(c.id for c in CASES)


def test_the_quick_tier_proves_the_engines_agree_once_per_component() -> None:
    """One both-engines case per constraint the cases break stays out of the slow tier."""
    quick = [p.values[0] for p in CASE_RUNS if p.values[1] != FAST and not p.marks]
    assert sorted(c.constraint for c in quick) == sorted({c.constraint for c in CASES})
    assert {c.constraint for c in quick} <= set(COMPONENTS)
