"""Checks on the shape of the routes: every case starts somewhere, has somebody to act,
always has a way on, and can end.

* ``missing-route`` / ``ambiguous-route``: a scenario that no entry route serves, or
  that two entry routes send different ways;
* ``no-actor``: a step whose actor alternatives leave nobody for the scenario;
* ``dead-end``: a step that is not an end and has no way on;
* ``no-termination``: steps that go round without any way to an end (found by reverse
  reachability from the ends and strongly connected components, never by listing cycles);
* ``unreachable-step``: a step that no scenario reaches;
* ``join-never-completes`` / ``track-misses-join``: an explicit join (``Step.join``) that
  waits for a track no case can bring there, or a track it waits for that can go a way
  that never reaches it (per join one forward and one reverse search: linear in the
  graph for each join, no product of tracks).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from protocolkit.analysis.base import (
    HopPath,
    Occurrence,
    ScenarioRun,
    for_scenario,
    step_index,
    tree_path,
)
from protocolkit.format.diagnostics import Msg, the_role
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario, entry_routes
from protocolkit.semantics.routegraph import RouteGraph


def entry_occurrences(protocol: Protocol, scenario: Scenario) -> Iterator[Occurrence]:
    """``missing-route`` and ``ambiguous-route`` for one scenario."""
    routes = entry_routes(protocol, scenario)
    if not routes:
        who = (Msg.of("w.own-act", reporter=the_role(scenario.reporter)) if scenario.own
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
    """``no-actor``, ``dead-end`` and ``no-termination`` in one scenario's graph (and the
    joins'): they depend on the route structure alone, so they are found once per
    structure and given to every scenario that shares it."""
    if run.entry is None:
        return
    yield from for_scenario(run.shared("graph_occurrences", lambda: list(_graph(run))),
                            run.scenario)


def _graph(run: ScenarioRun) -> Iterator[Occurrence]:
    graph = run.graph
    index = step_index(run.protocol)
    terminal: list[str] = []
    succ = graph.succ
    for node, attributes in graph.nodes.items():
        view = attributes["view"]
        if view.actor.role == "?":
            yield Occurrence(
                "no-actor", (node,), ("steps", index[node], "actor"),
                Msg.of("no-actor", step=node), hint=Msg.of("hint.default-actor"),
                scenario=run.scenario, path=run.witness_to(node), step=node)
        if view.end:
            terminal.append(node)
        elif not succ[node]:    # no way on (a successor has at least one edge)
            terminal.append(node)
            yield Occurrence(
                "dead-end", (node,), ("steps", index[node]),
                Msg.of("dead-end", step=node), hint=Msg.of("hint.dead-end"),
                scenario=run.scenario, path=run.witness_to(node), step=node)
    yield from _no_termination(run, terminal)
    yield from join_occurrences(run)


def join_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """``join-never-completes`` and ``track-misses-join`` in one scenario's graph.

    A join at step J that waits for step W never completes in some case when no outcome
    of W leads to J in the scenario, or when a case can reach J while no track of it
    ever passes W: a path from the entry to J that avoids W and takes only outcomes whose
    other targets (the tracks it does not follow) cannot reach W. Every track of such a
    case is spawned on that path, so none brings W's track: J waits for ever. A track
    misses its join when an outcome of W leads only to steps from which J cannot be
    reached. Per join and awaited step: one reverse and one forward search — linear in
    the graph, whatever the number of tracks (no product construction).
    """
    graph = run.graph
    protocol = run.protocol
    if run.entry is None:
        return
    joins = protocol.derived("analysis.join_steps",
                             lambda p: frozenset(s.id for s in p.steps if s.join is not None))
    if not joins:
        return
    index = step_index(protocol)
    for node in graph.nodes:
        step = protocol.step(node)
        if node not in joins or step is None or step.join is None:
            continue
        reaches = _reach(node, graph.predecessors)
        for k, waited in enumerate(step.join.waits_for):
            where = ("steps", index[node], "join", "waits_for", k)
            if waited not in graph or not graph.has_edge(waited, node):
                yield Occurrence(
                    "join-never-completes", (node, waited), where,
                    Msg.of("join-never-completes", step=node, waits=waited,
                           why=Msg.of("w.join-no-edge")),
                    hint=Msg.of("hint.join", step=node, waits=waited),
                    scenario=run.scenario, path=run.witness_to(node), step=node)
                continue
            avoiding = _path_avoiding(run, node, waited)
            if avoiding is not None:
                yield Occurrence(
                    "join-never-completes", (node, waited), where,
                    Msg.of("join-never-completes", step=node, waits=waited,
                           why=Msg.of("w.join-avoided", via=" ".join(avoiding))),
                    hint=Msg.of("hint.join-avoided", step=node, waits=waited),
                    scenario=run.scenario, path=run.witness_to(node), step=node)
            targets: dict[str, set[str]] = {}
            for _, target, data in graph.out_edges(waited, data=True):
                targets.setdefault(data["outcome"], set()).add(target)
            for outcome, found in targets.items():
                if node not in found and not found & reaches:
                    yield Occurrence(
                        "track-misses-join", (node, waited, outcome), where,
                        Msg.of("track-misses-join", step=node, waits=waited, outcome=outcome),
                        hint=Msg.of("hint.track-join", step=node),
                        scenario=run.scenario, path=run.witness_to(waited), step=waited)


def _path_avoiding(run: ScenarioRun, join: str, waited: str) -> list[str] | None:
    """A way from the entry to ``join`` on which no track of the case passes ``waited``
    (as ``step --outcome-->`` words), or ``None``. A step may be left by an outcome only
    when the targets it does not follow cannot reach ``waited``."""
    graph = run.graph
    entry = run.entry
    if entry is None or entry == waited:
        return None
    feeds = _reach(waited, graph.predecessors, avoid=join)
    parent: dict[str, tuple[str, str] | None] = {entry: None}
    queue = deque([entry])
    while queue:
        here = queue.popleft()
        by_outcome: dict[str, set[str]] = {}
        for _, target, data in graph.out_edges(here, data=True):
            by_outcome.setdefault(data["outcome"], set()).add(target)
        for outcome, found in by_outcome.items():
            for target in found:
                if target == waited or target in parent or (found - {target}) & feeds:
                    continue
                parent[target] = (here, outcome)
                if target == join:
                    words: list[str] = [join]
                    link = parent[join]
                    while link is not None:
                        words.append(f"{link[0]} --{link[1]}-->")
                        link = parent[link[0]]
                    return words[::-1]
                queue.append(target)
    return None


def _reach(start: str, neighbours: Callable[[str], Iterable[str]],
           avoid: str | None = None) -> set[str]:
    """The steps reachable from ``start`` along ``neighbours`` without entering
    ``avoid`` (``start`` included)."""
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in neighbours(queue.popleft()):
            if nxt not in seen and nxt != avoid:
                seen.add(nxt)
                queue.append(nxt)
    return seen


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
        # Track edges come from outcomes with tracks: without those, nothing to drop.
        tracked = any(o.tracks for attributes in full.nodes.values()
                      for o in attributes["view"].outcomes)
        edges = full.edges(keys=True, data=True) if tracked else []
        if not any(data.get("track", False) for *_, data in edges):
            # None for the graph itself: the graph holding itself would be a cycle,
            # left for the cyclic collector to find.
            derived["next_edges_only"] = None
        else:
            # Straight into the graph's dicts: what add_node and add_edge would make.
            graph = RouteGraph(**full.graph)
            nodes, succ, pred = graph.nodes, graph.succ, graph.pred
            for node, attributes in full.nodes.items():
                nodes[node] = dict(attributes)
                succ[node] = {}
                pred[node] = {}
            for source, target, key, data in edges:
                if not data.get("track", False):
                    kept = succ[source].setdefault(target, {})[key] = dict(data)
                    pred[target].setdefault(source, {})[key] = kept
            derived["next_edges_only"] = graph
    result: RouteGraph | None = derived["next_edges_only"]
    return full if result is None else result


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
