"""The report and the route graph show handoffs and fact conditions (issue 13, items 6
and 8): where a case goes when it leaves the protocol, who decides there and who
communicates with the melder (with citations), and which outcomes hold only under a
condition on the case's facts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Handoff
from protocolkit.present import diagram
from protocolkit.present.report import build_report, render_html, render_markdown
from protocolkit.semantics import Scenario, scenario_space
from tests.helpers import run_cli
from tests.strategies import examples, protocols

ROOT = Path(__file__).resolve().parents[1]
ARNHEM = ROOT / "protocols" / "arnhem.yaml"
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
AMBTENAAR = Scenario("burgemeester", "ambtenaar", "uitgevoerd")


def test_the_report_shows_who_acts_after_a_handoff() -> None:
    # Arnhem Fase 1, 1.6/2.6/3.5: at an uitgevoerde handeling by an ambtenaar the
    # gemeentesecretaris decides; he communicates with the melder when the burgemeester
    # reported, the burgemeester otherwise.
    text = render_markdown(build_report(ARNHEM))
    section = text.split("## Buiten dit protocol", 1)[1].split("\n## ", 1)[0]
    assert "Ambtelijke integriteitsregeling" in section
    assert ("Wie beslist daar over het vervolg: gemeentesecretaris (als de handeling uitgevoerd is); "
            "anders niet toegewezen in de tekst") in section
    assert ("Wie communiceert met de melder: gemeentesecretaris (als de melder burgemeester is); "
            "anders burgemeester") in section
    assert "Bron: Fase 1, 1.6; Fase 1, 2.6; Fase 1, 3.5" in section


def test_the_report_shows_fact_conditions_with_their_articles() -> None:
    report = build_report(OOSTZAAN)
    text = render_markdown(report)
    section = text.split("## Voorwaarden op feiten van de zaak", 1)[1].split("\n## ", 1)[0]
    # Steps and outcomes by title and label, not by id.
    assert ("uitkomst ‘Voldoet aan lid 1: vooronderzoek (eerste screening)’" in section
            and "Bron: art. 2.2 lid 1" in section)
    assert "uitkomst ‘Feiten ouder dan vier jaar, maar gemotiveerd afgeweken in een " \
        "zwaarwegend geval’" in section
    assert "ouder_dan_vier_jaar_zwaarwegend" not in section
    assert "Bron: art. 2.2 lid 2" in section
    # Each route in the report says where its outcomes depend on the facts.
    title = "‘" + report.protocol.step("ontvankelijkheidstoets").title + "’"  # type: ignore[union-attr]
    assert any(note.startswith(f"Voorwaarde: {title} -> ‘Voldoet aan lid 1: vooronderzoek "
                               "(eerste screening)’ alleen als")
               for d in report.diagrams for note in d.notes)
    html = render_html(report)
    assert "Voorwaarden op feiten van de zaak" in html and "art. 2.2 lid 2" in html


def test_the_graph_shows_the_handoff_at_its_end_step(capsys) -> None:
    protocol = load_protocol(ARNHEM).protocol
    d = diagram.build(protocol, AMBTENAAR)
    [end] = [n for n in d.nodes.values() if n.handoff]
    assert end.handoff == [("naar: Ambtelijke integriteitsregeling (interne meldregeling, "
                            "Meldpunt) [Fase 1, 1.6; Fase 1, 2.6; Fase 1, 3.5]"),
                           "beslist daar: gemeentesecretaris",
                           "met de melder: gemeentesecretaris"]
    code, out, _ = run_cli(capsys, "graph", str(ARNHEM), "--reporter", "burgemeester",
                           "--subject", "ambtenaar", "--act", "uitgevoerd", "--format", "dot",
                           "--lang", "nl")
    flat = out.replace("\\n", " ")       # DOT labels wrap at spaces
    assert code == 0 and "beslist daar: gemeentesecretaris" in flat and "Fase 1, 1.6" in flat
    code, out, _ = run_cli(capsys, "graph", str(ARNHEM), "--reporter", "burgemeester",
                           "--subject", "ambtenaar", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0 and "met de melder: gemeentesecretaris" in out
    # Across all scenarios the alternatives are shown with their guards.
    whole = diagram.build(protocol)
    assert any("gemeentesecretaris (als de handeling uitgevoerd is)" in line
               for n in whole.nodes.values() for line in n.handoff)


def test_the_graph_shows_fact_conditions_on_outcomes(capsys) -> None:
    code, out, _ = run_cli(capsys, "graph", str(OOSTZAAN), "--reporter", "burger",
                           "--subject", "wethouder", "--act", "uitgevoerd", "--attr",
                           "aanleiding=vermoeden", "--format", "dot", "--lang", "nl")
    assert code == 0
    [edge] = [line for line in out.splitlines() if "art. 2.2 lid 1" in line]
    assert '"ontvankelijkheidstoets" ->' in edge and "ten hoogste 4 jaar oud" in edge
    assert any("art. 2.2 lid 2" in line and "meer dan 4 jaar oud" in line
               for line in out.splitlines())


@settings(deadline=None, max_examples=examples(20),
          suppress_health_check=[HealthCheck.too_slow])
@given(protocol=protocols())
def test_every_handoff_and_condition_reaches_the_graph(protocol) -> None:
    """On generated protocols (with handoffs and fact conditions): every end step that
    hands the case over shows where to, every edge of a conditional outcome shows its
    condition — in each scenario's graph and in the whole protocol's."""
    requires = {(s.id, o.id) for s in protocol.steps for o in s.outcomes if o.requires}
    labels = {(s.id, o.id): (o.label or o.id.replace("_", " "))
              for s in protocol.steps for o in s.outcomes}
    for scenario in [None, *list(scenario_space(protocol))[:3]]:
        d = diagram.build(protocol, scenario)
        for node in d.nodes.values():
            step = protocol.step(node.id)
            handed = step is not None and step.out_of_scope is not None
            assert bool(node.handoff) == handed, node
            if handed:
                spec = step.out_of_scope
                regime = spec.regime if isinstance(spec, Handoff) else spec
                assert node.handoff[0].startswith(f"naar: {regime} [")
        for edge in d.edges:
            first = edge.label.split("\n")[0].removesuffix(" (tegelijk)")
            same = {key for key in labels if key[0] == edge.source and labels[key] == first}
            if same and same <= requires:
                assert " oud [" in edge.label, edge
            elif not same & requires:
                assert " oud [" not in edge.label, edge
        handed = sum(1 for n in d.nodes.values() if n.handoff)
        assert diagram.to_dot(d).count("beslist daar:") == handed
        assert diagram.to_mermaid(d).count("met de melder:") == handed
