"""What a griffier reads in Dutch mode (issue 15): every message through the real CLI,
with its code, the file:line:column it is about, Dutch words and a hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
AALSMEER = str(ROOT / "protocols" / "aalsmeer_draft.yaml")
ARNHEM = str(ROOT / "protocols" / "arnhem.yaml")
OOSTZAAN = str(ROOT / "protocols" / "oostzaan.yaml")


def _line_of(path: str, needle: str) -> int:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# ------------------------------------------------------------------ 1. refusals


def test_an_excluded_scenario_is_refused_in_dutch_at_the_exclude_entry(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "responsibilities", "--lang", "nl", AALSMEER,
                             "--reporter", "burger", "--subject", "raadslid",
                             "--act", "voorgenomen")
    line = _line_of(AALSMEER, "- when: {reporter: burger, act: voorgenomen}")
    assert code == 1 and out == ""
    # The exclusion has its reason and, taken from Arnhem, is open (keuze_best_practice):
    # the plan van aanpak says nothing about burgers, so the refusal never claims that
    # the text decides where it belongs ("volgens de tekst hoort het elders").
    assert err.startswith(f"{AALSMEER}:{line}:7: fout[scenario-not-covered]: Aalsmeer geeft "
                          "geen antwoord voor 'burger -> raadslid, voorgenomen': het concept "
                          "sluit deze situatie voorlopig uit; waar het hoort, is in het "
                          "concept nog open: Het plan van aanpak zegt niets over meldingen "
                          "van burgers."), err
    assert ("; nog open (keuze_best_practice): Welk handhavingsprotocol" in err
            and "?; voorstel (ontleend aan Arnhem): deze situatie uitsluiten" in err), err
    assert "volgens de tekst" not in err and "het protocol sluit" not in err
    assert "does not answer" not in err and "excludes" not in err
    # The hint names the scenario next to it that the protocol does answer.
    assert "(het concept geeft wel antwoord voor 'burger -> raadslid, uitgevoerd')" in err
    assert "het protocol" not in err


def test_an_open_exclusion_says_it_is_open_in_english_too(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Aalsmeer's exclusion of a burger's intended act is the concept's proposal (open
    under keuze_best_practice): in English too it is open, never "the text sends it"."""
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "en", AALSMEER,
                           "--reporter", "burger", "--subject", "raadslid",
                           "--act", "voorgenomen")
    assert code == 1
    assert ("the concept excludes this situation for now; where it belongs is still open "
            "in the concept: Het plan van aanpak") in err
    assert "the text sends it elsewhere" not in err
    assert ("; still open (keuze_best_practice): Welk handhavingsprotocol" in err
            and "?; proposal (taken from Arnhem): to leave this situation out" in err), err
    assert "(the concept does answer 'burger -> raadslid, uitgevoerd')" in err
    assert "the protocol" not in err


def test_the_refusal_says_where_the_text_sends_it_in_both_languages(
        capsys: pytest.CaptureFixture[str]) -> None:
    args = [ARNHEM, "--reporter", "burger", "--subject", "griffiemedewerker", "--act",
            "uitgevoerd"]
    line = _line_of(ARNHEM, "subject: [griffiemedewerker, ambtenaar")
    for lang, words in (("nl", "volgens de tekst hoort het elders: Voetnoot 8 geldt"),
                        ("en", "the text sends it elsewhere: Voetnoot 8 geldt")):
        code, _, err = run_cli(capsys, "route", "--lang", lang, *args)
        assert code == 1 and err.startswith(f"{ARNHEM}:{line}:7: "), err
        assert words in err and "[Voetnoot 8; Voetnoot 5; Fase 1, 1.6]" in err


def test_a_refusal_resting_on_a_reading_gives_both_in_both_languages(
        capsys: pytest.CaptureFixture[str]) -> None:
    args = [ARNHEM, "--reporter", "burger", "--subject", "griffier", "--act", "uitgevoerd"]
    line = _line_of(ARNHEM, "subject: griffier}")
    for lang, words in (("nl", ("dit rust op een keuze tussen lezingen (voetnoot_8_reikwijdte)",
                                "De andere lezing (ook_griffiefunctionaris)")),
                        ("en", ("this rests on a choice between readings (voetnoot_8_reikwijdte)",
                                "The other reading (ook_griffiefunctionaris)"))):
        code, _, err = run_cli(capsys, "route", "--lang", lang, *args)
        assert code == 1 and err.startswith(f"{ARNHEM}:{line}:7: "), err
        assert all(w in err for w in words) and "[Voetnoot 8; Fase 2, 1.1]" in err
        assert "elders" not in err and "elsewhere" not in err


@pytest.mark.parametrize(("own", "hint"), [
    (False, "(gaat het om eigen handelen van burgemeester? voeg --own toe)"),
    (True, None)])
def test_one_burgemeester_cannot_report_another_hint_own(
        capsys: pytest.CaptureFixture[str], own: bool, hint: str | None) -> None:
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", AALSMEER,
                           "--reporter", "burgemeester", "--subject", "burgemeester",
                           "--act", "voorgenomen", *(["--own"] if own else []))
    if hint is None:
        assert code == 0 and err == ""   # the hint's advice is answered
        return
    assert code == 1
    assert "er is maar één burgemeester (één persoon of één orgaan)" in err and hint in err
    assert f"{AALSMEER}:{_line_of(AALSMEER, 'scenarios:')}:1: fout[" in err


def test_own_act_about_another_names_both_ways_out(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "responsibilities", "--lang", "nl", OOSTZAAN,
                           "--reporter", "burgemeester", "--subject", "raadslid",
                           "--act", "voorgenomen", "--own")
    assert code == 1
    assert "'burgemeester -> raadslid, voorgenomen, betrokken_functionaris=geen, eigen handelen'" \
        in err
    assert "eigen handelen kan alleen als de melder zelf de betrokkene is" in err
    assert ("(eigen handelen van burgemeester: geef --subject burgemeester; een melding over "
            "raadslid: laat --own weg)") in err


def test_an_own_act_the_protocol_does_not_cover_reads_the_same_everywhere(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """One refusal, one wording: route, responsibilities, simulate, a scenario test, the
    API and the wegwijzer say "dit protocol regelt geen eigen handelen" alike."""
    from protocolkit.api import refuse
    from protocolkit.format.loader import load_protocol
    from protocolkit.present.wegwijzer import refusal_nl
    from protocolkit.semantics import Scenario, refusal

    minimal = str(ROOT / "tests" / "data" / "minimal.yaml")
    said = ("Voorbeeld geeft geen antwoord voor 'raadslid over eigen handelen, uitgevoerd': "
            "dit protocol regelt geen eigen handelen (laat --own weg: dit protocol regelt "
            "meldingen over anderen)")
    args = ["--reporter", "raadslid", "--subject", "raadslid", "--act", "uitgevoerd", "--own"]
    for command in ("route", "responsibilities"):
        code, out, err = run_cli(capsys, command, "--lang", "nl", minimal, *args)
        assert code == 1 and out == "", command
        assert err == f"{minimal}:26:1: fout[scenario-not-covered]: {said}\n", err
    case = tmp_path / "zaak.yaml"
    case.write_text("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd, "
                    "own: true}\nopened: 2026-02-02\nevents: []\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", "--lang", "nl", minimal, str(case))
    assert code == 1 and err == f"{case}:1:1: fout[scenario-not-covered]: {said}\n", err
    tests = tmp_path / "tests.yaml"
    tests.write_text("tests:\n  - name: eigen handelen\n    scenario: {reporter: raadslid, "
                     "subject: raadslid, act: uitgevoerd, own: true}\n    expect:\n"
                     "      responsibilities: {first_contact: [griffier]}\n",
                     encoding="utf-8")
    code, out, _ = run_cli(capsys, "test", "--lang", "nl", minimal, str(tests))
    assert code == 1 and f"maar {said.split(' (laat')[0]}\n" in out, out
    protocol = load_protocol(minimal).protocol
    assert protocol is not None
    own = Scenario("raadslid", "raadslid", "uitgevoerd", own=True)
    found = refuse(protocol, own)
    assert found is not None and f"{found.render('nl')}" == f"{minimal}:26:1: fout[" \
        f"scenario-not-covered]: {said}"
    why = refusal(protocol, own)
    assert why is not None and refusal_nl(why, "raadslid") == "Dit protocol regelt geen eigen handelen."


def test_the_refusal_in_json_keeps_its_location_and_both_languages(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "responsibilities", "--format", "json", AALSMEER,
                           "--reporter", "burger", "--subject", "raadslid",
                           "--act", "voorgenomen")
    found = json.loads(out)["findings"][0]
    assert code == 1 and found["code"] == "scenario-not-covered"
    assert found["location"]["line"] == _line_of(AALSMEER, "{reporter: burger, act: voorgenomen}")
    assert found["message"].startswith("Aalsmeer does not answer")
    assert found["text"]["id"] == "refusal.message"


def test_cases_open_and_simulate_refuse_in_dutch(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = str(tmp_path / "zaken.db")
    assert run_cli(capsys, "cases", "init", store)[0] == 0
    code, _, err = run_cli(capsys, "cases", "open", "--lang", "nl", store, OOSTZAAN,
                           "--reporter", "burger", "--subject", "raadslid",
                           "--act", "voorgenomen")
    assert code == 1 and "fout[scenario-not-covered]: Oostzaan geeft geen antwoord" in err, err
    case = tmp_path / "zaak.yaml"
    case.write_text("scenario: {reporter: burger, subject: raadslid, act: voorgenomen}\n"
                    "opened: 2026-01-05\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "simulate", "--lang", "nl", OOSTZAAN, str(case))
    assert code == 1
    assert f"{case}:1:1: fout[scenario-not-covered]: Oostzaan geeft geen antwoord" in out + err
    assert "does not answer" not in out + err


# ------------------------------------------------------------------ 2. scenario tests

_CASE = "scenario: {{reporter: {reporter}, subject: {subject}, act: {act}, attributes: {{aanleiding: vermoeden}}}}"


def _tests_file(tmp_path: Path, body: str) -> str:
    path = tmp_path / "tests.yaml"
    path.write_text(f"protocol: {OOSTZAAN}\ntests:\n{body}", encoding="utf-8")
    return str(path)


def _same_case_twice(capsys: pytest.CaptureFixture[str], tmp_path: Path, first: str,
                     second: str) -> tuple[int, str, str]:
    """Run two tests of raadslid -> wethouder, ``first`` and ``second`` the lines after
    the name and scenario of each: (exit code, Dutch output, test file)."""
    case = _CASE.format(reporter="raadslid", subject="wethouder", act="uitgevoerd")
    tests = _tests_file(tmp_path, "".join(
        f"  - name: {name}\n    {case}\n{rest}" for name, rest in (first.split("\n", 1),
                                                                   second.split("\n", 1))))
    code, out, _ = run_cli(capsys, "test", "--lang", "nl", OOSTZAAN, tests)
    return code, out, tests


def test_a_misspelt_role_in_a_test_is_a_located_dutch_finding_with_a_suggestion(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tests = _tests_file(tmp_path, (
        "  - name: tikfout\n"
        "    scenario: {reporter: raadslid, subject: wethoudr, act: uitgevoerd}\n"
        "    expect: {responsibilities: {judges: [gemeenteraad]}}\n"))
    code, out, _ = run_cli(capsys, "test", "--lang", "nl", OOSTZAAN, tests)
    assert code == 1
    column = Path(tests).read_text(encoding="utf-8").splitlines()[3].index("wethoudr") + 1
    assert (f"{tests}:4:{column}: fout[invalid-case-input]: 'wethoudr' is geen betrokkene in dit "
            "protocol (bedoelt u `wethouder`? Kies uit: ") in out
    assert "TextError" not in out and "is not a subject" not in out


def test_expected_answers_for_an_excluded_scenario_are_said_in_words(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tests = _tests_file(tmp_path, (
        "  - name: uitgesloten\n"
        "    scenario: {reporter: burger, subject: raadslid, act: voorgenomen}\n"
        "    expect: {responsibilities: {judges: [gemeenteraad], first_contact: [burgemeester]}}\n"
        "  - name: verkeerd oordeel\n"
        f"    {_CASE.format(reporter='raadslid', subject='wethouder', act='uitgevoerd')}\n"
        "    expect: {responsibilities: {judges: [burgemeester]}}\n"))
    code, out, _ = run_cli(capsys, "test", "--lang", "nl", OOSTZAAN, tests)
    assert code == 1
    assert ("antwoorden op de zes vragen: verwacht Eerste aanspreekpunt (wie is eraan zet?): "
            "burgemeester; Velt het eindoordeel: gemeenteraad; maar Oostzaan geeft geen antwoord "
            "voor 'burger -> raadslid, voorgenomen") in out
    assert "{'" not in out and "does not answer" not in out
    assert "Velt het eindoordeel: verwacht [burgemeester], het protocol geeft [gemeenteraad]" \
        in out
    assert "responsibilities.judges" not in out
    code, out, _ = run_cli(capsys, "test", "--lang", "en", OOSTZAAN, tests)
    assert "Gives the final judgment: expected [burgemeester], got [gemeenteraad]" in out


def test_a_test_with_an_unknown_field_does_not_stop_the_others(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = _CASE.format(reporter="raadslid", subject="wethouder", act="uitgevoerd")
    tests = _tests_file(tmp_path, (
        f"  - name: een\n    {case}\n    expect: {{responsibilities: {{judges: [gemeenteraad]}}}}\n"
        f"  - name: twee met tikfout\n    {case}\n    expct: {{closed: false}}\n"
        f"  - name: drie\n    {case}\n    expect: {{responsibilities: {{judges: [gemeenteraad]}}, closd: true}}\n"))
    code, out, _ = run_cli(capsys, "test", "--lang", "nl", OOSTZAAN, tests)
    assert code == 1
    assert (f"{tests}:8:5: fout[unknown-field]: 'expct' is hier geen bekend veld (in test "
            "'twee met tikfout') (bedoelt u `expect`?)") in out
    assert "(in test 'drie', veld 'expect') (bedoelt u `closed`?)" in out
    assert f"GESLAAGD  een  ({tests}:3:11)" in out
    assert f"MISLUKT  twee met tikfout  ({tests}:6:11)" in out
    assert out.rstrip().endswith("1 geslaagd, 2 mislukt")


# ------------------------------------------------------------------ 3. values of the wrong form

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def _broken(tmp_path: Path, old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("old", "new", "nl", "en"), [
    ("    deadline: {amount: 10, unit: werkdagen}\n",
     "    deadline: {amount: 10, unit: werkdagen}\n    confidential: misschien\n",
     "de waarde moet true of false zijn, niet 'misschien' (schrijf true of false)",
     "the value must be true or false, not 'misschien' (write true or false)"),
    ("deadline: {amount: 10, unit: werkdagen}", "deadline: {amount: twee, unit: werkdagen}",
     "de waarde moet een geheel getal zijn, niet 'twee' (schrijf het in cijfers, bijvoorbeeld 10)",
     "the value must be a whole number, not 'twee' (write it in digits, e.g. 10)"),
    ("deadline: {amount: 10, unit: werkdagen}", "deadline: 10",
     "de waarde moet een blok met velden zijn, niet '10' (bijvoorbeeld {amount: 10, unit: werkdagen})",
     "the value must be a block of fields, not '10' (for example {amount: 10, unit: werkdagen})"),
    ("deadline: {amount: 10, unit: werkdagen}", "deadline: {amount: 0, unit: werkdagen}",
     "de waarde moet groter zijn dan 0, niet 0", "the value must be greater than 0, not 0"),
    ("    kind: melding\n", "    kind: meldin\n",
     "(bedoelt u `melding`?)", "(did you mean `melding`?)"),
])
def test_a_value_of_the_wrong_form_is_said_in_both_languages_with_its_form(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, nl: str,
        en: str) -> None:
    path = _broken(tmp_path, old, new)
    for lang, said in (("nl", nl), ("en", en)):
        code, out, _ = run_cli(capsys, "validate", "--lang", lang, path)
        assert code == 1
        line = next(x for x in out.splitlines() if "[invalid-value]" in x)
        assert said in line, line
        assert "input should be a valid" not in line and "unable to" not in line


# ------------------------------------------------------------------ 4. YAML that cannot be read


@pytest.mark.parametrize(("text", "place", "nl", "hint"), [
    ("protocol:\n  id: x\nroles:\n  - id: a\n  - id: b\n kind: person\n", "6:2",
     "deze regel springt anders in dan de regels erboven", "zet de velden van één blok"),
    ("roles:\n  - id: a\n  kind: person\n", "3:3",
     "deze regel staat in een lijst, maar begint niet met '- '", "begin elk item van de lijst"),
    ("protocol:\n  id: x\n   name: y\n", "3:8",
     "een dubbele punt met een spatie erna midden in een waarde",
     "zet de waarde tussen aanhalingstekens"),
    # an unclosed quote: at the line where the value opened, not lines later
    ('protocol:\n  id: x\n  title: "Het raadslid\n  name: "y"\n  version: z\n', "3:10",
     "een tekst tussen aanhalingstekens is niet gesloten",
     'sluit de waarde af met een " aan het eind van regel 3'),
])
def test_unreadable_yaml_is_explained_in_dutch_with_a_hint(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, place: str, nl: str,
        hint: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--lang", "nl", str(path))
    assert code == 1
    assert out.startswith(f"{path}:{place}: fout[yaml-syntax]: de YAML is niet te lezen: {nl} "
                          f"({hint}"), out
    assert "did not find" not in out and "mapping values" not in out
    code, out, _ = run_cli(capsys, "validate", "--lang", "en", str(path))
    assert f"{path}:{place}: error[yaml-syntax]: the YAML cannot be read: " in out
    # in words, not PyYAML's
    assert "did not find" not in out and "mapping values" not in out, out
    assert "while scanning" not in out and "while parsing" not in out, out


# ------------------------------------------------------------------ 5. validate --verbose, root-not-mapping


def test_verbose_scenario_lines_keep_their_brackets_and_relations_are_words(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "validate", "--lang", "nl", "--verbose", OOSTZAAN)
    scenarios = [line for line in out.splitlines() if line.startswith("    situatie: ")]
    assert scenarios and all(line.count("(") == line.count(")") for line in scenarios)
    assert ("    situatie: burgemeester over de eigen voorgenomen handeling (aanleiding: "
            "vermoeden, betrokken_functionaris: geen)") in scenarios
    relations = [line for line in out.splitlines() if line.startswith("    relaties: ")]
    assert "    relaties: gemeentesecretaris legt verantwoording af aan burgemeester" in relations
    assert ("    relaties: integriteitscommissie heeft als lid gemeentesecretaris, die "
            "verantwoording aflegt aan burgemeester") in relations
    assert not any("->" in line or "_" in line.split(": ", 1)[1] for line in relations)
    _, out, _ = run_cli(capsys, "validate", "--lang", "en", "--verbose", OOSTZAAN)
    assert "    relations: college has as a member burgemeester" in out


@pytest.mark.parametrize(("text", "nl", "en"), [
    ("- a\n- b\n", "dit document is een lijst", "this document is a list"),
    ("hallo\n", "dit document is een tekst", "this document is a text"),
    ("12\n", "dit document is een getal", "this document is a number"),
])
def test_a_document_that_is_no_mapping_says_what_it_is(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, nl: str,
        en: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    for lang, said in (("nl", nl), ("en", en)):
        code, out, _ = run_cli(capsys, "validate", "--lang", lang, str(path))
        assert code == 1 and "[root-not-mapping]" in out and said in out, out


# ------------------------------------------------------------------ 6. no regular file


@pytest.mark.parametrize("kind", ["folder", "devnull", "fifo"])
def test_a_protocol_that_is_no_regular_file_says_what_it_is_and_never_waits(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    import os

    from protocolkit.format.loader import load_protocol

    if kind == "folder":
        path, nl = str(tmp_path), f"{tmp_path} is een map, geen bestand"
    elif kind == "devnull":
        path, nl = "/dev/null", "/dev/null is geen gewoon bestand maar een apparaat"
    else:
        path = str(tmp_path / "pijp")
        os.mkfifo(path)            # opening it for reading would wait for a writer
        nl = f"{path} is geen gewoon bestand maar een named pipe (FIFO)"
    for command in (["responsibilities", "--lang", "nl", path, "--reporter", "raadslid",
                     "--subject", "burgemeester", "--act", "uitgevoerd"],
                    ["test", "--lang", "nl", path, path]):
        code, _, err = run_cli(capsys, *command)
        assert code == 2 and nl in err and "bestaat niet" not in err, err
    # validate says it as the file's finding and checks the other files (exit 2)
    code, out, _ = run_cli(capsys, "validate", "--lang", "nl", path, str(MINIMAL))
    assert code == 2 and f"{path}: fout[file-unreadable]" in out, out
    assert "bestaat niet" not in out and f"{MINIMAL}:" in out
    # The API too: a finding, not a wait or an exception.
    found = load_protocol(path).findings
    assert [f.code for f in found] == ["file-unreadable"]
    assert "bestaat niet" not in found[0].render("nl")


# ------------------------------------------------------------------ 7. diff --question


def test_diff_question_takes_the_dutch_names_and_suggests(
        capsys: pytest.CaptureFixture[str]) -> None:
    pair = [str(MINIMAL), str(ROOT / "tests" / "data" / "diff_minimal_v2.yaml")]
    outputs = []
    for name in ("judges", "eindoordeel", "Velt het eindoordeel"):
        code, out, err = run_cli(capsys, "diff", *pair, "--summary", "--question", name,
                                 "--format", "json")
        assert code in (0, 1) and err == "", err
        outputs.append(json.loads(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert [q["question"] for q in outputs[0]["questions"]] in ([], ["judges"])
    code, _, err = run_cli(capsys, "diff", "--lang", "nl", *pair, "--question", "eindordeel")
    assert code == 2
    assert ("--question 'eindordeel' is geen van de zes vragen (bedoelt u `eindoordeel`? "
            "Kies uit: eerste_aanspreekpunt, vervolg, opdracht_onderzoek, eindoordeel, sanctie, "
            "communicatie)") in err
    code, _, err = run_cli(capsys, "diff", "--lang", "en", *pair, "--question", "judge")
    assert code == 2 and "(did you mean `judges`? Choose one of: " in err


def test_a_test_case_that_cannot_open_or_record_says_why_in_dutch(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, tests = _same_case_twice(
        capsys, tmp_path, "zonder datum\n    expect: {closed: false}\n",
        "onbekende stap\n    opened: 2026-01-05\n"
        "    events:\n      - {step: bestaat_niet, outcome: x, date: 2026-01-06}\n"
        "    expect: {closed: false}\n")
    assert code == 1
    assert (f"{tests}:3:5: fout[invalid-case-input]: een zaak vraagt 'opened:' of minstens "
            "één gebeurtenis met een datum") in out
    assert ("gebeurtenissen: verwacht dat elke gebeurtenis wordt aanvaard, maar het protocol "
            "heeft geen stap 'bestaat_niet'") in out
    assert "ValueError" not in out and "all events accepted" not in out


def test_a_wrong_date_in_a_case_file_is_said_in_dutch(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    """A validator of the case's fields (a date) says it in every language; the case
    file's schema check once quoted pydantic's English around it."""
    case = (ROOT / "tests" / "data" / "cases" / "oostzaan_ontvangst.yaml").read_text(
        encoding="utf-8").replace("opened: 2026-04-23", "opened: 1")
    path = tmp_path / "zaak.yaml"
    path.write_text(case, encoding="utf-8")
    code, out, err = run_cli(capsys, "simulate", OOSTZAAN, str(path), "--lang", "nl")
    assert code == 1
    assert "veld 'opened': de datum moet een datum zijn of 'JJJJ-MM-DD', niet '1'" in out + err
    assert "value error" not in out + err and "must be" not in out + err


def test_a_misspelt_role_in_a_case_file_is_located_with_a_suggestion(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """simulate says what protocolkit test says of the same mistake: the role at its
    place in the file, with the nearest role (it once answered 'scenario-not-covered' at
    the top of the file)."""
    case = (ROOT / "tests" / "data" / "cases" / "oostzaan_ontvangst.yaml").read_text(
        encoding="utf-8").replace("  reporter: burger\n", "  reporter: burgr\n")
    path = tmp_path / "zaak.yaml"
    path.write_text(case, encoding="utf-8")
    line = case.splitlines().index("  reporter: burgr") + 1
    code, out, err = run_cli(capsys, "simulate", OOSTZAAN, str(path), "--lang", "nl")
    assert code == 1
    said = out + err
    assert f"zaak.yaml:{line}:13: fout[invalid-case-input]: 'burgr' is geen melder" in said
    assert "bedoelt u `burger`?" in said and "scenario-not-covered" not in said


# ------------------------------------------------------------------ the checks' words


@pytest.mark.parametrize(("data", "said"), [
    ("forbidden_action", ("in stap 'toets_stuurgroep': stuurgroep zou hier oordelen "
                         "(zwaarte_oordeel), wat deze rol nooit doet (nooit: onderzoeken, "
                         "oordelen)")),
    ("no_hearing", "bereiken zonder dat het raadslid is gehoord (hoor en wederhoor)"),
    ("sanction_not_applicable", "'schorsing' in een zaak over het raadslid, maar"),
    ("publicity_silenced", ("informeert het raadslid (melder) de pers of het publiek, maar "
                           "de regel melder_zwijgt legt het raadslid het zwijgen op")),
    ("forbidden_rules", "mag worden opgelegd door de stuurgroep, die nooit sanctioneert"),
    ("disclosure", "stap 'melding' vertelt de onderzoeker wie de melder is, wat de regel identiteit_melder"),
    ("disclosure", ("stap 'beoordeling' vertelt de gemeenteraad dat de zaak bestaat voordat "
                   "de zaak 'opdracht' is gepasseerd"))])
def test_the_checks_speak_dutch_with_the_roles_articles(
        capsys: pytest.CaptureFixture[str], data: str, said: str) -> None:
    """No English action names ('judges', never:) or facts ("who the melder is") in a
    Dutch finding, and a role with its own article (het raadslid, de burgemeester)."""
    _, out, _ = run_cli(capsys, "validate", "--lang", "nl", "--no-cache",
                        str(ROOT / "tests" / "data" / "checks" / f"{data}.yaml"))
    assert said in " ".join(out.split()), out


def test_oostzaan_without_its_substitution_tells_in_dutch_who_the_melder_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(OOSTZAAN).read_text(encoding="utf-8")
    start = text.index("  - id: voorzitter_vertrouwenscommissie_voor_burgemeester\n")
    end = text.index("  - id: ", start + 10)
    draft = tmp_path / "oostzaan.yaml"
    draft.write_text(text[:start] + text[end:], encoding="utf-8")
    _, out, _ = run_cli(capsys, "validate", "--lang", "nl", "--no-cache", str(draft))
    assert "vertelt de voorzitter_vertrouwenscommissie wie de melder is" in out, out
    assert "who the melder is" not in out


def test_a_wrong_value_and_a_wrong_number_are_said_in_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Never Python's names: not "niet 'list'", not "ongeldige waarde (int)"."""
    lines = Path(OOSTZAAN).read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  title: "))
    lines[at] = "  title: [a, b]\n"
    draft = tmp_path / "oostzaan.yaml"
    draft.write_text("".join(lines), encoding="utf-8")
    _, out, _ = run_cli(capsys, "validate", "--lang", "nl", "--no-cache", str(draft))
    assert "veld 'title': de waarde moet tekst zijn, niet een lijst (zet het tussen" in out, out
    store = str(tmp_path / "zaken.db")
    run_cli(capsys, "cases", "init", store)
    code, _, err = run_cli(capsys, "cases", "correct", store, "z", "abc", "--by", "griffier",
                           "--note", "vergissing", "--lang", "nl")
    assert code == 2
    assert "argument EVENT: 'abc' is geen geheel getal; geef een getal in cijfers" in err, err


def test_an_empty_file_points_at_what_the_wheel_ships(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The wheel has no tests/data/minimal.yaml: the hint names the keys to write and
    `protocolkit schema`, and says where the example is (the repository)."""
    from protocolkit.format.schema import json_schema

    empty = tmp_path / "leeg.yaml"
    empty.write_text("# nog niets\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "validate", "--lang", "nl", str(empty))
    assert "fout[empty-file]" in out and "'protocolkit schema' geeft elk veld" in out, out
    assert all(f"{key}:" in out for key in json_schema()["required"]), out
    assert "begin met tests/data/minimal.yaml" not in out


def test_a_route_step_names_the_question_of_the_reading_it_rests_on(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "route", "--lang", "nl", ARNHEM, "--reporter", "burger",
                        "--subject", "raadslid", "--act", "uitgevoerd")
    # (voetnoot_8_reikwijdte, asked here before, now shows only where it matters: with a
    # griffier as subject, a situation the chosen reading excludes.)
    assert ("   Rust op een keuze tussen lezingen: Spreekt de burgemeester (of de CvdK) in het "
            "vooronderzoek met een melder die burger, bedrijf of instantie is? "
            "(gesprek_met_melder_voetnoot_8, zie onder)") in out, out
    assert "lezingen: gesprek_met_melder_voetnoot_8\n" not in out
    assert "voetnoot_8_reikwijdte" not in out


def test_the_reports_substitution_hint_gives_each_role_its_article() -> None:
    from protocolkit.format.diagnostics import Msg, the_role
    from protocolkit.present.report import report_words

    hint = Msg.of("hint.substitution", subject="raadslid", named="college",
                  the_subject=the_role("raadslid"), the_named=the_role("college"))
    assert report_words(hint, "nl").endswith(
        "in een zaak over het raadslid neemt een onafhankelijke rol de plaats in van het "
        "college")
    assert "when: {subject: raadslid}, replaces: college" in hint.render("nl")


def test_the_reports_optional_seat_hint_gives_each_role_its_article() -> None:
    """Oostzaan art. 3.1 lid 3 (the adviser "op geen enkele manier ... betrokken ... zo
    nodig vervangen"): the report says the seat in words, the terminal the file's keys."""
    from protocolkit.format.diagnostics import Msg, the_role
    from protocolkit.present.report import report_words

    hint = Msg.of("hint.optional-member", member="externe_adviseur",
                  body="integriteitscommissie", subject="wethouder", source="art. 3.1 lid 2",
                  the_member=the_role("externe_adviseur"),
                  the_body=the_role("integriteitscommissie"),
                  the_subject=the_role("wethouder"))
    assert report_words(hint, "nl") == (
        "de externe_adviseur zit alleen desgewenst in de integriteitscommissie (art. 3.1 lid "
        "2) en mag, als hij zitting neemt, evenmin betrokken zijn: laat hem weg, of voeg een "
        "vervanging toe voor deze situaties: in een zaak over de wethouder neemt een "
        "onafhankelijke rol die plaats in de integriteitscommissie in")
    assert "replaces: externe_adviseur, bodies: [integriteitscommissie]" in hint.render("nl")


def test_every_did_you_mean_with_choices_ends_its_question_inside_the_parentheses(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario attribute, a diff filter, --question and an argparse choice say "(bedoelt
    u `x`? Kies uit: …)", as a refused event says "(bedoelt u `melding`? Nu toegestaan:
    …)", never "(bedoelt u `x`?); kies uit: …"."""
    oostzaan = str(ROOT / "protocols" / "oostzaan.yaml")
    arnhem = str(ROOT / "protocols" / "arnhem.yaml")
    scenario = ["--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd"]
    for argv, said in (
            (["route", oostzaan, *scenario, "--attr", "aanleiding=twijfell"],
             ("'twijfell' is geen waarde van 'aanleiding' (bedoelt u `twijfel`? Kies uit: "
              "vermoeden, twijfel)")),
            (["route", oostzaan, *scenario, "--attr", "aanleidng=twijfel"],
             "(bedoelt u `aanleiding`? Vastgelegd: aanleiding, betrokken_functionaris)"),
            (["diff", arnhem, oostzaan, "--summary", "--subject", "burgemeestr"],
             "'burgemeestr' (bedoelt u `burgemeester`? Kies uit: raadslid, "),
            (["diff", arnhem, oostzaan, "--question", "eindordeel"],
             "(bedoelt u `eindoordeel`? Kies uit: eerste_aanspreekpunt, "),
            (["matrix", oostzaan, "--format", "jsn"],
             "'jsn' (bedoelt u `json`? Kies uit: 'text', 'json')")):
        code, _, err = run_cli(capsys, *argv, "--lang", "nl")
        assert code == 2 and said in err, err
        assert "?);" not in err and "?)," not in err
