"""The BPMN 2.0 export (issue 18): valid against the OMG XSD, laid out, and — run in
SpiffWorkflow, a BPMN engine none of us wrote — behaving exactly as protocolkit's
:class:`~protocolkit.engine.CaseEngine`.

The differential runs complete the ready user tasks with the outcome choices of a
seeded random generator (deterministic), recording the same outcomes in a protocolkit
case, and compare the ready tasks with the case's open steps after every event.
Runtime is bounded: scenarios whose route graphs have the same structure (steps,
outcomes, targets, tracks) export processes that behave alike, so one scenario per
structure is run (with two seeds), and a run stops after 40 events (loops).
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import XSD_PATH, BpmnParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from protocolkit.engine import CaseEngine
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.format.vocabulary import not_assigned
from protocolkit.present.bpmn import (
    BPMN_NS,
    CAMUNDA_NS,
    PK_NS,
    BpmnExportError,
    bpmn_svg,
    scenario_groups,
    scenario_variables,
    to_bpmn,
    track_merges,
)
from protocolkit.semantics import (
    Scenario,
    fact_conditions,
    refusal,
    route_graph,
    scenario_space,
)
from tests.helpers import run_cli
from tests.strategies import examples, protocols

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "protocols").glob("*.yaml")) + [
    ROOT / "tests/data/constructs.yaml", ROOT / "tests/data/minimal.yaml",
    ROOT / "tests/data/join.yaml"]
NS = {"bpmn": BPMN_NS, "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC",
      "di": "http://www.omg.org/spec/DD/20100524/DI"}
OPENED = "2025-01-06"
_ISO_DURATION = re.compile(r"P\d+[DW]")


def _answered(protocol: Protocol) -> list[Scenario]:
    return [s for s in scenario_space(protocol) if refusal(protocol, s) is None]


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(XSD_PATH))


class _IsoTimers(PythonScriptEngine):  # type: ignore[misc]
    """SpiffWorkflow evaluates timer expressions as Python; the export writes plain
    ISO-8601 durations (as Camunda and Flowable read them), so they pass as text."""

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> Any:
        if _ISO_DURATION.fullmatch(expression.strip()):
            return expression.strip()
        return super().evaluate(task, expression, external_context)


def _spec(xml: str) -> Any:
    parser = BpmnParser()
    parser.add_bpmn_str(xml.encode("utf-8"))
    return parser.get_spec(parser.get_process_ids()[0])


def _workflow(xml: str | Any, variables: dict[str, str] | None = None) -> BpmnWorkflow:
    """A started workflow of the export (or of a parsed spec), with the scenario
    variables set for the all-scenario export."""
    workflow = BpmnWorkflow(_spec(xml) if isinstance(xml, str) else xml,
                            script_engine=_IsoTimers())
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(variables or {})
    workflow.do_engine_steps()
    return workflow


def _step_of(task: Any) -> str:
    """The step id of a task: ``Task_<step>`` (``_r<n>`` appended in the all-scenario
    export)."""
    return str(re.sub(r"_r\d+$", "", task.task_spec.bpmn_id).removeprefix("Task_"))


def _ready(workflow: BpmnWorkflow) -> list[str]:
    """The ready user tasks as step ids, with repeats (two instances of one step)."""
    return sorted(_step_of(t) for t in workflow.get_tasks(state=TaskState.READY, manual=True))


def _complete(workflow: BpmnWorkflow, step: str, outcome: str) -> None:
    task = next(t for t in workflow.get_tasks(state=TaskState.READY, manual=True)
                if _step_of(t) == step)
    task.data["outcome"] = outcome
    task.run()
    workflow.do_engine_steps()


def differential(engine: CaseEngine, protocol: Protocol, scenario: Scenario, seed: int,
                 limit: int = 40, spec: Any = None) -> list[tuple[str, str]]:
    """Run the export in SpiffWorkflow and a protocolkit case side by side with the same
    seeded outcome choices; assert the ready tasks equal the open steps at every point
    and that both end together. Returns the events recorded. With ``spec`` (the parsed
    all-scenario export) the scenario is given as process variables."""
    workflow = (_workflow(to_bpmn(protocol, scenario)) if spec is None else
                _workflow(spec, {n: str(scenario.value(n))
                                 for n in scenario_variables(protocol)}))
    case = engine.open(protocol, scenario, opened=OPENED)
    rng = random.Random(seed)
    events: list[tuple[str, str]] = []
    try:
        for _ in range(limit):
            open_steps = sorted(s.step for s in case.open_steps(as_of=OPENED))
            assert _ready(workflow) == open_steps, (scenario.label(), events)
            if not open_steps:
                # Both end together; or both wait at a join for a track that never comes.
                assert workflow.is_completed() == (case.closed is not None), (
                    scenario.label(), events)
                break
            accepts = case.accepts()
            step = rng.choice(sorted(accepts))
            # Outcomes that require case facts (``requires``) are refused without them:
            # BPMN cannot express that guard (docs/bpmn.md), so they are not chosen.
            choices = sorted(o for o in accepts[step] if not fact_conditions(protocol).get(
                (step, o)))
            if not choices:
                break
            outcome = rng.choice(choices)
            case.record(step, outcome, OPENED)
            _complete(workflow, step, outcome)
            events.append((step, outcome))
    finally:
        case.drop()
    return events


def _structures(protocol: Protocol) -> list[Scenario]:
    """One answered scenario per distinct route-graph structure."""
    seen: dict[Any, Scenario] = {}
    for scenario in _answered(protocol):
        graph = route_graph(protocol, scenario)
        key = (graph.graph["entry"], tuple(sorted(
            (n, tuple((o.id, o.next, o.tracks) for o in graph.nodes[n]["view"].outcomes))
            for n in graph)))
        seen.setdefault(key, scenario)
    return list(seen.values())


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_scenario_exports_valid_bpmn(path: Path, schema: etree.XMLSchema) -> None:
    protocol = load_protocol(path).protocol
    scenarios = _answered(protocol)
    assert scenarios
    for scenario in scenarios:
        document = etree.fromstring(to_bpmn(protocol, scenario).encode("utf-8"))
        assert schema.validate(document), (scenario.label(), str(schema.error_log))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_lanes_and_candidate_groups_are_the_effective_actors(path: Path) -> None:
    protocol = load_protocol(path).protocol
    for scenario in _structures(protocol)[:10]:
        root = ET.fromstring(to_bpmn(protocol, scenario))
        lane_of = {ref.text: lane.get(f"{{{PK_NS}}}role")
                   for lane in root.iterfind(".//bpmn:lane", NS)
                   for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
        names = protocol.role_names()       # a lane reads as the role's name, not its id
        for lane in root.iterfind(".//bpmn:lane", NS):
            role = lane.get(f"{{{PK_NS}}}role")
            assert lane.get("name") == (names[role] if role else not_assigned("en"))
        graph = route_graph(protocol, scenario)
        tasks = {t.get(f"{{{PK_NS}}}step"): t for t in root.iterfind(".//bpmn:userTask", NS)}
        ends = {e.get(f"{{{PK_NS}}}step") for e in root.iterfind(".//bpmn:endEvent", NS)}
        for step in graph:
            view = graph.nodes[step]["view"]
            if view.end:
                assert step in ends
                continue
            task = tasks[step]
            assert lane_of[task.get("id")] == view.actor.role
            # a choice ("en/of", any_of): whoever of them claims the task
            assert task.get(f"{{{CAMUNDA_NS}}}candidateGroups") == (
                ",".join(a.role for a in view.actors) if view.any_of else view.actor.role)
            assert task.get(f"{{{PK_NS}}}actors") == " ".join(a.role for a in view.actors)
            assert task.get("name") == view.title


def test_joint_step_lists_every_actor_and_substitute_is_the_lane() -> None:
    protocol = load_protocol(ROOT / "tests/data/constructs.yaml").protocol
    root = ET.fromstring(to_bpmn(protocol, Scenario("raadslid", "raadslid", "uitgevoerd")))
    driehoek = root.find(".//bpmn:userTask[@id='Task_driehoek']", NS)
    assert driehoek is not None
    assert driehoek.get(f"{{{PK_NS}}}actors") == "burgemeester griffier gemeentesecretaris"
    root = ET.fromstring(to_bpmn(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd")))
    task = root.find(".//bpmn:userTask[@id='Task_vooronderzoek']", NS)
    assert task is not None
    assert task.get(f"{{{CAMUNDA_NS}}}candidateGroups") == "cvdk"
    assert task.get(f"{{{PK_NS}}}standsInFor") == "burgemeester"
    lanes = {lane.get(f"{{{PK_NS}}}role"): lane.get("name")
             for lane in root.iterfind(".//bpmn:lane", NS)}
    assert lanes["cvdk"] == protocol.role_names()["cvdk"] != "cvdk"


def test_deadlines_are_boundary_timers_with_the_calendar_for_werkdagen() -> None:
    protocol = load_protocol(ROOT / "tests/data/minimal.yaml").protocol
    root = ET.fromstring(to_bpmn(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd")))
    timers = {t.get("attachedToRef"): t for t in root.iterfind(".//bpmn:boundaryEvent", NS)}
    melding = timers["Task_melding"]          # 10 werkdagen in minimal.yaml
    duration = melding.find(".//bpmn:timeDuration", NS)
    assert duration is not None and duration.text == "P10D"
    assert melding.get("cancelActivity") == "false"
    assert melding.get(f"{{{PK_NS}}}unit") == "werkdagen"
    assert melding.get(f"{{{PK_NS}}}calendar") == "NL"


def test_a_term_in_words_only_has_no_timer() -> None:
    """Oostzaan art. 3.2 lid 1: "zo spoedig mogelijk een eerste screening" has no date,
    so no timer; the words travel on the task."""
    protocol = load_protocol(ROOT / "protocols/oostzaan.yaml").protocol
    scenario = Scenario("raadslid", "raadslid", "uitgevoerd",
                        attributes={"aanleiding": "vermoeden", "betrokken_functionaris": "geen"})
    root = ET.fromstring(to_bpmn(protocol, scenario))
    task = root.find(".//bpmn:userTask[@id='Task_eerste_screening']", NS)
    assert task is not None
    assert task.get(f"{{{PK_NS}}}deadlineWords") == "zo spoedig mogelijk"
    assert root.find(".//bpmn:boundaryEvent[@attachedToRef='Task_eerste_screening']", NS) is None


def test_outcomes_are_conditions_on_the_outcome_variable_and_tracks_fork() -> None:
    protocol = load_protocol(ROOT / "tests/data/constructs.yaml").protocol
    root = ET.fromstring(to_bpmn(protocol, Scenario("raadslid", "raadslid", "uitgevoerd")))
    conditions = {f.get("targetRef"): f.find("bpmn:conditionExpression", NS)
                  for f in root.iterfind(".//bpmn:sequenceFlow[@sourceRef='Gateway_vooronderzoek']",
                                         NS)}
    assert conditions["Fork_vooronderzoek_onderzoek_en_aangifte"].text == \
        'outcome == "onderzoek_en_aangifte"'   # type: ignore[union-attr]
    fork = {f.get("targetRef") for f in root.iterfind(
        ".//bpmn:sequenceFlow[@sourceRef='Fork_vooronderzoek_onderzoek_en_aangifte']", NS)}
    assert fork == {"Task_opdracht", "Task_aangifte"}
    assert root.find(".//bpmn:parallelGateway", NS) is not None


def test_protocol_text_is_escaped() -> None:
    text = (ROOT / "tests/data/minimal.yaml").read_text(encoding="utf-8")
    hostile = 'A & B <x/> "c" ]]>'
    text = text.replace("title: Melding bij de burgemeester",
                        f"title: '{hostile}'", 1)
    protocol = load_text(text, "hostile.yaml").protocol
    assert protocol is not None
    xml = to_bpmn(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd"))
    root = ET.fromstring(xml)
    assert root.find(".//bpmn:userTask[@id='Task_melding']", NS).get("name") == hostile  # type: ignore[union-attr]
    assert "<x/>" not in xml


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_diagram_is_laid_out(path: Path) -> None:
    """Every node has a shape, no two node shapes overlap, none sits at 0,0, and every
    flow has an edge with waypoints (so modelers open it as a drawing)."""
    protocol = load_protocol(path).protocol
    for scenario in _structures(protocol)[:5]:
        root = ET.fromstring(to_bpmn(protocol, scenario))
        nodes = {e.get("id") for tag in ("userTask", "exclusiveGateway", "parallelGateway",
                                         "startEvent", "endEvent", "boundaryEvent")
                 for e in root.iterfind(f".//bpmn:{tag}", NS)}
        bounds = {}
        for shape in root.iterfind(".//bpmndi:BPMNShape", NS):
            box = shape.find("dc:Bounds", NS)
            assert box is not None
            bounds[shape.get("bpmnElement")] = tuple(float(box.get(k, "0")) for k in
                                                     ("x", "y", "width", "height"))
        assert nodes <= set(bounds)
        placed = [bounds[n] for n in nodes if not n.startswith("Deadline_")]
        for i, (x, y, w, h) in enumerate(placed):
            assert (x, y) != (0, 0)
            for x2, y2, w2, h2 in placed[i + 1:]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
        flows = {f.get("id") for f in root.iterfind(".//bpmn:sequenceFlow", NS)}
        edges = {e.get("bpmnElement"): e for e in root.iterfind(".//bpmndi:BPMNEdge", NS)}
        assert flows == set(edges)
        assert all(len(e.findall("di:waypoint", NS)) >= 2 for e in edges.values())


def test_refused_scenario_is_not_exported() -> None:
    protocol = load_protocol(ROOT / "tests/data/constructs.yaml").protocol
    with pytest.raises(BpmnExportError, match="excludes"):
        to_bpmn(protocol, Scenario("burger", "raadslid", "voorgenomen"))


# --------------------------------------------------------------------------- SpiffWorkflow


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_spiffworkflow_runs_the_export_as_protocolkit_does(path: Path) -> None:
    protocol = load_protocol(path).protocol
    engine = CaseEngine()
    runs = [differential(engine, protocol, scenario, seed)
            for scenario in _structures(protocol) for seed in range(2)]
    assert any(len(events) > 2 for events in runs)


def test_parallel_track_runs_alongside_in_spiffworkflow() -> None:
    protocol = load_protocol(ROOT / "tests/data/constructs.yaml").protocol
    scenario = Scenario("raadslid", "raadslid", "uitgevoerd")
    workflow = _workflow(to_bpmn(protocol, scenario))
    case = CaseEngine().open(protocol, scenario, opened=OPENED)
    for step, outcome in [("melding", "gemeld"), ("driehoek", "twijfel"),
                          ("vooronderzoek", "onderzoek_en_aangifte")]:
        case.record(step, outcome, OPENED)
        _complete(workflow, step, outcome)
    assert _ready(workflow) == sorted(s.step for s in case.open_steps(OPENED)) == [
        "aangifte", "opdracht"]
    case.record("aangifte", "gedaan", OPENED)        # the track ends: strafzaak
    _complete(workflow, "aangifte", "gedaan")
    assert _ready(workflow) == ["opdracht"] and not workflow.is_completed()


def test_tracks_meeting_at_an_open_step_diverge_and_are_marked() -> None:
    """Pinned divergence: when a second track reaches a step that is open already,
    protocolkit's engine keeps it open once (``Case._enter``, docs/engine.md); BPMN has
    no "join if active" gateway, so SpiffWorkflow runs a second task. The export cannot
    express the merge and marks the step ``pk:joinsOpenTrack`` (docs/bpmn.md)."""
    text = (ROOT / "tests/data/constructs.yaml").read_text(encoding="utf-8").replace(
        "      - {id: gedaan, next: strafzaak}", "      - {id: gedaan, next: opdracht}")
    protocol = load_text(text, "join.yaml").protocol
    assert protocol is not None
    scenario = Scenario("raadslid", "burgemeester", "uitgevoerd")
    xml = to_bpmn(protocol, scenario)
    task = ET.fromstring(xml).find(".//bpmn:userTask[@id='Task_opdracht']", NS)
    assert task is not None and task.get(f"{{{PK_NS}}}joinsOpenTrack") == "true"
    workflow = _workflow(xml)
    case = CaseEngine().open(protocol, scenario, opened=OPENED)
    for step, outcome in [("melding", "gemeld"), ("vooronderzoek", "onderzoek_en_aangifte"),
                          ("aangifte", "gedaan")]:
        case.record(step, outcome, OPENED)
        _complete(workflow, step, outcome)
    assert [s.step for s in case.open_steps(OPENED)] == ["opdracht"]
    assert _ready(workflow) == ["opdracht", "opdracht"]
    shipped = [load_protocol(p).protocol for p in SHIPPED]
    assert all('joinsOpenTrack' not in to_bpmn(p, s) for p in shipped for s in _structures(p))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_all_scenario_export_is_valid(path: Path, schema: etree.XMLSchema) -> None:
    protocol = load_protocol(path).protocol
    root = etree.fromstring(to_bpmn(protocol).encode("utf-8"))
    assert schema.validate(root), str(schema.error_log)
    conditions = root.findall(".//{*}sequenceFlow[@sourceRef='Gateway_scenario']")
    assert len(conditions) == len(scenario_groups(protocol))


@pytest.mark.parametrize("name", ["tests/data/minimal.yaml", "tests/data/constructs.yaml",
                                  "tests/data/join.yaml", "protocols/aalsmeer_draft.yaml"])
def test_spiffworkflow_runs_the_all_scenario_export_as_protocolkit_does(name: str) -> None:
    """Every answered scenario, given as process variables to the one all-scenario
    process, takes the route protocolkit gives it (the larger Arnhem and Oostzaan
    exports are checked per scenario above, to keep the runtime modest)."""
    protocol = load_protocol(ROOT / name).protocol
    spec = _spec(to_bpmn(protocol))
    engine = CaseEngine()
    for scenario in _answered(protocol):
        differential(engine, protocol, scenario, seed=1, spec=spec)


def _join_divergence(protocol: Protocol, graph: Any) -> bool:
    """Whether a join of ``graph`` meets a case the export cannot draw as protocolkit
    runs it (docs/bpmn.md): an arrival from a step the join does not name, a join on
    a cycle (a track arriving while the join is open merges into it), or a way to the
    join around one of its awaited steps (protocolkit goes on with the tracks that were
    opened; a parallel join waits for the missing token for ever)."""
    import networkx as nx

    starts = [n for n in graph if graph.in_degree(n) == 0]
    for node in graph:
        step = protocol.step(node)
        if step is None or step.join is None:
            continue
        if set(graph.predecessors(node)) - set(step.join.waits_for):
            return True
        if any(node in cycle for cycle in nx.simple_cycles(graph)):
            return True
        for awaited in step.join.waits_for:
            around = graph.subgraph([n for n in graph if n != awaited])
            if any(start != awaited and nx.has_path(around, start, node)
                   for start in starts):
                return True
    return False


@settings(max_examples=examples(15), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(protocols())
def test_spiffworkflow_agrees_on_generated_protocols(protocol: Protocol) -> None:
    """Scenarios whose tracks can meet at a step (the pinned divergence above), whose
    join meets a case BPMN cannot draw faithfully (:func:`_join_divergence`) or whose
    outcome opens the same step twice (the engine bug the regression test below pins)
    are left out; explicit joins otherwise run as parallel gateways."""
    engine = CaseEngine()
    for scenario in _structures(protocol)[:3]:
        graph = route_graph(protocol, scenario)
        if track_merges(graph, protocol) or _join_divergence(protocol, graph) or any(
                len({o.next, *o.tracks}) < 1 + len(o.tracks)
                for n in graph for o in graph.nodes[n]["view"].outcomes):
            continue
        differential(engine, protocol, scenario, seed=len(scenario.label()))


# --------------------------------------------------------------------------- joins

JOIN = ROOT / "tests/data/join.yaml"
JOINED = Scenario("raadslid", "raadslid", "uitgevoerd")


def _flows(root: ET.Element) -> list[tuple[str, str]]:
    return [(f.get("sourceRef", ""), f.get("targetRef", ""))
            for f in root.iterfind(".//bpmn:sequenceFlow", NS)]


def _refs(root: ET.Element, element_id: str, tag: str) -> list[str]:
    """The ids of the flows an element lists as ``incoming`` or ``outgoing``."""
    element = root.find(f".//*[@id='{element_id}']")
    assert element is not None, element_id
    return [r.text or "" for r in element.iterfind(f"bpmn:{tag}", NS)]


def test_a_track_and_a_join_export_a_fork_and_a_join_gateway(schema: etree.XMLSchema) -> None:
    """tests/data/join.yaml: the aangifte opens a track beside the onderzoek, and the raad
    judges only when both are in. The export forks with one parallel gateway and joins
    with another, whose incoming flows come from the two awaited steps."""
    xml = to_bpmn(load_protocol(JOIN).protocol, JOINED)
    assert schema.validate(etree.fromstring(xml.encode("utf-8"))), str(schema.error_log)
    root = ET.fromstring(xml)
    gateways = {g.get("id"): g for g in root.iterfind(".//bpmn:parallelGateway", NS)}
    assert set(gateways) == {"Fork_beoordeling_onderzoek_en_aangifte", "Join_oordeel"}
    flows = _flows(root)
    fork = "Fork_beoordeling_onderzoek_en_aangifte"
    assert [s for s, t in flows if t == fork] == ["Gateway_beoordeling"]
    assert sorted(t for s, t in flows if s == fork) == ["Task_aangifte", "Task_onderzoek"]
    assert sorted(s for s, t in flows if t == "Join_oordeel") == [
        "Task_onderzoek", "Task_strafzaak"]
    assert [t for s, t in flows if s == "Join_oordeel"] == ["Task_oordeel"]
    assert [s for s, t in flows if t == "Task_oordeel"] == ["Join_oordeel"]
    join = gateways["Join_oordeel"]
    assert join.get("gatewayDirection") == "Converging"
    assert join.get(f"{{{PK_NS}}}waitsFor") == "onderzoek strafzaak"
    # incoming/outgoing on the elements agree with the flows.
    ids = {f.get("id"): (f.get("sourceRef"), f.get("targetRef"))
           for f in root.iterfind(".//bpmn:sequenceFlow", NS)}
    assert sorted(ids[f][0] for f in _refs(root, "Join_oordeel", "incoming")) == [
        "Task_onderzoek", "Task_strafzaak"]
    assert [ids[f][1] for f in _refs(root, "Join_oordeel", "outgoing")] == ["Task_oordeel"]
    assert len(_refs(root, fork, "incoming")) == 1 and len(_refs(root, fork, "outgoing")) == 2
    assert "joinsOpenTrack" not in xml      # the join is drawn, not marked as a divergence


def test_two_outcomes_of_an_awaited_step_meet_before_the_join(schema: etree.XMLSchema) -> None:
    """Either outcome of the onderzoek is its track's arrival: they meet in an exclusive
    gateway, so the parallel join still waits for one token per awaited step."""
    text = JOIN.read_text(encoding="utf-8")
    old = "      - {id: rapport_gereed, next: oordeel}\n"
    assert old in text
    text = text.replace(old, old + "      - {id: rapport_zonder_bevindingen, next: oordeel}\n")
    protocol = load_text(text, "join2.yaml").protocol
    assert protocol is not None
    xml = to_bpmn(protocol, JOINED)
    assert schema.validate(etree.fromstring(xml.encode("utf-8"))), str(schema.error_log)
    flows = _flows(ET.fromstring(xml))
    assert sorted(s for s, t in flows if t == "Join_oordeel") == [
        "Merge_oordeel_onderzoek", "Task_strafzaak"]
    assert [s for s, t in flows if t == "Merge_oordeel_onderzoek"] == [
        "Gateway_onderzoek", "Gateway_onderzoek"]
    for seed in range(4):
        differential(CaseEngine(), protocol, JOINED, seed)


def test_spiffworkflow_waits_at_the_join_as_protocolkit_does() -> None:
    protocol = load_protocol(JOIN).protocol
    workflow = _workflow(to_bpmn(protocol, JOINED))
    case = CaseEngine().open(protocol, JOINED, opened=OPENED)
    for step, outcome in [("melding", "gemeld"), ("beoordeling", "onderzoek_en_aangifte"),
                          ("onderzoek", "rapport_gereed"), ("aangifte", "gedaan")]:
        case.record(step, outcome, OPENED)
        _complete(workflow, step, outcome)
    # The report is in, the criminal case is not: the raad does not judge yet.
    assert _ready(workflow) == sorted(s.step for s in case.open_steps(OPENED)) == ["strafzaak"]
    case.record("strafzaak", "afgerond", OPENED)
    _complete(workflow, "strafzaak", "afgerond")
    assert _ready(workflow) == sorted(s.step for s in case.open_steps(OPENED)) == ["oordeel"]
    case.record("oordeel", "geen_sanctie", OPENED)
    _complete(workflow, "oordeel", "geen_sanctie")
    assert workflow.is_completed() and case.closed is not None
    for seed in range(6):
        differential(CaseEngine(), protocol, JOINED, seed)


def test_an_outcome_that_opens_its_next_step_as_a_track_too_is_recorded() -> None:
    """Regression: found by the differential test on generated protocols, where the
    plan expected the step twice while the rules opened it once (EngineError)."""
    text = (ROOT / "tests/data/constructs.yaml").read_text(encoding="utf-8").replace(
        "        tracks: [aangifte]", "        tracks: [opdracht]")
    protocol = load_text(text, "twice.yaml").protocol
    assert protocol is not None
    case = CaseEngine().open(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd"),
                             opened=OPENED)
    case.record("melding", "gemeld", OPENED)
    assert case.record("vooronderzoek", "onderzoek_en_aangifte", OPENED) == ("opdracht",)


# --------------------------------------------------------------------------- CLI


def test_cli_exports_and_refuses_to_overwrite_its_input(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, schema: etree.XMLSchema) -> None:
    out = tmp_path / "arnhem.bpmn"
    code, stdout, _ = run_cli(capsys, "export", str(ROOT / "protocols/arnhem.yaml"),
                              "--format", "bpmn", "--scenario", "raadslid:burgemeester:uitgevoerd",
                              "-o", str(out))
    assert code == 0 and str(out) in stdout
    assert schema.validate(etree.parse(str(out)))
    copy = tmp_path / "in.yaml"
    copy.write_text((ROOT / "tests/data/minimal.yaml").read_text(encoding="utf-8"))
    before = copy.read_text(encoding="utf-8")
    code, _, err = run_cli(capsys, "export", str(copy), "--scenario",
                           "raadslid:burgemeester:uitgevoerd", "-o", str(copy))
    assert code == 2 and "refusing to overwrite" in err
    assert copy.read_text(encoding="utf-8") == before


def test_cli_refused_scenario_and_bad_scenario_argument(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "x.bpmn"
    code, _, err = run_cli(capsys, "export", str(ROOT / "tests/data/constructs.yaml"),
                           "--scenario", "burger:raadslid:voorgenomen", "-o", str(out))
    assert code == 1 and "scenario-not-covered" in err and not out.exists()
    code, _, err = run_cli(capsys, "export", str(ROOT / "tests/data/constructs.yaml"),
                           "--scenario", "raadslid:raadslid", "-o", str(out))
    assert code == 2 and "REPORTER:SUBJECT:ACT" in err
    code, _, _ = run_cli(capsys, "export", str(ROOT / "tests/data/constructs.yaml"),
                         "--reporter", "raadslid", "--subject", "raadslid", "--act",
                         "uitgevoerd", "-o", str(out))
    assert code == 0 and out.exists()
    code, _, err = run_cli(capsys, "export", str(ROOT / "tests/data/constructs.yaml"),
                           "--reporter", "raadslid", "-o", str(out))
    assert code == 2 and "--subject" in err


def test_cli_without_scenario_exports_every_scenario(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "alle.bpmn"
    code, stdout, _ = run_cli(capsys, "export", str(ROOT / "tests/data/constructs.yaml"),
                              "-o", str(out), "--lang", "nl")
    assert code == 0 and "alle scenario's" in stdout
    root = ET.parse(out).getroot()
    protocol = load_protocol(ROOT / "tests/data/constructs.yaml").protocol
    assert len(root.findall(".//bpmn:sequenceFlow[@sourceRef='Gateway_scenario']", NS)) == \
        len(scenario_groups(protocol))


# --------------------------------------------------------------------------- drawing

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("path", SHIPPED[:3], ids=lambda p: p.stem)
def test_svg_draws_every_task_lane_and_flow_of_the_export(path: Path) -> None:
    protocol = load_protocol(path).protocol
    scenario = _structures(protocol)[0]
    xml = to_bpmn(protocol, scenario)
    bpmn = ET.fromstring(xml)
    svg = ET.fromstring(bpmn_svg(xml))
    steps = sorted(t.get(f"{{{PK_NS}}}step", "") for t in bpmn.iterfind(".//bpmn:userTask", NS))
    drawn = sorted(r.get("data-step", "") for r in svg.iter(f"{SVG}rect") if r.get("data-step"))
    assert drawn == steps
    texts = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    for lane in bpmn.iterfind(".//bpmn:lane", NS):
        assert lane.get("name", "") in texts
    flows = bpmn.findall(".//bpmn:sequenceFlow", NS)
    assert len(list(svg.iter(f"{SVG}polyline"))) == len(flows)
    assert float(svg.get("width", "0")) > 300 and float(svg.get("height", "0")) > 100


def test_cli_svg_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "route.svg"
    code, _, _ = run_cli(capsys, "export", str(ROOT / "tests/data/minimal.yaml"), "--format",
                         "svg", "--scenario", "raadslid:burgemeester:uitgevoerd", "-o", str(out))
    assert code == 0
    drawn = out.read_text("utf-8")
    assert ET.parse(out).getroot().tag == f"{SVG}svg"
    assert "Commissaris van" in drawn and ">cvdk<" not in drawn     # the lane by its name


def test_exported_diagrams_in_a_headless_browser(tmp_path: Path, browser: Any) -> None:
    """The three shipped protocols' exports, drawn from their DI coordinates, show in
    Chromium as a route a person can follow: every task box visible, inside the drawing,
    no two task boxes overlapping; a screenshot of each is taken."""
    from selenium.webdriver.common.by import By

    driver = browser
    for path, scenario in [
            (ROOT / "protocols/arnhem.yaml", Scenario("raadslid", "burgemeester", "uitgevoerd")),
            (ROOT / "protocols/oostzaan.yaml", Scenario("raadslid", "wethouder", "uitgevoerd",
                                                         attributes={"aanleiding": "vermoeden"})),
            (ROOT / "protocols/aalsmeer_draft.yaml",
             Scenario("raadslid", "raadslid", "uitgevoerd"))]:
        protocol = load_protocol(path).protocol
        page = tmp_path / f"{path.stem}.svg"
        page.write_text(bpmn_svg(to_bpmn(protocol, scenario)), encoding="utf-8")
        driver.get(page.as_uri())
        svg = driver.find_element(By.TAG_NAME, "svg")
        assert svg.size["width"] > 300 and svg.size["height"] > 100
        boxes = [r.rect for r in driver.find_elements(By.CSS_SELECTOR, "rect[data-step]")]
        assert boxes
        for i, a in enumerate(boxes):
            assert a["width"] > 50 and a["height"] > 30
            assert svg.rect["x"] - 1 <= a["x"]
            assert a["x"] + a["width"] <= svg.rect["x"] + svg.rect["width"] + 1
            for b in boxes[i + 1:]:
                assert (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                        or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
        # Outcome names near gateways no longer lie on top of each other or of a box.
        labels = [r.rect for r in driver.find_elements(By.CSS_SELECTOR, "text.flow-label")]
        assert labels
        for i, a in enumerate(labels):
            for b in [*labels[i + 1:], *boxes]:
                assert (a["x"] + a["width"] <= b["x"] + 1 or b["x"] + b["width"] <= a["x"] + 1
                        or a["y"] + a["height"] <= b["y"] + 1
                        or b["y"] + b["height"] <= a["y"] + 1), (path.stem, a, b)
        texts = " ".join(t.text for t in driver.find_elements(By.TAG_NAME, "text"))
        graph = route_graph(protocol, scenario)
        assert graph.nodes[graph.graph["entry"]]["view"].title.split()[0] in texts
        assert driver.save_screenshot(str(tmp_path / f"{path.stem}.png"))


def test_a_deadline_from_a_step_names_that_step_by_its_title() -> None:
    """A deadline that runs from another step's completion names that step by its title
    in the BPMN's timer and task, as route and simulate do, not by its id."""
    text = JOIN.read_text(encoding="utf-8")
    anchor = "    title: De burgemeester doet vooronderzoek\n"
    changed = text.replace(anchor, anchor + "    deadline: {amount: 5, unit: werkdagen, "
                           "from: melding, source: \"art. 2\"}\n")
    assert changed != text
    protocol = load_text(changed, "join.yaml").protocol
    assert protocol is not None
    xml = to_bpmn(protocol, JOINED, "nl")
    assert "na afronding van stap 'Melding bij de burgemeester'" in xml
    assert "stap 'melding'" not in xml and "stap melding" not in xml
    english = to_bpmn(protocol, JOINED, "en")
    assert "after completion of step 'Melding bij de burgemeester'" in english
    assert "step 'melding'" not in english and "step melding" not in english
    # the timer's note on where the term runs from names it so too
    assert ("De termijn loopt vanaf de afronding van stap 'Melding bij de burgemeester'"
            in xml)
    assert ("The deadline runs from the completion of step 'Melding bij de burgemeester'"
            in english)


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Commissaris van de Koning acts for Burgemeester (cvdk_voor_burgemeester)"),
    ("nl", "Commissaris van de Koning treedt op voor Burgemeester (cvdk_voor_burgemeester)")])
def test_a_task_says_who_stands_in_by_name(lang: str, said: str) -> None:
    """Review 7, item 5: the lanes carry role names, and so does every task's
    documentation (was "cvdk acts for burgemeester")."""
    protocol = load_protocol(ROOT / "tests/data/minimal.yaml").protocol
    assert protocol is not None
    exported = to_bpmn(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd"), lang=lang)
    assert said in exported
    assert "cvdk acts for" not in exported and "cvdk treedt op" not in exported
