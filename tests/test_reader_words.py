"""What readers see names things as readers know them: steps by their title, sources
by their citation, dates and counts in words; ids stay in the JSON (a review of the
commands as a new user meets them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[1]
ARNHEM = str(ROOT / "protocols" / "arnhem.yaml")


def test_responsibilities_names_the_step_after_which_one_may_speak_by_its_title(
        capsys: pytest.CaptureFixture[str]) -> None:
    scenario = ("--reporter", "raadslid", "--subject", "raadslid", "--act", "uitgevoerd")
    code, out, _ = run(capsys, "responsibilities", ARNHEM, *scenario, "--lang", "nl")
    assert code == 0
    assert "voorleggen_raad_raadslid" not in out
    assert ("na stap 'De burgemeester legt zijn gemotiveerd zwaarte-oordeel voor aan de "
            "gemeenteraad") in out
    code, out, _ = run(capsys, "responsibilities", ARNHEM, *scenario, "--format", "json")
    [speaker] = json.loads(out)["speakers"]
    assert speaker["from"] == "voorleggen_raad_raadslid"        # the id stays in JSON
    assert speaker["from_title"].startswith("De burgemeester legt")
