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
    # Who acts by the role's name; ids only as node ids.
    assert 's_beoordeling["De burgemeester doet vooronderzoek<br/>(Burgemeester)"]' in text
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
    assert "(Commissaris van de Koning)" in capsys.readouterr().out
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
    assert "Alle relevante" in arrow and "; " in arrow and "opgeheven" in arrow


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


def _sheet(capsys, *argv: str) -> str:
    assert main(["graph", *argv, "--format", "svg", "--lang", "nl"]) == 0
    return capsys.readouterr().out


def test_graph_svg_draws_the_reports_routes_phase_by_phase_on_one_sheet(capsys) -> None:
    """``graph --format svg`` without a scenario: the report's route groups, each under
    its situation, phase by phase under the phase's name, with the legend — one valid
    SVG with unique ids, no wider than the report's column."""
    import re
    import xml.etree.ElementTree as ET

    from protocolkit.analysis import run_checks
    from protocolkit.present.report import diagram_caption, route_diagrams

    require_tool("dot", why="Debian: apt-get install graphviz")
    path = ROOT / "protocols" / "oostzaan.yaml"
    sheet = _sheet(capsys, str(path))
    root = ET.fromstring(sheet)
    svg = "{http://www.w3.org/2000/svg}"
    protocol = load_protocol(path).protocol
    routes = route_diagrams(protocol, run_checks(protocol))
    nested = root.findall(f"{svg}svg")
    assert len(routes) >= 2 and len(nested) == sum(len(d.phases) for d in routes)
    written = [t.text or "" for t in root.iter(f"{svg}text")]
    assert "eerste stap" in written and "bevinding (fout of waarschuwing)" in written
    headings = " ".join(t.text or "" for t in root.findall(f"{svg}text")
                        if t.get("fill") == "#03428c")
    for route in routes:
        assert " ".join(diagram_caption(route).split()) in " ".join(headings.split())
        for part in route.phases:
            assert part.name in written
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and len(ids) == len(set(ids))
    assert float(root.get("width", "0")) <= diagram.PAGE_WIDTH + 40
    assert not re.search(r"<svg[^>]*>\s*<svg", sheet)  # a title and legend come first


def _drawn(sheet: str) -> str:
    """The sheet without its legend (whose swatch for a finding is red as well)."""
    import re

    return re.sub(r'<g class="legend">.*?</g>', "", sheet)


def test_graph_svg_of_a_scenario_is_that_route_with_its_own_marks(capsys) -> None:
    require_tool("dot", why="Debian: apt-get install graphviz")
    conflict = str(ROOT / "tests" / "data" / "checks" / "conflict.yaml")
    clean = _sheet(capsys, MINIMAL, "--scenario", "raadslid:raadslid:uitgevoerd")
    assert "Geen bevindingen in deze situatie." in clean and "Gemarkeerd" not in clean
    assert clean.count("<svg ") == 1 + 3  # the sheet and its three phases
    # conflict.yaml: the burgemeester decides on himself only when he is the subject.
    other = _sheet(capsys, conflict, "--scenario", "raadslid:raadslid:uitgevoerd")
    assert "Gemarkeerd" not in other and 'fill="#fde2e2"' not in _drawn(other)
    sheet = _sheet(capsys, conflict, "--scenario", "raadslid:burgemeester:uitgevoerd")
    assert "Gemarkeerd: Belangenverstrengeling" in sheet and 'fill="#fde2e2"' in _drawn(sheet)


def test_graph_svg_is_legible_at_1280_px(capsys, tmp_path: Path) -> None:
    """Opened in Chromium at 1280 px, the sheet is shown at its own size: step text is
    13 px or more, every outcome 10 px or more, nothing wider than the window."""
    from tests.test_report import _browser

    require_tool("dot", why="Debian: apt-get install graphviz")
    page = tmp_path / "arnhem.svg"
    page.write_text(_sheet(capsys, str(ROOT / "protocols" / "arnhem.yaml")), encoding="utf-8")
    driver, profile = _browser()
    try:
        driver.set_window_size(1280, 1000)
        driver.get(page.as_uri())
        width, steps, every = driver.execute_script(
            "const h = q => Array.from(document.querySelectorAll(q)).map("
            "t => t.getBoundingClientRect().height);"
            "return [document.documentElement.getBoundingClientRect().width,"
            " h('g.node:not(.stub) text'), h('text')]")
        assert width <= 1280 and steps and every
        assert min(steps) >= 13 and min(every) >= 10
        driver.save_screenshot(str(tmp_path / "arnhem-graph.png"))
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        import shutil

        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_labels_wrap_at_word_boundaries() -> None:
    """An arrow's label wider than its line keeps its words whole ("integrite /
    itsonderzoek" was read on Arnhem's routes), with Graphviz and without."""
    import re

    from protocolkit.present.report import build_report, render_html

    label = "Besluit tot een integriteitsonderzoek"
    assert diagram._wrap(label, diagram.LABEL_WRAP).split("\n") == [
        "Besluit tot een", "integriteitsonderzoek"]
    page = render_html(build_report(ROOT / "protocols" / "arnhem.yaml"))
    fragments = re.findall(r"<text[^>]*>([^<]*)</text>", page)
    assert "integriteitsonderzoek" in " ".join(fragments)
    assert not [f for f in fragments if re.search(r"\bteitsonderzoek|integrite$", f.strip())]
