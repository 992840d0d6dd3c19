"""A fact of a case learnt after the melding (issue 13, item 6): recorded as an event,
strict like all input, kept in the log with its audit trail, corrected by a correction,
replayed on restore, and the fact conditions of later outcomes judged on it (Oostzaan
art. 2.2: "binnen vier jaar na de vermeende feiten")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from protocolkit.engine import CaseEngine, CaseInputError, EventRefused
from protocolkit.format.loader import load_protocol
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
SCENARIO = {"reporter": "burger", "subject": "wethouder", "act": "uitgevoerd",
            "attributes": {"aanleiding": "vermoeden"}}
FACT = "datum_vermeende_feiten"


@pytest.fixture(scope="module")
def oostzaan():
    return load_protocol(OOSTZAAN).protocol


@pytest.fixture
def engine():
    engine = CaseEngine()
    yield engine
    engine.close()


def _to_the_toets(case) -> None:
    case.record("melding", "gemeld", "2026-04-20")
    case.record("ontvangstbevestiging", "bevestigd", "2026-04-21")


def test_a_fact_learnt_later_decides_ontvankelijkheid(engine, oostzaan) -> None:
    """Art. 2.2 lid 1 sub b and lid 2: facts of 2021 learnt after the melding of
    20 April 2026 are older than four years: `ontvankelijk` is refused, naming the
    article, and only the reasoned exception lets them through."""
    case = engine.open(oostzaan, SCENARIO, "2026-04-20")
    _to_the_toets(case)
    with pytest.raises(EventRefused) as missing:
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-22")
    assert missing.value.reason == "fact-missing"
    case.record_fact(FACT, "2021-03-01", "2026-04-22", recorded_by="griffier",
                     note="melder noemde de datum in het gesprek")
    assert case.current_facts == {FACT: dt.date(2021, 3, 1)}
    assert case.facts_given == {}                       # given at opening: none
    with pytest.raises(EventRefused) as refused:
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-23")
    assert refused.value.reason == "fact-condition"
    assert refused.value.source == ("art. 2.2 lid 1",)
    case.record("ontvankelijkheidstoets", "ouder_dan_vier_jaar_zwaarwegend", "2026-04-23")
    [event] = [e for e in case.events if e.kind == "fact"]
    assert event.to_dict()["fact"] == FACT and event.to_dict()["value"] == "2021-03-01"
    assert (event.recorded_by, event.note) == ("griffier", "melder noemde de datum in het gesprek")


def test_a_later_fact_overrides_the_one_given_at_opening(engine, oostzaan) -> None:
    case = engine.open(oostzaan, SCENARIO, "2026-04-20", facts={FACT: "2025-11-20"})
    _to_the_toets(case)
    case.record_fact(FACT, "2020-01-01", "2026-04-22")    # the earlier date proved wrong
    with pytest.raises(EventRefused) as refused:
        case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-23")
    assert refused.value.reason == "fact-condition"
    # The correction withdraws the fact event: the recent date holds again.
    case.correct(3, "verkeerde datum ingevoerd", "2026-04-23", recorded_by="griffier")
    case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-23")
    assert [e.kind for e in case.events] == ["outcome", "outcome", "fact", "correction",
                                             "outcome"]


def test_the_exception_is_refused_once_a_recent_date_is_learnt(engine, oostzaan) -> None:
    case = engine.open(oostzaan, SCENARIO, "2026-04-20")
    _to_the_toets(case)
    case.record_fact(FACT, "2025-11-20", "2026-04-22")
    with pytest.raises(EventRefused) as refused:
        case.record("ontvankelijkheidstoets", "ouder_dan_vier_jaar_zwaarwegend", "2026-04-22")
    assert (refused.value.reason, refused.value.source) == ("fact-condition", ("art. 2.2 lid 2",))
    case.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-22")


def test_fact_input_is_strict(engine, oostzaan) -> None:
    case = engine.open(oostzaan, SCENARIO, "2026-04-20")
    before = case.to_dict()
    with pytest.raises(CaseInputError) as typo:
        case.record_fact("datum_vermeende_feitn", "2021-03-01", "2026-04-22")
    assert "did you mean `datum_vermeende_feiten`" in str(typo.value)
    assert typo.value.field == "facts"
    with pytest.raises(CaseInputError):
        case.record_fact(FACT, "maart 2021", "2026-04-22")     # not a date
    with pytest.raises(EventRefused) as early:
        case.record_fact(FACT, "2021-03-01", "2026-04-19")     # before the melding came in
    assert early.value.reason == "date-before-case"
    with pytest.raises(EventRefused) as future:
        case.record_fact(FACT, "2021-03-01", "2026-04-25", as_of="2026-04-24")
    assert future.value.reason == "date-after-as-of"
    assert case.to_dict() == before


def test_a_correction_that_leaves_a_later_outcome_without_ground_is_refused(
        engine, oostzaan) -> None:
    case = engine.open(oostzaan, SCENARIO, "2026-04-20")
    _to_the_toets(case)
    case.record_fact(FACT, "2021-03-01", "2026-04-22")
    case.record("ontvankelijkheidstoets", "ouder_dan_vier_jaar_zwaarwegend", "2026-04-23")
    before = case.to_dict()
    with pytest.raises(EventRefused) as refused:
        case.correct(3, "verkeerd", "2026-04-24")
    assert refused.value.reason == "correction-breaks-log"
    assert case.to_dict() == before
    with pytest.raises(EventRefused) as twice:
        case.correct(5, "bestaat niet", "2026-04-24")
    assert twice.value.reason == "not-correctable"


def test_fact_events_replay_on_restore(engine, oostzaan) -> None:
    case = engine.open(oostzaan, SCENARIO, "2026-04-20")
    _to_the_toets(case)
    case.record_fact(FACT, "2025-11-20", "2026-04-22", recorded_by="griffier")
    case.record_fact(FACT, "2021-03-01", "2026-04-22", recorded_by="griffier")
    case.correct(4, "dubbel ingevoerd", "2026-04-22", recorded_by="griffier")
    record = json.loads(case.to_json())
    assert record["events"][3] == {"fact": FACT, "value": "2021-03-01", "date": "2026-04-22",
                                   "recorded_by": "griffier"}
    assert record["events"][4]["withdraws"] == 4 and record["events"][4]["fact"] == FACT
    again = CaseEngine().restore(oostzaan, case.to_json())
    assert again.to_dict() == case.to_dict()
    assert again.current_facts == case.current_facts == {
        FACT: dt.date(2025, 11, 20)}
    again.record("ontvankelijkheidstoets", "ontvankelijk", "2026-04-23")


def test_a_record_with_an_undeclared_fact_event_is_refused(oostzaan) -> None:
    from protocolkit.engine import CaseRecordError

    case = CaseEngine().open(oostzaan, SCENARIO, "2026-04-20")
    record = case.to_dict()
    record["events"] = [{"fact": "datum_feiten", "value": "2021-03-01", "date": "2026-04-21"}]
    with pytest.raises(CaseRecordError, match="datum_vermeende_feiten"):
        CaseEngine().restore(oostzaan, record)
    record["events"] = [{"fact": FACT, "date": "2026-04-21"}]        # no value
    with pytest.raises(CaseRecordError):
        CaseEngine().restore(oostzaan, record)


def test_simulate_records_a_fact_from_the_case_file(tmp_path, capsys) -> None:
    file = tmp_path / "zaak.yaml"
    file.write_text(json.dumps({"scenario": SCENARIO, "opened": "2026-04-20", "events": [
        {"step": "melding", "outcome": "gemeld", "date": "2026-04-20"},
        {"step": "ontvangstbevestiging", "outcome": "bevestigd", "date": "2026-04-21"},
        {"fact": FACT, "value": "2021-03-01", "date": "2026-04-22", "recorded_by": "griffier"},
        {"step": "ontvankelijkheidstoets", "outcome": "ontvankelijk", "date": "2026-04-23"},
    ]}), encoding="utf-8")
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(file),
                           "--as-of", "2026-04-24", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["events_applied"] == 3
    assert data["facts"] == {FACT: "2021-03-01"}
    assert data["recorded_facts"][0]["fact"] == FACT
    [found] = data["findings"]
    assert found["code"] == "event-refused" and "art. 2.2 lid 1" in json.dumps(found)
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(file),
                           "--as-of", "2026-04-24", "--lang", "nl")
    assert "feit vastgelegd op wo 2026-04-22: Datum van de vermeende feiten = 2021-03-01 door " \
           "griffier" in out
    bad = tmp_path / "fout.yaml"
    bad.write_text("scenario: {reporter: burger, subject: wethouder, act: uitgevoerd, "
                   "attributes: {aanleiding: vermoeden}}\nopened: 2026-04-20\nevents:\n"
                   "  - {fact: datum_feiten, value: 2021-03-01, date: 2026-04-21}\n",
                   encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", str(OOSTZAAN), str(bad), "--as-of",
                           "2026-04-24")
    assert code == 1 and "fout.yaml:4:" in err and "did you mean `datum_vermeende_feiten`" in err


def test_cases_record_a_fact(tmp_path, capsys) -> None:
    store = str(tmp_path / "zaken.db")
    assert run_cli(capsys, "cases", "init", store)[0] == 0
    code, _, err = run_cli(capsys, "cases", "open", store, str(OOSTZAAN), "--reporter", "burger",
                           "--subject", "wethouder", "--act", "uitgevoerd", "--attr",
                           "aanleiding=vermoeden", "--opened", "2026-04-20", "--id", "oz-1",
                           "--today", "2026-04-20")
    assert code == 0, err
    for step, outcome, day in [("melding", "gemeld", "2026-04-20"),
                               ("ontvangstbevestiging", "bevestigd", "2026-04-21")]:
        assert run_cli(capsys, "cases", "record", store, "oz-1", step, outcome, "--date", day,
                       "--by", "griffier", "--today", day)[0] == 0
    code, out, err = run_cli(capsys, "cases", "record", store, "oz-1", "--fact",
                             f"{FACT}=2021-03-01", "--date", "2026-04-22", "--by", "griffier",
                             "--note", "uit het gesprek", "--today", "2026-04-22", "--lang", "nl")
    assert code == 0, err
    assert "3. 2026-04-22 feit datum_vermeende_feiten = 2021-03-01 door griffier" in out
    code, _, err = run_cli(capsys, "cases", "record", store, "oz-1", "ontvankelijkheidstoets",
                           "ontvankelijk", "--by", "griffier", "--today", "2026-04-23")
    assert code == 1 and "art. 2.2" in err
    code, _, err = run_cli(capsys, "cases", "record", store, "oz-1", "--fact",
                           "datum_feiten=2021-03-01", "--by", "griffier", "--today", "2026-04-23")
    assert code == 2 and "datum_vermeende_feiten" in err
    code, out, _ = run_cli(capsys, "cases", "export", store, "oz-1")
    assert json.loads(out)["events"][2]["fact"] == FACT
