"""What readers see names things as readers know them: steps by their title, sources
by their citation, dates and counts in words; ids stay in the JSON (a review of the
commands as a new user meets them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .helpers import run_cli as run
from .helpers import unwrapped

ROOT = Path(__file__).resolve().parents[1]
ARNHEM = str(ROOT / "protocols" / "arnhem.yaml")
MINIMAL = str(ROOT / "tests" / "data" / "minimal.yaml")


def test_responsibilities_names_the_step_after_which_one_may_speak_by_its_title(
        capsys: pytest.CaptureFixture[str]) -> None:
    scenario = ("--reporter", "raadslid", "--subject", "raadslid", "--act", "uitgevoerd")
    code, out, _ = run(capsys, "responsibilities", ARNHEM, *scenario, "--lang", "nl")
    assert code == 0
    assert "voorleggen_raad_raadslid" not in out
    assert ("na stap 'De burgemeester legt zijn gemotiveerd zwaarte-oordeel voor aan de "
            "gemeenteraad") in unwrapped(out)
    code, out, _ = run(capsys, "responsibilities", ARNHEM, *scenario, "--format", "json")
    [speaker] = json.loads(out)["speakers"]
    assert speaker["from"] == "voorleggen_raad_raadslid"        # the id stays in JSON
    assert speaker["from_title"].startswith("De burgemeester legt")


def test_cases_open_names_the_entry_route_by_its_citation_as_simulate_does(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = str(tmp_path / "zaken.db")
    assert run(capsys, "cases", "init", store)[0] == 0
    code, out, _ = run(capsys, "cases", "open", store, MINIMAL, "--reporter", "raadslid",
                       "--subject", "burgemeester", "--act", "uitgevoerd", "--id", "z1",
                       "--opened", "2026-04-01", "--today", "2026-04-10", "--lang", "nl")
    assert code == 0
    assert "(route volgens art. 2)" in out                 # not the route's id
    assert "alle_meldingen" not in out
    _, out, _ = run(capsys, "cases", "show", store, "z1", "--format", "json",
                    "--today", "2026-04-10")
    data = json.loads(out)
    assert (data["entry_route"], data["entry_source"]) == ("alle_meldingen", ["art. 2"])


@pytest.mark.parametrize("path", sorted((ROOT / "protocols").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_a_shipped_protocols_version_is_the_texts_not_a_note_on_the_repository(
        path: Path) -> None:
    """The report and the diff show ``version`` as the version of the text ("Arnhem
    (versie …)"): Arnhem's text is undated, which the version says, and nothing about
    where the project keeps the text."""
    from protocolkit.format.loader import load_protocol

    version = load_protocol(path).protocol.protocol.version
    assert "shared/" not in version and "sources" not in version, version
    if path.name == "arnhem.yaml":
        assert version == "ongedateerd"


def test_the_report_separates_citations_with_semicolons_as_the_commands_do() -> None:
    """A citation holds commas itself ("Stap 4, realisatie"): joined with commas, a
    raad could not tell where one ends and the next begins."""
    from protocolkit.present.report import build_report, render_html, render_markdown

    report = build_report(ROOT / "protocols" / "aalsmeer_draft.yaml")
    shown = "Bron: Stap 4, doel; Stap 4, realisatie; Arnhem voetnoot 2; Handreiking, protocol of gentle agreement"
    assert shown in render_markdown(report)
    assert shown in render_html(report)


def test_a_date_after_the_as_of_date_is_said_to_be_after_it_not_after_today(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``--as-of`` chooses the day a case is read on: an event after it lies after the
    peildatum, which is not "vandaag" when the day was chosen."""
    case = str(ROOT / "tests" / "data" / "cases" / "minimal_lopend.yaml")
    for lang, said in (("nl", "na de peildatum 2026-01-06"),
                       ("en", "after the as-of date 2026-01-06")):
        code, _, err = run(capsys, "simulate", MINIMAL, case, "--as-of", "2026-01-06",
                           "--lang", lang)
        assert code == 1
        assert said in err and "vandaag" not in err and "(today)" not in err


def test_the_store_counts_its_cases_in_proper_plural(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = str(tmp_path / "zaken.db")
    assert run(capsys, "cases", "init", store, "--lang", "nl")[1].strip().endswith(": 0 zaken")
    assert run(capsys, "cases", "init", store, "--lang", "en")[1].strip().endswith(": 0 cases")
    assert run(capsys, "cases", "open", store, MINIMAL, "--reporter", "raadslid",
               "--subject", "burgemeester", "--act", "uitgevoerd")[0] == 0
    assert run(capsys, "cases", "init", store, "--lang", "nl")[1].strip().endswith(": 1 zaak")
    assert run(capsys, "cases", "init", store, "--lang", "en")[1].strip().endswith(": 1 case")


def test_the_audit_trail_shows_when_to_the_second_and_the_json_keeps_iso(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = str(tmp_path / "zaken.db")
    assert run(capsys, "cases", "init", store)[0] == 0
    assert run(capsys, "cases", "open", store, MINIMAL, "--reporter", "raadslid",
               "--subject", "burgemeester", "--act", "uitgevoerd", "--id", "z1")[0] == 0
    code, out, _ = run(capsys, "cases", "record", store, "z1", "melding", "gemeld",
                       "--by", "griffier", "--lang", "nl")
    assert code == 0
    [line] = [line for line in out.splitlines() if "door griffier" in line]
    assert re.search(r"door griffier om \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (CET|CEST)$", line), line
    _, out, _ = run(capsys, "cases", "show", store, "z1", "--format", "json")
    [event] = json.loads(out)["events"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", event["recorded_at"])


def test_a_recorded_time_says_its_zone_cet_in_winter_cest_in_summer() -> None:
    """A bare '22:33:41' read as UTC (the docs said so); it is Amsterdam's, and says so."""
    from protocolkit.cli.simulate import moment

    assert moment("2026-12-02T21:33:41Z") == "2026-12-02 22:33:41 CET"
    assert moment("2026-07-01T09:00:00+00:00") == "2026-07-01 11:00:00 CEST"


def test_a_missing_file_is_no_such_file_or_directory_as_the_system_says(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = run(capsys, "validate", str(tmp_path / "nope.yaml"), "--lang", "en")
    assert "no such file or directory" in out and "folder" not in out
    _, out, _ = run(capsys, "validate", str(tmp_path), "--lang", "en")
    assert "is a directory" in out and "folder" not in out.replace(str(tmp_path), "")


def test_a_step_that_informs_melder_and_betrokkene_of_one_office_says_which_is_which(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem 1.2 b: a raadslid about another raadslid; the step informing both named
    "raadslid, raadslid" without saying who was the melder and who the betrokkene."""
    scenario = ("--reporter", "raadslid", "--subject", "raadslid", "--act", "uitgevoerd")
    _, out, _ = run(capsys, "route", ARNHEM, *scenario, "--lang", "nl")
    assert "Informeert: Raadslid (ook fractievolger), Raadslid (ook fractievolger)\n" not in out
    assert ("Informeert: Raadslid (ook fractievolger) (melder), Raadslid (ook fractievolger) "
            "(betrokkene)") in out
    _, out, _ = run(capsys, "route", ARNHEM, *scenario, "--format", "json")
    informing = [s for s in json.loads(out)["steps"] if s["informed"] == ["raadslid"] * 2]
    assert informing and informing[0]["informed_named"] == ["melder", "betrokkene"]


def test_english_output_names_the_audience_in_english_and_dutch_keeps_the_texts_word(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Oostzaan art. 2.1 lid 4: the melder is urged not to seek publicity nor speak to
    third parties ("derden"); English output said "Silent towards pers" and "derden"."""
    oostzaan = str(ROOT / "protocols" / "oostzaan.yaml")
    scenario = ("--reporter", "raadslid", "--subject", "wethouder", "--act", "uitgevoerd",
                "--attr", "aanleiding=vermoeden")
    _, out, _ = run(capsys, "responsibilities", oostzaan, *scenario, "--lang", "en")
    assert "Silent towards the press: Raadslid of fractieassistent" in out
    assert "Silent towards third parties: Raadslid of fractieassistent" in out
    silences = [line for line in out.splitlines() if line.startswith("  Silent")]
    assert silences and not any("pers" in line.split(":")[0] or "derden" in line
                                for line in silences)
    _, out, _ = run(capsys, "responsibilities", oostzaan, *scenario, "--lang", "nl")
    assert "Zwijgen tegenover pers: Raadslid of fractieassistent" in out
    assert "Zwijgen tegenover derden: Raadslid of fractieassistent" in out
    _, out, _ = run(capsys, "responsibilities", oostzaan, *scenario, "--format", "json")
    assert {s["audience"] for s in json.loads(out)["silent"]} == {"pers", "derden"}


def test_a_witness_shared_by_several_errors_is_shown_once_and_referred_to(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """One wrong actor breaks several rules at one step: Oostzaan's sanction step for a
    wethouder with the griffier acting (he may impose none of its six sanctions) gave
    six errors, each followed by the same 25-step route. The text shows the route once
    and the later errors refer to it; ``--verbose`` and the JSON keep every witness."""
    import yaml

    data = yaml.safe_load((ROOT / "protocols" / "oostzaan.yaml").read_text(encoding="utf-8"))
    [step] = [s for s in data["steps"] if s["id"] == "sanctie_raad_collegelid"]
    step["actor"] = "griffier"
    path = tmp_path / "oostzaan_wrong_actor.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--no-cache", str(path), "--lang", "en")
    assert code == 1
    errors = [line for line in out.splitlines() if "error[sanction-not-applicable]" in line]
    assert len(errors) == 6
    first = errors[0].split(":")[1]
    assert out.count("    scenario: ") == 1
    assert out.count("    1. melding (melding, raadslid)") == 1
    assert out.count(f"    scenario and route: the same as at line {first} above") == 5
    _, out, _ = run(capsys, "validate", "--no-cache", str(path), "--verbose", "--lang", "en")
    assert out.count("    1. melding (melding, raadslid)") >= 6     # every witness
    _, out, _ = run(capsys, "validate", "--no-cache", str(path), "--format", "json")
    found = [f for f in json.loads(out)["files"][0]["findings"] if f["severity"] == "error"]
    assert len(found) == 6 and all(len(f["witness"]["path"]) == 25 for f in found)


def test_who_imposes_a_proposed_sanction_reads_alike_in_route_and_responsibilities(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The Aalsmeer concept takes its sanctions and who imposes them from Arnhem (an open
    point): ``responsibilities`` marked the whole answer as a proposal ("nog open -
    voorstel …: opgelegd door gemeenteraad"), ``route`` only the roles ("door nog open -
    voorstel …: gemeenteraad"). Both say it the one way now
    (:func:`protocolkit.present.phrases.imposer_words`)."""
    draft = str(ROOT / "protocols" / "aalsmeer_draft.yaml")
    scenario = ("--reporter", "raadslid", "--subject", "raadslid", "--act", "uitgevoerd")
    proposed = "nog open - voorstel (ontleend aan Arnhem): "
    _, route, _ = run(capsys, "route", draft, *scenario, "--lang", "nl")
    _, answers, _ = run(capsys, "responsibilities", draft, *scenario, "--lang", "nl")
    assert f"Motie van afkeuring ({proposed}door Gemeenteraad)" in route
    assert f"Sanctie Motie van afkeuring: {proposed}opgelegd door Gemeenteraad" in answers
    assert "door nog open" not in route
    _, route, _ = run(capsys, "route", draft, *scenario, "--lang", "en")
    assert ("Motie van afkeuring (still open - proposal (taken from Arnhem): by "
            "Gemeenteraad)") in route


def test_text_outputs_name_roles_as_the_protocol_does_and_json_keeps_the_ids(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A griffier reads "Voorzitter van de vertrouwenscommissie", not the id
    ``voorzitter_vertrouwenscommissie``, in route, responsibilities and diff --summary;
    a program reads the ids in the JSON."""
    oostzaan = str(ROOT / "protocols" / "oostzaan.yaml")
    scenario = ("--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd",
                "--attr", "aanleiding=vermoeden")
    _, route, _ = run(capsys, "route", oostzaan, *scenario, "--lang", "nl")
    _, answers, _ = run(capsys, "responsibilities", oostzaan, *scenario, "--lang", "nl")
    for out in (route, answers):
        assert "Voorzitter van de vertrouwenscommissie" in out
        assert "voorzitter_vertrouwenscommissie" not in out
    assert "Wie: Raadslid of fractieassistent (melder), wendt zich tot Raadsgriffier" in route
    assert "-> politie_om" not in route
    assert "Eerste aanspreekpunt (wie is eraan zet?)       Raadsgriffier" in answers
    _, data, _ = run(capsys, "responsibilities", oostzaan, *scenario, "--format", "json")
    assert json.loads(data)["decides_follow_up"] == ["voorzitter_vertrouwenscommissie"]
    _, summary, _ = run(capsys, "diff", ARNHEM, oostzaan, "--summary", "--lang", "nl")
    assert "Commissaris van de Koning (Gelderland)" in summary
    assert ": cvdk [" not in summary and "Oostzaan: college [" not in summary
    _, data, _ = run(capsys, "diff", ARNHEM, oostzaan, "--summary", "--format", "json")
    assert '"cvdk"' in data


def test_english_output_translates_deadline_units(capsys: pytest.CaptureFixture[str]) -> None:
    """Oostzaan art. 2.1 lid 4: "10 werkdagen" was left in Dutch in English output; the
    unit is the model's word, not the text's, and is translated like the frame."""
    oostzaan = str(ROOT / "protocols" / "oostzaan.yaml")
    scenario = ("--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd",
                "--attr", "aanleiding=vermoeden")
    _, out, _ = run(capsys, "route", oostzaan, *scenario, "--lang", "en", "--brief")
    assert "Deadline: 10 working days after receipt" in out and "werkdagen" not in out
    _, out, _ = run(capsys, "diff", ARNHEM, oostzaan, "--lang", "en")
    assert "10 working days after receipt" in out and "werkdagen" not in out
    _, out, _ = run(capsys, "route", oostzaan, *scenario, "--lang", "nl")
    assert "Termijn: 10 werkdagen na ontvangst" in out


def test_validate_in_english_says_acknowledged_for_every_acknowledged_finding(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """English validate said "info[...]", "— acknowledged (...)" and "N note(s)", the
    report "accepted": one word now, as Dutch says "aanvaard" throughout."""
    oostzaan = str(ROOT / "protocols" / "oostzaan.yaml")
    code, out, _ = run(capsys, "validate", "--no-cache", oostzaan, "--lang", "en")
    assert code == 0
    assert "acknowledged[conflict-of-interest]" in out
    assert out.splitlines()[-2].endswith("0 warnings, 10 acknowledged")
    for other in ("info[", "note(s)", "accepted"):
        assert other not in out, other
    page = tmp_path / "report.md"
    assert run(capsys, "report", oostzaan, "-o", str(page), "--lang", "en")[0] == 0
    said = page.read_text(encoding="utf-8")
    assert "10 acknowledged findings" in said
    prose = re.sub(r"```mermaid\n.*?```", "", said, flags=re.DOTALL)   # diagram classes
    assert "accepted" not in prose
    _, out, _ = run(capsys, "validate", "--no-cache", oostzaan, "--format", "json")
    assert {f["severity"] for f in json.loads(out)["files"][0]["findings"]} == {"info"}


def test_a_silence_that_ends_at_its_own_step_names_that_step_once(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Oostzaan art. 1.3 lid 3: the silence from the screening until the screening ends
    repeated the screening's 150-character title inside one line; "tot na die stap"."""
    oostzaan = str(ROOT / "protocols" / "oostzaan.yaml")
    scenario = ("--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd",
                "--attr", "aanleiding=vermoeden")
    title = "Eerste screening (vooronderzoek) en conclusie van de burgemeester"
    for lang, that in (("nl", "tot na die stap met de uitkomst"),
                       ("en", "until after that step with the outcome")):
        _, out, _ = run(capsys, "responsibilities", oostzaan, *scenario, "--lang", lang)
        [line] = [line for line in unwrapped(out).splitlines() if title in line]
        assert line.count(title) == 1 and that in line, line


def _set_columns(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    """The terminal's width as ``COLUMNS`` says, or none (a pipe: 100 columns)."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)


def _arnhem_answers(capsys: pytest.CaptureFixture[str], subject: str,
                    head: str) -> tuple[list[str], int]:
    """Arnhem's answers for a raadslid's melding about ``subject`` (in Dutch), and the
    index of the line that starts with ``head``."""
    code, out, _ = run(capsys, "responsibilities", ARNHEM, "--reporter", "raadslid",
                       "--subject", subject, "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0
    lines = out.splitlines()
    return lines, next(i for i, line in enumerate(lines) if line.startswith(head))


@pytest.mark.parametrize("columns, width", [(None, 100), ("72", 72)])
def test_the_reading_notes_of_responsibilities_are_wrapped_to_the_width(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        columns: str | None, width: int) -> None:
    """Arnhem's notes on who judges the burgemeester ran to 900 characters on one line:
    they are wrapped between words to the terminal (``COLUMNS``), else 100 columns, each
    line after the first indented under it, and say every word they said."""
    _set_columns(monkeypatch, columns)
    lines, start = _arnhem_answers(capsys, "burgemeester",
                                   "  Keuze tussen lezingen (einde_terughoudendheid)")
    note = lines[start:]
    assert len(note) > 3 and all(len(line) <= width for line in note), note
    assert all(line.startswith("    ") for line in note[1:]), note
    said = " ".join(line.strip() for line in note)
    assert "Gekozen: \"Als er uiteindelijk werkelijk sprake blijkt te zijn van een " \
           "integriteitsschending" in said and said.endswith("[Basisprincipes 2]")
    at = next(i for i, line in enumerate(lines) if "(eindoordeel_burgemeester)" in line)
    beside = lines[at:at + next(i for i, line in enumerate(lines[at + 1:], 1)
                                if not line.startswith("     "))]
    assert len(beside) > 6 and all(len(line) <= width for line in beside), beside


@pytest.mark.parametrize("columns, width", [(None, 100), ("72", 72)])
def test_the_silences_of_responsibilities_are_wrapped_to_the_width(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        columns: str | None, width: int) -> None:
    """Arnhem's "Zwijgen tegenover pers: …" ran to some 300 characters on one line (the
    Aalsmeer concept's to 500): wrapped as the sanctions are, every word kept."""
    _set_columns(monkeypatch, columns)
    lines, start = _arnhem_answers(capsys, "raadslid", "  Zwijgen tegenover pers: ")
    end = next(j for j in range(start + 1, len(lines)) if not lines[j].startswith("    "))
    block = lines[start:end]
    assert len(block) > 2 and all(len(line) <= width for line in block), block
    said = " ".join(line.strip() for line in block)
    assert said.startswith("Zwijgen tegenover pers: Raadslid (ook fractievolger), "
                           "Fractievoorzitters, Eigen fractie / politieke partij, vanaf het "
                           "begin, tot na stap 'De gemeenteraad vormt zich een oordeel"), said
    assert said.endswith("of tot de zaak eindigt [Fase 3, Communicatie, raadslid; "
                         "Basisprincipes 2]"), said


@pytest.mark.parametrize("columns, width", [(None, 100), ("72", 72)])
def test_the_sanctions_and_compositions_of_responsibilities_are_wrapped_to_the_width(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        columns: str | None, width: int) -> None:
    """A sanction (Arnhem: "Strafrechtelijke vervolging en veroordeling: opgelegd door
    Politie / Openbaar Ministerie [Fase 3, …]") and a composition ran past the width on a
    pipe: wrapped as the reading notes are, each line after the first indented under it,
    every word kept."""
    _set_columns(monkeypatch, columns)
    oostzaan = ("--attr", "aanleiding=vermoeden", "--attr", "betrokken_functionaris=griffier")
    for path, subject in ((ARNHEM, "burgemeester"), ("protocols/oostzaan.yaml", "wethouder")):
        code, out, _ = run(capsys, "responsibilities", path, "--reporter", "raadslid",
                           "--subject", subject, "--act", "uitgevoerd", "--lang", "nl",
                           *(oostzaan if "oostzaan" in path else ()))
        assert code == 0
        lines = out.splitlines()
        heads = [i for i, line in enumerate(lines)
                 if line.startswith(("  Sanctie ", "  Gevolg ", "  Samenstelling "))]
        assert heads and ("Samenstelling" in out or path == ARNHEM), out
        for i in heads:
            end = next((j for j in range(i + 1, len(lines))
                        if not lines[j].startswith("    ") or "Keuze" in lines[j]), len(lines))
            block = lines[i:end]
            assert all(len(line) <= width for line in block), block
        said = " ".join(line.strip() for line in lines)
        if path == ARNHEM:
            assert ("Sanctie Strafrechtelijke vervolging en veroordeling: opgelegd door "
                    "Politie / Openbaar Ministerie [Fase 3, Sanctiemogelijkheden; Fase 3, "
                    "aangifte]") in said.replace("   [", " ["), said


@pytest.mark.parametrize("columns, width", [(None, 100), ("72", 72)])
def test_the_answers_of_responsibilities_are_wrapped_to_the_width(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        columns: str | None, width: int) -> None:
    """Oostzaan's "Beslist over vervolg" with its nine sections and the reading it rests
    on ran to some 280 characters on one line: each answer is wrapped as the notes are,
    beside its question (under the answer's column, two further in) where the width
    leaves room, else under it; every word kept."""
    _set_columns(monkeypatch, columns)
    code, out, _ = run(capsys, "responsibilities", "protocols/oostzaan.yaml", "--reporter",
                       "fractievoorzitter", "--subject", "wethouder", "--act", "uitgevoerd",
                       "--attr", "aanleiding=vermoeden", "--lang", "nl")
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines[1:]), [
        line for line in lines if len(line) > width]
    said = re.sub(r"\n +(?=\S)", " ", out)      # every line joined to the one before
    assert ("Burgemeester   [art. 2.2 lid 1; art. 2.2 lid 2; art. 2.1 lid 3; "
            "art. 1.1 lid 1; art. 3.2 lid 1; art. 3.2 lid 3; art. 3.2 lid 4; art. 3.3 lid 1]"
            ) in said, said
    assert ("Rust op een keuze tussen lezingen: Op welke dag worden de vier jaar van art. 2.2 "
            "gemeten: de dag waarop de melding is ingediend, of de dag waarop de burgemeester "
            "over de ontvankelijkheid beslist? (vier_jaar_gemeten_op, zie onder)") in said
    beside = [line for line in lines if line.startswith("  Beslist over vervolg")]
    assert beside and beside[0].endswith("Burgemeester   [art. 2.2 lid 1; art. 2.2 lid 2;") \
        == (columns is None), beside


def _element_ids(path: str) -> set[str]:
    """The ids of a protocol's elements that read as no word (they hold an underscore):
    roles, phases, steps and their outcomes, sanctions, facts, entries, substitutions,
    communication rules, silences, open points and choices between readings."""
    from protocolkit.format.loader import load_protocol

    p = load_protocol(path).protocol
    ids = {o.id for s in p.steps for o in s.outcomes}
    for elements in (p.roles, p.phases, p.steps, p.sanctions, p.facts, p.entry_routes,
                     p.substitutions, p.communication, p.silences, p.open_points,
                     p.ambiguities):
        ids.update(e.id for e in elements)
    return {i for i in ids if "_" in i}


def _words_only(page: str) -> str:
    """A page without what is code (`...` and fenced blocks): the ids a program reads."""
    return re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", page, flags=re.DOTALL))


@pytest.mark.parametrize("left, right", [("arnhem", "oostzaan"), ("aalsmeer_draft", "arnhem")])
def test_the_structural_part_of_a_diff_names_elements_in_words_not_ids(
        capsys: pytest.CaptureFixture[str], left: str, right: str) -> None:
    """The structure part said "cvdk in plaats van burgemeester", "Stap b34b_aanspreken /
    aanspreken", "waar het heen kan: geen_schending → afgedaan": a raadslid reads role
    names, step titles and outcome labels; the ids stay in the JSON and in the
    Markdown's id column."""
    paths = [f"protocols/{left}.yaml", f"protocols/{right}.yaml"]
    ids = _element_ids(paths[0]) | _element_ids(paths[1])
    for fmt in ("text", "markdown"):
        _, out, _ = run(capsys, "diff", *paths, "--format", fmt, "--lang", "nl")
        structure = _words_only(out.split("Opbouw van het protocol", 1)[1])
        shown = sorted(i for i in ids if re.search(rf"(?<![\w`]){re.escape(i)}(?![\w`])",
                                                   structure))
        assert not shown, (fmt, shown)
    _, page, _ = run(capsys, "diff", *paths, "--format", "markdown", "--lang", "nl")
    assert page.count("| `") > 50                        # the id column
    if left == "arnhem":
        _, out, _ = run(capsys, "diff", *paths, "--lang", "nl")
        assert ("Arnhem:   Commissaris van de Koning (Gelderland) in plaats van Burgemeester, "
                "als het over burgemeester gaat (Fase 2, 1.2)") in out
        _, data, _ = run(capsys, "diff", *paths, "--format", "json")
        assert {"cvdk_voor_burgemeester", "aanspreken / b34b_aanspreken"} <= {
            row["id"] for row in json.loads(data)["structural"]}


#: A scenario per shipped protocol in which another role stands in for the burgemeester
#: (the CvdK, the voorzitter van de vertrouwenscommissie): where ids used to show.
_SUBSTITUTED = {
    "arnhem": ("--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd"),
    "oostzaan": ("--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd",
                 "--attr", "aanleiding=vermoeden"),
    "aalsmeer_draft": ("--reporter", "raadslid", "--subject", "burgemeester", "--act",
                       "uitgevoerd"),
}


def _unworded_role_ids(paths: list[Path]) -> set[str]:
    """The role ids of these protocols a reader would read only as ids: not a scenario's
    reporter or subject (the scenario lines name those as the command line does), not
    their name in lower case, and no word of the protocol's own prose (``cvdk``,
    ``politie_om``, ``voorzitter_vertrouwenscommissie``; not ``griffier``, a word of the
    text, nor ``fractie``)."""
    import yaml

    from protocolkit.format.loader import load_protocol

    scenario_words: set[str] = set()
    found: dict[str, str] = {}
    references = {"id", "actor", "role", "roles", "members", "part_of", "speaker", "by",
                  "replaces", "informed", "consulted", "counterpart", "heard", "imposed_by",
                  "applies_to", "shared", "accountable_to", "employed_by", "bodies",
                  "optional_members", "reporters", "subjects", "decides",
                  "communicates_with_melder", "chosen", "affects", "open", "next", "step",
                  "from", "until", "from_step", "phase", "phases", "waits_for", "tracks"}
    prose: list[str] = []

    def walk(value: object, key: str | None = None) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in references:
            prose.append(value)

    for path in paths:
        protocol = load_protocol(path).protocol
        scenario_words |= {*protocol.scenarios.reporters, *protocol.scenarios.subjects}
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        for role in protocol.roles:
            for role_id in {role.id, role.shared or role.id}:
                if role_id.lower() != role.name.lower():
                    found[role_id] = role.name
    said = " ".join(prose)
    return {i for i in found if i not in scenario_words
            and not re.search(rf"(?<!\w){re.escape(i)}(?!\w)", said)}


def _unlabelled_outcomes(paths: list[Path]) -> list[str]:
    """The outcomes these protocols give no label, as every output says them: their id
    in words (Oostzaan's ``cvdk_betrekken``: "cvdk betrekken"), the protocol's own words."""
    from protocolkit.format.loader import load_protocol
    from protocolkit.format.vocabulary import outcome_words

    return sorted({outcome_words(o.id, None) for path in paths
                   for s in load_protocol(path).protocol.steps for o in s.outcomes
                   if not o.label}, key=len, reverse=True)


def _ids_in_words(out: str, ids: set[str], paths: list[Path]) -> list[str]:
    prose = _words_only(out)
    for words in _unlabelled_outcomes(paths):
        prose = prose.replace(words, "")
    return sorted(i for i in ids if re.search(rf"(?<![\w`]){re.escape(i)}(?![\w`])", prose))


@pytest.mark.parametrize("name", sorted(_SUBSTITUTED))
def test_the_text_outputs_name_no_role_by_an_id_a_reader_cannot_read(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    """A raadslid reads "Commissaris van de Koning (Gelderland)", never ``cvdk``, in
    every text output of every shipped protocol: responsibilities, route, matrix, the
    report, simulate (and ``--as``), cases show (and ``--as``), and the diff against
    each other shipped protocol. The JSON keeps the ids."""
    path = ROOT / "protocols" / f"{name}.yaml"
    ids = _unworded_role_ids([path])
    assert ids, name                       # the test reads something
    scenario = _SUBSTITUTED[name]
    outputs: dict[str, str] = {}
    for command in ("responsibilities", "route"):
        for lang in ("nl", "en"):
            outputs[f"{command} {lang}"] = run(capsys, command, str(path), *scenario,
                                               "--lang", lang)[1]
    outputs["matrix"] = run(capsys, "matrix", str(path), "--lang", "nl")[1]
    page = tmp_path / "report.md"
    assert run(capsys, "report", str(path), "-o", str(page), "--lang", "nl")[0] == 0
    outputs["report"] = page.read_text(encoding="utf-8")
    store = str(tmp_path / "zaken.db")
    assert run(capsys, "cases", "init", store)[0] == 0
    code, _, err = run(capsys, "cases", "open", store, str(path), *scenario, "--id", "z1",
                       "--opened", "2026-04-01")
    assert code == 0, err
    outputs["cases show"] = run(capsys, "cases", "show", store, "z1", "--today",
                                "2026-04-10", "--lang", "nl")[1]
    _, data, _ = run(capsys, "cases", "show", store, "z1", "--format", "json",
                     "--today", "2026-04-10")
    actors = {step["actor"] for step in json.loads(data)["open_steps"]}
    for role in sorted(actors | {"melder", "betrokkene"}):
        outputs[f"cases show --as {role}"] = run(
            capsys, "cases", "show", store, "z1", "--as", role, "--today", "2026-04-10",
            "--lang", "nl")[1]
    case = tmp_path / "zaak.yaml"
    case.write_text(yaml_case(scenario), encoding="utf-8")
    outputs["simulate"] = run(capsys, "simulate", str(path), str(case), "--as-of",
                              "2026-04-10", "--lang", "nl")[1]
    for other in sorted(set(_SUBSTITUTED) - {name}):
        other_path = ROOT / "protocols" / f"{other}.yaml"
        both = _unworded_role_ids([path, other_path])
        for fmt in ("text", "markdown"):
            out = run(capsys, "diff", str(path), str(other_path), "--format", fmt,
                      "--lang", "nl")[1]
            found = _ids_in_words(out, both, [path, other_path])
            assert not found, (f"diff {other} {fmt}", found)
    shown = {command: found for command, out in outputs.items()
             if (found := _ids_in_words(out, ids, [path]))}
    assert not shown, shown
    _, answers, _ = run(capsys, "responsibilities", str(path), *scenario, "--format", "json")
    assert any(f'"{i}"' in answers for i in ids), answers       # the JSON keeps the ids


def yaml_case(scenario: tuple[str, ...]) -> str:
    """A case file with no events yet, for ``simulate``: its scenario from the command
    line's words."""
    given = dict(zip(scenario[0::2], scenario[1::2], strict=True))
    attributes = given.get("--attr")
    return ("scenario: {reporter: " + given["--reporter"] + ", subject: " + given["--subject"]
            + ", act: " + given["--act"]
            + (", attributes: {" + attributes.replace("=", ": ") + "}" if attributes else "")
            + "}\nopened: 2026-04-01\nevents: []\n")


def test_a_diff_says_kinds_of_role_and_step_and_shared_roles_in_words(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A role's kind was English (``soort: external``), a step kind kept its underscore
    (``zwaarte_oordeel``) and a shared role showed its id (``gedeelde rol:
    fractievoorzitters``); in text and markdown alike."""
    oostzaan = str(ROOT / "protocols" / "oostzaan.yaml")
    for fmt in ("text", "markdown"):
        _, out, _ = run(capsys, "diff", ARNHEM, oostzaan, "--format", fmt, "--lang", "nl")
        said = _words_only(out) if fmt == "markdown" else out
        assert "soort: externe partij" in said and "soort: orgaan" in said
        assert "soort: persoon" in said
        assert "gedeelde rol: de fractievoorzitters samen" in said
        assert "gedeelde rol: een fractievoorzitter" in said
        assert "zwaarte-oordeel, oordeel" in said
        for raw in ("soort: external", "soort: body", "soort: person", "zwaarte_oordeel,",
                    "gedeelde rol: fractievoorzitters"):
            assert raw not in said, raw
    _, out, _ = run(capsys, "diff", ARNHEM, oostzaan, "--lang", "en")
    assert "kind: external party" in out and "shared: a group leader" in out
