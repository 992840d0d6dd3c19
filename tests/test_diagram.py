"""Route diagrams: phases as bands, effective actors, findings highlighted."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.cli import main
from protocolkit.format.diagnostics import Finding, Location, Severity
from protocolkit.format.loader import load_protocol
from protocolkit.present import diagram
from protocolkit.semantics import Scenario
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = str(ROOT / "tests" / "data" / "minimal.yaml")


@pytest.fixture(scope="module")
def protocol():
    return load_protocol(MINIMAL).protocol


def test_scenario_diagram_shows_the_substitute(protocol) -> None:
    d = diagram.build(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert d.nodes["beoordeling"].actor == "cvdk"
    assert d.nodes["melding"].entry
    assert {(e.source, e.target) for e in d.edges} >= {("melding", "beoordeling"),
                                                       ("wederhoor", "oordeel")}


def test_whole_protocol_diagram_names_roles_as_written(protocol) -> None:
    d = diagram.build(protocol)
    assert d.nodes["beoordeling"].actor == "burgemeester"
    assert set(d.nodes) == {s.id for s in protocol.steps}


def test_mermaid_has_a_band_per_phase(protocol) -> None:
    text = diagram.to_mermaid(diagram.build(protocol, Scenario("raadslid", "raadslid",
                                                               "uitgevoerd")))
    for phase in protocol.phases:
        assert f'subgraph p_{phase.id}["{phase.name}"]' in text
    assert 's_beoordeling["De burgemeester doet vooronderzoek<br/>(burgemeester)"]' in text
    assert 's_opdracht -->|"verleend"| s_onderzoek' in text


def test_findings_are_highlighted(protocol) -> None:
    found = Finding("dead-end", Severity.error, "x", Location(),
                    witness={"path": [{"step": "melding"}, {"step": "oordeel"}]})
    d = diagram.build(protocol, None, [found])
    assert d.nodes["oordeel"].highlighted == ["dead-end"]
    assert "class s_oordeel finding" in diagram.to_mermaid(d)
    assert '"oordeel" [label="Eindoordeel\\n(gemeenteraad)", fillcolor="#fde2e2"' in diagram.to_dot(d)


def test_dot_has_clusters(protocol) -> None:
    text = diagram.to_dot(diagram.build(protocol))
    assert text.count('subgraph "cluster_') == len(protocol.phases)


def test_svg_through_graphviz(protocol) -> None:
    require_tool("dot", why="Debian: apt-get install graphviz")
    svg = diagram.to_svg(diagram.build(protocol))
    assert svg.startswith("<svg")
    assert "Eindoordeel" in svg


def test_svg_without_graphviz_is_a_clear_usage_error(monkeypatch, capsys) -> None:
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    code = main(["graph", MINIMAL, "--format", "svg"])
    assert code == 2
    assert "apt-get install graphviz" in capsys.readouterr().err


def test_networkx_fallback_svg(protocol) -> None:
    svg = diagram.to_svg_without_graphviz(diagram.build(protocol))
    assert svg.startswith("<svg") and svg.count('class="step"') == len(protocol.steps)


def test_graph_cli_scenario_shorthand(capsys) -> None:
    assert main(["graph", MINIMAL, "--scenario", "raadslid:burgemeester:uitgevoerd"]) == 0
    assert "(cvdk)" in capsys.readouterr().out
    assert main(["graph", MINIMAL, "--scenario", "raadslid:burgemeester"]) == 2


def _phase_graph(part: diagram.PhaseDrawing) -> tuple[set[str], set[tuple[str, str]]]:
    pydot = pytest.importorskip("pydot")
    (graph,) = pydot.graph_from_dot_data(part.dot)
    nodes = {n.get_name().strip('"') for n in graph.get_nodes()} - {"node", "edge"}
    edges = {(e.get_source().strip('"'), e.get_destination().strip('"'))
             for e in graph.get_edges()}
    return nodes, edges


def test_a_route_split_into_phases_keeps_every_step_and_arrow() -> None:
    """Each step is drawn in its own phase only; an arrow across phases ends in a
    'naar <fase>' box in one and starts at an 'uit <fase>' box in the other; an end step
    reached from another phase is drawn again there."""
    loaded = load_protocol(ROOT / "protocols" / "oostzaan.yaml")
    assert loaded.protocol is not None
    protocol = loaded.protocol
    d = diagram.build(protocol, Scenario("raadslid", "wethouder", "uitgevoerd",
                                         attributes=(("aanleiding", "vermoeden"),
                                                     ("betrokken_functionaris", "geen"))))
    parts = {p.phase: _phase_graph(p) for p in diagram.to_phase_dots(d)}
    assert list(parts) == [p for p, _ in d.phases if any(n.phase == p for n in d.nodes.values())]
    for node in d.nodes.values():
        assert [p for p, (nodes, _) in parts.items() if node.id in nodes] == [node.phase]
    for edge in d.edges:
        source, target = d.nodes[edge.source], d.nodes[edge.target]
        _, arrows = parts[source.phase]
        if source.phase == target.phase:
            assert (edge.source, edge.target) in arrows
        elif target.end:
            assert (edge.source, f"end:{edge.target}") in arrows
        else:
            assert (edge.source, f"naar:{edge.target}") in arrows
            assert (f"uit:{source.phase}", edge.target) in parts[target.phase][1]
    # Two outcomes between the same steps are one arrow with both outcomes.
    eerste = next(p for p in diagram.to_phase_dots(d) if p.phase == "eerste_screening")
    (arrow,) = [line for line in eerste.dot.splitlines()
                if '"eerste_screening" -> "kennisgeving_screening"' in line]
    assert "Onvoldoende" in arrow and "; Alle" in arrow and "opgeheven" in arrow


def test_phase_drawings_fit_the_report_column() -> None:
    require_tool("dot", why="Debian: apt-get install graphviz")
    for name in ("arnhem", "oostzaan", "aalsmeer_draft"):
        loaded = load_protocol(ROOT / "protocols" / f"{name}.yaml")
        assert loaded.protocol is not None
        from protocolkit.present.report import main_scenarios

        for scenario in main_scenarios(loaded.protocol):
            for part in diagram.to_phase_svgs(diagram.build(loaded.protocol, scenario)):
                assert part.svg.startswith("<svg") and 'width="' in part.svg
                assert diagram.svg_width(part.svg) <= diagram.PAGE_WIDTH, (name, part.name)
