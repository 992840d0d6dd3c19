"""Fidelity of ``protocols/aalsmeer_draft.yaml`` to what the Aalsmeer plan van aanpak binds.

The plan van aanpak (shared/sources/aalsmeer_plan_van_aanpak_integriteit.txt) is not a
protocol; these tests assert, through the public API only, the few things it does bind
and the questions it asks the protocol to answer. Routes taken from the best-practice
lineage (Arnhem, Gulpen-Wittem) are tested for soundness, not for their Arnhem detail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from protocolkit.api import validate_files
from protocolkit.loader import load_protocol
from protocolkit.model import KIND_ACTION, Action, Protocol, StepKind, citations
from protocolkit.semantics import (
    QUESTIONS,
    Scenario,
    StepView,
    entry_routes,
    responsibilities,
    route_graph,
    scenario_space,
)

DRAFT = Path(__file__).resolve().parents[1] / "protocols" / "aalsmeer_draft.yaml"
PLAN_FILE = "aalsmeer_plan_van_aanpak_integriteit.txt"

#: Actions on a melding the stuurgroep may never perform (Bijlage 1: "uitsluitend een
#: taak ... in het toetsen van het integriteitsbeleid", "nadrukkelijk geen onderzoekende
#: of oordelende rol bij de opvolging van een melding").
STUURGROEP_NEVER = {Action.investigates, Action.judges, Action.decides, Action.orders,
                    Action.sanctions}
#: Actions that carry power over a case (everything but advising and communicating).
CASE_POWERS = {Action.decides, Action.orders, Action.investigates, Action.judges,
               Action.sanctions}


@pytest.fixture(scope="module")
def draft() -> Protocol:
    result = load_protocol(DRAFT)
    assert result.protocol is not None, [f.render() for f in result.findings]
    return result.protocol


def views(protocol: Protocol) -> Iterator[tuple[Scenario, StepView]]:
    """Every step as it is in every scenario of the declared space."""
    for scenario in scenario_space(protocol):
        graph = route_graph(protocol, scenario)
        for node in graph:
            yield scenario, graph.nodes[node]["view"]


def documents_cited(protocol: Protocol, source: str | list[str] | None) -> set[str | None]:
    by_id = {s.id: s.document for s in protocol.sections}
    return {by_id.get(c) for c in citations(source)}


def plan_document(protocol: Protocol) -> str:
    return next(d.id for d in protocol.protocol.sources if d.file == PLAN_FILE)


# --------------------------------------------------------------------- status, validate


def test_the_draft_is_a_concept_built_on_the_plan_and_a_second_source(draft: Protocol) -> None:
    # Bijlage 2: the stuurgroep works on concept versions before the raad adopts one.
    assert draft.protocol.status == "concept"
    files = [d.file for d in draft.protocol.sources]
    assert files[0] == PLAN_FILE
    assert len(files) >= 2, "the routes come from a best-practice text besides the plan"


def test_validate_has_no_errors_and_lists_every_open_point() -> None:
    report = validate_files([DRAFT])
    protocol = report.files[0].protocol
    assert protocol is not None
    errors = [f.render() for f in report.findings if f.severity.value == "error"]
    assert errors == []
    open_findings = [f for f in report.findings if f.code == "open-point"]
    assert all(f.severity.value == "warning" for f in open_findings)
    assert len(open_findings) == len(protocol.open_points) > 0
    for point in protocol.open_points:
        assert any(f"'{point.id}'" in f.message for f in open_findings), point.id
    assert report.exit_code() == 0
    assert report.exit_code(strict=True) == 1


# --------------------------------------------------------------------- Bijlage 1: stuurgroep


def test_stuurgroep_role_forbids_every_role_in_a_melding(draft: Protocol) -> None:
    # Bijlage 1: no investigating or judging role; only testing and evaluating policy.
    roles = [r for r in draft.roles if r.shared == "stuurgroep"]
    assert len(roles) == 1
    assert STUURGROEP_NEVER <= set(roles[0].never)


def test_stuurgroep_acts_only_in_policy_evaluation_in_every_scenario(draft: Protocol) -> None:
    # Bijlage 1: "De stuurgroep gaat ... over het evalueren van het integriteitsbeleid".
    acted: set[StepKind] = set()
    for scenario, view in views(draft):
        if draft.shared_id(view.actor.role) == "stuurgroep":
            acted.add(view.kind)
            assert KIND_ACTION.get(view.kind) not in STUURGROEP_NEVER, (scenario.label(), view.id)
            assert view.kind is StepKind.evaluatie, (scenario.label(), view.id)
        involved = [r.role for r in (*view.consulted, *view.informed)]
        if view.counterpart is not None:
            involved.append(view.counterpart.role)
        assert "stuurgroep" not in {draft.shared_id(r) for r in involved}, (scenario.label(), view.id)
    assert acted == {StepKind.evaluatie}, "the stuurgroep must evaluate policy somewhere"


def test_stuurgroep_evaluates_after_every_performed_act(draft: Protocol) -> None:
    # Bijlage 1: lessons from handled cases reach the stuurgroep's policy evaluation.
    for scenario in scenario_space(draft):
        if scenario.act != "uitgevoerd":
            continue
        graph = route_graph(draft, scenario)
        kinds = {(draft.shared_id(graph.nodes[n]["view"].actor.role), graph.nodes[n]["view"].kind)
                 for n in graph}
        assert ("stuurgroep", StepKind.evaluatie) in kinds, scenario.label()


def test_stuurgroep_answers_none_of_the_stap4_questions(draft: Protocol) -> None:
    for scenario in scenario_space(draft):
        answers = responsibilities(draft, scenario)
        for question in QUESTIONS:
            assert "stuurgroep" not in answers.answer(question), (scenario.label(), question)


# --------------------------------------------------------------------- Stap 4: burgemeester


def test_burgemeester_neither_judges_nor_sanctions(draft: Protocol) -> None:
    # Stap 4, doel: he "is niet in de positie een persoonsgericht onderzoek te laten doen
    # naar een raadslid, laat staan om die te bestraffen": the raad judges and sanctions.
    for scenario, view in views(draft):
        if view.kind in (StepKind.oordeel, StepKind.sanctie):
            assert draft.shared_id(view.actor.role) != "burgemeester", (scenario.label(), view.id)
    for scenario in scenario_space(draft):
        answers = responsibilities(draft, scenario)
        assert "burgemeester" not in answers.judges + answers.imposes_sanction, scenario.label()
    for sanction in draft.sanctions:
        assert "burgemeester" not in {draft.shared_id(r) for r in sanction.imposed_by}


def test_burgemeester_powers_rest_on_the_agreed_procedures(draft: Protocol) -> None:
    # Stap 4, doel: the hoeder has no instruments of his own; a protocol "in de vorm van
    # een reeks procesafspraken" gives them. Every step where the burgemeester decides,
    # orders, investigates or judges therefore cites the procedural text it takes the
    # power from, not the plan alone.
    plan = plan_document(draft)
    powered = set()
    for _scenario, view in views(draft):
        if (draft.shared_id(view.actor.role) == "burgemeester"
                and KIND_ACTION.get(view.kind) in CASE_POWERS):
            powered.add(view.id)
            cited = documents_cited(draft, list(view.source))
            assert cited - {plan, None}, f"step '{view.id}' cites no agreed procedure"
    assert powered, "the hoeder must have a task in the protocol"


def test_burgemeester_as_subject_never_acts_on_his_own_case(draft: Protocol) -> None:
    # The plan leaves open who acts then (open point); the draft must still substitute.
    for scenario, view in views(draft):
        if scenario.subject != "burgemeester":
            continue
        action = KIND_ACTION.get(view.kind)
        if action in CASE_POWERS | {Action.communicates}:
            assert view.actor.role != "burgemeester", (scenario.label(), view.id)


def test_lineage_answers_to_points_the_plan_leaves_open_are_marked(draft: Protocol) -> None:
    # Where the draft takes an answer the plan leaves open (who acts for the burgemeester
    # as subject, who speaks to the press when), an open point names that element.
    affected = {element for point in draft.open_points for element in point.affects}
    for scenario, view in views(draft):
        for substitution in view.substitutions:
            assert substitution in affected, (scenario.label(), view.id, substitution)
        if view.kind is StepKind.communicatie:
            assert view.id in affected, view.id
    for rule in draft.communication:
        if rule.allowed and rule.audience == "pers":
            assert rule.id in affected, rule.id


# --------------------------------------------------------------------- Stap 4: routes and questions


def test_exactly_one_entry_route_per_scenario(draft: Protocol) -> None:
    for scenario in scenario_space(draft):
        assert len(entry_routes(draft, scenario)) == 1, scenario.label()


def test_separate_routes_for_raadsleden_wethouders_and_burgemeester(draft: Protocol) -> None:
    # Stap 2 (three codes) and Stap 4 ("Door uit te gaan van verschillende 'routes' ..."):
    # no entry route serves two of these groups of reporters.
    by_reporter: dict[str, set[str]] = {}
    for scenario in scenario_space(draft):
        reporter = draft.shared_id(scenario.reporter)
        by_reporter.setdefault(reporter, set()).update(
            r.id for r in entry_routes(draft, scenario))
    groups = ["raadslid", "wethouder", "burgemeester"]
    for group in groups:
        assert by_reporter.get(group), f"no route for {group}"
    for i, first in enumerate(groups):
        for second in groups[i + 1:]:
            assert not by_reporter[first] & by_reporter[second], (first, second)


def test_every_stap4_question_is_answered_for_every_performed_act(draft: Protocol) -> None:
    # Stap 4, realisatie: wie is eraan zet, wie geeft opdracht tot onderzoek, wie
    # beoordeelt, wie legt een sanctie op, wie brengt in welk stadium wat naar buiten.
    for scenario in scenario_space(draft):
        if scenario.act != "uitgevoerd":
            continue
        answers = responsibilities(draft, scenario)
        for question in QUESTIONS:
            assert answers.answer(question), (scenario.label(), question)


@pytest.mark.parametrize(("reporter", "subject", "own", "first", "decides"), [
    ("raadslid", "wethouder", False, "griffier", "burgemeester"),          # Arnhem 1.3 b
    ("wethouder", "wethouder", True, "gemeentesecretaris", "burgemeester"),  # Arnhem 2.1 b
    ("raadslid", "burgemeester", False, "griffier", "cvdk"),               # Arnhem 1.4 b
    ("burger", "raadslid", False, "burgemeester", "burgemeester"),         # Arnhem voetnoot 8
])
def test_who_is_at_move_follows_the_lineage(draft: Protocol, reporter: str, subject: str,
                                            own: bool, first: str, decides: str) -> None:
    answers = responsibilities(draft, Scenario(reporter, subject, "uitgevoerd", own))
    assert answers.first_contact == [first]
    assert answers.decides_follow_up == [decides]
    assert answers.judges == ["gemeenteraad"]


# --------------------------------------------------------------------- open points


def test_open_points_give_the_plans_own_reasoning(draft: Protocol) -> None:
    plan = plan_document(draft)
    assert draft.open_points
    for point in draft.open_points:
        assert point.reasoning.strip() and point.question.strip()
        assert plan in documents_cited(draft, point.source), point.id


def test_no_deadline_is_invented(draft: Protocol) -> None:
    # The plan sets no deadline; the investigating steps carry an open point instead.
    affected = {element for point in draft.open_points for element in point.affects}
    for step in draft.steps:
        assert step.deadline is None, step.id
        if step.kind in (StepKind.vooronderzoek, StepKind.onderzoek):
            assert step.id in affected, step.id


# --------------------------------------------------------------------- zorgvuldigheid


def test_no_sanction_without_hearing_and_no_investigation_without_vooronderzoek(
        draft: Protocol) -> None:
    # 1. Inleiding: "een handhavingspraktijk die zorgvuldig en rechtvaardig is".
    for scenario in scenario_space(draft):
        graph = route_graph(draft, scenario)
        entry = graph.graph["entry"]
        kind = {n: graph.nodes[n]["view"].kind for n in graph}
        unheard = nx.MultiDiGraph(graph)
        unheard.remove_nodes_from([n for n in graph if kind[n] is StepKind.wederhoor])
        unheard.remove_edges_from([(u, v, k) for u, v, k, admission
                                   in graph.edges(keys=True, data="admission") if admission])
        unscreened = nx.MultiDiGraph(graph)
        unscreened.remove_nodes_from([n for n in graph if kind[n] is StepKind.vooronderzoek])
        for node in graph:
            if kind[node] is StepKind.sanctie:
                assert not nx.has_path(unheard, entry, node), scenario.label()
            if kind[node] is StepKind.onderzoek:
                assert not nx.has_path(unscreened, entry, node), scenario.label()
            if not graph.nodes[node]["view"].end:
                assert graph.out_degree(node) > 0, (scenario.label(), node)
