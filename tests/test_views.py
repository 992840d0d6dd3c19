"""Need-to-know views (issue 16 item 6): what each role may know of a case, now.

The fidelity tests are written from the texts: Oostzaan art. 2.1 lid 6 ("De identiteit
van de melder wordt niet bekend gemaakt bij degene die de melding betreft of anderen
anders dan de personen die de eerste screening uitvoeren, zonder daartoe overleg te
hebben gevoerd met de melder") and Arnhem Fase 2, 2.1 ("Als besloten is tot het
uitvoeren van een integriteitsonderzoek, wordt het presidium op vertrouwelijke basis
geinformeerd").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.analysis import run_checks
from protocolkit.engine import CaseEngine, EventRefused
from protocolkit.engine.case import Case
from protocolkit.engine.compiler import compile_protocol
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> Protocol:
    protocol = load_protocol(ROOT / name).protocol
    assert protocol is not None, name       # a shipped protocol that fails to load fails
    return protocol


OOSTZAAN = _load("protocols/oostzaan.yaml")
ARNHEM = _load("protocols/arnhem.yaml")


def _walk(protocol: Protocol, data: st.DataObject, engine: CaseEngine) -> tuple[Case, list[str]]:
    compiled = compile_protocol(protocol)
    plans = sorted(compiled.plans.values(), key=lambda p: p.key)
    plan = data.draw(st.sampled_from(plans), label="scenario")
    facts = {f.id: "2025-11-20" for f in protocol.facts}     # recent facts: ontvankelijk
    case = engine.open(protocol, plan.scenario, "2026-01-05", facts=facts)
    states = [case.to_json()]
    for _ in range(data.draw(st.integers(0, 14), label="events")):
        accepts = case.accepts()
        if not accepts:
            break
        step = data.draw(st.sampled_from(sorted(accepts)), label="step")
        outcome = data.draw(st.sampled_from(accepts[step]), label="outcome")
        try:
            case.record(step, outcome, "2026-01-06")
        except EventRefused as refused:       # e.g. a fact condition the facts do not meet
            assert refused.reason in ("fact-condition", "fact-missing"), refused
            continue
        states.append(case.to_json())
    return case, states


def _roles(protocol: Protocol) -> list[str]:
    return [r.id for r in protocol.roles] + ["melder", "betrokkene"]


def _entered(case: Case) -> set[str]:
    return {t.step for t in case.trace()}


def _never_tells_the_melder(view: dict[str, Any], case: Case) -> None:
    """Nothing in the view names who reported: the melder field, and every step the
    melder takes part in as melder (its actor or counterpart is shown as 'melder')."""
    assert view["melder"] == "melder"
    as_melder = {v.view.id: (v.view.actor.named == "melder",
                             v.view.counterpart is not None
                             and v.view.counterpart.named == "melder")
                 for v in case._state.visits}
    for entry in view.get("route", []):
        if as_melder[entry["step"]][0]:
            assert entry["actor"] == "melder"
    for step in view["my_open_steps"]:
        acts, faces = as_melder[step["step"]]
        if acts:
            assert step["actor"] == "melder"
        if faces:
            assert step["counterpart"] == "melder"


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_oostzaan_keeps_the_melder_from_everyone_the_text_does_not_name(
        data: st.DataObject) -> None:
    engine = CaseEngine(max_live=16)
    try:
        case, _ = _walk(OOSTZAAN, data, engine)
        entered = _entered(case)
        # Who may know, read from art. 2.1 lid 6 and 7 (and art. 3.1/3.2 for the reading
        # chosen: the integriteitscommissie advises on the eerste screening).
        allowed = {"melder", "burgemeester"}
        if case.scenario.subject == "burgemeester":
            allowed.add("voorzitter_vertrouwenscommissie")       # lid 7: in his place
        for visit in case._state.visits:          # lid 7: whoever receives it for the griffier
            if visit.view.id == "melding_via_griffier" and visit.view.counterpart is not None:
                allowed.add(visit.view.counterpart.role)
        if "advies_eerste_screening" in entered:
            allowed.add("integriteitscommissie")
        if case.scenario.own:        # one's own act: the betrokkene is the melder himself
            allowed.add("betrokkene")
        for role in _roles(OOSTZAAN):
            view = case.view(role)
            if not view["knows_case"]:
                assert view == {"role": role, "knows_case": False}
                continue
            if (role == "burgemeester" and case.scenario.subject == "burgemeester"
                    and not case.scenario.own):
                allowed_here = allowed - {"burgemeester"}          # he is the betrokkene
            else:
                allowed_here = allowed
            if role not in allowed_here:
                _never_tells_the_melder(view, case)
            else:
                assert view["melder"] == case.scenario.reporter
            if not view["knows"]["content"]:
                assert "route" not in view and "act" not in view
        betrokkene = case.view("betrokkene")
        assert not betrokkene["knows_case"] or betrokkene["melder"] == (
            case.scenario.reporter if case.scenario.own else "melder")
    finally:
        engine.close()


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_arnhem_tells_the_presidium_only_once_an_investigation_is_decided(
        data: st.DataObject) -> None:
    engine = CaseEngine(max_live=16)
    try:
        case, _ = _walk(ARNHEM, data, engine)
        decided = bool(_entered(case) & {"onderzoeksopdracht",
                                         "onderzoeksopdracht_zonder_informeren"})
        view = case.view("presidium")
        assert view["knows_case"] is decided
        if decided:                  # the decision, in confidence: not whom, who or what
            assert (view["subject"], view["melder"]) == ("betrokkene", "melder")
            assert "route" not in view and "act" not in view
        # Every role's view is well formed at every state.
        for role in _roles(ARNHEM):
            seen = case.view(role)
            if not seen["knows_case"]:
                assert seen == {"role": role, "knows_case": False}
            elif not seen["knows"]["melder"]:
                _never_tells_the_melder(seen, case)
    finally:
        engine.close()


def test_arnhem_presidium_hears_the_decision_in_confidence_and_nothing_more() -> None:
    """Fidelity, from the text (Fase 2, 2.1): "Tot het moment van openbaarmaking wordt
    geheimhouding opgelegd op alles wat met het onderzoek te maken heeft. Als besloten is
    tot het uitvoeren van een integriteitsonderzoek, wordt het presidium op vertrouwelijke
    basis geinformeerd." and (hoor en wederhoor) the report "blijft (vooralsnog) geheim".

    So the presidium may know that there is a case from the decision on, in confidence,
    and not before; the text does not say it hears whom it concerns (two readings, the
    least disclosure chosen and recorded), who reported or what the melding or the report
    says (geheimhouding; least disclosure)."""
    rules = {r.id: r for r in ARNHEM.disclosure if "presidium" in r.roles}
    facts = {r.fact: r for r in rules.values()}
    assert sorted(facts) == ["content", "exists", "melder", "subject"]
    exists = facts["exists"]
    assert exists.confidential and not exists.withheld
    assert set(exists.from_) == {"onderzoeksopdracht", "onderzoeksopdracht_zonder_informeren"}
    for fact in ("subject", "melder", "content"):
        assert facts[fact].withheld, fact
        assert "Fase 2, 2.1, geheimhouding en presidium" in facts[fact].source
    [reading] = [a for a in ARNHEM.ambiguities if a.id == "presidium_betrokkene"]
    assert {r.id for r in reading.readings} == {"met_betrokkene", "alleen_besluit"}
    assert reading.chosen == "alleen_besluit" and reading.affects == ["presidium_betrokkene"]

    engine = CaseEngine(max_live=4)
    try:
        # Fase 1, 1.3 b: a raadslid doubts a performed act of a wethouder, asks the
        # griffier, melds to the burgemeester, who takes it to Fase 2; the vooronderzoek
        # finds it onderzoekswaardig (scenario 3), and the burgemeester orders the onderzoek.
        case = engine.open(ARNHEM, {"reporter": "raadslid", "subject": "wethouder",
                                    "act": "uitgevoerd"}, "2026-02-02")
        for step, outcome in [("r13b_advies_griffier", "aanhoudende_twijfel"),
                              ("r13b_melding", "gemeld"), ("r13b_besluit_fase2", "naar_fase2"),
                              ("vooronderzoek", "onderzoekswaardig")]:
            assert case.view("presidium") == {"role": "presidium", "knows_case": False}
            case.record(step, outcome, "2026-02-03")
        told = case.view("presidium")
        assert told["knows_case"] and told["knows"] == {
            "exists": True, "subject": False, "melder": False, "content": False}
        assert (told["subject"], told["melder"]) == ("betrokkene", "melder")
        assert "route" not in told and "act" not in told
        [step] = told["my_open_steps"]
        assert step["step"] == "onderzoeksopdracht" and step["confidential"]
        assert "wethouder" not in json.dumps(told) and "raadslid" not in json.dumps(told)
        case.record("onderzoeksopdracht", "opdracht_verleend", "2026-02-04")
        assert case.view("presidium")["knows"]["content"] is False
        # The burgemeester, who orders it, knows all of it.
        assert case.view("burgemeester")["knows"] == {
            "exists": True, "subject": True, "melder": True, "content": True}
    finally:
        engine.close()


def test_a_withheld_rule_keeps_a_fact_from_a_role_that_takes_part() -> None:
    text = (ROOT / "protocols" / "arnhem.yaml").read_text(encoding="utf-8")
    from protocolkit.format.loader import load_text

    bad = text.replace("    roles: [presidium]\n    withheld: true\n",
                       "    roles: [presidium]\n    withheld: true\n    from: [onderzoek]\n", 1)
    assert bad != text
    result = load_text(bad)
    assert result.protocol is None
    assert any("withheld" in f.message for f in result.findings)


def test_a_betrokkene_heard_in_the_screening_still_does_not_learn_who_reported() -> None:
    engine = CaseEngine(max_live=4)
    case = engine.open(OOSTZAAN, {"reporter": "raadslid", "subject": "wethouder",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2026-01-05", facts={"datum_vermeende_feiten": "2025-11-20"})
    for step, outcome in [("melding", "gemeld"), ("ontvangstbevestiging", "bevestigd"),
                          ("ontvankelijkheidstoets", "ontvankelijk"),
                          ("advies_eerste_screening", "geadviseerd")]:
        case.record(step, outcome, "2026-01-06")
    view = case.view("betrokkene")
    assert view["knows_case"] and view["subject"] == "wethouder"
    assert "raadslid" not in json.dumps(view)                  # not even as an actor
    assert case.view("integriteitscommissie")["melder"] == "raadslid"
    engine.close()


# --------------------------------------------------------------------------- the check


def test_the_shipped_protocols_tell_nobody_too_early() -> None:
    for protocol in (OOSTZAAN, ARNHEM):
        assert [f for f in run_checks(protocol) if f.code == "disclosure-before-allowed"] == []


def test_a_protocol_that_tells_too_early_or_too_widely_is_reported() -> None:
    result = load_protocol(ROOT / "tests" / "data" / "checks" / "disclosure.yaml")
    assert result.protocol is not None
    found = [f for f in run_checks(result.protocol, result.locations)
             if f.code == "disclosure-before-allowed"]
    assert sorted((f.witness["path"][-1]["step"], f.location.line) for f in found) == [
        ("beoordeling", 49), ("melding", 38)]
    assert "onderzoeker who the melder is" in found[0].message + found[1].message


def test_informing_the_presidium_in_the_vooronderzoek_is_reported() -> None:
    text = (ROOT / "protocols" / "arnhem.yaml").read_text(encoding="utf-8")
    marker = "  - id: vooronderzoek\n"
    assert marker in text
    head, tail = text.split(marker, 1)
    body, rest = tail.split("    outcomes:", 1)
    # the step informs a burger melder already (voetnoot 8): the presidium joins that list
    assert "    informed:\n" in body
    body = body.replace("    informed:\n", "    informed:\n      - presidium\n", 1)
    changed = head + marker + body + "    outcomes:" + rest
    from protocolkit.format.loader import load_text

    protocol = load_text(changed).protocol
    assert protocol is not None
    found = [f for f in run_checks(protocol) if f.code == "disclosure-before-allowed"]
    assert found and all(f.witness["path"][-1]["step"] == "vooronderzoek" for f in found)


# --------------------------------------------------------------------------- CLI


def test_simulate_as_a_role_shows_only_what_it_may_know(
        capsys: pytest.CaptureFixture[str]) -> None:
    case_file = str(ROOT / "tests" / "data" / "cases" / "oostzaan_kerst.yaml")
    protocol = str(ROOT / "protocols" / "oostzaan.yaml")
    code, out, _ = run_cli(capsys, "simulate", protocol, case_file, "--as-of", "2026-01-20",
                           "--as", "betrokkene", "--lang", "nl")
    assert code == 0 and "geen zaak bekend" in out
    code, out, _ = run_cli(capsys, "simulate", protocol, case_file, "--as-of", "2026-01-20",
                           "--as", "burgemeester", "--format", "json")
    assert code == 0 and json.loads(out)["melder"] == "burger"
    code, _, err = run_cli(capsys, "simulate", protocol, case_file, "--as", "nobody")
    assert code == 2 and "no role" in err


def test_the_reporters_office_points_to_the_melders_view(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A role id is an office (every burger, every raadslid); the person who reported is
    'melder'. Whoever runs `simulate --as burger` for a burger's melding is told where the
    reporter's own view is (on stderr: the view itself must not tell the office who is
    involved), instead of only "geen zaak bekend"."""
    case_file = str(ROOT / "tests" / "data" / "cases" / "oostzaan_kerst.yaml")
    protocol = str(ROOT / "protocols" / "oostzaan.yaml")
    code, out, err = run_cli(capsys, "simulate", protocol, case_file, "--as-of", "2026-01-20",
                             "--as", "burger")
    assert code == 0 and "--as melder" in err and "melder" not in out
    code, out, err = run_cli(capsys, "simulate", protocol, case_file, "--as-of", "2026-01-20",
                             "--as", "melder", "--format", "json")
    assert json.loads(out)["melder"] == "burger" and "hint" not in err
    code, out, err = run_cli(capsys, "simulate", protocol, case_file, "--as-of", "2026-01-20",
                             "--as", "wethouder", "--format", "json")
    assert "--as betrokkene" in err and "betrokkene" not in json.dumps(json.loads(out)["role"])


def test_a_view_in_words_names_roles_and_outcomes_as_the_protocol_does(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``simulate --as`` shows each actor by the name the protocol gives it and each
    outcome by its label, as the full simulation does (the JSON keeps the ids)."""
    from protocolkit.cli import main

    main(["simulate", "protocols/oostzaan.yaml", "tests/data/cases/oostzaan_screening.yaml",
          "--as", "burgemeester", "--as-of", "2026-05-01", "--lang", "nl"])
    out = capsys.readouterr().out
    assert ("door Burgemeester: Voldoet aan lid 1: vooronderzoek (eerste screening) "
            "op vr 2026-04-24") in out, out
    assert "(wie: Burgemeester, wendt zich tot Wethouder)" in out, out
    assert "door burgemeester:" not in out and ": ontvankelijk op" not in out, out
    # the heading and who reported whom: the roles by name too
    assert out.startswith("Voor Burgemeester: zaak "), out
    assert "  melder: Raadslid of fractieassistent; betreft: Wethouder; uitgevoerd\n" in out
    main(["simulate", "protocols/oostzaan.yaml", "tests/data/cases/oostzaan_screening.yaml",
          "--as", "fractievoorzitter", "--as-of", "2026-05-01", "--lang", "nl"])
    out = capsys.readouterr().out
    assert out.startswith("Voor Fractievoorzitter: geen zaak bekend"), out
    main(["simulate", "protocols/oostzaan.yaml", "tests/data/cases/oostzaan_screening.yaml",
          "--as", "betrokkene", "--as-of", "2026-05-01", "--lang", "nl"])
    out = capsys.readouterr().out
    assert out.startswith("Voor betrokkene: zaak ") and "  melder: melder; betreft: Wethouder" in out


def test_a_role_the_protocol_lacks_is_refused_in_the_house_style(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt ``--as`` role: the one meant and the choices in one parenthesis, as
    every refusal says it, not "…; gebruik een rol-id …; bedoelt u"."""
    from protocolkit.cli import main

    code = main(["simulate", "protocols/oostzaan.yaml", "tests/data/cases/oostzaan_screening.yaml",
                 "--as", "griffierr", "--lang", "nl"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "'griffierr' is geen rol van Oostzaan (bedoelt u `griffier`? Kies uit: " in err, err
    assert err.rstrip().endswith(", melder, betrokkene)") and "; bedoelt u" not in err, err
