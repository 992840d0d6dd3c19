"""``protocolkit cases``: a small case register over a store file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = str(ROOT / "tests" / "data" / "minimal.yaml")


def test_a_griffie_opens_records_corrects_lists_and_exports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "zaken.db")
    assert run_cli(capsys, "cases", "init", store)[0] == 0
    code, out, _ = run_cli(capsys, "cases", "open", store, MINIMAL, "--reporter", "burgemeester",
                           "--subject", "raadslid", "--act", "uitgevoerd", "--opened",
                           "2026-01-05", "--id", "2026-001", "--today", "2026-01-06")
    assert code == 0 and "Open: melding" in out
    code, out, _ = run_cli(capsys, "cases", "record", store, "2026-001", "melding", "gemeld",
                           "--date", "2026-01-06", "--by", "griffier", "--today", "2026-01-06",
                           "--lang", "nl")
    assert code == 0 and "Open: beoordeling" in out and "door griffier" in out
    run_cli(capsys, "cases", "record", store, "2026-001", "beoordeling", "niet_ontvankelijk",
            "--by", "griffier", "--today", "2026-01-07")
    code, out, _ = run_cli(capsys, "cases", "correct", store, "2026-001", "2", "--note",
                           "verkeerde knop", "--by", "griffier", "--today", "2026-01-08",
                           "--lang", "nl")
    assert code == 0 and "ingetrokken door correctie 3" in out and "verkeerde knop" in out
    code, out, _ = run_cli(capsys, "cases", "list", store, "--open", "--format", "json")
    [row] = json.loads(out)["cases"]
    assert (row["id"], row["version"], row["open_steps"]) == ("2026-001", 3, ["beoordeling"])
    code, out, _ = run_cli(capsys, "cases", "export", store, "2026-001")
    record = json.loads(out)
    assert [e.get("withdraws") for e in record["events"]] == [None, None, 2]
    assert record["events"][2]["note"] == "verkeerde knop"


def test_overdue_cases_are_listed_against_today(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, MINIMAL, "--reporter", "burgemeester", "--subject",
            "raadslid", "--act", "uitgevoerd", "--opened", "2026-01-05", "--id", "laat",
            "--today", "2026-01-05")
    code, out, _ = run_cli(capsys, "cases", "list", store, "--overdue", "--today", "2026-01-19",
                           "--lang", "nl")
    assert code == 0 and out == "geen zaken\n"                 # due 2026-01-19 itself
    code, out, _ = run_cli(capsys, "cases", "list", store, "--overdue", "--today", "2026-01-20",
                           "--lang", "nl")
    assert out.startswith("laat  Voorbeeld  open") and "TE LAAT" in out


@pytest.mark.parametrize("argv, code, says", [
    (["record", "2026-001", "meldng", "gemeld", "--by", "x"], 1,
     ("no step 'meldng' (did you mean `melding`? Allowed now: melding - Melding bij de "
      "burgemeester: gemeld)\n")),
    (["record", "2026-001", "melding", "gemeld", "--by", "x", "--date", "2026-02-01"], 1,
     "after the as-of date 2026-01-06"),
    (["record", "2026-001", "melding", "gemeld", "--by", "x", "--version", "3"], 1,
     "version 0, not 3"),
    (["record", "nope", "melding", "gemeld", "--by", "x"], 2, "no case 'nope'"),
    (["correct", "2026-001", "1", "--by", "x"], 2, "needs --note"),
    (["record", "2026-001", "--by", "x"], 2, "give STEP OUTCOME"),
    (["migrate", "2026-001", MINIMAL, "--by", "x"], 2, "needs --note"),
    (["show", "nope"], 2, "no case 'nope'"),
    (["export", "nope"], 2, "no case 'nope'"),
    (["record", "2026-001", "melding", "gemeld", "--by", "x", "--date", "9999-12-31"], 2,
     "outside"),
    (["open", MINIMAL, "--reporter", "burgemeester", "--subject", "raadslid", "--act",
      "uitgevoerd", "--opened", "2026-01-05", "--id", "2026-001"], 2,
     "already holds a case '2026-001'; give the new case another id (--id)"),
])
def test_mistakes_are_refused_with_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            argv: list[str], code: int, says: str) -> None:
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, MINIMAL, "--reporter", "burgemeester", "--subject",
            "raadslid", "--act", "uitgevoerd", "--opened", "2026-01-05", "--id", "2026-001",
            "--today", "2026-01-05")
    got, _, err = run_cli(capsys, "cases", argv[0], store, *argv[1:], "--today", "2026-01-06")
    assert got == code and says in err and "Traceback" not in err
    # said after the action, as argparse's own errors are, not "protocolkit cases:"
    assert err.startswith(f"protocolkit cases {argv[0]}: "), err


def test_a_missing_store_is_a_usage_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "cases", "list", str(tmp_path / "none.db"))
    assert code == 2 and "cases init" in err


def test_facts_and_received_survive_the_store(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Oostzaan art. 2.2 lid 1: ontvankelijk needs the date of the alleged facts; given at
    opening, it must still be there when the case is replayed from the store."""
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    code, _, err = run_cli(capsys, "cases", "open", store, str(ROOT / "protocols" / "oostzaan.yaml"),
                           "--reporter", "burger", "--subject", "wethouder", "--act",
                           "uitgevoerd", "--attr", "aanleiding=vermoeden", "--opened",
                           "2026-01-06", "--received", "2026-01-05", "--id", "oz1", "--fact",
                           "datum_vermeende_feiten=2025-11-20", "--today", "2026-01-06")
    assert code == 0, err
    for step, outcome in [("melding", "gemeld"), ("ontvangstbevestiging", "bevestigd"),
                          ("ontvankelijkheidstoets", "ontvankelijk")]:
        code, _, err = run_cli(capsys, "cases", "record", store, "oz1", step, outcome,
                               "--by", "griffie", "--today", "2026-01-07")
        assert code == 0, err
    code, out, _ = run_cli(capsys, "cases", "export", store, "oz1")
    record = json.loads(out)
    assert record["facts"] == {"datum_vermeende_feiten": "2025-11-20"}
    assert record["received"] == "2026-01-05"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_excluded_scenario_is_refused_like_every_command_refuses_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """Oostzaan art. 2.1 lid 1: a burger reports only a suspected breach, not an intended
    act. `cases open` refuses it as `responsibilities` does (exit 1, scenario-not-covered),
    and the store stays as it was."""
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    code, out, err = run_cli(capsys, "cases", "open", store,
                             str(ROOT / "protocols" / "oostzaan.yaml"), "--reporter", "burger",
                             "--subject", "raadslid", "--act", "voorgenomen", "--attr",
                             "aanleiding=vermoeden", "--today", "2026-01-06", "--format", fmt)
    assert code == 1 and "Traceback" not in err
    if fmt == "json":
        [found] = json.loads(out)["findings"]
        assert found["code"] == "scenario-not-covered"
    else:
        assert "scenario-not-covered" in err and "art. 2.1 lid 1" in err
    code, out, _ = run_cli(capsys, "cases", "list", store, "--format", "json")
    assert json.loads(out)["cases"] == []


def test_cases_show_as_a_role_shows_that_participants_view(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the view simulate --as gives, for a stored case (a reviewer found only simulate had it)
    store = str(tmp_path / "zaken.db")
    case_file = tmp_path / "case.yaml"
    case_file.write_text("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\n"
                         "opened: 2026-02-02\n"
                         "events:\n  - {step: melding, outcome: gemeld, date: 2026-02-02}\n",
                         encoding="utf-8")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, MINIMAL, "--reporter", "raadslid", "--subject",
            "raadslid", "--act", "uitgevoerd", "--opened", "2026-02-02", "--id", "Z1",
            "--today", "2026-02-02")
    run_cli(capsys, "cases", "record", store, "Z1", "melding", "gemeld", "--date",
            "2026-02-02", "--by", "griffier", "--today", "2026-02-02")
    for role in ("burgemeester", "melder", "onderzoeker"):
        views = []
        for argv in (("simulate", MINIMAL, str(case_file), "--as-of", "2026-03-09"),
                     ("cases", "show", store, "Z1", "--today", "2026-03-09")):
            code, out, err = run_cli(capsys, *argv, "--as", role, "--format", "json")
            assert code == 0, err
            view = json.loads(out)
            view.pop("case", None)             # the case ids differ
            views.append(view)
        assert views[0] == views[1], role
        assert views[1]["knows_case"] == (role != "onderzoeker"), role
    code, out, _ = run_cli(capsys, "cases", "show", store, "Z1", "--as", "burgemeester",
                           "--today", "2026-03-09", "--lang", "nl")
    assert code == 0 and out.startswith("Voor Burgemeester: zaak Z1") and "Verloop" in out
    # a reader sees each step by its title, not its id
    assert "Melding bij de burgemeester door Raadslid: gemeld" in out, out
    assert "melding door" not in out and "beoordeling door" not in out, out
    code, out, _ = run_cli(capsys, "cases", "show", store, "Z1", "--today", "2026-03-09",
                           "--lang", "nl")
    assert ("Melding bij de burgemeester [melding] door Raadslid: gemeld op ma 2026-02-02, "
            "uiterlijk ma 2026-02-16 -> De burgemeester doet vooronderzoek") in out, out
    assert "gemeld -> beoordeling" not in out and "  melding [melding]" not in out, out
    code, out, err = run_cli(capsys, "cases", "show", store, "Z1", "--as", "burgemester",
                             "--lang", "nl")
    assert code == 2 and out == "" and "(bedoelt u `burgemeester`? Kies uit: " in err, err
    assert err.rstrip().endswith(", melder, betrokkene)"), err
    # Said for the command given, as its hints are ("protocolkit cases show: ..."), not
    # for "protocolkit cases".
    assert err.startswith("protocolkit cases show: "), err


def test_a_reader_sees_step_titles_where_an_id_is_not_typed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The audit trail, the step a deadline runs from and the steps an outcome opens at
    the same time are named by their titles; the ids stay where they are typed (the
    open step and its outcomes) and in the JSON."""
    text = (ROOT / "tests" / "data" / "join.yaml").read_text(encoding="utf-8")
    anchor = "    title: De burgemeester doet vooronderzoek\n"
    assert anchor in text
    protocol = tmp_path / "join.yaml"
    protocol.write_text(text.replace(anchor, anchor + "    deadline: {amount: 5, unit: "
                                     "werkdagen, from: melding, source: \"art. 2\"}\n"),
                        encoding="utf-8")
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, str(protocol), "--reporter", "raadslid",
            "--subject", "raadslid", "--act", "uitgevoerd", "--opened", "2026-01-05", "--id",
            "z", "--today", "2026-01-05")
    code, out, _ = run_cli(capsys, "cases", "record", store, "z", "melding", "gemeld", "--by",
                           "griffier", "--date", "2026-01-06", "--today", "2026-01-06",
                           "--lang", "nl")
    assert code == 0
    assert "Open: beoordeling - De burgemeester doet vooronderzoek" in out
    assert ("(5 werkdagen na afronding van stap 'Melding bij de burgemeester', art. 2); "
            "loopt vanaf di 2026-01-06 (afronding van stap 'Melding bij de burgemeester')"
            in out)
    assert ("   - onderzoek_en_aangifte -> Integriteitsonderzoek met "
            "hoor en wederhoor en tegelijk De burgemeester doet aangifte") in out
    assert "  1. 2026-01-06 Melding bij de burgemeester: gemeld door griffier" in out
    assert "stap 'melding'" not in out and "stap melding" not in out
    code, out, _ = run_cli(capsys, "cases", "show", store, "z", "--today", "2026-01-06",
                           "--lang", "en")
    assert ("runs from Tue 2026-01-06 (completion of step 'Melding bij de burgemeester')"
            in out and "and at the same time De burgemeester doet aangifte" in out)
    code, out, _ = run_cli(capsys, "cases", "show", store, "z", "--today", "2026-01-06",
                           "--format", "json")
    data = json.loads(out)
    [step] = data["open_steps"]
    assert step["runs_from"]["rule"] == "melding" and data["events"][0]["step"] == "melding"
    assert [o["tracks"] for o in step["outcomes"]] == [[], ["aangifte"]]



OOSTZAAN = str(ROOT / "protocols" / "oostzaan.yaml")


def test_cases_list_and_the_log_name_steps_and_outcomes_as_a_reader_reads_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``cases list`` names the open steps by their titles, the log and the course name
    an outcome by its label; the JSON keeps the ids (a program and ``cases record``
    type them)."""
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, OOSTZAAN, "--reporter", "raadslid", "--subject",
            "burgemeester", "--act", "uitgevoerd", "--attr", "aanleiding=vermoeden",
            "--opened", "2026-03-02", "--id", "z", "--today", "2026-03-10")
    for step, outcome, day in (("melding_via_griffier", "gemeld", "2026-03-03"),
                               ("ontvangstbevestiging", "bevestigd", "2026-03-04"),
                               ("ontvankelijkheidstoets", "niet_voortzetten", "2026-03-05")):
        assert run_cli(capsys, "cases", "record", store, "z", step, outcome, "--by",
                       "griffier", "--date", day, "--today", "2026-03-10")[0] == 0
    code, out, _ = run_cli(capsys, "cases", "list", store, "--today", "2026-03-10",
                           "--lang", "nl")
    assert code == 0 and "open: Melder en betrokkene worden schriftelijk" in out
    assert "kennisgeving_niet_voortzetten" not in out
    code, out, _ = run_cli(capsys, "cases", "show", store, "z", "--today", "2026-03-10",
                           "--lang", "nl")
    said = "Niet voldaan aan a, b of c: behandeling niet voortgezet"
    assert "  3. 2026-03-05 Ontvankelijkheidstoets door de burgemeester" in out
    assert out.count(said) >= 2                     # in the course and in the log
    assert ": niet_voortzetten" not in out           # only as the id to type, nowhere else
    code, out, _ = run_cli(capsys, "cases", "list", store, "--today", "2026-03-10",
                           "--format", "json")
    assert json.loads(out)["cases"][0]["open_steps"] == ["kennisgeving_niet_voortzetten"]


def test_the_case_stores_trace_rows_carry_what_simulates_carry(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A trace row of ``cases show --format json`` says, as ``simulate``'s does, whether
    who acted rests on a concept's proposal (``proposal``) and the outcome's label."""
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, MINIMAL, "--reporter", "burgemeester",
            "--subject", "raadslid", "--act", "uitgevoerd", "--opened", "2026-01-05", "--id",
            "z", "--today", "2026-01-06")
    run_cli(capsys, "cases", "record", store, "z", "melding", "gemeld", "--by", "griffier",
            "--date", "2026-01-06", "--today", "2026-01-06")
    code, out, _ = run_cli(capsys, "cases", "show", store, "z", "--today", "2026-01-06",
                           "--format", "json")
    assert code == 0
    rows = json.loads(out)["trace"]
    _, out, _ = run_cli(capsys, "simulate", MINIMAL,
                           str(ROOT / "tests" / "data" / "cases" / "minimal_lopend.yaml"),
                           "--format", "json")
    simulated = json.loads(out)["trace"]
    assert rows and simulated
    assert all(set(r) - {"event", "withdrawn_by"} == set(simulated[0]) - {"event",
                                                                          "withdrawn_by"}
               for r in rows)
    assert all("proposal" in r and r["proposal"] is None for r in rows)
    assert rows[0]["outcome_label"] == "gemeld" and rows[0]["outcome"] == "gemeld"


@pytest.mark.parametrize("lang, said", [
    ("nl", "--{o} vraagt een datum JJJJ-MM-DD (zoals 2026-01-31), niet 'morgen'"),
    ("en", "--{o} takes a date YYYY-MM-DD (e.g. 2026-01-31), not 'morgen'")])
def test_an_unreadable_date_names_the_option_and_its_form(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, said: str) -> None:
    """``--today morgen`` is a command-line mistake: the message names the option and
    the form it takes, not the API's "must be a date or 'YYYY-MM-DD'"."""
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    for option, argv in (("today", ["list", store]),
                         ("received", ["open", store, MINIMAL, "--reporter", "burgemeester",
                                       "--subject", "raadslid", "--act", "uitgevoerd",
                                       "--opened", "2026-01-05"]),
                         ("date", ["record", store, "z", "melding", "gemeld", "--by", "g"])):
        code, _, err = run_cli(capsys, "cases", *argv, f"--{option}", "morgen", "--lang", lang)
        assert code == 2 and said.format(o=option) in err, err
        assert "moet een datum zijn of" not in err and "must be a date or" not in err


def test_cases_show_and_simulate_name_roles_as_the_protocol_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Who acted and who acts now, by the protocol's names ("Externe onderzoeker"), not
    the ids; the JSON keeps the ids."""
    case = str(ROOT / "tests" / "data" / "cases" / "minimal_lopend.yaml")
    _, out, _ = run_cli(capsys, "simulate", MINIMAL, case, "--as-of", "2026-03-09",
                        "--lang", "nl")
    assert "   Wie: Externe onderzoeker\n" in out and "door onderzoeker" not in out
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, OOSTZAAN, "--reporter", "raadslid", "--subject",
            "burgemeester", "--act", "uitgevoerd", "--attr", "aanleiding=vermoeden",
            "--opened", "2026-03-02", "--id", "z", "--today", "2026-03-10")
    run_cli(capsys, "cases", "record", store, "z", "melding_via_griffier", "gemeld", "--by",
            "griffier", "--date", "2026-03-03", "--today", "2026-03-10")
    _, out, _ = run_cli(capsys, "cases", "show", store, "z", "--today", "2026-03-10",
                        "--lang", "nl")
    assert ("Wie: Voorzitter van de vertrouwenscommissie (in plaats van Burgemeester), wendt "
            "zich tot Raadslid of fractieassistent (melder)") in out
    assert "voorzitter_vertrouwenscommissie (" not in out
    _, out, _ = run_cli(capsys, "cases", "show", store, "z", "--today", "2026-03-10",
                        "--format", "json")
    assert json.loads(out)["open_steps"][0]["actor"] == "voorzitter_vertrouwenscommissie"


def test_simulate_and_cases_show_name_a_substitution_in_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A case about the burgemeester: the CvdK stands in for him (minimal.yaml, art. 1).
    ``simulate`` and ``cases show`` say so by the roles' names and the section, not by
    the substitution's id; the JSON keeps the id."""
    said = "vervanging: Commissaris van de Koning in plaats van Burgemeester [art. 1]"
    case_file = str(ROOT / "tests" / "data" / "cases" / "minimal_afgedaan.yaml")
    code, out, _ = run_cli(capsys, "simulate", MINIMAL, case_file, "--lang", "nl")
    assert code == 0 and f"  {said}\n" in out and "cvdk_voor_burgemeester" not in out, out
    code, out, _ = run_cli(capsys, "simulate", MINIMAL, case_file, "--format", "json")
    assert json.loads(out)["substitutions"] == ["cvdk_voor_burgemeester"]
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    run_cli(capsys, "cases", "open", store, MINIMAL, "--reporter", "raadslid", "--subject",
            "burgemeester", "--act", "uitgevoerd", "--opened", "2026-01-05", "--id", "Z9",
            "--today", "2026-01-05")
    code, out, _ = run_cli(capsys, "cases", "show", store, "Z9", "--today", "2026-01-06",
                           "--lang", "nl")
    assert code == 0 and f"  {said}\n" in out and "cvdk_voor_burgemeester" not in out, out
