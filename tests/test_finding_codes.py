"""Finding codes that no other test asserted: each from a protocol file that triggers it,
with the line a griffier is sent to (and the hint, where there is one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.format.diagnostics import CODES
from protocolkit.format.loader import load_protocol

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    assert MINIMAL.count(old) == 1, old
    return MINIMAL.replace(old, new)


def line_of(text: str, marker: str) -> int:
    (line,) = [i for i, t in enumerate(text.splitlines(), start=1) if marker in t]
    return line


# code -> (the file, a text on the line the finding names, the hint or None)
FILES: dict[str, tuple[str, str, str | None]] = {
    # A bare guard under exclude: a refused question would hear only "excluded".
    "exclude-without-reason": (
        edited("  own: [false]\n", "  own: [false]\n  exclude:\n    - {reporter: burgemeester}\n"),
        "- {reporter: burgemeester}",
        ("write it as {when: ..., reason: ..., source: ...} with where the text sends such a "
         "case, or mark it open (open: <open point>) where the text does not say")),
    "non-string-key": (
        edited("  municipality: Voorbeeld\n", "  municipality: Voorbeeld\n  ? [naam, plaats]\n  : x\n"),
        "? [naam, plaats]", None),
    "duplicate-id": (
        edited("  - {id: stuurgroep,",
               "  - {id: cvdk, name: Nog een CvdK, kind: external, source: \"art. 1\"}\n"
               "  - {id: stuurgroep,"),
        "Nog een CvdK", None),
    "unknown-phase": (
        edited("  - id: opdracht\n    phase: onderzoeken\n", "  - id: opdracht\n    phase: onderzoekn\n"),
        "phase: onderzoekn", "did you mean `onderzoeken`?"),
    "unknown-sanction": (
        edited("    sanctions: [motie_van_afkeuring]\n", "    sanctions: [motie_van_afkeurin]\n"),
        "sanctions: [motie_van_afkeurin]", "did you mean `motie_van_afkeuring`?"),
    "unknown-document": (
        edited('  - {id: "art. 1", title: Rollen}', '  - {id: "art. 1", title: Rollen, document: voorbeel}'),
        "document: voorbeel", "did you mean `voorbeeld`?"),
    "substitution-cycle": (
        edited("    by: cvdk\n    source: \"art. 1\"\n",
               "    by: cvdk\n    source: \"art. 1\"\n"
               "  - {id: terug, when: {subject: burgemeester}, replaces: cvdk, by: burgemeester,\n"
               "     source: \"art. 1\"}\n"),
        "    by: cvdk", "give each replaced role a substitute that is never replaced by it"),
    "empty-scenario-space": (
        edited("  own: [false]\n", "  own: [false]\n  attributes: {ernst: []}\n"),
        "ernst: []", None),
}


@pytest.mark.parametrize("code", sorted(FILES))
def test_a_file_that_triggers_the_code(tmp_path: Path, code: str) -> None:
    text, marker, hint = FILES[code]
    path = tmp_path / f"{code}.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_protocol(path)
    found = [f for f in result.findings if f.code == code]
    assert found, [f.render() for f in result.findings]
    first = found[0]
    assert (first.location.path, first.location.line) == (str(path), line_of(text, marker))
    assert first.severity is CODES[code].severity
    if hint is not None:
        assert first.hint == hint
    assert result.protocol is None or first.severity.value != "error"


def test_duplicate_outcome_ids_in_one_step(tmp_path: Path) -> None:
    text = edited("      - {id: onderzoekswaardig, next: opdracht}\n",
                  "      - {id: onderzoekswaardig, next: opdracht}\n"
                  "      - {id: niet_ontvankelijk, next: opdracht}\n")
    path = tmp_path / "outcomes.yaml"
    path.write_text(text, encoding="utf-8")
    found = [f for f in load_protocol(path).findings if f.code == "duplicate-id"]
    assert [f.location.line for f in found] == [line_of(text, "{id: niet_ontvankelijk, next: opdracht}")]
    assert "two outcomes 'niet_ontvankelijk'" in found[0].message


def test_every_code_is_asserted_by_some_test() -> None:
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("*.py"))
    unasserted = sorted(c for c in CODES if f'"{c}"' not in tests and f"'{c}'" not in tests)
    assert unasserted == []
