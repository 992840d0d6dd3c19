"""The CLI is a thin shell over the API: exit codes, stable JSON, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import run_cli as run
from .helpers import unwrapped

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = str(ROOT / "tests" / "data" / "minimal.yaml")




def write_broken(tmp_path: Path) -> Path:
    text = Path(MINIMAL).read_text().replace("actor: onderzoeker\n    deadline",
                                             "actor: onderzoekr\n    deadline")
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    return path


def test_validate_clean_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", MINIMAL)
    assert code == 0
    assert out.splitlines()[-1].startswith("1 file checked: 0 errors, ")


@pytest.mark.parametrize("lang, said", [
    ("en", "1 file checked: 1 error, 1 warning, 0 acknowledged"),
    ("nl", "1 bestand gecontroleerd: 1 fout, 1 waarschuwing, 0 aanvaard")])
def test_validate_counts_in_the_singular_for_one(lang: str, said: str) -> None:
    """One error and one warning read "1 error, 1 warning" ("1 fout, 1 waarschuwing"),
    never "1 error(s)"; none reads "0 errors" ("0 fouten")."""
    from protocolkit.format.diagnostics import (
        FileReport,
        Finding,
        Location,
        Severity,
        ValidationReport,
    )
    from protocolkit.present.findings import count_line

    one = [Finding("unknown-role", Severity.error, "x", Location("p.yaml")),
           Finding("open-point", Severity.warning, "y", Location("p.yaml"))]
    assert count_line(ValidationReport([FileReport("p.yaml", one)]), lang) == said
    none = count_line(ValidationReport([FileReport("p.yaml", [])]), lang)
    assert none.split(": ", 1)[1].startswith("0 errors, 0 warnings" if lang == "en"
                                               else "0 fouten, 0 waarschuwingen"), none
    assert "(s)" not in none and "(en)" not in none


def test_validate_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = write_broken(tmp_path)
    code, out, _ = run(capsys, "validate", "--format", "json", MINIMAL, str(broken))
    assert code == 1
    data = json.loads(out)
    assert [f["path"] for f in data["files"]] == [MINIMAL, str(broken)]
    assert all(f["severity"] != "error" for f in data["files"][0]["findings"])
    finding = next(f for f in data["files"][1]["findings"] if f["severity"] == "error")
    assert set(finding) >= {"code", "severity", "message", "location", "hint"}
    assert finding["code"] == "unknown-role"
    assert finding["severity"] == "error"
    line = next(i for i, l in enumerate(broken.read_text().splitlines(), 1) if "onderzoekr" in l)
    assert finding["location"] == {"line": line, "column": 12}
    assert finding["hint"] == "did you mean `onderzoeker`?"


def test_validate_text_names_file_line_column(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    broken = write_broken(tmp_path)
    code, out, _ = run(capsys, "validate", str(broken))
    assert code == 1
    assert f"{broken}:" in out and "error[unknown-role]" in out


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = Path(MINIMAL).read_text().replace('  - {id: "inleiding", informative: true}',
                                             '  - {id: "art. 9", title: Niet geciteerd}')
    path = tmp_path / "warn.yaml"
    path.write_text(text)
    assert run(capsys, "validate", str(path))[0] == 0
    assert run(capsys, "validate", "--strict", str(path))[0] == 1


def test_sarif_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = write_broken(tmp_path)
    code, out, _ = run(capsys, "validate", "--format", "sarif", str(broken))
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "unknown-role"
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 12


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "no/such/file.yaml")
    assert code == 2            # validate: the file's finding, the other files checked
    assert "no/such/file.yaml: error[file-not-found]" in out and "no such file" in out
    code, out, err = run(capsys, "route", "no/such/file.yaml", "--reporter", "raadslid",
                         "--subject", "burgemeester", "--act", "uitgevoerd")
    assert code == 2 and "no such file" in err          # any other command: a usage error
    assert "Traceback" not in out + err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", "--frmat", "json", MINIMAL)[0] == 2
    assert run(capsys)[0] == 2


def test_responsibilities_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "responsibilities", MINIMAL, "--reporter", "raadslid",
                       "--subject", "burgemeester", "--act", "uitgevoerd", "--format", "json")
    assert code == 0
    data = json.loads(out)
    for key in ("first_contact", "decides_follow_up", "commissions_investigation", "judges",
                "imposes_sanction", "communicates", "out_of_scope", "sources"):
        assert key in data
    # The CvdK takes the burgemeester's place when he is the subject (substitution).
    assert data["decides_follow_up"] == ["cvdk"]
    assert data["judges"] == ["gemeenteraad"]
    assert data["sources"]["judges"] == ["art. 4"]


def test_responsibilities_unknown_role_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "responsibilities", MINIMAL, "--reporter", "raadslid",
                       "--subject", "wethouder", "--act", "uitgevoerd")
    assert code == 2
    assert "choose one of: burgemeester, raadslid" in err


def test_route_text_reads_as_steps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", MINIMAL, "--reporter", "burgemeester",
                       "--subject", "raadslid", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0
    assert out.splitlines()[0] == ("Wat doe ik nu? Voorbeeld: burgemeester over een uitgevoerde "
                                   "handeling van raadslid")
    assert "1. Melding bij de burgemeester" in out
    assert "Termijn: 10 werkdagen" in out
    assert "- onderzoekswaardig -> stap 3" in out


def test_route_says_whom_a_step_turns_to_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """Audit 10, A3: "Wie: Burgemeester -> Raadslid (ook fractievolger)" at Arnhem's
    vooronderzoek about the griffier read as "about the raadslid", the scenario's arrow;
    the step's counterpart is the melder the burgemeester talks to (Fase 2, 1.1)."""
    arnhem = str(Path(__file__).resolve().parents[1] / "protocols" / "arnhem.yaml")
    code, out, _ = run(capsys, "route", arnhem, "--reporter", "raadslid", "--subject",
                       "griffier", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0
    assert out.splitlines()[0] == ("Wat doe ik nu? Arnhem: raadslid over een uitgevoerde "
                                   "handeling van griffier")
    assert ("Wie: Raadslid (ook fractievolger) (melder), wendt zich tot Griffier (betrokkene)"
            in out)
    assert "Wie: Burgemeester, wendt zich tot Raadslid (ook fractievolger) (melder)" in out
    assert not any(line.startswith("   Wie:") and "->" in line for line in out.splitlines())
    code, out, _ = run(capsys, "route", arnhem, "--reporter", "raadslid", "--subject",
                       "griffier", "--act", "uitgevoerd", "--format", "json")
    [vooronderzoek] = [s for s in json.loads(out)["steps"] if s["id"] == "vooronderzoek_griffier"]
    assert vooronderzoek["counterparts_named"] == ["melder"]


def test_route_prints_each_steps_description_wrapped_unless_brief(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit 10, O4: Oostzaan art. 4.1's "tenzij dit het onderzoeksbelang zou schaden"
    lived in the step's description only, which route did not print. The exception is
    now an outcome of its own; the description (what the kennisgeving holds, art. 4.1
    lid 2) is printed under the title, wrapped, unless ``--brief``."""
    monkeypatch.setenv("COLUMNS", "80")
    oostzaan = str(Path(__file__).resolve().parents[1] / "protocols" / "oostzaan.yaml")
    scenario = ("--reporter", "burger", "--subject", "wethouder", "--act", "uitgevoerd",
                "--attr", "aanleiding=vermoeden", "--lang", "nl")
    code, out, _ = run(capsys, "route", oostzaan, *scenario)
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "Kennisgeving van het feitenonderzoek" in line)
    assert lines[at + 1].startswith("   De kennisgeving bevat (a) het vermeende handelen")
    assert any("achterwege: zij zou het onderzoeksbelang schaden" in line
               for line in lines[at:at + 20])
    described = lines[at + 1:next(i for i in range(at, len(lines))
                                  if lines[i].startswith("   Wie:"))]
    assert len(described) > 1 and all(len(line) <= 80 for line in described)
    assert all(line.startswith("   ") for line in described)
    code, brief, _ = run(capsys, "route", oostzaan, *scenario, "--brief")
    assert code == 0 and "De kennisgeving bevat" not in brief
    assert "achterwege: zij zou het onderzoeksbelang schaden" in brief   # an outcome
    assert len(brief.splitlines()) < len(lines)
    code, data, _ = run(capsys, "route", oostzaan, *scenario[:-2], "--format", "json")
    [step] = [s for s in json.loads(data)["steps"] if s["id"] == "kennisgeving_feitenonderzoek"]
    assert step["description"].startswith("De kennisgeving bevat")


def test_unclosed_bracket_points_at_its_start(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    path = tmp_path / "bracket.yaml"
    path.write_text("protocol:\n  sources: [a,\n")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "error[yaml-syntax]" in out
    assert "starts on line 2, column 12" in out


def test_question_on_broken_protocol_exits_1(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    code, _, err = run(capsys, "route", str(write_broken(tmp_path)), "--reporter", "raadslid",
                       "--subject", "burgemeester", "--act", "uitgevoerd")
    assert code == 1
    assert "unknown-role" in err


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "protocolkit protocol"
    assert "steps" in schema["properties"]


def test_shipped_schema_file_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "schema")
    shipped = (ROOT / "docs" / "protocol.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == json.loads(out), "run: protocolkit schema > docs/protocol.schema.json"


def test_python_dash_m_works() -> None:
    out = subprocess.run([sys.executable, "-m", "protocolkit", "--version"], capture_output=True,
                         text=True, cwd=ROOT, timeout=60, check=False)
    assert out.returncode == 0
    assert out.stdout.startswith("protocolkit ")


@pytest.mark.parametrize("payload", [b"", b"\x00\x01\x02", b"- a\n", b"a: [\n", b"\tx: 1\n"])
def test_bad_input_never_shows_a_traceback(payload: bytes, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(payload)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert "Traceback" not in out + err
    assert out.startswith(f"{path}:")


@pytest.mark.parametrize(("lang", "said"), [
    ("nl", ("fout: argument --act: ongeldige keuze: 'uitgevord' (bedoelt u `uitgevoerd`? "
            "Kies uit: 'voorgenomen', 'uitgevoerd')")),
    ("en", ("error: argument --act: invalid choice: 'uitgevord' (did you mean `uitgevoerd`? "
            "Choose from: 'voorgenomen', 'uitgevoerd')")),
])
def test_argparse_errors_are_said_in_the_language_asked_for(
        capsys: pytest.CaptureFixture[str], lang: str, said: str) -> None:
    """argparse writes its errors in English; a Dutch stuurgroep reads them in Dutch, a
    misspelt choice with the nearest one (the help itself stays English)."""
    code, out, err = run(capsys, "responsibilities", MINIMAL, "--reporter", "raadslid",
                         "--subject", "raadslid", "--act", "uitgevord", "--lang", lang)
    assert code == 2 and out == ""
    assert said in err
    code, _, err = run(capsys, "responsibilities", MINIMAL, "--lang", lang)
    assert code == 2
    assert ("deze argumenten ontbreken: --reporter, --subject, --act" in err) == (lang == "nl")
    assert ("the following arguments are required" in err) == (lang == "en")


def test_a_library_call_leaves_the_callers_garbage_to_the_young_collections() -> None:
    """Called from Python, the package only pauses the collector around loading, the
    checks and the diff: a reference cycle the caller made before is still young
    afterwards or collected when the checks start, never handed to the oldest
    generation with what the checks keep (only a full collection would free it there,
    which a long-running process need not reach)."""
    import gc
    import weakref

    from protocolkit.analysis import run_checks
    from protocolkit.diff import diff_protocols
    from protocolkit.format.loader import load_protocol

    class Node:
        other: object = None

    def cycle() -> weakref.ref[Node]:
        node = Node()
        node.other = node
        return weakref.ref(node)

    result = load_protocol(ROOT / "tests" / "data" / "minimal.yaml")
    assert result.protocol is not None
    gc.collect()
    before = [cycle() for _ in range(50)]      # young when the checks pause the collector
    run_checks(result.protocol, result.locations)
    between = [cycle() for _ in range(50)]     # young when the diff pauses it
    diff_protocols(result.protocol, result.protocol)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect(1)
    assert all(ref() is None for ref in before + between)


def test_what_the_checks_keep_skips_the_young_collections() -> None:
    """What loading and the checks keep (the protocol's memos) is handed to the oldest
    generation when they end: the young passes after them do not walk it again."""
    import gc

    from protocolkit.analysis import run_checks
    from protocolkit.format.loader import load_protocol

    assert gc.isenabled() and gc.get_freeze_count() == 0
    result = load_protocol(ROOT / "tests" / "data" / "minimal.yaml")
    assert result.protocol is not None
    gc.collect()
    tables = result.protocol.memo("view_table")
    assert not tables
    run_checks(result.protocol, result.locations)
    assert tables
    oldest = {id(o) for o in gc.get_objects(2)}
    assert id(next(iter(tables.values()))) in oldest   # built by the checks


def test_the_program_pauses_the_collector_through_the_one_helper(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """cli.settling is format.collector.collector_paused with ``freeze``, in the program
    only; nothing else in the package pauses the collector (one home)."""
    import gc

    from protocolkit import cli
    from protocolkit.format.collector import collector_paused

    pausing = [str(p.relative_to(ROOT)) for p in (ROOT / "src" / "protocolkit").rglob("*.py")
               if "gc.disable()" in p.read_text(encoding="utf-8")]
    assert pausing == ["src/protocolkit/format/collector.py"]
    frozen = gc.get_freeze_count()
    try:
        with collector_paused():
            assert not gc.isenabled()
            kept = [[n] for n in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() == frozen   # paused, not frozen
        with cli.settling():                     # called from Python: a plain block
            assert gc.isenabled()
        monkeypatch.setattr(cli, "_PROGRAM", True)
        with cli.settling():
            assert not gc.isenabled()
            kept += [[n] for n in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + 2000
    finally:
        gc.unfreeze()
    assert len(kept) == 2000


ARNHEM = str(ROOT / "protocols" / "arnhem.yaml")
ARNHEM_RAADSLID_BURGEMEESTER = ("--reporter", "raadslid", "--subject", "burgemeester",
                                "--act", "uitgevoerd")


def _answer_block(out: str, heading: str) -> list[str]:
    """The line of the answer under ``heading`` and the indented lines beside it, each
    read whole (:func:`tests.helpers.unwrapped`)."""
    lines = unwrapped(out).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {heading}"))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith("   ") or line.lstrip() == line[2:]:
            break
        block.append(line)
    return block


@pytest.mark.parametrize(("lang", "judges", "marker"), [
    ("nl", "Velt het eindoordeel", "Rust op een keuze tussen lezingen"),
    ("en", "Gives the final judgment", "Rests on a choice between readings")])
def test_responsibilities_marks_an_answer_resting_on_a_reading(
        capsys: pytest.CaptureFixture[str], lang: str, judges: str, marker: str) -> None:
    # Arnhem: who judges the burgemeester (the raad) rests on the reading
    # eindoordeel_burgemeester; the answer says so beside it, not only under a sanction.
    code, out, _ = run(capsys, "responsibilities", ARNHEM, *ARNHEM_RAADSLID_BURGEMEESTER,
                       "--lang", lang)
    assert code == 0
    block = _answer_block(out, judges)
    assert "Gemeenteraad" in block[0]
    assert any(marker in line and "(eindoordeel_burgemeester," in line for line in block[1:])
    first = _answer_block(out, "Eerste aanspreekpunt" if lang == "nl" else "First contact")
    assert not any(marker in line for line in first)


def test_responsibilities_json_links_answers_to_their_readings(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "responsibilities", ARNHEM, *ARNHEM_RAADSLID_BURGEMEESTER,
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["judges"] == ["gemeenteraad"]
    assert data["readings"]["judges"] == ["eindoordeel_burgemeester"]
    assert "eindoordeel_burgemeester" in data["readings"]["imposes_sanction"]
    assert data["readings"]["first_contact"] == []
    # Every id named under readings is a note in ambiguities, and the reverse.
    named = {i for ids in data["readings"].values() for i in ids}
    assert named == {a["id"] for a in data["ambiguities"]}


@pytest.mark.parametrize(("lang", "informs", "instead", "melder"), [
    ("nl", "Informeert: ", ("Commissaris van de Koning (Noord-Holland) (in plaats van "
                            "Burgemeester)"), "Raadslid (melder)"),
    ("en", "Informs: ", "Commissaris van de Koning (Noord-Holland) (instead of Burgemeester)",
     "Raadslid (reporter)")])
def test_an_informed_party_standing_in_reads_as_an_actor_does(
        capsys: pytest.CaptureFixture[str], lang: str, informs: str, instead: str,
        melder: str) -> None:
    """A substitute among the informed says whom it stands in for by name, as an actor's
    "in plaats van Burgemeester"; the melder and betrokkene keep their part in brackets."""
    _, out, _ = run(capsys, "route", str(ROOT / "protocols" / "aalsmeer_draft.yaml"),
                    "--reporter", "raadslid", "--subject", "burgemeester", "--act",
                    "uitgevoerd", "--lang", lang)
    informed = [line.strip() for line in out.splitlines() if line.strip().startswith(informs)]
    assert any(instead in line for line in informed), informed
    assert any(melder in line for line in informed), informed
    assert not any("(burgemeester)" in line for line in informed), informed
