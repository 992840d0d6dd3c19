"""The checks through the command line: validate (text, JSON, SARIF) and matrix."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from protocolkit.analysis.matrix import coverage_matrix
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
    assert lines[-1] == "1 file checked: 1 error, 0 warnings, 0 acknowledged"


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


def test_matrix_text_marks_ambiguous_cells(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")              # the table (a pipe fits 100)
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
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")              # the table (a pipe fits 100)
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
    assert "acknowledged[" in out and code == 0
    assert run(capsys, "validate", "--strict", str(ROOT / "protocols" / "arnhem.yaml"))[0] == 0


@pytest.mark.parametrize("columns", ["60", "80", "100"])
@pytest.mark.parametrize("name", ["oostzaan", "arnhem", "aalsmeer_draft"])
def test_matrix_on_a_narrow_terminal_keeps_every_id_whole(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: str,
        name: str) -> None:
    """Where the table's ids do not fit the terminal (Oostzaan's
    voorzitter_vertrouwenscommissie, Arnhem's step ids), each scenario is a block with
    its answers one to a line: no id is cut ("voorzitter_vertrouwe…" was a wrong answer),
    every row's roles are there whole by their names, and its first step is named by its title (lines
    wrapped between words, joined again here), never by its id."""
    monkeypatch.setenv("COLUMNS", columns)
    path = ROOT / "protocols" / f"{name}.yaml"
    _, out, _ = run(capsys, "matrix", str(path), "--lang", "en")
    assert "…" not in out
    protocol = load_protocol(path).protocol
    titles = {step.title for step in protocol.steps}
    lines = out.splitlines()
    first_steps = []
    for at, line in enumerate(lines):
        if line.startswith("  first step: "):
            cell, after = line.split(": ", 1)[1], at + 1
            while after < len(lines) and lines[after].startswith("      "):
                cell, after = cell + " " + lines[after].strip(), after + 1
            first_steps.append(cell)
    assert first_steps and all(cell == "-" or set(cell.split(" / ")) <= titles
                               for cell in first_steps), first_steps
    words = set(re.findall(r"[\w=/]+", out))
    names = protocol.role_names()          # the roles as the protocol names them
    for row in coverage_matrix(protocol).rows:
        for role in {*row.first_contact, *row.decides_follow_up}:
            assert set(re.findall(r"[\w=/]+", names[role])) <= words, role
        assert all(set(re.findall(r"[\w=/]+", title)) <= words for title in row.entry_titles)
    for line in out.splitlines():     # wrapped between words, never within one
        assert len(line) <= int(columns) or " " not in line.strip(), line


def test_matrix_is_a_table_where_its_ids_fit(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """On a wide terminal the matrix is the table, every entry step named by its title,
    not cut."""
    arnhem = ROOT / "protocols" / "arnhem.yaml"
    titles = {step.title for step in load_protocol(arnhem).protocol.steps}
    for columns in ("400",):
        monkeypatch.setenv("COLUMNS", columns)
        _, out, _ = run(capsys, "matrix", str(arnhem), "--lang", "en")
        rows = [line.split("│") for line in out.splitlines() if line.startswith("│")]
        cells = [row[5].strip() for row in rows if row[1].strip()]
        assert cells and "…" not in out, cells
        assert all(cell == "-" or any(title.startswith(cell.split(" / ")[0])
                                      for title in titles) for cell in cells), cells


@pytest.mark.parametrize("name", ["oostzaan", "arnhem", "tests/data/checks/clean"])
def test_matrix_in_a_file_or_pipe_fits_a_page(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch,
                                              name: str) -> None:
    """Piped into a file or a mail with no COLUMNS, the matrix printed Oostzaan as a
    265-column table: it is laid out for 100 columns now (the table where it fits, else
    a block per scenario), its ids whole."""
    from protocolkit.cli._common import PIPE_WIDTH

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("shutil.get_terminal_size",
                        lambda fallback=(80, 24): os.terminal_size(fallback))
    path = ROOT / f"{name}.yaml" if "/" in name else ROOT / "protocols" / f"{name}.yaml"
    _, out, _ = run(capsys, "matrix", str(path), "--lang", "nl")
    assert PIPE_WIDTH == 100 and out and "…" not in out
    assert all(len(line) <= PIPE_WIDTH or " " not in line.strip()
               for line in out.splitlines()), max(map(len, out.splitlines()))
    words = set(re.findall(r"[\w=/]+", out))
    protocol = load_protocol(path).protocol
    names = protocol.role_names()
    for row in coverage_matrix(protocol).rows:
        for role in {*row.first_contact, *row.decides_follow_up}:
            assert set(re.findall(r"[\w=/]+", names[role])) <= words, role
