"""All cases of a protocol share one durable-rules session (hypothesis): interleaved
events of many cases in one engine give every case exactly the state, trace, facts and
record that the same events give that case alone in an engine of its own — outcomes,
refusals, corrections, restores from the record (a replay of the log) included, and
cases dropped and reopened in between.

The per-case scripts choose by index among what the case offers at that moment (the
n-th open step, the m-th outcome, the k-th event in force), so both runs ask the same
of each case only as long as the case is in the same state in both: any leak of one
case's facts into another's changes what a later step offers and shows up as a
difference."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.engine import Case, CaseEngine, EventRefused, compile_protocol
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol

ROOT = Path(__file__).resolve().parents[1]
PROTOCOLS = [ROOT / "tests" / "data" / "minimal.yaml", ROOT / "tests" / "data" / "constructs.yaml",
             ROOT / "protocols" / "oostzaan.yaml"]
BASE = dt.date(2024, 3, 4)

_loaded: dict[Path, Protocol] = {}


def protocol_at(path: Path) -> Protocol:
    if path not in _loaded:
        protocol = load_protocol(path).protocol
        assert protocol is not None, f"{path.name} does not load"
        _loaded[path] = protocol
    return _loaded[path]


#: One operation of a case's script: what, and the indices that pick among its options.
Op = tuple[str, int, int]
OPS = st.tuples(st.sampled_from(["record", "record", "record", "correct", "restore", "reopen"]),
                st.integers(0, 50), st.integers(0, 50))


class Runner:
    """Runs per-case scripts in one engine and writes down everything a case shows."""

    def __init__(self, protocol: Protocol, plans: list[Any], engine: CaseEngine) -> None:
        self.protocol = protocol
        self.engine = engine
        self.plans = plans
        self.cases: dict[int, Case] = {}
        self.days: dict[int, int] = {}
        self.seen: dict[int, list[Any]] = {}

    def open(self, index: int) -> None:
        plan = self.plans[index]
        facts = {fact.id: "2023-01-02" for fact in self.protocol.facts}
        self.cases[index] = self.engine.open(
            self.protocol, plan.scenario, BASE + dt.timedelta(days=index),
            case_id=f"case-{index}", facts=facts)
        self.days[index] = index
        self.seen[index] = [self.observe(index)]

    def day(self, index: int) -> dt.date:
        self.days[index] += 1
        return BASE + dt.timedelta(days=self.days[index])

    def observe(self, index: int) -> Any:
        case = self.cases[index]
        record = case.to_dict()
        record["protocol"].pop("ruleset", None)
        return (record, [e.to_dict() for e in case.trace()], case.accepts(),
                [s.to_dict() for s in case.open_steps(as_of=BASE + dt.timedelta(days=400))],
                case.closed.to_dict() if case.closed else None, case.facts())

    def run(self, index: int, op: Op) -> None:
        kind, first, second = op
        case = self.cases[index]
        outcome: Any = None
        try:
            if kind == "record":
                accepts = case.accepts()
                if accepts:
                    step = sorted(accepts)[first % len(accepts)]
                    choice = accepts[step][second % len(accepts[step])]
                    outcome = case.record(step, choice, self.day(index))
            elif kind == "correct":
                in_force = [n for n, e in enumerate(case.events, start=1)
                            if e.withdraws is None]
                if in_force:
                    outcome = case.correct(in_force[first % len(in_force)], "vergissing",
                                           self.day(index))
            elif kind == "restore":                   # a replay of the log, same id
                record = case.to_json()
                self.engine.drop(case)
                self.cases[index] = self.engine.restore(self.protocol, record)
            elif kind == "reopen":                    # dropped, then opened afresh
                self.engine.drop(case)
                self.open(index)
        except EventRefused as refused:
            outcome = ("refused", refused.reason, refused.allowed)
        self.seen[index].append((op, outcome, self.observe(index)))


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_interleaved_cases_in_one_session_are_each_as_if_alone(
        path: Path, data: st.DataObject) -> None:
    protocol = protocol_at(path)
    all_plans = sorted(compile_protocol(protocol).plans.values(), key=lambda p: p.key)
    count = data.draw(st.integers(2, 6), label="cases")
    plans = [data.draw(st.sampled_from(all_plans), label=f"scenario {i}") for i in range(count)]
    scripts = [data.draw(st.lists(OPS, max_size=10), label=f"script {i}") for i in range(count)]
    # The interleaving: a shuffled sequence with each case's operations in its order.
    slots = [i for i, script in enumerate(scripts) for _ in script]
    order = data.draw(st.permutations(slots), label="interleaving")

    shared = Runner(protocol, plans, CaseEngine())
    for index in range(count):
        shared.open(index)
    position = dict.fromkeys(range(count), 0)
    for index in order:
        shared.run(index, scripts[index][position[index]])
        position[index] += 1
    [(_, counts)] = shared.engine.stats().items()
    assert counts["live"] == count and counts["parked"] == 0

    for index in range(count):
        alone = Runner(protocol, plans, CaseEngine())
        alone.open(index)
        for op in scripts[index]:
            alone.run(index, op)
        assert shared.seen[index] == alone.seen[index], f"case {index} differs"
        alone.engine.close()
    shared.engine.close()


def test_a_case_never_matches_another_cases_facts_even_with_the_same_ids() -> None:
    # Every case numbers its facts the same way (c, o0, e1, ...): only the case key in
    # the engine keeps them apart. Two cases of different scenarios, same dates, same
    # ids: each derives its own actors and none of the other's steps.
    protocol = protocol_at(PROTOCOLS[0])
    engine = CaseEngine()
    first = engine.open(protocol, {"reporter": "raadslid", "subject": "burgemeester",
                                   "act": "uitgevoerd"}, "2025-12-19", case_id="a")
    second = engine.open(protocol, {"reporter": "burgemeester", "subject": "raadslid",
                                    "act": "uitgevoerd"}, "2025-12-19", case_id="b")
    first.record("melding", "gemeld", "2025-12-22")
    second.record("melding", "gemeld", "2025-12-22")
    assert [s.actor for s in first.open_steps()] == ["cvdk"]
    assert [s.actor for s in second.open_steps()] == ["burgemeester"]
    mine = {f["id"]: f for f in first.facts()}
    theirs = {f["id"]: f for f in second.facts()}
    assert set(theirs) == {"c", "o0", "e1", "o1"}             # the same local ids ...
    assert set(mine) == set(theirs) | {"u:cvdk_voor_burgemeester"}   # (a substitution)
    assert all(mine[i] != theirs[i] for i in theirs)          # ... different facts
    assert (mine["o1"]["actor"], theirs["o1"]["actor"]) == ("cvdk", "burgemeester")
    [(_, counts)] = engine.stats().items()
    assert counts == {"live": 2, "parked": 0, "facts": 0}     # nothing left to match
    engine.close()
