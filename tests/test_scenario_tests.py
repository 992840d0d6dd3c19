"""`protocolkit test`: scenario tests a stuurgroep can write, pass/fail per case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.cli import main
from protocolkit.scenario_tests import load_tests, run_tests

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MINIMAL = DATA / "minimal.yaml"
MINIMAL_TESTS = DATA / "minimal.tests.yaml"


def test_minimal_tests_pass() -> None:
    report = run_tests(MINIMAL, MINIMAL_TESTS)
    assert report.findings == []
    assert [(r.name, r.passed, r.error) for r in report.results if not r.passed] == []
    assert len(report.results) == 6


def test_a_changed_protocol_is_caught(tmp_path: Path) -> None:
    # The burgemeester keeps acting when he is the subject: the first test must fail.
    text = MINIMAL.read_text()
    start, end = text.index("\nsubstitutions:") + 1, text.index("\nsanctions:") + 1
    changed = text[:start] + "substitutions: []\n" + text[end:]
    path = tmp_path / "changed.yaml"
    path.write_text(changed)
    report = run_tests(path, MINIMAL_TESTS)
    failed = {r.name: r for r in report.results if not r.passed}
    assert "Melding over de burgemeester gaat naar de CvdK" in failed
    mismatch = failed["Melding over de burgemeester gaat naar de CvdK"].mismatches[0]
    assert mismatch.key == "responsibilities.first_contact"
    assert mismatch.expected == ["cvdk"] and mismatch.actual == ["burgemeester"]
    assert report.exit_code() == 1


def test_a_wrong_expectation_shows_expected_and_actual(tmp_path: Path) -> None:
    text = MINIMAL_TESTS.read_text().replace("due: {onderzoek: 2025-05-07}",
                                             "due: {onderzoek: 2025-05-08}")
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = next(r for r in run_tests(MINIMAL, path).results if r.name.startswith("Onderzoek"))
    assert [(m.key, str(m.expected), str(m.actual)) for m in result.mismatches] == [
        ("due.onderzoek", "2025-05-08", "2025-05-07")]


def test_unknown_keys_are_errors_with_their_line(tmp_path: Path) -> None:
    text = MINIMAL_TESTS.read_text().replace("      open_steps: [beoordeling]",
                                             "      open_stpes: [beoordeling]")
    path = tmp_path / "t.yaml"
    path.write_text(text)
    spec, _, findings = load_tests(path)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "open_stpes" in l)
    assert spec is None
    assert [(f.code, f.location.line) for f in findings] == [("unknown-field", line)]
    assert findings[0].hint == "did you mean `open_steps`?"


def test_cli_exit_codes_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(MINIMAL), str(MINIMAL_TESTS)]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("6 geslaagd, 0 mislukt")  # Dutch by default
    assert main(["test", str(MINIMAL), str(MINIMAL_TESTS), "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip().endswith("6 passed, 0 failed")
    assert main(["test", str(MINIMAL), str(MINIMAL_TESTS), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"passed": 6, "passed_on_open_points": 0, "failed": 0}
    assert main(["test", str(MINIMAL), str(tmp_path / "missing.yaml")]) == 2


SHIPPED = sorted((ROOT / "protocols" / "tests").glob("*.yaml"))


@pytest.mark.parametrize("tests_file", SHIPPED, ids=lambda p: p.name)
def test_shipped_protocols_pass_their_scenario_tests(tests_file: Path) -> None:
    spec, _, findings = load_tests(tests_file)
    assert not findings and spec is not None and spec.protocol
    protocol = (tests_file.parent / spec.protocol).resolve()
    report = run_tests(protocol, tests_file)
    failures = [(r.name, r.error, [m.to_dict() for m in r.mismatches])
                for r in report.results if not r.passed]
    assert report.findings == [] and failures == []


def test_a_changed_draft_breaks_the_shipped_scenario_tests(tmp_path: Path) -> None:
    """A concept in which the burgemeester judges by himself fails the stuurgroep's tests."""
    draft = (ROOT / "protocols" / "aalsmeer_draft.yaml").read_text(encoding="utf-8")
    marker = "  - id: oordeel_raad\n"
    start = draft.index(marker)
    # oordeel_raad's actor is guarded (the burgemeester as subject is an open point, a
    # wethouder has his own citation): the default alternative judges a raadslid
    changed = draft[:start] + draft[start:].replace("      - {role: gemeenteraad, ",
                                                    "      - {role: burgemeester, ", 1)
    assert changed != draft
    path = tmp_path / "aalsmeer_changed.yaml"
    path.write_text(changed, encoding="utf-8")
    report = run_tests(path, ROOT / "protocols" / "tests" / "aalsmeer_draft.yaml")
    failed = {m.key for r in report.results for m in r.mismatches}
    assert "responsibilities.judges" in failed
    assert report.exit_code() == 1


def test_a_pass_on_open_answers_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """The Aalsmeer plan asks and does not answer who judges and who sanctions (Stap 4,
    "Hoe gaan we dat realiseren?": "Wie beoordeelt of onderzoeksresultaten aantonen dat
    handeling X een schending is van regel Y? Wie legt een eventuele sanctie op?"); the
    concept's answers are proposals. A scenario test pinning them passes, but says it
    rests on those open points, in text (Dutch and English) and JSON, and the summary
    counts such passes apart. The stuurgroep's test of its own Bijlage 1 (findings)
    rests on no answer and is a plain pass."""
    draft = str(ROOT / "protocols" / "aalsmeer_draft.yaml")
    tests = str(ROOT / "protocols" / "tests" / "aalsmeer_draft.yaml")
    report = run_tests(draft, tests)
    by_name = {r.name: r for r in report.results}
    sanction = by_name["Stap 4, doel: de burgemeester straft niet zelf, ook niet over een raadslid"]
    assert sanction.passed and sanction.passed_on_open_points
    assert {"wie_oordeelt", "wie_sanctioneert"} <= set(sanction.rests_on)
    bijlage = by_name["Bijlage 1: de stuurgroep onderzoekt en oordeelt niet, en de routes zijn gaaf"]
    assert bijlage.passed and not bijlage.passed_on_open_points
    # which steps are open rests on the route so far (the concept's routes are Arnhem's,
    # open point keuze_best_practice); who acts in an open step on the step's own point
    step = by_name["Een melding over een wethouder: na de melding beoordeelt de burgemeester"]
    assert step.rests_on == ["keuze_best_practice", "wie_beslist_vervolg"]

    assert main(["test", draft, tests, "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "GESLAAGD, MAAR OPEN  Stap 4, doel:" in out
    assert "geslaagd, maar rust op open punten wie_oordeelt, toetsingskader, " \
        "wie_sanctioneert" in out
    assert "GESLAAGD  Bijlage 1:" in out
    assert out.strip().endswith("1 geslaagd, 4 geslaagd op open punten, 0 mislukt")
    main(["test", draft, tests, "--lang", "en"])
    out = capsys.readouterr().out
    assert "PASS, BUT OPEN  Stap 4, doel:" in out and "passed, but rests on open points" in out
    assert out.strip().endswith("1 passed, 4 passed on open points, 0 failed")
    main(["test", draft, tests, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"passed": 5, "passed_on_open_points": 4, "failed": 0}
    found = {r["name"]: r["rests_on_open_points"] for r in data["results"]}
    assert "wie_sanctioneert" in found[sanction.name] and found[bijlage.name] == []


def test_failing_expectations_read_as_sentences(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = MINIMAL_TESTS.read_text(encoding="utf-8")
    path = tmp_path / "t.yaml"
    path.write_text(text + """  - name: geen open punten verwacht
    scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}
    expect:
      findings:
        absent: [uncited-section]
        present: [dead-end]
""", encoding="utf-8")
    code = main(["test", str(MINIMAL), str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "MISLUKT  geen open punten verwacht" in out
    assert "findings.present: validate moet 'dead-end' melden, maar doet dat niet" in out
    code = main(["test", str(MINIMAL), str(path), "--lang", "en"])
    out = capsys.readouterr().out
    assert "findings.present: validate must report 'dead-end' but does not" in out
    assert "expected 'conflict-of-interest', got" not in out


@pytest.mark.parametrize(("expect", "hollow"), [
    ("{}", "expect"),
    ("{responsibilities: {}}", "responsibilities"),
    ("{findings: {}}", "findings"),
])
def test_an_expectation_that_checks_nothing_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, expect: str, hollow: str) -> None:
    """``expect: {}`` used to pass ("GESLAAGD") whatever the protocol said; it is refused
    at its place, as an empty ``tests:`` is, and fails that test."""
    path = tmp_path / "t.yaml"
    path.write_text("tests:\n"
                    "  - name: leeg\n"
                    "    scenario: {reporter: raadslid, subject: burgemeester, act: uitgevoerd}\n"
                    f"    expect: {expect}\n")
    report = run_tests(MINIMAL, path)
    assert not report.passed and report.exit_code() == 1
    found = [(f.code, f.location.line) for f in report.findings]
    assert found == [("invalid-value", 4)]
    assert f"'{hollow}' names nothing to check" in report.findings[0].message
    assert main(["test", str(MINIMAL), str(path), "--lang", "nl"]) == 1
    out = capsys.readouterr().out
    assert "noemt niets om te controleren" in out and "0 geslaagd, 1 mislukt" in out


@pytest.mark.parametrize("content", ["tests: [\n  - name: open\n", "tests:\n\t- name: tab\n",
                                     b"\xff\xfe\x00tests"])
def test_a_file_that_does_not_parse_is_exit_1_in_either_place_one_not_read_2(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes) -> None:
    """The rule of ``validate`` (docs/diagnostics.md, "Exit codes"): a file that is read
    but does not parse is a finding, exit 1, whether it is the test file or the
    protocol; a file that cannot be read at all is exit 2. A test that fails is 1."""
    path = tmp_path / "t.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    report = run_tests(MINIMAL, path)
    assert report.unreadable and report.findings and report.exit_code() == 1
    assert main(["test", str(MINIMAL), str(path), "--lang", "en"]) == 1
    assert str(path) in capsys.readouterr().out
    # the same file as the protocol, and as a protocol to validate: 1 too
    assert main(["test", str(path), str(MINIMAL_TESTS), "--lang", "en"]) == 1
    assert main(["validate", "--no-cache", str(path), "--lang", "en"]) == 1
    capsys.readouterr()
    # a file that is not there, in either place: 2
    missing = str(tmp_path / "missing.yaml")
    assert run_tests(MINIMAL, missing).exit_code() == 2
    assert main(["test", str(MINIMAL), missing, "--lang", "en"]) == 2
    assert main(["test", missing, str(MINIMAL_TESTS), "--lang", "en"]) == 2
    capsys.readouterr()
    path.write_text(MINIMAL_TESTS.read_text(encoding="utf-8").replace(
        "due: {onderzoek: 2025-05-07}", "due: {onderzoek: 2025-05-08}"), encoding="utf-8")
    assert not run_tests(MINIMAL, path).unreadable
    assert main(["test", str(MINIMAL), str(path)]) == 1


# ------------------------------------------------- how the actors act: together or any_of

OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
CONSTRUCTS = DATA / "constructs.yaml"
#: Oostzaan art. 1.2 lid 2, "advies inwinnen bij de burgemeester en/of ... de griffier":
#: a raadslid for whom aanspreken is no option has advies_raadslid open (a choice).
CHOICE_CASE = {"scenario": {"reporter": "raadslid", "subject": "raadslid", "act": "uitgevoerd",
                            "attributes": {"aanleiding": "twijfel"}},
               "opened": "2026-03-02",
               "events": [{"step": "aanspreken", "outcome": "geen_optie_of_verschil_van_inzicht",
                           "date": "2026-03-03"}]}
#: constructs.yaml's driehoek: "in het driehoeksoverleg met de griffier en de
#: gemeentesecretaris", the three act together (a joint step).
JOINT_CASE = {"scenario": {"reporter": "raadslid", "subject": "raadslid", "act": "uitgevoerd"},
              "opened": "2026-01-05",
              "events": [{"step": "melding", "outcome": "gemeld", "date": "2026-01-06"}]}
TRIO = ["burgemeester", "griffier", "gemeentesecretaris"]


def _run_one(tmp_path: Path, protocol: Path, case: dict[str, object],
             actors: object) -> tuple[bool, list[str], list[str]]:
    """One case expecting ``actors`` for its open step: (passed, the mismatches in nl,
    in en)."""
    import yaml

    from protocolkit.scenario_tests import mismatch_text

    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump({"tests": [{"name": "wie", **case,
                                               "expect": {"actors": actors}}]}),
                    encoding="utf-8")
    report = run_tests(protocol, path)
    assert report.findings == [], [str(f) for f in report.findings]
    [result] = report.results
    return (result.passed, [mismatch_text(m, "nl") for m in result.mismatches],
            [mismatch_text(m, "en") for m in result.mismatches])


@pytest.mark.parametrize(("protocol", "case", "step", "roles", "right", "wrong", "said"), [
    (OOSTZAAN, CHOICE_CASE, "advies_raadslid", ["griffier", "burgemeester"], "any_of",
     "together", (("verwacht griffier en burgemeester (samen), het protocol geeft "
                  "burgemeester en/of griffier"),
                  ("expected griffier and burgemeester (together), got burgemeester "
                  "and/or griffier"))),
    (CONSTRUCTS, JOINT_CASE, "driehoek", TRIO, "together", "any_of",
     (("verwacht burgemeester, griffier en/of gemeentesecretaris, het protocol geeft "
      "burgemeester, griffier en gemeentesecretaris (samen)"),
      ("expected burgemeester, griffier and/or gemeentesecretaris, got burgemeester, "
      "griffier and gemeentesecretaris (together)"))),
])
def test_actors_say_whether_they_act_together_or_one_or_more(
        tmp_path: Path, protocol: Path, case: dict[str, object], step: str,
        roles: list[str], right: str, wrong: str, said: tuple[str, str]) -> None:
    """A choice ("en/of") and a joint step have the same actors; ``together`` and
    ``any_of`` tell them apart, and confusing them fails. The plain list keeps meaning
    every actor, however they act."""
    assert _run_one(tmp_path, protocol, case, {step: {right: roles}})[0]
    passed, nl, en = _run_one(tmp_path, protocol, case, {step: {wrong: roles}})
    assert not passed
    assert nl == [f"wie handelt in stap '{step}': {said[0]}"]
    assert en == [f"who acts in step '{step}': {said[1]}"]
    # the list form, as before: every actor in any order, how they act not compared
    assert _run_one(tmp_path, protocol, case, {step: list(reversed(roles))})[0]
    # the right way with an actor missing is still wrong
    assert not _run_one(tmp_path, protocol, case, {step: {right: roles[:2] + ["cvdk"]}})[0]


@pytest.mark.parametrize(("actors", "said"), [
    ({"together": ["burgemeester", "griffier"], "any_of": ["burgemeester", "griffier"]},
     "exactly one of 'together'"),
    ({"any_of": ["burgemeester"]}, "two different roles or more"),
    ({"any_of": ["griffier", "griffier"]}, "two different roles or more"),
])
def test_a_way_of_acting_is_one_of_two_with_two_roles_or_more(
        tmp_path: Path, actors: dict[str, list[str]], said: str) -> None:
    import yaml

    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"tests": [{"name": "wie", **CHOICE_CASE,
                                               "expect": {"actors": {"advies_raadslid": actors}}}]}),
                    encoding="utf-8")
    report = run_tests(OOSTZAAN, path)
    [found] = report.findings
    assert found.code == "invalid-value" and said in found.render("en")
    assert not report.results[0].passed


def test_a_step_not_open_is_said_in_the_language_asked_for(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Review 7, item 12: "(step not open)" came out in English inside Dutch output; the
    data keeps the marker."""
    text = MINIMAL_TESTS.read_text().replace("due: {onderzoek: 2025-05-07}",
                                             "due: {afgedaan: 2025-05-07}")
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = next(r for r in run_tests(MINIMAL, path).results if r.name.startswith("Onderzoek"))
    assert [(m.key, m.actual) for m in result.mismatches] == [
        ("due.afgedaan", "(step not open)")]
    assert main(["test", str(MINIMAL), str(path), "--lang", "nl"]) == 1
    out = capsys.readouterr().out
    assert "(stap niet open)" in out and "step not open" not in out


def test_a_misspelt_key_of_an_actors_expectation_gets_a_did_you_mean(tmp_path: Path) -> None:
    """Review 7, item 12: `{any_off: ...}` under `expect.actors.<step>` was an unknown
    field without the did-you-mean the strict input rule promises."""
    text = MINIMAL_TESTS.read_text()
    assert text.count("actors: {beoordeling: burgemeester}") == 1
    text = text.replace("actors: {beoordeling: burgemeester}",
                        "actors: {beoordeling: {any_off: [burgemeester, griffier]}}")
    path = tmp_path / "t.yaml"
    path.write_text(text)
    _, _, findings = load_tests(path)
    [found] = [f for f in findings if f.code == "unknown-field"]
    assert found.hint is not None and "any_of" in found.hint
