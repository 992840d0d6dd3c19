"""Terughoudendheid met publiciteit: ``publicity-before-judgment``.

A ``communicatie`` step tells the press or the public. Its (effective) actor may do so
only as the protocol's communication rules allow for the scenario: a rule for that
speaker and a press audience with ``allowed: true`` and either no ``from_step`` or a
``from_step`` the case has passed on the way. For each set of allowed stages one
breadth-first search from the entry that does not go on from those stages finds every
communication step a case can reach too early, with the shortest path as witness.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from protocolkit.analysis.base import Occurrence, ScenarioRun, step_index, tree_path, who
from protocolkit.diagnostics import Msg
from protocolkit.model import CommunicationRule
from protocolkit.semantics import effective_role, press_rules
from protocolkit.vocabulary import StepKind


def publicity_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    protocol = run.protocol
    scenario = run.scenario
    if run.entry is None:
        return
    rules = press_rules(protocol, scenario)

    def speaking(step: str, role: str) -> list[CommunicationRule]:
        # A rule's speaker as it is in the step where it speaks (a substitution scoped
        # to that step reaches the rule too).
        return [r for r in rules
                if effective_role(protocol, r.speaker, scenario, step).role == role]
    index = step_index(protocol)
    # Communication steps grouped by the stages after which their speaker may speak.
    pending: dict[frozenset[str], list[str]] = {}
    for node in run.nodes():
        view = run.view(node)
        if view.kind is not StepKind.communicatie or view.actor.role == "?":
            continue
        own = speaking(node, view.actor.role)
        allowed = [r for r in own if r.allowed]
        if any(r.from_step is None for r in allowed):
            continue
        if not allowed:
            silenced = [r.id for r in own if not r.allowed]
            reason = (Msg.of("w.silenced", rules=silenced, role=view.actor.role)
                      if silenced else Msg.of("w.no-rule", role=view.actor.role))
            yield Occurrence(
                "publicity-before-judgment", (node,), ("steps", index[node]),
                Msg.of("publicity-before-judgment", step=node, who=who(view.actor),
                       reason=reason),
                hint=Msg.of("hint.publicity"),
                scenario=scenario, path=run.witness_to(node), step=node,
                roles=(view.actor.role, view.actor.named))
            continue
        stages = frozenset(r.from_step for r in allowed if r.from_step is not None)
        pending.setdefault(stages, []).append(node)
    for stages, nodes in pending.items():

        def passes(node: str, _key: str, _data: dict[str, Any], stages: frozenset[str] = stages,
                   ) -> bool:
            return node not in stages

        parent = run.restricted_paths(passes)
        for node in nodes:
            if node not in parent:
                continue
            view = run.view(node)
            named = " or ".join(f"'{s}'" for s in sorted(stages))
            yield Occurrence(
                "publicity-before-judgment", (node,), ("steps", index[node]),
                Msg.of("publicity-before-judgment.early", step=node, who=who(view.actor),
                       stages=Msg.of("w.both", en=named, nl=named.replace(" or ", " of "))),
                hint=Msg.of("hint.publicity-early"),
                scenario=scenario, path=run.witness(tree_path(parent, node)), step=node,
                roles=(view.actor.role, view.actor.named))
