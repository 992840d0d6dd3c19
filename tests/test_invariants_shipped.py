"""Three promises every shipped protocol keeps, asked twice.

For every protocol under ``protocols/``:

* nobody judges or sanctions a case about himself (unless the protocol acknowledges it
  with the source's reason, as Oostzaan does for a public apology the subject offers);
* every scenario has a first step, and from every step a case can reach an end;
* no path reaches a sanction without the subject being heard (a ``wederhoor`` step that
  turns to the subject) or an outcome that records his admission.

First the checks of ``protocolkit validate`` are asked. Then the same promises are read
off the route graphs directly (``semantics.route_graph`` for every scenario, with
networkx and a search of their own), so that a check that has gone blind cannot pass a
protocol that breaks them.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import networkx as nx
import pytest

from protocolkit.api import check
from protocolkit.format.diagnostics import Finding, Severity
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol, StepKind
from protocolkit.semantics import Scenario, StepView, guard_holds, route_graph, scenario_space

ROOT = Path(__file__).resolve().parents[1]
PROTOCOLS = sorted((ROOT / "protocols").glob("*.yaml"))

#: Steps in which the actor judges the case or imposes a sanction.
JUDGING_KINDS = frozenset({StepKind.oordeel, StepKind.zwaarte_oordeel, StepKind.sanctie})

_loaded: dict[Path, tuple[Protocol, list[Finding]]] = {}


def loaded(path: Path) -> tuple[Protocol, list[Finding]]:
    if path not in _loaded:
        result = load_protocol(path)
        assert result.protocol is not None, [f.render() for f in result.findings]
        _loaded[path] = (result.protocol, check(result))
    return _loaded[path]


def test_there_are_shipped_protocols() -> None:
    assert len(PROTOCOLS) >= 2


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_the_checks_find_no_case_that_cannot_end_or_sanctions_unheard(path: Path) -> None:
    _, findings = loaded(path)
    broken = [f.render() for f in findings
              if f.code in ("no-termination", "dead-end", "no-hearing-before-sanction",
                            "missing-route")]
    assert broken == []


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_the_checks_find_nobody_judging_himself(path: Path) -> None:
    _, findings = loaded(path)
    himself = [f.render() for f in findings
               if f.code == "conflict-of-interest" and f.severity is Severity.error
               and f.witness is not None and f.witness["cycle"][1] == "is"
               and f.witness["path"][-1]["kind"] in {k.value for k in JUDGING_KINDS}]
    assert himself == []


# --------------------------------------------------------------------------- the graphs


def acknowledged_self_judging(protocol: Protocol, view: StepView, scenario: Scenario) -> bool:
    """Whether an ``acknowledged`` entry of the protocol covers this subject acting in this
    step (its code, and its step, role and guard where it gives them)."""
    roles = {view.actor.role, view.actor.named, protocol.shared_id(view.actor.role)}
    return any(ack.code == "conflict-of-interest"
               and ack.step in (None, view.id)
               and (ack.role is None or ack.role in roles)
               and (ack.when is None or guard_holds(ack.when, scenario))
               for ack in protocol.acknowledged)


def hears_the_subject(view: StepView, scenario: Scenario) -> bool:
    if view.kind is not StepKind.wederhoor:
        return False
    heard = view.counterpart
    return heard is None or heard.named == "betrokkene" or heard.role == scenario.subject


def unheard_sanctions(graph: nx.MultiDiGraph, scenario: Scenario) -> list[str]:
    """Sanction steps reachable with the subject neither heard nor admitting: a search
    over (step, heard so far) from the entry."""
    def view(node: str) -> StepView:
        return graph.nodes[node]["view"]  # type: ignore[no-any-return]

    entry = graph.graph["entry"]
    start = (entry, hears_the_subject(view(entry), scenario))
    seen = {start}
    queue = deque([start])
    found: list[str] = []
    while queue:
        node, heard = queue.popleft()
        if view(node).kind is StepKind.sanctie and not heard:
            found.append(node)
        for _, target, data in graph.out_edges(node, data=True):
            state = (target, heard or data["admission"] or hears_the_subject(view(target),
                                                                             scenario))
            if state not in seen:
                seen.add(state)
                queue.append(state)
    return found


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_every_route_graph_keeps_the_three_promises(path: Path) -> None:
    protocol, _ = loaded(path)
    problems: list[str] = []
    sanctions_seen = 0
    for scenario in scenario_space(protocol):
        graph = route_graph(protocol, scenario)
        where = scenario.label()
        if "entry" not in graph.graph:
            problems.append(f"{where}: no first step")
            continue
        ends = {n for n in graph if graph.nodes[n]["view"].end}
        can_end = ends.union(*(nx.ancestors(graph, e) for e in ends))
        for node in sorted(set(graph) - can_end):
            problems.append(f"{where}: from step '{node}' the case never ends")
        for node in graph:
            view = graph.nodes[node]["view"]
            if view.kind is StepKind.sanctie:
                sanctions_seen += 1
            # A measure the subject offers himself (Oostzaan art. 5.1 lid 3, "het
            # aanbieden van publiek excuus", offered: true) judges and imposes nothing.
            offered = bool(view.sanctions) and all(
                (found := protocol.sanction(s)) is not None and found.offered
                for s in view.sanctions)
            if (view.kind in JUDGING_KINDS and view.actor.role == scenario.subject
                    and not offered
                    and not acknowledged_self_judging(protocol, view, scenario)):
                problems.append(f"{where}: in step '{node}' ({view.kind.value}) the "
                                f"{view.actor.role} acts in a case about himself")
        for node in unheard_sanctions(graph, scenario):
            problems.append(f"{where}: step '{node}' sanctions without hearing the subject")
    assert problems == [], "\n".join(problems[:20])
    assert sanctions_seen > 0, "no scenario reaches a sanction: the hearing promise is empty"
