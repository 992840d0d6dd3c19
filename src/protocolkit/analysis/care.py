"""Zorgvuldigheid and proportionality: ``no-hearing-before-sanction``,
``investigation-without-preliminary`` and ``sanction-not-applicable``.

The first two are path properties ("is there a way to X that never passed Y?"). Each is
one breadth-first search from the entry that does not go on from a step that does Y (or
over an outcome that stands in for it): a step of kind X reached by that search is a
finding, and the search tree gives the shortest path that proves it. Linear in the
graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from protocolkit.analysis.base import Occurrence, ScenarioRun, step_index, tree_path
from protocolkit.format.diagnostics import Msg, the_role
from protocolkit.format.model import Protocol
from protocolkit.format.vocabulary import StepKind
from protocolkit.semantics import Scenario, StepView, sanction_imposers

#: Kinds in which the subject can be heard: on the findings (wederhoor), or in a
#: (pre)investigation that turns to the subject.
HEARING_KINDS = frozenset({StepKind.wederhoor, StepKind.onderzoek, StepKind.vooronderzoek})


def hears_subject(view: StepView, scenario: Scenario) -> bool:
    """Whether the subject is heard in this step: a ``wederhoor`` step (whose counterpart,
    if named, is the subject), or an (voor)onderzoek whose counterpart is the subject.

    >>> from protocolkit.format.loader import load_protocol
    >>> from protocolkit.semantics import resolve_step
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> sc = Scenario("raadslid", "burgemeester", "uitgevoerd")
    >>> hears_subject(resolve_step(p, "wederhoor", sc), sc), hears_subject(resolve_step(p, "onderzoek", sc), sc)
    (True, False)
    """
    if view.kind not in HEARING_KINDS:
        return False
    counterpart = view.counterpart
    if counterpart is None:
        return view.kind is StepKind.wederhoor
    return counterpart.named == "betrokkene" or counterpart.role == scenario.subject


def hearing_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """A sanction step reachable without hearing the subject and without his admission."""
    if run.entry is None:
        return
    scenario = run.scenario

    def passes(node: str, _key: str, data: dict[str, Any]) -> bool:
        return not data.get("admission") and not hears_subject(run.view(node), scenario)

    parent = run.restricted_paths(passes, key=("hearing", scenario.subject))
    index = step_index(run.protocol)
    for node in parent:
        if run.view(node).kind is StepKind.sanctie:
            yield Occurrence(
                "no-hearing-before-sanction", (node,), ("steps", index[node]),
                Msg.of("no-hearing-before-sanction", step=node,
                       subject=the_role(scenario.subject)),
                hint=Msg.of("hint.hearing"),
                scenario=scenario, path=run.witness(tree_path(parent, node)), step=node)


def preliminary_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """An onderzoek step reachable without passing a vooronderzoek."""
    if run.entry is None:
        return

    def passes(node: str, _key: str, _data: dict[str, Any]) -> bool:
        return run.view(node).kind is not StepKind.vooronderzoek

    parent = run.restricted_paths(passes, key="preliminary")
    index = step_index(run.protocol)
    for node in parent:
        if run.view(node).kind is StepKind.onderzoek:
            yield Occurrence(
                "investigation-without-preliminary", (node,), ("steps", index[node]),
                Msg.of("investigation-without-preliminary", step=node),
                hint=Msg.of("hint.preliminary"),
                scenario=run.scenario, path=run.witness(tree_path(parent, node)), step=node)


def sanction_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """A sanction offered to a subject it does not apply to, or by a role that may not
    impose it."""
    protocol: Protocol = run.protocol
    scenario = run.scenario
    index = step_index(protocol)
    subject = scenario.subject
    shared_subject = protocol.shared_id(subject)
    imposers: dict[str, set[str]] = {}   # per sanction (several steps may offer it)
    for node in run.kind_nodes(StepKind.sanctie):
        view = run.view(node)
        for position, sanction_id in enumerate(view.sanctions):
            sanction = protocol.sanction(sanction_id)
            if sanction is None:
                continue
            location = ("steps", index[node], "sanctions", position)
            applies = ("betrokkene" in sanction.applies_to or subject in sanction.applies_to
                       or shared_subject in {protocol.shared_id(r) for r in sanction.applies_to})
            if not applies:
                yield Occurrence(
                    "sanction-not-applicable", (node, sanction_id, "subject"), location,
                    Msg.of("sanction-not-applicable.subject", step=node, sanction=sanction_id,
                           subject=the_role(subject), applies=list(sanction.applies_to)),
                    hint=Msg.of("hint.sanction-subject"),
                    scenario=scenario, path=run.witness_to(node), step=node,
                    roles=(subject,))
            empowered = imposers.get(sanction_id)
            if empowered is None:
                empowered = imposers[sanction_id] = set(
                    sanction_imposers(protocol, sanction, scenario))
            if view.actor.role != "?" and view.actor.role not in empowered:
                yield Occurrence(
                    "sanction-not-applicable", (node, sanction_id, "imposer"), location,
                    Msg.of("sanction-not-applicable.imposer", step=node,
                           actor=the_role(view.actor.role),
                           sanction=sanction_id, empowered=sorted(empowered)),
                    hint=Msg.of("hint.sanction-imposer"),
                    scenario=scenario, path=run.witness_to(node), step=node,
                    roles=(view.actor.role, view.actor.named))
