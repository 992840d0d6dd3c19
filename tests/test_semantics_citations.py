"""A scenario's answers cite what supports them, and nothing that supports only an
alternative which does not apply ("A citation must support what it is cited for").

A guarded alternative (an actor, counterpart or heard case, an outcome's ``next``
alternative, a sanction's ``imposed_by`` entry) may carry its own ``source``; the step's
own ``source`` cites what holds whichever alternative is chosen. The protocol here is
tests/data/minimal.yaml with such alternatives added.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.api import route
from protocolkit.engine import CaseEngine
from protocolkit.format.loader import load_text
from protocolkit.format.model import Protocol
from protocolkit.present.wegwijzer import cell_key, wegwijzer_data
from protocolkit.semantics import Scenario, resolve_step, responsibilities
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")

RAADSLID = Scenario("raadslid", "raadslid", "uitgevoerd")
BURGEMEESTER = Scenario("raadslid", "burgemeester", "uitgevoerd")


def _text() -> str:
    text = MINIMAL.replace('  - {id: "inleiding", informative: true}',
                           '  - {id: "art. 5", title: De raad voor de burgemeester}\n'
                           '  - {id: "art. 6", title: Wederhoor}\n'
                           '  - {id: "art. 7", title: Vervolg over de burgemeester}\n'
                           '  - {id: "art. 8", title: Sanctie over de burgemeester}')
    text = text.replace(
        "    title: Eindoordeel\n    actor: gemeenteraad\n",
        "    title: Eindoordeel\n    actor:\n"
        '      - {when: {subject: burgemeester}, role: gemeenteraad, source: "art. 5"}\n'
        "      - {role: gemeenteraad}\n"
        "    heard:\n"
        '      - {when: {subject: raadslid}, role: betrokkene, source: "art. 6"}\n', 1)
    text = text.replace(
        "      - {id: gemeld, next: beoordeling}\n",
        "      - id: gemeld\n        next:\n"
        '          - {when: {subject: burgemeester}, step: beoordeling, source: "art. 7"}\n'
        "          - {step: beoordeling}\n", 1)
    return text.replace(
        "    imposed_by: [gemeenteraad]\n",
        '    imposed_by: [{when: {subject: burgemeester}, role: gemeenteraad, source: "art. 8"},\n'
        "                 {role: gemeenteraad}]\n", 1)


@pytest.fixture(scope="module")
def protocol() -> Protocol:
    result = load_text(_text(), "alternatives.yaml")
    assert result.findings == [], [f.message for f in result.findings]
    assert result.protocol is not None
    return result.protocol


def test_the_view_cites_the_chosen_alternative_and_says_what_for(protocol: Protocol) -> None:
    view = resolve_step(protocol, "oordeel", BURGEMEESTER)
    assert view.source == ("art. 4", "art. 5")
    assert view.source_for == (("step", ("art. 4",)), ("actor", ("art. 5",)))
    assert view.cited("actor") == ("art. 5",)
    assert view.source_dict() == {"step": ["art. 4"], "actor": ["art. 5"]}


def test_the_view_never_cites_an_alternative_that_does_not_hold(protocol: Protocol) -> None:
    view = resolve_step(protocol, "oordeel", RAADSLID)
    assert view.source == ("art. 4", "art. 6")
    assert view.source_for == (("step", ("art. 4",)), ("heard", ("art. 6",)))
    assert "art. 5" not in view.source


def test_the_outcome_cites_the_next_alternative_taken(protocol: Protocol) -> None:
    (to_burgemeester,) = resolve_step(protocol, "melding", BURGEMEESTER).outcomes
    assert (to_burgemeester.source, to_burgemeester.next_source) == (("art. 7",), ("art. 7",))
    (to_raadslid,) = resolve_step(protocol, "melding", RAADSLID).outcomes
    assert (to_raadslid.source, to_raadslid.next_source) == ((), ())


def test_who_judges_cites_the_step_and_the_actor_alternative(protocol: Protocol) -> None:
    answers = responsibilities(protocol, BURGEMEESTER)
    assert "art. 5" in answers.sources["judges"]
    # The heard alternative does not hold for the burgemeester; for a raadslid it holds
    # but supports who is heard, not who judges.
    assert "art. 6" not in answers.sources["judges"]
    assert "art. 6" not in responsibilities(protocol, RAADSLID).sources["judges"]
    assert "art. 5" not in responsibilities(protocol, RAADSLID).sources["judges"]


def test_a_sanction_cites_its_imposer_alternative_only_where_it_holds(protocol: Protocol) -> None:
    def cited(scenario: Scenario) -> list[str]:
        (sanction,) = [s for s in responsibilities(protocol, scenario).sanctions
                       if s["id"] == "motie_van_afkeuring"]
        return list(sanction["source"])

    assert cited(BURGEMEESTER) == ["art. 4", "art. 8"]
    assert cited(RAADSLID) == ["art. 4"]


def test_route_json_is_additive(protocol: Protocol) -> None:
    data = route(protocol, BURGEMEESTER).to_dict()
    oordeel = next(s for s in data["steps"] if s["id"] == "oordeel")
    assert oordeel["source"] == ["art. 4", "art. 5"]
    assert oordeel["source_for"] == {"step": ["art. 4"], "actor": ["art. 5"]}
    melding = next(s for s in data["steps"] if s["id"] == "melding")
    assert melding["outcomes"][0]["source"] == ["art. 7"]
    assert melding["outcomes"][0]["next_source"] == ["art. 7"]


def _cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, subject: str,
         *rest: str) -> str:
    """``protocolkit COMMAND`` on this file for raadslid -> ``subject``: its output."""
    path = tmp_path / "alternatives.yaml"
    path.write_text(_text(), encoding="utf-8")
    code, out, _ = run_cli(capsys, command, str(path), "--reporter", "raadslid",
                           "--subject", subject, "--act", "uitgevoerd", *rest)
    assert code == 0
    return out


def test_route_text_says_which_citation_supports_the_actor(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _cli(capsys, tmp_path, "route", "burgemeester", "--lang", "nl")
    block = out.split("Eindoordeel", 1)[1].split("\n\n", 1)[0]
    assert "   Bron: art. 4\n" in block
    assert "   Bron voor wie handelt: art. 5" in block
    out = _cli(capsys, tmp_path, "route", "raadslid", "--lang", "en")
    block = out.split("Eindoordeel", 1)[1].split("\n\n", 1)[0]
    assert "art. 5" not in block
    assert "   Source for who is heard: art. 6" in block


def test_responsibilities_json_cites_per_scenario(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cited = json.loads(_cli(capsys, tmp_path, "responsibilities", "raadslid",
                            "--format", "json"))["sources"]
    assert not any(c in {"art. 5", "art. 7", "art. 8"} for cites in cited.values() for c in cites)


#: The way of a case about the burgemeester to the eindoordeel (step, outcome).
TO_OORDEEL = (("melding", "gemeld"), ("beoordeling", "onderzoekswaardig"),
              ("opdracht", "verleend"), ("onderzoek", "concept_gereed"),
              ("wederhoor", "schending"))


def test_the_engine_cites_what_the_open_step_rests_on(protocol: Protocol) -> None:
    case = CaseEngine().open(protocol, BURGEMEESTER, "2026-01-05")
    for step, outcome in TO_OORDEEL:
        case.record(step, outcome, "2026-01-06")
    (open_step,) = case.open_steps(as_of="2026-01-07")
    assert open_step.step == "oordeel"
    assert open_step.to_dict()["source_for"] == {"step": ["art. 4"], "actor": ["art. 5"]}


def test_the_wegwijzer_cites_per_cell(protocol: Protocol) -> None:
    data = wegwijzer_data(protocol)
    for scenario, absent in ((BURGEMEESTER, "art. 6"), (RAADSLID, "art. 5")):
        key = cell_key(scenario.reporter, scenario.subject, scenario.act, scenario.own, [])
        cell = data["cells"][key]
        steps = [data["steps"][i] for i in data["routes"][cell["route"]]["steps"]]
        cited = {c for s in steps for c in s["source"]}
        cited |= {c for s in steps for o in s["outcomes"] for c in o["source"]}
        assert absent not in cited


def test_simulate_says_which_citation_supports_the_actor(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "alternatives.yaml"
    path.write_text(_text(), encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(
        "scenario: {reporter: raadslid, subject: burgemeester, act: uitgevoerd}\n"
        "opened: 2026-01-05\nevents:\n" + "".join(
            f"  - {{step: {step}, outcome: {outcome}, date: 2026-01-06}}\n"
            for step, outcome in TO_OORDEEL), encoding="utf-8")
    code, out, _ = run_cli(capsys, "simulate", str(path), str(case), "--as-of", "2026-01-07",
                           "--lang", "nl")
    assert code == 0
    assert "   Bron: art. 4\n   Bron voor wie handelt: art. 5\n" in out


def test_who_acts_never_cites_what_only_an_outcome_cites() -> None:
    """"Beslist over vervolg" rests on who does the vooronderzoek (the step's own source
    and, for the burgemeester, the substitution that puts the CvdK in his place), not on
    what only supports one of its outcomes (Arnhem's aangifte paragraph belongs on the
    outcome strafbaar_feit, not on who decides)."""
    text = _text().replace('  - {id: "art. 8", title: Sanctie over de burgemeester}',
                           '  - {id: "art. 8", title: Sanctie over de burgemeester}\n'
                           '  - {id: "art. 9", title: Aangifte}', 1)
    text = text.replace("      - {id: onderzoekswaardig, next: opdracht}\n",
                        '      - {id: onderzoekswaardig, next: opdracht, source: "art. 9"}\n', 1)
    result = load_text(text, "outcome_source.yaml")
    assert result.findings == [], [f.message for f in result.findings]
    assert result.protocol is not None
    for scenario in (RAADSLID, BURGEMEESTER):
        answers = responsibilities(result.protocol, scenario)
        assert "beoordeling" in answers.steps["decides_follow_up"]
        assert "art. 2" in answers.sources["decides_follow_up"]
        assert all("art. 9" not in cited for cited in answers.sources.values())
        outcome = resolve_step(result.protocol, "beoordeling", scenario).outcome(
            "onderzoekswaardig")
        assert outcome is not None and outcome.source == ("art. 9",)
