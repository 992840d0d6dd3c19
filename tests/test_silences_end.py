"""Silences that end (issue #13 item 5): a silence holds only on a route that reaches its
start, ends where the text ends it on that route, or with the case; a closed case holds
none; every output says its end in words; a participant asking "may I talk to the press
now?" gets an answer with the section.

The expectations are written from the source texts in ``shared/sources/`` (quoted in
each test), not from running the code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from protocolkit.engine import CaseEngine
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario, responsibilities, route_adjacency
from tests.helpers import run_cli, unwrapped

ROOT = Path(__file__).resolve().parents[1]
ARNHEM = ROOT / "protocols" / "arnhem.yaml"
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
SCREENING_CASE = ROOT / "tests" / "data" / "cases" / "oostzaan_screening.yaml"


@pytest.fixture(scope="module")
def arnhem() -> Protocol:
    loaded = load_protocol(ARNHEM).protocol
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    loaded = load_protocol(OOSTZAAN).protocol
    assert loaded is not None
    return loaded


@pytest.fixture()
def engine() -> Iterator[CaseEngine]:
    e = CaseEngine()
    yield e
    e.close()


# ------------------------------------------------------------ H1: on the route, or not

@pytest.mark.parametrize("reporter, subject, own", [("raadslid", "raadslid", False),
                                                     ("burgemeester", "burgemeester", True),
                                                     ("wethouder", "wethouder", True)])
def test_arnhem_no_press_silence_over_an_intended_act(arnhem: Protocol, reporter: str,
                                                      subject: str, own: bool) -> None:
    """Arnhem Fase 3, Communicatie: "Bij sanctionering van een raadslid: ... Tot die tijd
    spreekt geen van de betrokkenen ... met de pers. Allen wachten daarmee tot na de
    raadsvergadering"; Basisprincipe 2 speaks of "vermeende integriteitsschendingen".
    A doubt about an intended act (Fase 1, a) ends in advice that stays confidential
    ("Adviezen die worden opgevolgd blijven vertrouwelijk") and is never sanctioned: no
    silence towards the press holds there."""
    found = responsibilities(arnhem, Scenario(reporter, subject, "voorgenomen", own))
    assert found.refused is None
    assert found.silent == []



@pytest.fixture(autouse=True)
def _dutch_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the Dutch output: a Dutch locale, whatever the machine's."""
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")

def test_arnhem_raadslid_silence_ends_with_the_raad_or_the_case(arnhem: Protocol) -> None:
    """Arnhem Fase 3, Communicatie, raadslid: "Allen wachten daarmee tot na de
    raadsvergadering" - the raad's judgment (3.1) ends it; where the case ends before
    (the shared conclusion "geen schending", Fase 1, 1.2 b) nothing in the text keeps the
    silence after "de afhandeling van een kwestie" (Basisprincipe 2)."""
    sc = Scenario("raadslid", "raadslid", "uitgevoerd")
    found = [s for s in responsibilities(arnhem, sc).silent
             if "Fase 3, Communicatie, raadslid" in s["source"]]
    assert found
    graph = route_adjacency(arnhem, sc)
    for silence in found:
        steps = [end["step"] for end in silence["until"]]
        assert steps and all(graph.nodes[s]["view"].kind.value == "oordeel" for s in steps)
        assert all(end["title"] for end in silence["until"])
        assert silence["until_case_end"] is True


def test_oostzaan_no_melder_silence_without_a_melding(oostzaan: Protocol) -> None:
    """Oostzaan art. 2.1 lid 4: "De melder ontvangt binnen tien werkdagen na zijn melding
    een schriftelijke ontvangstbevestiging waarin de melder ook wordt aangespoord om niet
    de publiciteit te zoeken of zich anderszins naar derden uit te laten". A raadslid who
    talks a doubt over with the person concerned (art. 1.2 lid 2) makes no melding and
    gets no acknowledgement."""
    sc = Scenario("raadslid", "burgemeester", "voorgenomen", False, {"aanleiding": "twijfel"})
    assert "ontvangstbevestiging" not in route_adjacency(oostzaan, sc)
    assert responsibilities(oostzaan, sc).silent == []


def test_oostzaan_melder_is_urged_from_the_acknowledgement(oostzaan: Protocol) -> None:
    """Art. 2.1 lid 4 (as above): the urging is part of the acknowledgement of a written
    melding, so it holds from that step; the text names no end."""
    sc = Scenario("raadslid", "wethouder", "uitgevoerd", False, {"aanleiding": "vermoeden"})
    urged = [s for s in responsibilities(oostzaan, sc).silent if s["source"] == ["art. 2.1 lid 4"]]
    assert {s["audience"] for s in urged} == {"pers", "derden"}
    for silence in urged:
        assert silence["from"] == "ontvangstbevestiging"
        assert silence["until"] == [] and silence["until_case_end"] is True


def _walk(case: object, first: list[tuple[str, str]], day: str) -> None:
    """Record ``first``, then the first outcome each open step accepts, until the end."""
    for step, outcome in first:
        case.record(step, outcome, day)  # type: ignore[attr-defined]
    while case.closed is None:  # type: ignore[attr-defined]
        accepts = case.accepts()  # type: ignore[attr-defined]
        step = next(iter(accepts))
        case.record(step, accepts[step][0], day)  # type: ignore[attr-defined]


def test_a_closed_case_holds_no_silence(oostzaan: Protocol, engine: CaseEngine) -> None:
    """Art. 2.1 lid 4 names no end for the melder's restraint, and art. 3.3 lid 1 ends the
    vooronderzoek when the screening finds "onvoldoende feitelijke grondslag"; no article
    keeps a silence after the case is done ("de opvolging daarvan" is over): as of the day
    it closed, nobody must still be silent."""
    case = engine.open(oostzaan, {"reporter": "raadslid", "subject": "wethouder",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2026-04-20", facts={"datum_vermeende_feiten": "2026-01-05"})
    for step, outcome in [("melding", "gemeld"), ("ontvangstbevestiging", "bevestigd"),
                          ("ontvankelijkheidstoets", "ontvankelijk"),
                          ("advies_eerste_screening", "geadviseerd"),
                          ("eerste_screening", "geen_feitelijke_grondslag")]:
        case.record(step, outcome, "2026-04-21")
    _walk(case, [], "2026-04-23")
    assert case.closed is not None
    before = {s["id"] for s in case.silent("2026-04-22")}
    assert {"melder_geen_publiciteit", "melder_niet_naar_derden"} <= before
    assert case.silent(case.closed.date) == []


def test_simulate_prints_no_silence_for_a_closed_arnhem_case(
        arnhem: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem Basisprincipe 2: restraint "in alle stadia van de afhandeling van een
    kwestie"; once the case is "afgedaan" (Fase 1, 1.2 b: "Als de gedeelde conclusie is
    dat er geen sprake is van een schending, is de zaak afgedaan") no stage is left."""
    opened = ("scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\n"
              "opened: 2026-04-20\nevents:\n")
    case_file = tmp_path / "afgedaan.yaml"
    case_file.write_text(opened + "  []\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "simulate", str(ARNHEM), str(case_file),
                           "--as-of", "2026-04-20")
    assert code == 0 and "Zwijgen tegenover pers" in out        # still running then
    case_file.write_text(opened + "  - {step: r12b_advies_griffier, outcome: geen_schending, "
                         "date: 2026-04-21}\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "simulate", str(ARNHEM), str(case_file),
                           "--as-of", "2026-05-04", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["closed"]["ended"] and data["silent"] == []


def test_a_running_case_lists_only_the_silence_ends_still_ahead(
        arnhem: Protocol, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem Fase 3, Communicatie, raadslid: "Allen wachten daarmee tot na de
    raadsvergadering"; Fase 1, 1.2 b: when the burgemeester decides "dat de zaak is
    afgedaan", it goes to the reflection of Fase 4, never to the raad. So while it waits
    there, the silence lasts until the case ends; the raad's judgement is no end still
    ahead and is not offered as one (it is kept apart, as ``behind``)."""
    case_file = tmp_path / "afgedaan.yaml"
    case_file.write_text(
        "scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd}\n"
        "opened: 2026-04-20\nevents:\n"
        "  - {step: r12b_advies_griffier, outcome: aanhoudende_twijfel, date: 2026-04-21}\n"
        "  - {step: r12b_aanspreken, outcome: aanhoudende_twijfel, date: 2026-04-21}\n"
        "  - {step: r12b_melding, outcome: gemeld, date: 2026-04-21}\n"
        "  - {step: r12b_besluit_fase2, outcome: afgedaan, date: 2026-04-21}\n",
        encoding="utf-8")
    args = ("simulate", str(ARNHEM), str(case_file), "--as-of", "2026-04-21")
    code, out, _ = run_cli(capsys, *args)
    said = [line for line in out.splitlines() if "Fase 3, Communicatie, raadslid" in line]
    assert code == 0 and said
    assert all("tot de zaak eindigt" in line and "De gemeenteraad" not in line
               for line in said)
    _, data, _ = run_cli(capsys, *args, "--format", "json")
    silent = [s for s in json.loads(data)["silent"]
              if "Fase 3, Communicatie, raadslid" in s["source"]]
    assert silent and all(s["until"] == [] and s["until_case_end"] for s in silent)
    assert all(s["behind"] and all(e["step"] != "registratie" for e in s["behind"])
               for s in silent)
    # Before the conclusion, on the first day, the raad is still ahead.
    case_file.write_text("scenario: {reporter: raadslid, subject: raadslid, "
                         "act: uitgevoerd}\nopened: 2026-04-20\nevents: []\n",
                         encoding="utf-8")
    _, data, _ = run_cli(capsys, "simulate", str(ARNHEM), str(case_file),
                         "--as-of", "2026-04-20", "--format", "json")
    ahead = [s for s in json.loads(data)["silent"]
             if "Fase 3, Communicatie, raadslid" in s["source"]]
    assert ahead and all(s["until"] and "behind" not in s for s in ahead)


# ------------------------------------------------------------ M1: ends in words

def test_the_end_of_a_silence_is_said_in_words_in_english(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Art. 1.3 lid 3: "onthouden zich van openbaar commentaar gedurende de uitvoering
    van het (voor)onderzoek"; art. 3.3 lid 1 ends the screening "als uit de eerste
    screening blijkt dat het geuite vermoeden ... onvoldoende feitelijke grondslag lijkt
    te hebben". The English answer names that outcome by its label, in English words."""
    args = ("responsibilities", str(OOSTZAAN), "--reporter", "raadslid", "--subject",
            "wethouder", "--act", "uitgevoerd", "--attr", "aanleiding=vermoeden")
    code, out, _ = run_cli(capsys, *args, "--lang", "en")
    assert code == 0
    assert "eerste_screening." not in out and "definitieve_rapportage" not in out
    assert "with the outcome 'Onvoldoende feitelijke grondslag'" in unwrapped(out)
    code, out, _ = run_cli(capsys, *args, "--format", "json")
    silent = json.loads(out)["silent"]
    ends = [e for s in silent if "art. 1.3 lid 3" in s["source"] for e in s["until"]]
    assert {"step": "eerste_screening", "outcome": "geen_feitelijke_grondslag"}.items() <= \
        ends[0].items()
    assert all(isinstance(s["until"], list) for s in silent)


def test_the_report_names_the_end_of_a_silence_by_its_step(arnhem: Protocol) -> None:
    """Arnhem Basisprincipe 2: the matter "mag en moet ... naar buiten" once "er een
    oordeel is gevormd over de ernst daarvan en over een passende sanctie": the report
    says so with the steps' titles, not with a list of ids."""
    from protocolkit.present.report import _notes

    silences = dict(_notes(arnhem))
    said = " ".join(text for _, text, _ in next(v for k, v in silences.items()
                                                  if k.startswith("Wie zwijgt")))
    assert "['" not in said and "oordeel_burgemeester.geen_sanctie" not in said
    assert "met de uitkomst 'Geen sanctie'" in said


def test_the_diff_names_the_end_of_a_silence_by_its_step(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """Arnhem Basisprincipe 2 ends the burgemeester's silence with the raad's judgement
    ("een oordeel ... over de ernst") or its sanction; Oostzaan art. 1.3 lid 3 has no
    comment "voordat het onderzoek is afgerond". The structural diff says those ends as
    every other output does: the step's title and the outcome's label, not the ids."""
    code, out, _ = run_cli(capsys, "diff", str(ARNHEM), str(OOSTZAAN))
    assert code == 1
    silences = [line for line in out.splitlines() if "zwijgplicht" in line
                or line.lstrip().startswith(("Arnhem:   gerekend vanaf", "Oostzaan: gerekend"))]
    assert silences
    assert not any("['" in line or "oordeel_burgemeester.geen_sanctie" in line
                   or "definitieve_rapportage.definitief" in line for line in silences)
    assert any("tot na stap 'De gemeenteraad velt het eindoordeel over de burgemeester"
               in line and "met de uitkomst 'Geen sanctie'" in line for line in silences)
    _, english, _ = run_cli(capsys, "diff", str(ARNHEM), str(OOSTZAAN), "--lang", "en")
    assert "or step 'De rapportage wordt definitief gemaakt' with the outcome 'definitief'" \
        in english


def test_one_office_as_melder_and_betrokkene_is_one_sentence(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem Fase 3, Communicatie, raadslid: "geen van de betrokkenen (zoals de melder,
    het raadslid wiens handelen is onderzocht, fractievoorzitters, raadsleden, politieke
    partijen)": when a raadslid reports a raadslid, the one silence is said once."""
    code, out, _ = run_cli(capsys, "route", str(ARNHEM), "--reporter", "raadslid",
                           "--subject", "raadslid", "--act", "uitgevoerd")
    head = out.split("\n1. ")[0]
    assert code == 0 and head.count("Zwijgen tegenover pers") == 1
    assert ("Raadslid (ook fractievolger), Fractievoorzitters, Eigen fractie / politieke "
            "partij") in head


# ------------------------------------------------------------ M3: may I talk now?

@pytest.mark.parametrize("role", ["betrokkene", "melder"])
def test_simulate_as_a_participant_says_whether_they_must_be_silent(
        role: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Art. 1.3 lid 3: "Andere politieke ambtsdragers, inclusief de melder als deze
    politiek ambtsdrager is, onthouden zich van openbaar commentaar gedurende de
    uitvoering van het (voor)onderzoek" - the wethouder concerned and the raadslid who
    reported, during the eerste screening (art. 3.2 lid 1: "bedoeld als vooronderzoek")."""
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(SCREENING_CASE),
                           "--as-of", "2026-05-04", "--as", role)
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("Zwijgen tegenover pers: u,")]
    assert lines and any("art. 1.3 lid 3" in line for line in lines)
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(SCREENING_CASE),
                           "--as-of", "2026-05-04", "--as", role, "--format", "json")
    view = json.loads(out)
    assert any("art. 1.3 lid 3" in s["source"] for s in view["silent"])
    # Only whether *they* must be silent: nobody else's silence, no roles listed.
    assert all("roles" not in s for s in view["silent"])


def test_simulate_as_a_role_that_does_not_know_the_case_says_nothing(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Art. 2.1 lid 6: "De identiteit van de melder wordt niet bekend gemaakt ... anders
    dan de personen die de eerste screening uitvoeren": an office outside the case learns
    nothing of it, not even that a silence holds."""
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(SCREENING_CASE),
                           "--as-of", "2026-05-04", "--as", "burger", "--format", "json")
    assert code == 0 and json.loads(out) == {"role": "burger", "knows_case": False}


def test_the_melder_is_told_when_no_silence_binds_them(
        oostzaan: Protocol, engine: CaseEngine) -> None:
    """Art. 2.1 lid 4 binds the melder from the acknowledgement ("De melder ontvangt
    binnen tien werkdagen na zijn melding een schriftelijke ontvangstbevestiging waarin
    de melder ook wordt aangespoord ..."); while the melding is being made the text
    imposes nothing on the melder (a step counts from the day it opens)."""
    from protocolkit.cli.simulate import render_view

    case = engine.open(oostzaan, {"reporter": "burger", "subject": "wethouder",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2026-04-20", facts={"datum_vermeende_feiten": "2026-01-05"})
    view = case.view("melder", "2026-04-20")
    assert view["silent"] == []
    assert "Per ma 2026-04-20 legt het protocol u geen zwijgplicht op." in render_view(view)
    case.record("melding", "gemeld", "2026-04-21")
    assert {s["audience"] for s in case.view("melder", "2026-04-21")["silent"]} == {
        "pers", "derden"}


# ------------------------------------------------------------ L1: what is allowed here

def test_a_missing_fact_lists_only_outcomes_that_would_be_accepted(
        oostzaan: Protocol, engine: CaseEngine) -> None:
    """Art. 2.2 lid 1 sub b: "binnen vier jaar na de vermeende feiten is ingediend"; lid 2:
    "Dateren de vermeende feiten van langer dan vier jaar geleden dan kan de burgemeester
    alleen in zwaarwegende gevallen, gemotiveerd afwijken". Both outcomes need the date
    of the alleged facts: without it neither is allowed, and each one listed is."""
    from protocolkit.engine import EventRefused

    spec = {"reporter": "burger", "subject": "wethouder", "act": "uitgevoerd",
            "attributes": {"aanleiding": "vermoeden"}}
    case = engine.open(oostzaan, spec, "2026-04-20")
    case.record("melding", "gemeld", "2026-04-20")
    case.record("ontvangstbevestiging", "bevestigd", "2026-04-21")
    with pytest.raises(EventRefused) as refused:
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-22")
    allowed = refused.value.allowed["ontvankelijkheidstoets"]
    assert allowed and "ouder_dan_vier_jaar_zwaarwegend" not in allowed
    assert "ontvankelijk" not in allowed
    for outcome in allowed:
        other = engine.open(oostzaan, spec, "2026-04-20")
        other.record("melding", "gemeld", "2026-04-20")
        other.record("ontvangstbevestiging", "bevestigd", "2026-04-21")
        other.record("ontvankelijkheidstoets", outcome, "2026-04-22")


def test_the_griffier_silence_after_a_lighter_breach_rests_on_a_recorded_choice(
        arnhem: Protocol) -> None:
    """Arnhem Fase 3, Communicatie, griffier: "Over een eventuele schending van de griffier
    wordt niet gecommuniceerd naar de pers, behalve als het een zwaardere schending ...
    Tot die tijd spreekt geen van de betrokkenen met de pers." Whether the betrokkenen stay
    silent after the case when the press is never told allows two readings: the answer
    shows the one chosen (the silence ends with the case)."""
    from protocolkit.api import route

    sc = Scenario("raadslid", "griffier", "uitgevoerd")
    found = responsibilities(arnhem, sc).to_dict()
    griffier = [s for s in found["silent"] if "Fase 3, Communicatie, griffier" in s["source"]]
    assert griffier and all(s["until_case_end"] for s in griffier)
    note = "zwijgen_griffier_lichtere_schending"
    assert note in [a["id"] for a in found["ambiguities"]]
    assert note in [a["id"] for a in route(arnhem, sc).ambiguities]


def test_an_outcome_without_a_label_is_said_in_words_by_every_output(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An outcome the file gives no label (minimal.yaml's ``oordeel.geen_sanctie``) reads
    "geen sanctie" wherever a reader meets it: the route's outcome line, the end of a
    silence in ``route`` and ``responsibilities``, the diagram's arrow and the audit
    trail; the id stays in the JSON. The end of a silence showed the bare id."""
    from protocolkit.engine.case import outcome_label
    from protocolkit.present.diagram import build

    path = tmp_path / "stilte.yaml"
    path.write_text((ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
                    .replace("principles:\n", "silences:\n  - {id: stilte, roles: [burgemeester],"
                             " until: oordeel.geen_sanctie, source: \"art. 4\"}\nprinciples:\n",
                             1), encoding="utf-8")
    args = (str(path), "--reporter", "raadslid", "--subject", "raadslid", "--act",
            "uitgevoerd", "--lang", "nl")
    code, route_out, _ = run_cli(capsys, "route", *args)
    assert code == 0 and "   - geen sanctie -> stap 9" in route_out
    assert "met de uitkomst 'geen sanctie'" in route_out
    code, answers, _ = run_cli(capsys, "responsibilities", *args)
    assert code == 0 and "met de uitkomst 'geen sanctie'" in unwrapped(answers)
    assert "geen_sanctie" not in route_out + answers
    protocol = load_protocol(path).protocol
    assert protocol is not None
    diagram = build(protocol, Scenario("raadslid", "raadslid", "uitgevoerd", False))
    assert {e.label for e in diagram.edges if e.source == "oordeel"} == {"sanctie",
                                                                        "geen sanctie"}
    assert outcome_label(protocol, "oordeel", "geen_sanctie") == "geen sanctie"
    code, out, _ = run_cli(capsys, "responsibilities", *args[:-2], "--format", "json")
    ends = [e for s in json.loads(out)["silent"] for e in s["until"]]
    assert {"step": "oordeel", "outcome": "geen_sanctie"}.items() <= ends[0].items()
