"""Every documented key of a scenario-test file does what docs/scenario-tests.md says.

Each expectation key is run twice on one case: as written (the case passes) and with a
wrong value (the case fails on exactly that key). The expected values are read from
``tests/data/minimal.yaml`` (and the small variant built below), not from running it.
A key added to the format without an entry here fails ``test_every_key_has_a_test``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from protocolkit import scenario_tests
from protocolkit.scenario_tests import Expect, FindingsExpect, ResponsibilitiesExpect, run_tests

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"

RAAD = {"reporter": "raadslid", "subject": "raadslid", "act": "uitgevoerd"}
TO_OPDRACHT = [{"step": "melding", "outcome": "gemeld", "date": "2025-03-03"},
               {"step": "beoordeling", "outcome": "onderzoekswaardig", "date": "2025-03-10"}]
TO_ONDERZOEK = [*TO_OPDRACHT, {"step": "opdracht", "outcome": "verleend", "date": "2025-03-12"}]
CLOSED = [{"step": "melding", "outcome": "gemeld", "date": "2025-03-03"},
          {"step": "beoordeling", "outcome": "niet_ontvankelijk", "date": "2025-03-05"}]


def variant(tmp_path: Path) -> Path:
    """minimal.yaml where the gemeenteraad is told when the onderzoek starts, a melding
    can be sent on to the police (out of scope), a scenario attribute ``ernst`` exists,
    and an open point is left."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("    confidential: true\n",
                        "    confidential: true\n    informed: [gemeenteraad]\n")
    text = text.replace("      - {id: gemeld, next: beoordeling}\n",
                        "      - {id: gemeld, next: beoordeling}\n"
                        "      - {id: strafbaar, next: politie}\n")
    text = text.replace("entry_routes:\n", """  - id: politie
    phase: melden
    kind: aangifte
    title: Naar de politie
    actor: burgemeester
    end: true
    out_of_scope: Aangifte bij politie en OM
    source: "art. 2"
entry_routes:
""")
    text = text.replace("  own: [false]\n", "  own: [false]\n  attributes: {ernst: [licht, zwaar]}\n")
    text += """open_points:
  - id: termijn
    topic: Termijnen
    question: Geldt de termijn ook in de zomer?
    reasoning: Het plan zegt het niet.
    source: "art. 3"
"""
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# key -> (case without expect, expect as written, the same with a wrong value)
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    "responsibilities.first_contact": (
        {"scenario": RAAD}, {"responsibilities": {"first_contact": ["burgemeester"]}},
        {"responsibilities": {"first_contact": ["cvdk"]}}),
    "responsibilities.decides_follow_up": (
        {"scenario": {**RAAD, "subject": "burgemeester"}},
        {"responsibilities": {"decides_follow_up": ["cvdk"]}},
        {"responsibilities": {"decides_follow_up": ["burgemeester"]}}),
    "responsibilities.commissions_investigation": (
        {"scenario": RAAD}, {"responsibilities": {"commissions_investigation": ["burgemeester"]}},
        {"responsibilities": {"commissions_investigation": []}}),
    "responsibilities.judges": (
        {"scenario": RAAD}, {"responsibilities": {"judges": ["gemeenteraad"]}},
        {"responsibilities": {"judges": ["burgemeester"]}}),
    "responsibilities.imposes_sanction": (
        {"scenario": RAAD}, {"responsibilities": {"imposes_sanction": ["gemeenteraad"]}},
        {"responsibilities": {"imposes_sanction": ["cvdk"]}}),
    "responsibilities.communicates": (
        {"scenario": RAAD}, {"responsibilities": {"communicates": ["burgemeester"]}},
        {"responsibilities": {"communicates": ["gemeenteraad"]}}),
    "responsibilities.out_of_scope": (
        {"scenario": RAAD}, {"responsibilities": {"out_of_scope": "politie en OM"}},
        {"responsibilities": {"out_of_scope": None}}),
    "open_steps": (
        {"scenario": RAAD, "events": TO_OPDRACHT}, {"open_steps": ["opdracht"]},
        {"open_steps": ["onderzoek"]}),
    "actors": (
        {"scenario": RAAD, "events": TO_ONDERZOEK}, {"actors": {"onderzoek": "onderzoeker"}},
        {"actors": {"onderzoek": "burgemeester"}}),
    "informed": (
        {"scenario": RAAD, "events": TO_ONDERZOEK}, {"informed": {"onderzoek": ["gemeenteraad"]}},
        {"informed": {"onderzoek": []}}),
    "due": (
        # ten werkdagen from Monday 3 March 2025
        {"scenario": RAAD, "opened": "2025-03-03"}, {"due": {"melding": "2025-03-17"}},
        {"due": {"melding": "2025-03-13"}}),
    "overdue": (
        {"scenario": RAAD, "events": TO_ONDERZOEK, "as_of": "2025-06-01"},
        {"overdue": ["onderzoek"]}, {"overdue": []}),
    "closed": ({"scenario": RAAD, "events": CLOSED}, {"closed": True}, {"closed": False}),
    "ended_in": ({"scenario": RAAD, "events": CLOSED}, {"ended_in": "afgedaan"},
                 {"ended_in": "politie"}),
    "passes_kinds": (
        {"scenario": RAAD, "events": CLOSED}, {"passes_kinds": ["melding", "vooronderzoek"]},
        {"passes_kinds": ["melding", "onderzoek"]}),
    "refused": (
        {"scenario": RAAD, "events": [{"step": "melding", "outcome": "gemeld",
                                        "date": "2025-03-03"},
                                       {"step": "sanctie", "outcome": "opgelegd",
                                        "date": "2025-03-05"}]},
        {"refused": True}, {"refused": False}),
    "findings.present": ({"scenario": RAAD}, {"findings": {"present": ["open-point"]}},
                         {"findings": {"present": ["dead-end"]}}),
    "findings.absent": ({"scenario": RAAD}, {"findings": {"absent": ["dead-end"]}},
                        {"findings": {"absent": ["open-point"]}}),
}


def run_one(tmp_path: Path, protocol: Path, case: dict[str, Any]) -> Any:
    tests = {"protocol": protocol.name, "description": "one case",
             "tests": [{"name": "case", "source": "art. 2", **case}]}
    path = tmp_path / "tests.yaml"
    path.write_text(yaml.safe_dump(tests, sort_keys=False), encoding="utf-8")
    report = run_tests(protocol, path)
    assert report.findings == []
    (result,) = report.results
    return result


@pytest.mark.parametrize("key", sorted(CASES))
def test_an_expectation_passes_when_true_and_fails_on_its_key_when_not(
        tmp_path: Path, key: str) -> None:
    case, right, wrong = CASES[key]
    protocol = variant(tmp_path)
    passing = run_one(tmp_path, protocol, {**case, "expect": right})
    assert (passing.error, [m.to_dict() for m in passing.mismatches]) == (None, [])
    failing = run_one(tmp_path, protocol, {**case, "expect": wrong})
    assert failing.error is None
    assert [m.key.split(".")[0] for m in failing.mismatches] == [key.split(".")[0]]
    if key.startswith("responsibilities."):
        assert [m.key for m in failing.mismatches] == [key]


def test_scenario_keys_reach_the_scenario(tmp_path: Path) -> None:
    protocol = variant(tmp_path)
    expect = {"responsibilities": {"judges": ["gemeenteraad"]}}
    ok = run_one(tmp_path, protocol, {"scenario": {**RAAD, "own": False,
                                                   "attributes": {"ernst": "zwaar"}},
                                      "expect": expect})
    assert ok.passed
    # An undeclared attribute value is a mistake in the test: a finding in the test file
    # at the scenario's field, not an exception's text.
    result = run_one(tmp_path, protocol, {"scenario": {**RAAD, "attributes": {"ernst": "middel"}},
                                          "expect": expect})
    assert not result.passed and result.problem is not None
    assert result.problem.code == "invalid-case-input"
    # own: true, which the protocol does not cover, is its refusal, as in every command.
    result = run_one(tmp_path, protocol, {"scenario": {**RAAD, "own": True}, "expect": expect})
    assert not result.passed and [m.key for m in result.mismatches] == ["responsibilities"]
    assert "covers no eigen handelen" in result.mismatches[0].actual


def test_every_key_has_a_test() -> None:
    documented = (ROOT / "docs" / "scenario-tests.md").read_text(encoding="utf-8")
    keys = {f"responsibilities.{k}" for k in ResponsibilitiesExpect.model_fields}
    keys |= {f"findings.{k}" for k in FindingsExpect.model_fields}
    keys |= set(Expect.model_fields) - {"responsibilities", "findings"}
    assert keys == set(CASES)
    for key in keys:
        assert f"{key.split('.')[-1]}:" in documented, f"{key} is not in docs/scenario-tests.md"
    for key in scenario_tests.TestCaseSpec.model_fields:
        assert f"{key}:" in documented, key
