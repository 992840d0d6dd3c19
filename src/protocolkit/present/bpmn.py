"""Export a protocol's route for one scenario as BPMN 2.0 XML (presentation stage).

Municipal case systems (Camunda-based zaaksystemen, Flowable, SpiffArena) run processes
as BPMN 2.0. :func:`to_bpmn` writes the route of one scenario — the route graph of
:func:`protocolkit.semantics.route_graph`, substitutions applied — as a BPMN process that
behaves like protocolkit's :class:`~protocolkit.engine.CaseEngine` (the differential
test runs it in SpiffWorkflow); ``docs/bpmn.md`` says what maps to what.

* one lane per effective role, named as the protocol names it (its id in ``pk:role``),
  a user task per step (its actor as the lane and as
  ``camunda:candidateGroups``; every actor of a joint step in ``pk:actors``);
* an exclusive gateway on the process variable ``outcome`` after a step with several
  outcomes; a parallel gateway where an outcome opens tracks; an end event per end step;
* a deadline as a non-interrupting boundary timer (ISO-8601 duration; ``werkdagen``
  as ``pk:unit``/``pk:calendar``, since BPMN timers count calendar time);
* titles and citations as ``documentation``; a laid-out diagram (BPMNDI);
* without a scenario, one process for every scenario: an exclusive gateway at the
  start routes on the process variables ``reporter``, ``subject``, ``act``, ``own``.

Only ``xml.etree.ElementTree`` writes the XML, so all protocol text is escaped.

>>> from protocolkit.format.loader import load_protocol
>>> from protocolkit.semantics import Scenario
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> xml = to_bpmn(p, Scenario("raadslid", "burgemeester", "uitgevoerd"))
>>> 'camunda:candidateGroups="cvdk"' in xml
True
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from protocolkit.format.diagnostics import TextError
from protocolkit.format.model import Deadline, Protocol
from protocolkit.format.texts import citation_text, resolve_lang, text
from protocolkit.format.vocabulary import (
    NOT_ASSIGNED,
    not_assigned,
    outcome_words,
    scenario_text,
)
from protocolkit.present.phrases import consulted_words
from protocolkit.semantics import (
    Scenario,
    StepView,
    complete,
    entry_routes,
    fact_conditions,
    ordered_views,
    refusal,
    route_graph,
    scenario_space,
)

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
#: Camunda's extension namespace: ``candidateGroups`` is what Camunda/Operaton read.
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
#: protocolkit's own extension attributes (``pk:actors``, ``pk:unit``, ...).
PK_NS = "https://protocolkit.nl/bpmn/1"

for _prefix, _uri in (("bpmn", BPMN_NS), ("bpmndi", BPMNDI_NS), ("dc", DC_NS), ("di", DI_NS),
                      ("xsi", XSI_NS), ("camunda", CAMUNDA_NS), ("pk", PK_NS)):
    ET.register_namespace(_prefix, _uri)

#: The process variable a completed user task sets to the id of its outcome.
OUTCOME_VARIABLE = "outcome"

_NON_ID = re.compile(r"[^A-Za-z0-9_.-]")

# Layout (pixels): one column per route depth, one band per lane.
_COLUMN = 300
_TASK_W, _TASK_H = 120, 80
_GATEWAY = 50
_EVENT = 36
_ROW = 130
_LANE_LABEL = 30
_POOL_LABEL = 30


class BpmnExportError(TextError):
    """The scenario cannot be exported: the protocol does not answer it (its message
    in either language: :meth:`~protocolkit.format.diagnostics.TextError.render`)."""


def _b(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


def _id(prefix: str, *parts: str) -> str:
    """An XML id (NCName) from protocol ids (snake_case already; anything else replaced)."""
    return "_".join([prefix, *(_NON_ID.sub("_", p) for p in parts)])


def iso_duration(deadline: Deadline) -> str | None:
    """The deadline as an ISO-8601 duration in calendar time (werkdagen as days: the
    calendar is carried in ``pk:calendar``; see docs/bpmn.md).

    >>> iso_duration(Deadline(amount=4, unit="weken"))
    'P4W'
    >>> iso_duration(Deadline(amount=10, unit="werkdagen"))
    'P10D'
    >>> iso_duration(Deadline(words="zo spoedig mogelijk")) is None    # no date: no timer
    True
    """
    if deadline.amount is None:
        return None
    return f"P{deadline.amount}W" if deadline.unit == "weken" else f"P{deadline.amount}D"


@dataclass
class _Node:
    id: str
    kind: str  # task | end | start | xor | and | timer
    lane: str
    column: int
    width: int
    height: int
    offset: int = 0
    x: int = 0
    y: int = 0
    host: str | None = None


@dataclass
class _Builder:
    process: ET.Element
    #: The protocol drawn (the steps a deadline runs from are named by their titles).
    protocol: Protocol
    #: The language of the names and documentation (``nl`` or ``en``).
    lang: str = "nl"
    nodes: dict[str, _Node] = field(default_factory=dict)
    elements: dict[str, ET.Element] = field(default_factory=dict)
    flows: list[tuple[str, str, str]] = field(default_factory=list)

    def node(self, tag: str, node: _Node, name: str | None = None) -> ET.Element:
        element = ET.SubElement(self.process, _b(tag), id=node.id)
        if name is not None:
            element.set("name", name)
        self.nodes[node.id] = node
        self.elements[node.id] = element
        return element

    def flow(self, source: str, target: str, name: str | None = None,
             condition: str | None = None, documentation: str | None = None) -> None:
        flow_id = f"Flow_{len(self.flows) + 1}"
        element = ET.SubElement(self.process, _b("sequenceFlow"), id=flow_id,
                                sourceRef=source, targetRef=target)
        if name:
            element.set("name", name)
        if documentation:
            ET.SubElement(element, _b("documentation")).text = documentation
        if condition is not None:
            expression = ET.SubElement(element, _b("conditionExpression"))
            expression.set(f"{{{XSI_NS}}}type", "bpmn:tFormalExpression")
            expression.text = condition
        self.flows.append((flow_id, source, target))


def _documentation(element: ET.Element, texts: Iterable[str]) -> None:
    for said in texts:
        ET.SubElement(element, _b("documentation")).text = said


def _cite(source: Iterable[str], lang: str) -> str:
    return text("bpmn.source", lang, sources=citation_text(source)) if source else ""


def _step_named(protocol: Protocol, step_id: str) -> str:
    """A step a deadline runs from, by its title in quotes as
    :func:`protocolkit.semantics.deadline_text` names it (its id where there is none)."""
    step = protocol.step(step_id)
    return f"'{step.title}'" if step is not None else repr(step_id)


def _deadline(protocol: Protocol, deadline: Deadline, lang: str) -> str:
    from protocolkit.present.phrases import deadline_words
    from protocolkit.semantics import deadline_text

    return text("bpmn.deadline", lang,
                deadline=deadline_words(deadline_text(protocol, deadline), lang))


def _task_texts(protocol: Protocol, view: StepView, lang: str) -> list[str]:
    texts = [view.title]
    names = protocol.role_names()     # a reader's words, as the lanes (the ids: the JSON)
    if view.source:
        texts.append(_cite(view.source, lang))
    if view.actor.substituted:
        texts.append(text("bpmn.stands-in", lang, role=names.get(view.actor.role,
                                                                  view.actor.role),
                          named=names.get(view.actor.named, view.actor.named),
                          via=", ".join(view.actor.via)))
    # A role the actor may consult or hear and need not is marked "(eventueel)".
    for key, roles, maybe in (
            ("bpmn.counterpart", [view.counterpart] if view.counterpart else [], ()),
            ("bpmn.consulted", view.consulted, view.consulted_optional),
            ("bpmn.informed", view.informed, ()),
            ("bpmn.heard", view.heard, view.heard_optional)):
        if roles:
            texts.append(text(key, lang, roles=consulted_words(
                [r.role for r in roles], maybe, names, lang)))
    if view.deadline is not None:
        texts.append(_deadline(protocol, view.deadline, lang))
    if view.sanctions:
        texts.append(text("bpmn.sanctions", lang, sanctions=", ".join(view.sanctions)))
    for point in view.open_points:
        found = next((o for o in protocol.open_points if o.id == point), None)
        texts.append(text("bpmn.still-open", lang, question=found.question if found else point))
    return [t for t in texts if t]


def _step_element(view: StepView, suffix: str = "") -> str:
    return _id("End" if view.end else "Task", view.id) + suffix


def to_bpmn(protocol: Protocol, scenario: Scenario | None = None,
            lang: str | None = None) -> str:
    """The route of ``scenario`` as BPMN 2.0 XML (a string, UTF-8 declared), its names and
    documentation in ``lang`` (``nl`` or ``en``; ``None``:
    :func:`protocolkit.format.texts.resolve_lang`, the locale's).

    Raises :class:`BpmnExportError` for a scenario the protocol does not answer
    (:func:`protocolkit.semantics.refusal`). Without ``scenario``, one process serves
    every answered scenario: an exclusive gateway at the start routes on the process
    variables ``reporter``, ``subject``, ``act``, ``own`` (and the protocol's extra
    attributes) to one route per group of scenarios that look alike
    (:func:`scenario_groups`); element ids carry the route's number (``Task_x_r2``).
    """
    meta = protocol.protocol
    lang = resolve_lang(lang)
    if scenario is not None:
        refused = refusal(protocol, scenario)
        if refused is not None:
            raise BpmnExportError(refused.message_text(protocol, scenario))
        scenario = complete(protocol, scenario)
        groups = [[scenario]]
        label = scenario_text(scenario.to_dict(), lang=lang)
    else:
        groups = scenario_groups(protocol)
        label = text("export.all", lang)
    process_id = _id("Process", meta.municipality.lower())

    definitions = ET.Element(_b("definitions"), {
        "id": "Definitions_protocolkit",
        "targetNamespace": f"{PK_NS}/{_NON_ID.sub('_', meta.municipality.lower())}",
        "exporter": "protocolkit", "exporterVersion": _version()})
    collaboration = ET.SubElement(definitions, _b("collaboration"), id="Collaboration_1")
    participant = ET.SubElement(collaboration, _b("participant"), id="Participant_1",
                                name=f"{meta.municipality}: {label}",
                                processRef=process_id)
    participant.set(f"{{{PK_NS}}}protocol", meta.municipality)
    process = ET.SubElement(definitions, _b("process"), id=process_id,
                            name=f"{meta.title} ({label})", isExecutable="true")
    texts = [text("bpmn.process", lang, title=meta.title, municipality=meta.municipality,
                  version=meta.version, status=meta.status)]
    if scenario is not None:
        route = entry_routes(protocol, scenario)[0]
        texts += [f"Scenario: {label}", text("bpmn.entry", lang, route=route.id) + (
            f" [{citation_text(_as_list(route.source))}]" if route.source else "")]
        for key, value in scenario.to_dict().items():
            if key != "attributes":
                process.set(f"{{{PK_NS}}}{key}",
                            str(value).lower() if key == "own" else str(value))
        for key, value in scenario.attributes:
            process.set(f"{{{PK_NS}}}attr.{_NON_ID.sub('_', key)}", value)
    else:
        texts.append(text("bpmn.variables", lang,
                          names=", ".join(scenario_variables(protocol))))
    texts.append(text("bpmn.outcome-variable", lang, name=OUTCOME_VARIABLE))
    _documentation(process, texts)
    lane_set = ET.SubElement(process, _b("laneSet"), id="LaneSet_1")

    b = _Builder(process, protocol, lang)
    graphs = [route_graph(protocol, group[0]) for group in groups]
    first_actor = graphs[0].nodes[graphs[0].graph["entry"]]["view"].actor.role
    b.node("startEvent", _Node("StartEvent_1", "start", first_actor, 0, _EVENT, _EVENT),
           text("bpmn.start", lang))
    if scenario is not None:
        entry_id, _ = _route(b, protocol, graphs[0], "", 1)
        b.flow("StartEvent_1", entry_id)
    else:
        b.node("exclusiveGateway", _Node("Gateway_scenario", "xor", first_actor, 1, _GATEWAY,
                                         _GATEWAY), text("bpmn.scenario?", lang))
        b.flow("StartEvent_1", "Gateway_scenario")
        column = 2
        for index, (group, graph) in enumerate(zip(groups, graphs, strict=True), start=1):
            entry_id, used = _route(b, protocol, graph, f"_r{index}", column)
            b.flow("Gateway_scenario", entry_id, f"route {index}",
                   scenario_condition(protocol, group),
                   "; ".join(scenario_text(s.to_dict(), lang=lang) for s in group))
            column += used
    _incoming_outgoing(b)
    lanes = list(dict.fromkeys(node.lane for node in b.nodes.values()))
    names = protocol.role_names()     # a lane reads as the role's name; its id stays the id
    for lane_role in lanes:
        lane_element = ET.SubElement(lane_set, _b("lane"), id=_id("Lane", lane_role),
                                     name=not_assigned(lang) if lane_role == NOT_ASSIGNED
                                     else names.get(lane_role, lane_role))
        if lane_role != NOT_ASSIGNED:
            lane_element.set(f"{{{PK_NS}}}role", lane_role)
        for node in b.nodes.values():
            if node.lane == lane_role and node.kind != "timer":
                ET.SubElement(lane_element, _b("flowNodeRef")).text = node.id
        for node in b.nodes.values():
            if node.lane == lane_role and node.kind == "timer":
                ET.SubElement(lane_element, _b("flowNodeRef")).text = node.id
    _diagram(definitions, b, lanes)
    ET.indent(definitions)
    return ET.tostring(definitions, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', "\n"])


def scenario_variables(protocol: Protocol) -> list[str]:
    """The process variables the all-scenario export branches on at its start."""
    return ["reporter", "subject", "act", "own", *protocol.scenarios.attributes]


def scenario_condition(protocol: Protocol, scenarios: Iterable[Scenario]) -> str:
    """A condition over the scenario variables that holds exactly for ``scenarios``
    (``own`` compared as the text ``"true"``/``"false"``, as guards compare it).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> scenario_condition(p, [Scenario("raadslid", "wethouder", "uitgevoerd")])
    '(reporter == "raadslid" and subject == "wethouder" and act == "uitgevoerd" and own == "false")'
    """
    names = scenario_variables(protocol)
    return " or ".join(
        "(" + " and ".join(f'{name} == "{s.value(name)}"' for name in names) + ")"
        for s in scenarios)


def scenario_groups(protocol: Protocol) -> list[list[Scenario]]:
    """The answered scenarios grouped by the route they take: scenarios whose steps
    look alike (actors, parties, outcomes and targets, tracks, deadlines) share one
    route in the all-scenario export."""
    groups: dict[object, list[Scenario]] = {}
    for scenario in scenario_space(protocol):
        if refusal(protocol, scenario) is not None:
            continue
        graph = route_graph(protocol, scenario)
        key = (graph.graph["entry"], tuple(sorted(
            (node, _view_key(graph.nodes[node]["view"])) for node in graph)))
        groups.setdefault(key, []).append(scenario)
    return list(groups.values())


def _view_key(view: StepView) -> tuple[object, ...]:
    return (view.actors, view.counterpart, view.consulted, view.informed, view.heard,
            view.outcomes, view.open_points,
            view.deadline.model_dump_json() if view.deadline else None)


def _route(b: _Builder, protocol: Protocol, graph: nx.MultiDiGraph, suffix: str,
           first_column: int) -> tuple[str, int]:
    """Add the steps of ``graph`` (ids suffixed with ``suffix``) from ``first_column``
    on; the id of its entry element and the number of columns it takes."""
    views = ordered_views(graph, protocol)
    depth = _depths(graph)
    merges = track_merges(graph, protocol)
    arrive = _join_gateways(b, protocol, graph, suffix, first_column, depth)
    for view in views:
        column = first_column + 2 * depth[view.id]
        lane = view.actor.role
        node_id = _step_element(view, suffix)
        if view.end:
            element = b.node("endEvent", _Node(node_id, "end", lane, column, _EVENT, _EVENT),
                             view.title)
            texts = [view.title, _cite(view.source, b.lang)]
            if view.out_of_scope:
                texts.append(text("bpmn.outside", b.lang, regime=view.out_of_scope))
            _documentation(element, [t for t in texts if t])
            element.set(f"{{{PK_NS}}}step", view.id)
            continue
        element = b.node("userTask", _Node(node_id, "task", lane, column, _TASK_W, _TASK_H),
                         view.title)
        _documentation(element, _task_texts(protocol, view, b.lang))
        # a choice ("en/of", any_of): whoever of them claims the task does it
        element.set(f"{{{CAMUNDA_NS}}}candidateGroups", ",".join(a.role for a in view.actors)
                    if view.any_of else view.actor.role)
        element.set(f"{{{PK_NS}}}step", view.id)
        element.set(f"{{{PK_NS}}}kind", view.kind.value)
        element.set(f"{{{PK_NS}}}phase", view.phase)
        element.set(f"{{{PK_NS}}}actors", " ".join(a.role for a in view.actors))
        if view.any_of:
            element.set(f"{{{PK_NS}}}anyOf", "true")
        if view.actor.substituted:
            element.set(f"{{{PK_NS}}}standsInFor", view.actor.named)
        if view.confidential:
            element.set(f"{{{PK_NS}}}confidential", "true")
        if view.id in merges:
            element.set(f"{{{PK_NS}}}joinsOpenTrack", "true")
            _documentation(element, [text("bpmn.joins", b.lang)])
        if view.deadline is not None:
            _timer(b, view, lane, column, suffix)
        source = node_id
        if len(view.outcomes) > 1:
            source = _id("Gateway", view.id) + suffix
            b.node("exclusiveGateway", _Node(source, "xor", lane, column + 1, _GATEWAY,
                                             _GATEWAY), text("bpmn.outcome?", b.lang))
            b.flow(node_id, source)
        for outcome in view.outcomes:
            condition = (f'{OUTCOME_VARIABLE} == "{outcome.id}"'
                         if len(view.outcomes) > 1 else None)
            targets = [outcome.next, *outcome.tracks]
            target_ids = [arrive.get((view.id, t), _step_element(graph.nodes[t]["view"], suffix))
                          for t in dict.fromkeys(targets) if t in graph]
            name = outcome_words(outcome.id, outcome.label)
            cite = _cite(outcome.source, b.lang) or None
            required = [c for _, c in fact_conditions(protocol).get((view.id, outcome.id), ())]
            if required:
                # Checked when the outcome is recorded: BPMN has no such guard on a task's
                # completion, so the case system checks it (documented, docs/bpmn.md).
                cite = "; ".join([*([cite] if cite else []),
                                  *(text("bpmn.requires", b.lang, condition=c.describe(b.lang))
                                    for c in required)])
            if len(target_ids) > 1:
                fork = _id("Fork", view.id, outcome.id) + suffix
                b.node("parallelGateway", _Node(fork, "and", lane, column + 1, _GATEWAY,
                                                _GATEWAY, offset=1), text("bpmn.tracks", b.lang))
                b.flow(source, fork, name, condition, cite)
                for target in target_ids:
                    b.flow(fork, target)
            elif target_ids:
                b.flow(source, target_ids[0], name, condition, cite)
    entry = graph.nodes[graph.graph["entry"]]["view"]
    return _step_element(entry, suffix), 2 * (max(depth.values(), default=0) + 1)


def _join_gateways(b: _Builder, protocol: Protocol, graph: nx.MultiDiGraph, suffix: str,
                   first_column: int, depth: dict[str, int]) -> dict[tuple[str, str], str]:
    """Draw each explicit join (``Step.join``) of ``graph`` as a converging parallel
    gateway ``Join_<step>`` in front of its task, with one incoming flow per awaited step
    that leads there (several outcomes of one awaited step first meet in an exclusive
    gateway ``Merge_<step>_<awaited>``: any one of them is that track's arrival). Returns
    (awaited step, joining step) -> the element its outcomes flow into; an arrival from
    a step the join does not name flows into the task itself (docs/bpmn.md)."""
    arrive: dict[tuple[str, str], str] = {}
    for node in graph:
        view: StepView = graph.nodes[node]["view"]
        step = protocol.step(node)
        if view.end or step is None or step.join is None:
            continue
        lane, column = view.actor.role, first_column + 2 * depth[node] - 1
        join_id = _id("Join", node) + suffix
        element = b.node("parallelGateway", _Node(join_id, "and", lane, column, _GATEWAY,
                                                  _GATEWAY), text("bpmn.join-name", b.lang))
        element.set("gatewayDirection", "Converging")
        _documentation(element, [t for t in (
            text("bpmn.waits-for", b.lang, steps=", ".join(step.join.waits_for)),
            _cite(_as_list(step.join.source), b.lang))
            if t])
        element.set(f"{{{PK_NS}}}joins", node)
        element.set(f"{{{PK_NS}}}waitsFor", " ".join(step.join.waits_for))
        for waited in step.join.waits_for:
            if waited not in graph:
                continue
            ways = sum(1 for o in graph.nodes[waited]["view"].outcomes
                       if node in (o.next, *o.tracks))
            if ways > 1:
                merge_id = _id("Merge", node, waited) + suffix
                b.node("exclusiveGateway", _Node(merge_id, "xor", lane, column, _GATEWAY,
                                                 _GATEWAY), f"Spoor van {waited}",
                       ).set("gatewayDirection", "Converging")
                b.flow(merge_id, join_id)
                arrive[(waited, node)] = merge_id
            elif ways == 1:
                arrive[(waited, node)] = join_id
        b.flow(join_id, _step_element(view, suffix))
    return arrive


def _as_list(source: str | list[str] | None) -> list[str]:
    if source is None:
        return []
    return [source] if isinstance(source, str) else list(source)


def _version() -> str:
    from protocolkit import __version__

    return __version__


def _timer(b: _Builder, view: StepView, lane: str, column: int, suffix: str) -> None:
    deadline = view.deadline
    assert deadline is not None
    duration_text = iso_duration(deadline)
    if duration_text is None:     # a term in words only ("zo spoedig mogelijk"): no date
        b.elements[_step_element(view, suffix)].set(f"{{{PK_NS}}}deadlineWords",
                                                     deadline.words or "")
        return
    task_id = _step_element(view, suffix)
    timer_id = _id("Deadline", view.id) + suffix
    element = b.node("boundaryEvent", _Node(timer_id, "timer", lane, column, _EVENT, _EVENT,
                                            host=task_id),
                     _deadline(b.protocol, deadline, b.lang))
    element.set("attachedToRef", task_id)
    element.set("cancelActivity", "false")
    texts = [_deadline(b.protocol, deadline, b.lang)]
    if deadline.source:
        texts.append(_cite(_as_list(deadline.source), b.lang))
    if deadline.from_ != "step":
        start = (text("bpmn.from-case", b.lang) if deadline.from_ == "case"
                 else text("bpmn.from-ontvangst", b.lang) if deadline.from_ == "ontvangst"
                 else text("bpmn.from-step", b.lang, step=_step_named(b.protocol,
                                                                      deadline.from_)))
        texts.append(text("bpmn.timer", b.lang, start=start))
    _documentation(element, texts)
    element.set(f"{{{PK_NS}}}amount", str(deadline.amount))
    element.set(f"{{{PK_NS}}}unit", str(deadline.unit))
    if deadline.words:
        element.set(f"{{{PK_NS}}}words", deadline.words)
    element.set(f"{{{PK_NS}}}from", deadline.from_)
    if deadline.unit == "werkdagen":
        element.set(f"{{{PK_NS}}}calendar", "NL")
    definition = ET.SubElement(element, _b("timerEventDefinition"), id=f"{timer_id}_timer")
    duration = ET.SubElement(definition, _b("timeDuration"))
    duration.set(f"{{{XSI_NS}}}type", "bpmn:tFormalExpression")
    duration.text = duration_text


def _incoming_outgoing(b: _Builder) -> None:
    # tFlowNode lists incoming before outgoing, after documentation and extensions.
    for node_id, element in b.elements.items():
        refs = [("incoming", f) for f, _, t in b.flows if t == node_id]
        refs += [("outgoing", f) for f, s, _ in b.flows if s == node_id]
        insert_at = len(element.findall(_b("documentation")))
        for offset, (tag, flow_id) in enumerate(refs):
            ref = ET.Element(_b(tag))
            ref.text = flow_id
            element.insert(insert_at + offset, ref)


def track_merges(graph: nx.MultiDiGraph, protocol: Protocol | None = None) -> set[str]:
    """The non-end steps that two parallel branches of one outcome can both reach
    without passing an explicit join (``Step.join``, when ``protocol`` is given: the
    export draws it as a parallel gateway, after which one track goes on).

    protocolkit's engine keeps such a step open once when a second track reaches it
    while it is open (``Case._enter``); BPMN has no gateway for "join if already
    active", so a BPMN engine runs a second task there. The export marks these steps
    (``pk:joinsOpenTrack``); docs/bpmn.md explains the difference.
    """
    joins = {n for n in graph if protocol is not None
             and (step := protocol.step(n)) is not None and step.join is not None}
    open_graph = graph.subgraph(n for n in graph if n not in joins)

    def reach(start: str) -> set[str]:
        # The steps a branch's token can reach before an explicit join takes it in.
        starts = list(graph.successors(start)) if start in joins else [start]
        return {s for t in starts if t not in joins
                for s in nx.descendants(open_graph, t) | {t}}

    found: set[str] = set()
    for node in graph:
        view: StepView = graph.nodes[node]["view"]
        for outcome in view.outcomes:
            branches = [t for t in dict.fromkeys((outcome.next, *outcome.tracks))
                        if t in graph]
            if len(branches) < 2:
                continue
            reached = [reach(t) for t in branches]
            for i, first in enumerate(reached):
                for second in reached[i + 1:]:
                    found |= {s for s in first & second
                              if not graph.nodes[s]["view"].end}
    return found


def _depths(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Layer of each step: its longest distance from the entry in the route graph with
    its cycles contracted (a layered layout by topological depth)."""
    condensed = nx.condensation(graph)
    mapping = condensed.graph["mapping"]
    layer: dict[int, int] = {}
    for group in nx.topological_sort(condensed):
        preds = list(condensed.predecessors(group))
        layer[group] = max((layer[p] + 1 for p in preds), default=0)
    return {node: layer[mapping[node]] for node in graph}


def _diagram(definitions: ET.Element, b: _Builder, lanes: list[str]) -> None:
    """Lay the nodes out: x by column, y by lane and a free row within it; then write
    the BPMNDI shapes (pool, lanes, nodes) and edges."""
    taken: dict[tuple[str, int], int] = {}
    rows: dict[str, int] = {lane: 1 for lane in lanes}
    placed: dict[str, int] = {}
    for node in b.nodes.values():
        if node.kind == "timer":
            continue
        slot = (node.lane, node.column)
        row = taken.get(slot, 0)
        taken[slot] = row + 1
        placed[node.id] = row
        rows[node.lane] = max(rows[node.lane], row + 1)
    lane_top: dict[str, int] = {}
    top = 0
    for lane in lanes:
        lane_top[lane] = top
        top += rows[lane] * _ROW
    columns = max((n.column for n in b.nodes.values()), default=0) + 1
    width = _POOL_LABEL + _LANE_LABEL + columns * (_COLUMN // 2) + 60
    left = _POOL_LABEL + _LANE_LABEL + 30
    for node in b.nodes.values():
        if node.kind == "timer":
            continue
        centre_x = left + node.column * (_COLUMN // 2) + 60 + node.offset * 60
        centre_y = lane_top[node.lane] + placed[node.id] * _ROW + _ROW // 2
        node.x, node.y = centre_x - node.width // 2, centre_y - node.height // 2
    for node in b.nodes.values():
        if node.kind == "timer" and node.host is not None:
            host = b.nodes[node.host]
            node.x = host.x + host.width - _EVENT - 4
            node.y = host.y + host.height - _EVENT // 2

    diagram = ET.SubElement(definitions, f"{{{BPMNDI_NS}}}BPMNDiagram", id="Diagram_1")
    plane = ET.SubElement(diagram, f"{{{BPMNDI_NS}}}BPMNPlane", id="Plane_1",
                          bpmnElement="Collaboration_1")

    def shape(element_id: str, x: int, y: int, w: int, h: int,
              horizontal: bool | None = None) -> None:
        attrs = {"id": f"{element_id}_di", "bpmnElement": element_id}
        if horizontal is not None:
            attrs["isHorizontal"] = "true" if horizontal else "false"
        el = ET.SubElement(plane, f"{{{BPMNDI_NS}}}BPMNShape", attrs)
        ET.SubElement(el, f"{{{DC_NS}}}Bounds", x=str(x), y=str(y), width=str(w),
                      height=str(h))

    shape("Participant_1", 0, 0, width, max(top, _ROW), True)
    for lane in lanes:
        shape(_id("Lane", lane), _POOL_LABEL, lane_top[lane], width - _POOL_LABEL,
              rows[lane] * _ROW, True)
    for node in b.nodes.values():
        shape(node.id, node.x, node.y, node.width, node.height)
    for flow_id, source_id, target_id in b.flows:
        source, target = b.nodes[source_id], b.nodes[target_id]
        edge = ET.SubElement(plane, f"{{{BPMNDI_NS}}}BPMNEdge", id=f"{flow_id}_di",
                             bpmnElement=flow_id)
        points = _waypoints(source, target)
        for x, y in points:
            ET.SubElement(edge, f"{{{DI_NS}}}waypoint", x=str(x), y=str(y))


def _waypoints(source: _Node, target: _Node) -> list[tuple[int, int]]:
    sx, sy = source.x + source.width, source.y + source.height // 2
    tx, ty = target.x, target.y + target.height // 2
    if tx <= sx:  # a way back: leave below, come in from the top
        sx, sy = source.x + source.width // 2, source.y + source.height
        tx, ty = target.x + target.width // 2, target.y + target.height
        low = max(sy, target.y + target.height) + 20
        return [(sx, sy), (sx, low), (tx, low), (tx, ty)]
    if sy == ty:
        return [(sx, sy), (tx, ty)]
    middle = (sx + tx) // 2
    return [(sx, sy), (middle, sy), (middle, ty), (tx, ty)]


# --------------------------------------------------------------------------- drawing

SVG_NS = "http://www.w3.org/2000/svg"


def bpmn_svg(xml: str) -> str:
    """Draw an export of :func:`to_bpmn` as SVG from its diagram section (BPMNDI): the
    pool and lanes with their roles, tasks with their titles, gateways, events and the
    flows with their outcome names — what Camunda Modeler or bpmn.io would show, for
    reviewers without one. Reads only the coordinates the export wrote.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> svg = bpmn_svg(to_bpmn(p, Scenario("raadslid", "burgemeester", "uitgevoerd")))
    >>> svg.startswith("<svg") and "Commissaris van de Koning" in svg
    True
    """
    root = ET.fromstring(xml)
    kinds: dict[str, tuple[str, ET.Element]] = {}
    for element in root.iter():
        element_id = element.get("id")
        if element_id is not None and element.tag.startswith(f"{{{BPMN_NS}}}"):
            kinds[element_id] = (element.tag.split("}", 1)[1], element)
    ET.register_namespace("", SVG_NS)
    shapes = list(root.iter(f"{{{BPMNDI_NS}}}BPMNShape"))
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for shape in shapes:
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if bounds is not None:
            boxes[shape.get("bpmnElement", "")] = tuple(  # type: ignore[assignment]
                float(bounds.get(k, "0")) for k in ("x", "y", "width", "height"))
    width = max((x + w for x, _, w, _ in boxes.values()), default=100) + 10
    height = max((y + h for _, y, _, h in boxes.values()), default=100) + 10
    svg = ET.Element(f"{{{SVG_NS}}}svg", width=f"{width:g}", height=f"{height:g}",
                     viewBox=f"-5 -5 {width:g} {height:g}", role="img")
    _svg(svg, "title").text = next(
        (p.get("name", "") for p in root.iter(_b("participant"))), "BPMN")
    defs = _svg(svg, "defs")
    marker = _svg(defs, "marker", id="arrow", markerWidth="10",
                           markerHeight="8", refX="9", refY="4", orient="auto")
    _svg(marker, "path", d="M0,0 L10,4 L0,8 z", fill="#333")
    style = {"fill": "none", "stroke": "#333", "stroke-width": "1.5"}

    def text(x: float, y: float, content: str, size: int = 12, **extra: str) -> None:
        element = _svg(svg, "text", x=f"{x:g}", y=f"{y:g}",
                                **{"font-family": "sans-serif", "font-size": str(size),
                                   "text-anchor": "middle", **extra})
        element.text = content

    for element_id, (x, y, w, h) in boxes.items():
        kind, element = kinds.get(element_id, ("", ET.Element("none")))
        name = element.get("name", "")
        if kind in ("participant", "lane"):
            _svg(svg, "rect", x=f"{x:g}", y=f"{y:g}", width=f"{w:g}",
                          height=f"{h:g}", fill="#fafafa" if kind == "lane" else "#fff",
                          stroke="#999")
            if kind == "lane":
                text(x + 15, y + h / 2, name, 12,
                     transform=f"rotate(-90 {x + 15:g} {y + h / 2:g})")
    for element_id, (x, y, w, h) in boxes.items():
        kind, element = kinds.get(element_id, ("", ET.Element("none")))
        name = element.get("name", "")
        cx, cy = x + w / 2, y + h / 2
        if kind == "userTask":
            _svg(svg, "rect", x=f"{x:g}", y=f"{y:g}", width=f"{w:g}",
                          height=f"{h:g}", rx="10", fill="#fff", stroke="#333",
                          **{"stroke-width": "1.5", "data-step": element.get(
                              f"{{{PK_NS}}}step", "")})
            for index, line in enumerate(_wrap(name, 18)[:4]):
                text(cx, y + 18 + index * 15, line, 11)
        elif kind in ("exclusiveGateway", "parallelGateway"):
            _svg(svg, "polygon", points=f"{cx:g},{y:g} {x + w:g},{cy:g} {cx:g},{y + h:g} {x:g},{cy:g}",
                          fill="#fff", **{k: v for k, v in style.items() if k != "fill"})
            text(cx, cy + 7, "×" if kind == "exclusiveGateway" else "+", 20)
        elif kind in ("startEvent", "endEvent", "boundaryEvent"):
            _svg(svg, "circle", cx=f"{cx:g}", cy=f"{cy:g}",
                          r=f"{w / 2:g}", fill="#fff", stroke="#333",
                          **{"stroke-width": "4" if kind == "endEvent" else "1.5",
                             "stroke-dasharray": "4 2" if kind == "boundaryEvent" else "none"})
            if kind == "endEvent":
                for index, line in enumerate(_wrap(name, 20)[:2]):
                    text(cx, y + h + 14 + index * 13, line, 10)
    labels: list[tuple[tuple[float, float, str, float], str]] = []
    for edge in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge"):
        points = [(float(p.get("x", "0")), float(p.get("y", "0")))
                  for p in edge.iter(f"{{{DI_NS}}}waypoint")]
        _svg(svg, "polyline", points=" ".join(f"{x:g},{y:g}" for x, y in points),
                      **{**style, "marker-end": "url(#arrow)"})
        label = kinds.get(edge.get("bpmnElement", ""), ("", ET.Element("none")))[1].get("name")
        if label and len(points) >= 2:
            labels.append((_label_place(points), label))
    # The outcomes last, over the lines (with a white halo), each on the stretch of its
    # own flow that leads into its target (flows leaving one gateway share their first
    # stretch, where their names used to lie on top of each other), moved the fewest lines
    # down or up (at most twenty) that keep it off other outcomes and boxes (else off other
    # outcomes); a name longer than 30 characters ends in "…" and shows whole as the
    # label's tooltip.
    solid = [(x, y, x + w, y + h) for element_id, (x, y, w, h) in boxes.items()
             if kinds.get(element_id, ("", None))[0] not in ("participant", "lane")]
    taken: list[tuple[float, float, float, float]] = []
    for (x, y, anchor, _), label in labels:
        shown = label if len(label) <= 30 else label[:29].rstrip() + "…"
        wide = len(shown) * 5.6
        left = x - wide / 2 if anchor == "middle" else x
        shifts = [0] + [sign * 12 * step for step in range(1, 21) for sign in (1, -1)]
        y += next((shift for avoid in ((*taken, *solid), taken) for shift in shifts
                   if not any(left < b[2] and b[0] < left + wide and y + shift - 9 < b[3]
                              and b[1] < y + shift + 2 for b in avoid)), 0)
        taken.append((left, y - 9, left + wide, y + 2))
        element = _svg(svg, "text", x=f"{x:g}", y=f"{y:g}", **{
            "font-family": "sans-serif", "font-size": "10", "text-anchor": anchor,
            "class": "flow-label", "paint-order": "stroke", "stroke": "#fff",
            "stroke-width": "3", "stroke-linejoin": "round"})
        element.text = shown
        if shown != label:
            _svg(element, "title").text = label
    ET.indent(svg)
    return ET.tostring(svg, encoding="unicode") + "\n"


def _label_place(points: list[tuple[float, float]]) -> tuple[float, float, str, float]:
    """Where a flow's outcome goes (see :func:`_waypoints`) — x, y, text-anchor and the
    room in px: above the stretch that enters the target after the bend of a flow that
    changes row, above the middle of a straight flow, below the bottom run of a flow
    back."""
    if len(points) == 4 and points[0][0] == points[1][0] and points[1][1] == points[2][1] \
            and points[3][1] < points[2][1]:          # a way back: along the bottom run
        return ((points[1][0] + points[2][0]) / 2, points[1][1] + 12, "middle",
                abs(points[1][0] - points[2][0]) - 10)
    if len(points) >= 3:
        (x1, _), (x2, y2) = points[-2], points[-1]
        return x1 + 6, y2 - 5, "start", x2 - x1 - 18
    (x1, y1), (x2, y2) = points[0], points[1]
    return (x1 + x2) / 2, min(y1, y2) - 5, "middle", abs(x2 - x1) - 18


def _wrap(content: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in content.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _svg(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{SVG_NS}}}{tag}", attributes)
