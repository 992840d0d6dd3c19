"""Agreement with the graph (hypothesis): for every shipped protocol, random scenarios and
random outcome sequences, every trace the engine produces is a path in the route graph
that the checks analyse (protocolkit.semantics.route_graph), every outcome the graph
offers is accepted by the engine, an outcome it does not offer there (one the step has in
other scenarios, or a made-up one) is refused and changes nothing, and replaying the
stored log rebuilds the same case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.engine import CaseEngine, EventRefused, compile_protocol
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.semantics import route_graph

ROOT = Path(__file__).resolve().parents[1]
PROTOCOLS = [ROOT / "tests" / "data" / "minimal.yaml", ROOT / "tests" / "data" / "constructs.yaml",
             *sorted((ROOT / "protocols").glob("*.yaml"))]
MAX_EVENTS = 14

_loaded: dict[Path, Protocol | None] = {}


def protocol_at(path: Path) -> Protocol:
    if path not in _loaded:
        _loaded[path] = load_protocol(path).protocol
    protocol = _loaded[path]
    # A shipped protocol that stops loading is a regression, never a skip.
    assert protocol is not None, f"{path.name} does not load"
    return protocol


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
          deadline=None)
@given(data=st.data())
def test_traces_are_paths_of_the_route_graph_and_every_offered_outcome_is_accepted(
        path: Path, data: st.DataObject) -> None:
    protocol = protocol_at(path)
    plans = list(compile_protocol(protocol).plans.values())
    plan = data.draw(st.sampled_from(plans), label="scenario")
    graph = route_graph(protocol, plan.scenario)
    engine = CaseEngine(max_live=8)
    day = dt.date(2025, 12, 19)
    facts = {fact.id: data.draw(st.dates(dt.date(2010, 1, 1), day), label=fact.id)
             for fact in protocol.facts}
    case = engine.open(protocol, plan.scenario, day, case_id="case", facts=facts)
    forks = 0
    for _ in range(MAX_EVENTS):
        accepts = case.accepts()
        if not accepts:
            assert case.closed is not None and graph.nodes[case.closed.step]["view"].end
            break
        # Several steps are open at once when a track runs alongside: any may move.
        step = data.draw(st.sampled_from(sorted(accepts)), label="open step")
        outcomes = accepts[step]
        offered = {d["outcome"]: target for _, target, d in graph.out_edges(step, data=True)
                   if not d["track"]}
        tracks = {o: [t for _, t, d in graph.out_edges(step, data=True)
                      if d["track"] and d["outcome"] == o] for o in offered}
        assert set(outcomes) == set(offered)
        # every outcome the graph offers here is accepted and opens what the graph says
        # (its next step and its tracks, besides the steps open already), unless a fact
        # of the case does not meet the outcome's ``requires``
        blocked: set[str] = set()
        for outcome, target in offered.items():
            fork = engine.restore(protocol, {**case.to_dict(), "id": f"fork{forks}"})
            forks += 1
            try:
                opened = fork.record(step, outcome, day)
            except EventRefused as refusal:
                assert refusal.reason == "fact-condition", refusal
                assert any(o.id == outcome and o.requires for o in protocol.step(step).outcomes)
                blocked.add(outcome)
                engine.drop(fork)
                continue
            entered = [t for t in (target, *tracks[outcome])
                       if not graph.nodes[t]["view"].end]
            assert set(opened) == (set(accepts) - {step}) | set(entered)
            if not opened:
                assert fork.closed is not None and fork.closed.step in (target, *tracks[outcome])
            engine.drop(fork)
        # and nothing else: not an outcome the step has in other scenarios, nor a made-up one
        elsewhere = {o.id for o in protocol.step(step).outcomes} | {"niet_aangeboden"}
        refused = data.draw(st.sampled_from(sorted(elsewhere - set(offered))),
                            label=f"refused at {step}")
        before = case.to_dict()
        with pytest.raises(EventRefused) as refusal:
            case.record(step, refused, day)
        assert refusal.value.reason == "outcome-not-offered"
        assert case.to_dict() == before and case.accepts() == accepts
        outcome = data.draw(st.sampled_from(sorted(set(outcomes) - blocked)),
                            label=f"outcome of {step}")
        day += dt.timedelta(days=data.draw(st.integers(0, 20), label="days"))
        case.record(step, outcome, day)
    trace = case.trace()
    assert trace[0].step == graph.graph["entry"]
    # ... and holds every step the case is in now: the open ones, the end it reached
    current = {t.step for t in trace if t.outcome is None}
    assert set(case.accepts()) <= current
    if case.closed is not None:
        assert case.closed.step in current
    # every step after the first was opened by an earlier step's outcome, along an edge
    for position, there in enumerate(trace[1:], start=1):
        assert any(
            here.outcome is not None and here.date == there.opened
            and (graph.has_edge(here.step, there.step, key=here.outcome)
                 or graph.has_edge(here.step, there.step, key=f"{here.outcome}>{there.step}"))
            for here in trace[:position]), there
    for here in trace:
        if here.outcome is not None:
            assert graph.has_edge(here.step, here.next, key=here.outcome), here
    for entry in trace:
        view = graph.nodes[entry.step]["view"]
        assert (entry.kind, entry.actor, entry.source) == (view.kind.value, view.actor.role,
                                                           view.source)
        assert entry.actors == tuple(a.role for a in view.actors)    # every joint actor
    again = CaseEngine(max_live=2).restore(protocol, case.to_json())
    assert again.trace() == trace
    assert again.open_steps(as_of=day) == case.open_steps(as_of=day)
    assert again.facts() == case.facts()
    engine.close()
