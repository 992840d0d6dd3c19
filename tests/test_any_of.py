"""An actor that is a choice, ``any_of: true`` (Oostzaan art. 1.2 lid 2: "advies
inwinnen bij de burgemeester en/of de secretaris respectievelijk de griffier"): the one
asking picks one or more of the roles. Validation, who acts, impartiality, the engine,
the route in words and JSON, and the diff."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from protocolkit.api import check, route
from protocolkit.diff import diff_protocols
from protocolkit.engine import CaseEngine
from protocolkit.format.diagnostics import Severity
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.present import diagram
from protocolkit.present.bpmn import BPMN_NS, CAMUNDA_NS, PK_NS, to_bpmn
from protocolkit.present.comparison import render_text
from protocolkit.present.findings import party_words
from protocolkit.present.wegwijzer import render_wegwijzer
from protocolkit.semantics import Scenario, resolve_step
from protocolkit.semantics.disclosure import step_roles
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
CONFLICT = ROOT / "tests" / "data" / "checks" / "conflict.yaml"
#: A raadslid with twijfels about another raadslid, for whom aanspreken is no option.
TWIJFEL = {"reporter": "raadslid", "subject": "raadslid", "act": "uitgevoerd",
           "attributes": {"aanleiding": "twijfel"}}
ROUTE = ["--reporter", "raadslid", "--subject", "raadslid", "--act", "uitgevoerd",
         "--attr", "aanleiding=twijfel"]
CHOICE = "actor: [{role: [burgemeester, griffier], any_of: true}]"


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    result = load_protocol(OOSTZAAN)
    assert result.protocol is not None, [str(f) for f in result.findings]
    return result.protocol


def _talk(reporter: str = "raadslid") -> Scenario:
    return Scenario(reporter, "raadslid", "uitgevoerd", False, (("aanleiding", "twijfel"),))


# ------------------------------------------------------------------ validation

BEOORDELING = ("    kind: vooronderzoek\n    title: De burgemeester doet vooronderzoek\n"
               "    actor: burgemeester\n")


def _minimal_with(actor: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert BEOORDELING in text
    return text.replace(BEOORDELING, BEOORDELING.replace("actor: burgemeester", actor))


def test_a_choice_of_two_roles_loads() -> None:
    result = load_text(_minimal_with("actor: [{role: [burgemeester, cvdk], any_of: true}]"),
                       "choice.yaml")
    assert result.findings == [] and result.protocol is not None
    step = result.protocol.step("beoordeling")
    assert step is not None and isinstance(step.actor, list)
    case = step.actor[0]
    assert not isinstance(case, str) and case.any_of and case.roles() == ["burgemeester", "cvdk"]


@pytest.mark.parametrize("actor", ["actor: [{role: [burgemeester], any_of: true}]",
                                   "actor: [{role: burgemeester, any_of: true}]"])
def test_a_choice_of_one_role_is_a_located_diagnostic_in_both_languages(actor: str) -> None:
    text = _minimal_with(actor)
    result = load_text(text, "one.yaml")
    [found] = result.findings
    assert found.code == "any-of-misplaced" and found.severity is Severity.error
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if "any_of" in l)
    assert (found.location.path, found.location.line) == ("one.yaml", line)
    # at the value of ``any_of``
    assert found.location.column == text.splitlines()[line - 1].index("any_of: true") + 9
    assert "names only one" in found.describe("en")
    assert "noemt er maar één" in found.describe("nl")
    assert found.hint is not None and "two different roles or more" in found.hint
    assert result.protocol is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_choice_of_one_role_named_twice_is_no_choice(lang: str) -> None:
    """``role: [burgemeester, burgemeester], any_of: true`` names one role: no choice
    (``any-of-misplaced``), and the second name is a slip (``duplicate-id``)."""
    text = _minimal_with("actor: [{role: [burgemeester, burgemeester], any_of: true}]")
    result = load_text(text, "twice.yaml")
    assert sorted(f.code for f in result.findings) == ["any-of-misplaced", "duplicate-id"]
    assert result.protocol is None
    said = "\n".join(f.render(lang) for f in result.findings)
    if lang == "nl":
        assert "noemt er maar één" in said
        assert "stap 'beoordeling' noemt 'burgemeester' twee keer onder actor" in said
    else:
        assert "names only one" in said
        assert "step 'beoordeling' names 'burgemeester' twice under actor" in said
    [twice] = [f for f in result.findings if f.code == "duplicate-id"]
    row = text.splitlines()[twice.location.line - 1]
    assert twice.location.column == row.index("burgemeester]") + 1


def test_a_choice_is_for_the_actor_only() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    assert text.count("    counterpart: burgemeester\n") == 1
    text = text.replace("    counterpart: burgemeester\n",
                        "    counterpart: [{role: [burgemeester, cvdk], any_of: true}]\n")
    result = load_text(text, "counterpart.yaml")
    assert [f.code for f in result.findings] == ["any-of-misplaced"]
    assert "only allowed on the actor, not on 'counterpart'" in result.findings[0].describe("en")
    assert "alleen bij actor" in result.findings[0].describe("nl")


def test_an_unknown_key_beside_any_of_is_refused() -> None:
    result = load_text(
        _minimal_with("actor: [{role: [burgemeester, cvdk], any_of: true, anyof: true}]"),
        "typo.yaml")
    assert "unknown-field" in [f.code for f in result.findings]
    assert result.protocol is None


# ------------------------------------------------------------------ who acts

@pytest.mark.parametrize(("reporter", "step", "official"), [
    ("raadslid", "advies_raadslid", "griffier"),
    ("wethouder", "advies_collegelid", "gemeentesecretaris"),
])
def test_the_advice_step_offers_the_burgemeester_and_or_the_official(
        oostzaan: Protocol, reporter: str, step: str, official: str) -> None:
    view = resolve_step(oostzaan, step, _talk(reporter))
    assert [oostzaan.shared_id(a.role) for a in view.actors] == ["burgemeester", official]
    assert view.any_of and not view.joint
    assert view.consulted == ()


def test_a_joint_step_is_no_choice(oostzaan: Protocol) -> None:
    view = resolve_step(oostzaan, "aanspreken", _talk())
    assert not view.any_of


def test_the_route_answers_who_advises_with_both_and_the_reading(oostzaan: Protocol) -> None:
    """Who acts at the advice step, as the route answers it: both roles, as a choice,
    resting on the note that keeps the other reading (the burgemeester advising with the
    griffier as vraagbaak, art. 1.1 lid 2) visible."""
    found = route(oostzaan, _talk())
    [step] = [s for s in found.steps if s.id == "advies_raadslid"]
    assert step.actors == ["burgemeester", "griffier"] and step.any_of
    assert step.to_dict()["any_of"] is True
    assert "advies_en_of" in step.ambiguities
    [note] = [a for a in found.ambiguities if a["id"] == "advies_en_of"]
    assert note["chosen"] == "ieder_afzonderlijk"
    # The chosen reading answers the note's question: "de ambtsdrager kiest; hij kan
    # advies inwinnen bij de burgemeester alleen, bij de griffier ... alleen, of bij
    # beiden" - so the question asks together or also one alone, not how the
    # burgemeester advises.
    assert note["question"].startswith("Bij wie winnen politieke ambtsdragers advies in")
    assert note["question"].endswith("of kan het ook bij één van beiden alleen?")
    [chosen] = [r for r in note["readings"] if r["id"] == note["chosen"]]
    assert "alleen, bij de griffier" in chosen["text"] and "of bij beiden" in chosen["text"]
    assert {r["id"] for r in note["readings"]} == {"ieder_afzonderlijk",
                                                   "burgemeester_met_vraagbaak"}
    assert all("any_of" not in s.to_dict() for s in found.steps if s.id != "advies_raadslid")


# ------------------------------------------------------------------ impartiality

def test_an_involved_role_of_a_choice_is_a_conflict_and_the_other_is_not() -> None:
    """The protocol offers the involved role as one who may act; that another may act
    instead does not take the offer back (Oostzaan gives the doubts about the burgemeester
    their own advice steps without him, art. 1.2 lid 2). So each role of a choice is
    checked as each actor of a joint step is: the gemeentesecretaris, accountable to the
    burgemeester, advising about the burgemeester is a conflict; the cvdk in the
    burgemeester's place is not."""
    text = CONFLICT.read_text(encoding="utf-8")
    old = "    actor: burgemeester\n    consulted: [gemeentesecretaris]\n"
    assert text.count(old) == 1
    text = text.replace(old, "    actor: [{role: [burgemeester, gemeentesecretaris], "
                             "any_of: true}]\n")
    result = load_text(text, "choice.yaml")
    assert result.protocol is not None, [str(f) for f in result.findings]
    view = resolve_step(result.protocol, "vooronderzoek",
                        Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert [a.role for a in view.actors] == ["cvdk", "gemeentesecretaris"] and view.any_of
    conflicts = [f for f in check(result) if f.code == "conflict-of-interest"
                 and "vooronderzoek" in f.message]
    assert len(conflicts) == 1, [f.message for f in conflicts]
    assert "gemeentesecretaris" in conflicts[0].message
    assert "cvdk" not in conflicts[0].message


# ------------------------------------------------------------------ engine

@pytest.mark.parametrize("adviser", ["burgemeester", "griffier"])
def test_either_adviser_records_the_outcome(oostzaan: Protocol, adviser: str) -> None:
    engine = CaseEngine()
    try:
        case = engine.open(oostzaan, TWIJFEL, "2026-03-02")
        case.record("aanspreken", "geen_optie_of_verschil_van_inzicht", "2026-03-03")
        [step] = case.open_steps()
        assert step.step == "advies_raadslid"
        assert list(step.actors) == ["burgemeester", "griffier"] and step.any_of
        assert step.to_dict()["any_of"] is True
        # either adviser finds it among his open steps, as a choice
        [mine] = case.view(adviser, "2026-03-03")["my_open_steps"]
        assert mine["actors"] == ["burgemeester", "griffier"] and mine["any_of"] is True
        case.record("advies_raadslid", "advies_gegeven", "2026-03-04", recorded_by=adviser)
        entry = next(t for t in case.trace() if t.step == "advies_raadslid")
        assert entry.outcome == "advies_gegeven" and entry.any_of
        assert entry.to_dict()["any_of"] is True
        assert [e.recorded_by for e in case.events if e.step == "advies_raadslid"] == [adviser]
        # a step with one actor says nothing of a choice
        first = next(t for t in case.trace() if t.step == "aanspreken").to_dict()
        assert "any_of" not in first
    finally:
        engine.close()


@pytest.mark.parametrize(("expected", "passes"), [
    (["griffier", "burgemeester"], True),       # every actor of the choice, any order
    (["burgemeester"], False),                  # a list is all of them, not one
    (["burgemeester", "griffier", "gemeentesecretaris"], False),
    ("burgemeester", True),                     # one role: the first actor, as before
    ("griffier", False),
])
def test_a_scenario_test_expects_every_actor_of_a_choice_as_a_list(
        tmp_path: Path, expected: str | list[str], passes: bool) -> None:
    """Art. 1.2 lid 2, "advies inwinnen bij de burgemeester en/of ... de griffier": a
    scenario test's ``actors`` names them all as a list; one role keeps meaning the
    step's first actor (``OpenStep.actor``), so older test files read as they did."""
    import yaml

    from protocolkit.scenario_tests import mismatch_text, run_tests

    tests = {"protocol": "oostzaan.yaml", "tests": [{
        "name": "advies bij de burgemeester en/of de griffier", "source": "art. 1.2 lid 2",
        "scenario": TWIJFEL,
        "events": [{"step": "aanspreken", "outcome": "geen_optie_of_verschil_van_inzicht",
                    "date": "2026-03-03"}],
        "expect": {"open_steps": ["advies_raadslid"],
                   "actors": {"advies_raadslid": expected}}}]}
    path = tmp_path / "tests.yaml"
    path.write_text(yaml.safe_dump(tests, sort_keys=False), encoding="utf-8")
    report = run_tests(OOSTZAAN, path)
    assert report.findings == []
    [result] = report.results
    assert result.passed is passes, [m.to_dict() for m in result.mismatches]
    if not passes:
        [mismatch] = result.mismatches
        assert mismatch.key == "actors.advies_raadslid"
        assert mismatch.actual == (["burgemeester", "griffier"] if isinstance(expected, list)
                                   else "burgemeester")
        said = mismatch_text(mismatch, "en")
        assert said.startswith("who acts in step 'advies_raadslid': expected ")
        assert said.endswith("got [burgemeester, griffier]" if isinstance(expected, list)
                             else "got burgemeester"), said


# ------------------------------------------------------------------ route, words and JSON

@pytest.mark.parametrize(("lang", "who"), [
    ("nl", "Wie: Burgemeester en/of Raadsgriffier"),
    ("en", "Who: Burgemeester and/or Raadsgriffier"),
])
def test_the_route_says_and_or(capsys: pytest.CaptureFixture[str], lang: str, who: str) -> None:
    code, out, _ = run_cli(capsys, "route", str(OOSTZAAN), *ROUTE, "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, l in enumerate(lines) if "wint advies in bij de burgemeester en/of" in l)
    assert lines[at + 1].strip() == who
    assert "(samen)" not in lines[at + 1] and "(together)" not in lines[at + 1]


def test_the_route_json_carries_any_of(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "route", str(OOSTZAAN), *ROUTE, "--format", "json")
    assert code == 0
    steps = {s["id"]: s for s in json.loads(out)["steps"]}
    advice = steps["advies_raadslid"]
    assert advice["actors"] == ["burgemeester", "griffier"] and advice["any_of"] is True
    assert "any_of" not in steps["aanspreken"]


# ------------------------------------------------------------------ diff

def test_together_and_any_of_are_different_actors(oostzaan: Protocol) -> None:
    text = OOSTZAAN.read_text(encoding="utf-8")
    assert text.count(CHOICE) == 1
    together = load_text(text.replace(CHOICE, CHOICE.replace(", any_of: true", "")),
                         "together.yaml").protocol
    assert together is not None
    found = diff_protocols(together, oostzaan)
    assert [(c.kind, c.id, c.fields) for c in found.structural] == [
        ("step", "advies_raadslid", ("actor",))]
    assert not diff_protocols(oostzaan, oostzaan).structural
    for lang, field, before, after in (
            ("nl", "wie handelt", "Burgemeester en Raadsgriffier (samen)",
             "Burgemeester en/of Raadsgriffier"),
            ("en", "actor", "Burgemeester and Raadsgriffier (together)",
             "Burgemeester and/or Raadsgriffier")):
        shown = [line.strip() for line in render_text(found, lang=lang).splitlines()
                 if f"{field}: Burgemeester" in line]
        assert [line.split(": ", 2)[-1].split(" (art.")[0] for line in shown] == [before, after]


def test_findings_and_report_name_the_choice_in_words(oostzaan: Protocol) -> None:
    step = oostzaan.step("advies_collegelid")
    assert step is not None
    assert party_words(step.actor, "nl") == "burgemeester en/of gemeentesecretaris"
    assert party_words(step.actor, "en") == "burgemeester and/or gemeentesecretaris"


def test_the_wegwijzer_says_and_or(oostzaan: Protocol) -> None:
    page = render_wegwijzer(oostzaan, lang="nl")
    match = re.search(r'<script type="application/json" id="wegwijzer-data">(.*?)</script>',
                      page, re.DOTALL)
    assert match is not None
    data = json.loads(match.group(1))
    assert any(s.get("any_of") is True and s["actors"] == ["burgemeester", "griffier"]
               for s in data["steps"])
    assert 'tr(s.any_of ? "common.and-or" : "common.and")' in page
    assert '" en/of "' in page


def test_simulate_says_and_or_at_the_open_step_and_in_the_course(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "scenario: {reporter: raadslid, subject: raadslid, act: uitgevoerd, "
        "attributes: {aanleiding: twijfel}}\nopened: 2026-03-02\nevents:\n"
        "  - {step: aanspreken, outcome: geen_optie_of_verschil_van_inzicht, "
        "date: 2026-03-03}\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(case),
                           "--as-of", "2026-03-04", "--lang", "nl")
    assert code == 0
    assert "   Wie: Burgemeester en/of Raadsgriffier" in out.splitlines()
    with case.open("a", encoding="utf-8") as f:
        f.write("  - {step: advies_raadslid, outcome: advies_gegeven, date: 2026-03-04, "
                "recorded_by: griffier}\n")
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(case),
                           "--as-of", "2026-03-05", "--lang", "en")
    assert code == 0
    assert ("[advies] by Burgemeester and/or Raadsgriffier: Advies ingewonnen; geen melding"
            in out)
    code, out, _ = run_cli(capsys, "simulate", str(OOSTZAAN), str(case),
                           "--as-of", "2026-03-05", "--format", "json")
    trace = json.loads(out)["trace"]
    assert [e.get("any_of", False) for e in trace] == [False, True, False]


def test_bpmn_lets_either_adviser_claim_the_task(oostzaan: Protocol) -> None:
    """Camunda's candidateGroups: any member of any group listed may claim the task,
    which is what "en/of" says; a joint step keeps its first actor there."""
    root = ET.fromstring(to_bpmn(oostzaan, _talk(), lang="nl"))
    task = root.find(f".//{{{BPMN_NS}}}userTask[@id='Task_advies_raadslid']")
    assert task is not None
    assert task.get(f"{{{CAMUNDA_NS}}}candidateGroups") == "burgemeester,griffier"
    assert task.get(f"{{{PK_NS}}}actors") == "burgemeester griffier"
    assert task.get(f"{{{PK_NS}}}anyOf") == "true"
    other = root.find(f".//{{{BPMN_NS}}}userTask[@id='Task_aanspreken']")
    assert other is not None and other.get(f"{{{PK_NS}}}anyOf") is None


# ------------------------------------------------------------------ who takes part

def test_every_actor_of_a_joint_step_or_a_choice_takes_part() -> None:
    """Disclosure: a role knows of a case when it takes part in a step the case entered,
    as actor among others. The second actor of Arnhem's driehoeksoverleg ("in het
    driehoeksoverleg met de griffier en de gemeentesecretaris") took no part before,
    nor would Oostzaan's griffier as the second role of the choice."""
    arnhem = load_protocol(ROOT / "protocols" / "arnhem.yaml").protocol
    assert arnhem is not None
    view = resolve_step(arnhem, "b31a_driehoeksoverleg",
                        Scenario("burgemeester", "burgemeester", "voorgenomen", True))
    assert [a.role for a in view.actors] == ["griffier", "gemeentesecretaris"]
    assert {"griffier", "gemeentesecretaris"} <= step_roles(view)
    oostzaan = load_protocol(OOSTZAAN).protocol
    assert oostzaan is not None
    assert {"burgemeester", "griffier"} <= step_roles(resolve_step(oostzaan, "advies_raadslid",
                                                                   _talk()))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_diagram_names_the_choice(oostzaan: Protocol, lang: str) -> None:
    word = " en/of " if lang == "nl" else " and/or "
    whole = diagram.build(oostzaan, lang=lang)
    assert whole.nodes["advies_collegelid"].actor == f"burgemeester{word}gemeentesecretaris"
    one = diagram.build(oostzaan, _talk(), lang=lang)
    assert one.nodes["advies_raadslid"].actor == f"burgemeester{word}griffier"
    assert " + " not in whole.nodes["advies_raadslid"].actor
