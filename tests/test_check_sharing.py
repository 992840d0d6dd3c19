"""The checks share work between scenarios (route graphs, step views and whole check
runs per class of scenarios that see the same thing) and must give exactly what checking
every scenario on its own gives: the same findings, counts and first witnesses."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings

from protocolkit.analysis import _run_checks, run_checks
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.semantics import (
    _resolve_step,  # the unmemoized resolution
    ordered_views,
    resolve_step,
    route_adjacency,
    route_graph,
    scenario_space,
)

from .strategies import examples, protocols
from .test_analysis_properties import generator

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "protocols").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "data" / "checks").glob("*.yaml"))


def _fresh(path: Path) -> tuple[Protocol, object]:
    result = load_protocol(path)
    assert result.protocol is not None, result.findings
    return result.protocol, result.locations


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shared_checks_equal_checking_every_scenario_alone(path: Path) -> None:
    protocol, locations = _fresh(path)
    alone_protocol, alone_locations = _fresh(path)
    shared = run_checks(protocol, locations)  # type: ignore[arg-type]
    alone = _run_checks(alone_protocol, alone_locations, share=False)  # type: ignore[arg-type]
    assert [f.to_dict() for f in shared] == [f.to_dict() for f in alone]


@pytest.mark.parametrize("grades", [0, 5])
def test_shared_checks_on_generated_protocols(grades: int) -> None:
    data = generator().generate_data(60, seed=2, grades=grades)
    assert run_checks(Protocol.model_validate(data)) == _run_checks(
        Protocol.model_validate(data), None, share=False)


@settings(max_examples=examples(40), deadline=None)
@given(protocols())
def test_shared_views_and_graphs_are_each_scenarios_own(protocol: Protocol) -> None:
    """A memoized step view is the view resolved for that very scenario, and a shared
    route graph is that scenario's graph (networkx copy included)."""
    fresh = Protocol.model_validate(protocol.model_dump(by_alias=True, exclude_unset=True))
    for scenario in scenario_space(protocol):
        graph = route_adjacency(protocol, scenario)
        assert graph.graph["scenario"].reporter == scenario.reporter
        for step in protocol.steps:
            assert resolve_step(protocol, step.id, scenario) == _resolve_step(
                fresh, step.id, graph.graph["scenario"])
        copy = route_graph(protocol, scenario)
        assert sorted(copy.edges(keys=True)) == sorted(graph.edges(keys=True))
        assert set(copy.nodes) == set(graph.nodes)
    assert [f.to_dict() for f in run_checks(protocol)] == [
        f.to_dict() for f in _run_checks(fresh, None, share=False)]


@pytest.mark.parametrize("name", ["arnhem", "oostzaan", "aalsmeer_draft"])
def test_shared_step_views_are_each_scenarios_own_on_shipped_protocols(name: str) -> None:
    """Every step's memoized view is the view resolved afresh for that scenario, on
    the shipped protocols, whose ambiguity notes hold in some scenarios only (Oostzaan
    melder_horen_na_overleg: not when the burgemeester reports): a step that no note
    affects shares its view across scenarios the notes tell apart, one a note affects
    lists the note exactly where it holds."""
    protocol, _ = _fresh(ROOT / "protocols" / f"{name}.yaml")
    fresh, _ = _fresh(ROOT / "protocols" / f"{name}.yaml")
    assert any(a.when is not None for a in protocol.ambiguities)
    listed: set[str] = set()
    for scenario in scenario_space(protocol):
        for step in protocol.steps:
            view = resolve_step(protocol, step.id, scenario)
            assert view == _resolve_step(fresh, step.id, scenario), (step.id, scenario)
            listed.update(view.ambiguities)
    assert any(a.when is not None and a.id in listed for a in protocol.ambiguities)


def _ordered_by_networkx(graph: nx.MultiDiGraph, protocol: Protocol) -> list[str]:
    """The reading order as networkx computes it (condensation, then a lexicographic
    topological sort): what ordered_views computed before it walked plain adjacency."""
    if not graph:
        return []
    position = {s.id: i for i, s in enumerate(protocol.steps)}
    phase_order = {p.id: p.order for p in protocol.phases}

    def key(node: str) -> tuple[bool, int, int, int]:
        view = graph.nodes[node]["view"]
        return (view.end, phase_order.get(view.phase, 0), graph.nodes[node]["order"],
                position.get(node, 0))

    condensed = nx.condensation(graph)
    groups: dict[int, list[str]] = {}
    for node, group in condensed.graph["mapping"].items():
        groups.setdefault(group, []).append(node)
    for nodes in groups.values():
        nodes.sort(key=key)
    order = nx.lexicographical_topological_sort(condensed, key=lambda g: key(groups[g][0]))
    return [n for group in order for n in groups[group]]


def _reading_orders_agree(protocol: Protocol) -> None:
    for scenario in scenario_space(protocol):
        expected = _ordered_by_networkx(route_graph(protocol, scenario), protocol)
        assert [v.id for v in ordered_views(route_adjacency(protocol, scenario), protocol)] \
            == expected, scenario.label()


@pytest.mark.parametrize("path", FILES[:3], ids=lambda p: p.name)
def test_reading_order_is_networkx_order_on_shipped_protocols(path: Path) -> None:
    protocol, _ = _fresh(path)
    _reading_orders_agree(protocol)


@settings(max_examples=examples(40), deadline=None)
@given(protocols())
def test_reading_order_is_networkx_order(protocol: Protocol) -> None:
    _reading_orders_agree(protocol)


def _guards(protocol: Protocol) -> list[object]:
    """Every guard of a protocol, nested ones included (found in its dump)."""
    from pydantic import BaseModel

    from protocolkit.format.model import Guard

    found: list[object] = []

    def walk(value: object) -> None:
        if isinstance(value, Guard):
            found.append(value)
            for sub in (*value.all, *value.any, *([value.not_] if value.not_ else [])):
                walk(sub)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, BaseModel):
            for item in value.__dict__.values():
                walk(item)

    walk(protocol)
    return found


def _bits_agree(protocol: Protocol) -> None:
    from protocolkit.semantics import complete, guard_holds
    from protocolkit.semantics.step_guards import guard_bits, space_index, step_parts, step_signature

    index = space_index(protocol)
    assert list(index) == scenario_space(protocol)
    guards = _guards(protocol)
    assert protocol.entry_routes[0].when is None or guards
    for guard in guards:
        bits = guard_bits(protocol, guard)  # type: ignore[arg-type]
        for scenario, at in index.items():
            assert bool(bits >> at & 1) == guard_holds(guard, scenario), (guard, scenario)  # type: ignore[arg-type]
    for step in protocol.steps:
        parts = step_parts(protocol, step.id)
        # The parts cover the space once, and are exactly the classes of equal signature.
        assert sum(p.bit_count() for p in parts) == len(index)
        by_signature: dict[object, set[int]] = {}
        for scenario, at in index.items():
            signature = step_signature(protocol, step.id, complete(protocol, scenario))
            by_signature.setdefault(signature, set()).add(at)
        as_sets = sorted(sorted(a for a in range(len(index)) if p >> a & 1) for p in parts)
        assert as_sets == sorted(sorted(s) for s in by_signature.values())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_guard_bits_are_guard_truth_on_shipped_protocols(path: Path) -> None:
    """The bitsets over the scenario space (one per guard, and per step the parts of
    the space that see it alike) say what guard_holds and step_signature say."""
    protocol, _ = _fresh(path)
    _bits_agree(protocol)


@settings(max_examples=examples(40), deadline=None)
@given(protocols())
def test_guard_bits_are_guard_truth(protocol: Protocol) -> None:
    _bits_agree(protocol)


def test_scenarios_whose_sanction_imposers_differ_are_not_shared(tmp_path: Path) -> None:
    """Who may impose a sanction can hang on the act alone, which no step reads: the
    example with the gemeenteraad empowered for a done act and the burgemeester for an
    intended one. The gemeenteraad imposing it in an intended act's case is a finding,
    as checking each scenario alone finds; sharing once reported nothing."""
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("  acts: [uitgevoerd]\n", "  acts: [uitgevoerd, voorgenomen]\n")
    text = text.replace("    imposed_by: [gemeenteraad]\n", (
        "    imposed_by:\n"
        "      - {when: {act: uitgevoerd}, role: gemeenteraad}\n"
        "      - {when: {act: voorgenomen}, role: burgemeester}\n"))
    assert text.count("when: {act: voorgenomen}, role: burgemeester") == 1
    path = tmp_path / "guarded_imposers.yaml"
    path.write_text(text, encoding="utf-8")
    protocol, locations = _fresh(path)
    alone_protocol, alone_locations = _fresh(path)
    shared = run_checks(protocol, locations)  # type: ignore[arg-type]
    alone = _run_checks(alone_protocol, alone_locations, share=False)  # type: ignore[arg-type]
    assert [f.to_dict() for f in shared] == [f.to_dict() for f in alone]
    imposing = [f for f in shared if f.code == "sanction-not-applicable"]
    assert imposing and all(s.act == "voorgenomen" for f in imposing for s in f.holds_for)



def _conflicts_afresh_agree(make: object) -> None:
    """The findings with the conflict-of-interest memos as they are equal those with
    the memos emptied before every scenario (``make()`` gives a fresh protocol and its
    locations)."""
    from protocolkit.analysis import impartiality

    protocol, locations = make()  # type: ignore[operator]
    alone_protocol, alone_locations = make()  # type: ignore[operator]
    memoized = _run_checks(protocol, locations, share=False)
    conflicts = impartiality._conflicts

    def afresh(run: object, signature: tuple[str, ...]) -> object:
        for name in ("analysis_chains", "analysis.bound", "analysis.seated"):
            run.memos.table(name).clear()  # type: ignore[attr-defined]
        return conflicts(run, signature)  # type: ignore[arg-type]

    impartiality._conflicts = afresh  # type: ignore[assignment]
    try:
        alone = _run_checks(alone_protocol, alone_locations, share=False)
    finally:
        impartiality._conflicts = conflicts
    assert [f.to_dict() for f in memoized] == [f.to_dict() for f in alone]



def test_conflict_memos_keep_a_scoped_substitution_apart(tmp_path: Path) -> None:
    """The binding chains of conflict-of-interest are memoized across scenarios on the
    substitutions that can reach a step's seats, not on every one that holds: a
    griffier replaced in the commissie only in the phase onderzoeken (when he is
    betrokken) leaves the commissie bound in 'oordeel' in every case about him, and in
    'onderzoek' only where he is not replaced; as with the memos emptied per scenario."""
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    edits = [
        ("  - {id: stuurgroep,",
         ('  - {id: griffier, name: Griffier, kind: person, shared: griffier, single: true,'
         ' source: "art. 1"}\n'
         '  - {id: griffiemedewerker, name: Griffiemedewerker, kind: person,'
         ' shared: ambtenaar, source: "art. 1"}\n'
         '  - {id: commissie, name: Commissie, kind: body, shared: integriteitscommissie,'
         ' members: [griffier], source: "art. 1"}\n'
         "  - {id: stuurgroep,")),
        ("  subjects: [raadslid, burgemeester]\n",
         "  subjects: [raadslid, burgemeester, griffier]\n"),
        ("  own: [false]\n", "  own: [false]\n  attributes:\n    betrokken: [nee, ja]\n"),
        ("    actor: onderzoeker\n", "    actor: onderzoeker\n    consulted: [commissie]\n"),
        ("    title: Eindoordeel\n    actor: gemeenteraad\n",
         "    title: Eindoordeel\n    actor: gemeenteraad\n    consulted: [commissie]\n"),
        ("substitutions:\n",
         ("substitutions:\n  - id: griffiemedewerker_voor_griffier\n"
         "    when: {betrokken: ja}\n    replaces: griffier\n    by: griffiemedewerker\n"
         '    phases: [onderzoeken]\n    source: "art. 1"\n')),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "scoped_seat.yaml"
    path.write_text(text, encoding="utf-8")
    _conflicts_afresh_agree(lambda: _fresh(path))
    protocol, locations = _fresh(path)
    bound = {f.witness["path"][-1]["step"]: {s.value("betrokken") for s in f.holds_for}
             for f in run_checks(protocol, locations)  # type: ignore[arg-type]
             if f.code == "conflict-of-interest" and f.witness}
    assert bound["onderzoek"] == {"nee"} and bound["oordeel"] == {"nee", "ja"}


def test_a_route_graph_keeps_one_dict_per_edge_for_both_directions() -> None:
    """Every edge's keyed dict is held once, from both ends (as networkx does): route
    graphs are built for every scenario class, and a second copy per edge was a
    twentieth of what the checks keep per step."""
    from protocolkit import load
    from protocolkit.semantics import route_structure, route_views, scenario_space

    for name in ("arnhem", "oostzaan", "aalsmeer_draft"):
        protocol = load(Path(__file__).parents[1] / "protocols" / f"{name}.yaml").protocol
        assert protocol is not None
        for scenario in scenario_space(protocol)[:40]:
            start, views = route_views(protocol, scenario)
            if start is None:
                continue
            graph = route_structure(protocol, start, views)
            edges = [(u, v) for u, out in graph.succ.items() for v in out]
            assert edges and sorted(edges) == sorted(
                (u, v) for v, into in graph.pred.items() for u in into)
            assert all(graph.pred[v][u] is graph.succ[u][v] for u, v in edges)


def test_checks_keep_their_route_structures_only_while_they_run() -> None:
    """The route structures and what the checks derive from them live as long as one
    run of the checks, not as long as the protocol, and hold no reference cycle: they
    are freed as the run ends, with the cyclic collector paused as well (its first pass
    after the checks would otherwise walk them all)."""
    import gc

    from protocolkit.semantics.routegraph import RouteGraph

    protocol = Protocol.model_validate(generator().generate_data(60, grades=3))

    def graphs() -> int:   # route graphs (the role relations are a graph without entry)
        return sum(type(o) is RouteGraph and "entry" in o.graph for o in gc.get_objects())

    gc.collect()
    before = graphs()
    enabled = gc.isenabled()
    gc.disable()
    try:
        assert run_checks(protocol) == []
        left = graphs()
    finally:
        if enabled:
            gc.enable()
    assert left == before
    assert any(s for s in protocol.memo("view_table").values())   # semantics' memos stay
