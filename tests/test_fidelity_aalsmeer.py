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
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import KIND_ACTION, Action, Protocol, StepKind, citations
from protocolkit.semantics import (
    QUESTIONS,
    Scenario,
    StepView,
    entry_routes,
    holds,
    resolve_step,
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


def test_stuurgroep_takes_no_part_in_any_case(draft: Protocol) -> None:
    # Bijlage 1: "uitsluitend een taak ... in het toetsen van het integriteitsbeleid" and
    # "nadrukkelijk geen onderzoekende of oordelende rol ... bij de opvolging van een
    # melding": evaluating the policy is no step of a case, so no step of any route has
    # the stuurgroep as actor, counterpart, adviser or party informed.
    for scenario, view in views(draft):
        involved = [view.actor.role, *(r.role for r in (*view.consulted, *view.informed))]
        if view.counterpart is not None:
            involved.append(view.counterpart.role)
        assert "stuurgroep" not in {draft.shared_id(r) for r in involved}, (scenario.label(), view.id)


def test_stuurgroep_policy_task_is_recorded_outside_the_route(draft: Protocol) -> None:
    # The policy task stays in the role and its open point (Bijlage 1: "Krijgt de
    # stuurgroep een permanente plaats? Zo ja, met welke taak dan?"); the lessons of a
    # performed act are recorded anonymised before the case is afgedaan (Arnhem 4.2).
    role = next(r for r in draft.roles if r.shared == "stuurgroep")
    assert "Toetst en evalueert het integriteitsbeleid" in " ".join((role.description or "").split())
    mandate = next(p for p in draft.open_points if p.id == "stuurgroep_mandaat")
    assert list(mandate.affects) == ["stuurgroep"]
    for scenario in scenario_space(draft):
        if scenario.act != "uitgevoerd":
            continue
        graph = route_graph(draft, scenario)
        assert "registratie" in graph, scenario.label()
        assert set(graph.successors("registratie")) == {"afgedaan"}, scenario.label()


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


def test_a_burgers_melding_about_the_burgemeester_is_arnhems_proposal(draft: Protocol) -> None:
    """The plan says nothing of meldingen by burgers: the answer is Arnhem's, labelled
    "ontleend aan Arnhem", so it must be what Arnhem says. Arnhem voetnoot 8: "Als zij
    daarvan melding doen via de gemeentelijke klachtenprocedure of rechtstreeks bij de
    burgemeester, treedt fase 2 van de Procesafspraken Integriteit in werking"; Fase 2,
    1.2: "Bij een vermoeden van een integriteitsschending door de burgemeester is de CvdK
    eindverantwoordelijk voor een zorgvuldige procesgang." The melding reaches the
    burgemeester (cited to the footnote, which says so), the CvdK decides from Fase 2 on;
    the CvdK is not cited to the footnote, which does not name it."""
    answers = responsibilities(draft, Scenario("burger", "burgemeester", "uitgevoerd"))
    assert answers.first_contact == ["burgemeester"]
    assert answers.sources["first_contact"] == ["Arnhem voetnoot 8"]
    proposal = answers.proposals["first_contact"]
    assert proposal is not None and proposal["name"] == "Arnhem"
    assert answers.decides_follow_up == ["cvdk"]
    assert "Arnhem Fase 2, 1.2" in answers.sources["decides_follow_up"]
    # Footnote 8 says only that the burger's melding opens Fase 2 ("via de gemeentelijke
    # klachtenprocedure of rechtstreeks bij de burgemeester"); it never names the CvdK, so
    # it is no source for the CvdK's part.
    assert "Arnhem voetnoot 8" not in answers.sources["decides_follow_up"]
    substitution = next(s for s in draft.substitutions if s.id == "cvdk_voor_burgemeester")
    assert "Arnhem voetnoot 8" not in citations(substitution.source)
    assert "Arnhem Fase 2, 1.2" in citations(substitution.source)
    # The burger's melding itself stays with the burgemeester: no Fase 1 substitution
    # holds for a burger.
    assert not any(s.phases == ["bespreken_melden"] and holds(draft, s.when, Scenario(
        "burger", "burgemeester", "uitgevoerd")) for s in draft.substitutions)
    # A raadslid still reports to the CvdK (Arnhem Fase 1, 1.4 b: "kan het raadslid
    # melding doen bij de CvdK").
    assert responsibilities(draft, Scenario("raadslid", "burgemeester", "uitgevoerd")
                            ).decides_follow_up == ["cvdk"]


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


# =====================================================================================
# Issue 14: the re-read. Rows written from the plan (line numbers of
# shared/sources/aalsmeer_plan_van_aanpak_integriteit.txt), not from running the code.
# Rows that need a construct of issue 13 not yet in main are strict xfails.
# =====================================================================================

#: The Stap 4 questions the plan asks and leaves open (l. 257-261), with the reservation
#: that the burgemeester "is niet in de positie een persoonsgericht onderzoek te laten doen
#: naar een raadslid, laat staan om die te bestraffen" (l. 245-246).
OPEN_QUESTIONS = ("decides_follow_up", "commissions_investigation", "judges",
                  "imposes_sanction")


def governed(protocol: Protocol) -> set[str]:
    return {element for point in protocol.open_points for element in point.affects}


def test_every_answer_the_plan_leaves_open_rests_on_an_open_point(draft: Protocol) -> None:
    """Stap 4 (l. 257-261): who decides, who orders the investigation, who judges, who
    sanctions are questions for the praktijksimulatie: every step that answers one of them
    is governed by an open point, in every scenario."""
    affected = governed(draft)
    seen = 0
    for scenario in scenario_space(draft):
        answers = responsibilities(draft, scenario)
        for question in OPEN_QUESTIONS:
            for step in answers.steps.get(question, []):
                seen += 1
                assert step in affected, (scenario.label(), question, step)
    assert seen


def test_the_plan_is_not_cited_for_an_answer_it_only_asks_for(draft: Protocol) -> None:
    """Stap 4, realisatie asks the questions (l. 257-261); it cannot be the source of the
    answer. Every answer to those questions cites the lineage, not that section."""
    for scenario in scenario_space(draft):
        answers = responsibilities(draft, scenario)
        for question in OPEN_QUESTIONS:
            assert "Stap 4, realisatie" not in answers.sources.get(question, []), \
                (scenario.label(), question)


def test_everything_borrowed_from_arnhem_is_provisional(draft: Protocol) -> None:
    """Nothing may be stated as decided unless the plan decides it: every element that
    cites an Arnhem section is governed by an open point."""
    arnhem = next(d.id for d in draft.protocol.sources if d.file and d.file.startswith("arnhem"))
    affected = governed(draft)
    groups = [draft.steps, draft.entry_routes, draft.substitutions, draft.sanctions,
              draft.communication, draft.principles, draft.roles]
    for group in groups:
        for element in group:
            if arnhem in documents_cited(draft, element.source):
                assert element.id in affected, element.id


def test_the_origin_of_the_routes_governs_every_entry_route(draft: Protocol) -> None:
    """Stap 4 (l. 264-265): "een handhavingsprotocol (best practice) van een andere
    gemeente" is unnamed; the open point on the routes' origin governs all of them."""
    point = next(p for p in draft.open_points if p.topic == "herkomst van de routes")
    assert {r.id for r in draft.entry_routes} <= set(point.affects)


def test_the_stuurgroeps_composition_is_a_proposal(draft: Protocol) -> None:
    """Stap 1 (l. 81-83): "De vraag aan het presidium is ..."; "Het voorstel is verder
    ..."; Bijlage 1 (l. 316): "Overweeg om elke partij uit te nodigen"."""
    points = [p for p in draft.open_points if "stuurgroep" in p.affects]
    assert any("Stap 1" in citations(p.source) for p in points)


def test_no_press_rule_rests_on_bijlage_1(draft: Protocol) -> None:
    """Bijlage 1 (l. 310-338) gives the stuurgroep no investigating or judging role; it
    says nothing about the press."""
    for rule in draft.communication:
        assert "Bijlage 1" not in citations(rule.source), rule.id


def test_no_principle_claims_what_its_sections_do_not_say(draft: Protocol) -> None:
    """Stap 4, doel (l. 244-248) does not say that the raad judges and sanctions; the plan
    asks who does (l. 259-260); only the lineage's Samenvatting van rollen en taken (Arnhem
    l. 1474-1476) gives the raad the eindoordeel and the sanction."""
    for element in [*draft.principles, *draft.roles]:
        text = getattr(element, "text", None) or element.description or ""
        if "eindoordeel" in text and "open punt" not in text:
            assert "Arnhem Samenvatting van rollen en taken" in citations(element.source), \
                element.id


def test_aangifte_does_not_end_the_integrity_procedure(draft: Protocol) -> None:
    """The lineage (Arnhem Fase 2, 1.1: "kan ... aangifte doen") does not end the integrity
    procedure with an aangifte; the plan says nothing that would."""
    for step in draft.steps:
        if step.kind is StepKind.aangifte:
            for outcome in step.outcomes:
                targets = [outcome.next] if isinstance(outcome.next, str) else \
                    [c.step for c in outcome.next]
                for target in targets:
                    assert draft.step(target).phase != "evalueren_leren", (step.id, outcome.id)


@pytest.mark.parametrize(("subject", "offered"), [
    ("raadslid", True), ("wethouder", True), ("burgemeester", False)])
def test_the_evaluatiegesprek_is_with_a_raadslid_or_wethouder(draft: Protocol, subject: str,
                                                             offered: bool) -> None:
    """Arnhem 4.1 (the lineage): "een evaluatiegesprek met dit raadslid of deze wethouder"."""
    graph = route_graph(draft, Scenario("raadslid", subject, "uitgevoerd", False))
    talks = [n for n in graph if graph.nodes[n]["view"].phase == "evalueren_leren"
             and graph.nodes[n]["view"].counterpart is not None]
    assert bool(talks) is offered, talks


def test_responsibilities_marks_the_open_answers(draft: Protocol) -> None:
    """The JSON of responsibilities maps each question to the open points that govern its
    answer; the plan leaves who judges and who sanctions open (l. 259-260)."""
    data = responsibilities(draft, Scenario("raadslid", "raadslid", "uitgevoerd", False)).to_dict()
    assert "wie_oordeelt" in data["open_points"]["judges"]
    assert "wie_sanctioneert" in data["open_points"]["imposes_sanction"]
    assert "wie_geeft_opdracht" in data["open_points"]["commissions_investigation"]
    assert "wie_beslist_vervolg" in data["open_points"]["decides_follow_up"]


def test_fractievoorzitters_hear_a_cleared_outcome_only_about_a_raadslid(draft: Protocol) -> None:
    """Arnhem 3.1 (the lineage): a 'no breach' outcome is shared with "het raadslid ...,
    de melder, de griffier en de fractievoorzitters" - said for a raadslid only."""
    for subject, told in (("wethouder", False), ("burgemeester", False), ("raadslid", True)):
        view = resolve_step(draft, "uitkomst_geen_schending",
                            Scenario("raadslid", subject, "uitgevoerd", False))
        assert ("fractievoorzitters" in [r.role for r in view.informed]) is told, subject


def test_griffier_and_gemeentesecretaris_register_together(draft: Protocol) -> None:
    """Arnhem 4.2 (the lineage): "maken de griffier en de gemeentesecretaris"."""
    view = resolve_step(draft, "registratie", Scenario("raadslid", "wethouder", "uitgevoerd", False))
    assert [a.role for a in view.actors] == ["griffier", "gemeentesecretaris"]


def test_who_judges_the_burgemeester_is_marked_open(draft: Protocol) -> None:
    """The plan asks "Wie beoordeelt of onderzoeksresultaten aantonen dat handeling X een
    schending is van regel Y?" (Stap 4, l. 259) and gives the burgemeester a code of his
    own for his "specifieke verantwoordelijkheid" (l. 120-122), but nowhere says who judges
    a case about the burgemeester himself. The draft's answer (the raad, from Arnhem) is
    therefore provisional under the open point that borrows it."""
    for scenario in scenario_space(draft):
        if scenario.subject != "burgemeester":
            continue
        answers = responsibilities(draft, scenario)
        if answers.judges:
            assert "burgemeester_als_betrokkene" in answers.open_points["judges"], scenario


# ----------------------------------------------- open answers are proposals (#13 H3)

#: Stap 4, doel: "De burgemeester heeft dan wel een wettelijk taak de integriteit te
#: bevorderen, hij is niet in de positie een persoonsgericht onderzoek te laten doen naar
#: een raadslid, laat staan om die te bestraffen." Stap 4, realisatie, asks and does not
#: answer: "Wie is eraan zet? ... Wie geeft opdracht tot het doen van onderzoek en wat moet
#: daarvan de vraagstelling zijn? Wie beoordeelt of onderzoeksresultaten aantonen dat
#: handeling X een schending is van regel Y? Wie legt een eventuele sanctie op? Wie brengt
#: in welk stadium welke informatie naar buiten?"
UNANSWERED_BY_THE_PLAN = ("first_contact", "decides_follow_up", "commissions_investigation",
                          "judges", "imposes_sanction", "communicates")


def test_the_plans_open_questions_are_answered_only_as_proposals_from_arnhem(
        draft: Protocol) -> None:
    """Stap 4 asks "Wie geeft opdracht tot het doen van onderzoek ...? Wie beoordeelt
    ...? Wie legt een eventuele sanctie op? Wie brengt in welk stadium welke informatie
    naar buiten?" and answers none of them; of the burgemeester it says "hij is niet in
    de positie een persoonsgericht onderzoek te laten doen naar een raadslid, laat staan
    om die te bestraffen". Whoever the concept names for these questions is a proposal
    taken from Arnhem, in every scenario, never a decided answer."""
    for sc in scenario_space(draft):
        answers = responsibilities(draft, sc)
        if answers.refused is not None:
            continue
        for question in UNANSWERED_BY_THE_PLAN:
            if answers.answer(question):
                offered = answers.proposals[question]
                assert offered is not None, (sc.label(), question)
                assert offered["from"] == "arnhem_procesafspraken"
                assert answers.to_dict()["proposals"][question]["name"] == "Arnhem"
        for sanction in answers.sanctions:       # the plan names no sanction at all
            assert sanction["proposal"] is not None, (sc.label(), sanction["id"])


def test_every_command_labels_the_proposal(capsys: pytest.CaptureFixture[str]) -> None:
    """Stap 4 (doel): the burgemeester "is niet in de positie een persoonsgericht
    onderzoek te laten doen naar een raadslid, laat staan om die te bestraffen". So
    `responsibilities` and `route` never print "burgemeester" as who orders the
    investigation, nor "gemeenteraad" as who sanctions, without "voorstel (ontleend aan
    Arnhem)"."""
    from tests.helpers import run_cli

    args = (str(DRAFT), "--reporter", "raadslid", "--subject", "raadslid", "--act",
            "uitgevoerd", "--lang", "nl")
    code, out, _ = run_cli(capsys, "responsibilities", *args)
    assert code == 0
    answers = [line for line in out.splitlines() if line.lstrip().startswith((
        "Geeft opdracht tot onderzoek", "Legt een sanctie op", "Velt het eindoordeel",
        "Communiceert naar buiten"))]
    assert len(answers) == 4, out
    for line in answers:
        assert "nog open - voorstel (ontleend aan Arnhem)" in line, line
    code, out, _ = run_cli(capsys, "route", *args)
    assert code == 0
    who = [line for line in out.splitlines() if line.strip().startswith("Wie:")]
    assert who and all("voorstel (ontleend aan Arnhem)" in line for line in who
                       if "burgemeester" in line or "gemeenteraad" in line)


#: Arnhem Fase 3, Communicatie (arnhem_procesafspraken_integriteit.txt l. 1432-1440), the
#: text the press proposal is taken from, subject by subject. Raadslid (l. 1433-1434):
#: "Nadat de burgemeester het eigen zwaarte-oordeel aan de gemeenteraad heeft
#: gepresenteerd – en nog vóór de raadsvergadering – stelt hij/zij de pers op de hoogte van
#: de kwestie. Tot die tijd spreekt geen van de betrokkenen (zoals de melder, het raadslid
#: wiens handelen is onderzocht, fractievoorzitters, raadsleden, politieke partijen) met
#: de pers. Allen wachten daarmee tot na de raadsvergadering". Wethouder (l. 1435-1436):
#: "Kort voor de raadsvergadering stelt de burgemeester de pers op de hoogte van de
#: kwestie. Tot die tijd spreekt geen van de betrokkenen met de pers." Burgemeester
#: (l. 1437-1438): "Dit wordt aan de CvdK overgelaten." Nobody else is given a turn.
ARNHEM_PRESS_SPEAKER = {"raadslid": "burgemeester", "wethouder": "burgemeester",
                        "burgemeester": "cvdk"}


@pytest.mark.parametrize("subject", sorted(ARNHEM_PRESS_SPEAKER))
def test_the_press_proposal_is_what_arnhem_says_for_each_subject(draft: Protocol,
                                                                 subject: str) -> None:
    """Labelled "ontleend aan Arnhem", the answer to "Wie brengt in welk stadium welke
    informatie naar buiten?" (Stap 4) names only whom Arnhem names: the burgemeester for
    a raadslid or a wethouder, the CvdK alone for the burgemeester, at no moment Arnhem
    does not set ("aan de CvdK overgelaten" sets none). The others are told to wait, not
    given a turn: the melder, the betrokkene and (about a raadslid) the fractievoorzitters
    are silent until the raad's judgment about a raadslid, until the burgemeester has told
    the press about a wethouder."""
    for reporter in ("raadslid", "wethouder", "burger"):
        answers = responsibilities(draft, Scenario(reporter, subject, "uitgevoerd"))
        assert {s["role"] for s in answers.speakers} == {ARNHEM_PRESS_SPEAKER[subject]}, reporter
        assert answers.proposals["communicates"] is not None
        assert answers.proposals["communicates"]["name"] == "Arnhem"
        silent = {name: s for s in answers.to_dict()["silent"] for name in s["named"]}
        assert {"melder", "betrokkene"} <= set(silent), (reporter, subject)
        if subject == "burgemeester":
            assert [s["from"] for s in answers.speakers] == [None]
            continue
        assert answers.speakers[0]["from"] == "voorleggen_raad"
        waits_for = {"raadslid": "oordeel_raad", "wethouder": "pers_informeren"}[subject]
        for name in ("melder", "betrokkene"):
            assert silent[name]["ends"] == [waits_for], (reporter, subject, name)
        assert ("fractievoorzitters" in silent) is (subject == "raadslid")
        if subject == "raadslid":
            assert silent["fractievoorzitters"]["ends"] == ["oordeel_raad"]
            assert "fractie" in silent, "politieke partijen wait too"


def test_who_speaks_about_the_burgemeester_waits_on_both_open_points(draft: Protocol) -> None:
    """The draft's own open point burgemeester_als_betrokkene asks "Wie beoordeelt,
    onderzoekt en communiceert als de burgemeester zelf de betrokkene is?" (Stap 2 gives
    the burgemeester a code of his own and says no more): the CvdK speaking, and who is
    silent, about the burgemeester are provisional under it as well as under
    pers_per_stadium."""
    question = next(p.question for p in draft.open_points if p.id == "burgemeester_als_betrokkene")
    assert "communiceert" in question
    for reporter in ("raadslid", "wethouder"):
        answers = responsibilities(draft, Scenario(reporter, "burgemeester", "uitgevoerd"))
        opened = set(answers.to_dict()["open_points"]["communicates"])
        assert {"pers_per_stadium", "burgemeester_als_betrokkene"} <= opened, reporter


def test_the_burgemeester_who_reports_is_the_one_who_tells_the_press(draft: Protocol) -> None:
    """Arnhem l. 1433-1434: the burgemeester "stelt ... de pers op de hoogte"; the melder's
    silence there cannot bind him when he is the melder."""
    answers = responsibilities(draft, Scenario("burgemeester", "raadslid", "uitgevoerd"))
    assert not [s for s in answers.to_dict()["silent"] if "burgemeester" in s["roles"]]


def test_the_report_names_the_proposals_of_each_route(draft: Protocol) -> None:
    """Stap 4 (realisatie) asks "Wie geeft opdracht tot het doen van onderzoek en wat moet
    daarvan de vraagstelling zijn?" without answering it: the report's notes under a route
    say that its answer is a proposal taken from Arnhem."""
    from protocolkit.present.report import scenario_notes

    notes = scenario_notes(draft, Scenario("raadslid", "raadslid", "uitgevoerd"))
    assert any(n.startswith("Geeft opdracht tot onderzoek: nog open - voorstel (ontleend "
                            "aan Arnhem): Burgemeester") for n in notes), notes


def test_simulate_marks_who_acted_on_a_proposal_in_the_history(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Stap 4 (doel): the burgemeester "is niet in de positie een persoonsgericht
    onderzoek te laten doen naar een raadslid": who looked into a burger's melding is not
    decided by the plan. A case's history ("Verloop") says so for the steps already taken,
    as the open steps do, and the JSON trace carries the proposal."""
    import json

    from tests.helpers import run_cli

    case = Path(__file__).parent / "data" / "cases" / "aalsmeer_vooronderzoek.yaml"
    args = ("simulate", str(DRAFT), str(case), "--as-of", "2026-03-20")
    code, out, _ = run_cli(capsys, *args, "--lang", "nl")
    assert code == 0
    history = out.split("Verloop:")[1].split("Open:")[0]
    took = [line for line in history.splitlines() if "onderzoekswaardig? [vooronderzoek]" in line]
    assert took and "door nog open - voorstel (ontleend aan Arnhem): Burgemeester" in took[0]
    code, out, _ = run_cli(capsys, *args, "--format", "json")
    trace = {entry["step"]: entry for entry in json.loads(out)["trace"]}
    assert trace["vooronderzoek"]["proposal"]["name"] == "Arnhem"


@pytest.mark.parametrize(("subject", "cited", "not_cited"), [
    # Arnhem Fase 3, 3.1 (arnhem l. 1025-1027, about a raadslid): "Vervolgens legt de
    # burgemeester de onderzoeksresultaten voor aan de gemeenteraad [...] De raad vormt
    # zich over dit alles een oordeel en neemt een besluit over een eventuele sanctie."
    ("raadslid", "Arnhem Fase 3, 3.1", "Arnhem Fase 3, 3.2"),
    # Arnhem Fase 3, 3.2 (l. 1036-1038, about a wethouder): "met daarbij een gemotiveerd
    # zwaarte-oordeel over een eventueel vastgestelde schending. De raad beoordeelt
    # zelfstandig de politieke consequenties."
    ("wethouder", "Arnhem Fase 3, 3.2", "Arnhem Fase 3, 3.1"),
])
def test_the_raads_eindoordeel_cites_the_section_for_its_subject(
        draft: Protocol, subject: str, cited: str, not_cited: str) -> None:
    answers = responsibilities(draft, Scenario("raadslid", subject, "uitgevoerd"))
    assert answers.judges == ["gemeenteraad"]
    assert cited in answers.sources["judges"]
    assert not_cited not in answers.sources["judges"]
    view = resolve_step(draft, "oordeel_raad", Scenario("raadslid", subject, "uitgevoerd"))
    assert view.cited("actor") == (cited,)
    assert view.cited("step") == ("Arnhem Samenvatting van rollen en taken",)


def test_the_raads_eindoordeel_on_the_burgemeester_cites_neither_3_1_nor_3_2(
        draft: Protocol) -> None:
    """For the burgemeester the draft proposes the raad's judgment from the Arnhem
    Samenvatting van rollen en taken (l. 1475: "Velt het eindoordeel over de uitkomsten
    van onderzoek naar een vermoedelijke schending door een raadslid, een wethouder of de
    burgemeester"), under an open point: Arnhem Fase 3, 3.1 and 3.2 speak of a raadslid
    and a wethouder, and 3.3 (l. 1042-1044) leaves "De stappen die moeten worden
    ondernomen naar aanleiding van een ingesteld onderzoek naar het handelen van de
    burgemeester" to the CvdK. A reader of that scenario is pointed to neither 3.1 nor
    3.2."""
    sc = Scenario("raadslid", "burgemeester", "uitgevoerd")
    view = resolve_step(draft, "oordeel_raad", sc)
    assert view.actor.role == "gemeenteraad" and "burgemeester_als_betrokkene" in view.open_points
    assert view.source == ("Arnhem Samenvatting van rollen en taken",)
    judges = responsibilities(draft, sc).sources["judges"]
    assert not {"Arnhem Fase 3, 3.1", "Arnhem Fase 3, 3.2"} & set(judges), judges


@pytest.mark.parametrize(("reporter", "own"), [("raadslid", False), ("wethouder", False),
                                             ("burgemeester", True), ("burger", False)])
def test_the_raads_eindoordeel_on_the_burgemeester_is_shown_as_a_proposal_with_its_source(
        draft: Protocol, capsys: pytest.CaptureFixture[str], reporter: str, own: bool) -> None:
    """Arnhem, Samenvatting van rollen en taken, Gemeenteraad: "Velt het eindoordeel over
    de uitkomsten van onderzoek naar een vermoedelijke schending door een raadslid, een
    wethouder of de burgemeester." Arnhem Fase 3, 3.3: "De stappen die moeten worden
    ondernomen naar aanleiding van een ingesteld onderzoek naar het handelen van de
    burgemeester is aan de Commissaris van de Koning in de provincie overgelaten." The
    Arnhem text says both and chooses neither; the plan says nothing about the burgemeester
    as subject. So every output names the Samenvatting as the source of who judges, says
    "nog open - voorstel (ontleend aan Arnhem)", shows both readings, and never claims
    that the Arnhem text itself made the choice."""
    from tests.helpers import run_cli, unwrapped

    sc = Scenario(reporter, "burgemeester", "uitgevoerd", own)
    view = resolve_step(draft, "oordeel_raad", sc)
    assert view.cited("actor") == ("Arnhem Samenvatting van rollen en taken",)
    args = [str(DRAFT), "--reporter", reporter, "--subject", "burgemeester", "--act",
            "uitgevoerd", "--lang", "nl"] + (["--own"] if own else [])
    code, out, _ = run_cli(capsys, "route", *args)
    assert code == 0
    step = out.split("De gemeenteraad velt het eindoordeel", 1)[1].split("\n\n", 1)[0]
    assert "Wie: nog open - voorstel (ontleend aan Arnhem): Gemeenteraad" in step
    assert "(burgemeester_als_betrokkene)" in step
    assert "Bron voor wie handelt: Arnhem Samenvatting van rollen en taken" in step
    assert "(eindoordeel_burgemeester, zie onder)" in step
    assert "andere lezing: Arnhem Fase 3, 3.3" in out
    code, out, _ = run_cli(capsys, "responsibilities", *args)
    assert code == 0
    judges = unwrapped(out).split("Velt het eindoordeel", 1)[1].split("Legt een sanctie op", 1)[0]
    assert "nog open - voorstel (ontleend aan Arnhem): Gemeenteraad" in judges
    assert "[Arnhem Samenvatting van rollen en taken]" in judges
    assert "(burgemeester_als_betrokkene)" in judges
    [note] = [a for a in draft.ambiguities if a.id == "eindoordeel_burgemeester"]
    assert "kiest niet" in note.reason and "dat zelf deze lezing kiest" not in note.reason


@pytest.mark.parametrize("reporter", ["raadslid", "burger"])
def test_the_cvdk_takes_no_seat_in_the_stuurgroep_or_the_college(draft: Protocol,
                                                                 reporter: str) -> None:
    """The plan is silent on the CvdK (open point burgemeester_als_betrokkene, Arnhem's
    solution as proposal). It names the stuurgroep's members: "De stuurgroep wordt
    aangevuld met de burgemeester, de griffier en de gemeentesecretaris" (Stap 1), "De BM
    neemt in dat geval als lid deel aan de stuurgroep" (Bijlage 1). The CvdK takes the
    burgemeester's tasks as Arnhem leaves them to him, never his seat in the stuurgroep
    or the college; and the substitution stays open under burgemeester_als_betrokkene."""
    from protocolkit.semantics import complete, effective_role

    sc = complete(draft, Scenario(reporter, "burgemeester", "uitgevoerd", False))
    subs = {s.id: s for s in draft.substitutions if s.by == "cvdk"}
    assert set(subs) == {"cvdk_voor_burgemeester_1_4_b", "cvdk_voor_burgemeester_2_4_b",
                         "cvdk_voor_burgemeester_3_1_b", "cvdk_voor_burgemeester",
                         "cvdk_voor_burgemeester_onderzoek",
                         "cvdk_voor_burgemeester_fase3"}
    assert all(s.named_only for s in subs.values())
    step = next(s.id for s in draft.steps if s.phase == "oordelen_sanctioneren")
    assert effective_role(draft, "burgemeester", sc, step).role == "cvdk"
    for body in ("stuurgroep", "college"):
        assert effective_role(draft, "burgemeester", sc, step, body=body).role \
            == "burgemeester", body
    point = next(o for o in draft.open_points if o.id == "burgemeester_als_betrokkene")
    assert set(subs) <= set(point.affects)
# --------------------------------------------------------------------- citations per scenario

#: Arnhem Fase 1, the b) cells (read from the source): who decides "of de stap naar fase 2
#: wordt gezet". The burgemeester, except where the burgemeester is the subject: 1.4 b and
#: 2.4 b ("Het is (dan) aan de CvdK om te besluiten"), 3.1 b ("is het aan de CvdK").
DECIDES_CELL = {
    Scenario("raadslid", "raadslid", "uitgevoerd", own=True): ("Arnhem Fase 1, 1.1 b", "burgemeester"),
    Scenario("raadslid", "raadslid", "uitgevoerd"): ("Arnhem Fase 1, 1.2 b", "burgemeester"),
    Scenario("raadslid", "wethouder", "uitgevoerd"): ("Arnhem Fase 1, 1.3 b", "burgemeester"),
    Scenario("raadslid", "burgemeester", "uitgevoerd"): ("Arnhem Fase 1, 1.4 b", "cvdk"),
    Scenario("wethouder", "wethouder", "uitgevoerd", own=True): ("Arnhem Fase 1, 2.1 b", "burgemeester"),
    Scenario("wethouder", "raadslid", "uitgevoerd"): ("Arnhem Fase 1, 2.2 b", "burgemeester"),
    Scenario("wethouder", "wethouder", "uitgevoerd"): ("Arnhem Fase 1, 2.3 b", "burgemeester"),
    Scenario("wethouder", "burgemeester", "uitgevoerd"): ("Arnhem Fase 1, 2.4 b", "cvdk"),
    Scenario("burgemeester", "burgemeester", "uitgevoerd", own=True): ("Arnhem Fase 1, 3.1 b", "cvdk"),
    Scenario("burgemeester", "raadslid", "uitgevoerd"): ("Arnhem Fase 1, 3.2 b", "burgemeester"),
    Scenario("burgemeester", "wethouder", "uitgevoerd"): ("Arnhem Fase 1, 3.3 b", "burgemeester"),
}


@pytest.mark.parametrize("scenario", list(DECIDES_CELL), ids=lambda s: s.label())
def test_who_decides_on_fase_2_cites_the_cell_of_the_scenario_only(draft: Protocol,
                                                                   scenario: Scenario) -> None:
    """The decision step cites, for who acts, the cell of its own scenario and never a
    cell of another (before, every scenario cited all eleven: the CvdK's decision cited
    the cells where "het aan de burgemeester [is] om te besluiten")."""
    cell, decider = DECIDES_CELL[scenario]
    view = resolve_step(draft, "beoordeling_melding", scenario)
    assert view.actor.role == decider
    others = {c for c, _ in DECIDES_CELL.values()} - {cell}
    assert cell in view.actor_source and not others & set(view.actor_source), view.actor_source
    assert cell in view.source and not others & set(view.source), view.source
    answers = responsibilities(draft, scenario)
    assert decider in answers.decides_follow_up
    cited = answers.sources["decides_follow_up"]
    assert cell in cited and not others & set(cited), cited
    assert cell in answers.proposals["decides_follow_up"]["sections"]


def test_the_cvdks_decision_cites_no_cell_where_the_burgemeester_decides(draft: Protocol) -> None:
    """1.4 b: "kan het raadslid melding doen bij de CvdK. Het is dan aan de CvdK om te
    besluiten of de stap naar fase 2 wordt gezet". The cells where the burgemeester
    decides (1.2 b, 1.3 b, 2.2 b, 3.2 b, ...) and the wethouder's 2.4 b are not cited for
    a raadslid's melding about the burgemeester, in the route either."""
    scenario = Scenario("raadslid", "burgemeester", "uitgevoerd")
    for step_id in ("melding", "beoordeling_melding", "erkenning_gemeld"):
        view = resolve_step(draft, step_id, scenario)
        assert "Arnhem Fase 1, 1.4 b" in view.source, (step_id, view.source)
        wrong = {"Arnhem Fase 1, 1.2 b", "Arnhem Fase 1, 1.3 b", "Arnhem Fase 1, 2.2 b",
                 "Arnhem Fase 1, 2.4 b", "Arnhem Fase 1, 3.1 b", "Arnhem Fase 1, 3.2 b"}
        assert not wrong & set(view.source), (step_id, view.source)
    assert resolve_step(draft, "melding", scenario).counterpart.role == "cvdk"
    # A burger's melding about the burgemeester goes to the burgemeester (voetnoot 8).
    burger = resolve_step(draft, "melding", Scenario("burger", "burgemeester", "uitgevoerd"))
    assert burger.counterpart.role == "burgemeester"
    assert "Arnhem voetnoot 8" in burger.source and "Arnhem Fase 1, 1.4 b" not in burger.source


def test_first_contact_cites_the_lineage_not_the_plans_wish_for_routes(draft: Protocol) -> None:
    """Stap 4, doel wants "verschillende 'routes'" that make "de rolverdeling voor
    eenieder duidelijk" but names no one to turn to; who is at move is the Arnhem
    cell's answer (1.2 b: "Het raadslid vraagt de griffier om advies"). The plan's section
    is not cited for it, and stays the citation of the open point on the routes."""
    for scenario in scenario_space(draft):
        answers = responsibilities(draft, scenario)
        if answers.refused is None:
            assert "Stap 4, doel" not in answers.sources["first_contact"], scenario.label()
    answers = responsibilities(draft, Scenario("raadslid", "raadslid", "uitgevoerd"))
    assert answers.first_contact == ["griffier"]
    assert answers.sources["first_contact"] == ["Arnhem Fase 1, 1.2 b"]
    point = next(p for p in draft.open_points if p.id == "keuze_best_practice")
    assert "Stap 4, doel" in citations(point.source)


def test_the_plans_reservation_is_shown_beside_the_proposal_it_qualifies(
        draft: Protocol, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Stap 4, doel: the burgemeester "is niet in de positie een persoonsgericht onderzoek
    te laten doen naar een raadslid". The concept proposes (from Arnhem Fase 2, 2.1) that
    he orders the investigation; the reservation is shown next to that proposal, in the
    answers' data, responsibilities and route, in nl and en."""
    from tests.helpers import run_cli, unwrapped

    scenario = Scenario("raadslid", "raadslid", "uitgevoerd")
    answers = responsibilities(draft, scenario)
    offered = answers.proposals["commissions_investigation"]
    assert answers.commissions_investigation == ["burgemeester"] and offered is not None
    [reservation] = offered["reservations"]
    assert reservation["open_point"] == "wie_geeft_opdracht"
    assert reservation["source"] == ["Stap 4, doel"]
    assert "niet in de positie een persoonsgericht" in reservation["text"]
    # Not beside the answers it does not qualify (who judges: the raad), nor for a
    # wethouder or the burgemeester, whom the sentence does not name.
    assert not (answers.proposals["judges"] or {}).get("reservations")
    for subject in ("wethouder", "burgemeester"):
        other = responsibilities(draft, Scenario("raadslid", subject, "uitgevoerd"))
        assert other.proposals["commissions_investigation"]["reservations"] == [], subject
    argv = (str(DRAFT), "--reporter", "raadslid", "--subject", "raadslid", "--act", "uitgevoerd")
    for lang, words in (("nl", "voorbehoud in de tekst (wie_geeft_opdracht)"),
                        ("en", "reservation in the text (wie_geeft_opdracht)")):
        _, out, _ = run_cli(capsys, "responsibilities", *argv, "--lang", lang)
        lines = unwrapped(out).splitlines()
        at = next(i for i, line in enumerate(lines) if "Burgemeester" in line and "Arnhem Fase 2, 2.1]" in line)
        assert words in lines[at + 1] and "[Stap 4, doel]" in lines[at + 1], lines[at + 1]
        _, out, _ = run_cli(capsys, "route", *argv, "--lang", lang)
        lines = out.splitlines()
        at = next(i for i, line in enumerate(lines) if "[onderzoeksopdracht," in line)
        at = next(i for i in range(at, len(lines)) if lines[i].startswith(("   Wie:", "   Who:")))
        assert words in lines[at + 1], lines[at:at + 2]
    # The wegwijzer carries it with the proposal and writes it with the same words.
    page = tmp_path / "wegwijzer.html"
    run_cli(capsys, "wegwijzer", str(DRAFT), "-o", str(page), "--lang", "nl")
    html = page.read_text(encoding="utf-8")
    assert '"reservations": [{"open_point": "wie_geeft_opdracht"' in html
    assert "voorbehoud in de tekst ({id})" in html


@pytest.mark.parametrize(("old", "new", "said"), [
    ('      when: {subject: raadslid}\n', '      when: {subject: raadslit}\n',
     "error[unknown-value]: 'raadslit'"),
    ('      source: "Stap 4, doel"\n    source: ["Stap 4, realisatie"',
     '      source: "Stap 4, doell"\n    source: ["Stap 4, realisatie"',
     "error[unknown-section]: the citation 'Stap 4, doell'"),
    ('      source: "Stap 4, doel"\n    source: ["Stap 4, realisatie"',
     '      source: "Stap 4, doel"\n      note: x\n    source: ["Stap 4, realisatie"',
     "error[unknown-field]: 'note' is not a key this format knows here"),
])
def test_a_reservation_is_checked_strictly(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           old: str, new: str, said: str) -> None:
    """A reservation's guard, citation and keys are checked like every other."""
    from tests.helpers import run_cli

    text = DRAFT.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")  # the first reservation
    code, out, _ = run_cli(capsys, "validate", str(bad), "--lang", "en")
    assert code == 1 and said in out, out


def test_a_step_cites_the_arnhem_cell_of_its_scenario_only(draft: Protocol) -> None:
    """As in Arnhem: a step several Arnhem cells describe cites, in a scenario, only the
    cell its route takes over, or the cell that cell refers to ("Zie verder onder
    2.1.b." in 2.3 b and 3.3 b; tests.helpers.REFERS_TO). The deviation from the advice ("meldt het raadslid dit zelf aan de
    gemeenteraad") is in every a-cell of advice by the burgemeester; 1.2 a, 2.2 a, 2.3 a,
    3.2 a and 3.3 a were not cited before. The griffier's and gemeentesecretaris's advice
    steps cite their cells on their actor alternatives too: the raadslid about a
    wethouder's performed act "vraagt de griffier om advies" in 1.3 b, not in 1.1 a."""
    from tests.helpers import REFERS_TO, routed_views

    refers_to = {f"Arnhem {cell}": f"Arnhem {target}" for cell, target in REFERS_TO.items()}
    for scenario, own, node, view in routed_views(draft):
        cells = {c for c in view.source if c.startswith("Arnhem Fase 1, ")
                 and c[-2:] in (" a", " b")}
        allowed = own | {refers_to[c] for c in own if c in refers_to}
        assert cells <= allowed, (scenario.label(), node, cells - allowed)
    view = resolve_step(draft, "afwijking_gemeld", Scenario("wethouder", "wethouder", "voorgenomen"))
    assert view.actor_source == ("Arnhem Fase 1", "Arnhem Fase 1, 2.3 a")


@pytest.mark.parametrize(("reporter", "subject", "own", "informed", "cell"), [
    ("raadslid", "raadslid", True, ["gemeenteraad"], "1.1 b"),
    ("raadslid", "raadslid", False, ["burgemeester", "gemeenteraad"], "1.2 b"),
    ("raadslid", "burgemeester", False, ["cvdk", "college", "gemeenteraad"], "1.4 b"),
    ("wethouder", "wethouder", True, ["college", "gemeenteraad"], "2.1 b"),
    ("wethouder", "wethouder", False, ["college", "gemeenteraad"], "2.3 b"),
    ("wethouder", "burgemeester", False, ["cvdk", "college", "gemeenteraad"], "2.4 b"),
    ("burgemeester", "burgemeester", True, ["college", "gemeenteraad"], "3.1 b"),
    ("burgemeester", "raadslid", False, ["gemeenteraad"], "3.2 b"),
    ("burgemeester", "wethouder", False, ["college", "gemeenteraad"], "3.3 b"),
])
def test_whom_the_betrokkene_informs_follows_the_scenarios_cell(
        draft: Protocol, reporter: str, subject: str, own: bool, informed: list[str],
        cell: str) -> None:
    """Each Arnhem b-cell names whom the betrokkene who admits a schending informs: 1.4 b
    "meldt deze dit zelf bij de CvdK en informeert het college en de gemeenteraad"; 3.1 b
    (the burgemeester's own act, after the talk with the CvdK) "de wethouders en de
    gemeenteraad", not the CvdK; 1.2 b "de burgemeester en de gemeenteraad"; 3.2 b "de
    gemeenteraad". The cell is cited for it, and no other cell."""
    view = resolve_step(draft, "erkenning_gemeld", Scenario(reporter, subject, "uitgevoerd", own))
    assert [r.role for r in view.informed] == informed
    cited = [c for c in view.cited("informed") if c.startswith("Arnhem Fase 1,")]
    assert cited == [f"Arnhem Fase 1, {cell}"], cited
    # The title holds in every cell: it names none of those informed (1.1 b and 3.2 b
    # tell no burgemeester or CvdK, 3.1 b no CvdK).
    title = set(view.title.lower().replace("(", " ").replace(")", " ").split())
    assert not title & {"burgemeester", "cvdk", "college", "raad", "gemeenteraad"}, title


def test_the_reservation_quotes_the_plan_exactly_and_qualifies_the_vooronderzoek(
        draft: Protocol) -> None:
    """Stap 4, doel (l. 245-248): "hij is niet in de positie een persoonsgericht onderzoek
    te laten doen naar een raadslid ... Wat nodig is, is een set procedurele afspraken
    gericht op een zorgvuldige handhaving waaraan - in het ideale geval - eenieder zich op
    basis van vrijwilligheid committeert." The reservation quotes it whole, adds no
    reading of its own, and qualifies the proposal that the burgemeester does (Arnhem
    Samenvatting: "Doet (c.q. laat doen)") the vooronderzoek about a raadslid too."""
    plan = ("waaraan - in het ideale geval - eenieder zich op basis van vrijwilligheid "
            "committeert")
    for point_id in ("wie_geeft_opdracht", "wie_beslist_vervolg"):
        point = next(p for p in draft.open_points if p.id == point_id)
        assert point.reservation is not None, point_id
        text = " ".join(point.reservation.text.split())
        assert plan in text and text.endswith('committeert".'), text
    answers = responsibilities(draft, Scenario("raadslid", "raadslid", "uitgevoerd"))
    offered = answers.proposals["decides_follow_up"]
    assert offered is not None
    assert [r["open_point"] for r in offered["reservations"]] == ["wie_beslist_vervolg"]
    other = responsibilities(draft, Scenario("raadslid", "wethouder", "uitgevoerd"))
    assert (other.proposals["decides_follow_up"] or {}).get("reservations") in (None, [])


# --------------------------------------------------------------------- "is de zaak afgedaan"

#: The Arnhem cells whose advice of the griffier, the gemeentesecretaris or the driehoek
#: ends in "Als de gedeelde conclusie is dat er geen sprake is van een schending, is de
#: zaak afgedaan" (1.1 a "... dat de voorgenomen handeling geen schending is, is de zaak
#: afgedaan"; 1.4 a "... dat de handeling geen schending is, is de zaak afgedaan"; ...).
AFGEDAAN_CELLS = {f"Arnhem Fase 1, {c}" for c in (
    "1.1 a", "1.1 b", "1.2 b", "1.3 b", "1.4 a", "1.4 b",
    "2.1 a", "2.1 b", "2.2 b", "2.3 b", "2.4 a", "2.4 b", "3.1 a", "3.1 b")}


def test_fase_1_ends_the_case_only_where_the_cell_says_so(draft: Protocol) -> None:
    """The concept takes Fase 1 from Arnhem (keuze_best_practice), so it ends a case in
    Fase 1 only where Arnhem's cell says "is de zaak afgedaan", and cites that cell, in
    that scenario only, on the way to the end. 1.2 a ("Als het gesprek tussen de
    raadsleden niet leidt tot een gedeelde conclusie, vraagt het twijfelende raadslid de
    griffier om advies ... Bij aanhoudende twijfel gaat het raadslid naar de
    burgemeester"), 1.3 a, 2.2 a and 2.3 a have no such sentence; nor have the talks that
    follow an advice (1.1 b "Als de gedeelde conclusie van dit gesprek is dat er inderdaad
    sprake is van een schending ..."), the burgemeester's advice or the CvdK's: those
    outcomes pass registratie, as in Arnhem (Fase 4, 4.2: "lessen ... uit adviezen die
    zijn gegeven")."""
    from tests.helpers import routed_views

    ended: set[str] = set()
    for scenario, own, node, view in routed_views(draft):
        if view.phase != "bespreken_melden":
            continue
        for outcome in view.outcomes:
            if outcome.next != "afgedaan":
                continue
            cells = set(outcome.next_source) & AFGEDAAN_CELLS
            assert cells and cells <= own, (scenario.label(), node, outcome.id, cells, own)
            assert node in {"advies_griffier", "advies_gemeentesecretaris", "advies_driehoek"}
            ended |= cells
    assert ended == AFGEDAAN_CELLS, sorted(AFGEDAAN_CELLS - ended)


@pytest.mark.parametrize(("reporter", "subject", "step", "cell"), [
    ("raadslid", "raadslid", "advies_griffier", "1.2 a"),
    ("raadslid", "wethouder", "advies_griffier", "1.3 a"),
    ("wethouder", "raadslid", "advies_griffier", "2.2 a"),
    ("wethouder", "wethouder", "advies_gemeentesecretaris", "2.3 a"),
])
def test_advice_after_the_talk_about_an_intended_act_keeps_registratie(
        draft: Protocol, reporter: str, subject: str, step: str, cell: str) -> None:
    """1.2 a, 1.3 a, 2.2 a, 2.3 a: after the talk the doubting politician "vraagt ... om
    advies: is de voorgenomen handeling een schending?"; the cell goes on "Bij aanhoudende
    twijfel gaat het raadslid (de wethouder) naar de burgemeester" and never says "is de
    zaak afgedaan". The advice is cited to the scenario's own cell, and the doubt taken
    away leads to registratie, not straight to the end."""
    view = resolve_step(draft, step, Scenario(reporter, subject, "voorgenomen"))
    assert view.cited("actor") == (f"Arnhem Fase 1, {cell}",)
    outcomes = {o.id: o for o in view.outcomes}
    assert "geen_schending" not in outcomes
    assert outcomes["twijfel_weggenomen"].next == "registratie"
    assert outcomes["twijfel_blijft"].next == "advies_burgemeester"


@pytest.mark.parametrize(("reporter", "subject", "act", "own", "step", "cell"), [
    ("raadslid", "raadslid", "voorgenomen", True, "advies_griffier", "1.1 a"),
    ("raadslid", "raadslid", "uitgevoerd", True, "advies_griffier", "1.1 b"),
    ("raadslid", "raadslid", "uitgevoerd", False, "advies_griffier", "1.2 b"),
    ("raadslid", "wethouder", "uitgevoerd", False, "advies_griffier", "1.3 b"),
    ("raadslid", "burgemeester", "voorgenomen", False, "advies_griffier", "1.4 a"),
    ("raadslid", "burgemeester", "uitgevoerd", False, "advies_griffier", "1.4 b"),
    ("wethouder", "raadslid", "uitgevoerd", False, "advies_griffier", "2.2 b"),
    ("wethouder", "wethouder", "voorgenomen", True, "advies_gemeentesecretaris", "2.1 a"),
    ("wethouder", "wethouder", "uitgevoerd", True, "advies_gemeentesecretaris", "2.1 b"),
    ("wethouder", "wethouder", "uitgevoerd", False, "advies_gemeentesecretaris", "2.3 b"),
    ("wethouder", "burgemeester", "voorgenomen", False, "advies_gemeentesecretaris", "2.4 a"),
    ("wethouder", "burgemeester", "uitgevoerd", False, "advies_gemeentesecretaris", "2.4 b"),
    ("burgemeester", "burgemeester", "voorgenomen", True, "advies_driehoek", "3.1 a"),
    ("burgemeester", "burgemeester", "uitgevoerd", True, "advies_driehoek", "3.1 b"),
])
def test_each_advice_cites_its_own_cell_for_who_advises_and_for_the_end(
        draft: Protocol, reporter: str, subject: str, act: str, own: bool, step: str,
        cell: str) -> None:
    """E.g. 1.3 b: "Het raadslid vraagt de griffier om advies: is deze handeling een
    schending? Als de gedeelde conclusie is dat er geen sprake is van een schending, is de
    zaak afgedaan." 3.1 a: "De burgemeester vraagt om advies in het driehoeksoverleg met de
    griffier en de gemeentesecretaris ... is de zaak afgedaan." Who advises and the end
    cite the scenario's cell, and no other cell of Fase 1."""
    view = resolve_step(draft, step, Scenario(reporter, subject, act, own))
    assert view.cited("actor") == (f"Arnhem Fase 1, {cell}",)
    assert [c for c in view.source if c.startswith("Arnhem Fase 1, ")] == [f"Arnhem Fase 1, {cell}"]
    [end] = [o for o in view.outcomes if o.id == "geen_schending"]
    assert (end.next, end.next_source) == ("afgedaan", (f"Arnhem Fase 1, {cell}",))


@pytest.mark.parametrize("reporter", ["raadslid", "wethouder", "burgemeester"])
def test_after_the_talk_with_the_burgemeester_geen_schending_keeps_registratie(
        draft: Protocol, reporter: str) -> None:
    """1.1 b: "Als het raadslid en de griffier er niet uitkomen ... gaan ze samen naar de
    burgemeester. Als de gedeelde conclusie van dit gesprek is dat er inderdaad sprake is
    van een schending ..."; "Als er geen sprake is van een gedeelde conclusie, is het aan
    de burgemeester om te besluiten". Of a shared "geen schending" after this talk the
    cell says nothing; "is de zaak afgedaan" stands with the griffier's advice. So the
    outcome passes registratie (as Arnhem's r11b_gesprek_burgemeester)."""
    own = Scenario(reporter, reporter, "uitgevoerd", True)
    [outcome] = [o for o in resolve_step(draft, "gesprek_burgemeester", own).outcomes
                 if o.id == "geen_schending"]
    assert outcome.next == "registratie"


# --------------------------------------------------------------------- the CvdK, by phase

#: The section that supports the CvdK in the burgemeester's place, per phase of the
#: concept: Fase 1 the scenario's own cell (1.4 b "kan het raadslid melding doen bij de
#: CvdK. Het is dan aan de CvdK om te besluiten"; 2.4 b; 3.1 b "Bij aanhoudende twijfel
#: gaat de burgemeester naar de CvdK"), Fase 2 1.2 ("Bij een vermoeden van een
#: integriteitsschending door de burgemeester is de CvdK eindverantwoordelijk voor een
#: zorgvuldige procesgang") for the vooronderzoek and 2.2 ("Een onderzoek naar het
#: handelen van de burgemeester is aan de Commissaris van de Koning in de provincie
#: overgelaten") for the onderzoek, Fase 3 3.3 ("De stappen die moeten worden ondernomen
#: naar aanleiding van een ingesteld onderzoek naar het handelen van de burgemeester is
#: aan de Commissaris van de Koning in de provincie overgelaten").
CVDK_PREFIX = {"bespreken_melden": "Arnhem Fase 1, ", "duiden_onderzoeken": "Arnhem Fase 2, ",
               "oordelen_sanctioneren": "Arnhem Fase 3, "}
CVDK_FASE2 = {"vooronderzoek": "Arnhem Fase 2, 1.2", "melder_geinformeerd": "Arnhem Fase 2, 1.2",
              "aangifte": "Arnhem Fase 2, 1.2", "onderzoeksopdracht": "Arnhem Fase 2, 2.2",
              "rapport": "Arnhem Fase 2, 2.2"}


@pytest.mark.parametrize(("reporter", "own", "cell"), [
    ("raadslid", False, "1.4 b"), ("wethouder", False, "2.4 b"),
    ("burgemeester", True, "3.1 b"), ("burger", False, None)])
def test_the_cvdk_is_cited_for_each_phase_by_that_phase(
        draft: Protocol, reporter: str, own: bool, cell: str | None) -> None:
    """Where the CvdK takes the burgemeester's place (the substitutions of
    burgemeester_als_betrokkene), each step cites for it what supports it in its own
    phase (CVDK_PREFIX): the decision "of de stap naar fase 2 wordt gezet" never cites
    Fase 3, the zwaarte-oordeel never Fase 2's onderzoek, a raadslid's melding never the
    wethouder's cell. A burger's melding reaches the burgemeester himself (voetnoot 8);
    the CvdK acts from Fase 2 on."""
    scenario = Scenario(reporter, "burgemeester", "uitgevoerd", own)
    graph = route_graph(draft, scenario)
    seen = set()
    for node in graph:
        view: StepView = graph.nodes[node]["view"]
        for part in ("actor", "counterpart", "informed"):
            parties = {"actor": [view.actor], "counterpart": [view.counterpart],
                       "informed": list(view.informed)}[part]
            if not any(r is not None and r.role == "cvdk" for r in parties):
                continue
            cited = set(view.cited(part))
            assert cited, (node, part)
            assert all(c.startswith(CVDK_PREFIX[view.phase]) for c in cited), (node, part, cited)
            if view.phase == "bespreken_melden":
                assert cited == {f"Arnhem Fase 1, {cell}"}, (node, cited)
            if node in CVDK_FASE2:
                assert cited == {CVDK_FASE2[node]}, (node, cited)
            if view.phase == "oordelen_sanctioneren":
                assert cited == {"Arnhem Fase 3, 3.3"}, (node, cited)
            seen.add(view.phase)
    assert seen == ({"duiden_onderzoeken", "oordelen_sanctioneren"} if cell is None
                    else set(CVDK_PREFIX)), seen
    for sub in draft.substitutions:
        if sub.by == "cvdk":
            phases = set(sub.phases) | {draft.step(s).phase for s in sub.steps}
            assert len(phases) == 1, sub.id
            assert all(c.startswith(CVDK_PREFIX[phases.pop()]) for c in citations(sub.source)), sub.id


@pytest.mark.parametrize(("subject", "section"), [
    ("raadslid", "Arnhem Fase 3, 3.1"), ("wethouder", "Arnhem Fase 3, 3.2"),
    ("burgemeester", "Arnhem Fase 3, 3.3")])
def test_the_zwaarte_oordeel_cites_the_section_of_its_subject(
        draft: Protocol, subject: str, section: str) -> None:
    """3.1 (a raadslid): "Als de conclusie luidt dat er wel een schending is begaan,
    spreekt de burgemeester ... zijn oordeel uit over de zwaarte ervan"; 3.2 (a
    wethouder): "met daarbij een gemotiveerd zwaarte-oordeel over een eventueel
    vastgestelde schending"; 3.3 (the burgemeester): "De stappen ... is aan de
    Commissaris van de Koning in de provincie overgelaten". Each is cited in its own
    subject's scenarios only."""
    view = resolve_step(draft, "zwaarte_oordeel", Scenario("raadslid", subject, "uitgevoerd"))
    assert view.cited("actor") == (section,)
    assert [c for c in view.source if c.startswith("Arnhem Fase 3, 3.")] == [section]


def fase3_sections(view: StepView) -> list[str]:
    return [c for c in view.source if c.startswith("Arnhem Fase 3, 3.")]


@pytest.mark.parametrize(("step", "subject", "part", "section"), [
    ("rapport", "raadslid", "informed", "Arnhem Fase 3, 3.1"),
    ("rapport", "wethouder", "informed", "Arnhem Fase 3, 3.2"),
    ("voorleggen_raad", "raadslid", "actor", "Arnhem Fase 3, 3.1"),
    ("voorleggen_raad", "wethouder", "actor", "Arnhem Fase 3, 3.2"),
    ("voorleggen_raad", "burgemeester", "actor", "Arnhem Fase 3, 3.3"),
    ("uitkomst_geen_schending", "raadslid", "actor", "Arnhem Fase 3, 3.1"),
    ("uitkomst_geen_schending", "burgemeester", "actor", "Arnhem Fase 3, 3.3")])
def test_fase_3_is_cited_by_the_section_of_the_subject(
        draft: Protocol, step: str, subject: str, part: str, section: str) -> None:
    """Arnhem Fase 3 speaks per subject. 3.1, a raadslid: "beoordeelt de burgemeester
    het definitieve onderzoeksrapport", "Als de conclusie luidt dat er geen schending is
    gepleegd, deelt de burgemeester de onderzoeksresultaten in principe alleen met het
    raadslid ...", "Vervolgens legt de burgemeester de onderzoeksresultaten voor aan de
    gemeenteraad". 3.2, a wethouder: "neemt de burgemeester als eerste kennis van het
    definitieve onderzoeksrapport. Vervolgens stelt hij/zij het onderzoeksrapport ter
    beschikking aan de gemeenteraad". 3.3, the burgemeester: "De stappen ... is aan de
    Commissaris van de Koning in de provincie overgelaten". A step cites the section of
    its scenario's subject, for the party it supports, and no other subject's."""
    view = resolve_step(draft, step, Scenario("raadslid", subject, "uitgevoerd"))
    assert section in view.cited(part)
    assert fase3_sections(view) == [section]


def test_the_report_on_the_burgemeester_reaches_the_cvdk_on_fase_2_2(draft: Protocol) -> None:
    """About the burgemeester Fase 3 has no reading of the report by the burgemeester
    (3.1 and 3.2 are about a raadslid and a wethouder); "Een onderzoek naar het handelen
    van de burgemeester is aan de Commissaris van de Koning in de provincie overgelaten"
    (Fase 2, 2.2)."""
    view = resolve_step(draft, "rapport", Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert [r.role for r in view.informed] == ["cvdk"]
    assert view.cited("informed") == ("Arnhem Fase 2, 2.2",)
    assert fase3_sections(view) == []


def test_a_wethouders_report_goes_to_the_raad_even_without_a_breach(draft: Protocol) -> None:
    """Arnhem 3.2, whole: "Nadat een integriteitsonderzoek naar het handelen van een
    wethouder is afgerond, neemt de burgemeester als eerste kennis van het definitieve
    onderzoeksrapport. Vervolgens stelt hij/zij het onderzoeksrapport ter beschikking aan
    de gemeenteraad, met daarbij een gemotiveerd zwaarte-oordeel over een eventueel
    vastgestelde schending. De raad beoordeelt zelfstandig de politieke consequenties."
    No branch without a breach (3.1 has one for a raadslid: "deelt de burgemeester de
    onderzoeksresultaten in principe alleen met het raadslid ..."), so the proposal taken
    from Arnhem puts a wethouder's report to the raad in every case, citing 3.2, still
    under the open point wie_oordeelt; a raadslid's keeps 3.1's narrow circle."""
    for reporter in ("raadslid", "wethouder", "burgemeester", "burger"):
        scenario = Scenario(reporter, "wethouder", "uitgevoerd")
        view = resolve_step(draft, "rapport", scenario)
        cleared = next(o for o in view.outcomes if o.id == "geen_schending")
        assert (cleared.next, cleared.next_source) == (
            "voorleggen_raad_geen_schending", ("Arnhem Fase 3, 3.2",)), reporter
        graph = route_graph(draft, scenario)
        assert "uitkomst_geen_schending" not in graph, reporter
        to_raad = resolve_step(draft, "voorleggen_raad_geen_schending", scenario)
        assert [r.role for r in to_raad.informed] == ["gemeenteraad"]
        assert "wie_oordeelt" in to_raad.open_points
        assert graph.has_edge("voorleggen_raad_geen_schending", "oordeel_raad")
    raadslid = resolve_step(draft, "rapport", Scenario("raadslid", "raadslid", "uitgevoerd"))
    assert next(o for o in raadslid.outcomes if o.id == "geen_schending").next == "uitkomst_geen_schending"


@pytest.mark.parametrize("reporter", ["raadslid", "wethouder", "burgemeester", "burger"])
def test_no_press_step_after_a_wethouder_is_cleared(
        draft: Protocol, capsys: pytest.CaptureFixture[str], reporter: str) -> None:
    """Arnhem Fase 3, Communicatie: "Bij sanctionering van een wethouder: Kort voor de
    raadsvergadering stelt de burgemeester de pers op de hoogte van de kwestie." Basisprincipe
    2: "Als er uiteindelijk werkelijk sprake blijkt te zijn van een integriteitsschending en
    er een oordeel is gevormd over de ernst daarvan en over een passende sanctie, mag en
    moet de kwestie naar buiten worden gebracht." When the onderzoek finds no breach there
    is no sanctionering: the way from that outcome to the raad passes no press step. The
    plan leaves "Wie brengt in welk stadium welke informatie naar buiten?" open, and
    arnhem.yaml routes otherwise, so the choice is a reading note, open under
    pers_per_stadium, shown by route."""
    from tests.helpers import run_cli

    scenario = Scenario(reporter, "wethouder", "uitgevoerd")
    graph = route_graph(draft, scenario)
    cleared = {v for _, v, d in graph.out_edges("rapport", data=True)
               if d["outcome"] == "geen_schending"}
    assert cleared == {"voorleggen_raad_geen_schending"}
    after = nx.descendants(graph, "voorleggen_raad_geen_schending")
    assert "oordeel_raad" in after
    assert not {n for n in after | cleared
                if graph.nodes[n]["view"].kind is StepKind.communicatie}, reporter
    # With a breach (zwaarte-oordeel) the press step stays, as Arnhem says.
    assert "pers_informeren" in nx.descendants(graph, "zwaarte_oordeel")
    [note] = [a for a in draft.ambiguities if a.id == "pers_na_geen_schending_wethouder"]
    assert note.chosen == "alleen_bij_sanctionering"
    assert "pers_per_stadium" in note.reason
    assert "pers_per_stadium" in resolve_step(
        draft, "voorleggen_raad_geen_schending", scenario).open_points
    code, out, _ = run_cli(capsys, "route", str(DRAFT), "--reporter", reporter, "--subject",
                           "wethouder", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0
    assert "Keuze tussen lezingen (pers_na_geen_schending_wethouder)" in out


@pytest.mark.parametrize(("subject", "role", "section"), [
    ("raadslid", "burgemeester", "Arnhem Fase 2, 1.1"),
    ("wethouder", "burgemeester", "Arnhem Fase 2, 1.1"),
    ("burgemeester", "cvdk", "Arnhem Fase 2, 1.2")])
def test_the_vooronderzoek_cites_the_paragraph_of_its_subject(
        draft: Protocol, subject: str, role: str, section: str) -> None:
    """Fase 2, 1.1 "Betreft: handelen een raadslid, een wethouder of de griffier": "De
    burgemeester is eindverantwoordelijk voor het vooronderzoek". 1.2 "Betreft: handelen
    van de burgemeester": "is de CvdK eindverantwoordelijk voor een zorgvuldige
    procesgang". Each is cited in its own subject's scenarios only."""
    for reporter in ("raadslid", "burger"):
        view = resolve_step(draft, "vooronderzoek", Scenario(reporter, subject, "uitgevoerd"))
        assert view.actor.role == role
        assert view.cited("actor") == (section,)
        assert [c for c in view.source if c.startswith("Arnhem Fase 2, 1.")] == [section]


@pytest.mark.parametrize("act", ["voorgenomen", "uitgevoerd"])
def test_the_driehoeksoverleg_advises_the_burgemeester_himself(draft: Protocol, act: str) -> None:
    """3.1 a and 3.1 b: "De burgemeester vraagt om advies in het driehoeksoverleg met de
    griffier en de gemeentesecretaris"; the CvdK comes in only after it, "Bij
    aanhoudende twijfel gaat de burgemeester naar de CvdK" and (3.1 b) "is het aan de
    CvdK om te besluiten of de stap naar fase 2 wordt gezet"."""
    cell = "Arnhem Fase 1, 3.1 " + ("a" if act == "voorgenomen" else "b")
    scenario = Scenario("burgemeester", "burgemeester", act, True)
    view = resolve_step(draft, "advies_driehoek", scenario)
    assert [r.role for r in view.actors] == ["griffier", "gemeentesecretaris"]
    assert view.counterpart is not None and view.counterpart.role == "burgemeester"
    assert view.cited("counterpart") == (cell,)
    if act == "uitgevoerd":
        for later in ("gesprek_burgemeester", "beoordeling_melding"):
            assert resolve_step(draft, later, scenario).actor.role == "cvdk", later


#: Arnhem's paragraphs about one subject: Fase 3, 3.1 "Betreft: handelen van een
#: raadslid", 3.2 "Betreft: handelen van een wethouder", 3.3 and Fase 2, 1.2 and 2.2
#: "Betreft: handelen van de burgemeester".
SUBJECT_OF_SECTION = {"Arnhem Fase 3, 3.1": "raadslid", "Arnhem Fase 3, 3.2": "wethouder",
                      "Arnhem Fase 3, 3.3": "burgemeester", "Arnhem Fase 2, 1.2": "burgemeester",
                      "Arnhem Fase 2, 2.2": "burgemeester"}


def test_a_paragraph_about_one_subject_is_cited_only_about_that_subject(draft: Protocol) -> None:
    """No step cites, in any scenario, a paragraph of Fase 2 or 3 whose heading names
    another subject (SUBJECT_OF_SECTION); the onderzoeksopdracht no longer cites 2.2
    about a raadslid or wethouder."""
    wrong = {(view.id, scenario.subject, c) for scenario, view in views(draft)
             for c in view.source if SUBJECT_OF_SECTION.get(c, scenario.subject) != scenario.subject}
    assert wrong == set()


#: Every a-cell of advice by the burgemeester names who reports a departure from it: for
#: a raadslid "meldt het raadslid dit zelf aan de gemeenteraad. Laat het raadslid dit na,
#: dan doet de burgemeester het." (1.1 a, 1.2 a, 2.2 a, 3.2 a); for a wethouder "meldt de
#: wethouder dit zelf in de collegevergadering en aan de gemeenteraad. Laat de wethouder
#: dit na, dan doet de burgemeester het." (1.3 a, 2.1 a, 2.3 a, 3.3 a).
DEPARTURE_CELLS = [
    ("raadslid", "raadslid", True, "1.1 a"), ("raadslid", "raadslid", False, "1.2 a"),
    ("raadslid", "wethouder", False, "1.3 a"), ("wethouder", "wethouder", True, "2.1 a"),
    ("wethouder", "raadslid", False, "2.2 a"), ("wethouder", "wethouder", False, "2.3 a"),
    ("burgemeester", "raadslid", False, "3.2 a"), ("burgemeester", "wethouder", False, "3.3 a")]


@pytest.mark.parametrize(("reporter", "subject", "own", "cell"), DEPARTURE_CELLS)
def test_a_departure_the_betrokkene_does_not_report_is_reported_by_the_burgemeester(
        draft: Protocol, reporter: str, subject: str, own: bool, cell: str) -> None:
    """Arnhem's fallback ("Laat ... dit na, dan doet de burgemeester het") is part of the
    proposal taken from Arnhem: the betrokkene's report has a 'laat het na' outcome to a
    step of the burgemeester, who informs whom the cell names (a wethouder's departure
    goes to the college and the raad), each citing the cell of the scenario, under the
    same open point as the rest of the proposal."""
    scenario = Scenario(reporter, subject, "voorgenomen", own)
    informed = ["college", "gemeenteraad"] if subject == "wethouder" else ["gemeenteraad"]
    own_view = resolve_step(draft, "afwijking_gemeld", scenario)
    assert own_view.actor.role == subject
    assert sorted(o.next for o in own_view.outcomes) == ["afwijking_burgemeester", "registratie"]
    fallback = resolve_step(draft, "afwijking_burgemeester", scenario)
    assert fallback.actor.role == "burgemeester"
    for view in (own_view, fallback):
        assert [r.role for r in view.informed] == informed, view.id
        assert view.cited("actor")[-1] == f"Arnhem Fase 1, {cell}", view.id
        assert set(view.cited("informed")) == {f"Arnhem Fase 1, {cell}"}, view.id
        assert "keuze_best_practice" in view.open_points, view.id
    graph = route_graph(draft, scenario)
    assert graph.has_edge("afwijking_gemeld", "afwijking_burgemeester")


#: Fase 2, 1.1 and 2.1 are headed "Betreft: handelen een raadslid, een wethouder of de
#: griffier" (2.1 "Betreft: handelen van een raadslid, een wethouder of de griffier");
#: about the burgemeester Arnhem has only 1.2 ("is de CvdK eindverantwoordelijk voor een
#: zorgvuldige procesgang") and 2.2 ("Een onderzoek naar het handelen van de burgemeester
#: is aan de Commissaris van de Koning in de provincie overgelaten").
FASE_2_OTHER_SUBJECTS = {"Arnhem Fase 2, 1.1", "Arnhem Fase 2, 2.1"}


@pytest.mark.parametrize("step", ["melder_geinformeerd", "aangifte", "strafzaak",
                                  "onderzoeksopdracht", "onderzoek", "wederhoor", "rapport"])
def test_fase_2_about_the_burgemeester_cites_no_paragraph_about_others(
        draft: Protocol, step: str) -> None:
    """What 1.1 and 2.1 say (the melder informed, the aangifte, the presidium informed,
    professional onderzoekers, hoor en wederhoor on the concept report, "Het onderzoek
    mondt uit in een schriftelijk rapport") is cited about a raadslid or wethouder; about
    the burgemeester the concept carries it over, uncited, under the open point
    burgemeester_als_betrokkene."""
    for reporter in ("raadslid", "wethouder", "burger"):
        about_him = resolve_step(draft, step, Scenario(reporter, "burgemeester", "uitgevoerd"))
        assert not set(about_him.source) & FASE_2_OTHER_SUBJECTS, (step, about_him.source)
        assert "burgemeester_als_betrokkene" in about_him.open_points, step
        about_other = resolve_step(draft, step, Scenario(reporter, "raadslid", "uitgevoerd"))
        assert set(about_other.source) & FASE_2_OTHER_SUBJECTS, (step, about_other.source)
        assert "burgemeester_als_betrokkene" not in about_other.open_points, step


def test_the_cvdks_onderzoeksopdracht_cites_2_2_only(draft: Protocol) -> None:
    """The audit found "Geeft opdracht tot onderzoek: ... CvdK [Arnhem Fase 2, 2.1; Arnhem
    Fase 2, 2.2]": 2.1 gives the opdracht to the burgemeester about "een wethouder, een
    raadslid of een griffiefunctionaris"; 2.2 leaves the onderzoek into the burgemeester to
    the CvdK."""
    answers = responsibilities(draft, Scenario("raadslid", "burgemeester", "uitgevoerd"))
    cited = [c for c in answers.sources["commissions_investigation"] if c.startswith("Arnhem Fase 2")]
    assert cited == ["Arnhem Fase 2, 2.2"]


def test_the_eindoordeel_on_the_burgemeester_shows_arnhems_two_readings(draft: Protocol) -> None:
    """Arnhem 3.3: "De stappen die moeten worden ondernomen naar aanleiding van een
    ingesteld onderzoek naar het handelen van de burgemeester is aan de Commissaris van
    de Koning in de provincie overgelaten"; the Samenvatting van rollen en taken: the
    gemeenteraad "Velt het eindoordeel over de uitkomsten van onderzoek naar een
    vermoedelijke schending door een raadslid, een wethouder of de burgemeester".
    arnhem.yaml records both readings (eindoordeel_burgemeester); the Aalsmeer proposal
    taken from it does too, about the burgemeester only, and stays open."""
    note = next(a for a in draft.ambiguities if a.id == "eindoordeel_burgemeester")
    readings = {r.id: citations(r.source) for r in note.readings}
    assert "Arnhem Fase 3, 3.3" in readings["cvdk"]
    assert "Arnhem Samenvatting van rollen en taken" in readings["gemeenteraad"]
    assert note.when is not None and holds(draft, note.when, Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert not holds(draft, note.when, Scenario("raadslid", "wethouder", "uitgevoerd"))
    assert "oordeel_raad" in note.affects
    view = resolve_step(draft, "oordeel_raad", Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert "burgemeester_als_betrokkene" in view.open_points


@pytest.mark.parametrize("side", ["--subject", "--reporter"])
def test_a_fractievoorzitter_is_an_open_question_not_a_settled_no(
        capsys: pytest.CaptureFixture[str], side: str) -> None:
    """The plan names fractievoorzitters only in Bijlage 1, as possible members of the
    stuurgroep ("Fractievoorzitters voordragen heeft voor- en nadelen. Het risico is dat
    het al snel een verkapt fractieoverleg wordt"), and gives the raad one code (Stap 2).
    The Arnhem proposal has "een vertrouwelijk overleg van de burgemeester en de
    fractievoorzitters" about a raadslid (Fase 3, 3.1) and says nothing of a case about a
    fractievoorzitter himself. Asked about one, the concept answers with that open
    question, never "is geen betrokkene in dit protocol"."""
    from tests.helpers import run_cli

    other = "--reporter" if side == "--subject" else "--subject"
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", str(DRAFT), side,
                           "fractievoorzitter", other, "raadslid", "--act", "uitgevoerd")
    assert code == 2, err
    assert "onder dit protocol valt, is nog open" in err, err
    assert "(fractievoorzitter_als_betrokkene)" in err
    assert "geen betrokkene" not in err and "geen melder" not in err


@pytest.mark.parametrize(("step_id", "field"), [("melder_geinformeerd", "informed"),
                                              ("uitkomst_geen_schending", "informed"),
                                              ("vooronderzoek", "heard")])
def test_whom_the_cvdk_tells_or_hears_about_the_burgemeester_is_carried_over_and_marked(
        draft: Protocol, step_id: str, field: str) -> None:
    """Arnhem 1.1 ("De burgemeester informeert de melder hierover en, indien dat gepast
    is, ook degene op wie de melding betrekking had") and 3.1 ("deelt de burgemeester de
    onderzoeksresultaten in principe alleen met het raadslid dat onder verdenking stond,
    de melder, de griffier en de fractievoorzitters") are about a raadslid (1.1 also a
    wethouder); about the burgemeester 1.2 makes the CvdK "eindverantwoordelijk voor een
    zorgvuldige procesgang" and 3.3 leaves "De stappen ... naar aanleiding van een
    ingesteld onderzoek" to him, naming nobody he tells. Only a burger's right to hear
    what was done with his melding holds for every subject (voetnoot 8: "wel wordt hij
    geinformeerd over wat er met de melding is gedaan"). So each party told about a
    cleared burgemeester is either cited to voetnoot 8 or marked as carried over
    (burgemeester_als_betrokkene), never cited to or silently copied from 1.1 or 3.1.
    Likewise whom the CvdK hears in the vooronderzoek: 1.1 has "altijd een gesprek met de
    melder" and "Ook een gesprek met degene op wie de melding betrekking heeft", about a
    raadslid or wethouder (and a burger "speelt in het traject verder geen rol")."""
    step = next(s for s in draft.steps if s.id == step_id)
    for reporter in ("raadslid", "wethouder", "burger"):
        scenario = Scenario(reporter, "burgemeester", "uitgevoerd")
        entries = [e for e in getattr(step, field)
                   if not isinstance(e, str) and (e.when is None or holds(draft, e.when, scenario))]
        assert entries, (step_id, reporter)
        for entry in entries:
            cited = citations(entry.source)
            assert not {"Arnhem Fase 2, 1.1", "Arnhem Fase 3, 3.1"} & set(cited), (step_id, entry)
            if cited:
                assert cited == ["Arnhem voetnoot 8"] and entry.role == "melder"
                assert reporter == "burger"
            else:
                assert entry.open == "burgemeester_als_betrokkene", (step_id, reporter, entry)


@pytest.mark.parametrize("step_id", ["reflectie", "nazorg"])
def test_who_reflects_is_open_and_no_proposal_of_arnhem(
        draft: Protocol, capsys: pytest.CaptureFixture[str], step_id: str) -> None:
    """Arnhem Fase 4, 4.1: "Daarom is in de regel na afronding van een
    integriteitsvraagstuk een korte reflectie geboden" and "Dan is doorgaans ook een vorm
    van nazorg geboden" - nobody is named; only the evaluatiegesprek is the
    burgemeester's ("kan de burgemeester een evaluatiegesprek met dit raadslid of deze
    wethouder inplannen"). The plan gives the stuurgroep the evaluation of the policy,
    not of a case (Bijlage 1). So whoever the concept names there is open, and never
    shown as a proposal taken from Arnhem."""
    from tests.helpers import run_cli

    sc = Scenario("raadslid", "raadslid", "uitgevoerd")
    view = resolve_step(draft, step_id, sc)
    assert "wie_reflecteert" in view.open_points
    [point] = [p for p in draft.open_points if p.id == "wie_reflecteert"]
    assert point.proposal_from is None
    for other in draft.open_points:
        if other.proposal_from is not None:
            assert step_id not in other.affects, other.id
    code, out, _ = run_cli(capsys, "route", str(DRAFT), "--reporter", "raadslid", "--subject",
                           "raadslid", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0
    block = out.split(view.title, 1)[1].split("\n\n", 1)[0]
    assert "(wie_reflecteert)" in block and "ontleend aan Arnhem" not in block


def test_the_registration_is_arnhems_four_yearly_overview(draft: Protocol) -> None:
    """Arnhem 4.2: "Eens per vier jaar maken de griffier en de gemeentesecretaris,
    eventueel met hulp van interne of externe deskundigen, ter bespreking in de
    gemeenteraad en het college B&W een geanonimiseerd overzicht van de lessen die
    getrokken kunnen worden uit adviezen die zijn gegeven en uit de resultaten van
    vooronderzoek en integriteitsonderzoek." The step a case ends with is its place in
    that overview, made by the two together once every four years - not a record they
    make after each case."""
    view = resolve_step(draft, "registratie", Scenario("raadslid", "raadslid", "uitgevoerd"))
    assert [a.role for a in view.actors] == ["griffier", "gemeentesecretaris"] and view.joint
    assert "eens per vier jaar" in view.title
    assert view.cited("step")[0] == "Arnhem Fase 4, 4.2"


def fase_1_admissions(protocol: Protocol, subject: str) -> list[tuple[Scenario, nx.DiGraph]]:
    """The scenarios about ``subject`` whose route has the betrokkene report his own
    admission in Fase 1 (erkenning_gemeld), with their route graphs."""
    found = []
    for scenario in scenario_space(protocol):
        if scenario.subject == subject:
            graph = route_graph(protocol, scenario)
            if "erkenning_gemeld" in graph:
                found.append((scenario, graph))
    return found


def test_a_fase_1_admission_by_the_burgemeester_goes_to_the_raads_own_judgement(
        draft: Protocol) -> None:
    """Arnhem Fase 1, 1.4 b (and 2.4 b): "Als de burgemeester erkent mogelijk een
    schending te hebben begaan, meldt deze dit zelf bij de CvdK en informeert het college
    en de gemeenteraad hierover. (Zie verder onder 3.1.b.)"; 3.1 b: "De raad beoordeelt
    zelfstandig de politieke consequenties (zie fase 3)". Fase 3, 3.3 covers only "De
    stappen die moeten worden ondernomen naar aanleiding van een ingesteld onderzoek", so
    after an admission in Fase 1 no step cites it and the CvdK acts in none."""
    admitted = fase_1_admissions(draft, "burgemeester")
    for scenario, graph in admitted:
        (gemeld,) = graph.nodes["erkenning_gemeld"]["view"].outcomes
        assert (gemeld.next, gemeld.next_source) == ("oordeel_raad", ("Arnhem Fase 1, 3.1 b",))
        for node in nx.descendants(graph, "erkenning_gemeld"):
            view: StepView = graph.nodes[node]["view"]
            assert "cvdk" not in {a.role for a in view.actors}, (scenario, node)
            assert "Arnhem Fase 3, 3.3" not in view.cited("actor", "step"), (scenario, node)
    assert len(admitted) == 3


def test_a_wethouders_fase_1_admission_goes_to_the_raad_without_the_burgemeester(
        draft: Protocol) -> None:
    """Arnhem Fase 1, 2.1 b: "Als de gedeelde conclusie van dit gesprek is dat er inderdaad
    sprake is van een schending, zal de wethouder in ieder geval het college en de
    gemeenteraad informeren ... De raad beoordeelt zelfstandig de politieke consequenties,
    zonder dat de burgemeester eerst een zwaarte-oordeel heeft geveld" (2.3 b: "informeert
    deze zelf het college B&W en de gemeenteraad hierover. (Zie verder onder 2.1.b. ...)";
    3.3 b the same). The wethouder informs the raad himself: no step has the burgemeester
    put the case to the raad, and no step of Fase 3 cites 2.1 b for the burgemeester
    acting (in Fase 1 2.1 b has the wethouder and the gemeentesecretaris "gaan ze samen
    naar de burgemeester"). The
    press is still told "Kort voor de raadsvergadering" (Communicatie, "Bij sanctionering
    van een wethouder"), after the admission."""
    admitted = fase_1_admissions(draft, "wethouder")
    for scenario, graph in admitted:
        (gemeld,) = graph.nodes["erkenning_gemeld"]["view"].outcomes
        assert gemeld.next == "pers_informeren", scenario
        assert "Arnhem Fase 1, 2.1 b" in gemeld.next_source
        after = nx.descendants(graph, "erkenning_gemeld")
        assert "voorleggen_raad" not in after and "zwaarte_oordeel" not in after, scenario
        assert "oordeel_raad" in after
        for node in graph:
            view: StepView = graph.nodes[node]["view"]
            if view.phase == "oordelen_sanctioneren" and "burgemeester" in {
                    a.role for a in view.actors}:
                assert "Arnhem Fase 1, 2.1 b" not in view.cited("actor"), (scenario, node)
        speakers = responsibilities(draft, scenario).speakers
        assert any(sp["from"] == "erkenning_gemeld" for sp in speakers), speakers
    assert len(admitted) == 3    # the wethouder himself, a collega-wethouder, the burgemeester


@pytest.mark.parametrize(("reporter", "subject", "own", "step"), [
    ("raadslid", "raadslid", True, "gesprek_burgemeester"),
    ("burgemeester", "burgemeester", True, "gesprek_burgemeester"),
    ("raadslid", "raadslid", False, "aanspreken"),
    ("wethouder", "burgemeester", False, "aanspreken"),
])
def test_afgedaan_after_a_talk_shows_arnhems_reading_choice(
        draft: Protocol, capsys: pytest.CaptureFixture[str], reporter: str, subject: str,
        own: bool, step: str) -> None:
    """Arnhem 1.2 b: "Als de gedeelde conclusie is dat er geen sprake is van een
    schending, is de zaak afgedaan" stands with the advice; after the talk that follows
    the cell does not say the case is afgedaan. arnhem.yaml records that as two readings
    (afgedaan_na_gesprek); Aalsmeer's proposal makes the same choice and shows it, open
    under keuze_best_practice."""
    [note] = [a for a in draft.ambiguities if a.id == "afgedaan_na_gesprek"]
    assert note.chosen == "alleen_na_advies" and len(note.readings) == 2
    assert "keuze_best_practice" in note.reason and "ontleend aan Arnhem" in note.reason
    view = resolve_step(draft, step, Scenario(reporter, subject, "uitgevoerd", own))
    assert "afgedaan_na_gesprek" in view.ambiguities
    from tests.helpers import run_cli

    args = [str(DRAFT), "--reporter", reporter, "--subject", subject, "--act",
            "uitgevoerd", "--lang", "nl"] + (["--own"] if own else [])
    code, out, _ = run_cli(capsys, "route", *args)
    assert code == 0
    assert "Rust op een keuze tussen lezingen: Is de zaak afgedaan als na het gesprek" in out
    assert "Keuze tussen lezingen (afgedaan_na_gesprek)" in out


#: Fase 1 outcomes that pass registratie where the text itself says what happens, so that
#: no reading of "is de zaak afgedaan" bears on them: an advice that is followed
#: (1.1 a, Communicatie: "Adviezen die worden opgevolgd blijven vertrouwelijk"), a
#: departure from it that is reported ("meldt het raadslid dit zelf aan de gemeenteraad.
#: Laat het raadslid dit na, dan doet de burgemeester het"), the CvdK's advice on the
#: burgemeester's intent (1.4 a: "De vervolgstappen zijn afhankelijk van de initiatieven
#: op dit punt van de CvdK").
SAID_BY_THE_TEXT = {("advies_burgemeester", "opgevolgd"), ("afwijking_gemeld", "gemeld"),
                    ("afwijking_burgemeester", "gemeld"), ("advies_cvdk", "geadviseerd")}


def test_every_fase_1_close_without_afgedaan_rests_on_the_reading(draft: Protocol) -> None:
    """Arnhem says "is de zaak afgedaan" only after the advice, where "de gedeelde
    conclusie is dat er geen sprake is van een schending" (1.1 b, 1.2 b, 1.3 b, 1.4 b,
    2.1 b-2.4 b, 3.1 b) or "dat de voorgenomen handeling geen schending is" (1.1 a, 1.4 a,
    2.1 a, 2.4 a, 3.1 a). After a talk - with the betrokkene ("Het raadslid bespreekt dit
    met de ander", 1.2 a; "gaat het raadslid in gesprek met het collega-raadslid", 1.2 b),
    with the burgemeester (1.1 b "gaan ze samen naar de burgemeester"; 1.4 a about his
    own intent) or with the CvdK (3.1 b) - and after the advice that follows a talk (1.2 a,
    1.3 a, 2.2 a, 2.3 a) the cell does not say it. So every Fase 1 outcome, for every
    subject and act, that closes the doubt and passes registratie instead of afgedaan rests
    on the choice between the two readings of afgedaan_na_gesprek, and route shows it
    there; only the outcomes whose next step the text itself names are exempt."""
    from tests.helpers import registratie_closes_marked

    [note] = [a for a in draft.ambiguities if a.id == "afgedaan_na_gesprek"]
    marked = registratie_closes_marked(draft, "afgedaan_na_gesprek", "bespreken_melden",
                                       SAID_BY_THE_TEXT)
    # The talks of both kinds of act are among them.
    assert {("aanspreken", "opgehelderd"), ("gesprek_burgemeester", "geen_schending"),
            ("aanspreken_voornemen", "gedeelde_conclusie"),
            ("voornemen_burgemeester", "voornemen_opgegeven")} <= marked
    # Where the cell says "is de zaak afgedaan" the outcome goes there, unmarked by the note.
    for scenario, view in views(draft):
        for outcome in view.outcomes:
            if outcome.next == "afgedaan":
                assert f"{view.id}.{outcome.id}" not in note.affects, (scenario, view.id)


def test_wederhoor_follows_arnhems_reading_of_the_passive_2_1(draft: Protocol) -> None:
    """Arnhem Fase 2, 2.1: "Nadat de burgemeester de conceptversie heeft gelezen, wordt
    deze ter inzage voorgelegd aan degene wiens handelen is onderzocht in het kader van
    hoor en wederhoor" - passive. arnhem.yaml reads the burgemeester (wederhoor, actor
    burgemeester); the proposal cites 2.1 for that reading only, shows the other
    (onderzoeker), and stays open under keuze_best_practice."""
    arnhem = load_protocol(DRAFT.parent / "arnhem.yaml").protocol
    assert arnhem is not None
    for subject in ("raadslid", "wethouder"):
        sc = Scenario("raadslid", subject, "uitgevoerd")
        view = resolve_step(draft, "wederhoor", sc)
        assert view.actor.role == resolve_step(arnhem, "wederhoor", sc).actor.role == "burgemeester"
        assert view.cited("actor") == ("Arnhem Fase 2, 2.1",)
        assert "wie_legt_concept_voor" in view.ambiguities
    [note] = [a for a in draft.ambiguities if a.id == "wie_legt_concept_voor"]
    assert note.chosen == "burgemeester"
    assert {r.id for r in note.readings} == {"burgemeester", "onderzoeker"}
    assert "keuze_best_practice" in note.reason


def test_the_cvdk_is_marked_as_taken_from_arnhem_with_the_province_filled_in(
        draft: Protocol) -> None:
    """Audit 10, AL4. The plan van aanpak names no Commissaris van de Koning and no
    province; Arnhem's text, where the role comes from, offers its procesafspraken to the
    "CvdK van de provincie Gelderland". The role cites only Arnhem sections, so its name
    "(Noord-Holland)" is no citation: the description says where the role comes from and
    that the province is filled in by the concept."""
    role = draft.role("cvdk")
    assert role is not None and role.name == "Commissaris van de Koning (Noord-Holland)"
    assert all(c.startswith("Arnhem ") for c in citations(role.source))
    said = " ".join((role.description or "").split())
    assert "Het plan van aanpak noemt geen Commissaris van de Koning" in said
    assert "overgenomen uit het Arnhemse model" in said
    assert "De provincie Noord-Holland is door dit concept ingevuld" in said
