"""Strict input at every edge, as an auditor found it missing: the Python API's
questions about a scenario refuse what the commands refuse (same texts, did-you-mean,
the diagnostic on the error); a misspelt role, step or subject gets a did-you-mean on
the command line too; ``validate`` says when the route checks did not run and goes on
past a path that is no file; ``--lang`` may come before the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import protocolkit
from protocolkit import CaseInputError, Scenario
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
AALSMEER = ROOT / "protocols" / "aalsmeer_draft.yaml"
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


@pytest.fixture(scope="module")
def oostzaan() -> Any:
    return protocolkit.load(OOSTZAAN).protocol


#: The public questions that answer for a scenario (protocolkit.__all__, docs/api.md).
QUESTIONS: dict[str, Callable[[Any, Scenario], Any]] = {
    "responsibilities": protocolkit.responsibilities,
    "route": protocolkit.route,
    "route_graph": protocolkit.route_graph,
    "resolve_step": lambda p, s: protocolkit.resolve_step(p, "melding", s),
}

# scenario -> (field, the English text as the command line says it, the did-you-mean)
WRONG: dict[str, tuple[Scenario, str, str, str | None]] = {
    "required left out": (
        Scenario("raadslid", "wethouder", "uitgevoerd"), "attributes",
        "the scenario attribute 'aanleiding' has no default and must be given", None),
    "misspelt attribute": (
        Scenario("raadslid", "wethouder", "uitgevoerd", attributes={"aanleidng": "twijfel"}),
        "attributes", ("'aanleidng' is not a scenario attribute of this protocol "
        "(did you mean `aanleiding`? Declared: aanleiding, betrokken_functionaris)"), None),
    "value outside the domain": (
        Scenario("raadslid", "wethouder", "uitgevoerd", attributes={"aanleiding": "twijfl"}),
        "attributes", ("'twijfl' is not a value of 'aanleiding' (did you mean "
                       "`twijfel`? Choose one of: vermoeden, twijfel)"), None),
    "misspelt role": (
        Scenario("raadsld", "wethouder", "uitgevoerd", attributes={"aanleiding": "twijfel"}),
        "scenario", ("'raadsld' is not a reporter in this protocol (did you mean `raadslid`? "
                     "Choose one of: ambtenaar, burgemeester, burger, fractievoorzitter, "
                     "raadslid, wethouder)"), None),
}


@pytest.mark.parametrize("question", sorted(QUESTIONS))
@pytest.mark.parametrize("case", sorted(WRONG))
def test_the_api_refuses_a_scenario_the_commands_refuse(
        capsys: pytest.CaptureFixture[str], oostzaan: Any, question: str, case: str) -> None:
    scenario, field, said, hint = WRONG[case]
    with pytest.raises(CaseInputError) as raised:
        QUESTIONS[question](oostzaan, scenario)
    error = raised.value
    assert isinstance(error, ValueError) and error.field == field
    assert said in str(error)
    assert (error.hint_text.render("en") if error.hint_text else None) == hint
    found = error.finding
    assert (found.code, found.severity.value) == ("invalid-case-input", "error")
    assert said in found.render("en") and "Oostzaan" not in found.message
    # the same text as the command line's refusal, in Dutch too
    attrs = [f"--attr={k}={v}" for k, v in scenario.attributes]
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", str(OOSTZAAN),
                           "--reporter", scenario.reporter, "--subject", scenario.subject,
                           "--act", scenario.act, *attrs)
    assert code == 2 and error.render("nl") in err, err


def test_a_complete_scenario_is_answered_and_a_refused_one_still_refused(
        oostzaan: Any) -> None:
    given = Scenario("raadslid", "wethouder", "uitgevoerd", attributes={"aanleiding": "twijfel"})
    answers = protocolkit.responsibilities(oostzaan, given)
    assert answers.refused is None and answers.first_contact
    assert protocolkit.route(oostzaan, given).steps
    # excluded whatever its aanleiding: the refusal is the answer, not a missing attribute
    burger = Scenario("burger", "raadslid", "voorgenomen")
    assert protocolkit.responsibilities(oostzaan, burger).refused is not None
    assert [f.code for f in protocolkit.route(oostzaan, burger).findings] == [
        "scenario-not-covered"]


def test_every_scenario_of_the_space_is_taken_as_it_is(oostzaan: Any) -> None:
    from protocolkit.api import checked_scenario

    for scenario in protocolkit.scenario_space(oostzaan):
        assert checked_scenario(oostzaan, scenario) is scenario


#: fields of the wrong type -> what the error says (CaseEngine.open's words for a mapping)
ILL_TYPED: dict[str, tuple[dict[str, Any], str]] = {
    "own as a Dutch word": ({"own": "nee"},
                            "field 'own': the value must be true or false, not 'nee'"),
    "own as a number": ({"own": 1}, "field 'own': the value must be true or false, not '1'"),
    "own as nothing": ({"own": None}, "field 'own': the value must be true or false"),
    "a role as a number": ({"reporter": 5}, "field 'reporter': the value must be text"),
    "an attribute's value as nothing": (
        {"attributes": {"aanleiding": None}},
        "field 'attributes', field 'aanleiding': the value must be text"),
}


@pytest.mark.parametrize("case", sorted(ILL_TYPED))
def test_a_scenario_of_the_wrong_types_is_refused_not_coerced(oostzaan: Any, case: str) -> None:
    # Scenario(own="nee") was read as own=True and answered (a reviewer's report); it is
    # refused when made, so no question can be asked with it
    changed, said = ILL_TYPED[case]
    fields: dict[str, Any] = {"reporter": "raadslid", "subject": "wethouder",
                              "act": "uitgevoerd", "attributes": {"aanleiding": "twijfel"},
                              **changed}
    with pytest.raises(CaseInputError, match="not a valid scenario") as raised:
        Scenario(**fields)
    assert said in str(raised.value) and raised.value.field == "scenario"
    # the same words as CaseEngine.open, given the mapping
    with pytest.raises(CaseInputError) as opened:
        protocolkit.CaseEngine().open(oostzaan, fields, "2026-01-05")
    assert str(opened.value) == str(raised.value)


def test_a_scenario_refuses_fields_of_the_wrong_types_when_it_is_made() -> None:
    """Scenario lives in the semantics, CaseInputError with it (semantics.inputs): the
    constructor refuses what the questions and the engine refused only where the
    scenario was used, with the one exception type a caller catches everywhere."""
    import dataclasses
    import pickle

    from protocolkit.engine import CaseInputError as EngineInputError
    from protocolkit.semantics.inputs import CaseInputError as Home

    assert CaseInputError is EngineInputError is Home and issubclass(Home, ValueError)
    good = Scenario("raadslid", "wethouder", "uitgevoerd", False, {"aanleiding": "twijfel"})
    assert good.typed() and pickle.loads(pickle.dumps(good)) == good
    for made in (lambda: dataclasses.replace(good, own="nee"),
                 lambda: Scenario("raadslid", None, "uitgevoerd"),  # type: ignore[arg-type]
                 lambda: Scenario("raadslid", "wethouder", "uitgevoerd",
                                  attributes={"aanleiding": 3}),  # type: ignore[dict-item]
                 lambda: Scenario("raadslid", "wethouder", "uitgevoerd",
                                  attributes=5)):  # type: ignore[arg-type]
        with pytest.raises(CaseInputError, match="not a valid scenario"):
            made()


def test_scenario_from_shared_refuses_an_own_that_is_no_boolean(oostzaan: Any) -> None:
    with pytest.raises(CaseInputError, match="true or false, not 'nee'"):
        protocolkit.scenario_from_shared(oostzaan, "raadslid", "wethouder", "uitgevoerd",
                                         own="nee",  # type: ignore[arg-type]
                                         attributes={"aanleiding": "twijfel"})


def test_a_scenario_opened_before_does_not_let_an_equal_ill_typed_one_in(
        oostzaan: Any) -> None:
    # own=1 == own=True: the plan memo must not let it past the check
    engine = protocolkit.CaseEngine()
    good = Scenario("raadslid", "raadslid", "uitgevoerd", True, {"aanleiding": "twijfel"})
    engine.open(oostzaan, good, "2026-01-05")
    with pytest.raises(CaseInputError, match="field 'own'"):
        Scenario("raadslid", "raadslid", "uitgevoerd", 1,  # type: ignore[arg-type]
                 {"aanleiding": "twijfel"})
    with pytest.raises(CaseInputError, match="field 'own'"):
        engine.open(oostzaan, {**good.to_dict(), "own": 1}, "2026-01-05")


# ------------------------------------------------------------------ did-you-mean


@pytest.mark.parametrize("command", ["responsibilities", "route", "export"])
def test_a_misspelt_subject_on_the_command_line_gets_a_did_you_mean(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str) -> None:
    extra = ["--format", "bpmn", "-o", str(tmp_path / "x.bpmn")] if command == "export" else []
    code, _, err = run_cli(capsys, command, "--lang", "nl", str(AALSMEER), *extra,
                           "--reporter", "raadslid", "--subject", "burgemeestr",
                           "--act", "uitgevoerd")
    assert code == 2, err
    assert "'burgemeestr' is geen betrokkene in dit protocol (bedoelt u `burgemeester`? " \
        "Kies uit: " in err, err
    assert err.rstrip().endswith(")") and "; bedoelt u" not in err, err


def test_a_misspelt_role_whose_place_is_open_gets_a_did_you_mean(
        capsys: pytest.CaptureFixture[str]) -> None:
    # Aalsmeer's open point 'reikwijdte' leaves the griffier's place open (scope_roles):
    # a typo of it points to the role, whose own answer then names the open point.
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", str(AALSMEER),
                           "--reporter", "raadslid", "--subject", "grifier",
                           "--act", "uitgevoerd")
    assert code == 2 and "(bedoelt u `griffier`? Kies uit: " in err, err
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", str(AALSMEER),
                           "--reporter", "raadslid", "--subject", "griffier",
                           "--act", "uitgevoerd")
    assert code == 2 and "reikwijdte" in err, err


def test_simulate_as_a_misspelt_role_gets_a_did_you_mean(
        capsys: pytest.CaptureFixture[str]) -> None:
    case = ROOT / "tests" / "data" / "cases" / "aalsmeer_vooronderzoek.yaml"
    code, _, err = run_cli(capsys, "simulate", "--lang", "en", str(AALSMEER), str(case),
                           "--as", "grifier")
    assert code == 2 and "'grifier' is no role of Aalsmeer" in err
    assert "'grifier' is no role of Aalsmeer (did you mean `griffier`? Choose one of: " in err
    assert err.rstrip().endswith(", melder, betrokkene)"), err


def test_a_misspelt_step_in_a_case_file_gets_a_did_you_mean(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "zaak.yaml"
    case.write_text((ROOT / "tests" / "data" / "cases" / "aalsmeer_vooronderzoek.yaml")
                    .read_text(encoding="utf-8").replace("step: melding", "step: meldng"),
                    encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", "--lang", "nl", str(AALSMEER), str(case))
    assert code == 1
    assert ("het protocol heeft geen stap 'meldng' (bedoelt u `melding`? Hier toegestaan: "
            "melding - De melder meldt het vermoeden bij de burgemeester") in err, err
    assert err.rstrip().endswith(": gemeld)"), err
    code, _, err = run_cli(capsys, "simulate", "--lang", "en", str(AALSMEER), str(case))
    assert ("the protocol has no step 'meldng' (did you mean `melding`? Allowed here: "
            "melding - De melder meldt") in err, err


# ------------------------------------------------------------------ validate


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "kapot.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "kind: person", "kind: persoon", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_says_when_the_route_checks_did_not_run(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    broken = _broken(tmp_path)
    for lang, said in (("nl", ("de routecontroles zijn niet uitgevoerd: los eerst de fouten "
                              "hierboven op")),
                       ("en", "the route checks were not run: fix the errors above first")):
        for _ in range(2):             # checked afresh, then answered from the cache
            code, out, _ = run_cli(capsys, "validate", "--lang", lang, "--format", fmt,
                                   str(broken), str(MINIMAL))
            assert code == 1
            if fmt == "text":
                assert f"{broken}: {said}\n" in out and f"{MINIMAL}: {said}" not in out
            else:
                files = json.loads(out)["files"]
                assert [(f["route_checks_run"], f["note"]) for f in files] == [
                    (False, said), (True, None)]
    code, out, _ = run_cli(capsys, "validate", "--summary", "--lang", "nl", str(broken))
    assert f"{broken}: de routecontroles zijn niet uitgevoerd" in out


def test_sarif_says_when_the_route_checks_did_not_run(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.test_security import assert_valid_sarif

    broken = _broken(tmp_path)
    code, out, _ = run_cli(capsys, "validate", "--lang", "en", "--format", "sarif",
                           str(broken), str(MINIMAL))
    assert code == 1
    (invocation,) = assert_valid_sarif(out)["runs"][0]["invocations"]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["message"]["text"] == "the route checks were not run: fix the errors above first"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "/kapot.yaml")


def test_validate_checks_every_file_past_a_folder(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``protocolkit validate protocols/*`` names protocols/tests too: a finding for it,
    the findings of the real files, exit 2 (as the API's validate() does)."""
    folder = ROOT / "protocols" / "tests"
    code, out, err = run_cli(capsys, "validate", "--lang", "nl", str(folder), str(MINIMAL),
                             str(OOSTZAAN))
    assert code == 2 and err == ""
    assert f"{folder}: fout[file-unreadable]: het protocolbestand is niet te lezen: is een map" \
        in out
    assert f"{MINIMAL}:" in out and f"{OOSTZAAN}:" in out
    assert out.rstrip().splitlines()[-2].startswith("3 bestanden gecontroleerd: 1 fout, ")
    assert protocolkit.validate([folder, MINIMAL]).exit_code() == 2


# ------------------------------------------------------------------ --lang first


def test_lang_may_come_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    before = run_cli(capsys, "--lang", "nl", "validate", str(MINIMAL))
    after = run_cli(capsys, "validate", "--lang", "nl", str(MINIMAL))
    assert before == after and before[0] == 0 and "gecontroleerd" in before[1]
    assert run_cli(capsys, "--lang=en", "validate", str(MINIMAL)) == run_cli(
        capsys, "validate", "--lang=en", str(MINIMAL))


@pytest.mark.parametrize("argv, usage, said", [
    (("validate", "--formaat", "json", str(MINIMAL)), "usage: protocolkit validate ",
     "protocolkit validate: fout: onbekende argumenten: --formaat (bedoelt u `--format`?)"),
    (("simulate", "--as-off=2026-03-09", str(MINIMAL), "case.yaml"),
     "usage: protocolkit simulate ",
     "onbekende argumenten: --as-off=2026-03-09 (bedoelt u `--as-of`?)"),
    (("cases", "show", "z.db", "Z1", "--formaat", "json"), "usage: protocolkit cases show ",
     "protocolkit cases show: fout: onbekende argumenten: --formaat json (bedoelt u `--format`?)"),
    # --on is closest to --version by its letters, but says the event's date
    (("cases", "record", "z.db", "oz-1", "melding", "gemeld", "--on", "2026-01-06",
      "--by", "x"), "usage: protocolkit cases record ",
     "onbekende argumenten: --on 2026-01-06 (bedoelt u `--date`?)"),
    (("cases", "record", "z.db", "oz-1", "melding", "gemeld", "--datum=2026-01-06",
      "--by", "x"), "usage: protocolkit cases record ",
     "onbekende argumenten: --datum=2026-01-06 (bedoelt u `--date`?)"),
    (("route", str(MINIMAL), "--reporter", "raadslid", "--subject", "burgemeester",
      "--act", "uitgevoerd", "extra"), "usage: protocolkit route ",
     "protocolkit route: fout: onbekende argumenten: extra"),
])
def test_an_unknown_option_gets_the_commands_usage_and_a_did_you_mean(
        capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], usage: str,
        said: str) -> None:
    code, out, err = run_cli(capsys, *argv, "--lang", "nl")
    assert code == 2 and out == ""
    assert err.startswith(usage) and "COMMAND ..." not in err, err
    assert err.rstrip().endswith(said), err


def test_a_flag_or_a_version_of_the_wrong_type_is_refused_not_coerced(
        tmp_path: Path) -> None:
    # "no" is true and True == 1: each was read so (validate's cache, restore's migrate,
    # the version a Casebook write is checked against)
    with pytest.raises(CaseInputError, match="cache is true or false, not 'no'"):
        protocolkit.validate(str(MINIMAL), cache="no")  # type: ignore[arg-type]
    # Said as the person wrote it, never as Python's repr (None, True).
    with pytest.raises(CaseInputError) as flag:
        protocolkit.validate(str(MINIMAL), cache=None)  # type: ignore[arg-type]
    assert str(flag.value).endswith("cache is true or false, not empty"), flag.value
    assert flag.value.render("nl").endswith("cache is true of false, niet leeg")
    book = protocolkit.Casebook(str(tmp_path / "z.db"))
    minimal = book.add_protocol(str(MINIMAL))
    book.open(minimal, {"reporter": "raadslid", "subject": "burgemeester",
                        "act": "uitgevoerd"}, "2026-01-05", "Z1", as_of="2026-01-05")
    book.record("Z1", "melding", "gemeld", "2026-01-05", version=0)
    assert book.version("Z1") == 1
    for version in (True, "1", 1.0):
        with pytest.raises(CaseInputError, match="version is the number") as raised:
            book.record("Z1", "beoordeling", "naar_cvdk", "2026-01-06",
                        version=version)  # type: ignore[arg-type]
        assert raised.value.field == "version"
        assert "True" not in str(raised.value)
        if version is True:
            assert str(raised.value).endswith("not 'true'"), raised.value
    assert book.version("Z1") == 1
    with pytest.raises(CaseInputError, match="migrate is true or false, not 'no'"):
        protocolkit.CaseEngine().restore(book.case("Z1").protocol, book.export("Z1"),
                                         migrate="no")  # type: ignore[arg-type]
    book.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_missing_required_attribute_says_how_to_give_it(
        capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """On the command line the refusal says the option that gives the attribute, with
    the values to choose from; the API's caller, who passes ``attributes``, is not told
    about an option."""
    code, _, err = run_cli(capsys, "route", "--lang", lang, str(OOSTZAAN), "--reporter",
                           "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd")
    assert code == 2
    assert "vermoeden, twijfel (--attr aanleiding=…)" in err
    with pytest.raises(CaseInputError) as raised:
        protocolkit.route(protocolkit.load(OOSTZAAN).protocol,
                          Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert "--attr" not in raised.value.render(lang)


def test_a_misspelt_act_through_the_api_is_refused_in_the_house_style(oostzaan: Any) -> None:
    """Like a role or an attribute value: the did-you-mean and the choices in one
    parenthesis, "(bedoelt u `uitgevoerd`? Kies uit: …)", never "; kies uit: …; bedoelt u"."""
    with pytest.raises(CaseInputError) as raised:
        protocolkit.route(oostzaan, Scenario("raadslid", "wethouder", "uitgevord",
                                             attributes={"aanleiding": "twijfel"}))
    assert raised.value.render("nl") == (
        "'uitgevord' is hier geen soort handeling (bedoelt u `uitgevoerd`? Kies uit: "
        "voorgenomen, uitgevoerd)")
