"""The constructs of issue 13 as a user meets them: joint steps, guarded parties,
parallel tracks, scoped substitutions, silences that end, open answers, ambiguity
notes, aliases, sanctions by others, and one refusal for excluded scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from protocolkit.api import refuse, route
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.semantics import (
    Scenario,
    resolve_step,
    responsibilities,
    route_graph,
    scenario_space,
)
from tests.helpers import run_cli

DATA = Path(__file__).parent / "data"
CONSTRUCTS = DATA / "constructs.yaml"
PROTOCOLS = Path(__file__).resolve().parents[1] / "protocols"

RAADSLID = Scenario("raadslid", "raadslid", "uitgevoerd")
BURGEMEESTER = Scenario("raadslid", "burgemeester", "uitgevoerd")


@pytest.fixture(scope="module")
def protocol():
    result = load_protocol(CONSTRUCTS)
    assert result.protocol is not None, [f.render() for f in result.findings]
    return result.protocol


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def codes(text: str) -> list[str]:
    from protocolkit.api import check

    return [f.code for f in check(load_text(text, "x.yaml"))]


# --------------------------------------------------------------------------- joint


def test_joint_step_lists_every_actor_in_text_order(protocol) -> None:
    answers = responsibilities(protocol, RAADSLID)
    assert answers.decides_follow_up[:3] == ["burgemeester", "griffier", "gemeentesecretaris"]
    step = next(s for s in route(protocol, RAADSLID).steps if s.id == "driehoek")
    assert step.actors == ["burgemeester", "griffier", "gemeentesecretaris"]


def test_conflict_of_interest_applies_to_each_joint_actor() -> None:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    # The subject, second of three joint actors, decides on his own case; the first
    # actor alone would raise nothing.
    assert "conflict-of-interest" not in codes(text)
    text = _with(text, "- {role: [burgemeester, griffier, gemeentesecretaris]}",
                 "- {role: [burgemeester, betrokkene, gemeentesecretaris]}")
    assert "conflict-of-interest" in codes(text)


# --------------------------------------------------------------------------- parties


def test_guarded_consulted_only_on_its_branch(protocol) -> None:
    assert [r.role for r in resolve_step(protocol, "vooronderzoek", RAADSLID).consulted] \
        == ["griffier"]
    assert resolve_step(protocol, "vooronderzoek", BURGEMEESTER).consulted == ()


def test_heard_parties_are_shown_by_route(protocol, capsys) -> None:
    step = next(s for s in route(protocol, BURGEMEESTER).steps if s.id == "vooronderzoek")
    assert step.heard == ["raadslid", "burgemeester"]
    code, out, _ = run_cli(capsys, *["route", str(CONSTRUCTS), "--reporter", "raadslid",
                            "--subject", "burgemeester", "--act", "uitgevoerd", "--lang", "nl"])
    assert code == 0 and "Hoort: Raadslid (melder), Burgemeester (betrokkene)" in out


def test_guarded_counterpart(protocol) -> None:
    assert resolve_step(protocol, "melding", BURGEMEESTER).counterpart.role == "griffier"
    assert resolve_step(protocol, "melding", RAADSLID).counterpart.role == "burgemeester"


# --------------------------------------------------------------------------- tracks


def test_track_is_an_edge_marked_track_and_both_tracks_end(protocol) -> None:
    graph = route_graph(protocol, RAADSLID)
    tracks = [(u, v) for u, v, d in graph.edges(data=True) if d["track"]]
    assert tracks == [("vooronderzoek", "aangifte")]
    assert nx.has_path(graph, "aangifte", "strafzaak")
    step = next(s for s in route(protocol, RAADSLID).steps if s.id == "vooronderzoek")
    outcome = next(o for o in step.outcomes if o.id == "onderzoek_en_aangifte")
    assert outcome.tracks == ["aangifte"] and outcome.track_numbers[0] is not None
    assert outcome.source == ["art. 4 lid 2"]


def test_unknown_track_step_is_a_finding() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "tracks: [aangifte]",
                 "tracks: [aangifet]")
    assert "unknown-step" in codes(text)


# --------------------------------------------------------------------------- scoped


def test_scoped_substitution_reaches_only_its_phases_and_steps(protocol) -> None:
    assert resolve_step(protocol, "vooronderzoek", BURGEMEESTER).actor.role == "cvdk"
    assert resolve_step(protocol, "pers", BURGEMEESTER).actor.role == "cvdk"
    assert resolve_step(protocol, "afgedaan", BURGEMEESTER).actor.role == "burgemeester"
    assert resolve_step(protocol, "melding", BURGEMEESTER).counterpart.role == "griffier"


def test_unscoped_substitution_still_reaches_everywhere() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"),
                 "    phases: [onderzoeken]\n    steps: [pers]\n", "")
    p = load_text(text, "x.yaml").protocol
    assert resolve_step(p, "afgedaan", BURGEMEESTER).actor.role == "cvdk"


def test_scope_names_are_checked() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "phases: [onderzoeken]",
                 "phases: [onderzoek]")
    assert "unknown-phase" in codes(text)


# --------------------------------------------------------------------------- silences


def test_silence_is_answered_with_its_end(protocol) -> None:
    silent = responsibilities(protocol, BURGEMEESTER).to_dict()["silent"]
    # The vooronderzoek can end the case (niet_ontvankelijk) before the raad meets: on
    # that path the silence ends with the case.
    assert silent == [{"id": "stilte_tot_raadsvergadering",
                       "roles": ["raadslid", "burgemeester"],
                       "named": ["melder", "betrokkene", "raadslid"], "audience": "pers",
                       "from": "vooronderzoek", "from_title": "Vooronderzoek",
                       "until": [{"step": "oordeel", "outcome": None,
                                  "title": "Oordeel in de raadsvergadering", "label": None}],
                       "until_case_end": True, "ends": ["oordeel"], "source": ["art. 7"],
                       "open_points": [], "proposal": None}]
    steps = {s.id: s for s in route(protocol, BURGEMEESTER).steps}
    assert steps["vooronderzoek"].silences_start[0]["ends"] == ["oordeel"]
    assert steps["oordeel"].silences_end[0]["id"] == "stilte_tot_raadsvergadering"


def test_silence_not_on_a_route_that_never_reaches_its_start() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "from: vooronderzoek", "from: aangifte")
    p = load_text(text, "x.yaml").protocol
    # aangifte is reached (as a track), so the silence holds ...
    assert responsibilities(p, RAADSLID).silent
    text = _with(text, "tracks: [aangifte]", "tracks: []")
    p = load_text(text, "x.yaml").protocol
    # ... and without the track it is not.
    assert responsibilities(p, RAADSLID).silent == []


def test_silence_until_an_unknown_outcome_is_a_finding() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "until: oordeel", "until: oordeel.sanctei")
    assert "unknown-step" in codes(text)


def test_standing_silences_of_communication_rules_are_answered_too() -> None:
    # A communication rule with allowed: false is a standing silence (no end).
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "communication:\n",
                 "communication:\n  - {id: staand, speaker: melder, audience: pers, "
                 "allowed: false, source: \"art. 7\"}\n")
    p = load_text(text, "x.yaml").protocol
    silent = responsibilities(p, Scenario("raadslid", "burgemeester", "uitgevoerd")).silent
    standing = [s for s in silent if s["id"] == "staand"]
    assert standing and standing[0]["until"] == [] and standing[0]["ends"] == []
    assert standing[0]["until_case_end"]


def test_arnhem_basisprincipe_2_ends_once_the_sanction_is_judged() -> None:
    """Arnhem Basisprincipe 2 (l. 67-69): "Als er uiteindelijk werkelijk sprake blijkt te
    zijn van een integriteitsschending en er een oordeel is gevormd over de ernst daarvan
    en over een passende sanctie, mag en moet de kwestie naar buiten worden gebracht" - the
    silence of melder and betrokkene where Fase 3 names no moment (the burgemeester, a
    griffiemedewerker) has that end, on the route."""
    p = load_protocol(PROTOCOLS / "arnhem.yaml").protocol
    for reporter, subject in (("burger", "burgemeester"), ("raadslid", "burgemeester"),
                              ("raadslid", "griffiemedewerker")):
        sc = Scenario(reporter, subject, "uitgevoerd")
        graph = route_graph(p, sc)
        basis = [s for s in responsibilities(p, sc).silent
                 if s["source"] == ["Basisprincipes 2"]]
        assert basis, (reporter, subject)
        for silence in basis:
            assert silence["ends"], silence
            for end in silence["ends"]:
                step = p.step(end.split(".")[0])
                assert step is not None and step.kind.value in ("oordeel", "sanctie")
                assert step.id in graph, (subject, end)


# --------------------------------------------------------------------------- open


def test_open_points_map_every_question(protocol) -> None:
    data = responsibilities(protocol, RAADSLID).to_dict()["open_points"]
    assert data == {"first_contact": [], "decides_follow_up": ["termijn_vooronderzoek"],
                    "commissions_investigation": [], "judges": ["wie_oordeelt"],
                    "imposes_sanction": [], "communicates": []}
    step = next(s for s in route(protocol, RAADSLID).steps if s.id == "oordeel")
    assert step.open_points == [{"id": "wie_oordeelt",
                                 "question": "Oordeelt de raad of het presidium?"}]


def test_open_markers_and_affects_are_checked() -> None:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert "unknown-open-point" in codes(_with(text, "open: wie_oordeelt", "open: wie_oordeel"))
    assert "unknown-element" in codes(_with(text, "affects: [oordeel]", "affects: [oordel]"))
    lonely = _with(_with(text, "affects: [oordeel]", "affects: []"),
                   "{role: gemeenteraad, open: wie_oordeelt}", "{role: gemeenteraad}")
    assert "open-point-governs-nothing" in codes(lonely)
    assert "open-point-governs-nothing" not in codes(text)


# --------------------------------------------------------------------------- ambiguity


def test_ambiguity_is_shown_where_it_applies(protocol, capsys) -> None:
    notes = responsibilities(protocol, RAADSLID).ambiguities
    assert [(n["id"], n["chosen"], n["questions"]) for n in notes] == [
        ("aangifte_naast_procedure", "naast_elkaar", ["decides_follow_up"])]
    result = route(protocol, RAADSLID)
    assert [s.id for s in result.steps if s.ambiguities] == ["vooronderzoek"]
    assert result.ambiguities[0]["readings"][1]["id"] == "strafzaak_volstaat"
    _, out, _ = run_cli(capsys, *["route", str(CONSTRUCTS), "--reporter", "raadslid",
                            "--subject", "raadslid", "--act", "uitgevoerd", "--lang", "nl"])
    assert "Keuze tussen lezingen (aangifte_naast_procedure)" in out


def test_ambiguity_choice_must_be_a_reading() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "chosen: naast_elkaar",
                 "chosen: naastelkaar")
    assert "invalid-value" in codes(text)


# --------------------------------------------------------------------------- sanctions


def test_sanctions_by_others_name_who_imposes_them(protocol) -> None:
    answers = responsibilities(protocol, RAADSLID)
    sanctions = {s["id"]: s["imposed_by"] for s in answers.sanctions}
    assert sanctions == {"motie_van_afkeuring": ["gemeenteraad"], "royement": ["fractie"]}
    # royement is imposed outside the procedure by the fractie: it answers the question
    assert answers.imposes_sanction == ["gemeenteraad", "fractie"]
    result = route(protocol, RAADSLID)
    assert [s["id"] for s in result.sanctions] == ["royement"]   # no step offers it
    # not for a subject it does not apply to
    assert responsibilities(protocol, BURGEMEESTER).imposes_sanction == ["gemeenteraad"]


def test_roles_acting_together_in_short(protocol) -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"),
                 "      - {role: [burgemeester, griffier, gemeentesecretaris]}\n", "")
    text = _with(text, "    actor:                            # a joint step",
                 "    actor: [burgemeester, griffier, gemeentesecretaris]  #")
    p = load_text(text, "x.yaml").protocol
    assert p is not None
    assert p.step("driehoek").model_dump()["actor"] == [
        "burgemeester", "griffier", "gemeentesecretaris"]
    assert responsibilities(p, RAADSLID).decides_follow_up == \
        responsibilities(protocol, RAADSLID).decides_follow_up


def test_a_counterpart_addressed_together_is_first_contact() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"),
                 "      - {role: burgemeester}\n    outcomes:",
                 "      - {role: [burgemeester, griffier]}\n    outcomes:")
    p = load_text(text, "x.yaml").protocol
    assert responsibilities(p, RAADSLID).first_contact == ["burgemeester", "griffier"]
    assert [s.counterparts for s in route(p, RAADSLID).steps if s.id == "melding"] == [
        ["burgemeester", "griffier"]]


# --------------------------------------------------------------------------- aliases


def test_reporter_alias_is_answered_as_the_text_says(capsys) -> None:
    code, out, _ = run_cli(capsys, *["responsibilities", str(CONSTRUCTS), "--reporter", "fractievolger",
                            "--subject", "raadslid", "--act", "uitgevoerd", "--lang", "nl"])
    assert code == 0
    assert "fractievolger wordt gelezen als raadslid [art. 1]" in out
    code, out, _ = run_cli(capsys, *["route", str(CONSTRUCTS), "--reporter", "fractievolger",
                            "--subject", "raadslid", "--act", "uitgevoerd", "--format", "json"])
    assert json.loads(out)["aliases"] == [{"alias": "fractievolger", "role": "raadslid",
                                           "source": ["art. 1"]}]


def test_a_role_not_in_the_space_is_never_guessed_as_an_alias(capsys) -> None:
    """A shared-vocabulary role spelled right is no slip of the pen: `fractievoorzitter`
    is not offered `fractievolger` (an alias of raadslid), only what may be asked; a
    misspelt alias is suggested with the role it is read as."""
    code, _, err = run_cli(capsys, *["responsibilities", str(CONSTRUCTS), "--reporter", "raadslid",
                            "--subject", "fractievoorzitter", "--act", "uitgevoerd", "--lang", "nl"])
    assert code == 2
    assert "'fractievoorzitter' is geen betrokkene in dit protocol; kies uit: " in err
    assert "fractievolger" not in err
    code, _, err = run_cli(capsys, *["responsibilities", str(CONSTRUCTS), "--reporter", "fractievolgr",
                            "--subject", "raadslid", "--act", "uitgevoerd", "--lang", "nl"])
    assert code == 2
    assert "(bedoelt u `fractievolger` (gelezen als `raadslid`)? Kies uit: " in err


def _with_reading(reading: str) -> tuple[str, int]:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert "      reason: een burger meldt alleen" in text
    bad = text.replace("      reason: een burger meldt alleen",
                       f"      reading: {reading}\n      reason: een burger meldt alleen", 1)
    return bad, bad.splitlines().index(f"      reading: {reading}") + 1


def test_an_exclusion_resting_on_no_declared_reading_is_reported() -> None:
    bad, line = _with_reading("{note: geen_notitie, follows: naast_elkaar}")
    findings = load_text(bad, "x.yaml").findings
    assert any(f.code == "unknown-element" and "item 1 rests on the reading 'geen_notitie'"
               in f.message and f.location.line == line for f in findings)


def test_an_exclusion_follows_one_of_the_readings_of_its_note() -> None:
    """Review 7, item 1: the entry says which reading it follows, a reading of that note
    (did you mean), and excludes only while the note chooses it."""
    bad, line = _with_reading("{note: aangifte_naast_procedure, follows: naast_elkar}")
    result = load_text(bad, "x.yaml")
    (found,) = [f for f in result.findings if f.code == "invalid-value"]
    assert found.location.line == line
    assert "follows the reading 'naast_elkar', which is not one of the readings of " \
           "'aangifte_naast_procedure'" in found.message
    assert found.hint is not None and "naast_elkaar" in found.hint
    other, line = _with_reading("{note: aangifte_naast_procedure, follows: strafzaak_volstaat}")
    result = load_text(other, "x.yaml")
    (found,) = [f for f in result.findings if f.code == "exclusion-reading-not-chosen"]
    assert found.location.line == line and found.severity == "warning"
    assert result.protocol is not None
    assert refuse(result.protocol, Scenario("burger", "raadslid", "voorgenomen")) is None
    same, _ = _with_reading("{note: aangifte_naast_procedure, follows: naast_elkaar}")
    result = load_text(same, "x.yaml")
    assert not [f for f in result.findings if f.severity != "info"
                and "exclude" in f.message], [str(f) for f in result.findings]
    assert result.protocol is not None
    assert refuse(result.protocol, Scenario("burger", "raadslid", "voorgenomen")) is not None


def test_a_wrong_typed_reading_is_one_finding_at_the_reading() -> None:
    """Review 7, item 13: an entry with `when` is an exclusion, so a wrong `reading`
    is not also reported as a guard whose `when` should be a list."""
    bad, line = _with_reading("aangifte_naast_procedure")
    findings = [f for f in load_text(bad, "x.yaml").findings if f.severity == "error"]
    assert [f.location.line for f in findings] == [line], [str(f) for f in findings]
    assert "'reading'" in findings[0].message


# --------------------------------------------------------------------------- refusal

REFUSED = [
    # (protocol, reporter, subject, act, own)
    ("oostzaan.yaml", "burger", "raadslid", "voorgenomen", False),    # exclude
    ("arnhem.yaml", "burger", "griffier", "uitgevoerd", False),       # exclude
    ("arnhem.yaml", "raadslid", "wethouder", "uitgevoerd", True),     # own, other subject
    ("arnhem.yaml", "burgemeester", "burgemeester", "uitgevoerd", False),  # one burgemeester
]


@pytest.mark.parametrize("command", ["responsibilities", "route", "graph"])
@pytest.mark.parametrize("name, reporter, subject, act, own", REFUSED)
def test_every_command_refuses_what_the_protocol_excludes(
        command: str, name: str, reporter: str, subject: str, act: str, own: bool, capsys) -> None:
    argv = [command, str(PROTOCOLS / name), "--reporter", reporter, "--subject", subject,
            "--act", act] + (["--own"] if own else [])
    if command == "graph":
        argv += ["--format", "mermaid"]
    if name == "oostzaan.yaml":          # aanleiding has no default there: it must be given
        argv += ["--attr", "aanleiding=vermoeden"]
    code, out, err = run_cli(capsys, *argv)
    assert code == 1
    assert "scenario-not-covered" in err
    assert "Wie:" not in out and "Eerste aanspreekpunt" not in out


@pytest.mark.parametrize("command", ["responsibilities", "route"])
def test_refusal_is_a_json_finding(command: str, capsys) -> None:
    code, out, _ = run_cli(capsys, *[command, str(PROTOCOLS / "oostzaan.yaml"), "--reporter", "burger",
                            "--subject", "raadslid", "--act", "voorgenomen",
                            "--attr", "aanleiding=twijfel", "--format", "json"])
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"]] == ["scenario-not-covered"]


def test_refusal_says_where_the_text_sends_it(protocol) -> None:
    found = refuse(protocol, Scenario("burger", "raadslid", "voorgenomen"))
    assert found is not None and "een burger meldt alleen" in found.message
    assert "[art. 2]" in found.message
    assert refuse(protocol, RAADSLID) is None
    assert route(protocol, Scenario("burger", "raadslid", "voorgenomen")).steps == []
    assert responsibilities(protocol, Scenario("burger", "raadslid", "voorgenomen")).first_contact == []


def test_simulate_and_the_engine_use_the_same_refusal(protocol, tmp_path: Path, capsys) -> None:
    from protocolkit.engine import CaseEngine
    from protocolkit.engine.case import ScenarioNotCovered

    scenario = Scenario("burger", "raadslid", "voorgenomen")
    expected = refuse(protocol, scenario)
    assert expected is not None
    with pytest.raises(ScenarioNotCovered) as error:
        CaseEngine().open(protocol, scenario, "2025-01-06")
    assert str(error.value) == expected.message
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: burger, subject: raadslid, act: voorgenomen}\n"
                    "opened: 2025-01-06\nevents: []\n", encoding="utf-8")
    code, _, err = run_cli(capsys, *["simulate", str(CONSTRUCTS), str(case)])
    assert code == 1 and "scenario-not-covered" in err and "een burger meldt alleen" in err


def test_validate_reports_an_exclude_that_leaves_no_scenario() -> None:
    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "    - when: {reporter: burger, act: voorgenomen}",
                 "    - {}\n    - when: {reporter: burger, act: voorgenomen}")
    assert "empty-scenario-space" in codes(text)


# --------------------------------------------------------------------------- order


@pytest.mark.parametrize("name", ["arnhem.yaml", "oostzaan.yaml", "aalsmeer_draft.yaml"])
def test_route_numbers_a_join_after_every_branch(name: str) -> None:
    p = load_protocol(PROTOCOLS / name).protocol
    for scenario in scenario_space(p)[::7]:
        graph = route_graph(p, scenario)
        numbers = {s.id: s.number for s in route(p, scenario).steps}
        component = {n: i for i, c in enumerate(nx.strongly_connected_components(graph))
                     for n in c}
        for u, v in graph.edges():
            if component[u] != component[v]:
                assert numbers[u] < numbers[v], (scenario.label(), u, v)


# --------------------------------------------------------------------------- engine


def test_engine_holds_every_track_open_and_ends_when_every_track_ends(protocol) -> None:
    from protocolkit.engine import CaseEngine

    engine = CaseEngine()
    case = engine.open(protocol, RAADSLID, "2025-01-06")
    case.record("melding", "gemeld", "2025-01-07")
    case.record("driehoek", "twijfel", "2025-01-08")
    assert case.record("vooronderzoek", "onderzoek_en_aangifte", "2025-01-20") == (
        "opdracht", "aangifte")
    for step, outcome, day in [("opdracht", "verleend", "2025-01-21"),
                               ("onderzoek", "concept_gereed", "2025-02-03"),
                               ("wederhoor", "geen_schending", "2025-02-10")]:
        case.record(step, outcome, day)
    # The procedure has reached its end; the aangifte track has not.
    assert case.closed is None
    assert [s.step for s in case.open_steps("2025-02-11")] == ["aangifte"]
    case.record("aangifte", "gedaan", "2025-02-12")
    assert case.closed is not None and case.closed.step == "strafzaak"
    # The record replays to the same state.
    record = case.to_dict()
    case.drop()
    again = engine.restore(protocol, record)
    assert again.closed == case.closed


def test_engine_deadlines_run_per_track(protocol) -> None:
    from protocolkit.engine import CaseEngine

    text = _with(CONSTRUCTS.read_text(encoding="utf-8"),
                 "    counterpart: politie_om\n",
                 "    counterpart: politie_om\n    deadline: {amount: 2, unit: weken}\n")
    p = load_text(text, "x.yaml").protocol
    case = CaseEngine().open(p, RAADSLID, "2025-01-06")
    case.record("melding", "gemeld", "2025-01-07")
    case.record("driehoek", "twijfel", "2025-01-08")
    case.record("vooronderzoek", "onderzoek_en_aangifte", "2025-01-20")
    open_steps = {s.step: s for s in case.open_steps("2025-02-04")}
    assert str(open_steps["aangifte"].due) == "2025-02-03" and open_steps["aangifte"].overdue
    assert open_steps["opdracht"].due is None


def test_simulate_says_who_is_still_silent_as_of_a_date(protocol) -> None:
    from protocolkit.engine import CaseEngine

    case = CaseEngine().open(protocol, RAADSLID, "2025-01-06")
    case.record("melding", "gemeld", "2025-01-07")
    assert case.silent("2025-01-07") == []                 # before the vooronderzoek
    case.record("driehoek", "twijfel", "2025-01-08")
    assert [s["id"] for s in case.silent("2025-01-09")] == ["stilte_tot_raadsvergadering"]
    case.record("vooronderzoek", "onderzoekswaardig", "2025-01-20")
    for step, outcome, day in [("opdracht", "verleend", "2025-01-21"),
                               ("onderzoek", "concept_gereed", "2025-02-03"),
                               ("wederhoor", "schending", "2025-02-10"),
                               ("oordeel", "sanctie", "2025-03-01")]:
        case.record(step, outcome, day)
    assert case.silent("2025-02-28") != []                 # the raad has not met yet
    assert case.silent("2025-03-01") == []                 # "tot na de raadsvergadering"


# --------------------------------------------------------------------------- checks


def test_every_track_must_end_on_its_own() -> None:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert "no-termination" not in codes(text)
    # 'wacht' opens the aangifte track (which ends) and otherwise only goes round.
    text = _with(text, "      - {id: onderzoekswaardig, next: opdracht}\n",
                 "      - {id: onderzoekswaardig, next: opdracht}\n"
                 "      - {id: wachten, next: wacht}\n")
    text = _with(text, "  - id: opdracht\n",
                 "  - id: wacht\n    phase: onderzoeken\n    kind: informeren\n"
                 "    title: Wachten\n    actor: burgemeester\n    outcomes:\n"
                 "      - {id: opnieuw, next: wacht, tracks: [aangifte]}\n"
                 "    source: \"art. 4\"\n  - id: opdracht\n")
    assert "no-termination" in codes(text)


def test_hearing_before_sanction_holds_on_every_track() -> None:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert "no-hearing-before-sanction" not in codes(text)
    # A track that leads into the sanction without the wederhoor of the main track.
    assert "no-hearing-before-sanction" in codes(
        _with(text, "tracks: [aangifte]", "tracks: [aangifte, sanctie]"))


def test_preliminary_before_investigation_holds_on_every_track() -> None:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert "investigation-without-preliminary" not in codes(text)
    text = _with(text, "      - id: gemeld\n", "      - id: gemeld\n        tracks: [onderzoek]\n")
    assert "investigation-without-preliminary" in codes(text)


# --------------------------------------------------------------------------- diff


def test_diff_has_rows_for_silences_open_answers_and_tracks(protocol) -> None:
    from protocolkit.diff import diff_protocols

    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert diff_protocols(protocol, load_text(text, "x.yaml").protocol).same
    changed = _with(text, "until: oordeel", "until: sanctie")
    changed = _with(changed, "tracks: [aangifte]", "tracks: []")
    changed = _with(changed, "deadline: {amount: 4, unit: weken, open: termijn_vooronderzoek, ",
                    "deadline: {amount: 4, unit: weken, ")
    changed = _with(changed, "affects: [oordeel]", "affects: [vooronderzoek]")
    changed = _with(changed, "{role: gemeenteraad, open: wie_oordeelt}", "{role: gemeenteraad}")
    other = load_text(changed, "x.yaml").protocol
    assert other is not None
    diff = diff_protocols(protocol, other)
    structural = {(r.kind, r.id) for r in diff.structural}
    assert ("silence", "stilte_tot_raadsvergadering") in structural
    assert ("open_point", "wie_oordeelt") in structural
    assert ("step", "vooronderzoek") in structural           # its outcome's track went
    aspects = {r.aspect for r in diff.behavioral}
    assert {"silent", "open", "tracks"} <= aspects
    # Mirror: the diff the other way round has the same rows, sides swapped.
    back = diff_protocols(other, protocol)
    assert {(r.kind, r.id) for r in back.structural} == structural
    assert {r.aspect for r in back.behavioral} == aspects


def test_report_shows_readings_and_silences(tmp_path: Path, capsys) -> None:
    target = tmp_path / "r.md"
    code, _, _ = run_cli(capsys, "report", str(CONSTRUCTS), "--format", "markdown",
                         "-o", str(target))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "## Keuzes tussen lezingen" in text
    assert "gekozen: De procedure loopt door naast de strafzaak;" in text
    # The silence in the one sentence every output uses (present.phrases.silence_sentence).
    assert ("Zwijgen tegenover pers: melder, betrokkene, Raadslid, vanaf stap "
            "'Vooronderzoek', tot na stap 'Oordeel in de raadsvergadering'." in text)


def test_speaking_to_the_press_while_a_silence_holds_is_found() -> None:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert "publicity-before-judgment" not in codes(text)
    # The subject himself goes to the press between the vooronderzoek and the oordeel.
    text = _with(text, "      - {id: concept_gereed, next: wederhoor}\n",
                 "      - {id: concept_gereed, next: lek}\n")
    text = _with(text, "  - id: wederhoor\n",
                 "  - id: lek\n    phase: onderzoeken\n    kind: communicatie\n"
                 "    title: De betrokkene spreekt de pers\n    actor: betrokkene\n"
                 "    outcomes:\n      - {id: gedaan, next: wederhoor}\n"
                 "    source: \"art. 7\"\n  - id: wederhoor\n")
    found = [f for f in __import__("protocolkit.api", fromlist=["check"]).check(
        load_text(text, "x.yaml")) if f.code == "publicity-before-judgment"]
    assert any("silence 'stilte_tot_raadsvergadering' still holds" in f.message for f in found)


def test_speaking_after_the_silence_ended_is_allowed() -> None:
    text = CONSTRUCTS.read_text(encoding="utf-8")
    # The subject speaks after the raad's oordeel: "mag en moet ... naar buiten".
    text = _with(text, "      - {id: opgelegd, next: pers}\n", "      - {id: opgelegd, next: lek}\n")
    text = _with(text, "  - id: pers\n",
                 "  - id: lek\n    phase: oordelen\n    kind: communicatie\n"
                 "    title: De betrokkene spreekt de pers\n    actor: betrokkene\n"
                 "    outcomes:\n      - {id: gedaan, next: pers}\n"
                 "    source: \"art. 7\"\n  - id: pers\n")
    from protocolkit.api import check

    found = [f for f in check(load_text(text, "x.yaml")) if f.code == "publicity-before-judgment"]
    assert not any("still holds" in f.message for f in found), [f.message for f in found]


def test_a_role_with_two_scoped_substitutions_is_replaced_by_each_in_its_scope() -> None:
    from protocolkit.engine import CaseEngine

    text = _with(CONSTRUCTS.read_text(encoding="utf-8"), "sanctions:\n  - {id: motie",
                 "  - id: secretaris_sluit_af\n    when: {subject: burgemeester}\n"
                 "    replaces: burgemeester\n    by: gemeentesecretaris\n"
                 "    steps: [afgedaan]\n    source: \"art. 4\"\n"
                 "sanctions:\n  - {id: motie")
    p = load_text(text, "x.yaml").protocol
    assert p is not None
    assert resolve_step(p, "vooronderzoek", BURGEMEESTER).actor.role == "cvdk"
    assert resolve_step(p, "afgedaan", BURGEMEESTER).actor.role == "gemeentesecretaris"
    assert resolve_step(p, "melding", BURGEMEESTER).counterpart.role == "griffier"
    case = CaseEngine().open(p, BURGEMEESTER, "2025-01-06")
    assert set(case.substitutions) == {"cvdk_voor_burgemeester", "secretaris_sluit_af"}


def test_a_scenario_test_about_a_refused_scenario_says_so(tmp_path: Path, capsys) -> None:
    tests = tmp_path / "constructs.tests.yaml"
    tests.write_text(
        "protocol: constructs.yaml\ntests:\n"
        "  - name: Een burger over een voorgenomen handeling\n"
        "    source: \"art. 2\"\n"
        "    scenario: {reporter: burger, subject: raadslid, act: voorgenomen}\n"
        "    expect:\n      responsibilities:\n        first_contact: [burgemeester]\n",
        encoding="utf-8")
    code, out, err = run_cli(capsys, "test", str(CONSTRUCTS), str(tests))
    assert code == 1
    assert "geeft geen antwoord voor" in out + err and "een burger meldt alleen" in out + err


def test_role_restrictions_apply_to_each_joint_actor_separately() -> None:
    """A restriction (``never``) of the second and of the third actor of the joint
    driehoek each make their own finding: neither hides behind the first actor."""
    text = CONSTRUCTS.read_text(encoding="utf-8")
    assert "forbidden-role-action" not in codes(text)
    for role in ("griffier", "gemeentesecretaris"):
        text = _with(text, f"shared: {role}, single: true,",
                     f"shared: {role}, single: true, never: [decides],")
    from protocolkit.api import check

    found = [f for f in check(load_text(text, "x.yaml"))
             if f.code == "forbidden-role-action" and "driehoek" in f.message]
    named = {role for f in found for role in ("griffier", "gemeentesecretaris")
             if role in f.message}
    assert named == {"griffier", "gemeentesecretaris"} and len(found) == 2
