"""A concept's open answers are marked open in the matrix and the route drawings too.

The Aalsmeer plan of approach (Stap 4, realisatie) asks the praktijksimulatie "Wie is
eraan zet? ... Wie geeft opdracht tot het doen van onderzoek ...?" without answering;
the concept takes the routes from Arnhem under the open point ``keuze_best_practice``
(and who decides on follow-up under ``wie_beslist_vervolg``). ``responsibilities``,
``route`` and ``simulate`` show those answers as "nog open - voorstel (ontleend aan
Arnhem): ..."; the coverage matrix and the diagrams say the same, never a bare
"griffier" as if decided. Arnhem's and Oostzaan's own answers stay unmarked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.analysis.matrix import coverage_matrix
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.present.diagram import build, to_dot, to_mermaid, to_phase_dots
from protocolkit.semantics import Scenario
from tests.helpers import run_cli
from tests.test_silence_proposals import PROPOSED, PROPOSED_EN

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "protocols" / "aalsmeer_draft.yaml"
ARNHEM = ROOT / "protocols" / "arnhem.yaml"
WETHOUDER = Scenario("raadslid", "wethouder", "uitgevoerd")


def _load(path: Path) -> Protocol:
    loaded = load_protocol(path).protocol
    assert loaded is not None, path        # a shipped protocol that fails to load fails
    return loaded


@pytest.fixture(scope="module")
def draft() -> Protocol:
    return _load(DRAFT)


def test_matrix_rows_carry_the_open_points_and_proposals(draft: Protocol) -> None:
    row = next(r for r in coverage_matrix(draft).rows if r.scenario == WETHOUDER)
    assert row.first_contact == ["griffier"]
    assert "keuze_best_practice" in row.open_points["first_contact"]
    assert "wie_beslist_vervolg" in row.open_points["decides_follow_up"]
    first = row.proposals["first_contact"]
    assert first is not None and first["name"] == "Arnhem"
    assert "Arnhem Fase 1, 1.3 b" in first["sections"]
    assert row.open


def test_arnhems_matrix_is_decided() -> None:
    matrix = coverage_matrix(_load(ARNHEM))
    assert matrix.open_rows == 0
    assert not any(r.open for r in matrix.rows)


def test_matrix_json_says_what_is_open(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "matrix", "--format", "json", str(DRAFT))
    assert code == 0
    data = json.loads(out)
    assert data["open_rows"] == len(data["rows"])
    row = next(r for r in data["rows"] if r["scenario"] == WETHOUDER.to_dict())
    assert row["proposals"]["first_contact"]["name"] == "Arnhem"
    assert "keuze_best_practice" in row["open_points"]["first_contact"]


@pytest.mark.parametrize(("lang", "marked"), [("nl", PROPOSED), ("en", PROPOSED_EN)])
def test_matrix_text_marks_a_proposal(capsys: pytest.CaptureFixture[str], monkeypatch:
                                      pytest.MonkeyPatch, lang: str, marked: str) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = run_cli(capsys, "matrix", "--lang", lang, str(DRAFT))
    assert code == 0
    assert marked in out
    assert ("nog open: keuze_best_practice" if lang == "nl"
            else "still open: keuze_best_practice") in out


def test_the_drawings_mark_a_proposed_actor(draft: Protocol) -> None:
    diagram = build(draft, WETHOUDER)
    node = diagram.nodes["advies_griffier"]
    assert node.actor == f"{PROPOSED}: griffier"
    assert f"({PROPOSED}: Griffier)" in to_mermaid(diagram).replace("<br/>", "\n")
    assert PROPOSED in to_dot(diagram)
    assert any(PROPOSED.replace(" ", "") in part.dot.replace("\\n", "").replace(" ", "")
               for part in to_phase_dots(diagram))
    assert build(draft, WETHOUDER, lang="en").nodes["advies_griffier"].actor.startswith(
        PROPOSED_EN)


def test_an_open_answer_without_proposal_names_its_open_point() -> None:
    # constructs.yaml's wie_oordeelt has no proposal_from: the step is open, not a
    # proposal.
    constructs = _load(ROOT / "tests" / "data" / "constructs.yaml")
    node = build(constructs).nodes["oordeel"]
    assert node.actor == "gemeenteraad; nog open: wie_oordeelt"


def test_arnhems_drawing_is_unmarked() -> None:
    arnhem = _load(ARNHEM)
    diagram = build(arnhem, WETHOUDER)
    assert all("nog open" not in n.actor for n in diagram.nodes.values())


def test_graph_cli_mermaid_marks_the_proposal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "graph", "--format", "mermaid", "--lang", "nl",
                           str(DRAFT), "--reporter", "raadslid", "--subject", "wethouder",
                           "--act", "uitgevoerd")
    assert code == 0
    assert f"({PROPOSED}: Griffier)" in out


# --------------------------------------------------------------------------- scope
# The plan speaks of a protocol "ten behoeve van de gemeenteraad" (1. Inleiding) and of
# harm to "individuele raadsleden, bestuurders en ambtenaren" (Stap 4, doel); whether
# the griffier and ambtenaren fall under the protocol is the concept's open point
# ``reikwijdte``: a question about them is open, not a "no".


def test_the_scope_point_names_the_roles_the_plan_leaves_open(draft: Protocol) -> None:
    point = next(p for p in draft.open_points if p.id == "reikwijdte")
    assert {"griffier", "ambtenaar"} <= set(point.scope_roles)
    assert {"1. Inleiding", "Stap 4, doel"} <= set(point.source)
    # The burgers' exclusion is the lineage's (Arnhem voetnoot 8), open as the routes
    # are: the plan says nothing about meldingen of burgers.
    (exclusion,) = draft.scenarios.exclude
    assert getattr(exclusion, "open", None) == "keuze_best_practice"


@pytest.mark.parametrize("args", [("--subject", "griffier", "--reporter", "raadslid"),
                                  ("--subject", "raadslid", "--reporter", "ambtenaar")])
def test_a_role_the_concept_leaves_open_is_an_open_question(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", str(DRAFT), *args,
                           "--act", "uitgevoerd")
    assert code == 2
    assert "is nog open: Vallen de griffier, griffiemedewerkers en ambtenaren onder dit " \
           "protocol? (reikwijdte)" in err
    assert "geen betrokkene" not in err and "geen melder" not in err


def test_a_role_nobody_leaves_open_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", str(DRAFT),
                           "--reporter", "raadslid", "--subject", "cvdk", "--act", "uitgevoerd")
    assert code == 2
    assert "'cvdk' is geen betrokkene in dit protocol" in err


def test_the_diff_shows_the_scope_as_open(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "diff", "--lang", "nl", str(ARNHEM), str(DRAFT))
    block = out.split("Valt onder het protocol", 1)[1].split("\n\n", 1)[0]
    assert "Aalsmeer: nog open: Vallen de griffier, griffiemedewerkers en ambtenaren onder " \
           "dit protocol? (reikwijdte)" in block
    assert "Aalsmeer: nee" not in block
    _, out, _ = run_cli(capsys, "diff", "--summary", "--lang", "nl", str(ARNHEM), str(DRAFT))
    assert "  Aalsmeer: nog open: Vallen de griffier" in out


def test_the_burgers_exclusion_is_open_with_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "responsibilities", "--lang", "nl", str(DRAFT),
                             "--reporter", "burger", "--subject", "raadslid",
                             "--act", "voorgenomen")
    assert code == 1
    said = out + err
    assert "Het plan van aanpak zegt niets over meldingen van burgers" in said
    assert "[Arnhem voetnoot 8]" in said
    # The open question under its id, then the proposal: the exclusion itself.
    assert ("nog open (keuze_best_practice): Welk handhavingsprotocol van een andere "
            "gemeente dient als model voor de routes?; voorstel (ontleend aan Arnhem): deze "
            "situatie uitsluiten") in said
    assert "(scenarios.exclude, item 1)" not in said


def test_the_draft_has_no_exclusion_without_reason() -> None:
    result = load_protocol(DRAFT)
    assert not [f for f in result.findings if f.code == "exclude-without-reason"]


def test_the_reports_routes_mark_the_proposal(draft: Protocol) -> None:
    from protocolkit.present.report import route_diagrams

    (drawn,) = route_diagrams(draft, [], "nl", scenarios=[WETHOUDER])
    assert f"({PROPOSED}: Griffier)" in drawn.mermaid.replace("<br/>", "\n")
    assert "voorstel" in drawn.svg          # wrapped over lines as the layout needs
