"""Joint steps in a running case (issue 13, item 1): every actor of a joint step, in
the text's order, wherever the engine says who acts — the open step, the trace, the
listeners' notices, a role's view and ``simulate``; the rules derive them too, and a
rule set that loses one is caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.engine import CaseEngine, EngineError
from protocolkit.engine.adapter import Session
from protocolkit.format.loader import load_protocol
from tests.helpers import run_cli

DATA = Path(__file__).parent / "data"
CONSTRUCTS = DATA / "constructs.yaml"
TRIO = ["burgemeester", "griffier", "gemeentesecretaris"]     # "in het driehoeksoverleg
SCENARIO = {"reporter": "raadslid", "subject": "raadslid", "act": "uitgevoerd"}


@pytest.fixture(scope="module")
def protocol():
    return load_protocol(CONSTRUCTS).protocol


def test_every_actor_of_a_joint_step_is_reported_in_text_order(protocol) -> None:
    engine = CaseEngine()
    heard = []
    engine.subscribe(heard.append)
    case = engine.open(protocol, SCENARIO, "2026-01-05", case_id="j1")
    case.record("melding", "gemeld", "2026-01-06")
    [step] = case.open_steps()
    assert step.step == "driehoek" and list(step.actors) == TRIO
    notice = heard[-1]
    assert (notice.kind, notice.step, list(notice.actors)) == ("step-opened", "driehoek", TRIO)
    assert notice.to_dict()["actors"] == TRIO
    case.record("driehoek", "twijfel", "2026-01-07")
    entry = next(t for t in case.trace() if t.step == "driehoek")
    assert entry.actor == "burgemeester" and list(entry.actors) == TRIO
    assert entry.to_dict()["actors"] == TRIO
    # A single-actor step lists its one actor.
    assert [t.actors for t in case.trace() if t.step == "melding"] == [("raadslid",)]
    # The rules derived all three (not only the first).
    opened = [f for f in case.facts() if f.get("kind") == "open" and f["step"] == "driehoek"]
    assert [f["actors"] for f in opened] == [TRIO]
    view = case.view("griffier")
    route = next(r for r in view["route"] if r["step"] == "driehoek")
    assert route["actors"] == TRIO
    engine.drop(case)


def test_overdue_notices_name_every_actor(protocol) -> None:
    engine = CaseEngine()
    case = engine.open(protocol, SCENARIO, "2026-01-05", case_id="j2")
    case.record("melding", "gemeld", "2026-01-06")
    notices = [n for n in engine.check_overdue("2027-01-01") if n.step == "driehoek"]
    # The driehoek has no deadline in constructs.yaml: no overdue notice, but the open
    # step still lists all three.
    assert notices == [] and list(case.open_steps()[0].actors) == TRIO


def test_rules_that_lose_a_joint_actor_are_caught(protocol, monkeypatch) -> None:
    """Injected bug: the rules derive a joint step's open fact with only its first
    actor; the case refuses to go on (and is unchanged) rather than report one actor."""
    engine = CaseEngine()
    case = engine.open(protocol, SCENARIO, "2026-01-05", case_id="j3")
    real = Session.assert_fact

    def first_only(self, fact):
        derived = real(self, fact)
        return [{**f, "actors": f["actors"][:1]} if f.get("step") == "driehoek" else f
                for f in derived]

    monkeypatch.setattr(Session, "assert_fact", first_only)
    with pytest.raises(EngineError, match="gemeentesecretaris"):
        case.record("melding", "gemeld", "2026-01-06")
    monkeypatch.undo()
    assert case.events == ()
    case.record("melding", "gemeld", "2026-01-06")
    assert list(case.open_steps()[0].actors) == TRIO


def test_simulate_shows_the_joint_actors(tmp_path, capsys) -> None:
    file = tmp_path / "zaak.yaml"
    file.write_text(json.dumps({"scenario": SCENARIO, "opened": "2026-01-05", "events": [
        {"step": "melding", "outcome": "gemeld", "date": "2026-01-06"},
        {"step": "driehoek", "outcome": "twijfel", "date": "2026-01-07"}]}), encoding="utf-8")
    code, out, _ = run_cli(capsys, "simulate", str(CONSTRUCTS), str(file),
                           "--as-of", "2026-01-08", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert next(t for t in data["trace"] if t["step"] == "driehoek")["actors"] == TRIO
    code, out, _ = run_cli(capsys, "simulate", str(CONSTRUCTS), str(file),
                           "--as-of", "2026-01-08", "--lang", "nl")
    assert "Het driehoeksoverleg komt tot een gedeelde conclusie over het vervolg " \
        "[ontvankelijkheid] door Burgemeester, Griffier en Gemeentesecretaris " \
        "(samen)" in out
