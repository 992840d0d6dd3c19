"""The checks through the command line: validate (text, JSON, SARIF) and matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.format.loader import load_protocol
from protocolkit.semantics import scenario_space

from .helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ROOT / "tests" / "data" / "checks"


def table_rows(out: str) -> list[list[str]]:
    """The rows of a Rich table as cells, a cell's wrapped lines joined with a space (a
    row's later lines have an empty first column)."""
    rows: list[list[str]] = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if cells[0] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def test_validate_text_shows_the_witness(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(CHECKS / "conflict.yaml")
    code, out, _ = run(capsys, "validate", path)
    assert code == 1
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if "error[conflict-of-interest]" in line)
    assert lines[head].startswith(f"{path}:")
    witness = lines[head + 1:]
    assert witness[0] == "    scenario: raadslid -> burgemeester, uitgevoerd"
    assert witness[1] == "    1. melding (melding, raadslid) --gemeld-->"
    assert "    relations: gemeentesecretaris is accountable to burgemeester" in witness
    assert lines[-1] == "1 file checked: 1 error(s), 0 warning(s), 0 note(s)"


def test_validate_json_witness_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(CHECKS / "no_termination.yaml"))
    assert code == 1
    finding = json.loads(out)["files"][0]["findings"][0]
    assert finding["code"] == "no-termination"
    witness = finding["witness"]
    assert set(witness) == {"scenario", "path", "scenarios"}
    assert witness["scenario"] == {"reporter": "raadslid", "subject": "raadslid",
                                   "act": "uitgevoerd", "own": False}
    assert all(set(hop) >= {"step", "kind", "actor", "outcome"} for hop in witness["path"])
    assert witness["path"][-1] == {"step": "toets", "kind": "informeren",
                                   "actor": "burgemeester", "outcome": None}


def test_validate_sarif_carries_the_witness(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "sarif", str(CHECKS / "dead_end.yaml"))
    assert code == 1
    result = json.loads(out)["runs"][0]["results"][0]
    assert result["ruleId"] == "dead-end"
    assert result["level"] == "error"
    assert result["properties"]["witness"]["path"][-1]["step"] == "nazorg"
    rule = json.loads(out)["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["id"] == "dead-end"


def test_warnings_of_the_checks_fail_only_with_strict(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(CHECKS / "incomplete.yaml")
    assert run(capsys, "validate", path)[0] == 0
    assert run(capsys, "validate", "--strict", path)[0] == 1


def test_matrix_text_marks_ambiguous_cells(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "matrix", str(CHECKS / "ambiguous_route.yaml"), "--lang", "nl")
    assert code == 1
    rows = [row for row in table_rows(out) if row[-1] == "DUBBELZINNIG"]
    assert len(rows) == 2
    # the two entry steps by their titles (their ids are in --format json)
    assert all(row[0] == "burger" and row[4] == "Melding bij de burgemeester / De "
               "burgemeester beoordeelt de melding" for row in rows)
    assert "5 scenario's: 3 met één eerste stap, 0 zonder route, 2 dubbelzinnig" in out


def test_matrix_json_rows_and_answers(capsys: pytest.CaptureFixture[str]) -> None:
    path = CHECKS / "missing_route.yaml"
    code, out, _ = run(capsys, "matrix", "--format", "json", str(path))
    assert code == 1
    data = json.loads(out)
    protocol = load_protocol(path).protocol
    assert [r["scenario"] for r in data["rows"]] == [s.to_dict() for s in scenario_space(protocol)]
    assert data["counts"] == {"ok": 3, "missing": 2, "ambiguous": 0}
    missing = [r for r in data["rows"] if r["status"] == "missing"]
    assert {r["scenario"]["reporter"] for r in missing} == {"burger"}
    assert all(r["entry_step"] is None and r["first_contact"] == [] for r in missing)
    about_burgemeester = next(r for r in data["rows"]
                              if r["scenario"]["subject"] == "burgemeester")
    assert about_burgemeester["first_contact"] == ["cvdk"]
    assert about_burgemeester["decides_follow_up"] == ["cvdk"]


def test_matrix_on_a_complete_protocol_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "matrix", str(CHECKS / "clean.yaml"))
    assert code == 0
    entries = {row[4] for row in table_rows(out)}
    assert "De griffier adviseert het raadslid over het eigen handelen" in entries
    assert "advies_eigen" not in out and "griffier" in out
    _, out, _ = run(capsys, "matrix", str(CHECKS / "clean.yaml"), "--format", "json")
    assert "advies_eigen" in {row["entry_step"] for row in json.loads(out)["rows"]}


def test_matrix_folds_rows_that_differ_only_in_attributes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (CHECKS / "clean.yaml").read_text().replace(
        "  own: [false, true]\n", "  own: [false, true]\n  attributes: {spoed: [nee, ja]}\n")
    path = tmp_path / "attrs.yaml"
    path.write_text(text)
    code, out, _ = run(capsys, "matrix", str(path), "--lang", "nl")
    assert code == 0
    assert out.count(" alle ") == 5
    _, out, _ = run(capsys, "matrix", "--format", "json", str(path))
    assert len(json.loads(out)["rows"]) == 10


def test_matrix_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "matrix", "no/such/file.yaml")[0] == 2
    assert run(capsys, "matrix", "--format", "xml", str(CHECKS / "clean.yaml"))[0] == 2


def test_strict_does_not_fail_on_acknowledged_notes(capsys: pytest.CaptureFixture[str]) -> None:
    """An acknowledged finding is a note (info): a recorded decision, not work left to do.
    ``--strict`` fails on warnings, as its help says, and passes a protocol whose only
    findings are acknowledged (the shipped Arnhem protocol, issue 14)."""
    path = str(CHECKS / "conflict_acknowledged.yaml")
    code, out, _ = run(capsys, "validate", "--strict", path)
    assert "info[" in out and code == 0
    assert run(capsys, "validate", "--strict", str(ROOT / "protocols" / "arnhem.yaml"))[0] == 0


def test_matrix_on_a_narrow_terminal_names_each_entry_step_whole(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100 columns Arnhem's entry steps are named by their titles, wrapped between
    words: each row's cell, its lines joined, is a step's title, every word there (a
    word too long for the column ends in "…"), and no id."""
    monkeypatch.setenv("COLUMNS", "100")
    arnhem = Path(__file__).resolve().parents[1] / "protocols" / "arnhem.yaml"
    _, out, _ = run(capsys, "matrix", str(arnhem), "--lang", "nl")
    steps = load_protocol(arnhem).protocol.steps
    titles, ids = {step.title for step in steps}, {step.id for step in steps}
    cells = [row[4] for row in table_rows(out)]
    assert len(cells) > 30

    def shows(cell: str, title: str) -> bool:
        words, shown = title.split(), cell.split()
        return len(words) == len(shown) and all(
            s == w or (s.endswith("…") and w.startswith(s[:-1]))
            for s, w in zip(shown, words, strict=True))

    for cell in cells:
        assert cell == "-" or any(shows(cell, title) for title in titles), cell
        assert cell not in ids
