"""``protocolkit simulate PROTOCOL CASE.yaml``: text and JSON, located findings for a bad
case file, refused events with what was allowed, exit codes, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.cli import main

from .helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = str(ROOT / "tests" / "data" / "minimal.yaml")
CASES = ROOT / "tests" / "data" / "cases"




def simulate_json(capsys: pytest.CaptureFixture[str], case: str | Path, *extra: str,
                  protocol: str = MINIMAL) -> tuple[int, dict]:
    code, out, _ = run(capsys, "simulate", protocol, str(case), "--format", "json", *extra)
    return code, json.loads(out)


def test_a_case_to_its_end_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "simulate", MINIMAL, str(CASES / "minimal_afgedaan.yaml"),
                         "--as-of", "2026-03-20", "--lang", "nl")
    assert code == 0 and err == ""
    assert "Afgesloten op wo 2026-03-11 in stap 'De zaak is afgedaan'" in out
    assert "in stap afgedaan" not in out           # the id is in --format json
    # art. 1: CvdK for burgemeester; a step and where it led by title, never by id
    assert ("De burgemeester doet vooronderzoek [vooronderzoek] door Commissaris van de "
            "Koning: onderzoekswaardig op ma 2026-01-05 -> Opdracht tot onderzoek  (art. 2") in out
    assert "beoordeling [" not in out and "-> opdracht" not in out
    assert "vervanging: Commissaris van de Koning in plaats van Burgemeester [art. 1]" in out
    assert "cvdk_voor_burgemeester" not in out     # the id is in --format json


def test_an_open_steps_outcomes_lead_to_titles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "simulate", MINIMAL, str(CASES / "minimal_lopend.yaml"),
                       "--as-of", "2026-03-09", "--lang", "nl")
    assert code == 0
    assert "Integriteitsonderzoek [onderzoek] door Externe onderzoeker" in out
    assert "- concept_gereed -> Hoor en wederhoor op het conceptrapport" in out
    code, data = simulate_json(capsys, CASES / "minimal_lopend.yaml", "--as-of", "2026-03-09")
    assert data["trace"][0]["next"] == "beoordeling"          # the ids stay in JSON
    assert data["trace"][0]["next_title"] == "De burgemeester doet vooronderzoek"
    assert data["open_steps"][0]["outcomes"][0]["next_title"] == \
        "Hoor en wederhoor op het conceptrapport"


def test_json_carries_trace_open_steps_and_closed(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = simulate_json(capsys, CASES / "minimal_lopend.yaml", "--as-of", "2026-03-09")
    assert code == 0
    assert [t["step"] for t in data["trace"]] == ["melding", "beoordeling", "opdracht",
                                                  "onderzoek"]
    [step] = data["open_steps"]
    assert {k: step[k] for k in ("step", "kind", "actor", "due", "overdue", "source")} == {
        "step": "onderzoek", "kind": "onderzoek", "actor": "onderzoeker", "due": "2026-03-06",
        "overdue": True, "source": ["art. 3"]}
    assert data["closed"]["ended"] is False and data["findings"] == []
    code, data = simulate_json(capsys, CASES / "minimal_afgedaan.yaml", "--as-of", "2026-03-20")
    # the cvdk closes it in the burgemeester's place: the substitution's art. 1 is cited
    assert data["closed"] == {"ended": True, "step": "afgedaan", "title": "De zaak is afgedaan",
                              "date": "2026-03-11", "out_of_scope": None, "handoff": None,
                              "source": ["art. 4", "art. 1"]}
    assert data["open_steps"] == []


def test_a_step_without_deadline_has_due_null(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\n"
                    "opened: 2026-01-05\n"
                    "events: [{step: melding, outcome: gemeld, date: 2026-01-05}]\n")
    code, data = simulate_json(capsys, case, "--as-of", "2026-01-06")
    assert code == 0 and data["open_steps"][0]["due"] is None


def test_a_refused_event_is_reported_with_what_was_allowed(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = CASES / "minimal_geweigerd.yaml"
    code, out, err = run(capsys, "simulate", MINIMAL, str(path), "--as-of", "2026-03-09")
    assert code == 1
    assert f"{path}:6:5: error[event-refused]" in err
    assert ("allowed here: beoordeling - De burgemeester doet vooronderzoek: "
            "niet_ontvankelijk, onderzoekswaardig") in err
    assert "Open: beoordeling" in out                               # the state before it
    code, data = simulate_json(capsys, path, "--as-of", "2026-03-09")
    assert code == 1 and data["events_applied"] == 1
    [found] = data["findings"]
    assert (found["code"], found["location"]) == ("event-refused", {"line": 6, "column": 5})


@pytest.mark.parametrize("later, said_en, said_nl", [
    (1, "event 3 was not applied: the case stops at the refused event 2",
     "gebeurtenis 3 is niet verwerkt: de zaak stopt bij de geweigerde gebeurtenis 2"),
    (2, "events 3 to 4 were not applied: the case stops at the refused event 2",
     ("gebeurtenissen 3 tot en met 4 zijn niet verwerkt: de zaak stopt bij de geweigerde "
     "gebeurtenis 2")),
])
def test_the_events_after_a_refused_one_are_said_not_applied(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, later: int, said_en: str,
        said_nl: str) -> None:
    # the text said nothing of event 3 (a reviewer's report); JSON had events_applied only
    events = ["{step: melding, outcome: gemeld, date: 2026-02-02}",
              "{step: beoordeling, outcome: toegestaan, date: 2026-02-03}",
              "{step: beoordeling, outcome: onderzoekswaardig, date: 2026-02-04}",
              "{step: opdracht, outcome: verleend, date: 2026-02-05}"][:2 + later]
    path = tmp_path / "case.yaml"
    path.write_text("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\n"
                    "opened: 2026-02-02\nevents:\n"
                    + "".join(f"  - {e}\n" for e in events), encoding="utf-8")
    for lang, said in (("en", said_en), ("nl", said_nl)):
        code, out, _ = run(capsys, "simulate", MINIMAL, str(path), "--as-of", "2026-03-09",
                           "--lang", lang)
        assert code == 1 and f"\n  {said}\n" in out, out
    code, data = simulate_json(capsys, path, "--as-of", "2026-03-09")
    assert (data["events_applied"], data["events_given"]) == (1, 2 + later)
    # a refused last event leaves nothing unsaid: no such line
    code, out, _ = run(capsys, "simulate", MINIMAL, str(CASES / "minimal_geweigerd.yaml"),
                       "--as-of", "2026-03-09", "--lang", "en")
    assert code == 1 and "not applied" not in out


@pytest.mark.parametrize("text, code, line", [
    (("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd, onw: true}\n"
     "opened: 2026-01-05\n"), "unknown-field", 1),
    (("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\n"
     "opened: 5-1-2026\n"), "invalid-value", 2),
    ("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\n", "missing-field", 1),
    (("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd, own: yes}\n"
     "opened: 2026-01-05\n"), "invalid-value", 1),
    (("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\nopened: 2026-01-05\n"
     "events:\n  - {step: melding, date: 2026-01-05}\n"), "missing-field", 4),
    (("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\nopened: 2026-01-05\n"
     "events: melding\n"), "invalid-value", 3),
    ("scenario: [raadslid]\nopened: 2026-01-05\n", "invalid-value", 1),
    ("- just\n- a list\n", "root-not-mapping", 1),
    ("scenario: {reporter: raadslid\n", "yaml-syntax", 2),
    ("opened: 2026-01-05\nopened: 2026-01-06\n", "duplicate-key", 2),
    ("scenario: !!python/object:os.system {}\n", "yaml-tag", 1),
    ("\t- x\n", "tab-indentation", 1),
    ("# nothing\n", "empty-file", 1),
    (("scenario: {reporter: raadslid, subject: ambtenaar, act: uitgevoerd}\n"
     "opened: 2026-01-05\n"), "invalid-case-input", 1),   # a subject it does not know
    (("scenario: {reporter: burgemeester, subject: burgemeester, act: uitgevoerd}\n"
     "opened: 2026-01-05\n"), "scenario-not-covered", 1),
])
def test_a_bad_case_file_gives_located_findings(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path, text: str, code: str,
                                                line: int) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(text)
    exit_code, out, err = run(capsys, "simulate", MINIMAL, str(case))
    assert exit_code == 1
    assert "Traceback" not in out + err
    assert f"{case}:{line}:" in err and f"error[{code}]" in err, err
    exit_code, data = simulate_json(capsys, case)
    assert exit_code == 1 and code in [f["code"] for f in data["findings"]]


def test_binary_case_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_bytes(b"\x00\x01\xff")
    code, _, err = run(capsys, "simulate", MINIMAL, str(case))
    assert code == 1 and "error[binary-file]" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(CASES / "minimal_lopend.yaml")
    assert run(capsys, "simulate", MINIMAL, "missing.yaml")[0] == 2
    assert run(capsys, "simulate", "missing.yaml", case)[0] == 2
    code, _, err = run(capsys, "simulate", MINIMAL, case, "--as-of", "gisteren")
    assert code == 2 and "YYYY-MM-DD" in err
    assert run(capsys, "simulate", MINIMAL)[0] == 2


def test_a_protocol_with_errors_is_reported_not_simulated(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(Path(MINIMAL).read_text().replace("actor: onderzoeker\n    deadline",
                                                        "actor: onderzoekr\n    deadline"))
    code, out, err = run(capsys, "simulate", str(broken), str(CASES / "minimal_lopend.yaml"))
    assert code == 1 and "unknown-role" in err and out == ""


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "protocolkit", "simulate", MINIMAL,
         str(CASES / "minimal_lopend.yaml"), "--as-of", "2026-01-10"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "Uiterlijk: vr 2026-03-06 (8 weken)" in result.stdout


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("scenario:{}[]-,\n\t reporter subject act own "
                                             "opened events step outcome date 2026-01-05 "
                                             "raadslid melding gemeld !&*'\"")),
               max_size=200))
def test_no_case_file_makes_a_traceback(tmp_path: Path, text: str) -> None:
    case = tmp_path / "fuzz.yaml"
    case.write_text(text)
    try:
        code = main(["simulate", MINIMAL, str(case), "--format", "json"])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    assert code in (0, 1)


def test_one_mistake_in_a_case_file_does_not_hide_the_others(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A misspelt event key, a misspelt attribute and a misspelt fact: all three are
    reported, each at its place, not only the first the schema meets."""
    case = tmp_path / "case.yaml"
    case.write_text("scenario:\n  reporter: burger\n  subject: wethouder\n  act: uitgevoerd\n"
                    "  attributes: {aanleidng: vermoeden}\nopened: 2026-04-23\n"
                    "facts: {datum_feiten: 2021-03-01}\nevents:\n"
                    "  - {step: melding, outcome: gemeld, date: 2026-04-23, extra: 1}\n")
    oostzaan = str(Path(__file__).resolve().parents[1] / "protocols" / "oostzaan.yaml")
    code, out, err = run(capsys, "simulate", oostzaan, str(case), "--as-of", "2026-05-01")
    assert code == 1 and "Traceback" not in out + err
    assert f"{case}:9:" in err and "error[unknown-field]" in err
    assert f"{case}:5:" in err and "did you mean `aanleiding`" in err
    assert f"{case}:7:" in err and "did you mean `datum_vermeende_feiten`" in err
    # A scenario the protocol excludes is reported beside a schema error too.
    case.write_text("scenario: {reporter: burger, subject: raadslid, act: voorgenomen, "
                    "attributes: {aanleiding: twijfel}}\nopened: 2026-04-23\nevents: 3\n")
    code, _, err = run(capsys, "simulate", oostzaan, str(case), "--as-of", "2026-05-01")
    assert code == 1 and "error[invalid-value]" in err and "error[scenario-not-covered]" in err


@pytest.mark.parametrize("written, en, nl", [
    ("", "not empty", "niet leeg"),
    ("[2026-01-05]", "not a list", "niet een lijst"),
    ("{a: 1}", "not a block of fields", "niet een blok met velden"),
    ("05-01-2026", "not '05-01-2026'", "niet '05-01-2026'"),
])
def test_a_wrong_date_is_said_as_the_case_file_wrote_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, written: str, en: str,
        nl: str) -> None:
    """A date left empty, given as a list or a mapping: the message says what the file
    holds in its reader's words, never Python's repr (None, ['2026-01-05'], {'a': 1})."""
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: burgemeester, subject: raadslid, act: uitgevoerd}\n"
                    "opened: 2025-12-19\n"
                    "events:\n"
                    f"  - {{step: melding, outcome: gemeld, date: {written}}}\n")
    for lang, said in (("en", f"the date must be a date or 'YYYY-MM-DD', {en}"),
                       ("nl", f"de datum moet een datum zijn of 'JJJJ-MM-DD', {nl}")):
        code, _, err = run(capsys, "simulate", MINIMAL, str(case), "--lang", lang)
        assert code == 1 and f"{case}:4:" in err and said in err, err
        assert not any(python in err for python in ("None", "['", "{'", "True"))


def test_a_wrong_event_field_is_said_in_yaml_terms(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    """``true`` is said as YAML writes it (Python wrote 'True'); a recorded_at that is a
    number is a finding (it was a TypeError's traceback), and one without a time zone is
    quoted as written, with how to write it."""
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: burgemeester, subject: raadslid, act: uitgevoerd}\n"
                    "opened: 2025-12-19\n"
                    "events:\n"
                    "  - {step: melding, outcome: true, date: 2025-12-22}\n"
                    "  - {step: melding, outcome: gemeld, date: 2025-12-22, recorded_at: 5}\n"
                    "  - {step: melding, outcome: gemeld, date: 2025-12-22,\n"
                    "     recorded_at: '2025-12-22', recorded_by: ''}\n")
    code, out, err = run(capsys, "simulate", MINIMAL, str(case), "--lang", "en")
    assert code == 1 and "Traceback" not in out + err
    assert "field 'outcome': the value must be text, not 'true'" in err
    assert "field 'recorded_at': recorded_at must be an ISO date-time with an offset, not '5'" in err
    assert ("recorded_at '2025-12-22' has no time zone; write it with its offset, e.g. "
            "2026-04-20T10:00:00+02:00") in err


def test_cases_says_an_empty_option_is_empty(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    store = str(tmp_path / "zaken.db")
    assert run(capsys, "cases", "init", store)[0] == 0
    code, _, _ = run(capsys, "cases", "open", store, MINIMAL, "--reporter", "burgemeester",
                     "--subject", "raadslid", "--act", "uitgevoerd", "--opened", "2025-12-19",
                     "--id", "z1", "--today", "2026-01-05")
    assert code == 0
    code, _, err = run(capsys, "cases", "record", store, "z1", "melding", "gemeld", "--by", "",
                       "--date", "2025-12-22", "--today", "2026-01-05", "--lang", "en")
    assert code != 0 and "recorded_by must be a non-empty text" in err
    assert err.rstrip().endswith("not empty"), err


def test_a_step_that_only_offers_reads_as_a_consequence(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A ``sanctie`` step whose sanctions are all offered (Oostzaan's publiek excuus,
    art. 5.1 lid 3) is labelled ``gevolg`` as ``route`` labels it, open or past; the
    JSON keeps the kind and says ``offers``."""
    text = Path(MINIMAL).read_text(encoding="utf-8")
    anchor = "    imposed_by: [gemeenteraad]\n"
    assert text.count(anchor) == 1
    protocol = tmp_path / "offered.yaml"
    protocol.write_text(text.replace(anchor, anchor + "    offered: true\n"), encoding="utf-8")
    events = "".join(f"  - {{step: {s}, outcome: {o}, date: 2026-01-{d}}}\n" for s, o, d in (
        ("melding", "gemeld", "05"), ("beoordeling", "onderzoekswaardig", "06"),
        ("opdracht", "verleend", "07"), ("onderzoek", "concept_gereed", "08"),
        ("wederhoor", "schending", "09"), ("oordeel", "sanctie", "12")))
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: burgemeester, subject: raadslid, act: uitgevoerd}\n"
                    f"opened: 2026-01-05\nevents:\n{events}", encoding="utf-8")
    for lang in ("nl", "en"):
        code, out, err = run(capsys, "simulate", str(protocol), str(case), "--as-of",
                             "2026-01-12", "--lang", lang)
        assert code == 0, err
        assert "Open: sanctie - Sanctie  [gevolg, Oordelen]" in out and "[sanctie" not in out
    code, out, _ = run(capsys, "simulate", str(protocol), str(case), "--as-of", "2026-01-12",
                       "--format", "json")
    [step] = json.loads(out)["open_steps"]
    assert (step["kind"], step["offers"]) == ("sanctie", True)
    case.write_text(case.read_text(encoding="utf-8")
                    + "  - {step: sanctie, outcome: opgelegd, date: 2026-01-13}\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "simulate", str(protocol), str(case), "--as-of", "2026-01-13",
                       "--lang", "nl")
    assert "Sanctie [gevolg] door Gemeenteraad: opgelegd" in out
    # An imposed sanction stays a sanctie.
    code, out, _ = run(capsys, "simulate", MINIMAL, str(case), "--as-of", "2026-01-13",
                       "--lang", "nl")
    assert "Sanctie [sanctie] door Gemeenteraad: opgelegd" in out


@pytest.mark.parametrize(("lang", "parts"), [
    ("en", ("Raadslid of fractieassistent (reporter), Wethouder (subject)",)),
    ("nl", ("Raadslid of fractieassistent (melder), Wethouder (betrokkene)",))])
def test_simulate_names_the_melder_and_betrokkene_in_the_language_asked_for(
        capsys: pytest.CaptureFixture[str], lang: str, parts: tuple[str, ...]) -> None:
    """Review 7, item 11: the parts in brackets came out Dutch in English output
    ("turning to ... (melder)"); they are the route's words for them, in both languages."""
    code, out, _ = run(capsys, "simulate", str(ROOT / "protocols" / "oostzaan.yaml"),
                       str(CASES / "oostzaan_screening.yaml"), "--lang", lang)
    assert code == 0
    assert all(part in out for part in parts), out
    if lang == "en":
        assert "(melder)" not in out and "(betrokkene)" not in out
