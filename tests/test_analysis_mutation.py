"""Mutation test: make the burgemeester act in a case about himself, and the checks must
say so.

For every shipped protocol that loads (and the small test protocols), undo what keeps the
burgemeester out of his own case — the substitution that replaces him when he is the
subject, or, where a protocol names his replacement in actor alternatives instead, those
alternatives — and ``validate`` must report ``conflict-of-interest`` with the burgemeester
acting in the witness, where the unmutated protocol reports no such thing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from protocolkit.api import check
from protocolkit.format.diagnostics import Finding, Severity
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import KIND_ACTION, Protocol, StepKind
from protocolkit.semantics import Scenario, guard_holds, route_graph, scenario_space

ROOT = Path(__file__).resolve().parents[1]
PROTOCOLS = sorted((ROOT / "protocols").glob("*.yaml")) + [
    ROOT / "tests" / "data" / "minimal.yaml",
    ROOT / "tests" / "data" / "checks" / "clean.yaml",
]


def burgemeester_ids(protocol: Protocol) -> set[str]:
    return {r.id for r in protocol.roles if protocol.shared_id(r.id) == "burgemeester"}


def about_burgemeester(protocol: Protocol) -> list[Scenario]:
    ids = burgemeester_ids(protocol)
    return [s for s in scenario_space(protocol) if s.subject in ids]


def let_burgemeester_act(protocol: Protocol, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The protocol's data with the burgemeester acting in his own case, and what changed.

    Undoes the substitution both ways a protocol can write it: the ``substitutions``
    entry that replaces him when he is the subject is removed, and steps that a case about
    him reaches and that name his stand-in as actor name him again (Arnhem routes such
    cases to CvdK steps of their own). A protocol with neither gets the burgemeester as
    actor of the first deciding step of a case about him.
    """
    ids = burgemeester_ids(protocol)
    cases = about_burgemeester(protocol)
    mutated = copy.deepcopy(data)
    changes: list[str] = []
    undone = [sub for sub in protocol.substitutions
              if sub.replaces in ids and any(guard_holds(sub.when, c) for c in cases)]
    if undone:
        gone = {sub.id for sub in undone}
        mutated["substitutions"] = [s for s in mutated["substitutions"] if s["id"] not in gone]
        # open points and ambiguity notes that name a removed substitution no longer can
        for group in ("open_points", "ambiguities"):
            for entry in mutated.get(group, []):
                entry["affects"] = [a for a in entry.get("affects", []) if a not in gone]
        changes.append("removed " + ", ".join(sorted(gone)))
    stand_ins = {sub.by for sub in undone}
    deciding = []
    for scenario in cases:
        graph = route_graph(protocol, scenario)
        deciding += [n for n in graph.nodes
                     if graph.nodes[n]["view"].kind in KIND_ACTION
                     and graph.nodes[n]["view"].kind is not StepKind.communicatie]
    deciding = list(dict.fromkeys(deciding))
    # (a guarded alternative may name several roles acting together: a joint step)
    stand_ins |= {role for step in protocol.steps if isinstance(step.actor, list)
                  for case in step.actor if case.when is not None
                  and any(guard_holds(case.when, c) for c in cases)
                  and any(set(other.roles()) & ids for other in step.actor)
                  for role in case.roles()}
    for step in mutated["steps"]:
        if step["id"] not in deciding:
            continue
        actor = step.get("actor")
        if isinstance(actor, str) and actor in stand_ins:
            step["actor"] = min(ids)
            changes.append(f"burgemeester acts in {step['id']}")
        elif isinstance(actor, list) and any(isinstance(c["role"], str) and c["role"] in stand_ins
                                             for c in actor):
            step["actor"] = [c for c in actor
                             if not isinstance(c["role"], str) or c["role"] not in stand_ins] \
                or min(ids)
            changes.append(f"burgemeester acts in {step['id']} (alternative removed)")
    if not changes:
        assert deciding, "no case about the burgemeester has a deciding step"
        step = next(s for s in mutated["steps"] if s["id"] == deciding[0])
        step["actor"] = min(ids)
        changes.append(f"burgemeester acts in {deciding[0]}")
    return "; ".join(changes), mutated


def self_conflicts(findings: list[Finding], ids: set[str]) -> list[Finding]:
    """Conflict findings in which the burgemeester acts in a case about himself."""
    found = []
    for f in findings:
        if f.code != "conflict-of-interest" or f.witness is None:
            continue
        cycle = f.witness.get("cycle", [])
        acting = f.witness["path"][-1]["actor"] if f.witness["path"] else None
        if cycle[:1] == cycle[-1:] and cycle[0] in ids and f.witness["scenario"]["subject"] in ids:
            assert acting in ids or cycle[0] in ids
            found.append(f)
    return found


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_burgemeester_acting_in_his_own_case_is_a_conflict(path: Path) -> None:
    result = load_protocol(path)
    # A shipped protocol that stops loading is a regression, never a skip.
    assert result.protocol is not None, [f.render() for f in result.findings[:3]]
    protocol = result.protocol
    ids = burgemeester_ids(protocol)
    if not ids or not about_burgemeester(protocol):
        pytest.skip(f"{path.name} has no case about the burgemeester")
    # Unmutated, he never acts in his own case, save where the text itself has him take
    # part and the file acknowledges it (Arnhem 3.1: he asks advice in the
    # driehoeksoverleg about his own act).
    assert [f for f in self_conflicts(check(result), ids) if f.acknowledgement is None] == [], \
        "unmutated, he never judges himself"

    what, data = let_burgemeester_act(protocol, result.data)
    mutated = load_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), path.name)
    assert mutated.protocol is not None, [f.render() for f in mutated.findings]
    conflicts = [f for f in self_conflicts(check(mutated), ids) if f.acknowledgement is None]
    assert conflicts, f"{what}: no conflict-of-interest reported"
    for f in conflicts:
        assert f.severity is Severity.error
        assert f.location.path == path.name and f.location.line is not None
        assert f.witness is not None
        witness_actors = {hop["actor"] for hop in f.witness["path"]}
        assert witness_actors & ids, "the burgemeester acts in the witness path"
        assert f.witness["cycle"][1] == "is"
