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

from protocolkit.analysis.base import (
    Occurrence,
    ScenarioRun,
    Tree,
    bfs_tree,
    step_index,
    the_who,
    tree_path,
)
from protocolkit.format.diagnostics import Msg, counted, the_role
from protocolkit.format.model import CommunicationRule
from protocolkit.format.vocabulary import StepKind
from protocolkit.semantics import (
    PRESS_AUDIENCES,
    SilenceView,
    effective_role,
    press_rules,
    silences,
)


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
    for node in run.kind_nodes(StepKind.communicatie):
        view = run.view(node)
        if view.actor.role == "?":
            continue
        own = speaking(node, view.actor.role)
        allowed = [r for r in own if r.allowed]
        if any(r.from_step is None for r in allowed):
            continue
        if not allowed:
            silenced = [r.id for r in own if not r.allowed]
            reason = (counted("w.silenced", len(silenced), rules=silenced,
                              role=the_role(view.actor.role))
                      if silenced else Msg.of("w.no-rule", role=the_role(view.actor.role)))
            yield Occurrence(
                "publicity-before-judgment", (node,), ("steps", index[node]),
                Msg.of("publicity-before-judgment", step=node, who=the_who(view.actor),
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

        parent = run.restricted_paths(passes, key=("not-after", stages))
        for node in nodes:
            if node not in parent:
                continue
            view = run.view(node)
            named = " or ".join(f"'{s}'" for s in sorted(stages))
            yield Occurrence(
                "publicity-before-judgment", (node,), ("steps", index[node]),
                Msg.of("publicity-before-judgment.early", step=node, who=the_who(view.actor),
                       stages=Msg.of("w.both", en=named, nl=named.replace(" or ", " of "))),
                hint=Msg.of("hint.publicity-early"),
                scenario=scenario, path=run.witness(tree_path(parent, node)), step=node,
                roles=(view.actor.role, view.actor.named))


def silence_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """``publicity-before-judgment`` for a silence that ends: a ``communicatie`` step
    whose actor the silence names can be reached after its start step (or from the
    entry) without passing the step that ends it. One breadth-first search per silence
    (linear in the graph; tracks are ordinary edges)."""
    protocol = run.protocol
    if run.entry is None or not protocol.silences:
        return
    index = step_index(protocol)
    ids = protocol.derived("analysis.silence_ids",
                           lambda p: frozenset(x.id for x in p.silences))
    held = [s for s in silences(protocol, run.scenario, run.graph)
            if s.id in ids
            and s.audience in PRESS_AUDIENCES
            and (s.from_step is None or s.from_step in run.graph)]
    rules: list[CommunicationRule] | None = None
    for silence in held:
        start = silence.from_step or run.entry

        def speaking(start: str = start, silence: SilenceView = silence,
                     ) -> tuple[Tree, list[str]]:
            # Depends on the structure and the silence's start and ends alone. The
            # silence ends once one of its steps is done (with ``step.outcome``: only by
            # that outcome; the step's other outcomes keep it).
            steps = {e.step for e in silence.until if e.outcome is None}
            outcomes = {(e.step, e.outcome) for e in silence.until}

            def passes(step: str, _key: str, data: dict[str, Any]) -> bool:
                return step not in steps and (step, data["outcome"]) not in outcomes

            parent = bfs_tree(run.graph, start, passes)
            return parent, [n for n in parent if run.view(n).kind is StepKind.communicatie
                            and n not in silence.until_steps]

        parent, talking = run.shared(("silence", silence.id, start, silence.ends), speaking)
        for node in talking:
            view = run.view(node)
            speakers = {a.role for a in view.actors}
            if not speakers & set(silence.roles):
                continue
            # A speaker a communication rule designates (the melder who is also the
            # burgemeester) speaks under that rule, which the check above judges.
            if rules is None:
                rules = press_rules(protocol, run.scenario)
            if any(r.allowed and effective_role(protocol, r.speaker, run.scenario, node).role
                   in speakers for r in rules):
                continue
            hops = run.path_to(start)[:-1] + tree_path(parent, node)
            yield Occurrence(
                "publicity-before-judgment", (node, silence.id), ("steps", index[node]),
                Msg.of("publicity-before-judgment.silence", step=node, who=the_who(view.actor),
                       silence=silence.id,
                       until=Msg.of("w.until-step", step=", ".join(silence.ends)) if silence.until
                       else Msg.of("w.empty")),
                hint=Msg.of("hint.silence"),
                scenario=run.scenario, path=run.witness(hops), step=node,
                roles=(view.actor.role, view.actor.named))
