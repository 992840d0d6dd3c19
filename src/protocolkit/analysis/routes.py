"""Checks on the shape of the routes: every case starts somewhere, has somebody to act,
always has a way on, and can end.

* ``missing-route`` / ``ambiguous-route``: a scenario that no entry route serves, or
  that two entry routes send different ways;
* ``no-actor``: a step whose actor alternatives leave nobody for the scenario;
* ``dead-end``: a step that is not an end and has no way on;
* ``no-termination``: steps that go round without any way to an end (found by reverse
  reachability from the ends and strongly connected components, never by listing cycles);
* ``unreachable-step``: a step that no scenario reaches.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from protocolkit.analysis.base import HopPath, Occurrence, ScenarioRun, step_index, tree_path
from protocolkit.format.diagnostics import Msg
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario, entry_routes
from protocolkit.semantics.routegraph import RouteGraph


def entry_occurrences(protocol: Protocol, scenario: Scenario) -> Iterator[Occurrence]:
    """``missing-route`` and ``ambiguous-route`` for one scenario."""
    routes = entry_routes(protocol, scenario)
    if not routes:
        who = (Msg.of("w.own-act", reporter=scenario.reporter) if scenario.own
               else Msg.of("w.case", reporter=scenario.reporter, subject=scenario.subject))
        yield Occurrence(
            "missing-route", (scenario.reporter, scenario.subject, scenario.own),
            ("entry_routes",),
            Msg.of("missing-route", who=who), hint=Msg.of("hint.missing-route"),
            scenario=scenario, at_key=True)
        return
    first = routes[0]
    positions = {r.id: i for i, r in enumerate(protocol.entry_routes)}
    for other in routes[1:]:
        if other.step != first.step:
            yield Occurrence(
                "ambiguous-route", (first.id, other.id),
                ("entry_routes", positions[other.id], "when"),
                Msg.of("ambiguous-route", first=first.id, first_step=first.step,
                       other=other.id, other_step=other.step),
                hint=Msg.of("hint.narrow"),
                scenario=scenario, roles=(), step=None)


def graph_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """``no-actor``, ``dead-end`` and ``no-termination`` in one scenario's graph."""
    graph = run.graph
    if run.entry is None:
        return
    index = step_index(run.protocol)
    terminal: list[str] = []
    for node in graph.nodes:
        view = run.view(node)
        if view.actor.role == "?":
            yield Occurrence(
                "no-actor", (node,), ("steps", index[node], "actor"),
                Msg.of("no-actor", step=node), hint=Msg.of("hint.default-actor"),
                scenario=run.scenario, path=run.witness_to(node), step=node)
        if view.end:
            terminal.append(node)
        elif graph.out_degree(node) == 0:
            terminal.append(node)
            yield Occurrence(
                "dead-end", (node,), ("steps", index[node]),
                Msg.of("dead-end", step=node), hint=Msg.of("hint.dead-end"),
                scenario=run.scenario, path=run.witness_to(node), step=node)
    yield from _no_termination(run, terminal)


def _no_termination(run: ScenarioRun, terminal: list[str]) -> Iterator[Occurrence]:
    # Every track must end on its own: an end reached only by opening another track
    # does not end this one, so reachability follows next edges, never track edges
    # (one pass over the graph; tracks need no product construction).
    graph = _next_edges_only(run.graph)
    # Reverse reachability from every step where a case stops (an end or a dead end).
    finishes = set(terminal)
    queue = deque(terminal)
    pred = graph.pred
    while queue:
        node = queue.popleft()
        for source in pred[node]:
            if source not in finishes:
                finishes.add(source)
                queue.append(source)
    if len(finishes) == graph.number_of_nodes():
        return
    # networkx only here, where a case can be trapped (rare, and then worth its import).
    import networkx as nx

    trapped = graph.subgraph(n for n in graph.nodes if n not in finishes).to_networkx()
    # Trapped steps are closed under successors; the loops a case cannot leave are the
    # strongly connected components with no edge out of them.
    component: dict[str, int] = {}
    components = list(nx.strongly_connected_components(trapped))
    for number, nodes in enumerate(components):
        for node in nodes:
            component[node] = number
    index = step_index(run.protocol)
    for number, nodes in enumerate(components):
        if any(component[t] != number for n in nodes for t in graph.succ[n]):
            continue
        first = min(nodes, key=lambda n: index[n])
        loop = _cycle_through(graph, first, nodes)
        lead = run.path_to(first)
        hops = HopPath(lead[:-1] + loop)
        hops.before = lead.before
        names = " -> ".join(step for step, _ in loop)
        yield Occurrence(
            "no-termination", (first,), ("steps", index[first]),
            Msg.of("no-termination", step=first, names=names), hint=Msg.of("hint.loop"),
            scenario=run.scenario, path=run.witness(hops), step=first)


def _next_edges_only(full: RouteGraph) -> RouteGraph:
    """The graph without its track edges (the same graph when it has none), computed
    once per shared structure."""
    derived = full.derived
    if "next_edges_only" not in derived:
        edges = full.edges(keys=True, data=True)
        if not any(data.get("track", False) for *_, data in edges):
            derived["next_edges_only"] = full
        else:
            graph = RouteGraph(**full.graph)
            for node, attributes in full.nodes.items():
                graph.add_node(node, **attributes)
            for source, target, key, data in edges:
                if not data.get("track", False):
                    graph.add_edge(source, target, key, **data)
            derived["next_edges_only"] = graph
    result: RouteGraph = derived["next_edges_only"]
    return result


def _cycle_through(graph: RouteGraph, start: str, nodes: set[str]) -> list[tuple[str, str | None]]:
    """A cycle from ``start`` back to ``start`` inside the strongly connected ``nodes``."""
    parent: dict[str, tuple[str, str] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target, edges in graph.succ[node].items():
            if target not in nodes:
                continue
            key = next(iter(edges))
            if target == start:
                hops = tree_path(parent, node)
                hops[-1] = (node, key)
                return hops + [(start, None)]
            if target not in parent:
                parent[target] = (node, key)
                queue.append(target)
    return [(start, None)]


def unreachable_occurrences(protocol: Protocol, reached: set[str]) -> Iterator[Occurrence]:
    """``unreachable-step`` for every step that no scenario's route graph holds."""
    for position, step in enumerate(protocol.steps):
        if step.id not in reached:
            yield Occurrence(
                "unreachable-step", (step.id,), ("steps", position),
                Msg.of("unreachable-step", step=step.id), hint=Msg.of("hint.unreachable"),
                step=step.id)
