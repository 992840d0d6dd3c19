"""End to end: a case for each shipped protocol runs from melding to its end, through the
API and through ``protocolkit simulate``, with the dates and actors the sources give.

The cases are driven by *waypoints* taken from the source texts (shared/sources/): the
kind of step the text describes (a vooronderzoek, an onderzoeksopdracht, the eindoordeel)
or, where the text names it, the step itself. Between waypoints the driver follows the
shortest way in the scenario's route graph; the engine decides which step opens.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from protocolkit.cli import main
from protocolkit.engine import Case, CaseEngine, Closing, OpenStep
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.semantics import StepView, route_graph

ROOT = Path(__file__).resolve().parents[1]
D = dt.date
Wanted = Callable[[StepView], bool]


#: Oostzaan art. 2.2 lid 1 sub b: alleged facts well within four years of a 2026 melding.
RECENT = {"datum_vermeende_feiten": "2025-06-01"}


@functools.cache
def shipped(name: str) -> Protocol:
    result = load_protocol(ROOT / "protocols" / name)
    assert result.protocol is not None, [f.render() for f in result.findings[:5]]
    return result.protocol


def kind(value: str) -> Wanted:
    return lambda view: view.kind.value == value


def step(step_id: str) -> Wanted:
    return lambda view: view.id == step_id


def end(view: StepView) -> bool:
    return view.end


def drive(case: Case, wanted: Wanted, day: dt.date) -> OpenStep | Closing:
    """Record outcomes (dated ``day``) along the shortest way to the nearest step that
    ``wanted`` accepts; that step, open, or the closing when it is the end."""
    graph = route_graph(case.protocol, case.scenario)
    while True:
        if case.closed is not None:
            assert wanted(graph.nodes[case.closed.step]["view"]), case.trace()
            return case.closed
        [(here, _)] = case.accepts().items()
        if wanted(graph.nodes[here]["view"]):
            [open_step] = case.open_steps(as_of=day)
            return open_step
        paths = nx.single_source_shortest_path(graph, here)
        targets = [n for n in paths if n != here and wanted(graph.nodes[n]["view"])]
        assert targets, f"nothing wanted is reachable from '{here}'"
        target = min(targets, key=lambda n: (len(paths[n]), n))
        outcome = min(k for _, t, k in graph.out_edges(here, keys=True) if t == paths[target][1])
        case.record(here, outcome, day)


def through_cli(case: Case, tmp_path: Path, protocol_file: str, as_of: str,
                capsys: pytest.CaptureFixture[str]) -> dict:
    """The same case as CASE.yaml through ``protocolkit simulate --format json``."""
    record = case.to_dict()
    scenario = dict(record["scenario"])
    lines = ["scenario: " + json.dumps(scenario), f"opened: {record['opened']}",
             f"received: {record['received']}", "facts: " + json.dumps(record["facts"]),
             "events:"]
    lines += [f"  - {json.dumps(e)}" for e in record["events"]]
    path = tmp_path / "case.yaml"
    path.write_text("\n".join(lines) + "\n")
    code = main(["simulate", str(ROOT / "protocols" / protocol_file), str(path),
                 "--format", "json", "--as-of", as_of])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    # simulate's trace is the engine's, each entry with the proposal it rests on (a
    # concept's open answer taken from another text), the title of where it led and the
    # outcome's label added.
    titles = {s.id: s.title for s in case.protocol.steps}
    labels = {(s.id, o.id): o.label or o.id.replace("_", " ")
              for s in case.protocol.steps for o in s.outcomes}
    assert [{k: v for k, v in e.items() if k not in ("proposal", "offers")}
            for e in data["trace"]] == [
        {**t.to_dict(), "next_title": titles.get(t.next or ""),
         "outcome_label": labels[t.step, t.outcome] if t.outcome else None}
        for t in case.trace()]
    assert all(e["proposal"] is None or e["proposal"]["name"] for e in data["trace"])
    assert [{k: v for k, v in s.items() if k != "offers"} for s in data["open_steps"]] == [
        {**s.to_dict(), "outcomes": [{**o, "next_title": titles[o["next"]],
                                      "track_titles": [titles[t] for t in o["tracks"]]}
                                     for o in s.to_dict()["outcomes"]],
         "runs_from": s.to_dict()["runs_from"] and {**s.to_dict()["runs_from"],
                                                    "title": titles.get(s.runs_from or "")}}
        for s in case.open_steps(as_of=as_of)]
    assert data["closed"] == (case.closed.to_dict() if case.closed else data["closed"])
    return data


@pytest.fixture
def engine() -> CaseEngine:
    engine = CaseEngine(max_live=32)
    yield engine
    engine.close()


# --------------------------------------------------------------------------- Oostzaan


def test_oostzaan_melding_on_friday_before_christmas(engine: CaseEngine,
                                                     capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    # Art. 2.1 lid 4: "De melder ontvangt binnen tien werkdagen na zijn melding een
    # schriftelijke ontvangstbevestiging". Melding on Friday 19 December 2025; counted by
    # hand: 22, 23, 24 December (3), 25 and 26 are Christmas, 29, 30, 31 (6), 1 January
    # is New Year's Day, Friday 2 January (7: the decree said to equate it could not be
    # cited, docs/format.md), 5, 6, 7 January (10): due Wednesday 7 January 2026.
    protocol = shipped("oostzaan.yaml")
    case = engine.open(protocol, {"reporter": "burger", "subject": "wethouder",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2025-12-19")
    assert case.open_steps()[0].counterpart == "burgemeester"      # art. 2.1 lid 1
    ack = drive(case, step("ontvangstbevestiging"), D(2025, 12, 19))
    assert isinstance(ack, OpenStep)
    assert (ack.actor, ack.counterpart) == ("burgemeester", "burger")
    assert ack.due == D(2026, 1, 7) and ack.deadline == "10 werkdagen na ontvangst"
    assert not case.open_steps(as_of="2026-01-07")[0].overdue
    assert case.open_steps(as_of="2026-01-08")[0].overdue
    data = through_cli(case, tmp_path, "oostzaan.yaml", "2026-01-09", capsys)
    assert data["open_steps"][0]["due"] == "2026-01-07" and data["open_steps"][0]["overdue"]


def test_oostzaan_case_about_a_wethouder_from_melding_to_its_end(
        engine: CaseEngine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    protocol = shipped("oostzaan.yaml")
    # art. 2.2 lid 1 sub b: facts of 2025, well within four years of the melding
    case = engine.open(protocol, {"reporter": "burger", "subject": "wethouder",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2026-02-02", facts=RECENT)
    # art. 2.2 lid 1: the burgemeester tests admissibility
    toets = drive(case, kind("ontvankelijkheid"), D(2026, 2, 3))
    assert toets.actor == "burgemeester"
    # art. 3.2 lid 1, 3.3 lid 1: eerste screening, the burgemeester concludes, heard the
    # integriteitscommissie (art. 1.1 lid 4)
    screening = drive(case, kind("vooronderzoek"), D(2026, 2, 16))
    assert screening.actor == "burgemeester" and "integriteitscommissie" in screening.consulted
    assert screening.counterpart == "wethouder"                     # art. 3.2 lid 3: heard
    # art. 4.1 lid 4: a wethouder is the subject, so the other college members are told
    college = drive(case, lambda v: "college" in [r.role for r in v.informed], D(2026, 3, 2))
    assert college.actor == "burgemeester"
    # art. 4.2 lid 2-3: the burgemeester orders the feitenonderzoek, heard the klankbordgroep
    opdracht = drive(case, kind("onderzoeksopdracht"), D(2026, 3, 9))
    assert (opdracht.actor, opdracht.counterpart) == ("burgemeester", "onderzoeker")
    assert "klankbordgroep" in opdracht.consulted
    onderzoek = drive(case, kind("onderzoek"), D(2026, 3, 12))
    assert onderzoek.actor == "onderzoeker"                         # art. 4.2 lid 1: extern
    # art. 4.4 lid 8, 10: the raad receives the rapportage and weighs it
    aanbieding = drive(case, lambda v: "gemeenteraad" in [r.role for r in v.informed],
                       D(2026, 5, 4))
    assert aanbieding.actor == "burgemeester"
    oordeel = drive(case, kind("oordeel"), D(2026, 5, 11))
    assert oordeel.actor == "gemeenteraad"
    # art. 5.1 lid 2 sub f: schorsing and (recommending) dismissal, for college members
    sanctie = drive(case, lambda v: v.kind.value == "sanctie"
                    and v.actor.role == "gemeenteraad", D(2026, 5, 28))
    assert any("schorsing" in s for s in protocol.step(sanctie.step).sanctions)
    # art. 5.1 lid 3: the wethouder may offer a public apology himself
    excuus = drive(case, lambda v: v.kind.value == "sanctie" and v.actor.role == "wethouder",
                   D(2026, 6, 4))
    assert excuus.actor == "wethouder"
    closing = drive(case, end, D(2026, 6, 11))
    assert isinstance(closing, Closing) and closing.date == D(2026, 6, 11)
    # art. 5.2: the raad reflects before the case is closed
    assert "evaluatie" in [t.kind for t in case.trace()]
    assert case.trace()[0].actor == "burger" and case.trace()[-1].step == closing.step
    through_cli(case, tmp_path, "oostzaan.yaml", "2026-06-30", capsys)


def test_oostzaan_melding_about_the_burgemeester(engine: CaseEngine,
                                                 capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    # Art. 2.1 lid 7: meldingen about the burgemeester go via the griffier to the
    # voorzitter van de vertrouwenscommissie, who takes the burgemeester's place; the
    # vertrouwenscommissie takes the klankbordgroep's place and decides on secrecy.
    protocol = shipped("oostzaan.yaml")
    case = engine.open(protocol, {"reporter": "raadslid", "subject": "burgemeester",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2026-03-02", facts=RECENT)
    [melding] = case.open_steps()
    assert melding.counterpart == "griffier"
    assert "voorzitter_vertrouwenscommissie" in melding.informed
    ack = drive(case, kind("informeren"), D(2026, 3, 2))
    assert (ack.actor, ack.stands_in_for) == ("voorzitter_vertrouwenscommissie", "burgemeester")
    assert ack.due == D(2026, 3, 16)                                # 10 werkdagen, art. 2.1 lid 4
    screening = drive(case, kind("vooronderzoek"), D(2026, 3, 9))
    assert screening.actor == "voorzitter_vertrouwenscommissie"
    assert screening.counterpart == "burgemeester"                  # heard as himself
    opdracht = drive(case, kind("onderzoeksopdracht"), D(2026, 3, 30))
    assert opdracht.actor == "voorzitter_vertrouwenscommissie"
    assert "vertrouwenscommissie" in opdracht.consulted and "klankbordgroep" not in opdracht.consulted
    secrecy = drive(case, lambda v: v.actor.role == "vertrouwenscommissie"
                    and v.phase == "feitenonderzoek" and v.kind.value != "advies", D(2026, 5, 18))
    assert secrecy.actor == "vertrouwenscommissie"                  # art. 2.1 lid 7, 4.4 lid 9
    assert drive(case, kind("oordeel"), D(2026, 5, 25)).actor == "gemeenteraad"
    closing = drive(case, end, D(2026, 6, 22))
    assert isinstance(closing, Closing)
    assert "burgemeester" not in {t.actor for t in case.trace()
                                  if t.kind in ("vooronderzoek", "onderzoeksopdracht")}
    through_cli(case, tmp_path, "oostzaan.yaml", "2026-06-30", capsys)


# --------------------------------------------------------------------------- Arnhem


def test_arnhem_raadslid_about_a_wethouder_from_melding_to_its_end(
        engine: CaseEngine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    protocol = shipped("arnhem.yaml")
    case = engine.open(protocol, {"reporter": "raadslid", "subject": "wethouder",
                                  "act": "uitgevoerd"}, "2026-02-02")
    # Fase 1, 1.3 b: the raadslid first asks the griffier for advice, then reports to
    # the burgemeester
    assert case.open_steps()[0].actor == "griffier"
    melding = drive(case, kind("melding"), D(2026, 2, 4))
    assert melding.counterpart == "burgemeester"
    # Fase 2, 1.1: the burgemeester's vooronderzoek takes at most four weeks
    voor = drive(case, kind("vooronderzoek"), D(2026, 2, 9))
    assert voor.actor == "burgemeester"
    assert (voor.since, voor.due) == (D(2026, 2, 9), D(2026, 3, 9))
    assert case.open_steps(as_of="2026-03-10")[0].overdue
    # Fase 2, 2.1: the burgemeester orders the integriteitsonderzoek; the presidium is
    # informed in confidence
    opdracht = drive(case, kind("onderzoeksopdracht"), D(2026, 3, 6))
    assert opdracht.actor == "burgemeester" and "presidium" in opdracht.informed
    # Fase 2, 2.1: at most eight weeks
    onderzoek = drive(case, kind("onderzoek"), D(2026, 3, 13))
    assert onderzoek.actor == "onderzoeker"
    assert onderzoek.due == D(2026, 3, 13) + dt.timedelta(weeks=8) == D(2026, 5, 8)
    # Fase 2, 2.1: hoor en wederhoor on the concept report, with the wethouder
    wederhoor = drive(case, kind("wederhoor"), D(2026, 5, 1))
    assert wederhoor.counterpart == "wethouder"
    # Fase 3: the gemeenteraad judges a wethouder and decides on a sanction
    assert drive(case, kind("oordeel"), D(2026, 5, 20)).actor == "gemeenteraad"
    sanctie = drive(case, kind("sanctie"), D(2026, 5, 28))
    assert sanctie.actor == "gemeenteraad"
    assert "schorsing_ontslag" in protocol.step(sanctie.step).sanctions
    closing = drive(case, end, D(2026, 6, 30))
    assert isinstance(closing, Closing)
    # Fase 4: evaluation and registration before the case is closed
    assert {"evaluatie", "registratie"} <= {t.kind for t in case.trace()}
    through_cli(case, tmp_path, "arnhem.yaml", "2026-07-01", capsys)


def test_arnhem_the_cvdk_handles_the_burgemeester(engine: CaseEngine,
                                                  capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    # Fase 2, 1.2: "Bij een vermoeden van een integriteitsschending door de burgemeester
    # is de CvdK eindverantwoordelijk"; 2.2: the investigation is left to the CvdK.
    protocol = shipped("arnhem.yaml")
    case = engine.open(protocol, {"reporter": "raadslid", "subject": "burgemeester",
                                  "act": "uitgevoerd"}, "2026-02-02")
    melding = drive(case, kind("melding"), D(2026, 2, 5))
    assert melding.counterpart == "cvdk"                           # Fase 1, 1.4 b
    assert drive(case, kind("vooronderzoek"), D(2026, 2, 10)).actor == "cvdk"
    assert drive(case, kind("onderzoeksopdracht"), D(2026, 3, 2)).actor == "cvdk"
    onderzoek = drive(case, kind("onderzoek"), D(2026, 3, 9))
    # 2.2 names no onderzoeker (those of 2.1 are about a raadslid, wethouder or griffier)
    assert (onderzoek.actor, onderzoek.counterpart) == ("cvdk", "burgemeester")
    assert drive(case, kind("zwaarte_oordeel"), D(2026, 4, 27)).actor == "cvdk"
    closing = drive(case, end, D(2026, 5, 18))
    assert isinstance(closing, Closing)
    deciders = {t.actor for t in case.trace() if t.kind in
                ("ontvankelijkheid", "vooronderzoek", "onderzoeksopdracht", "zwaarte_oordeel")}
    assert deciders == {"cvdk"}
    through_cli(case, tmp_path, "arnhem.yaml", "2026-05-20", capsys)


# --------------------------------------------------------------------------- Aalsmeer


def test_aalsmeer_draft_case_from_melding_to_its_end(engine: CaseEngine,
                                                     capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    # Plan van aanpak, Stap 4: the routes say who acts when; Bijlage 1: the stuurgroep
    # has no investigating or judging role in meldingen.
    protocol = shipped("aalsmeer_draft.yaml")
    case = engine.open(protocol, {"reporter": "raadslid", "subject": "wethouder",
                                  "act": "uitgevoerd"}, "2026-02-02")
    assert drive(case, kind("melding"), D(2026, 2, 3)).counterpart == "burgemeester"
    assert drive(case, kind("vooronderzoek"), D(2026, 2, 9)).actor == "burgemeester"
    assert drive(case, kind("onderzoek"), D(2026, 3, 2)).actor == "onderzoeker"
    assert drive(case, kind("oordeel"), D(2026, 4, 20)).actor == "gemeenteraad"
    assert drive(case, kind("sanctie"), D(2026, 4, 27)).actor == "gemeenteraad"
    closing = drive(case, end, D(2026, 5, 11))
    assert isinstance(closing, Closing)
    for entry in case.trace():
        if entry.kind in ("vooronderzoek", "onderzoek", "wederhoor", "rapportage",
                          "zwaarte_oordeel", "oordeel", "sanctie"):
            assert entry.actor != "stuurgroep", entry
    through_cli(case, tmp_path, "aalsmeer_draft.yaml", "2026-05-12", capsys)


# --------------------------------------------------------------------------- together


def test_the_shipped_protocols_run_side_by_side(engine: CaseEngine) -> None:
    protocols = [shipped(n) for n in ("arnhem.yaml", "oostzaan.yaml", "aalsmeer_draft.yaml")]
    cases = [engine.open(p, {"reporter": "raadslid", "subject": "wethouder",
                             "act": "uitgevoerd",
                             "attributes": {"aanleiding": "vermoeden"}
                             if "aanleiding" in p.scenarios.attributes else {}},
                         "2026-02-02", case_id=f"{p.protocol.municipality}-{i}",
                         facts=RECENT if p.facts else None)
             for i in range(3) for p in protocols]
    for case in cases:
        drive(case, kind("vooronderzoek"), D(2026, 2, 9))
    assert len(engine.stats()) == 3
    for case in cases:
        [open_step] = case.open_steps()
        assert open_step.kind == "vooronderzoek" and open_step.actor == "burgemeester"
        assert {f.get("s_reporter") for f in case.facts()} <= {"raadslid", None}


def test_the_christmas_case_file_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    # tests/data/cases/oostzaan_kerst.yaml: art. 2.1 lid 4, ten werkdagen from Friday
    # 19 December 2025 is Wednesday 7 January 2026 (2 January counts: no cited decree).
    code = main(["simulate", str(ROOT / "protocols" / "oostzaan.yaml"),
                 str(ROOT / "tests" / "data" / "cases" / "oostzaan_kerst.yaml"),
                 "--as-of", "2026-01-09", "--lang", "nl"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert ("Uiterlijk: wo 2026-01-07 (10 werkdagen na ontvangst, art. 2.1 lid 4); loopt vanaf "
            "vr 2025-12-19 (ontvangst van de melding) - TE LAAT") in out
    assert "Wie: Burgemeester, wendt zich tot Inwoner, bedrijf of instelling (melder)" in out


def test_the_trace_says_when_a_closed_step_was_due_and_that_it_closed_late(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Audit 10, A6: Arnhem Fase 2, 1.1 "De termijn voor het uitvoeren van een
    vooronderzoek is maximaal vier weken": a melding of vr 24-4-2026 is due on 22-5; a
    vooronderzoek closed on 29-5 was late, which the trace did not say (text or JSON)."""
    case = tmp_path / "a6.yaml"
    case.write_text(
        "scenario: {reporter: burger, subject: raadslid, act: uitgevoerd}\n"
        "opened: 2026-04-24\nevents:\n"
        "  - {step: melding_fase2, outcome: gemeld, date: 2026-04-24}\n"
        "  - {step: vooronderzoek, outcome: onderzoekswaardig, date: 2026-05-29}\n"
        "  - {step: onderzoeksopdracht, outcome: opdracht_verleend, date: 2026-06-01}\n",
        encoding="utf-8")
    arnhem = str(ROOT / "protocols" / "arnhem.yaml")
    assert main(["simulate", arnhem, str(case), "--as-of", "2026-08-01", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    [line] = [x for x in out.splitlines() if "[vooronderzoek]" in x]
    assert "op vr 2026-05-29, uiterlijk vr 2026-05-22 - TE LAAT -> " in line
    [line] = [x for x in out.splitlines() if "[onderzoeksopdracht]" in x]
    assert "uiterlijk" not in line and "TE LAAT" not in line      # no deadline there
    assert main(["simulate", arnhem, str(case), "--as-of", "2026-08-01",
                 "--format", "json"]) == 0
    trace = {e["step"]: e for e in json.loads(capsys.readouterr().out)["trace"]}
    assert (trace["vooronderzoek"]["due"], trace["vooronderzoek"]["overdue"]) == (
        "2026-05-22", True)
    assert (trace["melding_fase2"]["due"], trace["melding_fase2"]["overdue"]) == (None, False)
    # the step still open is not judged in the trace: its due date and lateness as of
    # --as-of are in the open steps
    assert trace["onderzoek"]["overdue"] is False and trace["onderzoek"]["due"] == "2026-07-27"
