"""Inputs found by the loader fuzzing job (fuzz/README.md), kept as regression tests.

Each failure the job found, with its smallest reproduction:

* a YAML error at the end of a file without a final newline pointed at a line after
  the last one (libyaml's end-of-stream mark): ``protocol: [a, b`` gave ``x:2:1`` in a
  one-line file. Fixed in the loader: such an error points at the end of the last line.
* plain scalars that YAML 1.1 reads as numbers Python cannot convert (``0x_``, ``0b_``,
  an int of more than 4300 digits) and explicitly tagged scalars without a value of
  their tag (``!!bool maybe``, ``!!int abc``, an empty ``!!bool`` or ``!!int``) raised
  ``ValueError``, ``KeyError`` or ``IndexError`` out of the loader, a traceback for the
  user (the bytes mode found ``!!bool `` and ``!!float :_`` alone in a file). Fixed in the loader: such a scalar stays text,
  and the schema judges it like any other value.
* a small file with a few extra scenario attributes made the checks follow every one of
  tens of thousands of scenarios: the structured mode, climbing on time taken, hit
  libFuzzer's timeout with 69,120 combinations in 6.7 KB (``scenario_space_timeout.yaml``,
  9.5 s uninstrumented); 4 x 10 values in minimal.yaml take 18 s, and 6 attributes would
  run for hours. Fixed in the references stage: more than ``MAX_SCENARIOS`` combinations
  is the finding ``scenario-space-too-large``, and nothing downstream runs.

Then a handful of inputs the structured mode grew (``tests/data/fuzz/grown/``) that
reach deep into the route-graph checks (together every check code), replayed through
``load_bytes`` + ``check``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from protocolkit.api import check
from protocolkit.format.diagnostics import CODES, Finding, Severity
from protocolkit.format.loader import LoadResult, load_bytes
from protocolkit.format.references import MAX_SCENARIOS

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
FOUND = ROOT / "tests" / "data" / "fuzz"
CORPUS = FOUND / "grown"
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def validate(raw: bytes) -> tuple[LoadResult, list[Finding]]:
    """Load and check as ``protocolkit validate`` does, and hold the loader's promises:
    every finding registered, explained, inside the file and printable as JSON."""
    result = load_bytes(raw, "fuzz.yaml")
    findings = check(result)
    lines = len(LINE_BREAK.split(raw.decode("utf-8", errors="replace")))
    for item in findings:
        assert item.code in CODES, item.render()
        assert item.message.strip(), item.code
        assert item.location.line is None or 1 <= item.location.line <= lines, item.render()
        json.dumps(item.to_dict())
    if result.protocol is None:
        assert any(f.severity is Severity.error for f in findings)
    return result, findings


def edit(old: str, new: str) -> bytes:
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1).encode("utf-8")


def codes_and_lines(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.code, f.location.line) for f in findings]


# --------------------------------------------------------------------------- end of file


# (an unclosed quote is pointed at where the quoted value opens)
@pytest.mark.parametrize("text, column", [("protocol: [a, b", 16), ("protocol: 'open", 11),
                                          ("x: 1\r\nprotocol: {a: [b", 17)])
def test_an_error_at_the_end_of_a_file_without_newline_points_inside_it(
        text: str, column: int) -> None:
    _, findings = validate(text.encode())
    last_line = len(LINE_BREAK.split(text))
    assert codes_and_lines(findings) == [("yaml-syntax", last_line)]
    assert findings[0].location.column == column


def test_an_error_at_the_end_of_a_file_with_newline_keeps_the_line_after_it() -> None:
    _, findings = validate(b"protocol: [a, b\n")
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [
        ("yaml-syntax", 2, 1)]


# --------------------------------------------------------------------------- scalars


@pytest.mark.parametrize("value", ["0x_", "0b_", "-0x_", "1" * 5000])
def test_a_number_python_cannot_read_stays_text(value: str) -> None:
    result, findings = validate(edit('  version: "1.0"', f"  version: {value}"))
    assert result.protocol is not None, [f.render() for f in findings]
    assert result.protocol.protocol.version == value


@pytest.mark.parametrize("old, new, needle", [
    ("    severity: 2\n", "    severity: 0x_\n", "severity: 0x_"),
    ("    confidential: true\n", "    confidential: !!bool maybe\n", "!!bool maybe"),
    ("order: 2,", "order: !!int abc,", "!!int abc"),
    ("order: 3,", "order: !!float abc,", "!!float abc"),
    ("    severity: 2\n", "    severity: " + "9" * 5000 + "\n", "9999"),
    ("    severity: 2\n", "    severity: !!int\n", "!!int"),
    ("    confidential: true\n", "    confidential: !!bool\n", "!!bool"),
])
def test_an_unreadable_number_where_one_is_needed_is_an_invalid_value(
        old: str, new: str, needle: str) -> None:
    raw = edit(old, new)
    result, findings = validate(raw)
    line = next(i for i, text in enumerate(raw.decode().splitlines(), start=1) if needle in text)
    assert codes_and_lines(findings) == [("invalid-value", line)]
    assert result.protocol is None


@pytest.mark.parametrize("raw", [b"!!bool \n", b"!!float :_\n", b"!!int", b"!!float 1::2\n"])
def test_an_empty_or_unreadable_tagged_document_is_not_a_mapping(raw: bytes) -> None:
    _, findings = validate(raw)
    assert codes_and_lines(findings) == [("root-not-mapping", 1)]


def test_an_unreadable_number_as_key_or_alias_target() -> None:
    raw = edit('  version: "1.0"', '  version: &v 0x_\n  notes: *v\n  0b_: 1')
    result, findings = validate(raw)
    line = raw.decode().splitlines().index("  0b_: 1") + 1
    assert codes_and_lines(findings) == [("unknown-field", line)]
    assert "'0b_'" in findings[0].message
    assert result.data["protocol"]["notes"] == "0x_"


# --------------------------------------------------------------------------- scenario space


def with_attributes(count: int, values: int) -> bytes:
    names = "".join(f"    kenmerk_{i}: [{', '.join(f'w{j}' for j in range(values))}]\n"
                    for i in range(count))
    return edit("  own: [false]\n", "  own: [false]\n  attributes:\n" + names)


def test_a_scenario_space_too_large_to_follow_is_refused_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    raw = with_attributes(6, 10)  # 4 x 10^6 combinations: hours of checking
    # Refused before any scenario is built: enumerating the space would be the hang.
    # (Structural, not timed: the test suite asserts no durations.)
    from protocolkit import semantics

    def never(*_: object) -> None:
        raise AssertionError("the scenario space was enumerated")

    monkeypatch.setattr(semantics, "_scenario_space", never)
    monkeypatch.setattr(semantics, "_possible_scenarios", never)
    result, findings = validate(raw)
    scenarios_line = MINIMAL.splitlines().index("scenarios:") + 1
    assert codes_and_lines(findings) == [("scenario-space-too-large", scenarios_line)]
    assert "4,000,000" in findings[0].message
    assert result.protocol is None


def test_the_scenario_space_the_fuzzer_timed_out_on() -> None:
    raw = (FOUND / "scenario_space_timeout.yaml").read_bytes()
    _result, findings = validate(raw)
    line = raw.decode().splitlines().index("scenarios:") + 1
    assert codes_and_lines(findings) == [("scenario-space-too-large", line)]
    assert "69,120 combinations" in findings[0].message


def test_a_role_listed_many_times_counts_every_time() -> None:
    many = ", ".join(["raadslid", "burgemeester"] * 120)  # 240 x 240 > MAX_SCENARIOS
    raw = edit("  reporters: [raadslid, burgemeester]", f"  reporters: [{many}]").replace(
        b"  subjects: [raadslid, burgemeester]", f"  subjects: [{many}]".encode())
    _, findings = validate(raw)
    assert [f.code for f in findings] == ["scenario-space-too-large"]


def test_a_scenario_space_at_the_limit_is_still_checked() -> None:
    # minimal.yaml: 2 reporters x 2 subjects x 1 act x 1 own = 4 combinations.
    values = MAX_SCENARIOS // 4
    result, findings = validate(with_attributes(1, values))
    assert result.protocol is not None
    assert "scenario-space-too-large" not in {f.code for f in findings}
    _, findings = validate(with_attributes(1, values + 1))
    assert [f.code for f in findings] == ["scenario-space-too-large"]


# --------------------------------------------------------------------------- grown corpus


CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))


def test_the_grown_corpus_is_there() -> None:
    assert len(CORPUS_FILES) >= 4


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_grown_corpus_entry_reaches_the_checks_without_breaking_a_promise(path: Path) -> None:
    result, findings = validate(path.read_bytes())
    assert result.protocol is not None, [f.render() for f in findings]
    stages = {CODES[f.code].stage for f in findings}
    assert "analysis" in stages, [f.render() for f in findings]
