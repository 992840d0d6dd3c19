"""Explicit joins (``Step.join``): a step that waits for the tracks of the named steps
before it opens — in the loader, the checks, the engine (compiled to rules as data), the
diff and the graph. tests/data/join.yaml: the raad judges once both the integrity report
and the criminal case are in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.api import check
from protocolkit.diff import diff_protocols
from protocolkit.engine import CaseEngine, EngineError
from protocolkit.engine.adapter import Session
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.present import diagram
from protocolkit.semantics import Scenario
from tests.helpers import run_cli

DATA = Path(__file__).parent / "data"
JOIN = DATA / "join.yaml"
TEXT = JOIN.read_text(encoding="utf-8")
SCENARIO = {"reporter": "raadslid", "subject": "raadslid", "act": "uitgevoerd"}
JOIN_LINE = '    join: {waits_for: [onderzoek, strafzaak], source: "art. 5"}   # both tracks meet here\n'


def _with(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _findings(text: str, code: str) -> list:
    return [f for f in check(load_text(text, "x.yaml")) if f.code == code]


@pytest.fixture(scope="module")
def protocol():
    return load_protocol(JOIN).protocol


def _to_the_fork(case) -> None:
    case.record("melding", "gemeld", "2026-01-05")
    case.record("beoordeling", "onderzoek_en_aangifte", "2026-01-06")


# ----------------------------------------------------------------------- loader


def test_the_shipped_example_is_clean_and_strict() -> None:
    assert _findings(TEXT, "join-never-completes") == []
    assert _findings(TEXT, "track-misses-join") == []
    typo = load_text(_with("waits_for: [onderzoek, strafzaak]", "waits_for: [onderzoek, strafzak]"),
                     "x.yaml")
    [found] = [f for f in typo.findings if f.code == "unknown-step"]
    assert "strafzaak" in str(found.hint) and found.location.line == TEXT[:TEXT.index(
        "waits_for")].count("\n") + 1
    unknown = load_text(_with("waits_for: [onderzoek, strafzaak]",
                              "waits_for: [onderzoek, strafzaak], wait: true"), "x.yaml")
    assert any(f.code == "unknown-field" for f in unknown.findings)


# ----------------------------------------------------------------------- checks


def test_a_join_a_case_can_reach_without_one_of_its_tracks_never_completes() -> None:
    # A second way into the investigation without the aangifte: the raad would wait for
    # a criminal case that never started.
    text = _with("      - {id: onderzoek_en_aangifte,",
                 "      - {id: onderzoekswaardig, next: onderzoek}\n"
                 "      - {id: onderzoek_en_aangifte,")
    [found] = {f.message: f for f in _findings(text, "join-never-completes")}.values()
    assert "'strafzaak'" in found.message
    assert "beoordeling --onderzoekswaardig--> onderzoek --rapport_gereed--> oordeel" \
        in found.message


def test_a_join_waiting_for_a_step_that_never_leads_there_never_completes() -> None:
    text = _with("      - {id: afgerond, next: oordeel}", "      - {id: afgerond, next: afgedaan}")
    found = _findings(text, "join-never-completes")
    assert found and all("'strafzaak'" in f.message for f in found)


def test_a_track_that_can_miss_its_join_is_found() -> None:
    text = _with("      - {id: afgerond, next: oordeel}",
                 "      - {id: afgerond, next: oordeel}\n"
                 "      - {id: geseponeerd, next: afgedaan}")
    [found] = {f.message: f for f in _findings(text, "track-misses-join")}.values()
    assert "'geseponeerd'" in found.message and "'strafzaak'" in found.message
    assert found.severity.value == "warning"


# ----------------------------------------------------------------------- engine


def test_the_join_opens_when_the_last_track_arrives(protocol) -> None:
    engine = CaseEngine()
    case = engine.open(protocol, SCENARIO, "2026-01-05", case_id="j1")
    _to_the_fork(case)
    assert case.record("onderzoek", "rapport_gereed", "2026-02-01") == ("aangifte",)
    assert case.waiting() == {"oordeel": {"arrived": ["onderzoek"], "missing": ["strafzaak"]}}
    case.record("aangifte", "gedaan", "2026-02-02")
    assert case.closed is None and "oordeel" not in case.accepts()
    assert case.record("strafzaak", "afgerond", "2026-03-02") == ("oordeel",)
    assert case.waiting() == {}
    [oordeel] = case.open_steps()
    assert oordeel.since.isoformat() == "2026-03-02"       # opened by the last arrival
    # The rules derived the join's opening themselves.
    assert [f["step"] for f in case.facts() if f.get("kind") == "open"
            and f["step"] == "oordeel"] == ["oordeel"]
    case.record("oordeel", "geen_sanctie", "2026-03-03")
    assert case.closed is not None
    again = CaseEngine().restore(protocol, case.to_json())
    assert again.trace() == case.trace() and again.closed == case.closed


def test_a_correction_of_the_last_arrival_makes_the_join_wait_again(protocol) -> None:
    case = CaseEngine().open(protocol, SCENARIO, "2026-01-05")
    _to_the_fork(case)
    for step, outcome, day in [("aangifte", "gedaan", "2026-01-07"),
                               ("strafzaak", "afgerond", "2026-01-08"),
                               ("onderzoek", "rapport_gereed", "2026-01-09")]:
        case.record(step, outcome, day)
    assert case.accepts() == {"oordeel": ("geen_sanctie",)}
    case.correct(5, "rapport nog niet af", "2026-01-10")
    assert case.accepts() == {"onderzoek": ("rapport_gereed",)}
    assert case.waiting() == {"oordeel": {"arrived": ["strafzaak"], "missing": ["onderzoek"]}}
    case.correct(4, "strafzaak loopt nog", "2026-01-10")        # replayed from the log
    assert case.waiting() == {} and set(case.accepts()) == {"onderzoek", "strafzaak"}


def test_rules_that_open_a_join_too_early_are_caught(protocol, monkeypatch) -> None:
    """Injected bug: the rules open the join at the first arrival (as if they ignored the
    arrival count); the case refuses rather than open the raad's judgment early."""
    case = CaseEngine().open(protocol, SCENARIO, "2026-01-05")
    _to_the_fork(case)
    real = Session.assert_fact

    def early(self, fact):
        derived = real(self, fact)
        if fact.get("kind") == "outcome" and fact.get("step") == "onderzoek":
            derived = [*derived, {"id": "x", "kind": "open", "step": "oordeel",
                                  "actor": "gemeenteraad", "actors": ["gemeenteraad"],
                                  "n": fact["n"], "since": fact["date"]}]
        return derived

    monkeypatch.setattr(Session, "assert_fact", early)
    with pytest.raises(EngineError):
        case.record("onderzoek", "rapport_gereed", "2026-02-01")
    monkeypatch.undo()
    assert [e.step for e in case.events] == ["melding", "beoordeling"]


def test_the_compiled_rule_waits_for_the_count(protocol) -> None:
    spec = CaseEngine().compile(protocol).ruleset
    rules = json.dumps({k: v for k, v in spec.rules.items() if k.startswith("open:oordeel")})
    assert '"jn_oordeel": 2' in rules


# ----------------------------------------------------------------------- diff, graph


def test_the_diff_shows_a_join_added_or_removed(protocol) -> None:
    without = load_text(_with(JOIN_LINE, ""), "x.yaml").protocol
    forward, backward = diff_protocols(protocol, without), diff_protocols(without, protocol)
    assert [(r.kind, r.change, r.id) for r in forward.structural] == [
        ("join", "removed", "oordeel")]
    assert [(r.kind, r.change) for r in backward.structural] == [("join", "added")]
    assert {r.aspect for r in forward.behavioral} == {"joins"}
    assert forward.behavioral[0].left == ["oordeel <- aangifte + onderzoek"]
    reworded = load_text(_with("both tracks meet here", "beide sporen komen hier samen"),
                         "x.yaml").protocol
    assert diff_protocols(protocol, reworded).same


def test_the_graph_shows_what_the_join_waits_for(protocol, capsys) -> None:
    d = diagram.build(protocol, Scenario("raadslid", "raadslid", "uitgevoerd"))
    assert d.nodes["oordeel"].waits_for == ["onderzoek", "strafzaak"]
    code, out, _ = run_cli(capsys, "graph", str(JOIN), "--format", "dot", "--lang", "nl")
    assert code == 0 and "wacht op: onderzoek + strafzaak" in out
