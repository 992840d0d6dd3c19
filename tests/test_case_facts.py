"""Facts of a case, the day a melding came in, and strict scenario input.

The Oostzaan expectations are written from the text
(shared/sources/oostzaan_afspraken_handhaving_integriteit.txt), not from running the code:

* art. 2.2 lid 1: the burgemeester judges whether the melding "binnen vier jaar na de
  vermeende feiten is ingediend" (sub b); only then "besluit de burgemeester een
  vooronderzoek (eerste screening) in te stellen";
* art. 2.2 lid 2: "Dateren de vermeende feiten van langer dan vier jaar geleden dan kan de
  burgemeester alleen in zwaarwegende gevallen, gemotiveerd afwijken van de in lid 1
  gestelde eis"; otherwise "niet voort te zetten of de melder gelegenheid te bieden tot
  nadere onderbouwing";
* art. 2.1 lid 4: "binnen tien werkdagen na zijn melding" a written acknowledgement.

Four years are counted on the calendar from the date of the facts to the day the melding
came in (*ingediend*): facts of 20 April 2022 and a melding of 20 April 2026 lie within
four years (the term ends on the anniversary), facts of 19 April 2022 do not.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.cli import main
from protocolkit.engine import CaseEngine
from protocolkit.engine.case import CaseInputError, EngineError, EventRefused
from protocolkit.engine.casefile import simulate_file
from protocolkit.engine.compiler import compile_protocol
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.semantics import route_graph

from .strategies import examples, protocols

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
D = dt.date

BURGER = {"reporter": "burger", "subject": "wethouder", "act": "uitgevoerd",
          "attributes": {"aanleiding": "vermoeden"}}


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    result = load_protocol(OOSTZAAN)
    assert result.protocol is not None, [f.render() for f in result.findings]
    return result.protocol


@pytest.fixture
def engine() -> CaseEngine:
    engine = CaseEngine()
    yield engine
    engine.close()


def at_toets(engine: CaseEngine, protocol: Protocol, facts: dict[str, Any],
             melding: str = "2026-04-20") -> Any:
    """A burger's melding that came in on ``melding``, acknowledged, at the toets."""
    case = engine.open(protocol, BURGER, melding, facts=facts)
    case.record("melding", "gemeld", melding)
    case.record("ontvangstbevestiging", "bevestigd", "2026-04-24")
    assert tuple(case.accepts()) == ("ontvankelijkheidstoets",)
    return case


# --------------------------------------------------------------------- art. 2.2


@pytest.mark.parametrize("facts", ["2023-03-01", "2022-04-20"])
def test_recent_facts_are_ontvankelijk_and_the_exception_is_refused(
        engine: CaseEngine, oostzaan: Protocol, facts: str) -> None:
    case = at_toets(engine, oostzaan, {"datum_vermeende_feiten": facts})
    with pytest.raises(EventRefused) as refused:
        case.record("ontvankelijkheidstoets", "ouder_dan_vier_jaar_zwaarwegend", "2026-05-01")
    assert refused.value.reason == "fact-condition"
    assert refused.value.source == ("art. 2.2 lid 2",)
    assert "art. 2.2 lid 2" in str(refused.value)
    # What the refusal says is allowed does not offer the outcome it just refused.
    assert "ouder_dan_vier_jaar_zwaarwegend" not in refused.value.allowed["ontvankelijkheidstoets"]
    assert "ontvankelijk" in refused.value.allowed["ontvankelijkheidstoets"]
    assert case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-05-01") == (
        "advies_eerste_screening",)


@pytest.mark.parametrize("facts", ["2022-04-19", "2019-01-01"])
def test_facts_older_than_four_years_need_the_reasoned_exception(
        engine: CaseEngine, oostzaan: Protocol, facts: str) -> None:
    case = at_toets(engine, oostzaan, {"datum_vermeende_feiten": facts})
    with pytest.raises(EventRefused) as refused:
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-05-01")
    assert refused.value.reason == "fact-condition"
    assert refused.value.source == ("art. 2.2 lid 1",)
    assert "art. 2.2 lid 1" in refused.value.message and facts in refused.value.message
    assert "ontvankelijk" not in refused.value.allowed["ontvankelijkheidstoets"]
    assert "ouder_dan_vier_jaar_zwaarwegend" in refused.value.allowed["ontvankelijkheidstoets"]
    assert case.accepts()["ontvankelijkheidstoets"]          # the case is unchanged
    assert case.record("ontvankelijkheidstoets", "ouder_dan_vier_jaar_zwaarwegend",
                       "2026-05-01") == ("advies_eerste_screening",)


def test_old_facts_can_still_be_not_continued_or_sent_back(
        engine: CaseEngine, oostzaan: Protocol) -> None:
    # Lid 2: "niet voort te zetten of de melder gelegenheid te bieden tot nadere onderbouwing".
    case = at_toets(engine, oostzaan, {"datum_vermeende_feiten": "2015-06-01"})
    assert case.record("ontvankelijkheidstoets", "niet_voortzetten", "2026-05-01") == (
        "kennisgeving_niet_voortzetten",)


def test_four_years_count_to_the_melding_not_to_the_decision(
        engine: CaseEngine, oostzaan: Protocol) -> None:
    # Sub b: "binnen vier jaar na de vermeende feiten is ingediend". Facts of 1 May 2022,
    # melding 20 April 2026 (within), decision 1 June 2026 (more than four years after
    # the facts): still ontvankelijk, the reading chosen in docs/protocols/oostzaan.md.
    case = at_toets(engine, oostzaan, {"datum_vermeende_feiten": "2022-05-01"})
    assert case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-06-01")


def test_without_the_date_of_the_facts_the_toets_cannot_decide(
        engine: CaseEngine, oostzaan: Protocol) -> None:
    case = at_toets(engine, oostzaan, {})
    with pytest.raises(EventRefused) as refused:
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-05-01")
    assert refused.value.reason == "fact-missing"
    assert "datum_vermeende_feiten" in refused.value.message
    # The hint is words a griffier follows, not the name of a Python method.
    dutch = refused.value.render("nl")
    assert "of leg het later vast als feit van de zaak, met zijn datum" in dutch, dutch
    assert "record_fact" not in dutch and "record_fact" not in refused.value.message


@pytest.mark.parametrize(("facts", "out", "reason"), [
    ({"datum_vermeende_feiten": "2019-01-01"}, {"ontvankelijk"}, "fact-condition"),
    ({"datum_vermeende_feiten": "2023-03-01"}, {"ouder_dan_vier_jaar_zwaarwegend"},
     "fact-condition"),
    ({}, {"ontvankelijk", "ouder_dan_vier_jaar_zwaarwegend"}, "fact-missing")])
def test_open_steps_mark_the_outcomes_the_facts_rule_out(
        engine: CaseEngine, oostzaan: Protocol, facts: dict[str, str], out: set[str],
        reason: str) -> None:
    """Audit 10, O9: the open toets offered 'ontvankelijk' for facts of 2021 although
    recording it is refused. Each open outcome now says whether the facts rule it out,
    exactly where the event would be refused."""
    case = at_toets(engine, oostzaan, facts)
    [toets] = case.open_steps("2026-05-01")
    assert set(toets.ruled_out) == out
    assert {r for r, _ in toets.ruled_out.values()} == {reason}
    for outcome in case.accepts()["ontvankelijkheidstoets"]:
        fresh = at_toets(engine, oostzaan, facts)
        try:
            fresh.record("ontvankelijkheidstoets", outcome, "2026-05-01")
        except EventRefused:
            assert outcome in out
        else:
            assert outcome not in out


def test_simulate_says_why_an_open_outcome_cannot_be_chosen(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "oud.yaml"
    path.write_text(
        "scenario: {reporter: burger, subject: wethouder, act: uitgevoerd,\n"
        "           attributes: {aanleiding: vermoeden}}\n"
        "opened: 2026-04-20\nfacts: {datum_vermeende_feiten: 2021-03-01}\nevents:\n"
        "  - {step: melding, outcome: gemeld, date: 2026-04-20}\n"
        "  - {step: ontvangstbevestiging, outcome: bevestigd, date: 2026-04-22}\n",
        encoding="utf-8")
    assert main(["simulate", str(OOSTZAAN), str(path), "--as-of", "2026-05-01",
                 "--lang", "nl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("   - ontvankelijk: "))
    assert lines[at + 1] == (
        "     nu niet mogelijk: vereist Datum van de vermeende feiten ligt ten hoogste 4 jaar "
        "voor de dag van ontvangst (art. 2.2 lid 1); datum_vermeende_feiten is 2021-03-01, meer "
        "dan 4 jaar voor 2026-04-20")
    assert lines[at + 2].startswith("   - ouder_dan_vier_jaar_zwaarwegend: ")
    assert main(["simulate", str(OOSTZAAN), str(path), "--as-of", "2026-05-01",
                 "--format", "json"]) == 0
    [toets] = json.loads(capsys.readouterr().out)["open_steps"]
    marks = {o["id"]: o["ruled_out"] for o in toets["outcomes"]}
    assert marks["ontvankelijk"]["reason"] == "fact-condition"
    assert marks["ouder_dan_vier_jaar_zwaarwegend"] is None


def test_a_doubt_that_becomes_a_melding_counts_from_the_melding(
        engine: CaseEngine, oostzaan: Protocol) -> None:
    # Art. 1.2 lid 2: twijfels are discussed first; the melding (art. 2.1) comes later.
    # The four years and the ten werkdagen run from the melding, not from the talk.
    case = engine.open(oostzaan, {"reporter": "raadslid", "subject": "wethouder",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "twijfel"}},
                       "2026-01-05", facts={"datum_vermeende_feiten": "2022-03-01"})
    case.record("aanspreken", "vermoeden_schending", "2026-02-02")
    assert case.ontvangst is None
    case.record("melding", "gemeld", "2026-04-20")
    assert case.ontvangst == D(2026, 4, 20)
    [ack] = case.open_steps(as_of="2026-04-21")
    assert ack.due == D(2026, 5, 6) and ack.runs_from == "ontvangst"
    case.record("ontvangstbevestiging", "bevestigd", "2026-04-22")
    # 1 March 2022 + 4 years = 1 March 2026 < 20 April 2026: older than four years.
    with pytest.raises(EventRefused):
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-23")


def test_the_rules_engine_enforces_the_condition_itself(
        engine: CaseEngine, oostzaan: Protocol, monkeypatch: pytest.MonkeyPatch) -> None:
    # Injected bug: the semantic check lets everything through. The compiled rule still
    # compares the margin, so no step opens and the engine reports the disagreement.
    import protocolkit.engine.case as case_module

    case = at_toets(engine, oostzaan, {"datum_vermeende_feiten": "2015-01-01"})
    monkeypatch.setattr(case_module, "fact_condition_holds", lambda condition, margin: True)
    with pytest.raises(EngineError):
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-05-01")
    assert tuple(case.accepts()) == ("ontvankelijkheidstoets",)


def test_facts_and_received_survive_a_restore(engine: CaseEngine, oostzaan: Protocol) -> None:
    case = engine.open(oostzaan, BURGER, "2026-04-23", received="2026-04-20",
                       facts={"datum_vermeende_feiten": "2023-03-01"})
    case.record("melding", "gemeld", "2026-04-23")
    record = case.to_dict()
    assert record["received"] == "2026-04-20"
    assert record["facts"] == {"datum_vermeende_feiten": "2023-03-01"}
    restored = CaseEngine().restore(oostzaan, json.dumps(record))
    assert restored.received == D(2026, 4, 20) and restored.to_dict() == record
    assert restored.open_steps()[0].due == D(2026, 5, 6)


# --------------------------------------------------------------------- art. 2.1 lid 4


def test_acknowledgement_runs_from_the_day_the_melding_came_in(
        engine: CaseEngine, oostzaan: Protocol) -> None:
    # Counted by hand: see test_engine_calendar; due Wednesday 6 May 2026.
    registered_later = engine.open(oostzaan, BURGER, "2026-04-23", received="2026-04-20")
    registered_later.record("melding", "gemeld", "2026-04-23")
    [ack] = registered_later.open_steps(as_of="2026-04-23")
    assert (ack.due, ack.runs_from, ack.runs_from_date) == (
        D(2026, 5, 6), "ontvangst", D(2026, 4, 20))
    # Registered the same day: the same due date.
    same_day = engine.open(oostzaan, BURGER, "2026-04-20")
    same_day.record("melding", "gemeld", "2026-04-20")
    assert same_day.open_steps(as_of="2026-04-20")[0].due == D(2026, 5, 6)


def test_simulate_shows_where_the_deadline_runs_from(capsys: pytest.CaptureFixture[str]) -> None:
    case_file = ROOT / "tests" / "data" / "cases" / "oostzaan_ontvangst.yaml"
    code = main(["simulate", str(OOSTZAAN), str(case_file), "--as-of", "2026-05-06",
                 "--format", "json"])
    out, _ = capsys.readouterr()
    data = json.loads(out)
    assert code == 0
    assert (data["opened"], data["received"]) == ("2026-04-23", "2026-04-20")
    [ack] = data["open_steps"]
    assert ack["due"] == "2026-05-06" and not ack["overdue"]
    assert ack["runs_from"] == {"rule": "ontvangst", "date": "2026-04-20", "title": None}
    main(["simulate", str(OOSTZAAN), str(case_file), "--as-of", "2026-05-06", "--lang", "nl"])
    out, _ = capsys.readouterr()
    assert "loopt vanaf ma 2026-04-20 (ontvangst van de melding)" in out
    assert "ontvangen ma 2026-04-20 (geregistreerd do 2026-04-23)" in out


def test_received_cannot_lie_after_registration(engine: CaseEngine, oostzaan: Protocol) -> None:
    with pytest.raises(CaseInputError) as error:
        engine.open(oostzaan, BURGER, "2026-04-20", received="2026-04-23")
    assert error.value.field == "received"


# --------------------------------------------------------------------- strict input


def test_a_typo_in_an_attribute_is_refused_with_did_you_mean(
        engine: CaseEngine, oostzaan: Protocol) -> None:
    scenario = {"reporter": "raadslid", "subject": "wethouder", "act": "uitgevoerd",
                "attributes": {"aanleidng": "twijfel"}}
    with pytest.raises(CaseInputError) as error:
        engine.open(oostzaan, scenario, "2026-04-20")
    assert "did you mean `aanleiding`" in str(error.value)
    assert len(engine) == 0


def test_an_attribute_without_a_default_must_be_given(
        engine: CaseEngine, oostzaan: Protocol) -> None:
    # Oostzaan declares aanleiding required: twijfels and a vermoeden take other routes.
    with pytest.raises(CaseInputError, match="'aanleiding' has no default"):
        engine.open(oostzaan, {"reporter": "raadslid", "subject": "wethouder",
                               "act": "uitgevoerd"}, "2026-04-20")
    # betrokken_functionaris has a default (geen) and may be left out.
    case = engine.open(oostzaan, BURGER, "2026-04-20")
    assert dict(case.scenario.attributes)["betrokken_functionaris"] == "geen"


@pytest.mark.parametrize(("scenario", "facts", "expected"), [
    ({**BURGER, "attributes": {"aanleiding": "vermoedn"}}, {}, "did you mean `vermoeden`"),
    ({**BURGER, "aanleiding": "vermoeden"}, {}, "put it under 'attributes'"),
    (BURGER, {"datum_feiten": "2020-01-01"}, "did you mean `datum_vermeende_feiten`"),
    (BURGER, {"datum_vermeende_feiten": "1 maart 2020"}, "YYYY-MM-DD"),
])
def test_other_bad_input_is_refused(engine: CaseEngine, oostzaan: Protocol,
                                    scenario: dict[str, Any], facts: dict[str, Any],
                                    expected: str) -> None:
    with pytest.raises(CaseInputError, match=expected.replace("`", ".").replace("'", ".")):
        engine.open(oostzaan, scenario, "2026-04-20", facts=facts)


def test_the_cli_refuses_an_attribute_typo(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("responsibilities", "route"):
        code = main([command, str(OOSTZAAN), "--reporter", "raadslid", "--subject",
                     "wethouder", "--act", "uitgevoerd", "--attr", "aanleidng=twijfel"])
        _, err = capsys.readouterr()
        assert code == 2 and "did you mean `aanleiding`" in err, (command, err)
    code = main(["route", str(OOSTZAAN), "--reporter", "raadslid", "--subject", "wethouder",
                 "--act", "uitgevoerd"])
    _, err = capsys.readouterr()
    assert code == 2 and "'aanleiding' has no default" in err


def test_a_case_file_with_a_typo_is_a_located_finding(oostzaan: Protocol) -> None:
    sim = simulate_file(oostzaan, ROOT / "tests" / "data" / "cases" / "oostzaan_typo.yaml",
                        as_of="2026-05-01")
    [found] = sim.findings
    assert found.code == "invalid-case-input" and sim.exit_code() == 1
    assert found.location is not None and found.location.line == 6
    assert sim.case is None


# --------------------------------------------------------------------- the format


def test_fact_conditions_are_checked_when_the_protocol_is_loaded() -> None:
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    assert "outcomes:\n      - {id: gemeld, next: beoordeling}" in text
    bad = text.replace(
        "outcomes:\n      - {id: gemeld, next: beoordeling}",
        "outcomes:\n      - id: gemeld\n        next: beoordeling\n        requires:\n"
        "          - {fact: datum_feit, within: {amount: 4, unit: jaren}, at: meldng,"
        " source: \"art. 2\"}")
    bad += ("\nfacts:\n  - {id: datum_feiten, label: Datum van de feiten, source: \"art. 2\"}\n")
    result = load_text(bad, "variant.yaml")
    codes = {(f.code, f.hint) for f in result.findings}
    assert ("unknown-fact", "did you mean `datum_feiten`?") in codes
    assert any(code == "unknown-step" for code, _ in codes)
    both = bad.replace("within: {amount: 4, unit: jaren}",
                       "within: {amount: 4, unit: jaren}, older_than: {amount: 1, unit: dagen}")
    assert any(f.code == "invalid-value" and "exactly one" in f.message
               for f in load_text(both, "variant.yaml").findings)


def test_required_must_name_a_declared_attribute() -> None:
    text = OOSTZAAN.read_text(encoding="utf-8").replace(
        "required: [aanleiding]", "required: [aanleidng]")
    result = load_text(text, "oostzaan.yaml")
    assert result.protocol is None
    assert any("aanleidng" in f.message for f in result.findings)


# --------------------------------------------------------------------- generated


@settings(deadline=None, max_examples=examples(25),
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_cases_follow_the_route_graph_and_the_rules_agree_on_facts(
        data: st.DataObject) -> None:
    # Every event the engine accepts follows an edge of the route graph; an offered outcome
    # is refused only for its fact conditions, never by a disagreement of the compiled
    # rules with the semantics (that would be an EngineError).
    protocol = data.draw(protocols(), label="protocol")
    plans = list(compile_protocol(protocol).plans.values())
    plan = data.draw(st.sampled_from(plans), label="scenario")
    graph = route_graph(protocol, plan.scenario)
    day = D(2026, 1, 5)
    facts = {f.id: data.draw(st.dates(D(2000, 1, 1), day), label=f.id) for f in protocol.facts}
    engine = CaseEngine(max_live=4)
    case = engine.open(protocol, plan.scenario, day, facts=facts)
    for _ in range(40):
        accepts = case.accepts()
        if not accepts:
            break
        if protocol.facts and data.draw(st.booleans(), label="learn a fact"):
            # A fact learnt later (a fact event) replaces the one given at opening.
            learnt = data.draw(st.sampled_from([f.id for f in protocol.facts]), label="fact")
            case.record_fact(learnt, data.draw(st.dates(D(2000, 1, 1), day), label="value"),
                             day)
            facts[learnt] = case.current_facts[learnt]
        # Several steps are open at once when a parallel track runs: any may move.
        step = data.draw(st.sampled_from(sorted(accepts)), label="open step")
        outcomes = accepts[step]
        outcome = data.draw(st.sampled_from(sorted(outcomes)), label=f"outcome of {step}")
        day += dt.timedelta(days=data.draw(st.integers(0, 400), label="days"))
        try:
            case.record(step, outcome, day)
        except EventRefused as refusal:
            assert refusal.reason in ("fact-condition", "fact-missing"), refusal
            assert any(o.id == outcome and o.requires for o in protocol.step(step).outcomes)
            assert case.accepts() == accepts
            case.record(step, "o0", day)        # o0 never has a condition
    trace = case.trace()
    # every step after the first was opened by an earlier step's outcome, along an edge
    # (its next step, or a track it opened)
    for position, there in enumerate(trace[1:], start=1):
        assert any(here.outcome is not None and (
            graph.has_edge(here.step, there.step, key=here.outcome)
            or graph.has_edge(here.step, there.step, key=f"{here.outcome}>{there.step}"))
            for here in trace[:position]), there
    for entry in trace:        # every actor of a (generated) joint step, in order
        assert entry.actors == tuple(a.role for a in graph.nodes[entry.step]["view"].actors)
    assert case.current_facts == facts
    again = CaseEngine(max_live=2).restore(protocol, case.to_json())   # fact events replay
    assert again.trace() == trace and again.current_facts == facts
    engine.close()
