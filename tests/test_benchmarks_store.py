"""benchmarks/store.py keeps working: a quick run reports both ratios (no timing asserted)."""

from __future__ import annotations

from benchmarks.store import store_benchmarks


def test_quick_store_benchmark_reports_both_ratios() -> None:
    figures = store_benchmarks(quick=True)
    assert figures["events"] == 20 * 8                     # every event of the route stored
    assert figures["events_ratio"] > 0 and figures["overdue_ratio"] > 0
    assert 0 < figures["list_overdue"] < figures["list_cases"]
