"""A scenario the protocol excludes is refused before its missing attributes are asked
for (issue 13): Oostzaan excludes `{reporter: burger, act: voorgenomen}` (art. 2.1 lid 1:
a burger only reports a vermoeden of a schending that took place), so a burger's intended
act is refused whatever its `aanleiding` -- exit 1 with `scenario-not-covered` from every
command, the API and the engine, never the usage error "aanleiding must be given". A
scenario its given attributes do not exclude still must give `aanleiding` (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.api import refuse, route
from protocolkit.engine import CaseEngine, CaseInputError, ScenarioNotCovered
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.semantics import (
    Scenario,
    completions,
    refusal,
    responsibilities,
    scenario_from_shared,
    scenario_problems,
)
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
CONSTRUCTS = ROOT / "tests" / "data" / "constructs.yaml"
EXCLUDED = ["--reporter", "burger", "--subject", "raadslid", "--act", "voorgenomen"]
NOT_EXCLUDED = ["--reporter", "burger", "--subject", "raadslid", "--act", "uitgevoerd"]
MUST_GIVE = "'aanleiding' has no default and must be given"
WHERE = "art. 2.1 lid 1"       # the exclusion's citation: where the text sends it


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    result = load_protocol(OOSTZAAN)
    assert result.protocol is not None
    return result.protocol


def _graded() -> Protocol:
    """constructs.yaml with a required attribute `ernst` and two exclusions that together
    (but neither alone) cover raadslid -> burgemeester, voorgenomen."""
    text = CONSTRUCTS.read_text(encoding="utf-8")
    old = "  exclude:\n"
    assert old in text
    text = text.replace(old, (
        "  attributes:\n    ernst: [licht, zwaar]\n  required: [ernst]\n" + old
        + "    - {reporter: raadslid, subject: burgemeester, ernst: licht}\n"
        + "    - {reporter: raadslid, subject: burgemeester, act: voorgenomen, ernst: zwaar}\n"),
        1)
    result = load_text(text, "graded.yaml")
    assert result.protocol is not None, [f.render() for f in result.findings]
    return result.protocol


# ------------------------------------------------------------------ the one function


def test_a_partial_scenario_is_refused_when_every_completion_is(oostzaan: Protocol) -> None:
    partial = Scenario("burger", "raadslid", "voorgenomen")
    assert [s.value("aanleiding") for s in completions(oostzaan, partial)] == [
        "vermoeden", "twijfel"]
    why = refusal(oostzaan, partial)
    assert why is not None and why.exclude_index == 0 and WHERE in why.source
    assert scenario_problems(oostzaan, partial) == []
    # Not excluded by what it gives: the attribute must be given, nothing is refused.
    open_one = Scenario("burger", "raadslid", "uitgevoerd")
    assert refusal(oostzaan, open_one) is None
    assert any(MUST_GIVE in p for p in scenario_problems(oostzaan, open_one))


def test_two_exclusions_that_together_cover_every_value_refuse() -> None:
    graded = _graded()
    both = Scenario("raadslid", "burgemeester", "voorgenomen")
    why = refusal(graded, both)
    assert why is not None
    assert "ernst" in why.reason and "ernst=licht" in why.reason and "ernst=zwaar" in why.reason


def test_a_scenario_answered_for_some_value_must_give_it() -> None:
    graded = _graded()
    # ernst=zwaar of a performed act is answered: the scenario must say which it is.
    one = Scenario("raadslid", "burgemeester", "uitgevoerd")
    assert refusal(graded, one) is None
    with pytest.raises(ValueError, match="'ernst' has no default"):
        scenario_from_shared(graded, "raadslid", "burgemeester", "uitgevoerd")
    assert refusal(graded, Scenario("raadslid", "burgemeester", "uitgevoerd",
                                    attributes={"ernst": "licht"})) is not None
    assert refusal(graded, Scenario("raadslid", "burgemeester", "uitgevoerd",
                                    attributes={"ernst": "zwaar"})) is None


def test_the_api_refuses_the_partial_scenario(oostzaan: Protocol) -> None:
    given = scenario_from_shared(oostzaan, "burger", "raadslid", "voorgenomen")
    assert "aanleiding" not in dict(given.attributes)    # not filled in from a default
    found = refuse(oostzaan, given)
    assert found is not None and found.code == "scenario-not-covered" and WHERE in found.message
    assert route(oostzaan, given).steps == []
    assert [f.code for f in route(oostzaan, given).findings] == ["scenario-not-covered"]
    answers = responsibilities(oostzaan, given)
    assert answers.refused is not None and answers.first_contact == []
    with pytest.raises(ValueError, match=MUST_GIVE):
        scenario_from_shared(oostzaan, "burger", "raadslid", "uitgevoerd")


def test_the_engine_refuses_it_as_not_covered(oostzaan: Protocol) -> None:
    engine = CaseEngine()
    for given in ({"reporter": "burger", "subject": "raadslid", "act": "voorgenomen"},
                  Scenario("burger", "raadslid", "voorgenomen")):
        with pytest.raises(ScenarioNotCovered, match=WHERE):
            engine.open(oostzaan, given, "2026-04-20")
    with pytest.raises(CaseInputError, match=MUST_GIVE):
        engine.open(oostzaan, {"reporter": "burger", "subject": "raadslid",
                               "act": "uitgevoerd"}, "2026-04-20")
    assert len(engine) == 0


# ------------------------------------------------------------------ every command


@pytest.mark.parametrize("command", ["responsibilities", "route"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_responsibilities_and_route_refuse_it(
        command: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, command, str(OOSTZAAN), *EXCLUDED, "--format", fmt)
    assert code == 1 and MUST_GIVE not in err
    if fmt == "json":
        [found] = json.loads(out)["findings"]
        assert found["code"] == "scenario-not-covered" and WHERE in found["message"]
        assert "aanleiding" not in json.loads(out)["scenario"].get("attributes", {})
    else:
        assert "scenario-not-covered" in err and WHERE in err and out == ""
    code, _, err = run_cli(capsys, command, str(OOSTZAAN), *NOT_EXCLUDED, "--format", fmt)
    assert code == 2 and MUST_GIVE in err


def test_graph_refuses_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "graph", str(OOSTZAAN), "--scenario",
                             "burger:raadslid:voorgenomen")
    assert code == 1 and "scenario-not-covered" in err and WHERE in err and out == ""
    code, _, err = run_cli(capsys, "graph", str(OOSTZAAN), "--scenario",
                           "burger:raadslid:uitgevoerd")
    assert code == 2 and MUST_GIVE in err


def test_export_refuses_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "x.bpmn"
    code, _, err = run_cli(capsys, "export", str(OOSTZAAN), "--scenario",
                           "burger:raadslid:voorgenomen", "-o", str(out))
    assert code == 1 and "scenario-not-covered" in err and not out.exists()
    code, _, err = run_cli(capsys, "export", str(OOSTZAAN), "--scenario",
                           "burger:raadslid:uitgevoerd", "-o", str(out))
    assert code == 2 and MUST_GIVE in err and not out.exists()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cases_open_refuses_it(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               fmt: str) -> None:
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    code, out, err = run_cli(capsys, "cases", "open", store, str(OOSTZAAN), *EXCLUDED,
                             "--today", "2026-01-06", "--format", fmt)
    assert code == 1 and MUST_GIVE not in err and "Traceback" not in err
    if fmt == "json":
        assert [f["code"] for f in json.loads(out)["findings"]] == ["scenario-not-covered"]
    else:
        assert "scenario-not-covered" in err and WHERE in err
    code, _, err = run_cli(capsys, "cases", "open", store, str(OOSTZAAN), *NOT_EXCLUDED,
                           "--today", "2026-01-06", "--format", fmt)
    assert code == 2 and MUST_GIVE in err
    code, out, _ = run_cli(capsys, "cases", "list", store, "--format", "json")
    assert json.loads(out)["cases"] == []


def test_simulate_refuses_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: burger, subject: raadslid, act: voorgenomen}\n"
                    "opened: 2026-01-05\nevents: []\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", str(OOSTZAAN), str(case))
    assert code == 1 and "scenario-not-covered" in err and WHERE in err
    assert MUST_GIVE not in err
    case.write_text("scenario: {reporter: burger, subject: raadslid, act: uitgevoerd}\n"
                    "opened: 2026-01-05\nevents: []\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", str(OOSTZAAN), str(case))
    assert code == 1 and "invalid-case-input" in err and MUST_GIVE in err
