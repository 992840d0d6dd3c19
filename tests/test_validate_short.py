"""validate is short by default and speaks the reader's language (issue 15, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(str(p) for p in (ROOT / "protocols").glob("*.yaml"))
CHECKS = ROOT / "tests" / "data" / "checks"


def test_validate_of_the_shipped_protocols_fits_on_one_screen(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", "--no-cache", *SHIPPED)
    lines = out.splitlines()
    assert code == 0
    assert len(lines) <= 40, len(lines)
    # Each acknowledged finding is one line with its number of scenarios, not its route.
    acknowledged = [line for line in lines if "acknowledged[conflict-of-interest]" in line]
    assert len(acknowledged) == 15
    assert all("acknowledged (" in line and "scenario" in line for line in acknowledged)
    assert not any(line.startswith("    ") for line in lines)
    assert "--verbose" in lines[-1]


def test_verbose_shows_witnesses_and_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    arnhem = str(ROOT / "protocols" / "arnhem.yaml")
    _, short, _ = run_cli(capsys, "validate", "--no-cache", arnhem)
    _, long, _ = run_cli(capsys, "validate", "--no-cache", "--verbose", arnhem)
    assert len(long.splitlines()) > len(short.splitlines())
    assert "    relations: gemeentesecretaris is accountable to burgemeester" in long
    assert "    relations:" not in short


def test_errors_keep_their_witness_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", "--no-cache", str(CHECKS / "conflict.yaml"))
    assert code == 1
    assert "    scenario: raadslid -> burgemeester, uitgevoerd" in out


def test_summary_counts_per_code_and_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", "--summary", "--lang", "nl", *SHIPPED)
    assert code == 0
    lines = out.splitlines()
    draft = lines.index(next(line for line in lines if line.endswith("aalsmeer_draft.yaml:")))
    assert lines[draft + 1].split()[:3] == ["18", "waarschuwing", "open-point"]
    assert "Open punt" in lines[draft + 1]
    assert lines[-1] == "3 bestanden gecontroleerd: 0 fouten, 18 waarschuwingen, 15 aanvaard"


def _damaged(tmp_path: Path) -> Path:
    text = (ROOT / "protocols" / "arnhem.yaml").read_text(encoding="utf-8").splitlines()
    # Three edits a stuurgroep member might make: a misspelt kind, a misspelt key and a
    # misspelt role in a step.
    first_kind = next(i for i, line in enumerate(text) if line.strip() == "kind: person")
    text[first_kind] = text[first_kind].replace("person", "persoon")
    actor = next(i for i, line in enumerate(text) if line.strip() == "actor: griffier")
    text[actor] = text[actor].replace("griffier", "grifier")
    path = tmp_path / "arnhem.yaml"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def test_a_schema_error_does_not_hide_the_other_findings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _damaged(tmp_path)
    code, out, _ = run_cli(capsys, "validate", "--no-cache", str(path))
    assert code == 1
    assert "error[invalid-value]" in out
    assert "error[unknown-role]" in out and "'grifier'" in out and "`griffier`" in out
    # The role with the bad kind is set aside; references to it are not reported as
    # unknown roles (they follow from the one schema error).
    assert out.count("error[") == 2, out


def test_paths_are_written_as_a_reader_knows_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _damaged(tmp_path)
    _, out, _ = run_cli(capsys, "validate", "--no-cache", "--lang", "nl", str(path))
    line = next(line for line in out.splitlines() if "fout[invalid-value]" in line)
    assert "rol 'burgemeester', veld 'kind'" in line
    assert "roles." not in line
    _, out, _ = run_cli(capsys, "validate", "--no-cache", "--lang", "en", str(path))
    line = next(line for line in out.splitlines() if "error[invalid-value]" in line)
    assert "role 'burgemeester', field 'kind'" in line


def test_dutch_locale_gives_dutch_output(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    _, out, _ = run_cli(capsys, "validate", "--no-cache", str(CHECKS / "conflict.yaml"))
    assert "fout[conflict-of-interest]" in out and "bestand gecontroleerd" in out
    _, out, _ = run_cli(capsys, "validate", "--no-cache", "--lang", "en",
                        str(CHECKS / "conflict.yaml"))
    assert "error[conflict-of-interest]" in out


@pytest.mark.parametrize("command", ["validate", "responsibilities", "route", "matrix", "graph",
                                     "test", "report", "wegwijzer", "diff", "simulate",
                                     "schema"])
def test_every_command_takes_lang(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, command, "--help")
    assert code == 0 and "--lang {nl,en}" in out


def test_a_step_set_aside_takes_its_outcomes_with_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/stuurgroep.md, 2a: a wrong deadline unit sets the step aside; a reading note
    that names one of its outcomes (``advies_gemeentesecretaris.twijfel_weggenomen`` in
    ``affects``) is not reported as naming an unknown element: it follows from the one
    schema error (one error the griffier made, one error shown)."""
    text = (ROOT / "protocols" / "aalsmeer_draft.yaml").read_text(encoding="utf-8")
    assert "advies_gemeentesecretaris.twijfel_weggenomen" in text
    step = text.index("  - id: advies_gemeentesecretaris\n")
    at = text.index("    confidential: true\n", step)
    path = tmp_path / "concept.yaml"
    path.write_text(text[:at] + "    deadline: {amount: 2, unit: maanden}\n" + text[at:],
                    encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--no-cache", "--lang", "en", str(path))
    assert code == 1
    assert out.count("error[") == 1, out
    assert "error[invalid-value]" in out and "unknown-element" not in out


def test_a_step_set_aside_does_not_hide_a_citation_that_starts_with_its_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Review 7, item 15: only an element reference (``step.outcome``) goes with a step
    set aside; a section "art. 99" is no outcome of a step ``art``, and its own error
    is still reported."""
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    cited = '    source: "art. 2"\n  - id: beoordeling\n'
    assert text.count(cited) == 1
    text = text.replace(cited, (
        '    source: "art. 99"\n'
        "  - id: art\n    phase: melden\n    kind: vooronderzoek\n    title: Nog een\n"
        "    actor: burgemeester\n    deadline: {amount: 2, unit: maanden}\n"
        "    outcomes:\n      - {id: klaar, next: afgedaan}\n"
        '    source: "art. 2"\n  - id: beoordeling\n'))
    path = tmp_path / "art.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--no-cache", "--lang", "en", str(path))
    assert code == 1
    assert "error[invalid-value]" in out, out
    assert "art. 99" in out and "[unknown-section]" in out, out
