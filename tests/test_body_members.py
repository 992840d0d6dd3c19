"""A body's members know what the body is told (Oostzaan's integriteitscommissie).

Oostzaan art. 3.1 lid 2: "De integriteitscommissie wordt samengesteld door de
burgemeester en bestaat uit de gemeentesecretaris en de griffier en – desgewenst – (een)
externe adviseur(s)." Art. 1.1 lid 2 says of the raadsgriffier and the
gemeentesecretaris: "Maken deel uit van de integriteitscommissie", and lid 4 of the
commissie: "Bestaat uit de raadsgriffier en de gemeentesecretaris en indien gewenst
externe professionele expertise." A commission that consists of these two officials is
told nothing they are not told: what ``--as integriteitscommissie`` may know, ``--as
griffier`` and ``--as gemeentesecretaris`` may know. Art. 2.1 lid 6 speaks of "de
personen die de eerste screening uitvoeren" - persons, not a body apart from them.

Art. 3.1 lid 3: an involved griffier or gemeentesecretaris "wordt zo nodig vervangen
door medewerkers uit de ambtelijke organisatie of van de griffie": he then has no seat,
and learns nothing through it; who takes his seat does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.engine import CaseEngine
from protocolkit.engine.case import Case
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario
from protocolkit.semantics.disclosure import bodies_of
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN_PATH = ROOT / "protocols" / "oostzaan.yaml"
SCREENING = ROOT / "tests" / "data" / "cases" / "oostzaan_screening.yaml"
STEPS = [("melding", "gemeld"), ("ontvangstbevestiging", "bevestigd"),
         ("ontvankelijkheidstoets", "ontvankelijk"),
         ("advies_eerste_screening", "geadviseerd")]


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    protocol = load_protocol(OOSTZAAN_PATH).protocol
    assert protocol is not None
    return protocol


def _screened(protocol: Protocol, engine: CaseEngine, involved: str = "geen") -> Case:
    case = engine.open(protocol, {"reporter": "raadslid", "subject": "wethouder",
                                  "act": "uitgevoerd",
                                  "attributes": {"aanleiding": "vermoeden",
                                                 "betrokken_functionaris": involved}},
                       "2026-04-20", facts={"datum_vermeende_feiten": "2026-01-05"})
    for step, outcome in STEPS:
        case.record(step, outcome, "2026-04-28")
    return case


def test_the_members_are_the_commission(oostzaan: Protocol) -> None:
    commission = oostzaan.role("integriteitscommissie")
    assert commission is not None
    assert {"griffier", "gemeentesecretaris"} <= set(commission.members)
    assert {"art. 1.1 lid 4", "art. 3.1 lid 2"} <= set(commission.source)


@pytest.mark.parametrize("member", ["griffier", "gemeentesecretaris"])
def test_a_member_knows_what_the_commission_knows(oostzaan: Protocol, member: str) -> None:
    engine = CaseEngine(max_live=2)
    case = _screened(oostzaan, engine)
    body = case.view("integriteitscommissie")
    seen = case.view(member)
    assert body["knows_case"] and body["melder"] == "raadslid"
    assert seen["knows_case"] and seen["knows"] == body["knows"]
    assert seen["melder"] == "raadslid" and seen["subject"] == "wethouder"
    assert [r["step"] for r in seen["route"]] == [r["step"] for r in body["route"]]
    engine.close()


def test_nobody_else_learns_through_the_commission(oostzaan: Protocol) -> None:
    engine = CaseEngine(max_live=2)
    case = _screened(oostzaan, engine)
    # The betrokkene is heard but does not learn who reported (art. 2.1 lid 6).
    assert case.view("betrokkene")["melder"] == "melder"
    assert case.view("klankbordgroep")["knows_case"] is False
    engine.close()


def test_a_replaced_member_learns_nothing_through_his_seat(oostzaan: Protocol) -> None:
    scenario = Scenario("raadslid", "wethouder", "uitgevoerd",
                        attributes={"aanleiding": "vermoeden",
                                    "betrokken_functionaris": "griffier"})
    assert bodies_of(oostzaan, scenario, "griffier") == []
    assert bodies_of(oostzaan, scenario, "griffiemedewerker") == ["integriteitscommissie"]
    engine = CaseEngine(max_live=2)
    case = _screened(oostzaan, engine, involved="griffier")
    assert case.view("griffier").get("melder") != "raadslid"
    assert case.view("griffiemedewerker")["melder"] == "raadslid"
    engine.close()


def test_a_role_many_hold_is_no_seat(oostzaan: Protocol) -> None:
    # The gemeenteraad's members include every raadslid, but a body of raadsleden (the
    # vertrouwenscommissie, the own fractie) does not hold every raadslid.
    scenario = Scenario("burger", "burgemeester", "uitgevoerd",
                        attributes={"aanleiding": "vermoeden"})
    assert bodies_of(oostzaan, scenario, "raadslid") == []


def test_simulate_as_griffier_shows_the_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "simulate", "--lang", "nl", str(OOSTZAAN_PATH),
                           str(SCREENING), "--as-of", "2026-05-04", "--as", "griffier")
    assert code == 0
    assert "melder: raadslid; betreft: wethouder" in out
