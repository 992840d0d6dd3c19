"""Ten thousand cases in one process: every case sees only its own facts, and memory stays
bounded (all cases live in one shared durable-rules session per protocol, spent facts
retracted, dropped cases freed)."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from protocolkit.engine import Case, CaseEngine
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.semantics import scenario_space

ROOT = Path(__file__).resolve().parents[1]
BASE = dt.date(2000, 1, 3)
MIB = 1024 * 1024


def rss() -> int:
    """Resident memory of this process, in bytes (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture(scope="module")
def minimal() -> Protocol:
    protocol = load_protocol(ROOT / "tests" / "data" / "minimal.yaml").protocol
    assert protocol is not None
    return protocol


def advance(case: Case, index: int, day: dt.date) -> None:
    accepts = case.accepts()
    if accepts:
        [(step, outcomes)] = accepts.items()
        case.record(step, outcomes[index % len(outcomes)], day)


def assert_only_its_own_facts(case: Case, opened: dt.date) -> None:
    facts = case.facts()
    [case_fact] = [f for f in facts if f["kind"] == "case"]
    assert case_fact["date"] == opened.isoformat()
    assert (case_fact["s_reporter"], case_fact["s_subject"]) == (case.scenario.reporter,
                                                                 case.scenario.subject)
    outcomes = sorted((f for f in facts if f["kind"] == "outcome"), key=lambda f: f["n"])
    assert [(f["step"], f["outcome"], f["date"]) for f in outcomes] == [
        (e.step, e.outcome, e.date.isoformat()) for e in case.events]
    opened_steps = sorted((f for f in facts if f["kind"] == "open"), key=lambda f: f["n"])
    assert [f["step"] for f in opened_steps] == [t.step for t in case.trace()]
    assert all(f["kind"] in ("case", "outcome", "open", "substitution") for f in facts)


def test_ten_thousand_open_cases_stay_isolated_within_bounded_memory(minimal: Protocol) -> None:
    scenarios = scenario_space(minimal)
    engine = CaseEngine()
    gc.collect()
    start = rss()
    ids = [f"case-{i}" for i in range(9_998)] + ["case-478212", "case-1221200"]  # FNV twins
    cases: list[tuple[Case, dt.date]] = []
    for i, case_id in enumerate(ids):
        opened = BASE + dt.timedelta(days=i)            # every case has its own dates
        cases.append((engine.open(minimal, scenarios[i % len(scenarios)], opened,
                                  case_id=case_id), opened))
    for step_number in range(1, 4):                    # interleaved: each case in turn
        for i, (case, opened) in enumerate(cases):
            advance(case, i, opened + dt.timedelta(days=step_number))
    counts = next(iter(engine.stats().values()))
    assert counts["live"] == len(ids) and counts["parked"] == 0
    for case, opened in cases:
        assert_only_its_own_facts(case, opened)
    grown = rss() - start
    # 10,000 live cases and their event logs; a durable-rules state per case (or every
    # fact kept, ~8 KiB each) would be well over a gigabyte here.
    assert grown < 160 * MIB, f"memory grew by {grown / MIB:.0f} MiB"
    engine.close()


def test_memory_does_not_grow_with_cases_that_come_and_go(minimal: Protocol) -> None:
    scenarios = scenario_space(minimal)
    engine = CaseEngine()

    def wave(first: int, count: int) -> None:
        for i in range(first, first + count):
            opened = BASE + dt.timedelta(days=i % 5000)
            case = engine.open(minimal, scenarios[i % len(scenarios)], opened, case_id=f"w{i}")
            for step_number in range(1, 10):
                advance(case, i, opened + dt.timedelta(days=step_number))
            assert_only_its_own_facts(case, opened)
            engine.drop(case)

    wave(0, 2_000)
    gc.collect()
    settled = rss()
    wave(2_000, 8_000)
    gc.collect()
    assert rss() - settled < 24 * MIB, "memory kept growing while cases were dropped"
    assert len(engine) == 0
    assert next(iter(engine.stats().values()))["live"] == 0
