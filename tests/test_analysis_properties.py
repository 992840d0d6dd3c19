"""Properties of the route-graph checks on generated protocols.

* they never raise, emit only their own registered codes, and every witness is a path
  the protocol really lets its scenario take;
* what they report agrees with a direct reading of the route graphs (dead ends and
  self-judging found exactly where semantics says they are);
* acknowledging every finding leaves no error;
* the benchmark generator's protocols of any size pass every check.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from protocolkit.analysis import CHECK_CODES, run_checks
from protocolkit.format.diagnostics import Severity
from protocolkit.format.loader import load_text
from protocolkit.format.model import Protocol
from protocolkit.semantics import route_graph, scenario_space

from .strategies import examples, protocol_data, protocols
from .test_analysis import assert_real_path, scenario_of

ROOT = Path(__file__).resolve().parents[1]


def generator() -> Any:
    """benchmarks/generate.py (benchmarks/ is not an installed package)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks import generate

    return generate


@given(protocols())
def test_checks_never_raise_and_witnesses_are_real_paths(protocol: Protocol) -> None:
    for f in run_checks(protocol):
        assert f.code in CHECK_CODES
        if f.witness is not None:
            assert f.witness["scenarios"] >= 1
            if f.witness["path"]:
                assert_real_path(protocol, f.witness)


@given(protocols())
def test_dead_ends_are_exactly_the_stuck_steps(protocol: Protocol) -> None:
    stuck = set()
    for scenario in scenario_space(protocol):
        graph = route_graph(protocol, scenario)
        stuck |= {n for n in graph.nodes
                  if not graph.nodes[n]["view"].end and graph.out_degree(n) == 0}
    reported = {f.witness["path"][-1]["step"] for f in run_checks(protocol)
                if f.code == "dead-end" and f.witness}
    assert reported == stuck


@given(protocols(conflict_free=True))
def test_conflict_free_protocols_have_no_conflict(protocol: Protocol) -> None:
    assert not [f for f in run_checks(protocol) if f.code == "conflict-of-interest"]


@given(protocols(self_judging=True))
def test_the_subject_judging_himself_is_found_where_a_case_can_get(protocol: Protocol) -> None:
    judged_by_subject = {s.id for s in protocol.steps
                         if s.kind.value == "oordeel" and s.actor == "betrokkene"}
    reachable = set()
    for scenario in scenario_space(protocol):
        reachable |= set(route_graph(protocol, scenario).nodes)
    found = {f.witness["path"][-1]["step"] for f in run_checks(protocol)
             if f.code == "conflict-of-interest" and f.witness
             and f.witness["cycle"][1] == "is"
             and f.witness["path"][-1]["kind"] == "oordeel"}
    assert judged_by_subject & reachable <= found


@settings(max_examples=examples(20))
@given(protocol_data())
def test_acknowledging_every_finding_leaves_no_error(data: dict[str, Any]) -> None:
    protocol = Protocol.model_validate(data)
    first = run_checks(protocol)
    acknowledged = copy.deepcopy(data)
    acknowledged["acknowledged"] = [
        {"id": f"ack_{i}", "code": code, "reason": "Zo staat het in de bron.", "source": "art. 1"}
        for i, code in enumerate(sorted({f.code for f in first}))]
    second = run_checks(Protocol.model_validate(acknowledged))
    assert [f.code for f in second] == [f.code for f in first]
    assert all(f.severity is Severity.info for f in second)
    assert all("Zo staat het in de bron." in f.message for f in second)
    for before, after in zip(first, second, strict=True):
        if before.witness is not None:
            assert scenario_of(after.witness) == scenario_of(before.witness)


@settings(max_examples=examples(15))
@given(st.integers(min_value=17, max_value=160), st.integers(min_value=0, max_value=10_000))
def test_generated_benchmark_protocols_pass_every_check(n_steps: int, seed: int) -> None:
    generate = generator()
    data = generate.generate_data(n_steps, seed)
    assert len(data["steps"]) == n_steps
    result = load_text(yaml.safe_dump(data, sort_keys=False), "generated.yaml")
    assert result.findings == []
    assert result.protocol is not None
    assert run_checks(result.protocol, result.locations) == []
    assert run_checks(generate.generate_protocol(n_steps, seed)) == []
