"""The case API: open, record, ask, refuse, store, restore (tests/data/minimal.yaml)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from protocolkit.engine import (
    CaseEngine,
    CaseError,
    CaseInputError,
    CaseRecordError,
    EngineError,
    EventRefused,
    ScenarioNotCovered,
    compile_protocol,
)
from protocolkit.engine.adapter import RulesError, Session
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario, resolve_step, scenario_space

ROOT = Path(__file__).resolve().parents[1]
MINIMAL_TEXT = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
D = dt.date

RAADSLID_OVER_BURGEMEESTER = {"reporter": "raadslid", "subject": "burgemeester",
                              "act": "uitgevoerd"}
BURGEMEESTER_OVER_RAADSLID = {"reporter": "burgemeester", "subject": "raadslid",
                              "act": "uitgevoerd"}


def protocol_from(text: str, name: str = "variant.yaml") -> Protocol:
    result = load_text(text, name)
    assert result.protocol is not None, [f.render() for f in result.findings]
    return result.protocol


@pytest.fixture(scope="module")
def minimal() -> Protocol:
    protocol = load_protocol(ROOT / "tests" / "data" / "minimal.yaml").protocol
    assert protocol is not None
    return protocol


@pytest.fixture
def engine() -> CaseEngine:
    engine = CaseEngine(max_live=16)
    yield engine
    engine.close()


def snapshot(case: Any) -> tuple[Any, ...]:
    return (case.to_dict(), case.trace(), case.open_steps(as_of="2026-06-01"), case.accepts(),
            case.facts(), case.closed)


# --------------------------------------------------------------------------- answers


def test_open_steps_are_what_the_semantics_say_for_every_scenario(
        minimal: Protocol, engine: CaseEngine) -> None:
    for scenario in scenario_space(minimal):
        case = engine.open(minimal, scenario, "2026-01-05")
        [step] = case.open_steps(as_of="2026-01-05")
        view = resolve_step(minimal, "melding", scenario)
        assert (step.step, step.kind, step.actor) == ("melding", "melding", view.actor.role)
        assert step.counterpart == view.counterpart.role
        assert step.consulted == tuple(r.role for r in view.consulted)
        assert step.informed == tuple(r.role for r in view.informed)
        # the cvdk is the burgemeester's counterpart by substitution (art. 1), cited so
        assert step.outcomes == view.outcomes and step.source == (
            ("art. 2", "art. 1") if scenario.subject == "burgemeester" else ("art. 2",))
        case.record("melding", "gemeld", "2026-01-06")
        [step] = case.open_steps(as_of="2026-01-06")
        assert step.actor == resolve_step(minimal, "beoordeling", scenario).actor.role
        engine.drop(case)


def test_the_cvdk_acts_for_the_burgemeester_as_subject(minimal: Protocol,
                                                      engine: CaseEngine) -> None:
    # minimal.yaml, art. 1: substitution cvdk_voor_burgemeester when he is the subject.
    case = engine.open(minimal, RAADSLID_OVER_BURGEMEESTER, "2025-12-19")
    assert case.substitutions == ("cvdk_voor_burgemeester",)
    assert case.open_steps()[0].counterpart == "cvdk"
    assert case.record("melding", "gemeld", "2025-12-22") == ("beoordeling",)
    [step] = case.open_steps()
    assert (step.actor, step.stands_in_for) == ("cvdk", "burgemeester")
    other = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2025-12-19")
    assert other.substitutions == ()
    other.record("melding", "gemeld", "2025-12-22")
    assert (other.open_steps()[0].actor, other.open_steps()[0].stands_in_for) == (
        "burgemeester", None)


def test_a_case_runs_from_melding_to_its_end(minimal: Protocol, engine: CaseEngine) -> None:
    case = engine.open(minimal, RAADSLID_OVER_BURGEMEESTER, D(2025, 12, 19))
    for step, outcome, day in [("melding", "gemeld", "2025-12-19"),
                               ("beoordeling", "onderzoekswaardig", "2026-01-05"),
                               ("opdracht", "verleend", "2026-01-09"),
                               ("onderzoek", "concept_gereed", "2026-02-20"),
                               ("wederhoor", "schending", "2026-02-27"),
                               ("oordeel", "sanctie", "2026-03-10"),
                               ("sanctie", "opgelegd", "2026-03-10"),
                               ("pers", "gedaan", "2026-03-11")]:
        case.record(step, outcome, day)
    assert case.closed is not None
    assert (case.closed.step, case.closed.date) == ("afgedaan", D(2026, 3, 11))
    assert case.open_steps() == () and case.accepts() == {}
    trace = case.trace()
    assert [t.step for t in trace] == ["melding", "beoordeling", "opdracht", "onderzoek",
                                       "wederhoor", "oordeel", "sanctie", "pers", "afgedaan"]
    assert [t.actor for t in trace][:3] == ["raadslid", "cvdk", "cvdk"]
    assert trace[-1].outcome is None and trace[3].opened == D(2026, 1, 9)
    with pytest.raises(EventRefused) as refused:
        case.record("pers", "gedaan", "2026-03-12")
    assert refused.value.reason == "case-closed" and refused.value.allowed == {}


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("event, reason", [
    (("oordeel", "sanctie", "2026-01-07"), "step-not-open"),
    (("nergens", "gemeld", "2026-01-07"), "unknown-step"),
    (("melding", "ingetrokken", "2026-01-07"), "outcome-not-offered"),
    (("melding", "gemeld", "2026-01-04"), "date-before-step"),
])
def test_a_refused_event_names_what_is_allowed_and_changes_nothing(
        minimal: Protocol, engine: CaseEngine, event: tuple[str, str, str], reason: str) -> None:
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    before = snapshot(case)
    with pytest.raises(EventRefused) as refused:
        case.record(*event)
    assert refused.value.reason == reason
    assert refused.value.allowed == {"melding": ("gemeld",)}
    # the id to type and the title a reader knows, as the open steps show them
    assert "melding - Melding bij de burgemeester: gemeld" in str(refused.value)
    assert refused.value.titles == {"melding": "Melding bij de burgemeester"}
    assert snapshot(case) == before
    case.record("melding", "gemeld", "2026-01-06")           # still usable
    assert [s.step for s in case.open_steps()] == ["beoordeling"]


def test_a_refusal_s_data_is_what_it_says(minimal: Protocol, engine: CaseEngine,
                                          tmp_path: Path) -> None:
    """``text`` is the whole refusal, as for every CaseError (the detail, the hint, what
    is allowed now), in both languages; its parts are data too; simulate keeps the hint."""
    from protocolkit.engine.case import said_in_all
    from protocolkit.engine.casefile import simulate_file

    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    with pytest.raises(EventRefused) as refused:
        case.record("meldng", "gemeld", "2026-01-06")
    error = refused.value
    assert str(error) == error.text.render("en") == error.message == (
        "the protocol has no step 'meldng' (did you mean `melding`? "
        "Allowed now: melding - Melding bij de burgemeester: gemeld)")
    assert error.render("nl") == error.text.render("nl") == said_in_all(error).render("nl") == (
        "het protocol heeft geen stap 'meldng' (bedoelt u `melding`? "
        "Nu toegestaan: melding - Melding bij de burgemeester: gemeld)")
    assert error.code == error.detail_text.id == "engine.unknown-step"
    assert error.detail_text.render("nl") == "het protocol heeft geen stap 'meldng'"
    assert error.hint_text is not None and error.hint_text.render("nl") == "bedoelt u `melding`?"
    file = tmp_path / "case.yaml"
    file.write_text("scenario: {reporter: burgemeester, subject: raadslid, act: uitgevoerd}\n"
                    "opened: 2026-01-05\nevents:\n"
                    "  - {step: meldng, outcome: gemeld, date: 2026-01-06}\n", encoding="utf-8")
    [found] = simulate_file(minimal, file, as_of=D(2026, 1, 7)).findings
    assert found.code == "event-refused" and found.hint_text is not None
    assert found.hint_text.render("nl") == ("bedoelt u `melding`? Hier toegestaan: "
                                          "melding - Melding bij de burgemeester: gemeld")


def test_a_misspelt_step_is_matched_against_the_open_steps_first(engine: CaseEngine) -> None:
    """Oostzaan, a raadslid reporting the burgemeester: the melding goes via the griffier
    to the voorzitter van de vertrouwenscommissie (art. 2.1 lid 7), step
    ``melding_via_griffier``; ``melding`` is a step of the protocol, refused here. A
    misspelt "meldng" means the open step; a step matched only among all steps is said
    to be not open now when the route takes it later, off the route when it never does."""
    oostzaan = load_protocol(ROOT / "protocols" / "oostzaan.yaml").protocol
    assert oostzaan is not None
    case = engine.open(oostzaan, {"reporter": "raadslid", "subject": "burgemeester",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2026-01-05")
    assert set(case.accepts()) == {"melding_via_griffier"}
    with pytest.raises(EventRefused) as refused:
        case.record("meldng", "gemeld", "2026-01-06")
    assert refused.value.hint_text is not None
    assert refused.value.hint_text.render("nl") == "bedoelt u `melding_via_griffier`?"
    assert "`melding`" not in refused.value.render("nl")
    with pytest.raises(EventRefused) as refused:
        case.record("feitenonderzoekk", "gemeld", "2026-01-06")
    assert refused.value.hint_text is not None
    assert refused.value.hint_text.render("en") == (
        "did you mean `feitenonderzoek`? That step is not open now.")
    assert refused.value.render("nl").startswith(
        "het protocol heeft geen stap 'feitenonderzoekk' (bedoelt u `feitenonderzoek`? Die "
        "stap staat nu niet open. Nu toegestaan: melding_via_griffier - ")
    # A step this case's route never takes (the vastlegging of the burgemeester's own
    # observation, art. 2.1 lid 8) is said to be off the route, not merely closed now.
    with pytest.raises(EventRefused) as refused:
        case.record("vastleging_burgemeester", "vastgelegd", "2026-01-06")
    assert refused.value.hint_text is not None
    assert refused.value.hint_text.render("nl") == (
        "bedoelt u `vastlegging_burgemeester`? Die stap hoort niet bij de route van deze zaak.")
    assert refused.value.hint_text.render("en") == (
        "did you mean `vastlegging_burgemeester`? That step is not on the route of this case.")


def test_an_outcome_that_exists_only_in_other_scenarios_is_refused(engine: CaseEngine) -> None:
    text = MINIMAL_TEXT.replace(
        "      - {id: onderzoekswaardig, next: opdracht}",
        "      - {id: onderzoekswaardig, next: opdracht}\n"
        "      - {id: naar_cvdk, when: {subject: burgemeester}, next: afgedaan}")
    protocol = protocol_from(text)
    about_mayor = engine.open(protocol, RAADSLID_OVER_BURGEMEESTER, "2026-01-05")
    about_member = engine.open(protocol, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    for case in (about_mayor, about_member):
        case.record("melding", "gemeld", "2026-01-05")
    assert "naar_cvdk" in about_mayor.accepts()["beoordeling"]
    before = snapshot(about_member)
    with pytest.raises(EventRefused) as refused:
        about_member.record("beoordeling", "naar_cvdk", "2026-01-06")
    assert refused.value.reason == "outcome-not-offered"
    assert refused.value.detail == ("'naar_cvdk' is not an outcome that step 'beoordeling' "
                                    "offers here")
    assert snapshot(about_member) == before
    about_mayor.record("beoordeling", "naar_cvdk", "2026-01-06")
    assert about_mayor.closed is not None


def test_bad_input_is_an_error_a_caller_can_catch(minimal: Protocol, engine: CaseEngine) -> None:
    with pytest.raises(ScenarioNotCovered, match="ambtenaar"):
        engine.open(minimal, {"reporter": "raadslid", "subject": "ambtenaar",
                              "act": "uitgevoerd"}, "2026-01-05")
    with pytest.raises(ScenarioNotCovered):      # the one burgemeester cannot doubt a colleague
        engine.open(minimal, Scenario("burgemeester", "burgemeester", "uitgevoerd"), "2026-01-05")
    with pytest.raises(ScenarioNotCovered):
        engine.open(minimal, {"reporter": "raadslid"}, "2026-01-05")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "5 januari")
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05", case_id="z-1")
    with pytest.raises(ValueError):
        case.record("melding", "gemeld", "2026-13-01")
    with pytest.raises(CaseError, match="already open"):
        engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05", case_id="z-1")


# --------------------------------------------------------------------------- deadlines


def test_due_dates_from_the_step_the_case_or_a_named_step(engine: CaseEngine) -> None:
    text = (MINIMAL_TEXT
            .replace("    title: Opdracht tot onderzoek\n",
                     "    title: Opdracht tot onderzoek\n"
                     "    deadline: {amount: 30, unit: dagen, from: case}\n")
            .replace("    title: Hoor en wederhoor op het conceptrapport\n",
                     "    title: Hoor en wederhoor op het conceptrapport\n"
                     "    deadline: {amount: 2, unit: weken, from: beoordeling}\n"))
    protocol = protocol_from(text)
    case = engine.open(protocol, BURGEMEESTER_OVER_RAADSLID, "2025-12-19")
    assert case.open_steps()[0].due == D(2026, 1, 7)          # 10 werkdagen from the step (2 Jan 2026 counts: no cited decree)
    case.record("melding", "gemeld", "2025-12-22")
    assert case.open_steps()[0].due is None                   # beoordeling: no deadline
    case.record("beoordeling", "onderzoekswaardig", "2026-01-05")
    [opdracht] = case.open_steps(as_of="2026-01-18")
    assert (opdracht.due, opdracht.overdue) == (D(2026, 1, 18), False)   # 30 days from opening
    assert case.open_steps(as_of="2026-01-19")[0].overdue
    assert opdracht.deadline == "30 dagen na opening van de zaak"
    case.record("opdracht", "verleend", "2026-01-09")
    case.record("onderzoek", "concept_gereed", "2026-01-12")
    [wederhoor] = case.open_steps(as_of="2026-01-12")
    assert wederhoor.due == D(2026, 1, 19)                    # 2 weken from beoordeling's outcome


def test_overdue_is_relative_to_as_of_and_never_reads_the_clock(minimal: Protocol,
                                                                 engine: CaseEngine) -> None:
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2020-01-06")
    [step] = case.open_steps(as_of="2020-01-20")
    assert step.due == D(2020, 1, 20) and not step.overdue   # due day itself is in time
    assert case.open_steps(as_of=D(2020, 1, 21))[0].overdue
    assert [s.step for s in case.overdue(as_of="2020-02-01")] == ["melding"]
    # Without as_of the case is read as of the latest date it knows (not today, 2020+).
    assert case.latest_date() == D(2020, 1, 6)
    assert not case.open_steps()[0].overdue and case.overdue() == ()


# --------------------------------------------------------------------------- storage


def test_replaying_the_log_rebuilds_the_same_state(minimal: Protocol, engine: CaseEngine) -> None:
    case = engine.open(minimal, RAADSLID_OVER_BURGEMEESTER, "2025-12-19", case_id="2025-017")
    for step, outcome, day in [("melding", "gemeld", "2025-12-19"),
                               ("beoordeling", "onderzoekswaardig", "2026-01-05")]:
        case.record(step, outcome, day)
    stored = case.to_json()
    data = json.loads(stored)
    assert data["format"] == "protocolkit.case/1" and data["id"] == "2025-017"
    assert data["protocol"]["ruleset"] == compile_protocol(minimal).name
    assert data["events"][1] == {"step": "beoordeling", "outcome": "onderzoekswaardig",
                                 "date": "2026-01-05"}
    other = CaseEngine(max_live=4)
    restored = other.restore(minimal, stored)
    assert snapshot(restored) == snapshot(case)
    assert other.restore(minimal, {**data, "id": "kopie"}).trace() == case.trace()
    restored.record("opdracht", "verleend", "2026-01-09")
    case.record("opdracht", "verleend", "2026-01-09")
    assert snapshot(restored) == snapshot(case)
    with pytest.raises(CaseError, match="already open"):
        engine.restore(minimal, stored)
    other.close()


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="iets anders"), "not a stored case"),
    (lambda d: d.update(extra=1), "not a stored case"),
    (lambda d: d["events"][0].update(date="gisteren"), "not a stored case"),
    (lambda d: d["events"][0].update(outcome="ingetrokken"), "event 1"),
    (lambda d: d["scenario"].update(subject="ambtenaar"), "ambtenaar"),
    (lambda d: d["protocol"].update(identity="sha256:0000"), "migrate=True"),
])
def test_a_broken_record_is_refused_with_a_reason(minimal: Protocol, engine: CaseEngine,
                                                  change: Any, message: str) -> None:
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    case.record("melding", "gemeld", "2026-01-05")
    data = case.to_dict()
    change(data)
    other = CaseEngine(max_live=4)
    with pytest.raises(CaseRecordError, match=message):
        other.restore(minimal, data)
    assert len(other) == 0
    with pytest.raises(CaseRecordError):
        other.restore(minimal, "{not json")


def test_a_record_of_an_older_version_is_replayed_when_asked(minimal: Protocol) -> None:
    old = CaseEngine(max_live=4)
    case = old.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    case.record("melding", "gemeld", "2026-01-05")
    newer = protocol_from(MINIMAL_TEXT.replace('version: "1.0"', 'version: "1.1"').replace(
        "    title: Eindoordeel\n    actor: gemeenteraad",
        "    title: Eindoordeel\n    actor: burgemeester"))
    with pytest.raises(CaseRecordError, match="1.1"):
        CaseEngine(max_live=4).restore(newer, case.to_json())
    migrated = CaseEngine(max_live=4).restore(newer, case.to_json(), migrate=True)
    assert migrated.events == case.events
    assert migrated.to_dict()["protocol"]["version"] == "1.1"


# --------------------------------------------------------------------------- isolation


def test_protocols_and_cases_run_side_by_side(minimal: Protocol, engine: CaseEngine) -> None:
    # A second protocol where the raad judges through a werkgeverscommissie-like body:
    # here the oordeel is the burgemeester's. Both rule sets live in one engine.
    other = protocol_from(MINIMAL_TEXT.replace(
        "    title: Eindoordeel\n    actor: gemeenteraad",
        "    title: Eindoordeel\n    actor: burgemeester"))
    assert compile_protocol(other).name != compile_protocol(minimal).name
    cases = [engine.open(p, BURGEMEESTER_OVER_RAADSLID, "2026-01-05", case_id=f"{i}")
             for i, p in enumerate([minimal, other] * 3)]
    for case in cases:
        for step, outcome in [("melding", "gemeld"), ("beoordeling", "onderzoekswaardig"),
                              ("opdracht", "verleend"), ("onderzoek", "concept_gereed"),
                              ("wederhoor", "schending")]:
            case.record(step, outcome, "2026-01-06")
    actors = [case.open_steps()[0].actor for case in cases]
    assert actors == ["gemeenteraad", "burgemeester"] * 3
    assert len(engine.stats()) == 2


def test_case_ids_that_collide_in_durable_rules_do_not_share_facts(
        minimal: Protocol, engine: CaseEngine) -> None:
    # "case-478212" and "case-1221200" have the same FNV-1a hash; as durable-rules sids
    # they would be one state. Here they are two cases with their own facts.
    first = engine.open(minimal, RAADSLID_OVER_BURGEMEESTER, "2026-01-05", case_id="case-478212")
    second = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-02-02",
                         case_id="case-1221200")
    first.record("melding", "gemeld", "2026-01-06")
    assert {f.get("date", f.get("since")) for f in second.facts()} == {"2026-02-02"}
    assert len(second.facts()) == 2 and len(first.facts()) == 5
    assert {f.get("s_subject") for f in first.facts()} == {"burgemeester", None}
    assert second.open_steps()[0].step == "melding"
    assert first.open_steps()[0].actor == "cvdk"


def test_a_dropped_case_is_gone(minimal: Protocol, engine: CaseEngine) -> None:
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05", case_id="weg")
    record = case.to_dict()
    case.drop()
    assert len(engine) == 0
    with pytest.raises(KeyError):
        engine.get("weg")
    with pytest.raises(CaseError, match="dropped"):
        case.record("melding", "gemeld", "2026-01-06")
    assert engine.restore(minimal, record).open_steps()[0].step == "melding"


# --------------------------------------------------------------------------- engine failures


def test_an_engine_failure_leaves_the_case_as_it_was(minimal: Protocol, engine: CaseEngine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    case.record("melding", "gemeld", "2026-01-05")
    before = snapshot(case)
    session = case._session
    original = Session.assert_fact
    calls = {"n": 0}

    def fail_once(self: Session, fact: Any) -> list[dict[str, Any]]:
        if self is session:
            calls["n"] += 1
            if calls["n"] == 1:
                self.reset()                  # what the adapter does on a failure
                raise RulesError("a rule action failed", kind="action-failed",
                                 original="simulated")
        return original(self, fact)

    monkeypatch.setattr(Session, "assert_fact", fail_once)
    with pytest.raises(EngineError, match="unchanged"):
        case.record("beoordeling", "onderzoekswaardig", "2026-01-06")
    assert snapshot(case) == before           # rebuilt from the event log
    case.record("beoordeling", "onderzoekswaardig", "2026-01-06")
    assert case.open_steps()[0].step == "opdracht"


def test_the_engine_is_checked_against_the_semantics(minimal: Protocol,
                                                    engine: CaseEngine) -> None:
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    before = snapshot(case)
    actors = compile_protocol(minimal).ruleset.actions["open:beoordeling"].lookup["actor"][1]
    key = case._plan.key
    saved = actors[key]
    actors[key] = "stuurgroep"                # a corrupted rule action
    try:
        with pytest.raises(EngineError, match="stuurgroep"):
            case.record("melding", "gemeld", "2026-01-05")
        assert snapshot(case) == before
    finally:
        actors[key] = saved
    case.record("melding", "gemeld", "2026-01-05")
    assert case.open_steps()[0].actor == "burgemeester"


# --------------------------------------------------------------------------- other programs' words


def test_what_another_program_found_is_said_in_dutch_its_words_marked(
        minimal: Protocol, engine: CaseEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """pydantic's, json's and durable-rules' own English reach a Dutch reader only after
    our words for what went wrong, marked as theirs and untranslated."""
    from protocolkit.engine.case import parse_record

    record = {"format": "protocolkit.case/1", "id": 5, "opened": "2026-01-05",
              "events": [{"step": 3}]}
    with pytest.raises(CaseRecordError) as stored:
        parse_record(json.dumps(record))
    said = stored.value.render("nl")
    assert said.startswith("geen vastgelegde zaak: veld 'id': een zaak-id is een tekst van "
                           "1 tot 200 afdrukbare tekens, niet '5'; het verplichte veld "
                           "'protocol' ontbreekt; het verplichte veld 'scenario' ontbreekt; "
                           "en nog "), said
    assert "validation error" not in said and "StoredCase" not in said
    with pytest.raises(CaseRecordError) as not_json:
        parse_record("{nope")
    assert not_json.value.render("nl") == (
        "geen vastgelegde zaak: het is geen JSON (regel 1, kolom 2) "
        "(json, onvertaald: \"Expecting property name enclosed in double quotes\")")
    with pytest.raises(CaseRecordError) as listed:
        parse_record("[1]")
    assert listed.value.render("nl") == "geen vastgelegde zaak: het is een list, geen JSON-object"
    with pytest.raises(CaseInputError) as scenario:
        engine.open(minimal, {**BURGEMEESTER_OVER_RAADSLID, "own": "false"}, "2026-01-05")
    assert scenario.value.render("nl") == (
        "geen geldig scenario: veld 'own': de waarde moet true of false zijn, niet 'false'")
    case = engine.open(minimal, BURGEMEESTER_OVER_RAADSLID, "2026-01-05")
    session, original = case._session, Session.assert_fact

    def refuse_once(self: Session, fact: Any) -> list[dict[str, Any]]:
        monkeypatch.setattr(Session, "assert_fact", original)   # the rebuild succeeds
        self.reset()
        raise RulesError("the rules engine refused a fact", kind="fact-refused",
                         original="Could not assert fact")

    monkeypatch.setattr(Session, "assert_fact", refuse_once)
    with pytest.raises(EngineError) as failed:
        case.record("melding", "gemeld", "2026-01-05")
    assert failed.value.render("nl").startswith(
        "de regelengine faalde (de regelengine weigerde een feit (durable-rules, onvertaald: "
        "\"Could not assert fact\")); ")
    assert str(failed.value).startswith(
        "the rules engine failed (the rules engine refused a fact (durable-rules said: "
        "\"Could not assert fact\")); ")
    assert session is case._session


def test_a_pydantic_error_we_have_no_words_for_is_marked_as_pydantic_s() -> None:
    from pydantic import BaseModel, Field, ValidationError

    from protocolkit.format.loader import validation_text

    class Short(BaseModel):
        items: list[int] = Field(max_length=1)

    with pytest.raises(ValidationError) as error:
        Short.model_validate({"items": [1, 2]})
    assert validation_text(error.value, {"items": [1, 2]}, Short).render("nl") == (
        "veld 'items': de waarde heeft niet de goede vorm (pydantic, onvertaald: "
        "\"List should have at most 1 item after validation, not 2\")")
