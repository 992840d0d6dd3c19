"""Route-graph checks: each one on a protocol that breaks it and on one that comes close.

The protocols are in tests/data/checks/: ``clean.yaml`` passes every check while coming
close to each; every other file breaks one check with one edit (its header says which).
Each test asserts the code, the location (file:line:column) and the witness a griffier
would follow: the scenario, and a path that the protocol really lets that scenario take.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from protocolkit.analysis import CHECK_CODES, run_checks
from protocolkit.analysis.impartiality import Relations
from protocolkit.api import check, validate_files
from protocolkit.format.diagnostics import CODES, Finding, Location, Severity
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario, entry_step, resolve_step, scenario_space

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ROOT / "tests" / "data" / "checks"


def findings_of(name: str) -> tuple[Protocol, list[Finding], str]:
    path = CHECKS / f"{name}.yaml"
    result = load_protocol(path)
    assert result.protocol is not None, [f.render() for f in result.findings]
    assert result.findings == [], "the loader must accept the file; only a check may object"
    return result.protocol, run_checks(result.protocol, result.locations), path.read_text()


def line_of(text: str, needle: str) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} occurs {len(hits)} times"
    return hits[0]


def scenario_of(witness: dict[str, Any]) -> Scenario:
    s = witness["scenario"]
    return Scenario(s["reporter"], s["subject"], s["act"], s["own"], s.get("attributes", {}))


def assert_real_path(protocol: Protocol, witness: dict[str, Any]) -> list[str]:
    """The witness path starts at the scenario's entry step and follows outcomes that
    exist in that scenario, with the actors the protocol names for it."""
    scenario = scenario_of(witness)
    path = witness["path"]
    assert path, "a witness path is never empty"
    assert path[0]["step"] == entry_step(protocol, scenario)
    for hop, following in itertools.pairwise(path):
        view = resolve_step(protocol, hop["step"], scenario)
        outcome = view.outcome(hop["outcome"])
        assert outcome is not None, f"{hop['step']} has no outcome {hop['outcome']}"
        if "track" in hop:      # the path follows a parallel track the outcome opens
            assert hop["track"] == following["step"] and hop["track"] in outcome.tracks
        else:
            assert outcome.next == following["step"]
    for hop in path:
        view = resolve_step(protocol, hop["step"], scenario)
        assert hop["actor"] == view.actor.role
        assert hop["kind"] == view.kind.value
    assert path[-1]["outcome"] is None
    return [hop["step"] for hop in path]


def first_scenario_where(protocol: Protocol, holds: Any) -> dict[str, Any]:
    return next(s for s in scenario_space(protocol) if holds(s)).to_dict()


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [f.render() for f in findings]
    assert len(findings) == 1, "the file breaks exactly one check"
    return matching[0]


# --------------------------------------------------------------------------- passing


def test_clean_protocol_passes_every_check() -> None:
    _, findings, _ = findings_of("clean")
    assert findings == []
    report = validate_files([CHECKS / "clean.yaml"])
    assert report.exit_code(strict=True) == 0


def test_every_check_code_is_registered() -> None:
    for code in CHECK_CODES:
        assert CODES[code].stage == "analysis"


def test_checks_work_without_locations() -> None:
    protocol, with_locations, _ = findings_of("dead_end")
    without = run_checks(protocol)
    assert [f.code for f in without] == [f.code for f in with_locations]
    assert without[0].location == Location(None, None, None)
    assert without[0].witness == with_locations[0].witness


# --------------------------------------------------------------------------- routes


def test_dead_end() -> None:
    protocol, findings, text = findings_of("dead_end")
    f = only(findings, "dead-end")
    assert f.severity is Severity.error
    assert (f.location.line, f.location.column) == (line_of(text, "  - id: nazorg"), 5)
    assert "'nazorg'" in f.message
    assert f.witness is not None
    # The burgemeester cases get stuck: two scenarios, witnessed by the first of them.
    assert f.witness["scenarios"] == 2
    assert f.witness["scenario"] == first_scenario_where(
        protocol, lambda s: s.subject == "burgemeester")
    steps = assert_real_path(protocol, f.witness)
    assert steps[-1] == "nazorg"
    # The substitute acts in the witness, and says for whom.
    assert any(h.get("stands_in_for") == "burgemeester" and h["actor"] == "cvdk"
               for h in f.witness["path"])


def test_no_actor() -> None:
    _protocol, findings, text = findings_of("no_actor")
    f = only(findings, "no-actor")
    assert f.location.line == line_of(text, "- {when: {subject: raadslid}, role: burgemeester}")
    assert f.witness is not None and f.witness["scenario"]["subject"] == "burgemeester"
    assert f.witness["path"][-1]["step"] == "beoordeling"
    assert f.witness["path"][-1]["actor"] == "?"


def test_no_termination_shows_the_loop() -> None:
    protocol, findings, text = findings_of("no_termination")
    f = only(findings, "no-termination")
    assert f.location.line == line_of(text, "  - id: toets")
    assert f.witness is not None
    assert f.witness["scenarios"] == len(scenario_space(protocol))
    steps = assert_real_path(protocol, f.witness)
    # The path enters the loop and goes round it once.
    assert steps[-3:] == ["toets", "overleg", "toets"]
    assert "toets -> overleg -> toets" in f.message


def test_loop_with_a_way_out_terminates() -> None:
    # clean.yaml: wederhoor can send the case back to onderzoek, and on to an end.
    protocol, findings, _ = findings_of("clean")
    view = resolve_step(protocol, "wederhoor", scenario_space(protocol)[0])
    assert view.outcome("aanvullend_onderzoek").next == "onderzoek"
    assert not [f for f in findings if f.code in ("no-termination", "dead-end")]


def test_unreachable_step_is_a_warning_without_witness() -> None:
    _, findings, text = findings_of("unreachable_step")
    f = only(findings, "unreachable-step")
    assert f.severity is Severity.warning
    assert f.location.line == line_of(text, "  - id: evaluatie")
    assert f.witness is None


def test_missing_route_per_reporter_and_subject() -> None:
    _protocol, findings, text = findings_of("missing_route")
    assert {f.code for f in findings} == {"missing-route"}
    assert [f.witness["scenario"]["subject"] for f in findings if f.witness] == [
        "raadslid", "burgemeester"]
    for f in findings:
        assert f.location.line == line_of(text, "entry_routes:")
        assert f.witness is not None
        assert f.witness["scenario"]["reporter"] == "burger"
        assert f.witness["path"] == []
        assert f.witness["scenarios"] == 1


def test_ambiguous_route() -> None:
    _protocol, findings, text = findings_of("ambiguous_route")
    f = only(findings, "ambiguous-route")
    line = line_of(text, "id: burger_direct")
    assert f.location.line == line
    assert f.location.column == text.splitlines()[line - 1].index("when:") + 7
    assert "'melding'" in f.message and "'burger_direct'" in f.message
    assert f.witness is not None and f.witness["scenarios"] == 2


def test_two_entry_routes_to_the_same_step_are_not_ambiguous() -> None:
    text = (CHECKS / "clean.yaml").read_text().replace(
        '  - {id: melding, when: {own: false}, step: melding, source: "art. 2"}\n',
        '  - {id: melding, when: {own: false}, step: melding, source: "art. 2"}\n'
        '  - {id: burger, when: {reporter: burger}, step: melding, source: "art. 2"}\n')
    result = load_text(text, "same.yaml")
    assert check(result) == []


# --------------------------------------------------------------------------- impartiality


def test_conflict_of_interest_through_dependence() -> None:
    protocol, findings, text = findings_of("conflict")
    f = only(findings, "conflict-of-interest")
    assert f.severity is Severity.error
    line = line_of(text, "consulted: [gemeentesecretaris]")
    assert (f.location.line, f.location.column) == (
        line, text.splitlines()[line - 1].index("[") + 2)
    assert f.witness is not None
    assert f.witness["cycle"] == ["gemeentesecretaris", "accountable_to", "burgemeester"]
    assert f.witness["scenario"]["subject"] == "burgemeester"
    assert f.witness["scenarios"] == 2
    assert assert_real_path(protocol, f.witness)[-1] == "vooronderzoek"


def test_conflict_of_interest_through_membership_of_a_body() -> None:
    _protocol, findings, _ = findings_of("conflict_body")
    f = only(findings, "conflict-of-interest")
    assert f.witness is not None
    assert f.witness["cycle"] == ["integriteitscommissie", "members", "griffier"]
    assert f.witness["scenario"]["subject"] == "griffier"


def test_a_body_judging_one_of_many_members_is_no_conflict() -> None:
    # The gemeenteraad judges a raadslid (many hold the role; the subject abstains).
    protocol, findings, _ = findings_of("clean")
    assert Relations(protocol).chain("gemeenteraad", "raadslid", lambda member, body: member) is None
    assert Relations(protocol).chain("griffier", "raadslid", lambda member, body: member) is None
    assert findings == []


@pytest.mark.parametrize(("substitute", "extra_role", "cycle"), [
    ("externe_adviseur", "{id: externe_adviseur, name: Extern, kind: external, source: \"art. 1\"}",
     None),
    ("griffiemedewerker", ("{id: griffiemedewerker, name: Medewerker griffie, kind: person, "
     "accountable_to: [griffier], source: \"art. 1\"}"),
     ["integriteitscommissie", "members", "griffiemedewerker", "accountable_to", "griffier"]),
])
def test_substitution_replaces_a_member_of_a_body(substitute: str, extra_role: str,
                                                  cycle: list[str] | None) -> None:
    """Oostzaan art. 3.1 lid 3: an involved griffier is replaced in the commission; the
    replacement must itself be independent of him."""
    text = (CHECKS / "conflict_body.yaml").read_text()
    text = text.replace("  - {id: burger, name: Burger", f"  - {extra_role}\n  - {{id: burger, name: Burger")
    text = text.replace("substitutions:\n", "substitutions:\n  - {id: vervanger, when: {subject: "
                        f"griffier}}, replaces: griffier, by: {substitute}, source: \"art. 1\"}}\n")
    findings = check(load_text(text, "seat.yaml"))
    conflicts = [f for f in findings if f.code == "conflict-of-interest"]
    if cycle is None:
        assert findings == []
    else:
        assert [f.witness["cycle"] for f in conflicts if f.witness] == [cycle]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_body_bound_through_a_members_seat_hints_to_replace_the_member_there(
        lang: str) -> None:
    """The integriteitscommissie advises on a case about its member the griffier: the fix
    is to replace the griffier within the commissie (Oostzaan art. 3.1 lid 3: "Zij worden
    zo nodig vervangen door medewerkers ... van de griffie"), not to replace the
    commissie: the hint names the member and the body (replaces, bodies)."""
    _protocol, findings, _ = findings_of("conflict_body")
    said = only(findings, "conflict-of-interest").render(lang)
    assert ("when: {subject: griffier}, replaces: griffier, bodies: [integriteitscommissie], "
            "by: ") in said
    assert "replaces: integriteitscommissie" not in said
    if lang == "nl":
        assert "die griffier in integriteitscommissie vervangt" in said
    else:
        assert "that replaces the griffier in the integriteitscommissie" in said


def test_the_hinted_member_substitution_lifts_the_conflict_and_the_report_says_it_in_words(
        ) -> None:
    """What the hint proposes, written into the file, lifts the finding; the report says
    it without YAML."""
    from protocolkit.present.report import build_report, render_html

    page = render_html(build_report(CHECKS / "conflict_body.yaml"))
    assert ("in een zaak over de griffier neemt een onafhankelijke rol de plaats van de "
            "griffier in de integriteitscommissie in") in page
    assert "bodies:" not in page
    result = load_text(adviser_in_the_griffiers_seat(
        (CHECKS / "conflict_body.yaml").read_text()), "replaced.yaml")
    assert result.findings == [] and result.protocol is not None
    assert [f for f in check(result) if f.code == "conflict-of-interest"] == []


def adviser_in_the_griffiers_seat(text: str) -> str:
    """A protocol text of conflict_body.yaml with an independent adviser replacing the
    griffier within the integriteitscommissie when the griffier is the subject (what the
    hints propose)."""
    return text.replace(
        "  - {id: burger, name: Burger",
        "  - {id: adviseur, name: Adviseur, kind: external, source: \"art. 1\"}\n"
        "  - {id: burger, name: Burger").replace(
        "substitutions:\n", "substitutions:\n  - {id: ander, when: {subject: griffier}, "
        "replaces: griffier, by: adviseur, bodies: [integriteitscommissie], "
        "source: \"art. 1\"}\n")


def test_a_seat_held_by_a_substitute_names_the_member_whose_seat_it_is() -> None:
    """A griffiemedewerker, accountable to the griffier, sits for him in the commissie:
    the finding runs through that seat, and the hint replaces the griffier there."""
    text = (CHECKS / "conflict_body.yaml").read_text()
    text = text.replace("  - {id: burger, name: Burger",
                        "  - {id: griffiemedewerker, name: Medewerker griffie, kind: person, "
                        "accountable_to: [griffier], source: \"art. 1\"}\n"
                        "  - {id: burger, name: Burger")
    text = text.replace("substitutions:\n", "substitutions:\n  - {id: vervanger, when: "
                        "{subject: griffier}, replaces: griffier, by: griffiemedewerker, "
                        "source: \"art. 1\"}\n")
    [found] = [f for f in check(load_text(text, "seat.yaml")) if f.code == "conflict-of-interest"]
    assert found.witness is not None and found.witness["cycle"] == [
        "integriteitscommissie", "members", "griffiemedewerker", "accountable_to", "griffier"]
    assert "replaces: griffier, bodies: [integriteitscommissie]" in found.render("en")


OPTIONAL_BODY = ("{id: integriteitscommissie, name: Integriteitscommissie, kind: body, "
                 "shared: integriteitscommissie, members: [griffier], source: \"art. 1\"}")


def with_optional_griffier(members: str = "[griffier]") -> str:
    """conflict_body.yaml with the integriteitscommissie's griffier a member it has only
    if desired (and ``members`` as given)."""
    text = (CHECKS / "conflict_body.yaml").read_text()
    assert OPTIONAL_BODY in text
    return text.replace(OPTIONAL_BODY, OPTIONAL_BODY[:-1].replace("[griffier]", members)
                        + ", optional_members: [{role: griffier, source: \"art. 1\"}]}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_optional_member_binds_the_body_if_he_sits(lang: str) -> None:
    """Oostzaan art. 3.1 lid 2 seats "– desgewenst – (een) externe adviseur(s)", and lid 3
    binds them all the same: "De gemeentesecretaris dan wel griffier en de adviseur(s)
    is/zijn op geen enkele manier direct of indirect betrokken … Zij worden zo nodig
    vervangen" (art. 2.2 lid 3: "op geen enkele wijze direct of indirect betrokken").
    "Desgewenst" makes the seat optional, not the independence: the conflict through the
    optional seat is the error the plain member gives, its chain says the seat is
    optional, and the hint says to leave him out or replace him in that body."""
    plain = [f for f in check(load_text((CHECKS / "conflict_body.yaml").read_text(),
                                        "plain.yaml")) if f.code == "conflict-of-interest"]
    result = load_text(with_optional_griffier(), "optional.yaml")
    assert result.findings == [] and result.protocol is not None
    assert Relations(result.protocol).chain(
        "integriteitscommissie", "griffier", lambda member, body: member) == [
        "integriteitscommissie", "optional_members", "griffier"]
    [f] = [f for f in check(result) if f.code == "conflict-of-interest"]
    [before] = plain
    assert (f.severity, f.location.line, f.witness["scenarios"]) == (
        before.severity, before.location.line, before.witness["scenarios"])
    assert f.severity is Severity.error
    assert f.witness["cycle"] == ["integriteitscommissie", "optional_members", "griffier"]
    said = f.render(lang)
    if lang == "nl":
        assert "integriteitscommissie heeft desgewenst als lid griffier" in said
        assert ("griffier zit alleen desgewenst in integriteitscommissie (art. 1) en mag, als "
                "hij zitting neemt, evenmin betrokken zijn: laat hem weg, of voeg een "
                "vervanging toe") in said
    else:
        assert "integriteitscommissie has as an optional member griffier" in said
        assert ("the griffier sits in the integriteitscommissie only if desired (art. 1), and "
                "if seated must not be involved either: leave him out") in said
    assert ("when: {subject: griffier}, replaces: griffier, bodies: [integriteitscommissie]"
            in said)


def test_an_optional_seat_replaced_lifts_the_conflict() -> None:
    """The hint's substitution, limited to the body, lifts the conflict (art. 3.1 lid 3:
    "Zij worden zo nodig vervangen")."""
    result = load_text(adviser_in_the_griffiers_seat(with_optional_griffier()), "replaced.yaml")
    assert result.protocol is not None
    assert [f for f in check(result) if f.code == "conflict-of-interest"] == []


def test_a_chain_through_required_seats_is_preferred_to_an_optional_one() -> None:
    """A body bound through a required member and through an optional one: the finding
    shows the required seat and its usual hint (no seat to leave empty)."""
    text = with_optional_griffier("[griffier, gemeentesecretaris]").replace(
        "{id: gemeentesecretaris, name: Gemeentesecretaris, kind: person, shared: "
        "gemeentesecretaris, single: true, accountable_to: [burgemeester]",
        "{id: gemeentesecretaris, name: Gemeentesecretaris, kind: person, shared: "
        "gemeentesecretaris, single: true, accountable_to: [burgemeester, griffier]")
    result = load_text(text, "both.yaml")
    assert result.protocol is not None
    assert Relations(result.protocol).chain(
        "integriteitscommissie", "griffier", lambda member, body: member) == [
        "integriteitscommissie", "members", "gemeentesecretaris", "accountable_to", "griffier"]
    said = [f.render("en") for f in check(result) if f.code == "conflict-of-interest"]
    assert said and not any("optional" in s or "leave him out" in s for s in said), said


def test_acknowledged_conflict_is_info_with_the_reason() -> None:
    _, findings, _ = findings_of("conflict_acknowledged")
    f = only(findings, "conflict-of-interest")
    assert f.severity is Severity.info
    assert "acknowledged (secretaris_bij_vooronderzoek)" in f.message
    assert "De bron laat de gemeentesecretaris de CvdK ondersteunen." in f.message
    assert validate_files([CHECKS / "conflict_acknowledged.yaml"]).exit_code() == 0


def test_partial_acknowledgement_leaves_the_rest_an_error() -> None:
    text = (CHECKS / "conflict_acknowledged.yaml").read_text().replace(
        "    when: {subject: burgemeester}\n    reason:",
        "    when: {subject: burgemeester, reporter: burger}\n    reason:")
    findings = check(load_text(text, "partial.yaml"))
    by_severity = {f.severity: f for f in findings}
    assert set(by_severity) == {Severity.error, Severity.info}
    assert by_severity[Severity.error].witness["scenario"]["reporter"] == "raadslid"
    assert by_severity[Severity.info].witness["scenario"]["reporter"] == "burger"
    assert by_severity[Severity.error].witness["scenarios"] == 1


def test_unmatched_acknowledgement() -> None:
    _, findings, text = findings_of("unmatched_acknowledgement")
    f = only(findings, "unmatched-acknowledgement")
    assert f.severity is Severity.warning
    assert f.location.line == line_of(text, "- id: burgemeester_bij_vooronderzoek")


def test_forbidden_role_action_in_a_step() -> None:
    protocol, findings, text = findings_of("forbidden_action")
    f = only(findings, "forbidden-role-action")
    assert f.location.line == line_of(text, "actor: stuurgroep")
    assert "stuurgroep judges" in f.message
    assert f.witness is not None
    assert assert_real_path(protocol, f.witness)[-1] == "toets_stuurgroep"
    assert f.witness["scenarios"] == len(scenario_space(protocol))


def test_forbidden_role_action_in_the_rules() -> None:
    _, findings, text = findings_of("forbidden_rules")
    assert [f.code for f in findings] == ["forbidden-role-action"] * 2
    sanction_line = line_of(text, "- {id: royement,")
    rule_line = line_of(text, "- {id: stuurgroep_pers,")
    assert [f.location.line for f in findings] == [sanction_line, rule_line]
    assert all(f.witness is None for f in findings)


# --------------------------------------------------------------------------- care


def test_no_hearing_before_sanction() -> None:
    protocol, findings, text = findings_of("no_hearing")
    f = only(findings, "no-hearing-before-sanction")
    assert f.location.line == line_of(text, "  - id: sanctie")
    assert f.witness is not None
    steps = assert_real_path(protocol, f.witness)
    assert steps[-1] == "sanctie"
    assert "onderzoek" in steps
    kinds = [h["kind"] for h in f.witness["path"]]
    assert "wederhoor" not in kinds
    assert not any(h["outcome"] == "erkenning" for h in f.witness["path"])


def test_admission_stands_in_for_the_hearing() -> None:
    # clean.yaml: erkenning (admission: true) leads straight to the oordeel and sanction.
    text = (CHECKS / "clean.yaml").read_text()
    assert check(load_text(text, "clean.yaml")) == []
    without = text.replace("{id: erkenning, next: oordeel, admission: true}",
                           "{id: erkenning, next: oordeel}")
    findings = check(load_text(without, "no_admission.yaml"))
    assert [f.code for f in findings] == ["no-hearing-before-sanction"]
    assert [h["outcome"] for h in findings[0].witness["path"]][-3:] == [
        "erkenning", "sanctie", None]


def test_investigation_without_preliminary() -> None:
    protocol, findings, text = findings_of("no_preliminary")
    f = only(findings, "investigation-without-preliminary")
    assert f.location.line == line_of(text, "  - id: onderzoek")
    assert f.witness is not None
    steps = assert_real_path(protocol, f.witness)
    assert steps == ["melding", "beoordeling", "opdracht", "onderzoek"]


def test_sanction_not_applicable() -> None:
    protocol, findings, text = findings_of("sanction_not_applicable")
    assert {f.code for f in findings} == {"sanction-not-applicable"}
    line = line_of(text, "sanctions: [motie_van_afkeuring, schorsing, royement]")
    row = text.splitlines()[line - 1]
    found = {(f.location.column, f.witness["scenario"]["subject"]) for f in findings if f.witness}
    assert found == {(row.index("schorsing") + 1, "raadslid"),
                     (row.index("royement") + 1, "raadslid"),
                     (row.index("royement") + 1, "burgemeester")}
    imposer = next(f for f in findings if "only fractie may impose" in f.message)
    assert "gemeenteraad would impose 'royement'" in imposer.message
    for f in findings:
        assert f.location.line == line
        assert assert_real_path(protocol, f.witness)[-1] == "sanctie"


def test_publicity_before_judgment() -> None:
    protocol, findings, text = findings_of("publicity")
    f = only(findings, "publicity-before-judgment")
    assert f.location.line == line_of(text, "  - id: persbericht")
    assert f.witness is not None
    steps = assert_real_path(protocol, f.witness)
    assert steps[-1] == "persbericht"
    assert "oordeel" not in steps
    assert "'oordeel'" in f.message


def test_publicity_by_a_speaker_the_rules_silence() -> None:
    _, findings, text = findings_of("publicity_silenced")
    f = only(findings, "publicity-before-judgment")
    assert f.location.line == line_of(text, "  - id: melder_pers")
    assert "melder_zwijgt" in f.message


def test_press_after_the_judgment_is_allowed_also_for_the_substitute() -> None:
    # clean.yaml: the press step follows the oordeel; for the burgemeester as subject the
    # CvdK speaks, which the rule for the burgemeester covers through the substitution.
    protocol, findings, _ = findings_of("clean")
    scenario = Scenario("raadslid", "burgemeester", "uitgevoerd")
    assert resolve_step(protocol, "pers", scenario).actor.role == "cvdk"
    assert findings == []


# --------------------------------------------------------------------------- completeness


def test_incomplete_coverage_names_each_missing_element() -> None:
    _, findings, text = findings_of("incomplete")
    assert [f.code for f in findings] == ["incomplete-coverage"] * 2
    assert all(f.severity is Severity.warning for f in findings)
    assert ["'registratie'" in findings[0].message, "'nazorg'" in findings[1].message] == [True, True]
    assert {f.location.line for f in findings} == {line_of(text, "steps:")}


def test_an_unreachable_step_does_not_count_as_coverage() -> None:
    text = (CHECKS / "clean.yaml").read_text().replace(
        "      - {id: geregistreerd, next: nazorg}\n", "      - {id: geregistreerd, next: afgedaan}\n")
    findings = check(load_text(text, "x.yaml"))
    assert sorted(f.code for f in findings) == ["incomplete-coverage", "unreachable-step"]
    coverage = next(f for f in findings if f.code == "incomplete-coverage")
    assert "'nazorg'" in coverage.message and "no route reaches it" in coverage.message
