"""Outcomes as readers read them (audit 10): where a step offers a choice, no outcome
is shown as its id turned into words ("vermoeden strafbaar feit klankbord" beside
"Vermoeden van een strafbaar feit; de klankbordgroep wordt eerst geraadpleegd")."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.format.loader import load_protocol

from .helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "protocols").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_choice_between_outcomes_is_labelled(path: Path) -> None:
    protocol = load_protocol(path).protocol
    unlabelled = [f"{step.id}.{outcome.id}" for step in protocol.steps
                  if len(step.outcomes) > 1 for outcome in step.outcomes
                  if not outcome.label and "_" in outcome.id]
    assert unlabelled == []


def test_simulate_says_an_unlabelled_outcome_once(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    """The id is what an event records: with a label "id: label", without one only the
    id ("gemeld"), not "gemeld: gemeld"."""
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: raadslid, subject: wethouder, act: uitgevoerd,\n"
                    "           attributes: {aanleiding: vermoeden}}\n"
                    "opened: 2026-04-20\nevents: []\n", encoding="utf-8")
    code, out, err = run(capsys, "simulate", str(ROOT / "protocols" / "oostzaan.yaml"),
                         str(case), "--as-of", "2026-04-20", "--lang", "nl")
    assert code == 0, err
    assert "   - gemeld -> Schriftelijke ontvangstbevestiging aan de melder" in out
    assert "gemeld: gemeld" not in out
